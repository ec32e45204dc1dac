import type { EventHandler, Micros, Simulation } from "../../sim/index.ts"
import { Device } from "../device.ts"
import { formatIPv4, parseIPv4 } from "./address.ts"
import { DnsTable } from "./dns.ts"
import { IpHost, type HostOptions } from "./host.ts"
import { DEFAULT_LINK, DirectedLink, type Jitter, type LinkSpec } from "./link.ts"
import type { IpPacket } from "./packet.ts"

/** A host given by name, dotted address, host object or device. */
export type HostRef = string | IpHost | Device

/** Options of a network. */
export interface NetworkOptions {
  /** Name used for the network's own trace lines (default "net"). */
  readonly name?: string
  /** Properties of every link not set explicitly. */
  readonly link?: Partial<LinkSpec>
  /** Trace every packet sent and delivered (`ip.tx`, `ip.rx`); drops and faults are always traced. */
  readonly tracePackets?: boolean
}

/** Which links a change applies to: all (default), or those from hosts in `from` to hosts in `to` (both ways unless `oneWay`). */
export interface LinkSelector {
  readonly from?: readonly HostRef[]
  readonly to?: readonly HostRef[]
  readonly oneWay?: boolean
  /** Apply at this sim time instead of now. */
  readonly at?: Micros
}

const pairKey = (a: number, b: number): string => `${a}>${b}`

/**
 * Called for a packet to an address no host has; may create the host (e.g.
 * with `addHost`) and return it, and the packet is then delivered to it.
 */
export type UnknownDestinationHandler = (ip: number) => IpHost | undefined

/**
 * The simulated IP network: hosts with IPv4 addresses, a one-way link per
 * ordered host pair (latency, jitter, loss, bandwidth, MTU, queue), a DNS table,
 * and the fault controls property tests drive: partition/heal, one-way
 * partition, hold/release, loss and latency changes at a sim time, host crash
 * and restart. Every fault is traced (`fault.*` on the network's node).
 * Packets are dropped (traced `ip.drop` with the reason, metric
 * `ip.drop.<reason>`) when their sender's or receiver's link is down
 * ("link-down", see `IpHost.setLinkUp`) or no host has the destination
 * ("no-route") — unless an {@link onUnknownDestination} handler creates one.
 */
export class Network implements EventHandler {
  readonly dns = new DnsTable()
  readonly name: string
  private readonly hostsByIp = new Map<number, IpHost>()
  private readonly hostsByName = new Map<string, IpHost>()
  private readonly links = new Map<string, DirectedLink>()
  private readonly overrides = new Map<string, LinkSpec>()
  private defaultSpec: LinkSpec
  private readonly blocked = new Set<string>()
  private readonly held = new Map<string, IpPacket[]>()
  private readonly tracePackets: boolean
  /** Per-host link properties (HostOptions.link), applied to every link to or from the host. */
  private readonly hostLinks = new Map<number, Partial<LinkSpec>>()
  private unknownDestination: UnknownDestinationHandler | undefined = undefined

  constructor(
    readonly world: Simulation,
    options: NetworkOptions = {},
  ) {
    this.name = options.name ?? "net"
    this.defaultSpec = { ...DEFAULT_LINK, ...options.link }
    this.tracePackets = options.tracePackets ?? false
  }

  /**
   * Adds a host with address `ip`. Given a Device, the host is attached to it
   * under "ip" so that `device.socket(AF_INET, …)` finds it.
   */
  addHost(node: Device | string, ip: string, options: HostOptions = {}): IpHost {
    const addr = parseIPv4(ip)
    if (addr === undefined) throw new RangeError(`addHost: "${ip}" is not an IPv4 address`)
    if (this.hostsByIp.has(addr)) throw new RangeError(`addHost: ${ip} is already taken`)
    const device = node instanceof Device ? node : undefined
    const name = node instanceof Device ? node.name : node
    const host = new IpHost(this, name, addr, device, options)
    this.hostsByIp.set(addr, host)
    this.hostsByName.set(name, host)
    device?.attach("ip", host)
    if (options.link !== undefined) {
      this.hostLinks.set(addr, options.link)
      // Links to this address made before the host existed (a socket sized its MSS first) take its properties now.
      for (const [k, l] of this.links) {
        const [src, dst] = k.split(">").map(Number) as [number, number]
        if ((src === addr || dst === addr) && !this.overrides.has(k)) l.spec = this.specFor(src, dst)
      }
    }
    return host
  }

  /** The host with this name, if any. */
  hostNamed(name: string): IpHost | undefined {
    return this.hostsByName.get(name)
  }

  /**
   * Sets (or, with undefined, removes) the handler consulted when a packet goes
   * to an address no host has; without one, or when it returns undefined, the
   * packet is dropped with reason "no-route". See {@link UnknownDestinationHandler}.
   */
  onUnknownDestination(handler: UnknownDestinationHandler | undefined): void {
    this.unknownDestination = handler
  }

