import type { Micros, Simulation } from "../../sim/index.ts"
import { timeOnAirUs } from "../lora-phy.ts"
import { Propagation } from "../propagation.ts"
import { snrDb } from "../sensitivity.ts"
import * as collisions from "./fleet-collisions.ts"
import { FleetLinks, linkLossDb } from "./fleet-links.ts"
import { FLEET_LOSS_REASONS, FLEET_PREAMBLE_SYMBOLS, lostRecord, type FleetLossReason, type FleetGatewayCounters, type FleetGatewaySite, type FleetMediumOptions, type FleetTotals, type FleetUplinkListener } from "./fleet-types.ts"
import { FleetPool } from "./fleet-pool.ts"
import type { FleetRadioPreset } from "./presets.ts"

export { FLEET_LOSS_REASONS, FLEET_PREAMBLE_SYMBOLS, type FleetGatewayCounters, type FleetGatewaySite, type FleetLossReason, type FleetMediumOptions, type FleetTotals, type FleetUplinkListener } from "./fleet-types.ts"

// Local copies of the collision module's constants and functions: read once here, so the hot path
// compares plain constants instead of going through module bindings on every frame.
const { BELOW_SENS, GOURSAUD, GW_DOWN, HALF_DUPLEX, INTERFERENCE, LOCKED, LOSS_STATES, NO_PATH, OK, RULES } = collisions
const lossReasonOf = collisions.lossReasonOf
const accountOverlaps = collisions.accountOverlaps
const survives = collisions.survives

/** Most carrier frequencies one fleet medium tracks (channel indices 0..63). */
export const MAX_CHANNELS = 64
/** Spreading factors a fleet frame may use. */
const MIN_SF = 6
const MAX_SF = 12
/** Per-SF tables are indexed by the SF itself, 0..MAX_SF (only MIN_SF..MAX_SF used). */
const SF_SLOTS = MAX_SF + 1
/** SF6 works only with the implicit header (Semtech SX1276 datasheet, "spreading factor 6"; LoRaSim `airtime`: H = 1 at SF6). */
const IMPLICIT_HEADER_SF = 6
/** Bandwidths a fleet frame may use: 125, 250, 500 kHz (index 0, 1, 2). */
const BWS = [125_000, 250_000, 500_000] as const
/** Coding rates 4/5..4/8 (cr 1..4) in the time-on-air memo. */
const CR_SLOTS = 4
/** Payload lengths 0..255 bytes in the time-on-air memo. */
const PAYLOAD_SLOTS = 256
/** Default width of a channel-occupancy bin: 15 minutes. */
const DEFAULT_OCCUPANCY_BIN_US = 15 * 60 * 1_000_000
/** Default link margin below the best gateway sensitivity (dB): the same-SF capture threshold (see `FleetMediumOptions.linkMarginDb`). */
const DEFAULT_LINK_MARGIN_DB = 6
/** Devices the per-device arrays hold before they first grow. */
const INITIAL_DEVICE_CAPACITY = 1024
/** Antenna heights (m) of a gateway that gives none, and of a fleet device (as `fleet-links.ts`). */
const DEFAULT_GATEWAY_HEIGHT_M = 15
const DEVICE_HEIGHT_M = 1.5

/** Bandwidth index (0..2) of `bwHz` (anything but 125/250 kHz counts as 500 kHz). */
function bwIndex(bwHz: number): number {
  return bwHz === 125_000 ? 0 : bwHz === 250_000 ? 1 : 2
}
/** Index of an (SF, bandwidth) pair in the per-SF/BW tables (`SF_SLOTS × BWS.length`). */
function sfBwIndex(sf: number, bwHz: number): number {
  return sf * BWS.length + bwIndex(bwHz)
}
/** Index of a frame format in the time-on-air memo. */
function toaKey(sf: number, bwHz: number, cr: number, payloadBytes: number): number {
  return (sfBwIndex(sf, bwHz) * CR_SLOTS + cr - 1) * PAYLOAD_SLOTS + payloadBytes
}
/** Index of the reception list of gateway `g` on channel `ch`. */
function airCell(g: number, ch: number): number {
  return g * MAX_CHANNELS + ch
}
/** Index of the counter of loss state `state` (1..LOSS_STATES) in a block of counters starting at `base`. */
function lossSlot(base: number, state: number): number {
  return base + state - 1
}

