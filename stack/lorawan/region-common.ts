/**
 * Region-independent LoRaWAN 1.0.2 MAC timing and the pure rules shared by
 * regions (docs/models.md §3.2–3.4; PF `RegionEU868.h` / `RegionUS915.h` share these
 * values; PF `RegionCommon.c`; LMN `LoRaMac.h`).
 */
import { ValueError } from "../errors/errors.ts"
import { bandTimeOffUs, subBandIndex } from "../../radio/index.ts"
import type { DataRate, Region, SubBand } from "./region-types.ts"

const S = 1_000_000

/** RECEIVE_DELAY1 = 1 s, RECEIVE_DELAY2 = 2 s (PF `EU868_RECEIVE_DELAY1/2`, `US915_RECEIVE_DELAY1/2`; docs/models.md §3.2). */
export const RECEIVE_DELAY1_US = 1 * S
/** See {@link RECEIVE_DELAY1_US}. */
export const RECEIVE_DELAY2_US = 2 * S
/** JOIN_ACCEPT_DELAY1 = 5 s, JOIN_ACCEPT_DELAY2 = 6 s (PF `*_JOIN_ACCEPT_DELAY1/2`; docs/models.md §3.2). */
export const JOIN_ACCEPT_DELAY1_US = 5 * S
/** See {@link JOIN_ACCEPT_DELAY1_US}. */
export const JOIN_ACCEPT_DELAY2_US = 6 * S
/** ACK_TIMEOUT = 2 s ± 1 s uniform (PF `*_ACKTIMEOUT` 2000, `*_ACK_TIMEOUT_RND` 1000, `randr(-RND, RND)`). */
export const ACK_TIMEOUT_US = 2 * S
/** See {@link ACK_TIMEOUT_US}. */
export const ACK_TIMEOUT_RND_US = 1 * S
/** ADR_ACK_LIMIT = 64, ADR_ACK_DELAY = 32 (PF `*_ADR_ACK_LIMIT/DELAY`; docs/models.md §3.2, §3.5). */
export const ADR_ACK_LIMIT = 64
/** See {@link ADR_ACK_LIMIT}. */
export const ADR_ACK_DELAY = 32
/** MAX_FCNT_GAP = 16384 (PF `*_MAX_FCNT_GAP`; docs/models.md §3.2). */
export const MAX_FCNT_GAP = 16384
/** MAX_ACK_RETRIES = 8: most tries of a confirmed frame (LMN `LoRaMac.c`; docs/models.md §3.4). */
export const MAX_ACK_RETRIES = 8
/** Maximum RX window duration 3 s (PF `*_MAX_RX_WINDOW` 3000 ms). */
export const MAX_RX_WINDOW_US = 3 * S
/** RxDelay/RXTimingSetup value 0 means 1 s (LoRaWAN 1.0.2 §5.7; LMN `if (delay == 0) delay++`). */
export function rxDelayUs(del: number): number {
  if (!Number.isInteger(del) || del < 0 || del > 15) throw new ValueError(`RxDelay out of range: ${del}`)
  return Math.max(1, del) * S
}
/** Largest PHYPayload LMN accepts (`LORAMAC_PHY_MAXPAYLOAD` 255). */
export const LORAMAC_PHY_MAXPAYLOAD = 255
/** FOpts holds at most 15 bytes (`LORA_MAC_COMMAND_MAX_FOPTS_LENGTH`). */
export const MAX_FOPTS_LENGTH = 15
/** Bytes a data frame adds to N: MHDR 1 + FHDR 7 + FPort 1 + MIC 4 (LMN `LORA_MAC_FRMPAYLOAD_OVERHEAD` 13; docs/models.md §3.1). */
export const FRAME_OVERHEAD = 13

/** The join back-off duty cycles, as inverses: 1 % first hour, 0.1 % next 10 h, then 0.01 % (PF `RegionCommon.c` BACKOFF_DC_*). */
export const BACKOFF_DC_1_HOUR = 100
/** See {@link BACKOFF_DC_1_HOUR}. */
export const BACKOFF_DC_10_HOURS = 1000
/** See {@link BACKOFF_DC_1_HOUR}. */
export const BACKOFF_DC_24_HOURS = 10000

/**
 * Join duty cycle (inverse) for `elapsedUs` since the MAC was initialised (PF
 * `RegionCommonGetJoinDc`; LMN `CalculateBackOff` passes the time elapsed since
 * `LoRaMacInitializationTime`).
 */
