/**
 * Building and opening LoRaWAN 1.0.2 frames with keys: MIC, FRMPayload
 * encryption, JoinRequest/JoinAccept (docs/models.md §3.6; PF `LoRaMac.c`
 * PrepareFrame / OnRadioRxDone, `LoRaMacCrypto.c`).
 */
import { ValueError } from "../errors/errors.ts"
import { concatBytes } from "./bytes.ts"
import { cryptFrmPayload, dataMic, decryptJoinAcceptBody, encryptJoinAcceptBody, joinMic, reconstructFCnt } from "./crypto.ts"
import { decodeJoinAcceptPlain, decodePhyPayload, encodeDataMessage, encodeJoinAcceptMessage, encodeJoinRequestMessage, type JoinAcceptLayout } from "./frame-codec.ts"
import { MType, NO_FLAGS, directionOf, type DataFrame, type DataMType, type FCtrl, type JoinAccept, type JoinRequest, type SessionKeys } from "./frame-types.ts"

/** What a sender knows about a data frame: FCnt is the full 32-bit counter, payload is plaintext. */
export interface DataFrameSpec {
  readonly mtype: DataMType
  readonly devAddr: number
  readonly fcnt: number
  readonly fctrl?: Partial<FCtrl>
  /** MAC commands piggybacked in FHDR (≤ 15 bytes, sent in clear in 1.0.x). */
  readonly fopts?: Uint8Array
  /** Omit for a frame without FPort (no payload). 0 = MAC commands in FRMPayload. */
  readonly fport?: number
  readonly payload?: Uint8Array
  readonly major?: number
}

/**
 * Encodes, encrypts and MICs a data frame. FPort 0 encrypts with NwkSKey,
 * others with AppSKey; FOpts together with FPort 0 is refused as the spec
 * forbids it (LoRaWAN 1.0.2 §4.3.1.6).
 */
export function buildDataFrame(spec: DataFrameSpec, keys: SessionKeys): Uint8Array {
  const fopts = spec.fopts ?? new Uint8Array(0)
  const payload = spec.payload ?? new Uint8Array(0)
  if (spec.fport === 0 && fopts.length > 0) throw new ValueError("MAC commands in both FOpts and FPort 0")
  if (spec.fport === undefined && payload.length > 0) throw new ValueError("payload without FPort")
  const dir = directionOf(spec.mtype)
  const key = spec.fport === 0 ? keys.nwkSKey : keys.appSKey
  const frmPayload = spec.fport === undefined ? payload : cryptFrmPayload(key, dir, spec.devAddr, spec.fcnt, payload)
  const msg = encodeDataMessage({
    mtype: spec.mtype,
    major: spec.major ?? 0,
    devAddr: spec.devAddr,
    fctrl: { ...NO_FLAGS, ...spec.fctrl },
    fcnt: spec.fcnt,
    fopts,
    fport: spec.fport,
    frmPayload,
  })
  return concatBytes(msg, dataMic(keys.nwkSKey, dir, spec.devAddr, spec.fcnt, msg))
}

/** A received data frame after the MIC check and decryption. */
export interface OpenedDataFrame {
  readonly frame: DataFrame
  /** The 32-bit FCnt the MIC was checked with. */
  readonly fcnt32: number
  readonly micValid: boolean
  /** Decrypted FRMPayload (empty when the MIC failed or there is none). */
  readonly payload: Uint8Array
}

/** Checks the MIC of a data frame's bytes with the given 32-bit FCnt. */
export function verifyDataFrameMic(bytes: Uint8Array, nwkSKey: Uint8Array, fcnt32: number): boolean {
  const f = decodePhyPayload(bytes)
  if (f.mtype < 2 || f.mtype > 5) return false
  const df = f as DataFrame
  if ((fcnt32 & 0xffff) !== df.fcnt) return false
  const mic = dataMic(nwkSKey, directionOf(df.mtype), df.devAddr, fcnt32, bytes.subarray(0, bytes.length - 4))
  return equalBytes(mic, df.mic)
}

/**
 * Decodes a data frame, reconstructs its 32-bit FCnt from `lastFCnt32`
 * (default 0), checks the MIC and decrypts. Raises ValueError when the bytes
 * are not a data frame.
 */