  /** The properties of the link src → dst when no pair override is set: defaults, then each end's host properties. */
  private specFor(src: number, dst: number): LinkSpec {
    const a = this.hostLinks.get(src)
    const b = this.hostLinks.get(dst)
    return a === undefined && b === undefined ? this.defaultSpec : { ...this.defaultSpec, ...a, ...b }
  }

  /** The host a reference names (throws RangeError for an unknown one: a scenario bug). */
  host(ref: HostRef): IpHost {
    if (ref instanceof IpHost) return ref
    if (ref instanceof Device) {
      const h = ref.get<IpHost>("ip")
      if (h === undefined) throw new RangeError(`device "${ref.name}" has no IP host`)
      return h
    }
    const h = this.hostsByName.get(ref) ?? this.hostsByIp.get(parseIPv4(ref) ?? -1)
    if (h === undefined) throw new RangeError(`no host "${ref}"`)
    return h
  }

  /** The host at an address, if any. */
  hostAt(ip: number): IpHost | undefined {
    return this.hostsByIp.get(ip)
  }

  /** All hosts, in the order they were added. */
  get hosts(): readonly IpHost[] {
    return [...this.hostsByIp.values()]
  }

  /** The one-way link from `src` to `dst` (created from the defaults on first use). */
  link(src: number, dst: number): DirectedLink {
    const key = pairKey(src, dst)
    let l = this.links.get(key)
    if (l === undefined) {
      l = new DirectedLink(this.overrides.get(key) ?? this.specFor(src, dst), this.world.rng(`ip/${this.name}/link/${formatIPv4(src)}>${formatIPv4(dst)}`))
      this.links.set(key, l)
    }
    return l
  }

  /** Sends a packet from `from` (called by hosts). */
  transmit(from: IpHost, packet: IpPacket): void {
    const w = this.world
    if (!from.linkUp) {
      this.drop(from, packet, "link-down")
      return
    }
    let dst = this.hostsByIp.get(packet.dst)
    if (dst === undefined && this.unknownDestination !== undefined) {
      this.unknownDestination(packet.dst)
      dst = this.hostsByIp.get(packet.dst)
    }
    if (dst === undefined) {
      this.drop(from, packet, "no-route")
      return
    }
    if (packet.src === packet.dst) {
      w.schedule(w.now, this, packet)
      return
    }
    if (packet.dst >>> 24 === 127) {
      // Loopback (RFC 1122 §3.2.1.3): back to the sender at once, from 127.0.0.1, so both ends of the connection agree on the address.
      const looped: IpPacket = { ...packet, src: packet.dst }
      w.schedule(w.now, () => from.receive(looped))
      return
    }
    const key = pairKey(packet.src, packet.dst)
    if (this.blocked.has(key)) {
      this.drop(from, packet, "partition")
      return
    }
    const held = this.held.get(key)
    if (held !== undefined) {
      held.push(packet)
      if (w.trace.enabled) w.log(from.name, "ip.hold", { to: formatIPv4(packet.dst), ...describe(packet) })
      return
    }
    this.offer(from, packet)
  }

  private offer(from: IpHost, packet: IpPacket): void {
    const w = this.world
    const v = this.link(packet.src, packet.dst).offer(w.now, packet.wireBytes, packet.fragments)
    if (!v.ok) {
      this.drop(from, packet, v.reason)
      return
    }
    if (this.tracePackets && w.trace.enabled) w.log(from.name, "ip.tx", { to: formatIPv4(packet.dst), at: v.arrival, ...describe(packet) })
    w.schedule(v.arrival, this, packet)
  }

  private drop(from: IpHost, packet: IpPacket, reason: string): void {
    this.world.metrics.inc(`ip.drop.${reason}`)
    if (this.world.trace.enabled) this.world.log(from.name, "ip.drop", { reason, to: formatIPv4(packet.dst), ...describe(packet) })
  }

  /** Kernel entry: a packet arrives. */
  onEvent(data: unknown): void {
    const packet = data as IpPacket
    const dst = this.hostsByIp.get(packet.dst)
    if (dst === undefined) return
    if (dst.crashed || !dst.linkUp) {
      const reason = dst.crashed ? "crashed" : "link-down"
      this.world.metrics.inc(`ip.drop.${reason}`)
      if (this.world.trace.enabled) this.world.log(dst.name, "ip.drop", { reason, from: formatIPv4(packet.src), ...describe(packet) })
      return
    }
    if (this.tracePackets && this.world.trace.enabled) this.world.log(dst.name, "ip.rx", { from: formatIPv4(packet.src), ...describe(packet) })
    dst.receive(packet)
  }

  // ---- faults -------------------------------------------------------------

  private pairs(a: readonly HostRef[], b: readonly HostRef[], oneWay: boolean): string[] {
    const out: string[] = []
    for (const x of a)
      for (const y of b) {
        const hx = this.host(x).ip
        const hy = this.host(y).ip
        if (hx === hy) continue
        out.push(pairKey(hx, hy))
        if (!oneWay) out.push(pairKey(hy, hx))
      }
    return out
  }

  private names(refs: readonly HostRef[]): string[] {
    return refs.map((r) => this.host(r).name)
  }

