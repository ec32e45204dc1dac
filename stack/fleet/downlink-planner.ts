import type { Micros, Simulation } from "../../sim/index.ts"
import { DutyCycleRegulator, SYNC_WORD_PUBLIC, destroyers, timeOnAirUs, type FleetMedium, type InterferenceModel, type Interferer, type TransmissionRecord } from "../../radio/index.ts"
import { chooseDownlinkWindow, downlinkWindows, type DownlinkWindow, type DownlinkWindowsInput, type Region } from "../lorawan/index.ts"
import { drFormat } from "../lorawan/mac/index.ts"

/** Told when one of its booked downlinks has ended (sent or not): `slot` is valid until {@link DownlinkPlanner.release}. */
export interface DownlinkClient {
  onDownlinkEnd(device: number, slot: number): void
}

/** What became of a downlink at its device ({@link DownlinkPlanner.outcome}). */
export const DOWNLINK_RECEIVED = 0
/** The gateway was down when the downlink was due to start: nothing was sent. */
export const DOWNLINK_NOT_SENT = 1
/** It arrived below the device's sensitivity. */
export const DOWNLINK_BELOW_SENSITIVITY = 2
/** The device's receiver had locked on another gateway's downlink (same carrier, SF, BW) that started first in its window. */
export const DOWNLINK_RECEIVER_BUSY = 3
/** Other gateways' downlinks overlapping it on its carrier destroyed it (capture rule). */
export const DOWNLINK_INTERFERENCE = 4
/** Outcome names by code, for traces. */
export const DOWNLINK_OUTCOMES = ["received", "not-sent", "below-sensitivity", "receiver-busy", "interference"] as const

const BOOKED = 0
const SENT = 1
const NOT_SENT = 2

/**
 * The capture rule a fleet preset's collision model maps to at a device
 * (radio/interference.ts `destroyers`): goursaud and any-overlap as such; both
 * LoRaSim rules as `lorasim` (LoRaSim itself has no downlinks).
 */
function deviceModel(collision: string): InterferenceModel {
  if (collision === "goursaud") return "goursaud"
  if (collision === "any-overlap") return "any-overlap"
  return "lorasim"
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }
const EMPTY = new Uint8Array(0)
function record(): Mutable<TransmissionRecord> {
  return { id: 0, senderId: "", start: 0, end: 0, sf: 7, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: false, freqHz: 0, txPowerDbm: 0, payload: EMPTY, syncWord: SYNC_WORD_PUBLIC, iqInverted: true }
}

/**
 * The network server's side of a fleet's class A downlinks: its gateways'
 * transmitters and the downlinks on the air.
 *
 * Choosing (`answer`): the gateways that heard the uplink, best first
 * (`FleetMedium.receivers`, by RSSI — the same order as by SNR at one
 * bandwidth), then the shared rule `chooseDownlinkWindow` over
 * `downlinkWindows`: RX1, else RX2; a gateway is skipped when it is down, has
 * another downlink booked over the interval (one TX at a time, NS3
 * `gateway-status.cc`, docs/models.md §2.4) or its sub-band of the region is
 * in its time-off (the `DutyCycleRegulator` the network server gives its
 * gateways: the region's sub-bands where its duty cycle is on by default,
 * docs/models.md §3.3 — gateways obey it although Pycom devices do not). Power: `region.downlinkTxPowerDbm`. The server decides at the uplink's
 * end (no backhaul latency).
 *
 * Sending: at the booked start the gateway transmits on the fleet medium (deaf
 * to uplinks meanwhile, half-duplex) — unless it is down then: the downlink is
 * not sent (`notSent`). At the downlink's end the client is told and asks
 * {@link outcome}.
 *
 * Interferers counted at a device (docs/models.md §7): the downlinks of the
 * fleet's other gateways on the same carrier overlapping it in time, under the
 * preset's capture rule (`destroyers`: SIR matrix / 6 dB capture), and one that
 * started earlier inside the device's window with the same SF/BW above its
 * sensitivity (the receiver locks on it: receiver busy), each at the power the
 * device–gateway link gives (the fleet's reciprocal link table: a gateway the
 * device has no link to, because its uplinks could not reach it within the
 * medium's link margin, is not counted). Not counted: uplinks of other devices
 * (fleet or scripted) and raw LoRa frames on the same carrier, downlinks of a
 * bridged scripted world's gateways, adjacent-channel interference — the object
 * path counts every frame on the carrier at the device's radio.
 */
