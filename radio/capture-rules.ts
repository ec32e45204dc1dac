/**
 * The collision and capture rules of the LoRa uplink medium, once, as pure
 * functions of the frames' own settings (SF, bandwidth, preamble length,
 * start/end, RSSI). Both the object path (`interference.ts` `destroyers`) and
 * the fleet fast path (`fleet/fleet-collisions.ts`) call these; neither has a
 * copy of its own (docs/models.md §2.3, §6.2).
 *
 * Every rule here compares frames on the same carrier only: the callers keep
 * one reception list per carrier (adjacent-channel interference is not
 * modelled; LoRaSim's `frequencyCollision` reduces to "same carrier" for every
 * frequency plan its experiments use, docs/models.md §6.2).
 */
import { symbolTimeUs } from "./lora-phy.ts"

/**
 * The names of the collision rules, the same on both paths:
 * - `goursaud`: energy overlap per interfering SF against the SIR isolation
 *   matrix of Goursaud & Gorce 2015 with the 6 dB same-SF capture threshold,
 *   as ns-3 lorawan's `LoraInterferenceHelper::IsDestroyedByInterference`;
 * - `lorasim-simple`: LoRaSim's default `checkcollision` (`full_collision = 0`):
 *   any overlap with a frame of the same SF destroys both;
 * - `lorasim-full`: LoRaSim's `full_collision = 1`: same SF, `timingCollision`
 *   (the older frame still on the air past the newcomer's first
 *   `preamble − 5` symbols), then `powerCollision` (within 6 dB both are lost,
 *   else the weaker one);
 * - `any-overlap`: pure ALOHA, any overlap on the carrier destroys both.
 */
export const CAPTURE_RULES = ["goursaud", "lorasim-simple", "lorasim-full", "any-overlap"] as const
/** A collision rule (see {@link CAPTURE_RULES}). */
export type CaptureRule = (typeof CAPTURE_RULES)[number]

/**
 * Old names still accepted: `lorasim` was the object path's name for LoRaSim's
 * full rule (timing + power) before both paths shared one vocabulary.
 * @deprecated use `lorasim-full`.
 */
export type DeprecatedCaptureRuleName = "lorasim"

/** The rule a name stands for: a {@link CaptureRule}, or the deprecated `lorasim` (= `lorasim-full`). */
export function captureRule(name: CaptureRule | DeprecatedCaptureRuleName): CaptureRule {
  return name === "lorasim" ? "lorasim-full" : name
}

/**
 * SIR isolation thresholds (dB), row = wanted SF, column = interferer SF, 7..12
 * (Goursaud & Gorce 2015, as ns-3 lorawan `lora-interference-helper.cc`
 * `collisionSnir`; docs/models.md §2.3). ⚠ SF6 is not in the matrix: it is
 * treated as SF7.
 */
export const SIR_MATRIX_DB: readonly (readonly number[])[] = [
  [6, -16, -18, -19, -19, -20],
  [-24, 6, -20, -22, -22, -22],
  [-27, -27, 6, -23, -25, -25],
  [-30, -30, -30, 6, -26, -28],
  [-33, -33, -33, -33, 6, -29],
  [-36, -36, -36, -36, -36, 6],
]

/** Same-SF capture threshold (dB): the SIR matrix diagonal and LoRaSim's `powerThreshold = 6` (docs/models.md §2.3, §6.2). */
export const CAPTURE_THRESHOLD_DB = 6

/**
 * Preamble symbols a receiver may lose and still lock: LoRaSim's
 * `timingCollision` lets the first `Npream − 5` symbols overlap (Bor et al.
 * MSWiM 2016 §3; `loraDir.py`), i.e. the last 5 must be clean.
 */
export const LOCK_PREAMBLE_SYMBOLS = 5

/** SIR threshold (dB) a frame of `wantedSf` needs over the energy of interferers of `interfererSf` (SF clamped to 7..12). */
export function sirThresholdDb(wantedSf: number, interfererSf: number): number {
  const row = SIR_MATRIX_DB[Math.min(Math.max(wantedSf, 7), 12) - 7]!
  return row[Math.min(Math.max(interfererSf, 7), 12) - 7]!
}

/** Energy (arbitrary linear unit, mW·µs) of a signal received at `rssiDbm` for `durationUs`: E = P·t (ns-3's `LoraInterferenceHelper`). */
export function energy(rssiDbm: number, durationUs: number): number {
  return 10 ** (rssiDbm / 10) * durationUs
}

/**
 * Rounding allowance (dB) of the SIR comparison: P·t energies are products of
 * powers of ten, so two frames exactly 6 dB apart give 10·log10(E_s/E_i) =
 * 5.999999999999999 dB. A margin this small changes no physical outcome.
 */
export const SIR_ROUNDING_DB = 1e-9