/**
 * The uplink medium of a fleet: many compact devices (struct-of-arrays, no
 * object per device or per frame) transmitting to gateways. Each device's links
 * to the gateways in range are computed once (mean path loss plus that link's
 * shadowing, from the same named stream the full `Medium` uses), so a frame
 * costs a few array reads per gateway in range, whatever the fleet size.
 *
 * At each gateway a frame is locked when the gateway is up and not
 * transmitting, it clears the sensitivity for its SF/BW, and a demodulation
 * path is free (8 on an SX1301); otherwise it is lost with that reason. Frames
 * on the same carrier at the same gateway interfere under the preset's
 * collision rule; interference is accumulated as frames start (both ends of
 * every overlap are known then), so a frame's fate is settled when it ends.
 * A frame is delivered when at least one gateway received it.
 *
 * Frames whose sender asked to be told (`track`) end with a kernel event and a
 * listener call; the others are settled lazily (when their gateway next hears a
 * frame on that channel, or at `flush()`), which keeps the cost at one kernel
 * event per untracked frame — the LoRaSim preset runs this way.
 */
export class FleetMedium {
  readonly propagation: Propagation
  readonly gateways: readonly FleetGatewaySite[]
  /** Carrier frequencies (Hz) by channel index. */
  readonly channelsHz: number[] = []
  /** Airtime (µs) started per channel. */
  readonly airtimeByChannelUs: number[] = []
  /** Airtime (µs) started per occupancy bin, all channels together. */
  readonly occupancyUs: number[] = []
  readonly occupancyBinUs: number
  private sent = 0
  /** Frames sent / delivered per SF (index = SF; settled frames only for delivered). */
  readonly sentBySf = new Float64Array(SF_SLOTS)
  readonly deliveredBySf = new Float64Array(SF_SLOTS)
  private deliveredCount = 0
  private readonly lostCounts = new Float64Array(LOSS_STATES)
  private readonly gwReceived: Float64Array
  private readonly gwLost: Float64Array
  private readonly gwDownlinks: Float64Array
  listener: FleetUplinkListener | undefined
  /**
   * Trace every frame (`fleet.tx` when it starts, `fleet.rx` / `fleet.lost` with
   * the reason when it is settled). Off by default: a fleet's trace would be
   * millions of lines; `Fleet.fingerprint` puts every device's outcome into
   * the digest instead.
   */
  traceFrames = false
  /** Told when a fleet device starts a frame (device, channel, SF, BW, EIRP, airtime): bridges fleet frames into a scripted world's `Medium`. */
  frameObserver: ((device: number, ch: number, sf: number, bwHz: number, powerDbm: number, toaUs: Micros) => void) | undefined = undefined

  private readonly channelOf = new Map<number, number>()
  private readonly gwListens: Uint8Array[] = []
  private readonly gwUp: Uint8Array
  private readonly gwTxUntil: Float64Array
  private readonly gwGain: Float64Array
  private readonly paths: number
  private readonly gwPathsUntil: Float64Array
  private readonly sensGw = new Float64Array(SF_SLOTS * BWS.length)
  private readonly rule: number
  private readonly belowSensInterferes: boolean
  private readonly bestSensDbm: number
  private readonly linkMarginDb: number

  // Devices: links in CSR form.
  private nDevices = 0
  private readonly links = new FleetLinks()
  /** Per device: frames sent, frames delivered, airtime (µs). */
  devSent = new Uint32Array(INITIAL_DEVICE_CAPACITY)
  devDelivered = new Uint32Array(INITIAL_DEVICE_CAPACITY)
  devAirUs = new Float64Array(INITIAL_DEVICE_CAPACITY)

