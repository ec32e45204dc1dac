import { hashString } from "../../sim/hash.ts"
import { parseIPv4 } from "./address.ts"

/** First address of the wildcard range: 198.18.0.0 (RFC 2544 §C.2.2 / RFC 6890: benchmarking, 198.18.0.0/15). */
export const WILDCARD_BASE = 0xc6120000
/** Addresses in 198.18.0.0/15. */
export const WILDCARD_SIZE = 1 << 17

/** Is `ip` inside 198.18.0.0/15, the range wildcard names are given addresses from? */
export function inWildcardRange(ip: number): boolean {
  return ip >= WILDCARD_BASE && ip < WILDCARD_BASE + WILDCARD_SIZE
}

/**
 * Names the wildcard never answers: the RFC 6761 §6.4 `invalid` TLD (so a
 * script can still test a failing lookup), and text that is not a host name
 * (RFC 1123 §2.1 labels of letters, digits, "-" and "_", 1–63 characters, at
 * most 253 in all) or that is all digits and dots (a malformed address).
 */
function wildcardable(name: string): boolean {
  if (name.length === 0 || name.length > 253 || /^[\d.]+$/.test(name)) return false
  const labels = (name.endsWith(".") ? name.slice(0, -1) : name).split(".")
  if (labels[labels.length - 1] === "invalid") return false
  return labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l))
}

/**
 * The simulated DNS: names → IPv4 addresses, as `getaddrinfo` resolves them.
 * Resolution is instantaneous in sim time (the DNS round trip is not modelled).
 *
 * With {@link resolveAnyName} on (the "internet" of a firmware run), a name
 * not in the table is given an address of its own inside 198.18.0.0/15 — the
 * RFC 2544 benchmarking range, which no real host uses (RFC 6890), so a
 * simulated address never passes for a real one. The address is
 * `198.18.0.0 + hashString(lower-cased name) mod 2^17`, skipping the range's
 * first and last address; if that address is already taken (by a host, as
 * the `taken` callback says, or by another name in the table), the next one up
 * is tried (linear probe, wrapping). So a name gets the same address in every
 * run and whatever the lookup order — unless two names hash to the same
 * address, in which case the one looked up first keeps it and the later one
 * moves on. Once given, a wildcard address stays for the run. Explicit
 * {@link set} names always win: `set()` replaces a wildcard answer, and a
 * name set explicitly is never given a wildcard address.
 */
export class DnsTable {
  private readonly names = new Map<string, number>()
  /** How many names point at each address. */
  private readonly used = new Map<number, number>()
  private taken: ((ip: number) => boolean) | undefined = undefined

  /** Adds or replaces `name` → `ip` (dotted quad). Names are case-insensitive (RFC 4343). */
  set(name: string, ip: string | number): void {
    const addr = typeof ip === "number" ? ip : parseIPv4(ip)
    if (addr === undefined) throw new RangeError(`DnsTable.set: "${String(ip)}" is not an IPv4 address`)
    this.put(name.toLowerCase(), addr)
  }

  /** Removes a name (a wildcard name removed is given its address again on its next lookup, if still free). */
  delete(name: string): void {
    const key = name.toLowerCase()
    const old = this.names.get(key)
    if (old === undefined) return
    this.names.delete(key)
    this.release(old)
  }

  /**
   * Turns on wildcard resolution (see the class comment): every well-formed
   * name resolves. `taken(ip)` says whether an address is already used by a
   * host, so that a new name is not given a host's address.
   */
  resolveAnyName(taken: (ip: number) => boolean = () => false): void {
    this.taken = taken
  }

  /** Is wildcard resolution on? */
  get wildcard(): boolean {
    return this.taken !== undefined
  }

  /** A numeric address as is, a known name's address, a wildcard address (when on), or undefined. */
  resolve(host: string): number | undefined {
    const numeric = parseIPv4(host)
    if (numeric !== undefined) return numeric
    const key = host.toLowerCase()
    const known = this.names.get(key)
    if (known !== undefined || this.taken === undefined || !wildcardable(key)) return known
    const addr = this.allocate(key, this.taken)
    if (addr !== undefined) this.put(key, addr)
    return addr
  }

  /** The address a name has in the table now (no wildcard allocation; numeric text is not parsed). */
  lookup(name: string): number | undefined {
    return this.names.get(name.toLowerCase())
  }

  /** The first name (in the order names were added) that points at `ip`, if any: how hosts are named after their address. */
  nameOf(ip: number): string | undefined {
    if (!this.used.has(ip)) return undefined
    for (const [name, addr] of this.names) if (addr === ip) return name
    return undefined
  }

  private allocate(key: string, taken: (ip: number) => boolean): number | undefined {
    const start = hashString(key) % WILDCARD_SIZE
    for (let i = 0; i < WILDCARD_SIZE; i++) {
      const off = (start + i) % WILDCARD_SIZE
      if (off === 0 || off === WILDCARD_SIZE - 1) continue
      const ip = WILDCARD_BASE + off
      if (!this.used.has(ip) && !taken(ip)) return ip
    }
    return undefined
  }

  private put(key: string, addr: number): void {
    const old = this.names.get(key)
    if (old === addr) return
    if (old !== undefined) this.release(old)
    this.names.set(key, addr)
    this.used.set(addr, (this.used.get(addr) ?? 0) + 1)
  }

  private release(addr: number): void {
    const n = (this.used.get(addr) ?? 0) - 1
    if (n > 0) this.used.set(addr, n)
    else this.used.delete(addr)
  }
}
