import { park, type Micros, type Process, type ProcessBody, type Simulation } from "../sim/index.ts"
import { EnergyMeter, SX1276_ENERGY, type EnergyProfile } from "./energy.ts"
import type { Interferer, LostFrame, ReceivedFrame, TransmissionRecord, TxRequest } from "./frames.ts"
import { SYNC_WORD_PUBLIC } from "./frames.ts"
import type { Medium } from "./medium.ts"
import type { Point } from "./propagation.ts"
import type { ChipModel } from "./sensitivity.ts"

/**
 * What a receiver is tuned to. `sf` 0 = any SF (an SX1301 multi-SF
 * demodulator); `freqsHz` has one entry for an end device, the channel plan for
 * a gateway.
 */
export interface RxConfig {
  readonly freqsHz: readonly number[]
  readonly sf: number
  readonly bwHz: number
  readonly syncWord: number
  readonly iqInverted: boolean
}

/** Callbacks of a radio's owner (one object per radio, no per-frame closures). */
export interface RadioHandler {
  onFrame?(frame: ReceivedFrame, radio: LoraRadio): void
  onLost?(lost: LostFrame, radio: LoraRadio): void
  onTxDone?(tx: TransmissionRecord, radio: LoraRadio): void
  /** A receive window closed; `gotFrame` says whether a frame was delivered in it. */
  onRxWindowEnd?(radio: LoraRadio, gotFrame: boolean): void
}

/** Construction options of a radio. */
export interface RadioOptions {
  readonly id: string
  readonly position: Point
  /** Receiver sensitivity table (default SX1276, the LoPy4 radio; docs/models.md §2.2). */
  readonly chip?: ChipModel
  readonly antennaGainDb?: number
  /** Parallel demodulation paths: 1 for an SX127x, 8 for an SX1301 gateway (docs/models.md §2.4). */
  readonly paths?: number
  readonly rx?: RxConfig
  readonly energy?: EnergyProfile
  readonly handler?: RadioHandler
}

/** A frame being demodulated by one receiver (one path). */
export class Reception {
  readonly interferers: Interferer[] = []
  done = false
  constructor(
    readonly tx: TransmissionRecord,
    readonly radio: LoraRadio,
    readonly rssiDbm: number,
  ) {}
}

/** EU868 default channel 868.1 MHz, BW125, any SF — a gateway's first channel. */
export const DEFAULT_RX: RxConfig = { freqsHz: [868_100_000], sf: 7, bwHz: 125_000, syncWord: SYNC_WORD_PUBLIC, iqInverted: false }

/** Shared handler of radios nobody listens to (no per-radio allocation). */
const NO_HANDLER: RadioHandler = Object.freeze({})

const WINDOW_OPEN = 0
const WINDOW_CLOSE = 1

/**
 * A half-duplex LoRa transceiver on the medium: an SX127x end-device radio
 * (1 path) or the radio front of an SX1301 gateway (8 paths, multi-SF). It is
 * asleep, idle, listening (rx) or transmitting; transmitting blocks receiving
 * (docs/models.md §2.3–2.4). Energy is accounted per state.
 */
export class LoraRadio {
  readonly id: string
  readonly position: Point
  readonly chip: ChipModel
  readonly antennaGainDb: number
  readonly paths: number
  rx: RxConfig
  handler: RadioHandler
  readonly energy: EnergyMeter
  listening = false
  asleep = true
  transmitting: TransmissionRecord | undefined = undefined
  /** Frames being demodulated now (≤ paths). */
  readonly receptions: Reception[] = []
  /** While sensing the channel: the strongest signal seen (dBm). */
  senseMaxDbm = -Infinity
  sensing = false
  private windowOpen = false
  private windowActive = false
  private windowGot = false
  private windowCloseAt: Micros = 0
  private pendingWindow: { cfg: RxConfig; dur: Micros } | undefined = undefined
  private windowFrame: ReceivedFrame | undefined = undefined
  private txWaiter: Process | undefined = undefined
  private rxWaiter: Process | undefined = undefined

  constructor(
    readonly medium: Medium,
    options: RadioOptions,
  ) {
    this.id = options.id
    this.position = options.position
    this.chip = options.chip ?? "sx1276"
    this.antennaGainDb = options.antennaGainDb ?? 0
    this.paths = options.paths ?? 1
    this.rx = options.rx ?? DEFAULT_RX
    this.handler = options.handler ?? NO_HANDLER
    this.energy = new EnergyMeter(options.energy ?? SX1276_ENERGY)
    medium.addRadio(this)
  }

  private get world(): Simulation {
    return this.medium.world
  }