  // Receptions in progress per (gateway, channel).
  private readonly air: number[][] = []
  private binEndUs = -1
  private readonly toaCache = new Float64Array(SF_SLOTS * BWS.length * CR_SLOTS * PAYLOAD_SLOTS)
  private readonly pool = new FleetPool()

  constructor(
    readonly world: Simulation,
    readonly preset: FleetRadioPreset,
    gateways: readonly FleetGatewaySite[],
    options: FleetMediumOptions = {},
  ) {
    this.propagation = new Propagation(preset.propagation, world.seed)
    this.gateways = gateways
    const G = gateways.length
    this.gwReceived = new Float64Array(G)
    this.gwLost = new Float64Array(G * LOSS_STATES)
    this.gwDownlinks = new Float64Array(G)
    this.gwUp = new Uint8Array(G).fill(1)
    this.gwTxUntil = new Float64Array(G)
    this.gwGain = new Float64Array(gateways.map((g) => g.antennaGainDb ?? 0))
    this.paths = preset.gatewayPaths
    this.gwPathsUntil = new Float64Array(Number.isFinite(this.paths) ? G * this.paths : 0)
    this.occupancyBinUs = options.occupancyBinUs ?? DEFAULT_OCCUPANCY_BIN_US
    let best = Infinity
    for (let sf = MIN_SF; sf <= MAX_SF; sf++) {
      for (const bw of BWS) {
        const s = preset.gatewaySensitivityDbm(sf, bw)
        this.sensGw[sfBwIndex(sf, bw)] = s
        if (s < best) best = s
      }
    }
    this.rule = RULES.indexOf(preset.collision)
    this.belowSensInterferes = preset.belowSensitivityInterferes
    this.bestSensDbm = best
    this.linkMarginDb = options.linkMarginDb ?? DEFAULT_LINK_MARGIN_DB
    for (const g of gateways) for (const f of g.channelsHz) this.channelIndex(f)
    for (const g of gateways) {
      const m = new Uint8Array(MAX_CHANNELS)
      for (const f of g.channelsHz) m[this.channelIndex(f)] = 1
      this.gwListens.push(m)
    }
  }

  /** The channel index of a carrier frequency (allocated on first use). */
  channelIndex(freqHz: number): number {
    let c = this.channelOf.get(freqHz)
    if (c === undefined) {
      c = this.channelsHz.length
      if (c >= MAX_CHANNELS) throw new RangeError(`a fleet medium supports at most ${MAX_CHANNELS} carrier frequencies`)
      this.channelOf.set(freqHz, c)
      this.channelsHz.push(freqHz)
      this.airtimeByChannelUs.push(0)
      for (let g = 0; g < this.gateways.length; g++) this.air[airCell(g, c)] = []
    }
    return c
  }

  /** Number of devices registered. */
  get deviceCount(): number {
    return this.nDevices
  }

  /**
   * Registers devices at (x[i], y[i]) (height 1.5 m) named `id(i)` (names key
   * the shadowing streams) that transmit at up to `maxTxPowerDbm`; returns the
   * index of the first. Links are computed now: mean loss plus the link's
   * shadowing (stream `shadowing/<device>/<gateway>`, as the full `Medium`),
   * kept within `linkMarginDb` of the gateway's best sensitivity.
   */
  addDevices(x: Float64Array, y: Float64Array, id: (i: number) => string, maxTxPowerDbm: number, antennaGainDb = 0): number {
    const first = this.nDevices
    this.ensureDevices(first + x.length)
    this.links.addDevices(first, x, y, id, this.gateways, this.gwGain, this.propagation, this.world.seed, maxTxPowerDbm, antennaGainDb, this.bestSensDbm - this.linkMarginDb)
    this.nDevices = first + x.length
    return first
  }

  private ensureDevices(n: number): void {
    if (n <= this.devSent.length) return
    const cap = Math.max(n, this.devSent.length * 2)
    this.devSent = growU32(this.devSent, cap)
    this.devDelivered = growU32(this.devDelivered, cap)
    this.devAirUs = growF64(this.devAirUs, cap)
  }

