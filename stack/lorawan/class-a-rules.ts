/**
 * The LoRaWAN 1.0.2 class A rules both device paths follow — the scripted
 * `ClassADevice` + `NetworkServer` and the fleet's compact state machines —
 * written once, as pure functions over a {@link Region} (docs/models.md §3.2–3.9).
 * Region-independent constants and small rules live in `region-common.ts` and
 * the server's ADR algorithm in `server/adr.ts`; they are re-exported here so a
 * caller needs one import. Sources: LoRaWAN 1.0.2 (LW), Regional Parameters
 * 1.0.2rB (RP), Pycom's LoRaMac-node (PF `lib/lora/mac/LoRaMac.c`,
 * `lib/lora/mac/region/Region*.c`) and Pycom's `esp32/mods/modlora.c`.
 */
import { drFormat, rxWindow } from "./mac/radio-params.ts"
import {
  ACK_TIMEOUT_US,
  ADR_ACK_DELAY,
  ADR_ACK_LIMIT,
  JOIN_ACCEPT_DELAY1_US,
  JOIN_ACCEPT_DELAY2_US,
  MAX_ACK_RETRIES,
  RECEIVE_DELAY1_US,
  bandTimeOffUs,
  joinDutyCycleInverse,
  maxPayloadOf,
  nextLowerDr,
} from "./region-common.ts"
import type { Region } from "./region-types.ts"

export {
  ACK_TIMEOUT_RND_US,
  ACK_TIMEOUT_US,
  ADR_ACK_DELAY,
  ADR_ACK_LIMIT,
  FRAME_OVERHEAD,
  JOIN_ACCEPT_DELAY1_US,
  JOIN_ACCEPT_DELAY2_US,
  MAX_ACK_RETRIES,
  RECEIVE_DELAY1_US,
  RECEIVE_DELAY2_US,
  bandTimeOffUs,
  confirmedRetryDr,
  joinDutyCycleInverse,
  nextLowerDr,
  txPowerEirpDbm,
} from "./region-common.ts"
export { ADR_HISTORY, ADR_INSTALLATION_MARGIN_DB, adrDecision, requiredSnrDb, type AdrInput } from "./server/adr.ts"

const S = 1_000_000

// ---------------------------------------------------------------- receive windows

/** RX2 opens 1 s after RX1 (LW §3.3.2; LMN sets `ReceiveDelay2 = ReceiveDelay1 + 1000` on RXTimingSetupReq / JoinAccept). */
export const RX2_AFTER_RX1_US = 1 * S

/**
 * Nominal RX1/RX2 delays from the end of an uplink: a JoinRequest's are
 * JOIN_ACCEPT_DELAY1/2 = 5 s / 6 s; a data frame's RX1 is the session's
 * RxDelay (default RECEIVE_DELAY1 = 1 s) and RX2 is 1 s later (LW §3.3, §6.2.5;
 * PF `*_RECEIVE_DELAY1/2`, `*_JOIN_ACCEPT_DELAY1/2`; docs/models.md §3.2).
 */
export function rxWindowDelaysUs(isJoin: boolean, rx1DelayUs: number = RECEIVE_DELAY1_US): { rx1: number; rx2: number } {
  if (isJoin) return { rx1: JOIN_ACCEPT_DELAY1_US, rx2: JOIN_ACCEPT_DELAY2_US }
  return { rx1: rx1DelayUs, rx2: rx1DelayUs + RX2_AFTER_RX1_US }
}

/**
 * How long a class A receiver listens in a window that holds no frame for it, µs:
 * the object path's window length (`mac/radio-params.ts` {@link rxWindow}: 2 ×
 * SYSTEM_MAX_RX_ERROR 10 ms + max(MIN_RX_SYMBOLS 6, …) symbols, PF
 * `RegionCommonComputeRxWindowParameters`; docs/models.md §3.2). FSK DRs raise ValueError.
 */
export function rxListenUs(region: Region, dr: number): number {
  const f = drFormat(region, dr, false)
  return rxWindow(0, f.sf, f.bwHz).durUs
}

// ---------------------------------------------------------------- confirmed uplinks

/**
 * Transmissions of a confirmed uplink (NbTrials) for Pycom's `tx_retries`:
 * modlora sets `NbTrials = tx_retries + 1`; LMN retries while
 * `AckTimeoutRetriesCounter < NbTrials && counter <= MAX_ACK_RETRIES`, the
 * counter starting at 1 — so at most MAX_ACK_RETRIES + 1 = 9 transmissions
 * (PF `modlora.c`, `LoRaMac.c` OnMacStateCheckTimerEvent; docs/models.md §3.4).
 */
