import type { Micros } from "../sim/index.ts"
import type { LoraFrameFormat } from "./lora-phy.ts"

/**
 * What a transmitter asks the medium to send: the frame format, the carrier,
 * the power and the bytes. Sync word 0x34 = public network, 0x12 = private
 * (`sx1276.h`, docs/models.md §1.2).
 */
export interface TxRequest extends LoraFrameFormat {
  readonly freqHz: number
  /** Conducted TX power in dBm (antenna gain is the radio's). */
  readonly txPowerDbm: number
  readonly payload: Uint8Array
  readonly syncWord: number
  /** Inverted I/Q (LoRaWAN downlinks; Pycom `tx_iq`). */
  readonly iqInverted: boolean
}

/** LoRa sync word of public (LoRaWAN) networks (`sx1276.h` LORA_MAC_PUBLIC_SYNCWORD, docs/models.md §1.2). */
export const SYNC_WORD_PUBLIC = 0x34
/** LoRa sync word of private networks (`sx1276.h` LORA_MAC_PRIVATE_SYNCWORD, docs/models.md §1.2). */
export const SYNC_WORD_PRIVATE = 0x12

/**
 * Why a frame was not received, one vocabulary for both paths (the fleet's
 * reasons, `FLEET_LOSS_REASONS`, are a subset of these strings):
 * `below-sensitivity`, `interference` (the capture rule destroyed it,
 * `capture-rules.ts`), `half-duplex` (the receiver was transmitting),
 * `no-free-path` (all gateway demodulation paths busy), `receiver-busy` (an
 * end-device receiver already locked on another frame: it locks only when idle,
 * docs/models.md §2.3), `wrong-channel` / `wrong-sf` / `wrong-bandwidth` /
 * `wrong-sync-word` / `wrong-iq` (the receiver was tuned otherwise),
 * `radio-off` (the receiver was switched off during the frame), `gateway-down`
 * (a fleet gateway taken off the air; the object path's `Gateway` reports this
 * as `radio-off`), `out-of-range` (a fleet frame no gateway could hear at all).
 */
export const LOST_REASONS = [
  "below-sensitivity",
  "interference",
  "half-duplex",
  "no-free-path",
  "receiver-busy",
  "wrong-channel",
  "wrong-sf",
  "wrong-bandwidth",
  "wrong-sync-word",
  "wrong-iq",
  "radio-off",
  "gateway-down",
  "out-of-range",
] as const
/** A reason a frame was lost (see {@link LOST_REASONS}). */
export type LostReason = (typeof LOST_REASONS)[number]

/** One signal overlapping a reception, with its power at that receiver. */
export interface Interferer {
  readonly tx: TransmissionRecord
  readonly rssiDbm: number
}

/** The compact record of one frame on the air. */
export interface TransmissionRecord extends TxRequest {
  readonly id: number
  readonly senderId: string
  readonly start: Micros
  readonly end: Micros
  /**
   * Set on frames injected from another medium (a fleet's): where the sender
   * is. Such frames only interfere: nobody locks on them.
   */
  readonly externalPosition?: { readonly x: number; readonly y: number; readonly z?: number }
}

/** A frame delivered to a receiver (what gateways publish, reference: issue 4 notes). */
export interface ReceivedFrame {
  /** End of the frame (µs): when the receiver has it. */
  readonly timeUs: Micros
  readonly startUs: Micros
  readonly receiverId: string
  readonly transmitterId: string
  readonly txId: number
  readonly freqHz: number
  readonly bwHz: number
  readonly sf: number
  readonly cr: number
  readonly rssiDbm: number
  readonly snrDb: number
  readonly payload: Uint8Array
  readonly syncWord: number
  /** Sync word is the public one (0x34). */
  readonly public: boolean
  readonly iqInverted: boolean
}

/** A frame a receiver did not get, with the reason (and who interfered). */
export interface LostFrame {
  readonly timeUs: Micros
  readonly receiverId: string
  readonly transmitterId: string
  readonly txId: number
  readonly reason: LostReason
  readonly rssiDbm: number
  /** Transmitter ids of the interferers when `reason` is `interference`. */
  readonly interferers: readonly string[]
}
