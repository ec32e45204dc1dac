import type { Device } from "../device.ts"
import type { Process, ProcessBody, Simulation } from "../../sim/index.ts"
import { formatIPv4 } from "./address.ts"
import { EPHEMERAL_FIRST, EPHEMERAL_LAST, UDP_RECV_QUEUE } from "./constants.ts"
import type { LinkSpec } from "./link.ts"
import { ACK, SYN, type IpPacket, type TcpSegment } from "./packet.ts"
import type { Network } from "./network.ts"
import { TcpConnection, connKey, sendReset } from "./tcp.ts"
import type { TcpListener } from "./tcp-listener.ts"
import { UdpEndpoint } from "./udp.ts"

/** Options of a host on the network. */
export interface HostOptions {
  /** UDP receive queue, datagrams. */
  readonly udpRecvQueue?: number
  /** TCP receive buffer (window), bytes; default lwIP's 4·MSS. */
  readonly tcpRcvBuf?: number
  /** TCP send buffer, bytes; default lwIP's 2·MSS. */
  readonly tcpSndBuf?: number
  /**
   * Properties of the links to and from this host, over the network's defaults
   * (e.g. an internet host's wide-area latency); `Network.setLink` with a
   * selector still overrides them pair by pair.
   */
  readonly link?: Partial<LinkSpec>
}

/**
 * Opens a port nobody holds when the first packet for it arrives: returns the
 * listener (TCP) or endpoint (UDP) that takes the packet, or undefined to let
 * the host answer as for a closed port (RST for TCP, a `udp.drop` for UDP).
 */
export type PortOpener<T> = (port: number, from: number) => T | undefined

/**
 * A node's IPv4 interface: its address, its UDP ports and TCP connections, and
 * the programs it runs (so that a crash can stop them). A crash drops all of
 * its protocol state silently; `epoch` counts restarts so that sockets opened
 * before a crash know they are dead.
 */
export class IpHost {
  readonly udp = new Map<number, UdpEndpoint>()
  readonly listeners = new Map<number, TcpListener>()
  readonly conns = new Map<string, TcpConnection>()
  /** TCP ports reserved by bound sockets (port → count). */
  readonly tcpBound = new Map<number, number>()
  crashed = false
  epoch = 0
  private up = true
  private unboundTcp: PortOpener<TcpListener> | undefined = undefined
  private unboundUdp: PortOpener<UdpEndpoint> | undefined = undefined
  private nextPort = EPHEMERAL_FIRST
  private nextFd = 3
  private readonly programs = new Set<Process>()
  readonly udpRecvQueue: number
  readonly tcpRcvBuf: number | undefined
  readonly tcpSndBuf: number | undefined

  constructor(
    readonly network: Network,
    readonly name: string,
    readonly ip: number,
    readonly device: Device | undefined,
    options: HostOptions = {},
  ) {
    this.udpRecvQueue = options.udpRecvQueue ?? UDP_RECV_QUEUE
    this.tcpRcvBuf = options.tcpRcvBuf
    this.tcpSndBuf = options.tcpSndBuf
  }

  get world(): Simulation {
    return this.network.world
  }

  /** The dotted-quad address. */
  get address(): string {
    return formatIPv4(this.ip)
  }

  /** Is the host's IP link up (default)? While down, nothing is sent or received (see {@link setLinkUp}). */
  get linkUp(): boolean {
    return this.up
  }

  /**
   * Brings the interface's link up or down (traced `ip.link`, `up` true/false,
   * on a change), as a Wi-Fi association or cellular attach coming and going.
   * While down, packets the host sends and packets sent to it are dropped
   * (reason "link-down"), and the usocket layer raises what lwIP raises when no
   * netif is up: connect / sendto → EHOSTUNREACH (ERR_RTE), getaddrinfo of a
   * name fails. Established connections stay: their retransmission timers run.
   */
  setLinkUp(up: boolean): void {
    if (up === this.up) return
    this.up = up
    this.world.log(this.name, "ip.link", { up, state: up ? "up" : "down" })
  }

  /**
   * Lets TCP connections to any port be accepted: a SYN for a port with no
   * listener first calls `opener(port, from)`, which may create a listener
   * (e.g. bind and listen a socket); the SYN then goes to it. Other segments
   * for ports nobody holds are answered with RST as usual.
   */
  onUnboundTcp(opener: PortOpener<TcpListener> | undefined): void {
    this.unboundTcp = opener
  }

