/**
 * The device side of ADR: ADR_ACK_LIMIT/ADR_ACK_DELAY back-off (PF
 * `RegionEU868.c` RegionEU868AdrNext, same in RegionUS915; docs/models.md §3.5).
 */
import { adrAckBackoff } from "../class-a-rules.ts"
import type { Region } from "../region-types.ts"
import { restoreDefaultChannels } from "./channels.ts"
import type { MacSession } from "./session.ts"

/**
 * Called once per new uplink with ADR on: applies the shared rule
 * {@link adrAckBackoff} (ADRACKReq and max TX power from ADR_ACK_LIMIT, one DR
 * step down every ADR_ACK_DELAY after LIMIT + DELAY, default channels back at
 * the lowest DR, the counter reset there) to the session and returns the
 * ADRACKReq bit. The counter then grows by one (a downlink resets it to 0), as
 * LMN's `AdrAckCounter++` after an uplink without downlink.
 */
export function adrNext(region: Region, s: MacSession): boolean {
  const r = adrAckBackoff(region, s)
  s.dr = r.dr
  s.txPowerIndex = r.txPowerIndex
  if (r.restoreChannels) restoreDefaultChannels(region, s.channels)
  s.adrAckCnt = r.adrAckCnt + 1
  return r.adrAckReq
}
