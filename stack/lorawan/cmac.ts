/**
 * AES-128 and AES-CMAC (RFC 4493) on `node:crypto`. LoRaWAN 1.0.2 §4.4 uses
 * CMAC for every MIC and raw AES-128 blocks for payload keystreams and session
 * keys (docs/models.md §3.6; PF `LoRaMacCrypto.c`).
 */
import { createCipheriv, createDecipheriv } from "node:crypto"
import { requireLength } from "./bytes.ts"

/** One AES-128 block encryption (ECB, no padding): `AES(key, block)`. */
export function aesEncryptBlocks(key: Uint8Array, data: Uint8Array): Uint8Array {
  requireLength("AES key", key, 16)
  const c = createCipheriv("aes-128-ecb", key, null)
  c.setAutoPadding(false)
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]))
}

/** AES-128 ECB decryption of whole blocks (used by the network to "encrypt" a JoinAccept). */
export function aesDecryptBlocks(key: Uint8Array, data: Uint8Array): Uint8Array {
  requireLength("AES key", key, 16)
  const d = createDecipheriv("aes-128-ecb", key, null)
  d.setAutoPadding(false)
  return new Uint8Array(Buffer.concat([d.update(data), d.final()]))
}

/** RFC 4493 §2.3 Generate_Subkey: doubling in GF(2^128), Rb = 0x87. */
function shiftLeftXor(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16)
  for (let i = 0; i < 16; i++) out[i] = (((block[i] ?? 0) << 1) | ((block[i + 1] ?? 0) >>> 7)) & 0xff
  if (((block[0] ?? 0) & 0x80) !== 0) out[15] = (out[15] ?? 0) ^ 0x87
  return out
}

/** The full 16-byte AES-CMAC tag of `message` under `key` (RFC 4493 §2.4). */
export function aesCmac(key: Uint8Array, message: Uint8Array): Uint8Array {
  requireLength("CMAC key", key, 16)
  const l = aesEncryptBlocks(key, new Uint8Array(16))
  const k1 = shiftLeftXor(l)
  const k2 = shiftLeftXor(k1)
  const n = Math.max(1, Math.ceil(message.length / 16))
  const complete = message.length > 0 && message.length % 16 === 0
  // Last block: XOR with K1 when complete, else pad 10* and XOR with K2.
  const last = new Uint8Array(16)
  const tail = message.subarray((n - 1) * 16)
  last.set(tail)
  if (!complete) last[tail.length] = 0x80
  const sub = complete ? k1 : k2
  for (let i = 0; i < 16; i++) last[i] = (last[i] ?? 0) ^ (sub[i] ?? 0)
  // CBC-MAC with zero IV over the first n-1 blocks and the prepared last block.
  const input = new Uint8Array(n * 16)
  input.set(message.subarray(0, (n - 1) * 16))
  input.set(last, (n - 1) * 16)
  const c = createCipheriv("aes-128-cbc", key, new Uint8Array(16))
  c.setAutoPadding(false)
  const out = Buffer.concat([c.update(input), c.final()])
  return new Uint8Array(out.subarray(out.length - 16))
}
