/**
 * The ultra-narrow-band medium of Sigfox: uplink frames from devices to base
 * stations, downlink and FSK frames to listening devices. Two uplink frames
 * collide only when they overlap in time AND their carriers are closer than the
 * receiver bandwidth; a frame survives an overlapping interferer at a base
 * station when it is stronger by the capture margin. Uplink frames are indexed
 * by frequency bins so a collision check looks only at neighbouring bins.
 */
import type { Micros, Simulation } from "../../sim/index.ts"
import { LORASIM, Propagation, type Point, type PropagationParams } from "../propagation.ts"
import type { BaseStation } from "./base-station.ts"

/** What a frame is: device uplink (to base stations), base-station downlink, or device-to-device FSK. */
export type UnbKind = "uplink" | "downlink" | "fsk"

/** A frame handed to the medium. `meta` is the upper layer's (opaque here). */
export interface UnbTxRequest<M = unknown> {
  readonly kind: UnbKind
  /** Sender id (device or base-station name). */
  readonly sender: string
  readonly position: Point
  readonly freqHz: number
  /** Occupied bandwidth of the signal (Hz). */
  readonly bandwidthHz: number
  readonly powerDbm: number
  readonly durationUs: Micros
  readonly meta: M
}

/** A frame on the air (or already ended). */
export interface UnbTransmission<M = unknown> extends UnbTxRequest<M> {
  /** Medium-wide running number (order of transmission). */
  readonly seq: number
  readonly startUs: Micros
  readonly endUs: Micros
}

/** One base station's successful reception of an uplink frame. */
export interface StationReception {
  readonly station: BaseStation
  readonly rssiDbm: number
}

/** A device listening for downlink or FSK frames on a frequency. */
export interface UnbListener {
  readonly id: string
  readonly position: Point
  readonly freqHz: number
  readonly sensitivityDbm: number
  /** Called at the end of a frame heard above sensitivity. */
  onFrame(tx: UnbTransmission, rssiDbm: number): void
}

/** Called at the end of every frame with the stations that received it (uplinks; empty otherwise). */
export type UnbObserver = (tx: UnbTransmission, receptions: readonly StationReception[]) => void

/** Options of a {@link UnbMedium}. */
export interface UnbMediumOptions {
  /** Path loss model (default LoRaSim log-distance with shadowing, the radio layer's default). */
  readonly propagation?: PropagationParams
  /**
   * Capture margin (dB): a frame survives an overlapping interferer at a station
   * when it is at least this much stronger. Default 6 dB, the co-channel
   * rejection LoRaSim uses for capture (Bor et al. MSWiM 2016; radio/
   * interference.ts). ⚠ No Sigfox-specific primary source; Infinity disables
   * capture (any overlap destroys both).
   */
  readonly captureMarginDb?: number
  /**
   * Collision bandwidth (Hz): frames collide when |Δf| is below it. Default
   * (undefined): the mean of the two signals' occupied bandwidths (100 Hz for
   * 100 bps DBPSK, see `uplinkBandwidthHz`).
   */
  readonly rxBandwidthHz?: number
  /** Width of a frequency bin of the collision index (Hz, default 1 kHz). */
  readonly binHz?: number
}

/** Running totals of a medium. */
export interface UnbCounters {
  transmitted: number
  /** Uplink frames received by at least one station. */
  received: number
  /** Uplink frames every in-range station lost to a collision. */
  collided: number
  /** Uplink frames no station could hear (below sensitivity everywhere). */
  unheard: number
}

const worlds = new WeakMap<Simulation, UnbMedium>()

/** Default capture margin (dB); see {@link UnbMediumOptions.captureMarginDb}. */
export const UNB_CAPTURE_MARGIN_DB = 6

/** The Sigfox UNB medium of a world (or a standalone one for side-by-side experiments). */
export class UnbMedium {
  readonly propagation: Propagation
  readonly captureMarginDb: number
  readonly rxBandwidthHz: number | undefined
  readonly binHz: number
  readonly stations: BaseStation[] = []
  readonly counters: UnbCounters = { transmitted: 0, received: 0, collided: 0, unheard: 0 }
  private readonly listeners = new Set<UnbListener>()
  private readonly observers: UnbObserver[] = []
  private readonly bins = new Map<number, UnbTransmission[]>()
  private maxDurationUs = 0
  private maxBandwidthHz = 0
  private nextSeq = 0

  constructor(
    readonly world: Simulation,
    options: UnbMediumOptions = {},
  ) {
    this.propagation = new Propagation(options.propagation ?? LORASIM, world.seed)
    this.captureMarginDb = options.captureMarginDb ?? UNB_CAPTURE_MARGIN_DB
    this.rxBandwidthHz = options.rxBandwidthHz
    this.binHz = options.binHz ?? 1000
  }

  /** The world's default medium, created with `options` on first use. */
  static of(world: Simulation, options?: UnbMediumOptions): UnbMedium {
    let m = worlds.get(world)
    if (m === undefined) {
      m = new UnbMedium(world, options)
      worlds.set(world, m)
    } else if (options !== undefined) throw new Error("UnbMedium.of: the world's Sigfox medium already exists; pass options on first use")
    return m
  }

