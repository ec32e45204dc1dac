import type { ProcessBody } from "../../sim/index.ts"
import { Device } from "../device.ts"
import type { SockAddr } from "../usocket/args.ts"
import { AF_INET, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR } from "../usocket/constants.ts"
import { OSError } from "../errors/errors.ts"
import type { InetSocket } from "../usocket/inet-socket.ts"
import { usocket } from "../usocket/module.ts"
import { formatIPv4, parseIPv4 } from "../ip/address.ts"
import type { HostOptions, IpHost } from "../ip/host.ts"
import { echoService, httpService, type InternetCounters, type InternetService, type ServiceContext } from "./internet-services.ts"
import type { LinkSpec } from "../ip/link.ts"
import type { Network } from "../ip/network.ts"
import type { TcpListener } from "../ip/tcp-listener.ts"
import type { UdpEndpoint } from "../ip/udp.ts"

/**
 * The links between a device and an internet host, by default: 20 ms one way
 * (40 ms RTT, a typical path from a home or office access network to a
 * nearby cloud region), plus 0–1 ms of uniform jitter, no loss (a firmware
 * run should not be flaky unless asked: set `loss`), 10 Mbit/s (about what an
 * ESP32's Wi-Fi sustains for TCP). The jitter stays below the 1.2 ms a
 * full-size 1500-byte packet takes at 10 Mbit/s, so a sender's full-size
 * segments never overtake each other. MTU and queue are the network's.
 */
export const INTERNET_LINK: Partial<LinkSpec> = {
  latency: 20_000,
  jitter: { kind: "uniform", max: 1000 },
  loss: 0,
  bandwidth: 10_000_000,
}

/** Internet hosts' TCP buffers: 64 KiB, the largest window without window scaling (RFC 7323), as a server offers; lwIP's 4·MSS suits devices, not servers. */
const SERVER_BUFFERS: HostOptions = { tcpRcvBuf: 65_535, tcpSndBuf: 65_535 }

/** Listen backlog of the hosts' ports (Linux's SOMAXCONN, 4096 since 5.4; 128 before). */
const BACKLOG = 128

/** Options of an {@link Internet}. */
export interface InternetOptions {
  /** Link properties between the internet hosts and everyone else (over {@link INTERNET_LINK}). */
  readonly link?: Partial<LinkSpec>
  /** Buffers and queues of the internet hosts (default 64 KiB TCP buffers). */
  readonly host?: Omit<HostOptions, "link">
  /** Ports no internet host serves: a TCP connect is answered with RST (refused), a UDP datagram is dropped (no ICMP is modelled). */
  readonly closedPorts?: Iterable<number>
  /** The TCP service per port, over the defaults (80: {@link httpService}); a port without one runs {@link defaultService}. */
  readonly services?: ReadonlyMap<number, InternetService> | Readonly<Record<number, InternetService>>
  /** The TCP service of every other port (default {@link echoService}). */
  readonly defaultService?: InternetService
}

/** Addresses never turned into internet hosts: 0.0.0.0/8 ("this network"), 127.0.0.0/8 (loopback), 224.0.0.0/3 (multicast, reserved, broadcast) — RFC 6890. */
export function isInternetAddress(ip: number): boolean {
  const first = ip >>> 24
  return first !== 0 && first !== 127 && first < 224
}

interface Served {
  readonly device: Device
  readonly hostname: string
}

const METRIC: Readonly<Record<keyof InternetCounters, string>> = {
  hosts: "internet.hosts",
  tcpConnections: "internet.tcp_connections",
  bytesEchoed: "internet.bytes_echoed",
  udpDatagrams: "internet.udp_datagrams",
  httpRequests: "internet.http_requests",
  serviceErrors: "internet.service_errors",
}

/**
 * "The internet" of a firmware run: turns on wildcard DNS (every well-formed
 * name resolves to an address in 198.18.0.0/15, see `DnsTable`) and makes
 * every address a packet is sent to a simulated internet host, created on
 * demand (traced `internet.host`), named after its DNS name if it has one,
 * else `internet/<ip>`. Each host accepts TCP on any port — port 80 answers
 * HTTP/1.1 ({@link httpService}), the others echo ({@link echoService}) — and
 * echoes UDP datagrams on any port back to their sender; ports in
 * `closedPorts` refuse. Sockets and connections are the ordinary usocket and
 * TCP objects, so everything is traced as `usocket.*` and `tcp.*`.
 *
 * Extension: {@link setService} (or `options.services`) puts another service
 * on a port, e.g. TLS on 443; ports already opened keep the service they were
 * opened with.
 */
export class Internet {
  /** Counters for metrics (also kept as world metrics `internet.*`). */
  readonly counters: InternetCounters = { hosts: 0, tcpConnections: 0, bytesEchoed: 0, udpDatagrams: 0, httpRequests: 0, serviceErrors: 0 }
  private readonly created: IpHost[] = []
  private readonly served = new Map<IpHost, Served>()
  private readonly services = new Map<number, InternetService>([[80, httpService]])
  private readonly defaultService: InternetService
  private readonly closedPorts: ReadonlySet<number>
  private readonly hostOptions: HostOptions

  constructor(
    readonly network: Network,
    options: InternetOptions = {},
  ) {
    const given = options.services
    if (given !== undefined) for (const [port, svc] of given instanceof Map ? given : Object.entries(given)) this.services.set(Number(port), svc)
    this.defaultService = options.defaultService ?? echoService
    this.closedPorts = new Set(options.closedPorts ?? [])
    this.hostOptions = { ...SERVER_BUFFERS, ...options.host, link: { ...INTERNET_LINK, ...options.link } }
    network.dns.resolveAnyName((ip) => network.hostAt(ip) !== undefined)
    network.onUnknownDestination((ip) => this.create(ip))
  }

