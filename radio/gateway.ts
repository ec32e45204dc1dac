import type { Micros } from "../sim/index.ts"
import type { LostFrame, ReceivedFrame, TransmissionRecord, TxRequest } from "./frames.ts"
import { SYNC_WORD_PUBLIC } from "./frames.ts"
import { timeOnAirUs } from "./lora-phy.ts"
import type { Medium } from "./medium.ts"
import type { Point } from "./propagation.ts"
import { LoraRadio, type RadioHandler } from "./radio.ts"

/** EU868 default channels 868.1/868.3/868.5 MHz (PF `RegionEU868.h`, docs/models.md §3.2). */
export const EU868_DEFAULT_CHANNELS_HZ: readonly number[] = [868_100_000, 868_300_000, 868_500_000]

/** Number of LoRa multi-SF demodulators of an SX1301 (`LGW_MULTI_NB 8`, PF `loragw_hal.h`; NS3 8 reception paths; docs/models.md §2.4). */
export const SX1301_PATHS = 8

/** Options of a gateway. */
export interface GatewayOptions {
  readonly id: string
  readonly position: Point
  /** Uplink channels it listens on (default EU868 default channels). */
  readonly channelsHz?: readonly number[]
  readonly antennaGainDb?: number
  readonly bwHz?: number
  readonly syncWord?: number
}

/** Subscriber to a gateway's received frames. */
export type FrameSubscriber = (frame: ReceivedFrame) => void
/** Subscriber to a gateway's lost frames (with the reason). */
export type LostSubscriber = (lost: LostFrame) => void

interface ScheduledTx {
  readonly start: Micros
  readonly end: Micros
  readonly req: TxRequest
  event: number
}

/**
 * An SX1301 LoRa gateway: 8 multi-SF demodulation paths on its channel plan
 * (no free path → lost), half-duplex (transmitting drops every reception and
 * blocks its paths), one transmission at a time (NS3 `gateway-status.cc`,
 * `simple-gateway-lora-phy.cc`; docs/models.md §2.4). Publishes received and lost
 * frames to subscribers; downlinks are scheduled at a sim time.
 */
export class Gateway implements RadioHandler {
  readonly radio: LoraRadio
  private readonly frameSubs: FrameSubscriber[] = []
  private readonly lostSubs: LostSubscriber[] = []
  private readonly txSubs: ((tx: TransmissionRecord) => void)[] = []
  private readonly scheduled: ScheduledTx[] = []
  private isUp = true

  constructor(
    readonly medium: Medium,
    options: GatewayOptions,
  ) {
    this.radio = new LoraRadio(medium, {
      id: options.id,
      position: options.position,
      chip: "sx1301",
      paths: SX1301_PATHS,
      antennaGainDb: options.antennaGainDb ?? 0,
      rx: { freqsHz: options.channelsHz ?? EU868_DEFAULT_CHANNELS_HZ, sf: 0, bwHz: options.bwHz ?? 125_000, syncWord: options.syncWord ?? SYNC_WORD_PUBLIC, iqInverted: false },
      handler: this,
    })
    this.radio.listen(true)
  }

  /** The gateway id. */
  get id(): string {
    return this.radio.id
  }

  /** Whether the gateway is on the air (false during an outage). */
  get up(): boolean {
    return this.isUp
  }

  /**
   * Takes the gateway off the air (an outage: power, backhaul, site) or back on.
   * While down it receives nothing (frames in progress are lost as `radio-off`),
   * refuses downlinks, and drops those it had scheduled. Traced as
   * `gateway.down` / `gateway.up`.
   */
  setUp(up: boolean): void {
    if (up === this.isUp) return
    this.isUp = up
    const w = this.medium.world
    if (!up) {
      for (const s of this.scheduled) w.cancel(s.event)
      this.scheduled.length = 0
    }
    this.radio.listen(up)
    w.log(this.id, up ? "gateway.up" : "gateway.down", {})
  }

  /** Subscribes to frames received successfully; returns an unsubscribe function. */
  onFrameReceived(fn: FrameSubscriber): () => void {
    this.frameSubs.push(fn)
    return () => remove(this.frameSubs, fn)
  }

  /** Subscribes to frames lost at this gateway (with the reason). */
  onFrameLost(fn: LostSubscriber): () => void {
    this.lostSubs.push(fn)
    return () => remove(this.lostSubs, fn)
  }

  /** Subscribes to the end of this gateway's own transmissions (downlinks). */
  onDownlinkDone(fn: (tx: TransmissionRecord) => void): () => void {
    this.txSubs.push(fn)
    return () => remove(this.txSubs, fn)
  }

  /**
   * Schedules a downlink to start at `at` (µs). Returns false — and schedules
   * nothing — when `at` is in the past or the gateway already has a transmission
   * overlapping [at, at + time on air) (one TX at a time).
   */
  transmitAt(at: Micros, req: TxRequest): boolean {
    const w = this.medium.world
    if (!this.isUp || !(at >= w.now)) return false
    const end = at + timeOnAirUs(req.payload.length, req)
    const cur = this.radio.transmitting
    if (cur !== undefined && cur.end > at) return false
    for (const s of this.scheduled) if (s.start < end && at < s.end) return false
    const s: ScheduledTx = { start: at, end, req, event: -1 }
    this.scheduled.push(s)
    s.event = w.schedule(at, this, s)
    return true
  }

  /** @internal Event: a scheduled downlink starts. */
  onEvent(s: ScheduledTx): void {
    remove(this.scheduled, s)
    this.radio.transmit(s.req)
  }

  /** @internal RadioHandler */
  onFrame(frame: ReceivedFrame): void {
    for (const fn of this.frameSubs) fn(frame)
  }

  /** @internal RadioHandler */
  onLost(lost: LostFrame): void {
    for (const fn of this.lostSubs) fn(lost)
  }

  /** @internal RadioHandler: after a downlink the paths listen again (unless the gateway went down meanwhile). */
  onTxDone(tx: TransmissionRecord): void {
    if (!this.isUp) this.radio.listen(false)
    for (const fn of this.txSubs) fn(tx)
  }
}

function remove<T>(list: T[], item: T): void {
  const i = list.indexOf(item)
  if (i >= 0) list.splice(i, 1)
}
