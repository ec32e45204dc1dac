/**
 * LoRaWAN 1.0.x security functions (docs/models.md §3.6; LoRaWAN 1.0.2 §4.3.3,
 * §4.4, §6.2.5; PF `LoRaMacCrypto.c` LoRaMacComputeMic, LoRaMacPayloadEncrypt,
 * LoRaMacJoinComputeMic, LoRaMacJoinDecrypt, LoRaMacJoinComputeSKeys).
 */
import { aesCmac, aesDecryptBlocks, aesEncryptBlocks } from "./cmac.ts"
import { requireLength, requireUint, writeUintLE } from "./bytes.ts"
import type { Direction, SessionKeys } from "./frame-types.ts"

function block(first: number, dir: Direction, devAddr: number, fcnt32: number, last: number): Uint8Array {
  // 0xXX | 4×0x00 | Dir | DevAddr(LE) | FCnt32(LE) | 0x00 | last
  const b = new Uint8Array(16)
  b[0] = first
  b[5] = dir
  writeUintLE(b, 6, devAddr >>> 0, 4)
  writeUintLE(b, 10, fcnt32 >>> 0, 4)
  b[15] = last
  return b
}

/**
 * Data-frame MIC: the first 4 bytes of AES-CMAC(NwkSKey, B0 | msg), msg =
 * MHDR..FRMPayload, B0 = 0x49 … len(msg) (LoRaWAN 1.0.2 §4.4; docs/models.md §3.6).
 */
export function dataMic(nwkSKey: Uint8Array, dir: Direction, devAddr: number, fcnt32: number, msg: Uint8Array): Uint8Array {
  requireLength("NwkSKey", nwkSKey, 16)
  requireUint("message length", msg.length, 255)
  const b0 = block(0x49, dir, devAddr, fcnt32, msg.length)
  const input = new Uint8Array(16 + msg.length)
  input.set(b0)
  input.set(msg, 16)
  return aesCmac(nwkSKey, input).subarray(0, 4)
}

/**
 * FRMPayload encryption/decryption (the same XOR): S_i = AES(K, A_i), A_i =
 * 0x01 … i for i = 1..ceil(len/16) (LoRaWAN 1.0.2 §4.3.3.1; docs/models.md §3.6).
 * K = AppSKey for FPort > 0, NwkSKey for FPort 0 (the caller picks).
 */
export function cryptFrmPayload(key: Uint8Array, dir: Direction, devAddr: number, fcnt32: number, payload: Uint8Array): Uint8Array {
  requireLength("payload key", key, 16)
  const k = Math.ceil(payload.length / 16)
  if (k === 0) return new Uint8Array(0)
  const a = new Uint8Array(16 * k)
  for (let i = 1; i <= k; i++) a.set(block(0x01, dir, devAddr, fcnt32, i & 0xff), 16 * (i - 1))
  const s = aesEncryptBlocks(key, a)
  const out = new Uint8Array(payload.length)
  for (let i = 0; i < payload.length; i++) out[i] = (payload[i] ?? 0) ^ (s[i] ?? 0)
  return out
}

/** Join MIC: first 4 bytes of AES-CMAC(AppKey, MHDR | fields) (LoRaWAN 1.0.2 §6.2.4, §6.2.5). */
export function joinMic(appKey: Uint8Array, msg: Uint8Array): Uint8Array {
  requireLength("AppKey", appKey, 16)
  return aesCmac(appKey, msg).subarray(0, 4)
}

/**
 * The network side "encrypts" a JoinAccept (fields | MIC, 16 or 32 bytes) with
 * AES *decrypt* so the device can use AES encrypt only (LoRaWAN 1.0.2 §6.2.5).
 */
export function encryptJoinAcceptBody(appKey: Uint8Array, plain: Uint8Array): Uint8Array {
  if (plain.length !== 16 && plain.length !== 32) throw new RangeError("JoinAccept body must be 16 or 32 bytes")
  return aesDecryptBlocks(appKey, plain)
}

/** The device's JoinAccept decryption: AES *encrypt* (PF `LoRaMacJoinDecrypt`). */
export function decryptJoinAcceptBody(appKey: Uint8Array, encrypted: Uint8Array): Uint8Array {
  return aesEncryptBlocks(appKey, encrypted)
}

/**
 * 1.0.x session keys: NwkSKey = AES(AppKey, 0x01 | AppNonce | NetID | DevNonce
 * | pad), AppSKey the same with 0x02 (LoRaWAN 1.0.2 §6.2.5; docs/models.md §3.6).
 */
export function deriveSessionKeys(appKey: Uint8Array, appNonce: number, netId: number, devNonce: number): SessionKeys {
  requireLength("AppKey", appKey, 16)
  requireUint("AppNonce", appNonce, 0xffffff)
  requireUint("NetID", netId, 0xffffff)
  requireUint("DevNonce", devNonce, 0xffff)
  const input = new Uint8Array(32)
  for (const [i, tag] of [[0, 0x01], [16, 0x02]] as const) {
    input[i] = tag
    writeUintLE(input, i + 1, appNonce, 3)
    writeUintLE(input, i + 4, netId, 3)
    writeUintLE(input, i + 7, devNonce, 2)
  }
  const out = aesEncryptBlocks(appKey, input)
  return { nwkSKey: out.slice(0, 16), appSKey: out.slice(16, 32) }
}

/**
 * The 32-bit counter a receiver uses for a 16-bit FCnt on air: the smallest
 * value ≥ `last` whose low 16 bits match (PF LMN `LoRaMac.c` OnRadioRxDone:
 * `if (sequenceCounter < sequenceCounterPrev) downLinkCounter += 0x10000`).
 * The caller compares the gap with MAX_FCNT_GAP.
 */
export function reconstructFCnt(last32: number, wire16: number): number {
  const hi = Math.floor(last32 / 0x10000) * 0x10000
  const lo = last32 % 0x10000
  return wire16 >= lo ? hi + wire16 : hi + 0x10000 + wire16
}