  /** Adds a base station (called by its constructor). */
  addStation(bs: BaseStation): void {
    this.stations.push(bs)
  }

  /** Subscribes to the end of every frame (captures, metrics). */
  observe(fn: UnbObserver): void {
    this.observers.push(fn)
  }

  /** Starts listening for downlink/FSK frames; returns the function that stops. */
  listen(l: UnbListener): () => void {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }

  /** Puts a frame on the air now; it is resolved at its end. */
  transmit<M>(req: UnbTxRequest<M>): UnbTransmission<M> {
    const now = this.world.now
    // Spelled out rather than spread: this runs once per frame on the fleet's hot path.
    const tx: UnbTransmission<M> = {
      kind: req.kind,
      sender: req.sender,
      position: req.position,
      freqHz: req.freqHz,
      bandwidthHz: req.bandwidthHz,
      powerDbm: req.powerDbm,
      durationUs: req.durationUs,
      meta: req.meta,
      seq: this.nextSeq++,
      startUs: now,
      endUs: now + req.durationUs,
    }
    this.counters.transmitted++
    if (tx.kind === "uplink") this.index(tx)
    this.world.schedule(tx.endUs, this, tx)
    return tx
  }

  private index(tx: UnbTransmission): void {
    if (tx.durationUs > this.maxDurationUs) this.maxDurationUs = tx.durationUs
    if (tx.bandwidthHz > this.maxBandwidthHz) this.maxBandwidthHz = tx.bandwidthHz
    const key = Math.floor(tx.freqHz / this.binHz)
    let bin = this.bins.get(key)
    if (bin === undefined) {
      bin = []
      this.bins.set(key, bin)
    }
    // Drop frames that ended too long ago to overlap anything still on the air.
    const horizon = this.world.now - this.maxDurationUs
    let k = 0
    while (k < bin.length && bin[k]!.endUs < horizon) k++
    if (k > 0) bin.splice(0, k)
    bin.push(tx)
  }

  /** Uplink frames overlapping `tx` in time and within the collision bandwidth in frequency. */
  interferers(tx: UnbTransmission): UnbTransmission[] {
    const out: UnbTransmission[] = []
    const reach = Math.max(this.rxBandwidthHz ?? 0, this.maxBandwidthHz)
    const lo = Math.floor((tx.freqHz - reach) / this.binHz)
    const hi = Math.floor((tx.freqHz + reach) / this.binHz)
    for (let b = lo; b <= hi; b++) {
      const bin = this.bins.get(b)
      if (bin === undefined) continue
      for (const other of bin) {
        if (other === tx || other.startUs >= tx.endUs || other.endUs <= tx.startUs) continue
        const bw = this.rxBandwidthHz ?? (tx.bandwidthHz + other.bandwidthHz) / 2
        if (Math.abs(other.freqHz - tx.freqHz) < bw) out.push(other)
      }
    }
    return out
  }

  /** Received power (dBm) of a frame at a point, with the link's shadowing. */
  rxPowerDbm(tx: UnbTransmission, id: string, position: Point, gainDb = 0): number {
    return tx.powerDbm + gainDb - this.propagation.lossDb(tx.sender, tx.position, id, position, tx.freqHz)
  }

  /** End of a frame: resolve receptions. */
  onEvent(data: unknown): void {
    const tx = data as UnbTransmission
    const receptions: StationReception[] = []
    if (tx.kind === "uplink") this.resolveUplink(tx, receptions)
    else this.deliver(tx)
    for (const fn of this.observers) fn(tx, receptions)
  }

  private resolveUplink(tx: UnbTransmission, receptions: StationReception[]): void {
    let interferers: UnbTransmission[] | undefined
    let heard = false
    for (const st of this.stations) {
      if (!st.up) continue // an outage: the station hears nothing (and counts nothing)
      const p = st.rxPowerDbm(tx)
      if (p < st.sensitivityDbm) continue
      heard = true
      interferers ??= this.interferers(tx)
      let lost = false
      for (const other of interferers) {
        if (st.rxPowerDbm(other) > p - this.captureMarginDb) {
          lost = true
          break
        }
      }
      if (lost) st.counters.collided++
      else receptions.push({ station: st, rssiDbm: p })
    }
    if (receptions.length > 0) this.counters.received++
    else if (heard) this.counters.collided++
    else this.counters.unheard++
    for (const r of receptions) r.station.receive(tx, r.rssiDbm)
  }

  private deliver(tx: UnbTransmission): void {
    if (this.listeners.size === 0) return
    for (const l of [...this.listeners]) {
      if (l.id === tx.sender || Math.abs(l.freqHz - tx.freqHz) > tx.bandwidthHz / 2) continue
      const p = this.rxPowerDbm(tx, l.id, l.position)
      if (p >= l.sensitivityDbm) l.onFrame(tx, p)
    }
  }
}
