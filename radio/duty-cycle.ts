import type { Micros } from "../sim/index.ts"

/** One regulated frequency band: [minHz, maxHz) and its duty-cycle fraction. */
export interface SubBand {
  readonly name: string
  readonly minHz: number
  readonly maxHz: number
  readonly dutyCycle: number
}

/**
 * ETSI EN 300 220 sub-bands of EU868 as LoRaMac-node's region table has them
 * (PF `RegionEU868.c` VerifyTxFreq + `RegionEU868.h` bands; reference §3.3).
 */
export const EU868_SUBBANDS: readonly SubBand[] = [
  { name: "g (863-865)", minHz: 863_000_000, maxHz: 865_000_000, dutyCycle: 0.001 },
  { name: "g (865-868)", minHz: 865_000_000, maxHz: 868_000_000, dutyCycle: 0.01 },
  { name: "g1 (868.0-868.6)", minHz: 868_000_000, maxHz: 868_600_000, dutyCycle: 0.01 },
  { name: "g2 (868.7-869.2)", minHz: 868_700_000, maxHz: 869_200_000, dutyCycle: 0.001 },
  { name: "g3 (869.4-869.65)", minHz: 869_400_000, maxHz: 869_650_000, dutyCycle: 0.1 },
  { name: "g4 (869.7-870)", minHz: 869_700_000, maxHz: 870_000_000, dutyCycle: 0.01 },
]

/**
 * A per-device duty-cycle regulator: after a transmission of `toa` in a band the
 * band is off for toa·(1/dc − 1) (LoRaMac-node band time-off, reference §3.3).
 * LoRaMac-node delays the next transmission rather than failing it
 * (`ScheduleTx`, reference §1.4), so callers ask `earliestStart` and wait.
 * A frequency outside every band is unregulated here.
 */
export class DutyCycleRegulator {
  private readonly offUntil: Float64Array

  constructor(readonly bands: readonly SubBand[] = EU868_SUBBANDS) {
    this.offUntil = new Float64Array(bands.length)
  }

  /** Index of the band holding `freqHz`, or −1. */
  bandOf(freqHz: number): number {
    for (let i = 0; i < this.bands.length; i++) {
      const b = this.bands[i]!
      if (freqHz >= b.minHz && freqHz < b.maxHz) return i
    }
    return -1
  }

  /** Earliest time ≥ now at which a transmission on `freqHz` is allowed. */
  earliestStart(freqHz: number, now: Micros): Micros {
    const i = this.bandOf(freqHz)
    return i < 0 ? now : Math.max(now, this.offUntil[i]!)
  }

  /** Records a transmission that started at `start` and lasted `toaUs`. */
  record(freqHz: number, start: Micros, toaUs: Micros): void {
    const i = this.bandOf(freqHz)
    if (i < 0) return
    const dc = this.bands[i]!.dutyCycle
    this.offUntil[i] = start + toaUs + Math.ceil(toaUs * (1 / dc - 1))
  }
}