  /** Gateways device `d` has a link to, with the link gain (dB, antennas − loss): calls `fn(gateway, gainDb)`. */
  forEachLink(d: number, fn: (gateway: number, gainDb: number) => void): void {
    const l = this.links
    for (let k = l.start[d]!; k < l.start[d + 1]!; k++) fn(l.gw[k]!, l.gain[k]!)
  }

  /** Gain (dB) of the link device `d` → gateway `g`, −Infinity when out of range. */
  linkGainDb(d: number, g: number): number {
    return this.links.gainTo(d, g)
  }

  /** The best (highest-gain) link gain of device `d` (dB), −Infinity with no gateway in range. */
  bestLinkGainDb(d: number): number {
    return this.links.best(d)
  }

  /** Gateway sensitivity (dBm) of the preset at `sf`/`bwHz`. */
  gatewaySensitivityDbm(sf: number, bwHz: number): number {
    return this.sensGw[sfBwIndex(sf, bwHz)]!
  }

  /** Whether gateway `g` is up. */
  gatewayUp(g: number): boolean {
    return this.gwUp[g] === 1
  }

  /** Takes gateway `g` off the air (frames it is demodulating are lost as `gateway-down`) or back on. Traced. */
  setGatewayUp(g: number, up: boolean): void {
    if ((this.gwUp[g] === 1) === up) return
    this.gwUp[g] = up ? 1 : 0
    if (!up) this.markLocked(g, this.world.now, GW_DOWN)
    this.world.log(this.gateways[g]!.id, up ? "gateway.up" : "gateway.down", {})
  }

  /**
   * Gateway `g` transmits (a downlink) from now for `toaUs`: it stops hearing
   * uplinks (those it was demodulating are lost as `half-duplex`) until the end.
   * Returns false, doing nothing, if it is down or already transmitting.
   */
  gatewayTransmit(g: number, toaUs: Micros): boolean {
    const now = this.world.now
    if (this.gwUp[g] !== 1 || this.gwTxUntil[g]! > now) return false
    this.gwTxUntil[g] = now + toaUs
    this.markLocked(g, now, HALF_DUPLEX)
    this.gwDownlinks[g]!++
    return true
  }

  /** Whether gateway `g` is transmitting at `at`. */
  gatewayBusyAt(g: number, at: Micros): boolean {
    return this.gwTxUntil[g]! > at
  }

  private markLocked(g: number, now: Micros, state: number): void {
    const p = this.pool
    for (let c = 0; c < this.channelsHz.length; c++) {
      const list = this.air[airCell(g, c)]!
      for (let j = 0; j < list.length; j++) {
        const r = list[j]!
        if (p.rxState[r] === LOCKED && p.txEnd[p.rxTx[r]!]! > now) p.rxState[r] = state
      }
    }
    if (this.gwPathsUntil.length > 0) this.gwPathsUntil.fill(0, g * this.paths, (g + 1) * this.paths)
  }

  /**
   * Device `d` starts an uplink now on channel `ch` (see `channelIndex`). Returns the frame's slot, valid until the
   * frame is settled (for a tracked frame: until `onUplinkEnd` returns).
   */
  transmit(d: number, ch: number, sf: number, bwHz: number, cr: number, powerDbm: number, payloadBytes: number, track: boolean): number {
    const now = this.world.now
    const toa = this.timeOnAirUs(sf, bwHz, cr, payloadBytes)
    const end = now + toa
    const p = this.pool
    const t = p.allocTx(d, now, end, sf, ch, track)
    p.txBw[t] = bwHz
    this.sent++
    this.sentBySf[sf]!++
    this.devSent[d]!++
    this.devAirUs[d]! += toa
    this.airtimeByChannelUs[ch]! += toa
    if (now >= this.binEndUs) this.advanceBin(now)
    this.occupancyUs[this.occupancyUs.length - 1]! += toa
    const sens = this.sensGw[sfBwIndex(sf, bwHz)]!
    const l = this.links
    const k1 = l.start[d + 1]!
    for (let k = l.start[d]!; k < k1; k++) {
      const g = l.gw[k]!
      if (this.gwListens[g]![ch] === 1) this.offer(t, g, powerDbm + l.gain[k]!, sf, bwHz, ch, now, end, sens)
    }
    this.frameObserver?.(d, ch, sf, bwHz, powerDbm, toa)
    p.txSettling[t] = 0
    if (this.traceFrames) this.world.log(String(d), "fleet.tx", { tx: t, ch, sf, bw: bwHz, power: powerDbm, len: payloadBytes, toa })
    if (track) this.world.schedule(end, this, t)
    else if (p.txPending[t] === 0) this.settleTx(t)
    return t
  }

