/**
 * Sigfox frames in pcap files: linktype 147 (USER0; Wireshark has no Sigfox
 * dissector, reference captures-and-gateways.md) with fieldnet's own record
 * layout, decoded by the Lua dissector `stack/capture/sigfox.lua` shipped
 * beside this file. Layout (little-endian; also in `SIGFOX.md`):
 *
 * | off | size | field |
 * |---|---|---|
 * | 0 | 1 | version = 1 |
 * | 1 | 1 | kind: 0 uplink, 1 downlink, 2 FSK |
 * | 2 | 1 | radio configuration 1–4 (0 for FSK) |
 * | 3 | 1 | flags: 0x01 downlink requested, 0x02 out-of-band, 0x04 1-bit frame, 0x08 the bit's value, 0x10 received (by a base station; for DL/FSK: by a listener) |
 * | 4 | 4 | device ID (u32) |
 * | 8 | 4 | carrier frequency (Hz, u32) |
 * | 12 | 2 | message counter (u16; 12 bits used) |
 * | 14 | 1 | frame rank in its message (0-based) |
 * | 15 | 1 | frames in the message |
 * | 16 | 2 | best RSSI at a base station (i16, 0.1 dBm; −32768 = none) |
 * | 18 | 2 | number of base stations that received it (u16) |
 * | 20 | 4 | time on air (µs, u32) |
 * | 24 | 1 | payload length N |
 * | 25 | N | payload |
 *
 * A record's timestamp is the frame's end (when receivers have it).
 */
import type { StationReception, UnbMedium, UnbTransmission } from "../../radio/index.ts"
import { LINKTYPE, PcapFile, PcapWriter } from "./pcap.ts"

/** Record layout version written in byte 0. */
export const SIGFOX_RECORD_VERSION = 1
/** Bytes before the payload. */
export const SIGFOX_RECORD_HEADER = 25
/** RSSI value meaning "no base station received it". */
export const SIGFOX_NO_RSSI = -32768

/** The fields of one Sigfox capture record. */
export interface SigfoxCaptureRecord {
  readonly kind: "uplink" | "downlink" | "fsk"
  readonly rc: number
  readonly downlinkRequested: boolean
  readonly oob: boolean
  /** The bit of a 1-bit frame; undefined for other frames. */
  readonly bit: boolean | undefined
  readonly received: boolean
  readonly deviceId: number
  readonly freqHz: number
  readonly seq: number
  readonly rank: number
  readonly frames: number
  /** Best RSSI (dBm) or undefined. */
  readonly rssiDbm: number | undefined
  readonly stations: number
  readonly airtimeUs: number
  readonly payload: Uint8Array
}

const KINDS = ["uplink", "downlink", "fsk"] as const

/** Encodes one record (layout above). */
export function encodeSigfoxRecord(r: SigfoxCaptureRecord): Uint8Array {
  const n = Math.min(r.payload.length, 255)
  const b = new Uint8Array(SIGFOX_RECORD_HEADER + n)
  const v = new DataView(b.buffer)
  b[0] = SIGFOX_RECORD_VERSION
  b[1] = KINDS.indexOf(r.kind)
  b[2] = r.rc
  b[3] = (r.downlinkRequested ? 0x01 : 0) | (r.oob ? 0x02 : 0) | (r.bit !== undefined ? 0x04 : 0) | (r.bit === true ? 0x08 : 0) | (r.received ? 0x10 : 0)
  v.setUint32(4, r.deviceId >>> 0, true)
  v.setUint32(8, Math.round(r.freqHz), true)
  v.setUint16(12, r.seq & 0xffff, true)
  b[14] = r.rank
  b[15] = r.frames
  v.setInt16(16, r.rssiDbm === undefined ? SIGFOX_NO_RSSI : Math.max(-32767, Math.min(32767, Math.round(r.rssiDbm * 10))), true)
  v.setUint16(18, r.stations, true)
  v.setUint32(20, r.airtimeUs, true)
  b[24] = n
  b.set(r.payload.subarray(0, n), SIGFOX_RECORD_HEADER)
  return b
}

/** Decodes one record (tests, tools). */
export function decodeSigfoxRecord(b: Uint8Array): SigfoxCaptureRecord {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const flags = b[3]!
  const rssi = v.getInt16(16, true)
  const n = b[24]!
  return {
    kind: KINDS[b[1]!] ?? "uplink",
    rc: b[2]!,
    downlinkRequested: (flags & 0x01) !== 0,
    oob: (flags & 0x02) !== 0,
    bit: (flags & 0x04) !== 0 ? (flags & 0x08) !== 0 : undefined,
    received: (flags & 0x10) !== 0,
    deviceId: v.getUint32(4, true),
    freqHz: v.getUint32(8, true),
    seq: v.getUint16(12, true),
    rank: b[14]!,
    frames: b[15]!,
    rssiDbm: rssi === SIGFOX_NO_RSSI ? undefined : rssi / 10,
    stations: v.getUint16(18, true),
    airtimeUs: v.getUint32(20, true),
    payload: b.slice(SIGFOX_RECORD_HEADER, SIGFOX_RECORD_HEADER + n),
  }
}

interface MetaLike {
  readonly type?: string
  readonly deviceId?: number
  readonly seq?: number
  readonly rank?: number
  readonly frames?: number
  readonly payload?: Uint8Array
  readonly bit?: boolean
  readonly oob?: boolean
  readonly downlink?: boolean
  readonly rc?: number
}

/** The record of a frame the medium resolved (meta as the Sigfox stack fills it). */
export function sigfoxRecordOf(tx: UnbTransmission, receptions: readonly StationReception[]): SigfoxCaptureRecord {
  const m = (tx.meta ?? {}) as MetaLike
  let best: number | undefined
  for (const r of receptions) if (best === undefined || r.rssiDbm > best) best = r.rssiDbm
  return {
    kind: tx.kind,
    rc: m.rc ?? 0,
    downlinkRequested: m.downlink === true,
    oob: m.oob === true,
    bit: m.bit,
    received: receptions.length > 0,
    deviceId: m.deviceId ?? 0,
    freqHz: tx.freqHz,
    seq: m.seq ?? 0,
    rank: m.rank ?? 0,
    frames: m.frames ?? 1,
    rssiDbm: best,
    stations: receptions.length,
    airtimeUs: tx.durationUs,
    payload: m.payload ?? new Uint8Array(0),
  }
}

/** Writes every frame of a medium into a pcap writer (linktype 147) as it ends. */
export class SigfoxCapture {
  constructor(
    medium: UnbMedium,
    readonly writer: PcapWriter,
  ) {
    medium.observe((tx, receptions) => writer.write(tx.endUs, encodeSigfoxRecord(sigfoxRecordOf(tx, receptions))))
  }
}

/** Opens `path` as a linktype-147 pcap and captures the medium's frames into it; close the returned file at the end. */
export function openSigfoxCaptureFile(medium: UnbMedium, path: string, epochUs = 0): PcapFile {
  const file = new PcapFile(path, { linktype: LINKTYPE.USER0, epochUs })
  new SigfoxCapture(medium, file)
  return file
}
