/**
 * Frame-counter acceptance for a receiver holding a 32-bit counter and seeing
 * 16 bits on air (LoRaWAN 1.0.2 §4.3.1.5; PF LMN `LoRaMac.c` OnRadioRxDone:
 * counter reconstruction, `MAX_FCNT_GAP` check; docs/models.md §3.2). Used by the
 * device for downlinks and by the network server for uplinks (replay guard).
 */
import { reconstructFCnt } from "./crypto.ts"
import { MAX_FCNT_GAP } from "./region-common.ts"

/** How a received FCnt relates to the last accepted one. */
export type FCntStatus =
  /** Higher than the last accepted counter, within MAX_FCNT_GAP: accept and store. */
  | "new"
  /** Equal to the last accepted counter: a retransmission (or replay) of the same frame. */
  | "repeat"
  /** Older than the last one, or more than MAX_FCNT_GAP ahead: discard (LoRaWAN 1.0.2 §4.3.1.5). */
  | "rejected"

/** Result of {@link checkFCnt}: the 32-bit counter to verify the MIC with, and the verdict. */
export interface FCntCheck {
  readonly fcnt32: number
  readonly status: FCntStatus
}

/**
 * Classifies a 16-bit FCnt against the last accepted 32-bit counter
 * (`undefined` before the first frame of a session, when any value is new).
 * The candidate is the smallest 32-bit value ≥ `last` with the same low 16
 * bits; an older frame therefore appears ≥ 2^16 − gap ahead and is rejected
 * by the MAX_FCNT_GAP rule, as in LoRaMac-node — if it is at most
 * 2^16 − MAX_FCNT_GAP behind. An older replay looks "new" here, but its MIC
 * was computed with different high counter bits, so the MIC check (with the
 * returned `fcnt32`) rejects it: callers must check both.
 */
export function checkFCnt(last32: number | undefined, wire16: number): FCntCheck {
  if (last32 === undefined) return { fcnt32: wire16, status: "new" }
  const fcnt32 = reconstructFCnt(last32, wire16)
  if (fcnt32 === last32) return { fcnt32, status: "repeat" }
  if (fcnt32 - last32 >= MAX_FCNT_GAP || fcnt32 > 0xffffffff) return { fcnt32, status: "rejected" }
  return { fcnt32, status: "new" }
}