export class DownlinkPlanner {
  private readonly G: number
  /** Per gateway: booked intervals as pairs (start, end), in start order. */
  private readonly booked: number[][]
  /** Per gateway: its sub-band time-off, the regulator the network server gives its gateways (regions with duty cycle on by default). */
  private readonly bands: DutyCycleRegulator[]
  private readonly clients: DownlinkClient[] = []
  private readonly model: InterferenceModel
  /** Downlinks the server wanted to send but could book in neither window (gateway busy, down or in time-off); counted by the caller. */
  refused = 0
  /** Downlinks booked. */
  bookedCount = 0
  /** Downlinks booked whose gateway was down at their start: not sent, the device gets nothing. */
  notSent = 0
  /** Server state: the next DevAddr a JoinAccept assigns (NetID 0, from 1, as `NetworkServer`). */
  nextDevAddr = 1

  // Booking slots.
  private cap = 0
  private free: number[] = []
  private sGw = new Int32Array(0)
  private sStart = new Float64Array(0)
  private sEnd = new Float64Array(0)
  private sFreq = new Float64Array(0)
  private sDr = new Int8Array(0)
  private sSf = new Int8Array(0)
  private sBw = new Int32Array(0)
  private sPower = new Float64Array(0)
  private sClient = new Int32Array(0)
  private sDevice = new Int32Array(0)
  private sWindow = new Uint8Array(0)
  private sState = new Uint8Array(0)
  private sReleased = new Uint8Array(0)
  private sListed = new Uint8Array(0)
  /** Sent downlinks by carrier (Hz), kept until no evaluation can overlap them. */
  private readonly onAir = new Map<number, number[]>()
  private horizonUs = 0
  /** Downlink time on air by DR × PHYPayload length (CRC off), memoised. */
  private readonly toaMemo = new Float64Array(16 * 256)

  // Scratch state of one `answer` call (no allocation per uplink for the gateway list).
  private readonly rxGw = new Int32Array(8)
  private readonly rxRssi = new Float64Array(8)
  private readonly ranked: number[] = []
  private curClient = 0
  private curDevice = 0
  private curBytes = 0
  private curSlot = -1
  private readonly windowsIn: Mutable<DownlinkWindowsInput> = { uplinkEndUs: 0, uplinkDr: 0, channelIndex: 0, uplinkFreqHz: 0, isJoin: false, rx1DelayUs: 0, rx1DrOffset: 0, rx2Dr: 0, rx2FreqHz: 0 }
  private readonly tryBook = (g: number, w: DownlinkWindow): boolean => {
    const toa = this.downlinkToaUs(w.dr, this.curBytes)
    this.curSlot = this.book(g, w.at, toa, w.freqHz, w.dr, this.region.downlinkTxPowerDbm(w.freqHz), this.curClient, this.curDevice)
    return this.curSlot >= 0
  }
  private readonly signal = record()
  /** Reusable interferer records, and the list handed to `destroyers` (refilled per call). */
  private readonly interfererPool: Mutable<Interferer>[] = []
  private readonly interferers: Interferer[] = []

  constructor(
    readonly world: Simulation,
    readonly medium: FleetMedium,
    readonly region: Region,
  ) {
    this.G = medium.gateways.length
    this.booked = medium.gateways.map(() => [])
    this.bands = medium.gateways.map(() => new DutyCycleRegulator(region.dutyCycleByDefault ? region.subBands : []))
    this.model = deviceModel(medium.preset.collision)
  }

  /** Registers a client (a device group); returns its id for {@link answer}. */
  addClient(c: DownlinkClient): number {
    this.clients.push(c)
    return this.clients.length - 1
  }

  /** Time on air (µs) of a downlink of `bytes` at `dr`: the region's LoRa format with CRC off (`drFormat`, LoRaWAN 1.0.2 §4.1). */
  downlinkToaUs(dr: number, bytes: number): Micros {
    const k = dr * 256 + bytes
    let v = this.toaMemo[k]!
    if (v === 0) {
      v = timeOnAirUs(bytes, drFormat(this.region, dr, false))
      this.toaMemo[k] = v
    }
    return v
  }