  /** The UDP counterpart of {@link onUnboundTcp}: a datagram for an unbound port first calls `opener(port, from)`. */
  onUnboundUdp(opener: PortOpener<UdpEndpoint> | undefined): void {
    this.unboundUdp = opener
  }

  /** Runs a program on this host; a crash interrupts it. */
  run<R>(body: () => ProcessBody<R>, name = "main"): Process<R> {
    const p = this.world.spawn(body, { node: this.name, name })
    this.programs.add(p as Process)
    return p
  }

  /** A new file-descriptor-like number for `fileno()`. */
  allocFd(): number {
    return this.nextFd++
  }

  /** Is a TCP port taken (bound, listening, or used by a connection; TIME_WAIT only counts without reuse)? */
  tcpPortInUse(port: number, reuseAddr: boolean): boolean {
    if ((this.tcpBound.get(port) ?? 0) > 0 || this.listeners.has(port)) return true
    for (const c of this.conns.values()) if (c.localPort === port && !(reuseAddr && c.state === 10)) return true
    return false
  }

  /** The next free ephemeral port (lwIP's sequential allocation from 0xc000). */
  ephemeralPort(proto: "tcp" | "udp"): number {
    for (let i = 0; i <= EPHEMERAL_LAST - EPHEMERAL_FIRST; i++) {
      const p = this.nextPort
      this.nextPort = p >= EPHEMERAL_LAST ? EPHEMERAL_FIRST : p + 1
      if (proto === "udp" ? !this.udp.has(p) : !this.tcpPortInUse(p, false)) return p
    }
    return 0
  }

  /** Sends an IP packet from this host (dropped while crashed). */
  send(packet: IpPacket): void {
    if (this.crashed) return
    this.network.transmit(this, packet)
  }

  /** Sends a TCP segment to `dst`. */
  sendTcp(dst: number, seg: TcpSegment): void {
    this.send({ src: this.ip, dst, payload: seg, wireBytes: 40 + seg.data.length, fragments: 1 })
  }

  /** Demultiplexes an arriving packet. */
  receive(packet: IpPacket): void {
    if (this.crashed) return
    const p = packet.payload
    if (p.proto === "udp") {
      let ep = this.udp.get(p.dstPort)
      if (ep === undefined && this.unboundUdp !== undefined) ep = this.open(this.udp, this.unboundUdp, p.dstPort, packet.src)
      if (ep === undefined) {
        this.world.log(this.name, "udp.drop", { reason: "no-port", port: p.dstPort, from: formatIPv4(packet.src) })
        return
      }
      if (!ep.deliver({ data: p.data, srcIp: packet.src, srcPort: p.srcPort })) {
        this.world.log(this.name, "udp.drop", { reason: "rcvbuf", port: p.dstPort, bytes: p.data.length })
        this.world.metrics.inc("udp.drop.rcvbuf")
      }
      return
    }
    const conn = this.conns.get(connKey(p.dstPort, packet.src, p.srcPort))
    if (conn !== undefined) {
      conn.input(p)
      return
    }
    let listener = this.listeners.get(p.dstPort)
    if (listener === undefined && this.unboundTcp !== undefined && p.flags & SYN && !(p.flags & ACK)) listener = this.open(this.listeners, this.unboundTcp, p.dstPort, packet.src)
    if (listener !== undefined) {
      listener.input(packet.src, p)
      return
    }
    sendReset(this, packet.src, p)
  }

  /** Calls a port opener and registers what it returns under the port (if it did not already). */
  private open<T>(table: Map<number, T>, opener: PortOpener<T>, port: number, from: number): T | undefined {
    const made = opener(port, from)
    if (made !== undefined && !table.has(port)) table.set(port, made)
    return made
  }

  /** Crash: every socket, connection and program vanishes without a packet sent. */
  crash(): void {
    this.crashed = true
    this.epoch++
    // Stop the host's programs first, so that no socket wake-up below reaches them.
    const programs = [...this.programs]
    this.programs.clear()
    for (const p of programs) p.interrupt("host crash")
    for (const c of [...this.conns.values()]) c.vanish()
    for (const l of this.listeners.values()) l.notifier.notify()
    this.conns.clear()
    this.listeners.clear()
    for (const u of this.udp.values()) u.notifier.notify()
    this.udp.clear()
    this.tcpBound.clear()
    this.device?.hostCrashed()
  }

  /** Restart after a crash: empty tables, packets accepted again (unknown connections get RST). */
  restart(): void {
    this.crashed = false
    this.device?.hostRestarted()
  }
}

export { connKey }
