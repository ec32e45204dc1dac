/**
 * When a device may transmit again: per-band time-off (ETSI sub-bands, enforced
 * only when duty cycle is on), the join back-off (1 % / 0.1 % / 0.01 %, applied
 * to JoinRequests even with duty cycle off) and the DutyCycleReq aggregated
 * time-off (PF `RegionCommon.c` RegionCommonCalcBackOff, LMN `CalculateBackOff`
 * / `ScheduleTx`; docs/models.md §1.2, §3.3).
 */
import { DutyCycleRegulator } from "../../../radio/index.ts"
import { aggregatedDCycle, bandTimeOffUs, joinDutyCycleInverse } from "../region-common.ts"
import type { Region } from "../region-types.ts"

/**
 * Band and aggregated time-off of one device. The per-band time-off is the
 * radio layer's {@link DutyCycleRegulator} over `region.subBands` (the same
 * lookup and ToA·dCycle − ToA rule the gateways use); this adds the join
 * back-off, enforcement on/off and the DutyCycleReq aggregated limit.
 */
export class BandTimer {
  private readonly bands: DutyCycleRegulator
  private aggregatedUntil = 0

  constructor(
    readonly region: Region,
    /** Duty-cycle enforcement (Pycom: off, `LoRaMacTestSetDutyCycleOn(false)`). */
    public enforce: boolean,
    /** Sim time the MAC was initialised (LMN `LoRaMacInitializationTime`). */
    readonly initAt: number,
  ) {
    this.bands = new DutyCycleRegulator(region.subBands)
  }

  /** Duty cycle (inverse) of the band holding `freqHz`; 1 (unlimited) outside every band. */
  bandDCycle(freqHz: number): number {
    const i = this.bands.bandOf(freqHz)
    return i < 0 ? 1 : this.region.subBands[i]!.dCycle
  }

  /** Earliest time a frame may start on `freqHz` (join frames always honour the band/back-off time-off). */
  freeAt(freqHz: number, joinRequest: boolean): number {
    return Math.max(this.aggregatedUntil, this.enforce || joinRequest ? this.bands.earliestStart(freqHz, 0) : 0)
  }

  /**
   * Records a frame that ended at `end` after `toaUs` on air. Band time-off =
   * ToA·dCycle − ToA with dCycle the band's, or for a JoinRequest the stricter of
   * it and the join back-off (by time since MAC init at the frame's start);
   * aggregated time-off = ToA·2^MaxDCycle − ToA.
   */
  record(freqHz: number, end: number, toaUs: number, joinRequest: boolean, maxDCycle: number): void {
    const start = end - toaUs
    this.bands.record(freqHz, start, toaUs, joinRequest ? joinDutyCycleInverse(start - this.initAt) : 1)
    const agg = aggregatedDCycle(maxDCycle)
    this.aggregatedUntil = agg === "off" || agg <= 1 ? end : end + Math.ceil(bandTimeOffUs(toaUs, agg))
  }
}
