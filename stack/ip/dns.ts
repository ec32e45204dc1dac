import { parseIPv4 } from "./address.ts"

/**
 * The simulated DNS: names → IPv4 addresses, as `getaddrinfo` resolves them.
 * Resolution is instantaneous in sim time (the DNS round trip is not modelled).
 */
export class DnsTable {
  private readonly names = new Map<string, number>()

  /** Adds or replaces `name` → `ip` (dotted quad). Names are case-insensitive (RFC 4343). */
  set(name: string, ip: string | number): void {
    const addr = typeof ip === "number" ? ip : parseIPv4(ip)
    if (addr === undefined) throw new RangeError(`DnsTable.set: "${String(ip)}" is not an IPv4 address`)
    this.names.set(name.toLowerCase(), addr)
  }

  /** Removes a name. */
  delete(name: string): void {
    this.names.delete(name.toLowerCase())
  }

  /** A numeric address as is, a known name's address, or undefined. */
  resolve(host: string): number | undefined {
    return parseIPv4(host) ?? this.names.get(host.toLowerCase())
  }
}