export function confirmedTrials(txRetries: number): number {
  return Math.max(1, Math.min(Math.floor(txRetries) + 1, MAX_ACK_RETRIES + 1))
}

/**
 * When the next trial of an unacknowledged confirmed uplink goes out: the ACK
 * timer runs from the end of the uplink for RxWindow2Delay + ACK_TIMEOUT +
 * `rndUs`, RxWindow2Delay being RX1 delay + 1 s (PF `LoRaMac.c` OnRadioTxDone:
 * `AckTimeoutTimer = RxWindow2Delay + ACK_TIMEOUT + randr(-ACK_TIMEOUT_RND,
 * ACK_TIMEOUT_RND)`; docs/models.md §3.4). `rndUs` is the caller's uniform draw
 * in [−ACK_TIMEOUT_RND_US, +ACK_TIMEOUT_RND_US] (`ClassADevice` draws an integer µs).
 * The channel's band time-off (if duty cycle is on) may delay it further.
 */
export function ackRetryAtUs(txEndUs: number, rx1DelayUs: number, rndUs: number): number {
  return txEndUs + rx1DelayUs + RX2_AFTER_RX1_US + ACK_TIMEOUT_US + rndUs
}

// ---------------------------------------------------------------- join

/** Pycom re-issues a JoinRequest every 10 s until joined (PF `modlora.c` OVER_THE_AIR_ACTIVATION_DUTYCYCLE 10000 ms; ⚠ the docs say 15 s; docs/models.md §1.3, §3.9). */
export const JOIN_RETRY_US = 10 * S

/** JoinRequest PHYPayload: MHDR 1 + AppEUI 8 + DevEUI 8 + DevNonce 2 + MIC 4 (LW §6.2.4). */
export const JOIN_REQUEST_LENGTH = 23

/** JoinAccept PHYPayload: MHDR 1 + AppNonce 3 + NetID 3 + DevAddr 4 + DLSettings 1 + RxDelay 1 (+ CFList 16) + MIC 4 (LW §6.2.5). */
export function joinAcceptLength(withCfList: boolean): number {
  return withCfList ? 33 : 17
}

/**
 * A data frame's PHYPayload length: MHDR 1 + FHDR (DevAddr 4, FCtrl 1, FCnt 2,
 * FOpts) + [FPort 1 + FRMPayload] + MIC 4 (LW §4.3); `payloadBytes` undefined
 * means no FPort (a MAC-only frame with empty FRMPayload; docs/models.md §3.6).
 */
export function dataFrameLength(foptsBytes: number, payloadBytes: number | undefined): number {
  return 1 + 7 + foptsBytes + (payloadBytes === undefined ? 0 : 1 + payloadBytes) + 4
}

/**
 * The DR of a JoinRequest, as Pycom's LoRaMac-node picks it: LMN computes
 * `RegionAlternateDr(NbTrials)` with `NbTrials = JoinRequestTrials + 1`
 * (`trial`, 1-based); Pycom first calls `RegionForceJoinDataRate(dr)`, which
 * replaces the counter so the alternation lands on the requested DR (PF
 * `LoRaMac.c` LoRaMacMlmeRequest MLME_JOIN, `Region*AlternateDr`,
 * `Region*ForceJoinDataRate`). Pycom always passes a DR (`lora.join(dr=…)`, else
 * the region's {@link Region.defaultJoinDr}) and issues a fresh MLME_JOIN every
 * 10 s with the counter reset (`JoinRequestTrials = 0`, and "Pycom: Do not resend
 * join requests"), so on Pycom `trial` is always 1 and the DR is the requested
 * one: EU868 DR0–5 as asked, US915 DR4 (else DR0), AU915 DR6 (else DR0), AS923
 * always DR2. Without `requestedDr` the plain LMN alternation applies (EU868:
 * DR5, every 8th trial DR4, 16th DR3, 24th DR2, 32nd DR1, 48th DR0; US915/AU915
 * alternate 500 kHz / DR0) (docs/models.md §3.9).
 */
export function joinDataRate(region: Region, trial: number, requestedDr?: number): number {
  const n = requestedDr === undefined ? trial : region.forceJoinTrials(requestedDr, trial)
  return region.alternateJoinDr(n)
}