/**
 * Goursaud rule: whether a frame of `wantedSf` with energy `signalEnergy`
 * (over its whole duration) survives the summed energy `interfererEnergy` of
 * the frames of `interfererSf` overlapping it (each over its overlap):
 * 10·log10(E_signal / ΣE_interferers) ≥ the SIR threshold (ns-3:
 * `snir >= snirIsolation`, within {@link SIR_ROUNDING_DB}). No interference energy: survives.
 */
export function goursaudSurvives(wantedSf: number, signalEnergy: number, interfererSf: number, interfererEnergy: number): boolean {
  return !(interfererEnergy > 0) || 10 * Math.log10(signalEnergy / interfererEnergy) >= sirThresholdDb(wantedSf, interfererSf) - SIR_ROUNDING_DB
}

/** Length (µs) of the overlap of [aStart, aEnd) and [bStart, bEnd), 0 when disjoint. */
export function overlapUs(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart))
}

/** `any-overlap` (pure ALOHA): two frames on a carrier collide, both lost, when their airtimes overlap at all. */
export function anyOverlapCollides(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return overlapUs(aStart, aEnd, bStart, bEnd) > 0
}

/**
 * `lorasim-simple` (LoRaSim `checkcollision` with `full_collision = 0`:
 * `frequencyCollision` and `sfCollision`): two frames on the air together on
 * one carrier collide, both lost, when they have the same SF.
 */
export function lorasimSimpleCollides(aSf: number, aStart: number, aEnd: number, bSf: number, bStart: number, bEnd: number): boolean {
  return aSf === bSf && overlapUs(aStart, aEnd, bStart, bEnd) > 0
}

/**
 * Where the critical section of a frame starts (µs): after the first
 * `preambleSymbols − 5` symbols of its preamble (LoRaSim `timingCollision`:
 * `Tpreamb = 2^sf / bw · (Npream − 5)`; LoRaSim fixes Npream = 8, here it is
 * the frame's own preamble length). Fractional: compare, do not store.
 */
export function lorasimCriticalSectionStartUs(startUs: number, sf: number, bwHz: number, preambleSymbols: number): number {
  return startUs + Math.max(0, preambleSymbols - LOCK_PREAMBLE_SYMBOLS) * symbolTimeUs(sf, bwHz)
}

/**
 * LoRaSim `timingCollision(p1 = newcomer, p2 = other)`: the frame already on
 * the air (ending at `otherEndUs`) still overlaps the newcomer's critical
 * section — strictly: `p1_cs < p2_end`, so an `other` ending exactly where the
 * critical section starts does not collide. Only the newcomer's preamble is
 * looked at (the code's rule: the older frame is never protected by its own
 * preamble position, it is already locked).
 */
export function lorasimTimingCollides(newStartUs: number, newSf: number, newBwHz: number, newPreambleSymbols: number, otherEndUs: number): boolean {
  return lorasimCriticalSectionStartUs(newStartUs, newSf, newBwHz, newPreambleSymbols) < otherEndUs
}

/** {@link lorasimPowerCollision} result bit: the newcomer is lost. */
export const NEWCOMER_LOST = 1
/** {@link lorasimPowerCollision} result bit: the frame already on the air is lost. */
export const OTHER_LOST = 2

/**
 * LoRaSim `powerCollision(p1 = newcomer, p2 = other)` with `powerThreshold = 6`:
 * |Δ| < 6 dB → both lost; newcomer − other < 6 dB (so ≤ −6) → the newcomer is
 * lost; otherwise (newcomer ≥ 6 dB stronger) the other is lost. Returns
 * {@link NEWCOMER_LOST} | {@link OTHER_LOST} bits.
 */
export function lorasimPowerCollision(newRssiDbm: number, otherRssiDbm: number): number {
  const d = newRssiDbm - otherRssiDbm
  if (Math.abs(d) < CAPTURE_THRESHOLD_DB) return NEWCOMER_LOST | OTHER_LOST
  return d < CAPTURE_THRESHOLD_DB ? NEWCOMER_LOST : OTHER_LOST
}

/**
 * `lorasim-full` for a newcomer meeting one frame already on the air at the
 * same receiver and carrier (LoRaSim `checkcollision` with `full_collision = 1`,
 * called once per other packet in `packetsAtBS` when the newcomer arrives):
 * same SF (`sfCollision`), then {@link lorasimTimingCollides}, then
 * {@link lorasimPowerCollision}. Returns the lost bits (0: nobody lost).
 * `loraDir.py` marks the newcomer's own loss too (`if p == packet: col = 1`,
 * then `transmit` sets `collided = col`), so both bits count.
 */
export function lorasimFullCollision(
  newStartUs: number,
  newSf: number,
  newBwHz: number,
  newPreambleSymbols: number,
  newRssiDbm: number,
  otherSf: number,
  otherEndUs: number,
  otherRssiDbm: number,
): number {
  if (newSf !== otherSf || !lorasimTimingCollides(newStartUs, newSf, newBwHz, newPreambleSymbols, otherEndUs)) return 0
  return lorasimPowerCollision(newRssiDbm, otherRssiDbm)
}