  /**
   * The server answers uplink frame `t` of `device` (of client `client`) with
   * a downlink of `bytes` (PHYPayload) whose FOpts + FRMPayload is `n` bytes, in
   * the windows `input` describes (its `uplinkEndUs` must be now): returns the
   * booked slot, or −1 when no window and gateway could take it.
   */
  answer(client: number, device: number, t: number, input: Omit<DownlinkWindowsInput, "uplinkEndUs">, bytes: number, n: number): number {
    const k = this.medium.receivers(t, this.rxGw, this.rxRssi)
    const ranked = this.ranked
    ranked.length = k
    for (let j = 0; j < k; j++) ranked[j] = this.rxGw[j]!
    const w = this.windowsIn
    w.uplinkEndUs = this.world.now
    w.uplinkDr = input.uplinkDr
    w.channelIndex = input.channelIndex
    w.uplinkFreqHz = input.uplinkFreqHz
    w.isJoin = input.isJoin
    w.rx1DelayUs = input.rx1DelayUs
    w.rx1DrOffset = input.rx1DrOffset
    w.rx2Dr = input.rx2Dr
    w.rx2FreqHz = input.rx2FreqHz
    this.curClient = client
    this.curDevice = device
    this.curBytes = bytes
    this.curSlot = -1
    const chosen = chooseDownlinkWindow(this.region, downlinkWindows(this.region, w), ranked, n, this.world.now, this.tryBook)
    if (chosen === undefined) return -1
    this.sWindow[this.curSlot] = chosen.window.window
    return this.curSlot
  }

  /** Books gateway `g` for a downlink of `toaUs` at LoRa DR `dr` on `freqHz` starting at `at`, for `device` of `client`; the slot, or −1 when it cannot. */
  book(g: number, at: Micros, toaUs: Micros, freqHz: number, dr: number, powerDbm: number, client: number, device: number): number {
    const rate = this.region.dataRates[dr]
    if (rate === undefined || rate.modulation !== "lora") return -1
    if (!this.medium.gatewayUp(g)) return -1
    const list = this.booked[g]!
    const now = this.world.now
    // Drop bookings that have ended (pairs start, end).
    let k = 0
    while (k < list.length && list[k + 1]! <= now) k += 2
    if (k > 0) {
      list.copyWithin(0, k)
      list.length -= k
    }
    const end = at + toaUs
    for (let j = 0; j < list.length; j += 2) if (list[j]! < end && at < list[j + 1]!) return -1
    const band = this.bands[g]!
    if (band.earliestStart(freqHz, at) > at) return -1
    band.record(freqHz, at, toaUs)
    let pos = list.length
    list.push(0, 0)
    while (pos >= 2 && list[pos - 2]! > at) {
      list[pos] = list[pos - 2]!
      list[pos + 1] = list[pos - 1]!
      pos -= 2
    }
    list[pos] = at
    list[pos + 1] = end
    this.bookedCount++
    if (toaUs > this.horizonUs) this.horizonUs = toaUs
    const s = this.alloc()
    this.sGw[s] = g
    this.sStart[s] = at
    this.sEnd[s] = end
    this.sFreq[s] = freqHz
    this.sDr[s] = dr
    this.sSf[s] = rate.sf
    this.sBw[s] = rate.bandwidthHz
    this.sPower[s] = powerDbm
    this.sClient[s] = client
    this.sDevice[s] = device
    this.sWindow[s] = 0
    this.sState[s] = BOOKED
    this.sReleased[s] = 0
    this.sListed[s] = 0
    this.world.schedule(at, this, s)
    return s
  }

  /** @internal Kernel event: slot `s` starts (state BOOKED) or ends (SENT / NOT_SENT). */
  onEvent(s: number): void {
    if (this.sState[s] === BOOKED) {
      const g = this.sGw[s]!
      const toa = this.sEnd[s]! - this.sStart[s]!
      if (this.medium.gatewayTransmit(g, toa)) {
        this.sState[s] = SENT
        this.list(s)
      } else {
        this.sState[s] = NOT_SENT
        this.notSent++
      }
      this.world.schedule(this.sEnd[s]!, this, s)
      return
    }
    this.clients[this.sClient[s]!]!.onDownlinkEnd(this.sDevice[s]!, s)
  }

  private list(s: number): void {
    const f = this.sFreq[s]!
    let l = this.onAir.get(f)
    if (l === undefined) {
      l = []
      this.onAir.set(f, l)
    }
    this.purge(l)
    l.push(s)
    this.sListed[s] = 1
  }

  /** Drops the downlinks that ended too long ago to overlap any downlink still to be evaluated. */
  private purge(l: number[]): void {
    const limit = this.world.now - this.horizonUs - 1_000_000
    let w = 0
    for (let j = 0; j < l.length; j++) {
      const s = l[j]!
      if (this.sEnd[s]! < limit) {
        this.sListed[s] = 0
        if (this.sReleased[s] === 1) this.free.push(s)
      } else l[w++] = s
    }
    l.length = w
  }