  /** Frame `t` (SF `sf`, from now to `end`) arrives at gateway `g` with `rssi`: lock on or record why not, and account its interference. */
  private offer(t: number, g: number, rssi: number, sf: number, bwHz: number, ch: number, now: Micros, end: Micros, sens: number): void {
    const p = this.pool
    const rule = this.rule
    const list = this.air[airCell(g, ch)]!
    this.purge(list, now)
    let state: number
    if (this.gwUp[g] !== 1) state = GW_DOWN
    else if (this.gwTxUntil[g]! > now) state = HALF_DUPLEX
    else if (rssi < sens) state = BELOW_SENS
    else if (Number.isFinite(this.paths) && !this.takePath(g, now, end)) state = NO_PATH
    else state = LOCKED
    const r = p.allocRx(t, g, rssi, state, this.rule === GOURSAUD)
    if (state !== LOCKED && (state === GW_DOWN || (state === BELOW_SENS && !this.belowSensInterferes))) {
      this.settleRx(r)
      return
    }
    accountOverlaps(p, rule, r, state === LOCKED, list, sf, bwHz, rssi, now, end)
    p.rxAirPos[r] = list.length
    list.push(r)
  }

  /**
   * A frame from outside the fleet (a scripted device on the full `Medium`)
   * starts now at (x, y) with EIRP `powerDbm`: it is offered to the fleet's
   * gateways in range (links computed now, shadowing stream as for a device
   * named `senderId`) so it interferes and takes demodulation paths there. It
   * is not counted in the fleet's totals or per-gateway counters.
   */
  transmitExternal(senderId: string, x: number, y: number, freqHz: number, sf: number, bwHz: number, powerDbm: number, toaUs: Micros): void {
    const ch = this.channelOf.get(freqHz)
    if (ch === undefined) return // no fleet gateway listens there
    const now = this.world.now
    const end = now + toaUs
    const p = this.pool
    const t = p.allocTx(-1, now, end, sf, ch, false)
    p.txBw[t] = bwHz
    const sens = this.sensGw[sfBwIndex(sf, bwHz)]!
    for (let g = 0; g < this.gateways.length; g++) {
      if (this.gwListens[g]![ch] !== 1) continue
      const s = this.gateways[g]!
      const dz = (s.z ?? DEFAULT_GATEWAY_HEIGHT_M) - DEVICE_HEIGHT_M
      const rssi = powerDbm + this.gwGain[g]! - linkLossDb(this.propagation, this.world.seed, senderId, (x - s.x) ** 2 + (y - s.y) ** 2 + dz * dz, s.id)
      if (rssi < this.bestSensDbm - this.linkMarginDb) continue
      this.offer(t, g, rssi, sf, bwHz, ch, now, end, sens)
    }
    p.txSettling[t] = 0
    if (p.txPending[t] === 0) p.freeTx(t)
  }

  /**
   * Time on air (µs) of an uplink: Semtech's formula with preamble 8, explicit
   * header (implicit at SF6, which requires it), CRC on (docs/models.md §2.1); memoised.
   */
  timeOnAirUs(sf: number, bwHz: number, cr: number, payloadBytes: number): Micros {
    const key = toaKey(sf, bwHz, cr, payloadBytes)
    let v = this.toaCache[key]!
    if (v === 0) {
      v = timeOnAirUs(payloadBytes, { sf, bwHz, cr, preamble: FLEET_PREAMBLE_SYMBOLS, implicitHeader: sf === IMPLICIT_HEADER_SF, crc: true })
      this.toaCache[key] = v
    }
    return v
  }

