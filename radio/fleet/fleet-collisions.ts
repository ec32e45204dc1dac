import { CAPTURE_THRESHOLD_DB, SIR_MATRIX_DB } from "../interference.ts"
import type { FleetPool } from "./fleet-pool.ts"

// Reception states: LOCKED while demodulating, then OK or a loss code (index in FLEET_LOSS_REASONS + 1).
export const OK = 0
export const INTERFERENCE = 1
export const NO_PATH = 2
export const HALF_DUPLEX = 3
export const GW_DOWN = 4
export const BELOW_SENS = 5
export const OUT_OF_RANGE = 6
export const LOCKED = 7

/** The collision rules, by index (see `FleetCollisionRule` in presets.ts). */
export const RULES = ["goursaud", "lorasim-simple", "lorasim-full", "any-overlap"] as const
export const GOURSAUD = 0
export const LORASIM_SIMPLE = 1
export const LORASIM_FULL = 2
export const ANY_OVERLAP = 3

/**
 * Reception `r` (RSSI `rssi`, SF `sf`, on the air from `now` to `end`) meets
 * the receptions `list` already on the air at its gateway and channel. Both
 * ends of each overlap are known now, so the rule's bookkeeping is done here:
 * - goursaud: each side adds the other's energy over the overlap (P·t) to its
 *   per-interferer-SF sum (only locked receptions keep sums);
 * - lorasim-simple / any-overlap: locked frames of the same SF (any SF) both collide;
 * - lorasim-full: `loraDir.py` `timingCollision(new, other)` (the other frame
 *   still on the air past the newcomer's first 3 preamble symbols, Npream 8)
 *   then `powerCollision` (within 6 dB both lost, else the weaker).
 */
export function accountOverlaps(p: FleetPool, rule: number, r: number, locked: boolean, list: readonly number[], sf: number, bwHz: number, rssi: number, now: number, end: number): void {
  for (let j = 0; j < list.length; j++) {
    const r2 = list[j]!
    const t2 = p.rxTx[r2]!
    const s2 = p.rxState[r2]!
    if (rule === GOURSAUD) {
      const ov = Math.min(end, p.txEnd[t2]!) - now
      if (s2 === LOCKED) p.rxEnergy[r2 * 7 + sf - 6]! += 10 ** (rssi / 10) * ov
      if (locked) p.rxEnergy[r * 7 + p.txSf[t2]! - 6]! += 10 ** (p.rxRssi[r2]! / 10) * ov
    } else if (locked && s2 === LOCKED) {
      if (rule === ANY_OVERLAP || (rule === LORASIM_SIMPLE && p.txSf[t2] === sf)) {
        p.rxHit[r] = 1
        p.rxHit[r2] = 1
      } else if (rule === LORASIM_FULL && p.txSf[t2] === sf) {
        const cs = now + ((8 - 5) * ((1 << sf) * 1e6)) / bwHz
        if (cs < p.txEnd[t2]!) {
          const diff = rssi - p.rxRssi[r2]!
          if (Math.abs(diff) < CAPTURE_THRESHOLD_DB) {
            p.rxHit[r] = 1
            p.rxHit[r2] = 1
          } else if (diff < CAPTURE_THRESHOLD_DB) p.rxHit[r] = 1
          else p.rxHit[r2] = 1
        }
      }
    }
  }
}

/**
 * Whether locked reception `r` of frame `t` survived: under goursaud, for
 * every interfering SF, 10·log10(E_signal / ΣE_interferers) ≥ the SIR matrix
 * threshold (reference §2.3); under the other rules, no collision was marked.
 */
export function survives(p: FleetPool, rule: number, r: number, t: number): boolean {
  if (rule !== GOURSAUD) return p.rxHit[r] === 0
  const sf = p.txSf[t]!
  const eSig = 10 ** (p.rxRssi[r]! / 10) * (p.txEnd[t]! - p.txStart[t]!)
  const row = SIR_MATRIX_DB[Math.min(Math.max(sf, 7), 12) - 7]!
  for (let s = 6; s <= 12; s++) {
    const e = p.rxEnergy[r * 7 + s - 6]!
    if (e > 0 && 10 * Math.log10(eSig / e) < row[Math.min(Math.max(s, 7), 12) - 7]!) return false
  }
  return true
}