/** What {@link joinRetryAtUs} needs about the JoinRequest that went unanswered. */
export interface JoinRetryInput {
  /** End of the failed JoinRequest's transmission. */
  readonly txEndUs: number
  /**
   * When the join procedure started: the first `lora.join()` request. Pycom's
   * 10 s timer ticks from it; the join back-off clock also starts here unless
   * {@link backoffOriginUs} is given.
   */
  readonly firstAttemptUs: number
  /** Time on air of the JoinRequest. */
  readonly toaUs: number
  /** When the device's RX windows for it are over (the MAC is busy until then). */
  readonly windowsEndUs: number
  /** A delay added at the end (µs): both paths use 0, as Pycom's firmware retries on its 10 s grid with no random spread; a scenario may model clock drift with it. */
  readonly jitterUs: number
  /** Duty cycle (inverse) of the sub-band the join was sent in; default 1 (no band limit). */
  readonly bandDCycle?: number
  /** When the join back-off clock started (LMN `LoRaMacInitializationTime`, the MAC's initialisation); default {@link firstAttemptUs}. */
  readonly backoffOriginUs?: number
}

/**
 * When the next JoinRequest goes out after one that got no JoinAccept:
 * - the band is closed for ToA·(dc − 1) after the frame, dc being the stricter
 *   of the band's and the join duty cycle (1 % in the first hour, 0.1 % for the
 *   next 10 h, then 0.01 %, by time since the back-off origin at the start of the
 *   frame) — applied to JoinRequests even with duty cycle off (LW 1.0.2 §7; RP
 *   1.0.2rB §2.1 retransmission back-off; PF `RegionCommonCalcBackOff`,
 *   `RegionCommonGetJoinDc`);
 * - Pycom asks again on a 10 s grid from the first request (`TxNextActReqTimer`,
 *   {@link JOIN_RETRY_US}); a request while the MAC is still busy (RX windows
 *   open, or a delayed TX pending) returns BUSY and waits for the next tick; a
 *   request inside the band time-off is delayed to its end (`ScheduleTx`).
 *
 * So: max(band free, first tick at or after the windows end) + jitter
 * (docs/models.md §3.9).
 */
export function joinRetryAtUs(p: JoinRetryInput): number {
  const origin = p.backoffOriginUs ?? p.firstAttemptUs
  const dc = Math.max(p.bandDCycle ?? 1, joinDutyCycleInverse(p.txEndUs - p.toaUs - origin))
  const bandFree = p.txEndUs + Math.ceil(bandTimeOffUs(p.toaUs, dc))
  const k = Math.max(1, Math.ceil((p.windowsEndUs - p.firstAttemptUs) / JOIN_RETRY_US))
  const tick = p.firstAttemptUs + k * JOIN_RETRY_US
  return Math.max(bandFree, tick) + p.jitterUs
}

// ---------------------------------------------------------------- ADR

/** The device's uplink settings the ADR back-off reads. */
export interface AdrBackoffState {
  /** ADR_ACK_CNT: uplinks since the last downlink. */
  readonly adrAckCnt: number
  readonly dr: number
  readonly txPowerIndex: number
}

/** The outcome of {@link adrAckBackoff} for the next uplink. */
export interface AdrBackoffResult {
  readonly dr: number
  readonly txPowerIndex: number
  /** The ADRACKReq bit of the uplink. */
  readonly adrAckReq: boolean
  /** ADR_ACK_CNT after the rule (LMN resets it to 0 at the lowest DR); the MAC adds 1 if no downlink follows. */
  readonly adrAckCnt: number
  /** Whether the default channels are re-enabled (reaching the lowest DR: LMN `UpdateChanMask`). */
  readonly restoreChannels: boolean
}

/**
 * The device-side ADR back-off, called as a new uplink is prepared with ADR on
 * (PF `Region*AdrNext`, the same in EU868/US915/AS923/AU915; LW §4.3.1.1;
 * docs/models.md §3.5): at the lowest DR the counter resets and nothing is
 * asked; otherwise from ADR_ACK_LIMIT (64) on the uplink sets ADRACKReq and
 * the TX power goes back to maximum (index 0); from ADR_ACK_LIMIT +
 * ADR_ACK_DELAY (96) on, each uplink with `adrAckCnt % ADR_ACK_DELAY == 1` (97,
 * 129, …) drops the DR one step; reaching the lowest DR clears ADRACKReq and
 * re-enables the default channels. The lowest DR is the region's `txMinDr`
 * (AS923: DR2 under Pycom's default uplink dwell time).
 */
