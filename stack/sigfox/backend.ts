/**
 * The Sigfox backend: base stations forward every frame they receive; the
 * backend de-duplicates the frames of one message (across frames and
 * stations), counts each device's daily uplink and downlink messages, hands
 * uplinks to the application and answers downlink requests in the device's
 * RX window through the station that heard the device best.
 */
import { DAY, type Micros, type Simulation } from "../../sim/index.ts"
import {
  BaseStation,
  DOWNLINK_FLAG_FRAME_OFFSET_HZ,
  DOWNLINK_FLAG_GAP_US,
  DOWNLINK_PAYLOAD,
  DOWNLINK_WAIT_US,
  UnbMedium,
  radioConfiguration,
  type BaseStationOptions,
  type UnbTransmission,
} from "../../radio/index.ts"
import { ValueError } from "../errors/errors.ts"
import { isUplinkMeta, type SigfoxDownlinkMeta, type SigfoxUplinkMeta } from "./frame-meta.ts"

/**
 * Uplink messages per device per day: 140 (RC1 1 % duty cycle ≈ 6 msgs/h,
 * 4 kept for the protocol; SFXRC, docs/models.md §4). Configurable.
 */
export const DEFAULT_UPLINKS_PER_DAY = 140
/** Downlink messages per device per day: 4 (subscription; docs/models.md §4). Configurable. */
export const DEFAULT_DOWNLINKS_PER_DAY = 4
/**
 * When, inside the device's 25 s RX window, the network transmits the
 * downlink: 20 s after the window opens. ⚠ No source says when; this value
 * makes a blocking SO_RX send last ≈ 46 s, inside the ≈ 45–50 s docs/models.md
 * §1.6 reports for Pycom. Configurable.
 */
export const DEFAULT_DOWNLINK_OFFSET_US: Micros = 20_000_000

/** A de-duplicated uplink message as the application sees it. */
export interface UplinkMessage {
  readonly deviceId: number
  readonly seq: number
  readonly payload: Uint8Array
  readonly bit: boolean | undefined
  readonly oob: boolean
  readonly downlinkRequested: boolean
  /** Time of the first frame received. */
  readonly timeUs: Micros
  /** Best RSSI per station id, across the message's frames. */
  readonly stations: Map<string, number>
  /** Ranks of the frames received (any station). */
  readonly ranks: Set<number>
}

/** Answers a downlink request with 8 bytes, or undefined for none. */
export type DownlinkProvider = (msg: UplinkMessage) => Uint8Array | undefined

/**
 * A default downlink for worlds that answer every device (`fieldnet run
 * main.py`): the network echoes the uplink — the downlink is the message's
 * payload, its first 8 bytes, zero-padded to 8 (a 1-bit frame answers 8 zero
 * bytes). `s.send(bytes([1, 2, 3]))` with SO_RX receives `01 02 03 00 00 00 00 00`.
 * Use it with {@link SigfoxBackend.setDefaultDownlink}.
 */
export const echoDownlink: DownlinkProvider = (msg) => {
  const out = new Uint8Array(DOWNLINK_PAYLOAD)
  out.set(msg.payload.subarray(0, DOWNLINK_PAYLOAD))
  return out
}

/** Options of a backend. */
export interface SigfoxBackendOptions {
  readonly uplinksPerDay?: number
  readonly downlinksPerDay?: number
  readonly downlinkOffsetUs?: Micros
}

interface Pending {
  readonly msg: UplinkMessage
  readonly frame1EndUs: Micros
  readonly f1Hz: number
  readonly rc: number
  accepted: boolean
}

interface DailyCount {
  day: number
  ul: number
  dl: number
}

const worlds = new WeakMap<Simulation, SigfoxBackend>()

/** The Sigfox cloud of a world: de-duplication, daily limits, application callbacks and downlinks. */
export class SigfoxBackend {
  readonly uplinksPerDay: number
  readonly downlinksPerDay: number
  readonly downlinkOffsetUs: Micros
  readonly counters = { frames: 0, duplicates: 0, messages: 0, droppedDaily: 0, downlinks: 0, downlinksRefused: 0, downlinksUnanswered: 0 }
  private readonly pending = new Map<string, Pending>()
  private readonly daily = new Map<number, DailyCount>()
  private readonly uplinkFns: ((m: UplinkMessage) => void)[] = []
  private readonly providers = new Map<number, DownlinkProvider>()
  private defaultProvider: DownlinkProvider | undefined = undefined
  private readonly world: Simulation

