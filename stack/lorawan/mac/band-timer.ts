/**
 * When a device may transmit again: per-band time-off (ETSI sub-bands, enforced
 * only when duty cycle is on), the join back-off (1 % / 0.1 % / 0.01 %, applied
 * to JoinRequests even with duty cycle off) and the DutyCycleReq aggregated
 * time-off (PF `RegionCommon.c` RegionCommonCalcBackOff, LMN `CalculateBackOff`
 * / `ScheduleTx`; reference §1.2, §3.3).
 */
import { aggregatedDCycle, bandTimeOffUs, joinDutyCycleInverse } from "../region-common.ts"
import type { Region } from "../region-types.ts"

/** Band and aggregated time-off of one device. */
export class BandTimer {
  private readonly offUntil: Float64Array
  private aggregatedUntil = 0

  constructor(
    readonly region: Region,
    /** Duty-cycle enforcement (Pycom: off, `LoRaMacTestSetDutyCycleOn(false)`). */
    public enforce: boolean,
    /** Sim time the MAC was initialised (LMN `LoRaMacInitializationTime`). */
    readonly initAt: number,
  ) {
    this.offUntil = new Float64Array(region.subBands.length)
  }

  private bandIndex(freqHz: number): number {
    const bands = this.region.subBands
    for (let i = 0; i < bands.length; i++) {
      const b = bands[i]!
      if ((b.minInclusive ? freqHz >= b.minHz : freqHz > b.minHz) && freqHz <= b.maxHz) return i
    }
    return -1
  }

  /** Earliest time a frame may start on `freqHz` (join frames always honour the band/back-off time-off). */
  freeAt(freqHz: number, joinRequest: boolean): number {
    const i = this.bandIndex(freqHz)
    const band = i < 0 ? 0 : this.offUntil[i]!
    return Math.max(this.aggregatedUntil, this.enforce || joinRequest ? band : 0)
  }

  /**
   * Records a frame that ended at `end` after `toaUs` on air. Band time-off =
   * ToA·dCycle − ToA with dCycle the band's, or before joining the stricter of
   * it and the join back-off; aggregated time-off = ToA·2^MaxDCycle − ToA.
   */
  record(freqHz: number, end: number, toaUs: number, joinRequest: boolean, maxDCycle: number): void {
    const i = this.bandIndex(freqHz)
    if (i >= 0) {
      let dc = this.region.subBands[i]!.dCycle
      if (joinRequest) dc = Math.max(dc, joinDutyCycleInverse(end - toaUs - this.initAt))
      this.offUntil[i] = end + Math.ceil(bandTimeOffUs(toaUs, dc))
    }
    const agg = aggregatedDCycle(maxDCycle)
    this.aggregatedUntil = agg === "off" || agg <= 1 ? end : end + Math.ceil(bandTimeOffUs(toaUs, agg))
  }
}
