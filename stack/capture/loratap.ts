/**
 * LoRaTap version 0 records (linktype 270): a 15-byte big-endian header before
 * the PHYPayload. Layout from reference captures-and-gateways.md, after
 * eriknl/LoRaTap `loratap.h` and Wireshark `epan/dissectors/packet-loratap.c`:
 * version 0, padding, length 15, frequency Hz (u32), bandwidth in 125 kHz
 * steps, SF, packet/max/current RSSI raw = dBm + 139, SNR × 4 (i8), sync word.
 * Sync word 0x34 (public LoRaWAN) makes Wireshark hand the payload to its
 * LoRaWAN dissector.
 */
import { ValueError } from "../errors/errors.ts"

/** What the radio layer hands the capture for one received (or sent) LoRa frame. */
export interface LoraCaptureRecord {
  /** Sim time of the record (µs); conventionally the end of reception. */
  readonly timeUs: number
  readonly frequencyHz: number
  readonly bandwidthHz: number
  readonly sf: number
  readonly rssiDbm: number
  readonly snrDb: number
  readonly payload: Uint8Array
}

/** LoRaTap v0 header length in bytes. */
export const LORATAP_V0_HEADER_LENGTH = 15
/** Public LoRaWAN sync word (reference: 0x34 selects Wireshark's LoRaWAN dissector). */
export const LORAWAN_PUBLIC_SYNC_WORD = 0x34
/** Private-network sync word (0x12), for raw LoRa frames that are not LoRaWAN. */
export const LORA_PRIVATE_SYNC_WORD = 0x12
/** RSSI raw offset: raw = dBm + 139 (LoRaTap `loratap.h`). */
export const LORATAP_RSSI_OFFSET_DB = 139

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))

/** RSSI in dBm → LoRaTap raw byte (rounded, clamped to 0..255). */
export function loraTapRssi(dbm: number): number {
  return clamp(Math.round(dbm + LORATAP_RSSI_OFFSET_DB), 0, 255)
}

/** SNR in dB → LoRaTap signed quarter-dB byte (rounded, clamped to −128..127, two's complement). */
export function loraTapSnr(db: number): number {
  return clamp(Math.round(db * 4), -128, 127) & 0xff
}

/**
 * Encodes header + payload. Bandwidth must be 125, 250 or 500 kHz and SF 6..12;
 * anything else raises ValueError. RSSI is written to all three RSSI fields.
 */
export function encodeLoraTapV0(r: LoraCaptureRecord, syncWord: number = LORAWAN_PUBLIC_SYNC_WORD): Uint8Array {
  const steps = r.bandwidthHz / 125_000
  if (steps !== 1 && steps !== 2 && steps !== 4) throw new ValueError(`LoRaTap bandwidth must be 125, 250 or 500 kHz, got ${r.bandwidthHz} Hz`)
  if (!Number.isInteger(r.sf) || r.sf < 6 || r.sf > 12) throw new ValueError(`LoRaTap spreading factor must be 6..12, got ${r.sf}`)
  if (!Number.isInteger(r.frequencyHz) || r.frequencyHz < 0 || r.frequencyHz > 0xffffffff) throw new ValueError(`LoRaTap frequency out of range: ${r.frequencyHz}`)
  const out = new Uint8Array(LORATAP_V0_HEADER_LENGTH + r.payload.length)
  const v = new DataView(out.buffer)
  v.setUint8(0, 0) // lt_version
  v.setUint8(1, 0) // lt_padding
  v.setUint16(2, LORATAP_V0_HEADER_LENGTH, false) // lt_length, big-endian
  v.setUint32(4, r.frequencyHz, false)
  v.setUint8(8, steps)
  v.setUint8(9, r.sf)
  const rssi = loraTapRssi(r.rssiDbm)
  v.setUint8(10, rssi) // packet RSSI
  v.setUint8(11, rssi) // max RSSI
  v.setUint8(12, rssi) // current RSSI
  v.setUint8(13, loraTapSnr(r.snrDb))
  v.setUint8(14, syncWord & 0xff)
  out.set(r.payload, LORATAP_V0_HEADER_LENGTH)
  return out
}

/** Decodes a LoRaTap v0 record back into its fields (for tests and tools); raises ValueError if not v0. */
export function decodeLoraTapV0(bytes: Uint8Array): Omit<LoraCaptureRecord, "timeUs"> & { readonly syncWord: number } {
  if (bytes.length < LORATAP_V0_HEADER_LENGTH) throw new ValueError("LoRaTap record too short")
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (v.getUint8(0) !== 0 || v.getUint16(2, false) !== LORATAP_V0_HEADER_LENGTH) throw new ValueError("not a LoRaTap v0 record")
  return {
    frequencyHz: v.getUint32(4, false),
    bandwidthHz: v.getUint8(8) * 125_000,
    sf: v.getUint8(9),
    rssiDbm: v.getUint8(10) - LORATAP_RSSI_OFFSET_DB,
    snrDb: v.getInt8(13) / 4,
    syncWord: v.getUint8(14),
    payload: bytes.slice(LORATAP_V0_HEADER_LENGTH),
  }
}
