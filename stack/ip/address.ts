/**
 * IPv4 addresses as 32-bit unsigned numbers, and their dotted-quad text form
 * (RFC 791; the text form accepted is the strict `a.b.c.d` of `inet_pton`).
 */

/** Parses "a.b.c.d" (each 0..255, decimal, no leading "+"/spaces) into a number, or undefined. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split(".")
  if (parts.length !== 4) return undefined
  let n = 0
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined
    const v = Number(p)
    if (v > 255) return undefined
    n = n * 256 + v
  }
  return n
}

/** Formats a 32-bit address as "a.b.c.d". */
export function formatIPv4(addr: number): string {
  return `${(addr >>> 24) & 255}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`
}

/** The 4 network-order bytes of an address (`inet_pton` output). */
export function ipv4ToBytes(addr: number): Uint8Array {
  return Uint8Array.of((addr >>> 24) & 255, (addr >>> 16) & 255, (addr >>> 8) & 255, addr & 255)
}

/** The address of 4 network-order bytes (`inet_ntop` input). */
export function bytesToIPv4(b: Uint8Array): number {
  return (((b[0] ?? 0) << 24) >>> 0) + ((b[1] ?? 0) << 16) + ((b[2] ?? 0) << 8) + (b[3] ?? 0)
}

/** 0.0.0.0, "any address" in `bind`. */
export const INADDR_ANY = 0
