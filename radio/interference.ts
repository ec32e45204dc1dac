import { criticalSectionStartUs, symbolTimeUs } from "./lora-phy.ts"
import type { Interferer, TransmissionRecord } from "./frames.ts"

/**
 * Which rule decides whether a locked frame survives the frames overlapping it:
 * - `goursaud` (default): energy overlap against the SIR isolation matrix of
 *   Goursaud & Gorce 2015 with the 6 dB same-SF capture threshold, as ns-3
 *   lorawan's `LoraInterferenceHelper` (reference §2.3);
 * - `any-overlap`: any overlapping frame on the channel destroys it (pure ALOHA);
 * - `lorasim`: LoRaSim's `checkcollision` — same SF, `timingCollision` (the
 *   overlap reaches the last 5 preamble symbols of the later frame) and
 *   `powerCollision` (lost unless ≥ 6 dB stronger) (Bor et al. MSWiM 2016, `loraDir.py`).
 *   Differences: LoRaSim fixes Npream = 8 where this uses the frame's preamble, and
 *   its `frequencyCollision` also counts carriers within 30/60/120 kHz (BW125/250/500)
 *   while the medium only lets frames on the same carrier interfere.
 *
 * All three consider only frames on the same carrier frequency (adjacent-channel
 * interference is not modelled).
 */
export type InterferenceModel = "goursaud" | "any-overlap" | "lorasim"

/**
 * SIR isolation thresholds (dB), row = wanted SF, column = interferer SF, 7..12
 * (Goursaud & Gorce 2015 via NS3 `lora-interference-helper.cc`, reference §2.3).
 * ⚠ SF6 is not in the matrix: it is treated as SF7 here.
 */
export const SIR_MATRIX_DB: readonly (readonly number[])[] = [
  [6, -16, -18, -19, -19, -20],
  [-24, 6, -20, -22, -22, -22],
  [-27, -27, 6, -23, -25, -25],
  [-30, -30, -30, 6, -26, -28],
  [-33, -33, -33, -33, 6, -29],
  [-36, -36, -36, -36, -36, 6],
]

/** Same-SF capture threshold (dB), the matrix diagonal and LoRaSim's `power_threshold` (reference §2.3). */
export const CAPTURE_THRESHOLD_DB = 6

function sirThreshold(wantedSf: number, interfererSf: number): number {
  const r = SIR_MATRIX_DB[Math.min(Math.max(wantedSf, 7), 12) - 7] as readonly number[]
  return r[Math.min(Math.max(interfererSf, 7), 12) - 7] as number
}

function overlapUs(a: TransmissionRecord, b: TransmissionRecord): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start))
}

const energyBySf = new Float64Array(13)

/**
 * Decides the fate of `signal` received at `rssiDbm` with the given interferers
 * (all on its channel, overlapping it in time). Returns the ids of the frames that
 * destroyed it, or an empty list when it survives.
 */
export function destroyers(model: InterferenceModel, signal: TransmissionRecord, rssiDbm: number, interferers: readonly Interferer[]): string[] {
  if (interferers.length === 0) return []
  if (model === "any-overlap") {
    const out: string[] = []
    for (const i of interferers) if (overlapUs(signal, i.tx) > 0) out.push(i.tx.senderId)
    return out
  }
  if (model === "lorasim") {
    const out: string[] = []
    for (const i of interferers) {
      if (i.tx.sf !== signal.sf || overlapUs(signal, i.tx) <= 0) continue
      const [early, late] = i.tx.start <= signal.start ? [i.tx, signal] : [signal, i.tx]
      const timing = early.end > criticalSectionStartUs(late.start, late)
      if (timing && rssiDbm - i.rssiDbm < CAPTURE_THRESHOLD_DB) out.push(i.tx.senderId)
    }
    return out
  }
  // goursaud: E = P·t; signal energy over its whole duration, interferer energy over the overlap, summed per interferer SF.
  energyBySf.fill(0)
  let any = false
  for (const i of interferers) {
    const o = overlapUs(signal, i.tx)
    if (o <= 0) continue
    energyBySf[Math.min(Math.max(i.tx.sf, 6), 12)]! += 10 ** (i.rssiDbm / 10) * o
    any = true
  }
  if (!any) return []
  const eSig = 10 ** (rssiDbm / 10) * (signal.end - signal.start)
  const out: string[] = []
  for (let sf = 6; sf <= 12; sf++) {
    const e = energyBySf[sf]!
    if (e === 0) continue
    if (10 * Math.log10(eSig / e) < sirThreshold(signal.sf, sf)) {
      for (const i of interferers) if (i.tx.sf === sf && overlapUs(signal, i.tx) > 0) out.push(i.tx.senderId)
    }
  }
  return out
}

/** Duration of one symbol of `tx` in µs (helper for LBT and windows). */
export function symbolUs(tx: TransmissionRecord): number {
  return symbolTimeUs(tx.sf, tx.bwHz)
}
