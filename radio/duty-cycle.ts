import type { Micros } from "../sim/index.ts"

/**
 * A regulated frequency range with its duty-cycle limit, stored as LoRaMac-node
 * does: the inverse `dCycle` (100 = 1 %). The LoRaWAN `Region.subBands` tables
 * (stack/lorawan) are lists of these and are the one sub-band table; this layer
 * only applies them (docs/models.md §3.3).
 */
export interface SubBand {
  readonly minHz: number
  /** Inclusive upper edge (PF `VerifyTxFreq` uses `<=` on every upper edge but 865 MHz, written here as 864 999 999 Hz). */
  readonly maxHz: number
  /** Whether `minHz` itself belongs to the range (PF `VerifyTxFreq` mixes `>=` and `>`). */
  readonly minInclusive: boolean
  /** Duty cycle as an inverse: time-off after a frame is ToA·dCycle − ToA. */
  readonly dCycle: number
  /**
   * LMN band index: ranges with the same index share one time-off (PF EU868:
   * 863–865 MHz and 868.7–869.2 MHz are both band 2). Default: the entry's own index.
   */
  readonly band?: number
}

/** Index of the first range holding `freqHz`, or −1 (PF `VerifyTxFreq` order). */
export function subBandIndex(bands: readonly SubBand[], freqHz: number): number {
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i]!
    if ((b.minInclusive ? freqHz >= b.minHz : freqHz > b.minHz) && freqHz <= b.maxHz) return i
  }
  return -1
}

/** Band time-off after a frame of `timeOnAirUs`: ToA·dCycle − ToA (PF `RegionCommonCalcBackOff`; docs/models.md §3.3). */
export function bandTimeOffUs(timeOnAirUs: number, dCycle: number): number {
  return timeOnAirUs * dCycle - timeOnAirUs
}

/**
 * Per-transmitter band time-off over a table of {@link SubBand}s: after a
 * transmission of `toa` in a band the band is off for ToA·dCycle − ToA
 * (LoRaMac-node band time-off, docs/models.md §3.3). LoRaMac-node delays the
 * next transmission rather than failing it (`ScheduleTx`, docs/models.md §1.4),
 * so callers ask `earliestStart` and wait. A frequency outside every band is
 * unregulated. Used by gateways (network server, fleet planner) and, through
 * the LoRaWAN MAC's `BandTimer`, by devices.
 */
export class DutyCycleRegulator {
  private readonly offUntil: Float64Array
  private readonly slot: Int32Array

  constructor(readonly bands: readonly SubBand[]) {
    this.slot = Int32Array.from(bands, (b, i) => b.band ?? i)
    this.offUntil = new Float64Array(this.slot.reduce((m, x) => Math.max(m, x + 1), 0))
  }

  /** Index (in `bands`) of the range holding `freqHz`, or −1. */
  bandOf(freqHz: number): number {
    return subBandIndex(this.bands, freqHz)
  }

  /** Earliest time ≥ now at which a transmission on `freqHz` is allowed. */
  earliestStart(freqHz: number, now: Micros): Micros {
    const i = this.bandOf(freqHz)
    return i < 0 ? now : Math.max(now, this.offUntil[this.slot[i]!]!)
  }

  /**
   * Records a transmission that started at `start` and lasted `toaUs`. The band's
   * duty cycle applies, or `dCycleAtLeast` when stricter (a LoRaWAN JoinRequest's
   * back-off, PF `RegionCommonCalcBackOff`).
   */
  record(freqHz: number, start: Micros, toaUs: Micros, dCycleAtLeast = 1): void {
    const i = this.bandOf(freqHz)
    if (i < 0) return
    const dc = Math.max(this.bands[i]!.dCycle, dCycleAtLeast)
    this.offUntil[this.slot[i]!] = start + toaUs + Math.ceil(bandTimeOffUs(toaUs, dc))
  }
}
