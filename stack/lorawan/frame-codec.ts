/**
 * PHYPayload byte layout without keys: MHDR | MACPayload | MIC (docs/models.md §3.6;
 * LoRaWAN 1.0.2 §4). Decoding never throws a JS error on bad input: malformed
 * bytes raise ValueError, which the MAC treats as a dropped frame.
 */
import { ValueError } from "../errors/errors.ts"
import { readUintLE, requireLength, requireUint, reversed, writeUintLE } from "./bytes.ts"
import {
  MType,
  type DataFrame,
  type DataFrameLayout,
  type DataMType,
  type EncryptedJoinAccept,
  type FCtrl,
  type JoinAccept,
  type JoinRequest,
  type OpaqueFrame,
  type PhyFrame,
} from "./frame-types.ts"

/** MHDR byte: MType b7:5, RFU b4:2 = 0, Major b1:0. */
export function encodeMhdr(mtype: MType, major = 0): number {
  return ((mtype & 7) << 5) | (major & 3)
}

/** FCtrl byte for the given direction (ADRACKReq only up, FPending only down), FOptsLen b3:0. */
export function encodeFCtrl(f: FCtrl, uplink: boolean, foptsLen: number): number {
  requireUint("FOptsLen", foptsLen, 15)
  return (f.adr ? 0x80 : 0) | (uplink && f.adrAckReq ? 0x40 : 0) | (f.ack ? 0x20 : 0) | (!uplink && f.fPending ? 0x10 : 0) | foptsLen
}

/** Decodes FCtrl; ADRACKReq is read only on uplinks and FPending only on downlinks. */
export function decodeFCtrl(byte: number, uplink: boolean): FCtrl {
  return {
    adr: (byte & 0x80) !== 0,
    adrAckReq: uplink && (byte & 0x40) !== 0,
    ack: (byte & 0x20) !== 0,
    fPending: !uplink && (byte & 0x10) !== 0,
  }
}

/** MHDR..FRMPayload of a data frame (the bytes the MIC covers). */
export function encodeDataMessage(f: DataFrameLayout): Uint8Array {
  requireUint("DevAddr", f.devAddr, 0xffffffff)
  requireUint("FCnt", f.fcnt, 0xffffffff)
  if (f.fopts.length > 15) throw new ValueError("FOpts longer than 15 bytes")
  if (f.fport === undefined && f.frmPayload.length > 0) throw new ValueError("FRMPayload without FPort")
  if (f.fport !== undefined) requireUint("FPort", f.fport, 255)
  const uplink = f.mtype === MType.UnconfirmedDataUp || f.mtype === MType.ConfirmedDataUp
  const n = 1 + 7 + f.fopts.length + (f.fport === undefined ? 0 : 1 + f.frmPayload.length)
  const out = new Uint8Array(n)
  out[0] = encodeMhdr(f.mtype, f.major ?? 0)
  writeUintLE(out, 1, f.devAddr >>> 0, 4)
  out[5] = encodeFCtrl(f.fctrl, uplink, f.fopts.length)
  writeUintLE(out, 6, f.fcnt & 0xffff, 2)
  out.set(f.fopts, 8)
  if (f.fport !== undefined) {
    out[8 + f.fopts.length] = f.fport
    out.set(f.frmPayload, 9 + f.fopts.length)
  }
  return out
}

function decodeData(bytes: Uint8Array, mtype: DataMType, major: number): DataFrame {
  // MHDR 1 + FHDR ≥ 7 + MIC 4 (LoRaWAN 1.0.2 §4.3).
  if (bytes.length < 12) throw new ValueError(`data frame too short: ${bytes.length} bytes`)
  const end = bytes.length - 4
  const uplink = mtype === MType.UnconfirmedDataUp || mtype === MType.ConfirmedDataUp
  const fctrlByte = bytes[5] ?? 0
  const foptsLen = fctrlByte & 0x0f
  if (8 + foptsLen > end) throw new ValueError("FOptsLen exceeds the frame")
  const hasPort = end > 8 + foptsLen
  return {
    mtype,
    major,
    devAddr: readUintLE(bytes, 1, 4),
    fctrl: decodeFCtrl(fctrlByte, uplink),
    fcnt: readUintLE(bytes, 6, 2),
    fopts: bytes.slice(8, 8 + foptsLen),
    fport: hasPort ? bytes[8 + foptsLen] : undefined,
    frmPayload: hasPort ? bytes.slice(9 + foptsLen, end) : new Uint8Array(0),
    mic: bytes.slice(end),
  }
}

/** JoinRequest body: MHDR | AppEUI(8, LE) | DevEUI(8, LE) | DevNonce(2, LE) — 19 bytes, MIC not included. */
export function encodeJoinRequestMessage(appEui: Uint8Array, devEui: Uint8Array, devNonce: number, major = 0): Uint8Array {
  requireLength("AppEUI", appEui, 8)
  requireLength("DevEUI", devEui, 8)
  requireUint("DevNonce", devNonce, 0xffff)
  const out = new Uint8Array(19)
  out[0] = encodeMhdr(MType.JoinRequest, major)
  out.set(reversed(appEui), 1)
  out.set(reversed(devEui), 9)
  writeUintLE(out, 17, devNonce, 2)
  return out
}