  /** The window (1 or 2) slot `s` was booked in. */
  windowOf(s: number): number {
    return this.sWindow[s]!
  }
  /** DR of slot `s`. */
  drOf(s: number): number {
    return this.sDr[s]!
  }
  /** Start (µs) of slot `s`. */
  startOf(s: number): Micros {
    return this.sStart[s]!
  }
  /** End (µs) of slot `s`. */
  endOf(s: number): Micros {
    return this.sEnd[s]!
  }
  /** Gateway index of slot `s`. */
  gatewayOf(s: number): number {
    return this.sGw[s]!
  }
  /** Carrier (Hz) of slot `s`. */
  freqOf(s: number): number {
    return this.sFreq[s]!
  }

  /**
   * What became of downlink `s` at fleet device `d` (medium index), whose receive
   * window opened at `openUs` with sensitivity `sensDbm`: a DOWNLINK_* code
   * (see the class comment for the interferers counted). Call at the downlink's end.
   */
  outcome(s: number, d: number, openUs: Micros, sensDbm: number): number {
    if (this.sState[s] !== SENT) return DOWNLINK_NOT_SENT
    const rssi = this.sPower[s]! + this.medium.linkGainDb(d, this.sGw[s]!)
    if (!(rssi >= sensDbm)) return DOWNLINK_BELOW_SENSITIVITY
    const l = this.onAir.get(this.sFreq[s]!)!
    const start = this.sStart[s]!
    const end = this.sEnd[s]!
    const sf = this.sSf[s]!
    const bw = this.sBw[s]!
    const pool = this.interfererPool
    const ints = this.interferers
    ints.length = 0
    let n = 0
    for (let j = 0; j < l.length; j++) {
      const o = l[j]!
      if (o === s || this.sStart[o]! >= end || this.sEnd[o]! <= Math.min(start, openUs)) continue
      const r = this.sPower[o]! + this.medium.linkGainDb(d, this.sGw[o]!)
      if (r === -Infinity) continue
      const sameSignal = this.sSf[o] === sf && this.sBw[o] === bw
      if (sameSignal && this.sStart[o]! >= openUs && this.sStart[o]! < start && r >= sensDbm) return DOWNLINK_RECEIVER_BUSY
      if (this.sEnd[o]! <= start) continue
      if (pool.length === n) pool.push({ tx: record(), rssiDbm: 0 })
      const it = pool[n++]!
      this.fill(it.tx as Mutable<TransmissionRecord>, o)
      it.rssiDbm = r
      ints.push(it)
    }
    if (n === 0) return DOWNLINK_RECEIVED
    this.fill(this.signal, s)
    return destroyers(this.model, this.signal, rssi, ints).length > 0 ? DOWNLINK_INTERFERENCE : DOWNLINK_RECEIVED
  }

  private fill(r: Mutable<TransmissionRecord>, s: number): void {
    r.id = s
    r.senderId = this.medium.gateways[this.sGw[s]!]!.id
    r.start = this.sStart[s]!
    r.end = this.sEnd[s]!
    r.sf = this.sSf[s]!
    r.bwHz = this.sBw[s]!
    r.freqHz = this.sFreq[s]!
    r.txPowerDbm = this.sPower[s]!
  }

  /** The client is done with slot `s` (after `onDownlinkEnd`). */
  release(s: number): void {
    this.sReleased[s] = 1
    if (this.sListed[s] === 0) this.free.push(s)
  }

  private alloc(): number {
    if (this.free.length === 0) this.grow()
    return this.free.pop()!
  }

  private grow(): void {
    const old = this.cap
    const cap = Math.max(64, old * 2)
    const g = <T extends Int8Array | Uint8Array | Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap)
      b.set(a as never)
      return b
    }
    this.sGw = g(this.sGw)
    this.sStart = g(this.sStart)
    this.sEnd = g(this.sEnd)
    this.sFreq = g(this.sFreq)
    this.sDr = g(this.sDr)
    this.sSf = g(this.sSf)
    this.sBw = g(this.sBw)
    this.sPower = g(this.sPower)
    this.sClient = g(this.sClient)
    this.sDevice = g(this.sDevice)
    this.sWindow = g(this.sWindow)
    this.sState = g(this.sState)
    this.sReleased = g(this.sReleased)
    this.sListed = g(this.sListed)
    for (let i = cap - 1; i >= old; i--) this.free.push(i)
    this.cap = cap
  }
}