export function openDataFrame(bytes: Uint8Array, keys: SessionKeys, lastFCnt32 = 0): OpenedDataFrame {
  const f = decodePhyPayload(bytes)
  if (f.mtype < 2 || f.mtype > 5) throw new ValueError(`not a data frame (MType ${f.mtype})`)
  const frame = f as DataFrame
  const fcnt32 = reconstructFCnt(lastFCnt32, frame.fcnt)
  const dir = directionOf(frame.mtype)
  const mic = dataMic(keys.nwkSKey, dir, frame.devAddr, fcnt32, bytes.subarray(0, bytes.length - 4))
  const micValid = equalBytes(mic, frame.mic)
  const key = frame.fport === 0 ? keys.nwkSKey : keys.appSKey
  const payload = micValid && frame.fport !== undefined ? cryptFrmPayload(key, dir, frame.devAddr, fcnt32, frame.frmPayload) : new Uint8Array(0)
  return { frame, fcnt32, micValid, payload }
}

/** JoinRequest inputs; EUIs in printed (MSB-first) order. */
export interface JoinRequestSpec {
  readonly appEui: Uint8Array
  readonly devEui: Uint8Array
  readonly devNonce: number
}

/** Encodes a JoinRequest with its AppKey MIC (23 bytes; LoRaWAN 1.0.2 §6.2.4). */
export function buildJoinRequest(spec: JoinRequestSpec, appKey: Uint8Array): Uint8Array {
  const msg = encodeJoinRequestMessage(spec.appEui, spec.devEui, spec.devNonce)
  return concatBytes(msg, joinMic(appKey, msg))
}

/** Decodes a JoinRequest and checks its MIC against `appKey`. Raises ValueError if not a JoinRequest. */
export function openJoinRequest(bytes: Uint8Array, appKey: Uint8Array): { readonly request: JoinRequest; readonly micValid: boolean } {
  const f = decodePhyPayload(bytes)
  if (f.mtype !== MType.JoinRequest) throw new ValueError(`not a JoinRequest (MType ${f.mtype})`)
  const request = f as JoinRequest
  return { request, micValid: equalBytes(joinMic(appKey, bytes.subarray(0, 19)), request.mic) }
}

/** Encodes a JoinAccept, MICs it with AppKey and encrypts it as the network does (AES decrypt; 17 or 33 bytes). */
export function buildJoinAccept(spec: JoinAcceptLayout, appKey: Uint8Array): Uint8Array {
  const msg = encodeJoinAcceptMessage(spec)
  const body = concatBytes(msg.subarray(1), joinMic(appKey, msg))
  return concatBytes(msg.subarray(0, 1), encryptJoinAcceptBody(appKey, body))
}

/** Decrypts a JoinAccept from air as the device does (AES encrypt) and checks its MIC. Raises ValueError if malformed. */
export function openJoinAccept(bytes: Uint8Array, appKey: Uint8Array): { readonly accept: JoinAccept; readonly micValid: boolean; readonly plain: Uint8Array } {
  const f = decodePhyPayload(bytes)
  if (f.mtype !== MType.JoinAccept) throw new ValueError(`not a JoinAccept (MType ${f.mtype})`)
  const plain = concatBytes(bytes.subarray(0, 1), decryptJoinAcceptBody(appKey, bytes.subarray(1)))
  const accept = decodeJoinAcceptPlain(plain)
  const micValid = equalBytes(joinMic(appKey, plain.subarray(0, plain.length - 4)), accept.mic)
  return { accept, micValid, plain }
}

/** Byte-wise equality. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * The MAC command bytes a receiver processes from an opened frame: FOpts, and
 * for FPort 0 the decrypted FRMPayload — but an FPort-0 frame that also has
 * FOpts is ignored (PF LMN `LoRaMac.c` OnRadioRxDone: "Only allow frames which
 * do not have fOpts"). Empty when the MIC failed.
 */
export function macCommandBytes(opened: OpenedDataFrame): Uint8Array {
  if (!opened.micValid) return new Uint8Array(0)
  const { fport, fopts } = opened.frame
  if (fport === 0) return fopts.length === 0 ? opened.payload : new Uint8Array(0)
  return fopts
}
