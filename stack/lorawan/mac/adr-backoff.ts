/**
 * The device side of ADR: ADR_ACK_LIMIT/ADR_ACK_DELAY back-off (PF
 * `RegionEU868.c` RegionEU868AdrNext, same in RegionUS915; reference §3.5).
 */
import { ADR_ACK_DELAY, ADR_ACK_LIMIT, nextLowerDr } from "../region-common.ts"
import type { Region } from "../region-types.ts"
import { restoreDefaultChannels } from "./channels.ts"
import type { MacSession } from "./session.ts"

/**
 * Called once per new uplink with ADR on: returns the ADRACKReq bit and updates
 * the session — ADRACKCnt ≥ LIMIT sets ADRACKReq and max TX power; from LIMIT +
 * DELAY on, every DELAY-th uplink drops the DR one step; reaching the lowest DR
 * re-enables the default channels and clears ADRACKReq. The counter then grows
 * by one (a downlink resets it).
 */
export function adrNext(region: Region, s: MacSession): boolean {
  let adrAckReq = false
  if (s.adrAckCnt >= ADR_ACK_LIMIT) {
    adrAckReq = true
    s.txPowerIndex = 0
  }
  if (s.adrAckCnt >= ADR_ACK_LIMIT + ADR_ACK_DELAY && s.adrAckCnt % ADR_ACK_DELAY === 1) {
    s.dr = nextLowerDr(region, s.dr)
    if (s.dr === region.txMinDr) {
      adrAckReq = false
      restoreDefaultChannels(region, s.channels)
    }
  }
  s.adrAckCnt++
  return adrAckReq
}