export function adrAckBackoff(region: Region, s: AdrBackoffState): AdrBackoffResult {
  const minDr = region.txMinDr
  let dr = Math.max(s.dr, minDr)
  let txPowerIndex = s.txPowerIndex
  if (dr === minDr) return { dr, txPowerIndex, adrAckReq: false, adrAckCnt: 0, restoreChannels: false }
  let adrAckReq = false
  let restoreChannels = false
  if (s.adrAckCnt >= ADR_ACK_LIMIT) {
    adrAckReq = true
    txPowerIndex = 0
  }
  if (s.adrAckCnt >= ADR_ACK_LIMIT + ADR_ACK_DELAY && s.adrAckCnt % ADR_ACK_DELAY === 1) {
    dr = nextLowerDr(region, dr)
    if (dr === minDr) {
      adrAckReq = false
      restoreChannels = true
    }
  }
  return { dr, txPowerIndex, adrAckReq, adrAckCnt: s.adrAckCnt, restoreChannels }
}

// ---------------------------------------------------------------- downlinks (network server)

/** One class A receive window as the network server sees it. */
export interface DownlinkWindow {
  readonly window: 1 | 2
  /** Nominal start of the downlink frame (µs). */
  readonly at: number
  readonly freqHz: number
  readonly dr: number
}

/** The uplink a downlink answers and the device's receive settings. */
export interface DownlinkWindowsInput {
  /** End of the uplink (µs). */
  readonly uplinkEndUs: number
  /** Its DR, or −1 when unknown (then no RX1). */
  readonly uplinkDr: number
  /** Its channel index in the region's plan, or −1 when unknown (fixed plans then skip RX1). */
  readonly channelIndex: number
  readonly uplinkFreqHz: number
  readonly isJoin: boolean
  /** Session settings (ignored for a JoinAccept, which uses the region defaults and offset 0). */
  readonly rx1DelayUs: number
  readonly rx1DrOffset: number
  readonly rx2Dr: number
  readonly rx2FreqHz: number
}

/**
 * The device's RX1 and RX2 for an uplink, in the order the server tries them:
 * RX1 at the uplink end + RX1 delay on the region's RX1 frequency and
 * `rx1Dr(DR, offset)`; RX2 1 s later on the RX2 frequency/DR (a JoinAccept:
 * 5 s / 6 s, region RX2, offset 0) (LW §3.3; docs/models.md §3.2).
 */
export function downlinkWindows(region: Region, p: DownlinkWindowsInput): DownlinkWindow[] {
  const d = rxWindowDelaysUs(p.isJoin, p.rx1DelayUs)
  const out: DownlinkWindow[] = []
  if (p.uplinkDr >= 0 && p.channelIndex >= 0) {
    const dr = region.rx1Dr(p.uplinkDr, p.isJoin ? 0 : p.rx1DrOffset)
    out.push({ window: 1, at: p.uplinkEndUs + d.rx1, freqHz: region.rx1FrequencyHz(p.channelIndex, p.uplinkFreqHz), dr })
  }
  if (p.isJoin) out.push({ window: 2, at: p.uplinkEndUs + d.rx2, freqHz: region.rx2FrequencyHz, dr: region.rx2Dr })
  else out.push({ window: 2, at: p.uplinkEndUs + d.rx2, freqHz: p.rx2FreqHz, dr: p.rx2Dr })
  return out
}

/**
 * The network server's downlink rule (docs/models.md §3.2, §2.4): windows in
 * order — RX1, then RX2 — and within a window the gateways that heard the
 * uplink, best SNR first; the first (window, gateway) that works is used. A
 * window is skipped when the command could not reach the gateway in time
 * (`at < earliestUs`, i.e. now + backhaul latency) or when the downlink's
 * FOpts + FRMPayload (`n` bytes) exceeds the window DR's N; a gateway is skipped
 * when `tryBook` refuses (its transmitter is busy — half-duplex, one TX at a
 * time — or its sub-band's duty cycle is still closed). `tryBook` books on
 * success. Power: {@link Region.downlinkTxPowerDbm} of the window's frequency.
 * Undefined when nothing can be booked (the downlink is missed).
 */
export function chooseDownlinkWindow<G>(
  region: Region,
  windows: readonly DownlinkWindow[],
  gatewaysBestFirst: readonly G[],
  n: number,
  earliestUs: number,
  tryBook: (gateway: G, w: DownlinkWindow) => boolean,
): { readonly window: DownlinkWindow; readonly gateway: G } | undefined {
  for (const w of windows) {
    if (w.at < earliestUs) continue
    if (n > maxPayloadOf(region, w.dr)) continue
    for (const g of gatewaysBestFirst) if (tryBook(g, w)) return { window: w, gateway: g }
  }
  return undefined
}
