import { Device, InetSocket, Network, Simulation, type ProfileName, type ProcessBody } from "../../index.ts"

/** Options of a two-node TLS test world. */
export interface TlsWorldOptions {
  readonly seed?: number
  /** One-way latency, µs (default 10 ms). */
  readonly latency?: number
  /** Bits per second; 0 = no serialisation delay (default 0). */
  readonly bandwidth?: number
  readonly profile?: ProfileName
  /** Trace every IP packet (`ip.tx` lines) for byte counting. */
  readonly tracePackets?: boolean
  /** Server TCP send buffer (default 64 KiB, an internet server's; lwIP's 2·MSS would add round trips). */
  readonly serverSndBuf?: number
}

/** A device "dev" (10.0.0.2) and a server "srv" (10.0.0.1) on one link, with a memory trace. */
export function tlsWorld(o: TlsWorldOptions = {}) {
  const world = new Simulation({ seed: o.seed ?? 1, trace: { sink: { kind: "memory" } } })
  const net = new Network(world, { link: { latency: o.latency ?? 10_000, bandwidth: o.bandwidth ?? 0 }, tracePackets: o.tracePackets ?? false })
  const srv = new Device(world, "srv")
  const dev = new Device(world, "dev", { profile: o.profile ?? "micropython" })
  net.addHost(srv, "10.0.0.1", { tcpSndBuf: o.serverSndBuf ?? 65_536 })
  net.addHost(dev, "10.0.0.2")
  return { world, net, srv, dev }
}

/** Opens a TCP connection from `dev` to 10.0.0.1:`port`. */
export function* connect(dev: Device, port = 443): ProcessBody<InetSocket> {
  const s = new InetSocket(dev, 1, 0)
  yield* s.connect(["10.0.0.1", port])
  return s
}

/** Trace lines of a kind, parsed. */
export function lines(world: Simulation, kind: string): Record<string, unknown>[] {
  return world.trace.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.kind === kind)
}

/** TCP payload bytes carried from host `src` (by `ip.tx` lines; needs tracePackets). */
export function tcpPayloadFrom(world: Simulation, node: string): number {
  return lines(world, "ip.tx").filter((l) => l.node === node && l.proto === "tcp").reduce((n, l) => n + (l.len as number), 0)
}

/** Bytes of a string / string of bytes. */
export const b = (s: string): Uint8Array => new TextEncoder().encode(s)
export const str = (u: Uint8Array | null): string => (u === null ? "<None>" : new TextDecoder().decode(u))

/** Runs a generator and returns what it threw (or "ok"). */
export function* caught(fn: () => Generator<any, unknown, any>): Generator<any, unknown, any> {
  try {
    yield* fn()
    return "ok"
  } catch (e) {
    return e
  }
}
