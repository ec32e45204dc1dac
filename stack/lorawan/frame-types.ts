/**
 * LoRaWAN 1.0.2 frame records (docs/models.md §3.6; PF `LoRaMac.h` LoRaMacHeader_t,
 * LoRaMacFrameCtrl_t). Multi-byte numbers are plain numbers here; the codec
 * handles wire byte order. EUIs are 8 bytes in printed (MSB-first) order.
 */

/** MHDR MType values (LoRaWAN 1.0.2 §4.2.1; PF `LoRaMac.h` LoRaMacFrameType_t). */
export const MType = {
  JoinRequest: 0,
  JoinAccept: 1,
  UnconfirmedDataUp: 2,
  UnconfirmedDataDown: 3,
  ConfirmedDataUp: 4,
  ConfirmedDataDown: 5,
  RFU: 6,
  Proprietary: 7,
} as const
/** One of the {@link MType} numbers. */
export type MType = (typeof MType)[keyof typeof MType]
/** The four data-frame MTypes. */
export type DataMType = 2 | 3 | 4 | 5

/** Major version "LoRaWAN R1" = 0 (LoRaWAN 1.0.2 §4.2.2). */
export const MAJOR_LORAWAN_R1 = 0

/** Link direction as used in B0/A_i blocks: 0 uplink, 1 downlink (LoRaWAN 1.0.2 §4.3.3, §4.4). */
export type Direction = 0 | 1

/** FCtrl flags (LoRaWAN 1.0.2 §4.3.1). `adrAckReq` is meaningful uplink only, `fPending` downlink only (the same bit b4 is RFU/ClassB up). */
export interface FCtrl {
  readonly adr: boolean
  readonly adrAckReq: boolean
  readonly ack: boolean
  readonly fPending: boolean
}

/** A data frame as it is on air, payload still encrypted. `fcnt` is the 16 bits sent. */
/** Fields of a data frame to lay out (payload already encrypted); `major` defaults to 0 (LoRaWAN R1). */
export interface DataFrameLayout {
  readonly mtype: DataMType
  readonly major?: number
  readonly devAddr: number
  readonly fctrl: FCtrl
  readonly fcnt: number
  readonly fopts: Uint8Array
  /** Absent when the frame carries no FPort/FRMPayload. */
  readonly fport: number | undefined
  readonly frmPayload: Uint8Array
}

/** A decoded data frame: its layout with the major version and the MIC. */
export interface DataFrame extends DataFrameLayout {
  readonly major: number
  readonly mic: Uint8Array
}

/** JoinRequest fields (LoRaWAN 1.0.2 §6.2.4). */
export interface JoinRequest {
  readonly mtype: 0
  readonly major: number
  readonly appEui: Uint8Array
  readonly devEui: Uint8Array
  readonly devNonce: number
  readonly mic: Uint8Array
}

/** JoinAccept fields after decryption (LoRaWAN 1.0.2 §6.2.5). */
export interface JoinAccept {
  readonly mtype: 1
  readonly major: number
  readonly appNonce: number
  readonly netId: number
  readonly devAddr: number
  readonly rx1DrOffset: number
  readonly rx2Dr: number
  /** RxDelay b3:0 as sent; 0 means 1 s (LoRaWAN 1.0.2 §5.7). */
  readonly rxDelay: number
  /** Optional 16-byte CFList (EU868: five 3-byte frequencies ×100 Hz + RFU). */
  readonly cfList: Uint8Array | undefined
  readonly mic: Uint8Array
}

/** A proprietary (MType 7) or RFU (MType 6) frame: everything after MHDR is opaque (LoRaWAN 1.0.2 §4.2.1: format not defined, no MIC rule). */
export interface OpaqueFrame {
  readonly mtype: 6 | 7
  readonly major: number
  readonly body: Uint8Array
}

/** Any decoded PHYPayload. A JoinAccept decoded from air is still encrypted: see `decodeJoinAccept`. */
export type PhyFrame = DataFrame | JoinRequest | OpaqueFrame | EncryptedJoinAccept

/** A JoinAccept as seen on air (everything after MHDR encrypted). */
export interface EncryptedJoinAccept {
  readonly mtype: 1
  readonly major: number
  readonly encrypted: Uint8Array
}

/** Session keys for one device (LoRaWAN 1.0.x). */
export interface SessionKeys {
  readonly nwkSKey: Uint8Array
  readonly appSKey: Uint8Array
}

/** True for uplink MTypes (JoinRequest, data up). */
export function isUplink(mtype: MType): boolean {
  return mtype === MType.JoinRequest || mtype === MType.UnconfirmedDataUp || mtype === MType.ConfirmedDataUp
}

/** Direction of a data MType. */
export function directionOf(mtype: DataMType): Direction {
  return mtype === MType.UnconfirmedDataUp || mtype === MType.ConfirmedDataUp ? 0 : 1
}

/** FCtrl with every flag clear. */
export const NO_FLAGS: FCtrl = { adr: false, adrAckReq: false, ack: false, fPending: false }
