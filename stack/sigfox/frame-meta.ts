/**
 * What the Sigfox stack puts in a UNB frame's `meta`: the fields of the uplink
 * bitstream the backend reads (device ID, message counter, frame rank, payload,
 * downlink flag) and of the downlink. Carried as data, not encoded bits.
 */

/** An uplink (or OOB) frame's contents. */
export interface SigfoxUplinkMeta {
  readonly type: "uplink"
  readonly deviceId: number
  /** 12-bit message counter. */
  readonly seq: number
  /** 0-based rank of this frame in its message. */
  readonly rank: number
  /** Frames in the message (1–3). */
  readonly frames: number
  /** Payload bytes (empty for the 1-bit frame). */
  readonly payload: Uint8Array
  /** The bit of a 1-bit frame (`send(b'')` with SO_BIT), undefined otherwise. */
  readonly bit: boolean | undefined
  /** Out-of-band frame (keep-alive or downlink confirmation). */
  readonly oob: boolean
  /** Downlink requested (SO_RX). */
  readonly downlink: boolean
  /** Radio configuration 1–4. */
  readonly rc: number
}

/** A downlink frame's contents. */
export interface SigfoxDownlinkMeta {
  readonly type: "downlink"
  readonly deviceId: number
  readonly seq: number
  readonly payload: Uint8Array
  readonly rc: number
}

/** A device-to-device FSK frame. */
export interface SigfoxFskMeta {
  readonly type: "fsk"
  readonly deviceId: number
  readonly payload: Uint8Array
}

/** Any Sigfox frame's meta. */
export type SigfoxMeta = SigfoxUplinkMeta | SigfoxDownlinkMeta | SigfoxFskMeta

/** Whether an unknown meta is a Sigfox uplink. */
export function isUplinkMeta(m: unknown): m is SigfoxUplinkMeta {
  return typeof m === "object" && m !== null && (m as { type?: unknown }).type === "uplink"
}