  private when(at: Micros | undefined, apply: () => void): void {
    if (at === undefined || at <= this.world.now) apply()
    else this.world.schedule(at, () => apply())
  }

  /** Cuts every link between `a` and `b`, both ways: packets are dropped (reason "partition"). */
  partition(a: readonly HostRef[], b: readonly HostRef[], at?: Micros): void {
    this.when(at, () => {
      for (const k of this.pairs(a, b, false)) this.blocked.add(k)
      this.world.log(this.name, "fault.partition", { a: this.names(a), b: this.names(b) })
    })
  }

  /** Cuts the links from `from` to `to` only (a one-way partition). */
  partitionOneWay(from: readonly HostRef[], to: readonly HostRef[], at?: Micros): void {
    this.when(at, () => {
      for (const k of this.pairs(from, to, true)) this.blocked.add(k)
      this.world.log(this.name, "fault.partition_one_way", { from: this.names(from), to: this.names(to) })
    })
  }

  /** Removes every partition (both kinds). */
  heal(at?: Micros): void {
    this.when(at, () => {
      this.blocked.clear()
      this.world.log(this.name, "fault.heal", {})
    })
  }

  /** Buffers packets between `a` and `b` (both ways) instead of sending them, until {@link release}. */
  hold(a: readonly HostRef[], b: readonly HostRef[], at?: Micros): void {
    this.when(at, () => {
      for (const k of this.pairs(a, b, false)) if (!this.held.has(k)) this.held.set(k, [])
      this.world.log(this.name, "fault.hold", { a: this.names(a), b: this.names(b) })
    })
  }

  /** Ends every hold and sends the buffered packets, in the order they were held, through their links. */
  release(at?: Micros): void {
    this.when(at, () => {
      const held = [...this.held.values()]
      this.held.clear()
      let n = 0
      for (const list of held)
        for (const p of list) {
          n++
          const from = this.hostsByIp.get(p.src)
          if (from !== undefined && !from.crashed) this.transmit(from, p)
        }
      this.world.log(this.name, "fault.release", { packets: n })
    })
  }

  /** Changes link properties (all links, or the selected ones) now or at `sel.at`. */
  setLink(patch: Partial<LinkSpec>, sel: LinkSelector = {}): void {
    this.when(sel.at, () => {
      if (sel.from === undefined && sel.to === undefined) {
        this.defaultSpec = { ...this.defaultSpec, ...patch }
        for (const [k, spec] of this.overrides) this.overrides.set(k, { ...spec, ...patch })
        for (const [ip, spec] of this.hostLinks) this.hostLinks.set(ip, { ...spec, ...patch })
        for (const [k, l] of this.links) {
          const [src, dst] = k.split(">").map(Number) as [number, number]
          l.spec = this.overrides.get(k) ?? this.specFor(src, dst)
        }
      } else {
        for (const k of this.pairs(sel.from ?? this.hosts, sel.to ?? this.hosts, sel.oneWay ?? false)) {
          const [src, dst] = k.split(">").map(Number) as [number, number]
          const spec = { ...(this.overrides.get(k) ?? this.specFor(src, dst)), ...patch }
          this.overrides.set(k, spec)
          const l = this.links.get(k)
          if (l !== undefined) l.spec = spec
        }
      }
      this.world.log(this.name, "fault.link", {
        ...patch,
        ...(sel.from !== undefined ? { from: this.names(sel.from) } : {}),
        ...(sel.to !== undefined ? { to: this.names(sel.to) } : {}),
      })
    })
  }

  /** Sets the loss probability (all links or the selected ones), now or at `sel.at`. */
  setLoss(loss: number, sel: LinkSelector = {}): void {
    this.setLink({ loss }, sel)
  }

  /** Sets latency (and optionally jitter), now or at `sel.at`. */
  setLatency(latency: Micros, jitter?: Jitter, sel: LinkSelector = {}): void {
    this.setLink(jitter === undefined ? { latency } : { latency, jitter }, sel)
  }

  /** Crashes a host: its sockets and programs vanish; peers see RST (after restart) or time out. */
  crash(ref: HostRef, at?: Micros): void {
    this.when(at, () => {
      const h = this.host(ref)
      h.crash()
      this.world.log(this.name, "fault.crash", { host: h.name })
    })
  }

  /** Restarts a crashed host with empty socket tables; `program` (if given) runs on it again. */
  restart(ref: HostRef, at?: Micros, program?: () => Generator<any, any, unknown>): void {
    this.when(at, () => {
      const h = this.host(ref)
      h.restart()
      this.world.log(this.name, "fault.restart", { host: h.name })
      if (program !== undefined) h.run(program)
    })
  }
}

function describe(packet: IpPacket): Record<string, unknown> {
  const p = packet.payload
  if (p.proto === "udp") return { proto: "udp", sport: p.srcPort, dport: p.dstPort, len: p.data.length }
  return { proto: "tcp", sport: p.srcPort, dport: p.dstPort, seq: p.seq, ack: p.ack, flags: p.flags, len: p.data.length }
}