  constructor(
    readonly medium: UnbMedium,
    options: SigfoxBackendOptions = {},
  ) {
    this.world = medium.world
    this.uplinksPerDay = options.uplinksPerDay ?? DEFAULT_UPLINKS_PER_DAY
    this.downlinksPerDay = options.downlinksPerDay ?? DEFAULT_DOWNLINKS_PER_DAY
    this.downlinkOffsetUs = options.downlinkOffsetUs ?? DEFAULT_DOWNLINK_OFFSET_US
    for (const bs of medium.stations) this.connect(bs)
  }

  /** The backend of the world's default medium (`UnbMedium.of(world)`). */
  static of(world: Simulation, options?: SigfoxBackendOptions): SigfoxBackend {
    let b = worlds.get(world)
    if (b === undefined) {
      b = new SigfoxBackend(UnbMedium.of(world), options)
      worlds.set(world, b)
    }
    return b
  }

  /** Creates a base station on this backend's medium and connects it. */
  addStation(options: BaseStationOptions): BaseStation {
    const bs = new BaseStation(this.medium, options)
    this.connect(bs)
    return bs
  }

  /** Forwards a station's frames to this backend. */
  connect(bs: BaseStation): void {
    bs.onFrame((tx, station, rssi) => this.onFrame(tx, station, rssi))
  }

  /** Application callback for every accepted uplink message (once, at its first frame). */
  onUplink(fn: (m: UplinkMessage) => void): void {
    this.uplinkFns.push(fn)
  }

  /** Downlink data for one device (8 bytes, or a function answering each request); `undefined` removes it. */
  setDownlink(deviceId: number, data: Uint8Array | DownlinkProvider | undefined): void {
    if (data === undefined) this.providers.delete(deviceId)
    else this.providers.set(deviceId, typeof data === "function" ? data : () => data)
  }

  /**
   * Downlink data for every device without its own {@link setDownlink}: `fn`
   * answers each downlink request (8 bytes, or undefined for none), e.g.
   * {@link echoDownlink}; `undefined` removes it. Its downlinks obey the same
   * daily limit and are traced as `sigfox.backend.downlink` with `source: "default"`.
   */
  setDefaultDownlink(fn: DownlinkProvider | undefined): void {
    this.defaultProvider = fn
  }

  /** Today's (ul, dl) counts of a device. */
  dailyCount(deviceId: number): { ul: number; dl: number } {
    const c = this.count(deviceId)
    return { ul: c.ul, dl: c.dl }
  }

  private count(deviceId: number): DailyCount {
    const day = Math.floor(this.world.now / DAY)
    let c = this.daily.get(deviceId)
    if (c === undefined || c.day !== day) {
      c = { day, ul: 0, dl: 0 }
      this.daily.set(deviceId, c)
    }
    return c
  }

  private onFrame(tx: UnbTransmission, station: BaseStation, rssi: number): void {
    const m = tx.meta
    if (!isUplinkMeta(m)) return
    this.counters.frames++
    const key = `${m.deviceId}/${m.seq}/${m.oob ? 1 : 0}`
    const p = this.pending.get(key)
    if (p !== undefined) {
      this.counters.duplicates++
      const best = p.msg.stations.get(station.id)
      if (best === undefined || rssi > best) p.msg.stations.set(station.id, rssi)
      p.msg.ranks.add(m.rank)
      return
    }
    this.firstFrame(key, tx, m, station, rssi)
  }

