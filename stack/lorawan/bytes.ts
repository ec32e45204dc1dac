/**
 * Little-endian byte helpers for LoRaWAN fields. LoRaWAN 1.0.2 §4: "the octet
 * order for all multi-octet fields is little endian" (docs/models.md §3.6).
 */
import { ValueError } from "../errors/errors.ts"

/** Writes `value` as `width` little-endian bytes at `offset`. */
export function writeUintLE(out: Uint8Array, offset: number, value: number, width: number): void {
  let v = value
  for (let i = 0; i < width; i++) {
    out[offset + i] = v & 0xff
    v = Math.floor(v / 256)
  }
}

/** Reads a `width`-byte little-endian unsigned integer at `offset` (width ≤ 4). */
export function readUintLE(bytes: Uint8Array, offset: number, width: number): number {
  let v = 0
  for (let i = width - 1; i >= 0; i--) v = v * 256 + (bytes[offset + i] ?? 0)
  return v
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint8Array(n)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** A reversed copy (EUIs are printed MSB first but sent LSB first). */
export function reversed(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes).reverse()
}

/** Parses a hex string (spaces allowed) into bytes; a bad string raises ValueError. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, "")
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new ValueError(`invalid hex string: ${hex}`)
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16)
  return out
}

/** Lower-case hex of the bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = ""
  for (const b of bytes) s += b.toString(16).padStart(2, "0")
  return s
}

/** Constant-length check for keys/EUIs; raises ValueError naming the field. */
export function requireLength(name: string, bytes: Uint8Array, length: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new ValueError(`${name} must be ${length} bytes`)
  }
}

/** Range check for an integer field; raises ValueError naming the field. */
export function requireUint(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ValueError(`${name} out of range: ${value}`)
  }
}