  /** The internet hosts created so far, in creation order. */
  get hosts(): readonly IpHost[] {
    return this.created
  }

  /** An internet host by host name, dotted address or DNS name (never creates one). */
  host(ref: string): IpHost | undefined {
    const ip = parseIPv4(ref) ?? this.network.dns.lookup(ref)
    const h = this.network.hostNamed(ref) ?? (ip === undefined ? undefined : this.network.hostAt(ip))
    return h !== undefined && this.served.has(h) ? h : undefined
  }

  /**
   * The internet host for a name (or dotted address), created now if it does
   * not exist yet — for scenarios that want it before the script talks to it.
   * RangeError when the name cannot resolve (e.g. `*.invalid`), or its address
   * belongs to a host of the scenario or cannot be an internet host.
   */
  hostFor(name: string): IpHost {
    const ip = this.network.dns.resolve(name)
    if (ip === undefined) throw new RangeError(`Internet.hostFor: "${name}" does not resolve`)
    const existing = this.network.hostAt(ip)
    if (existing !== undefined) {
      if (this.served.has(existing)) return existing
      throw new RangeError(`Internet.hostFor: ${formatIPv4(ip)} is the scenario's host "${existing.name}", not an internet host`)
    }
    const h = this.create(ip)
    if (h === undefined) throw new RangeError(`Internet.hostFor: ${formatIPv4(ip)} cannot be an internet host`)
    return h
  }

  /** Puts `service` on TCP `port` of every internet host (undefined: back to the default); takes effect on ports not opened yet. */
  setService(port: number, service: InternetService | undefined): void {
    if (service === undefined) this.services.delete(port)
    else this.services.set(port, service)
  }

  /** The TCP service a port runs. */
  serviceFor(port: number): InternetService {
    return this.services.get(port) ?? this.defaultService
  }

  /** Adds to a counter and its world metric. */
  count(counter: keyof InternetCounters, by = 1): void {
    this.counters[counter] += by
    this.network.world.metrics.inc(METRIC[counter], by)
  }

  /** Creates the internet host at `ip` (the network's unknown-destination handler). */
  private create(ip: number): IpHost | undefined {
    if (!isInternetAddress(ip) || this.network.hostAt(ip) !== undefined) return undefined
    const address = formatIPv4(ip)
    const dnsName = this.network.dns.nameOf(ip)
    const name = dnsName !== undefined && this.network.hostNamed(dnsName) === undefined ? dnsName : `internet/${address}`
    const device = new Device(this.network.world, name)
    const host = this.network.addHost(device, address, this.hostOptions)
    this.served.set(host, { device, hostname: dnsName ?? address })
    this.created.push(host)
    host.onUnboundTcp((port) => this.openTcp(host, port))
    host.onUnboundUdp((port) => this.openUdp(host, port))
    this.network.world.log(name, "internet.host", dnsName === undefined ? { ip: address } : { ip: address, dns: dnsName })
    this.count("hosts")
    return host
  }

  private socket(host: IpHost, type: number): InetSocket {
    const { device } = this.served.get(host) as Served
    return usocket(device).socket(AF_INET, type)
  }

  /** A SYN came for a free port: listen on it and accept connections into its service. */
  private openTcp(host: IpHost, port: number): TcpListener | undefined {
    if (this.closedPorts.has(port)) return undefined
    const srv = this.socket(host, SOCK_STREAM)
    srv.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    srv.bind(["", port])
    srv.listen(BACKLOG)
    const service = this.serviceFor(port)
    const { hostname } = this.served.get(host) as Served
    const self = this
    host.run(function* () {
      for (;;) {
        const [conn, peer] = (yield* srv.accept()) as [InetSocket, SockAddr]
        self.count("tcpConnections")
        const ctx: ServiceContext = { host, hostname, port, peer, count: (c, by) => self.count(c, by) }
        host.world.spawn(() => self.serve(conn, ctx, service), { node: host.name, name: `internet/tcp/${port}/${peer[0]}:${peer[1]}` })
      }
    }, `internet/tcp/${port}`)
    return host.listeners.get(port)
  }

  /** Runs a service on a connection; an OSError ends it (counted), and the socket is closed in any case. */
  private *serve(conn: InetSocket, ctx: ServiceContext, service: InternetService): ProcessBody<void> {
    try {
      yield* service(conn, ctx)
    } catch (e) {
      if (!(e instanceof OSError)) throw e
      this.count("serviceErrors")
    } finally {
      conn.close()
    }
  }

  /** A datagram came for a free port: bind it and echo every datagram to its sender. */
  private openUdp(host: IpHost, port: number): UdpEndpoint | undefined {
    if (this.closedPorts.has(port)) return undefined
    const sock = this.socket(host, SOCK_DGRAM)
    sock.bind(["", port])
    const self = this
    host.run(function* () {
      for (;;) {
        const [data, from] = yield* sock.recvfrom(65_507)
        try {
          yield* sock.sendto(data, from)
        } catch (e) {
          if (!(e instanceof OSError)) throw e
          self.count("serviceErrors")
          continue
        }
        self.count("udpDatagrams")
        self.count("bytesEchoed", data.length)
      }
    }, `internet/udp/${port}`)
    return host.udp.get(port)
  }
}