  private firstFrame(key: string, tx: UnbTransmission, m: SigfoxUplinkMeta, station: BaseStation, rssi: number): void {
    const world = this.world
    // Frame 1's end and carrier follow from this frame's rank (fixed durations and gaps; docs/models.md §4).
    const gap = m.downlink ? DOWNLINK_FLAG_GAP_US : 0
    const frame1EndUs = tx.endUs - m.rank * (tx.durationUs + gap)
    const f1Hz = m.rank === 0 ? tx.freqHz : m.rank === 1 ? tx.freqHz - DOWNLINK_FLAG_FRAME_OFFSET_HZ : tx.freqHz + DOWNLINK_FLAG_FRAME_OFFSET_HZ
    const msg: UplinkMessage = {
      deviceId: m.deviceId,
      seq: m.seq,
      payload: m.payload,
      bit: m.bit,
      oob: m.oob,
      downlinkRequested: m.downlink,
      timeUs: world.now,
      stations: new Map([[station.id, rssi]]),
      ranks: new Set([m.rank]),
    }
    const p: Pending = { msg, frame1EndUs, f1Hz, rc: m.rc, accepted: true }
    this.pending.set(key, p)
    // Forget the message once no frame of it can still arrive (3 frames + gaps < 10 s; a DL flow < 60 s).
    world.after(60_000_000, () => this.pending.delete(key))
    const c = this.count(m.deviceId)
    if (!m.oob) {
      if (c.ul >= this.uplinksPerDay) {
        p.accepted = false
        this.counters.droppedDaily++
        world.log("sigfox-backend", "sigfox.backend.drop", { device: hex(m.deviceId), seq: m.seq, reason: "daily uplink limit", limit: this.uplinksPerDay })
        return
      }
      c.ul++
    }
    this.counters.messages++
    if (world.trace.enabled) world.log("sigfox-backend", "sigfox.backend.uplink", { device: hex(m.deviceId), seq: m.seq, len: m.payload.length, oob: m.oob, dl: m.downlink, station: station.id, rssi: Math.round(rssi * 10) / 10 })
    for (const fn of this.uplinkFns) fn(msg)
    if (m.downlink) this.planDownlink(p, c)
  }

  private planDownlink(p: Pending, c: DailyCount): void {
    const world = this.world
    const msg = p.msg
    if (c.dl >= this.downlinksPerDay) {
      this.counters.downlinksRefused++
      world.log("sigfox-backend", "sigfox.backend.drop", { device: hex(msg.deviceId), seq: msg.seq, reason: "daily downlink limit", limit: this.downlinksPerDay })
      return
    }
    const own = this.providers.get(msg.deviceId)
    const provider = own ?? this.defaultProvider
    const data = provider?.(msg)
    if (data === undefined) {
      this.counters.downlinksUnanswered++
      return
    }
    if (!(data instanceof Uint8Array) || data.length !== DOWNLINK_PAYLOAD) {
      // An application bug, not a radio event: traced and counted, the device gets no downlink.
      this.counters.downlinksUnanswered++
      world.log("sigfox-backend", "sigfox.backend.bad_downlink", { device: hex(msg.deviceId), seq: msg.seq, error: new ValueError(`Sigfox downlink data must be ${DOWNLINK_PAYLOAD} bytes`).message })
      return
    }
    c.dl++
    const at = Math.max(world.now, p.frame1EndUs + DOWNLINK_WAIT_US + this.downlinkOffsetUs)
    const payload = data.slice()
    world.schedule(at, () => {
      // The station that heard the device best across all the message's frames.
      let best: BaseStation | undefined
      let bestRssi = -Infinity
      for (const st of this.medium.stations) {
        if (!st.up) continue // a station that went down since cannot answer
        const r = msg.stations.get(st.id)
        if (r !== undefined && r > bestRssi) {
          best = st
          bestRssi = r
        }
      }
      if (best === undefined) return
      const rc = radioConfiguration(p.rc)
      const meta: SigfoxDownlinkMeta = { type: "downlink", deviceId: msg.deviceId, seq: msg.seq, payload, rc: p.rc }
      best.transmitDownlink(p.f1Hz + (rc.downlinkHz - rc.uplinkHz), meta)
      this.counters.downlinks++
      world.log("sigfox-backend", "sigfox.backend.downlink", { device: hex(msg.deviceId), seq: msg.seq, station: best.id, ...(own === undefined ? { source: "default" } : {}) })
    })
  }
}

/** A device ID as Pycom prints it (8 hex digits). */
export function hex(id: number): string {
  return id.toString(16).padStart(8, "0")
}