  private advanceBin(now: Micros): void {
    const bin = Math.floor(now / this.occupancyBinUs)
    while (this.occupancyUs.length <= bin) this.occupancyUs.push(0)
    this.binEndUs = (bin + 1) * this.occupancyBinUs
  }

  /** A free demodulation path from now to `end` at gateway `g` (always, with unlimited paths). */
  private takePath(g: number, now: Micros, end: Micros): boolean {
    const n = this.paths
    if (!Number.isFinite(n)) return true
    const a = this.gwPathsUntil
    for (let i = g * n; i < (g + 1) * n; i++) {
      if (a[i]! <= now) {
        a[i] = end
        return true
      }
    }
    return false
  }

  /** Settles the receptions of `list` that ended by `now`. */
  private purge(list: number[], now: Micros): void {
    const p = this.pool
    for (let j = list.length - 1; j >= 0; j--) {
      const r = list[j]!
      if (p.txEnd[p.rxTx[r]!]! <= now) {
        const last = list.pop()!
        if (j < list.length) {
          list[j] = last
          p.rxAirPos[last] = j
        }
        this.settleRx(r)
      }
    }
  }

  /** @internal Kernel event: a tracked frame ends. */
  onEvent(t: number): void {
    const p = this.pool
    // Settle its receptions still on the air lists.
    for (let r = p.txFirstRx[t]!; r >= 0; ) {
      const next = p.rxNext[r]!
      this.removeFromAir(r)
      this.settleRx(r)
      r = next
    }
    this.settleTx(t)
  }

  private removeFromAir(r: number): void {
    const p = this.pool
    const list = this.air[airCell(p.rxGw[r]!, p.txCh[p.rxTx[r]!]!)]!
    const j = p.rxAirPos[r]!
    if (list[j] !== r) return
    const last = list.pop()!
    if (j < list.length) {
      list[j] = last
      p.rxAirPos[last] = j
    }
  }

  private settleRx(r: number): void {
    const p = this.pool
    const t = p.rxTx[r]!
    let state = p.rxState[r]!
    if (state === LOCKED) state = survives(this.pool, this.rule, r, t) ? OK : INTERFERENCE
    const g = p.rxGw[r]!
    const external = p.txDev[t]! < 0
    if (external) {
      // A scripted device's frame: it only occupied a path and interfered; its fate is the full Medium's business.
    } else if (state === OK) {
      this.gwReceived[g]!++
      if (p.txBestGw[t]! < 0 || p.rxRssi[r]! > p.txBestRssi[t]!) {
        p.txBestGw[t] = g
        p.txBestRssi[t] = p.rxRssi[r]!
      }
      p.txGwCount[t]!++
    } else {
      this.gwLost[lossSlot(g * LOSS_STATES, state)]!++
      if (state < p.txReason[t]!) p.txReason[t] = state
    }
    p.unlinkRx(r)
    if (p.txPending[t] === 0 && p.txTrack[t] === 0 && p.txSettling[t] === 0) {
      if (external) p.freeTx(t)
      else this.settleTx(t)
    }
  }



  private settleTx(t: number): void {
    const p = this.pool
    const d = p.txDev[t]!
    if (p.txGwCount[t]! > 0) {
      this.deliveredCount++
      this.devDelivered[d]!++
      this.deliveredBySf[p.txSf[t]!]!++
    } else this.lostCounts[lossSlot(0, p.txReason[t]!)]!++
    if (this.traceFrames) {
      if (p.txGwCount[t]! > 0) this.world.log(String(d), "fleet.rx", { tx: t, gateways: p.txGwCount[t]!, best: this.gateways[p.txBestGw[t]!]!.id, rssi: Math.round(p.txBestRssi[t]! * 100) / 100 })
      else this.world.log(String(d), "fleet.lost", { tx: t, reason: lossReasonOf(p.txReason[t]!) })
    }
    if (p.txTrack[t] === 1 && this.listener !== undefined) this.listener.onUplinkEnd(d, t, this)
    p.freeTx(t)
  }

