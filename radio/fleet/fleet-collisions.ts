import { CAPTURE_RULES, NEWCOMER_LOST, OTHER_LOST, energy, goursaudSurvives, lorasimFullCollision } from "../capture-rules.ts"
import { FLEET_LOSS_REASONS, FLEET_PREAMBLE_SYMBOLS } from "./fleet-types.ts"
import { ENERGY_MAX_SF, ENERGY_MIN_SF, NO_GATEWAY_REASON, energyIndex, type FleetPool } from "./fleet-pool.ts"

/**
 * The fleet path's side of the collision rules: the rules themselves are the
 * pure functions of `../capture-rules.ts` (shared with the object path's
 * `destroyers`); this file only keeps their bookkeeping in the pool's typed
 * arrays, allocation-free (docs/models.md §2.3, §6.2, §7).
 */

/** Reception state: received (settled). */
export const OK = 0
// Loss states are the index in FLEET_LOSS_REASONS + 1 (checked below), so `FLEET_LOSS_REASONS[state - 1]` names them.
export const INTERFERENCE = 1
export const NO_PATH = 2
export const HALF_DUPLEX = 3
export const GW_DOWN = 4
export const BELOW_SENS = 5
export const OUT_OF_RANGE = 6
/** Reception state: locked, being demodulated. */
export const LOCKED = 7
/** How many loss states there are (= FLEET_LOSS_REASONS.length). */
export const LOSS_STATES = 6

/** The loss reason a reception state stands for. */
export function lossReasonOf(state: number): (typeof FLEET_LOSS_REASONS)[number] {
  return FLEET_LOSS_REASONS[state - 1]!
}

if (
  FLEET_LOSS_REASONS.length !== LOSS_STATES ||
  lossReasonOf(INTERFERENCE) !== "interference" ||
  lossReasonOf(NO_PATH) !== "no-free-path" ||
  lossReasonOf(HALF_DUPLEX) !== "half-duplex" ||
  lossReasonOf(GW_DOWN) !== "gateway-down" ||
  lossReasonOf(BELOW_SENS) !== "below-sensitivity" ||
  lossReasonOf(OUT_OF_RANGE) !== "out-of-range" ||
  NO_GATEWAY_REASON !== OUT_OF_RANGE
) {
  throw new Error("fleet-collisions: loss states out of step with FLEET_LOSS_REASONS")
}

/** The collision rules by index: the shared names of `CAPTURE_RULES` (capture-rules.ts). */
export const RULES = CAPTURE_RULES
export const GOURSAUD = CAPTURE_RULES.indexOf("goursaud")
export const LORASIM_SIMPLE = CAPTURE_RULES.indexOf("lorasim-simple")
export const LORASIM_FULL = CAPTURE_RULES.indexOf("lorasim-full")
export const ANY_OVERLAP = CAPTURE_RULES.indexOf("any-overlap")

/**
 * Reception `r` (RSSI `rssi`, SF `sf`, on the air from `now` to `end`) meets
 * the receptions `list` already on the air at its gateway and carrier. Both
 * ends of each overlap are known now, so the rule's bookkeeping is done here:
 * - goursaud: each side adds the other's energy over the overlap (P·t) to its
 *   per-interferer-SF sum (only locked receptions keep sums);
 * - any-overlap: two locked frames both collide;
 * - lorasim-simple: a locked newcomer and any frame of the same SF on the list both collide;
 * - lorasim-full: for a locked newcomer, `lorasimFullCollision(newcomer = r, other)`
 *   marks whom LoRaSim's `checkcollision` marks (timing with the fleet's
 *   preamble, then power). Marking a reception that is not locked is harmless:
 *   only locked receptions are judged by `survives`.
 */
export function accountOverlaps(p: FleetPool, rule: number, r: number, locked: boolean, list: readonly number[], sf: number, bwHz: number, rssi: number, now: number, end: number): void {
  for (let j = 0; j < list.length; j++) {
    const r2 = list[j]!
    const t2 = p.rxTx[r2]!
    const s2 = p.rxState[r2]!
    if (rule === GOURSAUD) {
      const ov = Math.min(end, p.txEnd[t2]!) - now
      if (s2 === LOCKED) p.rxEnergy[energyIndex(r2, sf)]! += energy(rssi, ov)
      if (locked) p.rxEnergy[energyIndex(r, p.txSf[t2]!)]! += energy(p.rxRssi[r2]!, ov)
    } else if (locked) {
      // A frame on the list that was not locked (below sensitivity where it still interferes, no free path,
      // half-duplex) is on the air: under LoRaSim's rules it can still destroy the newcomer, as a lost packet
      // in loraDirMulBS.py's packetsAtBS does; a newcomer that is not locked destroys nobody ("lost packets
      // don't collide", its checkcollision returns at once).
      if (rule === ANY_OVERLAP) {
        if (s2 === LOCKED) {
          p.rxHit[r] = 1
          p.rxHit[r2] = 1
        }
      } else if (rule === LORASIM_SIMPLE) {
        if (p.txSf[t2] === sf) {
          p.rxHit[r] = 1
          p.rxHit[r2] = 1
        }
      } else if (rule === LORASIM_FULL) {
        const lost = lorasimFullCollision(now, sf, bwHz, FLEET_PREAMBLE_SYMBOLS, rssi, p.txSf[t2]!, p.txEnd[t2]!, p.rxRssi[r2]!)
        if ((lost & NEWCOMER_LOST) !== 0) p.rxHit[r] = 1
        if ((lost & OTHER_LOST) !== 0) p.rxHit[r2] = 1
      }
    }
  }
}

/**
 * Whether locked reception `r` of frame `t` survived: under goursaud, for
 * every interfering SF, `goursaudSurvives` (10·log10(E_signal / ΣE_interferers)
 * ≥ the SIR matrix threshold, docs/models.md §2.3); under the other rules, no
 * collision was marked.
 */
export function survives(p: FleetPool, rule: number, r: number, t: number): boolean {
  if (rule !== GOURSAUD) return p.rxHit[r] === 0
  const sf = p.txSf[t]!
  const eSig = energy(p.rxRssi[r]!, p.txEnd[t]! - p.txStart[t]!)
  for (let s = ENERGY_MIN_SF; s <= ENERGY_MAX_SF; s++) {
    if (!goursaudSurvives(sf, eSig, s, p.rxEnergy[energyIndex(r, s)]!)) return false
  }
  return true
}