export function joinDutyCycleInverse(elapsedUs: number): number {
  const seconds = Math.floor(elapsedUs / S)
  if (seconds < 3600) return BACKOFF_DC_1_HOUR
  if (seconds < 3600 + 36000) return BACKOFF_DC_10_HOURS
  return BACKOFF_DC_24_HOURS
}

/** Band time-off after a transmission: ToA·dCycle − ToA (PF `RegionCommonCalcBackOff`; docs/models.md §3.3) — the radio layer's rule. */
export { bandTimeOffUs }

/**
 * Time-off after a TX as LMN computes it (PF `RegionCommonCalcBackOff`): before
 * joining the stricter of band and join duty cycle applies after a join request
 * **even with duty cycle off**; after joining only when enforcement is on.
 */
export function txTimeOffUs(p: {
  readonly timeOnAirUs: number
  readonly bandDCycle: number
  readonly joined: boolean
  readonly dutyCycleEnabled: boolean
  readonly lastTxIsJoinRequest: boolean
  readonly elapsedSinceInitUs: number
}): number {
  if (!p.joined) {
    if (!p.dutyCycleEnabled && !p.lastTxIsJoinRequest) return 0
    return bandTimeOffUs(p.timeOnAirUs, Math.max(p.bandDCycle, joinDutyCycleInverse(p.elapsedSinceInitUs)))
  }
  return p.dutyCycleEnabled ? bandTimeOffUs(p.timeOnAirUs, p.bandDCycle) : 0
}

/** Aggregated duty cycle from DutyCycleReq: 1/2^MaxDCycle as an inverse; 255 = device off (docs/models.md §3.3, LMN). */
export function aggregatedDCycle(maxDCycle: number): number | "off" {
  if (maxDCycle === 255) return "off"
  return 2 ** (maxDCycle & 0x0f)
}

/** The sub-band a frequency falls in, or undefined when no band allows it (PF `RegionEU868.c` VerifyRfFreq). */
export function subBandOf(bands: readonly SubBand[], frequencyHz: number): SubBand | undefined {
  const i = subBandIndex(bands, frequencyHz)
  return i < 0 ? undefined : bands[i]
}

/** A data rate of the region; raises ValueError for an unused index. */
export function dataRateOf(region: Region, dr: number): DataRate {
  const d = region.dataRates[dr]
  if (d === undefined) throw new ValueError(`invalid data rate ${dr} for ${region.name}`)
  return d
}

/** Max FRMPayload+FOpts N for a DR (LMN `MaxPayloadOfDatarate`; docs/models.md §3.1). Raises ValueError for an invalid DR. */
export function maxPayloadOf(region: Region, dr: number, repeater = false): number {
  const n = (repeater ? region.maxPayloadRepeater : region.maxPayload)[dr]
  if (n === undefined) throw new ValueError(`invalid data rate ${dr} for ${region.name}`)
  return n
}

/**
 * Whether an application payload plus pending MAC commands fits the DR: LMN
 * refuses `FRMPayload + MAC commands > MaxPayloadOfDatarate` (N) with
 * LORAMAC_STATUS_LENGTH_ERROR, which Pycom raises as EMSGSIZE (docs/models.md §1.4, §3.1).
 */
export function payloadFits(region: Region, dr: number, frmPayloadLength: number, macCommandsLength = 0, repeater = false): boolean {
  return frmPayloadLength + macCommandsLength <= maxPayloadOf(region, dr, repeater)
}

/** TX power index → EIRP dBm: maxEirp − 2·i (PF `RegionCommonComputeTxPower`, before the antenna-gain subtraction). */
export function txPowerEirpDbm(region: Region, index: number): number {
  if (!Number.isInteger(index) || index < 0 || index > region.maxTxPowerIndex) throw new ValueError(`invalid TX power index ${index} for ${region.name}`)
  return region.maxEirpDbm - 2 * index
}

/** The next lower TX data rate, floored at the region minimum (PF `GetNextLowerTxDr`). */
export function nextLowerDr(region: Region, dr: number): number {
  return dr <= region.txMinDr ? region.txMinDr : dr - 1
}

/**
 * DR of try `n` (1-based) of a confirmed uplink sent first at `dr`: one step
 * lower on every 2nd retransmission — tries 1–2 at DR, 3–4 at DR−1, … (LMN
 * `LoRaMac.c` OnMacStateCheckTimerEvent; docs/models.md §3.4).
 */
export function confirmedRetryDr(region: Region, dr: number, n: number): number {
  let d = dr
  for (let t = 3; t <= n; t += 2) d = nextLowerDr(region, d)
  return d
}
