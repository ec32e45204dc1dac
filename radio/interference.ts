import { symbolTimeUs } from "./lora-phy.ts"
import type { Interferer, TransmissionRecord } from "./frames.ts"
import {
  CAPTURE_RULES,
  NEWCOMER_LOST,
  OTHER_LOST,
  anyOverlapCollides,
  captureRule,
  energy,
  goursaudSurvives,
  lorasimFullCollision,
  lorasimSimpleCollides,
  overlapUs,
  type CaptureRule,
  type DeprecatedCaptureRuleName,
} from "./capture-rules.ts"

export { CAPTURE_THRESHOLD_DB, SIR_MATRIX_DB } from "./capture-rules.ts"

/**
 * Which rule decides whether a locked frame survives the frames overlapping it
 * (the names of {@link CAPTURE_RULES}, shared with the fleet path; the rules
 * themselves are in `capture-rules.ts`, docs/models.md §2.3, §6.2):
 * `goursaud` (default), `lorasim-simple`, `lorasim-full`, `any-overlap`, and the
 * deprecated `lorasim` (= `lorasim-full`). The LoRaSim rules use each frame's
 * own preamble length where LoRaSim fixes 8 symbols.
 *
 * All consider only frames on the same carrier frequency (adjacent-channel
 * interference is not modelled).
 */
export type InterferenceModel = CaptureRule | DeprecatedCaptureRuleName

const energyBySf = new Float64Array(13)

/**
 * Decides the fate of `signal` received at `rssiDbm` with the given interferers
 * (all on its channel, overlapping it in time). Returns the ids of the frames that
 * destroyed it, or an empty list when it survives.
 */
export function destroyers(model: InterferenceModel, signal: TransmissionRecord, rssiDbm: number, interferers: readonly Interferer[]): string[] {
  if (interferers.length === 0) return []
  const rule = captureRule(model)
  const out: string[] = []
  if (rule === "any-overlap") {
    for (const i of interferers) if (anyOverlapCollides(signal.start, signal.end, i.tx.start, i.tx.end)) out.push(i.tx.senderId)
    return out
  }
  if (rule === "lorasim-simple") {
    for (const i of interferers) if (lorasimSimpleCollides(signal.sf, signal.start, signal.end, i.tx.sf, i.tx.start, i.tx.end)) out.push(i.tx.senderId)
    return out
  }
  if (rule === "lorasim-full") {
    for (const i of interferers) {
      if (overlapUs(signal.start, signal.end, i.tx.start, i.tx.end) <= 0) continue
      // LoRaSim checks each pair once, when the later frame (the newcomer) arrives.
      const lost =
        i.tx.start > signal.start
          ? lorasimFullCollision(i.tx.start, i.tx.sf, i.tx.bwHz, i.tx.preamble, i.rssiDbm, signal.sf, signal.end, rssiDbm) & OTHER_LOST
          : lorasimFullCollision(signal.start, signal.sf, signal.bwHz, signal.preamble, rssiDbm, i.tx.sf, i.tx.end, i.rssiDbm) & NEWCOMER_LOST
      if (lost !== 0) out.push(i.tx.senderId)
    }
    return out
  }
  // goursaud: E = P·t; signal energy over its whole duration, interferer energy over the overlap, summed per interferer SF.
  energyBySf.fill(0)
  let any = false
  for (const i of interferers) {
    const o = overlapUs(signal.start, signal.end, i.tx.start, i.tx.end)
    if (o <= 0) continue
    energyBySf[Math.min(Math.max(i.tx.sf, 6), 12)]! += energy(i.rssiDbm, o)
    any = true
  }
  if (!any) return []
  const eSig = energy(rssiDbm, signal.end - signal.start)
  for (let sf = 6; sf <= 12; sf++) {
    const e = energyBySf[sf]!
    if (e === 0 || goursaudSurvives(signal.sf, eSig, sf, e)) continue
    for (const i of interferers) if (i.tx.sf === sf && overlapUs(signal.start, signal.end, i.tx.start, i.tx.end) > 0) out.push(i.tx.senderId)
  }
  return out
}

/** Duration of one symbol of `tx` in µs (helper for LBT and windows). */
export function symbolUs(tx: TransmissionRecord): number {
  return symbolTimeUs(tx.sf, tx.bwHz)
}
