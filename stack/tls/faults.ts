import type { Micros, Simulation } from "../../sim/index.ts"
import type { CertificateFailureReason } from "./errors.ts"

/** A fault's active window: from `at` (default: now) until `until` (exclusive; default: forever). */
export interface FaultWindow {
  readonly at?: Micros
  readonly until?: Micros
}

/** {@link TlsFaults.certificateFailure}: the server certificate a client sees does not verify. */
export interface CertificateFailureOptions extends FaultWindow {
  /** The server: SNI host name, dotted IP, or node name (default: every server). */
  readonly host?: string
  /** Which X.509 check fails (default "not-trusted": a certificate not signed by the trusted CA, e.g. a MITM proxy). */
  readonly reason?: CertificateFailureReason
}

/** {@link TlsFaults.handshakeAbort}: the server gives up on a handshake after the ClientHello. */
export interface HandshakeAbortOptions extends FaultWindow {
  /** The server: SNI host name, dotted IP, or node name (default: every server). */
  readonly host?: string
  /** `close` sends FIN, `reset` sends RST, `silent` never answers (default `close`). */
  readonly mode?: "close" | "reset" | "silent"
}

interface Rule<T> {
  readonly host: string | undefined
  readonly at: Micros
  readonly until: Micros
  readonly value: T
}

const FAULT_NODE = "tls"
const registries = new WeakMap<Simulation, TlsFaults>()

/**
 * A world's TLS fault schedule: certificate-verification failures and servers
 * that abort handshakes, each for a host and a sim-time window. Sessions
 * consult it during their handshakes. Arming a fault is traced
 * (`fault.tls.certificate`, `fault.tls.abort` on node "tls"); each handshake it
 * changes is traced on the session's node as `fault.tls.applied`.
 */
export class TlsFaults {
  private readonly certs: Rule<CertificateFailureReason>[] = []
  private readonly aborts: Rule<"close" | "reset" | "silent">[] = []

  constructor(private readonly world: Simulation) {}

  /** Makes client handshakes with `host` see a certificate that fails verification during the window. */
  certificateFailure(o: CertificateFailureOptions = {}): void {
    const rule = this.rule(o, o.reason ?? "not-trusted")
    this.certs.push(rule)
    this.world.log(FAULT_NODE, "fault.tls.certificate", { host: rule.host ?? "*", at: rule.at, until: rule.until, reason: rule.value })
  }

  /** Makes servers matching `host` abort handshakes (after reading the ClientHello) during the window. */
  handshakeAbort(o: HandshakeAbortOptions = {}): void {
    const rule = this.rule(o, o.mode ?? "close")
    this.aborts.push(rule)
    this.world.log(FAULT_NODE, "fault.tls.abort", { host: rule.host ?? "*", at: rule.at, until: rule.until, mode: rule.value })
  }

  /** Removes every TLS fault. */
  clear(): void {
    this.certs.length = 0
    this.aborts.length = 0
    this.world.log(FAULT_NODE, "fault.tls.clear", {})
  }

  /** The certificate failure in force for a server known by `names` now, if any. */
  certificateFor(names: readonly string[]): CertificateFailureReason | undefined {
    return this.match(this.certs, names)
  }

  /** The abort mode in force for a server known by `names` now, if any. */
  abortFor(names: readonly string[]): "close" | "reset" | "silent" | undefined {
    return this.match(this.aborts, names)
  }

  private rule<T>(o: FaultWindow & { readonly host?: string }, value: T): Rule<T> {
    const at = o.at ?? this.world.now
    const until = o.until ?? Number.POSITIVE_INFINITY
    if (!Number.isInteger(at) || !(until > at)) throw new RangeError(`TLS fault window needs integer at < until, got ${String(at)}..${String(until)}`)
    return { host: o.host, at, until, value }
  }

  private match<T>(rules: readonly Rule<T>[], names: readonly string[]): T | undefined {
    const now = this.world.now
    for (const r of rules) if (now >= r.at && now < r.until && (r.host === undefined || names.includes(r.host))) return r.value
    return undefined
  }
}

/** The TLS fault schedule of a world (created on first use). */
export function tlsFaults(world: Simulation): TlsFaults {
  let f = registries.get(world)
  if (f === undefined) {
    f = new TlsFaults(world)
    registries.set(world, f)
  }
  return f
}

/** The schedule if the world has one (sessions use this so that a world without TLS faults creates nothing). */
export function existingTlsFaults(world: Simulation): TlsFaults | undefined {
  return registries.get(world)
}