/** Fields of a JoinAccept to lay out. */
export interface JoinAcceptLayout {
  readonly major?: number
  readonly appNonce: number
  readonly netId: number
  readonly devAddr: number
  readonly rx1DrOffset: number
  readonly rx2Dr: number
  readonly rxDelay: number
  readonly cfList?: Uint8Array | undefined
}

/** Plaintext JoinAccept message: MHDR | AppNonce | NetID | DevAddr | DLSettings | RxDelay | CFList? (MIC not included). */
export function encodeJoinAcceptMessage(f: JoinAcceptLayout): Uint8Array {
  requireUint("AppNonce", f.appNonce, 0xffffff)
  requireUint("NetID", f.netId, 0xffffff)
  requireUint("DevAddr", f.devAddr, 0xffffffff)
  requireUint("RX1DROffset", f.rx1DrOffset, 7)
  requireUint("RX2DataRate", f.rx2Dr, 15)
  requireUint("RxDelay", f.rxDelay, 15)
  if (f.cfList !== undefined) requireLength("CFList", f.cfList, 16)
  const out = new Uint8Array(13 + (f.cfList?.length ?? 0))
  out[0] = encodeMhdr(MType.JoinAccept, f.major ?? 0)
  writeUintLE(out, 1, f.appNonce, 3)
  writeUintLE(out, 4, f.netId, 3)
  writeUintLE(out, 7, f.devAddr >>> 0, 4)
  out[11] = (f.rx1DrOffset << 4) | f.rx2Dr
  out[12] = f.rxDelay
  if (f.cfList !== undefined) out.set(f.cfList, 13)
  return out
}

/** Parses a decrypted JoinAccept (MHDR | fields | MIC, 17 or 33 bytes). */
export function decodeJoinAcceptPlain(bytes: Uint8Array): JoinAccept {
  if (bytes.length !== 17 && bytes.length !== 33) throw new ValueError(`JoinAccept must be 17 or 33 bytes, got ${bytes.length}`)
  const dl = bytes[11] ?? 0
  return {
    mtype: MType.JoinAccept,
    major: (bytes[0] ?? 0) & 3,
    appNonce: readUintLE(bytes, 1, 3),
    netId: readUintLE(bytes, 4, 3),
    devAddr: readUintLE(bytes, 7, 4),
    rx1DrOffset: (dl >> 4) & 7,
    rx2Dr: dl & 0x0f,
    rxDelay: (bytes[12] ?? 0) & 0x0f,
    cfList: bytes.length === 33 ? bytes.slice(13, 29) : undefined,
    mic: bytes.slice(bytes.length - 4),
  }
}

/**
 * Decodes any PHYPayload from air without keys. Data frames keep their
 * encrypted FRMPayload; a JoinAccept stays encrypted. Raises ValueError on
 * malformed input (too short, bad FOptsLen, wrong join length).
 */
export function decodePhyPayload(bytes: Uint8Array): PhyFrame {
  if (!(bytes instanceof Uint8Array) || bytes.length < 1) throw new ValueError("empty PHYPayload")
  const mhdr = bytes[0] ?? 0
  const mtype = (mhdr >> 5) as MType
  const major = mhdr & 3
  switch (mtype) {
    case MType.JoinRequest: {
      if (bytes.length !== 23) throw new ValueError(`JoinRequest must be 23 bytes, got ${bytes.length}`)
      const jr: JoinRequest = {
        mtype,
        major,
        appEui: reversed(bytes.subarray(1, 9)),
        devEui: reversed(bytes.subarray(9, 17)),
        devNonce: readUintLE(bytes, 17, 2),
        mic: bytes.slice(19, 23),
      }
      return jr
    }
    case MType.JoinAccept: {
      if (bytes.length !== 17 && bytes.length !== 33) throw new ValueError(`JoinAccept must be 17 or 33 bytes, got ${bytes.length}`)
      const ja: EncryptedJoinAccept = { mtype, major, encrypted: bytes.slice(1) }
      return ja
    }
    case MType.UnconfirmedDataUp:
    case MType.UnconfirmedDataDown:
    case MType.ConfirmedDataUp:
    case MType.ConfirmedDataDown:
      return decodeData(bytes, mtype, major)
    default: {
      const op: OpaqueFrame = { mtype: mtype as 6 | 7, major, body: bytes.slice(1) }
      return op
    }
  }
}

/** Encodes a proprietary frame: MHDR (MType 7) followed by the opaque body. */
export function encodeProprietary(body: Uint8Array, major = 0): Uint8Array {
  const out = new Uint8Array(1 + body.length)
  out[0] = encodeMhdr(MType.Proprietary, major)
  out.set(body, 1)
  return out
}