  /** Frames sent, delivered and lost by reason (settled frames only: call `flush()` first). */
  get totals(): FleetTotals {
    return { sent: this.sent, delivered: this.deliveredCount, lost: lostRecord(this.lostCounts, 0), inFlight: this.pool.liveTx }
  }

  /** Counters per gateway, in site order (settled frames only). */
  get gatewayCounters(): FleetGatewayCounters[] {
    return this.gateways.map((g, i) => ({ id: g.id, received: this.gwReceived[i]!, lost: lostRecord(this.gwLost, i * LOSS_STATES), downlinks: this.gwDownlinks[i]! }))
  }

  /** Settles every frame that has ended by now (call before reading the counters). */
  flush(): void {
    const now = this.world.now
    for (const list of this.air) if (list !== undefined) this.purge(list, now)
  }

  /** Whether frame `t` was received by at least one gateway (valid in `onUplinkEnd`). */
  delivered(t: number): boolean {
    return this.pool.txGwCount[t]! > 0
  }
  /** The gateway that received frame `t` strongest, −1 if none. */
  bestGateway(t: number): number {
    return this.pool.txBestGw[t]!
  }
  /** RSSI (dBm) of frame `t` at its best gateway. */
  bestRssiDbm(t: number): number {
    return this.pool.txBestRssi[t]!
  }
  /** SNR (dB) of frame `t` at its best gateway (thermal noise floor, docs/models.md §2.2). */
  bestSnrDb(t: number, bwHz: number): number {
    return snrDb(this.pool.txBestRssi[t]!, bwHz)
  }
  /** How many gateways received frame `t`. */
  gatewayCount(t: number): number {
    return this.pool.txGwCount[t]!
  }
  /** Why frame `t` was lost (valid in `onUplinkEnd` when not delivered). */
  lossReason(t: number): FleetLossReason {
    return lossReasonOf(this.pool.txReason[t]!)
  }
  /** Channel index of frame `t`. */
  channelOfFrame(t: number): number {
    return this.pool.txCh[t]!
  }
  /** Bandwidth (Hz) of frame `t`. */
  bandwidthOf(t: number): number {
    return this.pool.txBw[t]!
  }
  /** SF of frame `t`. */
  sfOf(t: number): number {
    return this.pool.txSf[t]!
  }
  /** End time (µs) of frame `t`. */
  endOf(t: number): Micros {
    return this.pool.txEnd[t]!
  }

  /**
   * The gateways that received frame `t` (valid in `onUplinkEnd`), strongest
   * first: writes up to `gw.length` (at most 8, the strongest kept per frame)
   * gateway indices and their RSSI (dBm) into `gw` / `rssiDbm` and returns how
   * many. Allocation-free; for a network server choosing the downlink gateway.
   */
  receivers(t: number, gw: Int32Array, rssiDbm: Float64Array): number {
    const p = this.pool
    const base = t * p.receiversPerFrame
    const m = Math.min(p.txRxN[t]!, p.receiversPerFrame)
    const cap = Math.min(gw.length, rssiDbm.length)
    let n = 0
    for (let k = 0; k < m; k++) {
      // Insertion by RSSI, descending (equal RSSI keeps settlement order); the weakest drop out past `cap`.
      const g = p.txRxGw[base + k]!
      const r = p.txRxRssi[base + k]!
      if (n === cap && (n === 0 || rssiDbm[n - 1]! >= r)) continue
      let j = n < cap ? n++ : n - 1
      while (j > 0 && rssiDbm[j - 1]! < r) {
        gw[j] = gw[j - 1]!
        rssiDbm[j] = rssiDbm[j - 1]!
        j--
      }
      gw[j] = g
      rssiDbm[j] = r
    }
    return n
  }
}




function growU32(a: Uint32Array, n: number) {
  const b = new Uint32Array(Math.max(n, 16))
  b.set(a)
  return b
}
function growF64(a: Float64Array, n: number) {
  const b = new Float64Array(Math.max(n, 16))
  b.set(a)
  return b
}