  /** @internal Re-derives the energy state after a change. */
  updateEnergy(): void {
    const st = this.transmitting !== undefined ? "tx" : this.listening ? "rx" : this.asleep ? "sleep" : "idle"
    if (st !== this.energy.state || st === "tx") this.energy.set(st, this.world.now, this.transmitting?.txPowerDbm ?? 0)
  }

  /** Retunes the receiver; frames being received on the old setting are lost (`radio-off`). */
  setRx(cfg: RxConfig): void {
    if (this.listening) {
      this.medium.unindex(this)
      this.medium.abortReceptions(this, "radio-off")
      this.rx = cfg
      this.medium.index(this)
    } else {
      this.rx = cfg
    }
  }

  /** Turns the receiver on or off (off loses frames in progress: `radio-off`). */
  listen(on: boolean): void {
    if (on === this.listening) return
    if (on) {
      this.asleep = false
      this.listening = true
      this.medium.index(this)
    } else {
      this.medium.unindex(this)
      this.medium.abortReceptions(this, "radio-off")
      this.listening = false
    }
    this.updateEnergy()
  }

  /** Receiver off, radio in sleep. */
  sleep(): void {
    this.listen(false)
    this.asleep = true
    this.updateEnergy()
  }

  /** Receiver off, radio in standby (idle current). */
  standby(): void {
    this.listen(false)
    this.asleep = false
    this.updateEnergy()
  }

  /** Starts transmitting now; the frame's record is returned and `onTxDone` fires at its end. */
  transmit(req: TxRequest): TransmissionRecord {
    return this.medium.transmit(this, req)
  }

  /**
   * Transmits and blocks the calling process until TX done:
   * `const tx = yield* radio.send(req)`. The owner's `onTxDone` still fires.
   */
  *send(req: TxRequest): ProcessBody<TransmissionRecord> {
    const tx = this.transmit(req)
    yield* park(undefined, (p) => {
      this.txWaiter = p
    })
    return tx
  }

  /**
   * Opens a receive window (see {@link openRxWindow}) and blocks until it ends:
   * returns the frame received in it, or undefined.
   */
  *receive(at: Micros, cfg: RxConfig, durUs: Micros): ProcessBody<ReceivedFrame | undefined> {
    this.openRxWindow(at, cfg, durUs)
    const r = yield* park(undefined, (p) => {
      this.rxWaiter = p
    })
    return r as ReceivedFrame | undefined
  }

  /** @internal Called by the medium at the end of this radio's transmission. */
  txFinished(): void {
    const w = this.txWaiter
    this.txWaiter = undefined
    w?.wake(undefined)
  }

  /**
   * Opens a receive window at `at` for `durUs` on `cfg`. A frame is received if
   * its first preamble symbol arrives inside the window; once locked the
   * receiver stays on until the frame ends (an SX127x in RX single mode stops at
   * its symbol timeout only if no preamble was detected: PF `sx1276.c`
   * `RxTimeoutSyncWord` / `symbTimeout`). `onRxWindowEnd` reports the outcome.
   */
  openRxWindow(at: Micros, cfg: RxConfig, durUs: Micros): void {
    this.pendingWindow = { cfg, dur: durUs }
    this.world.schedule(at, this, WINDOW_OPEN)
  }

  /** @internal Event target for receive windows. */
  onEvent(data: unknown): void {
    if (data === WINDOW_OPEN) {
      const w = this.pendingWindow
      if (w === undefined) return
      this.pendingWindow = undefined
      this.setRx(w.cfg)
      this.listen(true)
      this.windowOpen = true
      this.windowActive = true
      this.windowGot = false
      this.windowCloseAt = this.world.now + w.dur
      this.world.schedule(this.windowCloseAt, this, WINDOW_CLOSE)
    } else if (data === WINDOW_CLOSE) {
      this.windowOpen = false
      if (this.receptions.length === 0) this.endWindow()
    }
  }

  /** @internal Called by the medium when a reception on this radio finished. */
  receptionFinished(frame: ReceivedFrame | undefined): void {
    if (!this.windowActive) return
    if (frame !== undefined && !this.windowGot) {
      this.windowGot = true
      this.windowFrame = frame
    }
    if (!this.windowOpen && this.receptions.length === 0) this.endWindow()
  }

  private endWindow(): void {
    this.windowActive = false
    this.sleep()
    const frame = this.windowFrame
    this.windowFrame = undefined
    this.handler.onRxWindowEnd?.(this, this.windowGot)
    const w = this.rxWaiter
    this.rxWaiter = undefined
    w?.wake(frame)
  }
}
