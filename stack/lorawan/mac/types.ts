/**
 * The class A MAC's requests, results and owner callbacks (the MCPS/MLME
 * confirm/indication of PF LMN `LoRaMac.h`, reduced to what Pycom's `modlora.c`
 * uses; docs/models.md §1.3–1.4, §3.4).
 */
import type { LoraRadio, ReceivedFrame, TransmissionRecord } from "../../../radio/index.ts"
import type { Region } from "../region-types.ts"
import type { MacSession } from "./session.ts"

/** One application uplink. `fport` undefined sends a frame without FPort (MAC flush, docs/models.md §1.4). */
export interface UplinkRequest {
  readonly fport: number | undefined
  readonly payload: Uint8Array
  readonly confirmed: boolean
  /** Socket DR (ignored when ADR is on, LMN `LoRaMacMcpsRequest`). */
  readonly dr: number | undefined
}

/** How an uplink ended (LMN McpsConfirm). */
export interface UplinkResult {
  readonly request: UplinkRequest
  readonly fcnt: number
  /** Transmissions made (LMN NbRetries, `stats().tx_trials`). */
  readonly tries: number
  readonly acked: boolean
  /** True unless a confirmed uplink got no ACK or could not be sent (TX_FAILED). */
  readonly ok: boolean
  /** Why it failed: "no-ack", "payload-size" (retry DR too small), "device-off". */
  readonly error: string | undefined
}

/** A downlink delivered to the application. */
export interface Downlink {
  readonly fport: number
  readonly payload: Uint8Array
  readonly fcnt: number
  readonly confirmed: boolean
  readonly frame: ReceivedFrame
  /** 1 or 2: the window it arrived in. */
  readonly window: 1 | 2
}

/** Callbacks of the MAC's owner (one object, no per-frame closures). */
export interface MacListener {
  onJoined?(): void
  onJoinFailed?(): void
  /** An uplink finished (after its windows / ACK / last retry). */
  onUplinkDone?(result: UplinkResult): void
  onDownlink?(d: Downlink): void
  /** Every transmission (stats). */
  onTx?(tx: TransmissionRecord): void
  /** Every frame received for this device (stats). */
  onRx?(frame: ReceivedFrame): void
  /** LinkCheckAns arrived. */
  onLinkCheck?(margin: number, gwCnt: number): void
}

/** Construction options. */
export interface ClassAOptions {
  readonly region: Region
  readonly radio: LoraRadio
  readonly adr?: boolean
  readonly publicNetwork?: boolean
  /** Retransmissions of a confirmed uplink: tries = tx_retries + 1 (Pycom default 2; docs/models.md §1.2). */
  readonly txRetries?: number
  /** Duty-cycle enforcement (Pycom: off; docs/models.md §1.2). */
  readonly dutyCycle?: boolean
  readonly listener?: MacListener
  /** A session restored from nvram. */
  readonly session?: MacSession
  /** Name of the random streams (default the radio id). */
  readonly rngName?: string
}

/** Counters of one device's MAC (always on, cheap). */
export interface MacCounters {
  uplinks: number
  transmissions: number
  retransmissions: number
  acked: number
  failed: number
  downlinks: number
  joinRequests: number
  airtimeUs: number
}

