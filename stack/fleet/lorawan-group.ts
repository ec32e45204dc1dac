import type { Micros, RngBank, Simulation } from "../../sim/index.ts"
import { s } from "../../sim/index.ts"
import { symbolTimeUs, txCurrentMa, type EnergyProfile, type FleetMedium, type FleetRadioPreset } from "../../radio/index.ts"
import { ADR_HISTORY, ADR_INSTALLATION_MARGIN_DB, requiredSnrDb } from "../lorawan/server/adr.ts"
import type { DownlinkPlanner } from "./downlink-planner.ts"
import { captureLorawanUplink, capturing } from "./capture.ts"
import { GroupBase, type FleetGroup } from "./group.ts"
import { initialSf } from "./sf-assignment.ts"
import type { ResolvedDeviceGroupSpec } from "./spec.ts"
import { firstDelayUs, nextDelayUs } from "./traffic.ts"

// Local copies of imported functions and constants used on every uplink (a module binding costs a
// lookup per access once transpiled; these are read once).
const symbolUs = symbolTimeUs
const txMa = txCurrentMa
const nextDelay = nextDelayUs
const requiredSnr = requiredSnrDb
const HISTORY = ADR_HISTORY
const MARGIN_DB = ADR_INSTALLATION_MARGIN_DB
const sec = s

/** LoRaWAN overhead of a data uplink without FOpts: MHDR 1 + FHDR 7 + FPort 1 + MIC 4 (reference §3.1: PHYPayload = N + 13). */
export const DATA_OVERHEAD_BYTES = 13
/** JoinRequest PHYPayload: MHDR 1 + AppEUI 8 + DevEUI 8 + DevNonce 2 + MIC 4 (reference §3.1). */
export const JOIN_REQUEST_BYTES = 23
/** JoinAccept PHYPayload without CFList: MHDR 1 + 12 + MIC 4 (reference §3.1). */
export const JOIN_ACCEPT_BYTES = 17
/** A downlink carrying only an ACK and/or one LinkADRReq (5 bytes of FOpts): MHDR + FHDR + MIC (+ 5). */
const ACK_BYTES = 12
const ADR_REQ_BYTES = 17
/** RECEIVE_DELAY1/2, JOIN_ACCEPT_DELAY1/2 (reference §3.2, EU868). */
const RX1_DELAY = sec(1)
const RX2_DELAY = sec(2)
const JA1_DELAY = sec(5)
const JA2_DELAY = sec(6)
/** RX2: 869.525 MHz at DR0 (SF12) (reference §3.2). */
const RX2_FREQ_HZ = 869_525_000
const RX2_SF = 12
/** RX1 downlink power: the EU868 max EIRP of the uplink channel's sub-band, 16 dBm (reference §3.2). */
const GATEWAY_RX1_DBM = 16
/**
 * RX2 downlink power on 869.525 MHz: 27 dBm, as The Things Stack's EU_863_870
 * band definition (`pkg/band/eu_863_870_rp2_v1_0_4.go`, TheThingsNetwork/docs#543;
 * the g3 sub-band allows 500 mW).
 */
const GATEWAY_RX2_DBM = 27
/** ADR_ACK_LIMIT / ADR_ACK_DELAY (reference §3.2). */
const ADR_ACK_LIMIT = 64
const ADR_ACK_DELAY = 32
/** Pycom `tx_retries` default 2 → NbTrials 3 (reference §1.2, §3.4). */
const NB_TRIALS = 3
/** Pycom's LoRaWAN command queue depth (reference §1.4: "queues a command (depth 7)"). */
const QUEUE_DEPTH = 7
/**
 * Preamble symbols a class A receiver listens for in an RX window that holds no
 * frame (⚠ an assumption: LoRaMac-node sizes the window from a minimum of 6
 * symbols plus timing error; 8 is used here).
 */
const RX_LISTEN_SYMBOLS = 8

const IDLE = 0
/** The uplink ended; its RX windows run until `busyUntil` (no event unless a message waits). */
const CYCLE = 3
const JOINING = 1
const UPLINK = 2

/**
 * A group of LoRaWAN class A devices as compact state machines (typed arrays,
 * no object per device): OTAA join with the 1 % / 0.1 % / 0.01 % join back-off, then
 * application uplinks from the traffic model on a random default channel,
 * unconfirmed or confirmed with NbTrials 3 (the DR dropping one step every
 * second retry, reference §3.4), ADR with ADR_ACK backoff on the device and
 * the margin-based algorithm on the server (stack/lorawan/server/adr.ts).
 * The network server answers from the strongest gateway in RX1, else RX2, as
 * its planner can book a transmitter; a downlink reaches the device when the
 * link clears the device's sensitivity (downlink interference is not modelled).
 * Per uplink: one kernel event to send, one at its end, one per downlink (and
 * one at the end of the RX windows only when a message waits).
 */
export class LorawanGroup extends GroupBase implements FleetGroup {
  /** Join delay per device (NaN until joined); undefined for ABP groups. */
  readonly joinDelayUs: Float64Array | undefined
  /**
   * Per-device state interleaved so that one device's fields share a cache
   * line (a fleet touches devices in random order): 8 bytes per device
   * (phase, trial, queued, confirmed, gotByServer, wakePending) and 4 doubles
   * (busyUntil, TX power, join start, channel).
   */
  private readonly b: Uint8Array
  private readonly f: Float64Array
  private readonly adrAckCnt: Uint16Array
  private readonly snrHist: Float32Array
  private readonly snrCount: Uint8Array
  private readonly adr: boolean
  /** `--pcap`: write a LoRaTap record per received uplink. */
  private readonly capture: boolean
  private readonly channels: readonly number[]
  private readonly retryTimer = { onEvent: (i: number): void => this.transmitCurrent(i) }
  private readonly joinTimer = { onEvent: (i: number): void => this.sendJoin(i) }
  private readonly cycleEnd = { onEvent: (i: number): void => this.endCycle(i) }
  /** Counters over the group. */
  readonly counters = { joinRequests: 0, joinAccepts: 0, acksReceived: 0, confirmedFailed: 0, adrCommands: 0, downlinksMissed: 0, retransmissions: 0 }

  constructor(
    world: Simulation,
    spec: ResolvedDeviceGroupSpec,
    x: Float64Array,
    y: Float64Array,
    bank: RngBank,
    energy: EnergyProfile,
    readonly medium: FleetMedium,
    readonly first: number,
    readonly preset: FleetRadioPreset,
    readonly planner: DownlinkPlanner,
    channelsHz: readonly number[],
    readonly otaa: boolean,
  ) {
    super(world, spec, x, y, bank, energy)
    const n = this.count
    this.channels = channelsHz.map((f) => medium.channelIndex(f))
    this.b = new Uint8Array(8 * n)
    this.f = new Float64Array(4 * n)
    for (let i = 0; i < n; i++) this.f[4 * i + 2] = NaN
    this.adrAckCnt = new Uint16Array(n)
    this.joinDelayUs = otaa ? new Float64Array(n).fill(NaN) : undefined
    this.adr = spec.sf === "adr"
    this.capture = capturing(world)
    this.snrHist = new Float32Array(this.adr ? n * HISTORY : 0)
    this.snrCount = new Uint8Array(this.adr ? n : 0)
    for (let i = 0; i < n; i++) {
      this.f[4 * i + 1] = spec.txPowerDbm ?? 14
      this.sf[i] = initialSf(spec.sf ?? "smallest", spec.fixedSf, medium, first + i, this.f[4 * i + 1]!, 125_000, bank, i)
    }
  }

  start(): void {
    const w = this.world
    for (let i = 0; i < this.count; i++) {
      const first = firstDelayUs(this.spec.traffic, this.bank, i)
      // Devices power on spread over their first traffic interval and join at once.
      if (this.otaa) w.schedule(w.now + Math.round(this.bank.uniform(i, 0, first)), this.joinTimer, i)
      w.schedule(w.now + first, this, i)
    }
  }

  /** @internal Kernel event: the traffic model asks device `i` to send a message. */
  onEvent(i: number): void {
    const w = this.world
    w.schedule(w.now + nextDelay(this.spec.traffic, this.bank, i), this, i)
    this.extraMessage(i)
  }

  /** A message from device `i` now: sent at once when idle, queued (depth 7) while a cycle runs. */
  extraMessage(i: number): void {
    if (this.joinDelayUs !== undefined && Number.isNaN(this.joinDelayUs[i]!)) {
      this.msgDropped[i]!++ // not joined yet: Pycom's send raises, the message is lost
      return
    }
    if (!this.idle(i)) {
      if (this.b[8 * i + 2]! < QUEUE_DEPTH) this.b[8 * i + 2]!++
      else this.msgDropped[i]!++
      if (this.b[8 * i + 0] === CYCLE && this.b[8 * i + 5] === 0) {
        this.b[8 * i + 5] = 1
        this.world.schedule(this.f[4 * i + 0]!, this.cycleEnd, i)
      }
      return
    }
    this.startMessage(i)
  }

  /** Whether device `i` can start a transmission now (its last cycle's windows are over). */
  private idle(i: number): boolean {
    const ph = this.b[8 * i + 0]
    if (ph === IDLE) return true
    if (ph === CYCLE && this.world.now >= this.f[4 * i + 0]!) {
      this.b[8 * i + 0] = IDLE
      return true
    }
    return false
  }

  private startMessage(i: number): void {
    this.msgSent[i]!++
    this.b[8 * i + 1] = 0
    this.b[8 * i + 4] = 0
    this.b[8 * i + 3] = this.bank.random(i) < (this.spec.confirmedShare ?? 0) ? 1 : 0
    this.transmitCurrent(i)
  }

  /** Sends (or re-sends) the current message on a random default channel. */
  private transmitCurrent(i: number): void {
    const t = this.b[8 * i + 1]!
    if (t > 0) this.counters.retransmissions++
    // The DR drops one step on every second retransmission (reference §3.4).
    const sf = Math.min(12, this.sf[i]! + (t >= 2 ? Math.floor(t / 2) : 0))
    this.b[8 * i + 0] = UPLINK
    this.uplink(i, sf, this.spec.payloadBytes + DATA_OVERHEAD_BYTES)
    if (this.adr) this.adrAckCnt[i] = Math.min(65535, this.adrAckCnt[i]! + 1)
  }

  private uplink(i: number, sf: number, bytes: number): void {
    const c = this.channels.length === 1 ? this.channels[0]! : this.channels[this.bank.below(i, this.channels.length)]!
    this.f[4 * i + 3] = c
    const p = this.f[4 * i + 1]!
    this.medium.transmit(this.first + i, c, sf, 125_000, 1, p, bytes, true)
    const toa = this.medium.timeOnAirUs(sf, 125_000, 1, bytes)
    this.en[2 * i]! += (txMa(this.energy, p) / 1000) * this.energy.voltageV * (toa / 1e6)
  }

  private sendJoin(i: number): void {
    const jd = this.joinDelayUs
    if (jd === undefined || !Number.isNaN(jd[i]!)) return
    if (!this.idle(i)) return
    if (Number.isNaN(this.f[4 * i + 2]!)) this.f[4 * i + 2] = this.world.now
    this.counters.joinRequests++
    this.b[8 * i + 0] = JOINING
    this.uplink(i, this.sf[i]!, JOIN_REQUEST_BYTES)
  }

  /** @internal The fleet medium settled one of this group's uplinks (at its end). */
  onUplinkEnd(i: number, t: number): void {
    const m = this.medium
    const w = this.world
    const end = w.now
    const sf = m.sfOf(t)
    const got = m.delivered(t)
    const joining = this.b[8 * i + 0] === JOINING
    if (this.capture) captureLorawanUplink(w, m, t, this.first + i, joining ? "join" : "data", this.b[8 * i + 3] === 1, this.adr, joining ? m.devSent[this.first + i]! : this.msgSent[i]!, this.spec.payloadBytes)
    let dlBytes = 0
    if (joining) dlBytes = got ? JOIN_ACCEPT_BYTES : 0
    else if (got) {
      const first = this.b[8 * i + 4] === 0
      this.b[8 * i + 4] = 1
      if (first) this.msgDelivered[i]!++
      const adrCmd = this.adr && this.serverAdr(i, t, sf)
      const ackReq = this.adr && this.adrAckCnt[i]! >= ADR_ACK_LIMIT
      if (this.b[8 * i + 3] === 1 || ackReq) dlBytes = ACK_BYTES
      if (adrCmd) dlBytes = ADR_REQ_BYTES
    }
    // Class A windows: RX1 on the uplink channel and SF, RX2 on 869.525 MHz SF12.
    const d1 = joining ? JA1_DELAY : RX1_DELAY
    const d2 = joining ? JA2_DELAY : RX2_DELAY
    let rxWindow = 0
    if (dlBytes > 0) {
      const g = m.bestGateway(t)
      const freq1 = m.channelsHz[this.f[4 * i + 3]!]!
      const toa1 = m.timeOnAirUs(sf, 125_000, 1, dlBytes)
      const toa2 = m.timeOnAirUs(RX2_SF, 125_000, 1, dlBytes)
      const gain = m.linkGainDb(this.first + i, g)
      // The server predicts RX1 from the uplink's RSSI (the link is reciprocal) and goes straight to
      // RX2 when RX1 would not reach the device (ChirpStack's `rx2_prefer_on_link_budget`, on here).
      const rx1Reaches = m.bestRssiDbm(t) - this.f[4 * i + 1]! + GATEWAY_RX1_DBM >= this.preset.deviceSensitivityDbm(sf, 125_000)
      if (rx1Reaches && this.planner.book(g, end + d1, toa1, freq1)) rxWindow = GATEWAY_RX1_DBM + gain >= this.preset.deviceSensitivityDbm(sf, 125_000) ? 1 : -1
      else if (this.planner.book(g, end + d2, toa2, RX2_FREQ_HZ)) rxWindow = GATEWAY_RX2_DBM + gain >= this.preset.deviceSensitivityDbm(RX2_SF, 125_000) ? 2 : -2
      else {
        this.counters.downlinksMissed++
        this.planner.refused++
      }
      if (rxWindow > 0) this.en[2 * i + 1]! += rxWindow === 1 ? toa1 : toa2
    }
    // Listening time of windows that held no frame for this device.
    const listen1 = RX_LISTEN_SYMBOLS * symbolUs(sf, 125_000)
    const listen2 = RX_LISTEN_SYMBOLS * symbolUs(RX2_SF, 125_000)
    let cycleEnd: Micros
    if (rxWindow === 1) cycleEnd = end + d1 + m.timeOnAirUs(sf, 125_000, 1, dlBytes)
    else {
      this.en[2 * i + 1]! += listen1 + (rxWindow === 2 ? 0 : listen2)
      cycleEnd = rxWindow === 2 ? end + d2 + m.timeOnAirUs(RX2_SF, 125_000, 1, dlBytes) : end + d2 + listen2
    }
    const heard = rxWindow > 0
    if (heard && this.adr) this.adrAckCnt[i] = 0
    if (joining) {
      if (heard) {
        this.counters.joinAccepts++
        this.joinDelayUs![i] = cycleEnd - this.f[4 * i + 2]!
        this.b[8 * i + 0] = IDLE
        this.snrReset(i)
      } else {
        // Join back-off (reference §3.3): band time-off toa·(1/dc − 1) with dc 1 % in the first hour since
        // the first attempt, 0.1 % for the next 10 h, then 0.01 %; plus up to 10 s so retries spread (assumption).
        const toa = m.timeOnAirUs(sf, 125_000, 1, JOIN_REQUEST_BYTES)
        const since = end - this.f[4 * i + 2]!
        const dc = since < sec(3600) ? 0.01 : since < sec(11 * 3600) ? 0.001 : 0.0001
        this.b[8 * i + 0] = IDLE
        w.schedule(Math.max(cycleEnd, end + Math.ceil(toa * (1 / dc - 1))) + Math.round(this.bank.uniform(i, 0, sec(10))), this.joinTimer, i)
      }
      return
    }
    if (heard && dlBytes === ADR_REQ_BYTES) this.applyAdr(i)
    if (this.b[8 * i + 3] === 1 && !heard) {
      this.b[8 * i + 1]!++
      if (this.b[8 * i + 1]! < NB_TRIALS) {
        // ACK timer: RX2 delay + ACK_TIMEOUT 2 ± 1 s from the end of the uplink (reference §3.2, §3.4).
        w.schedule(Math.max(cycleEnd, end + d2 + Math.round(this.bank.uniform(i, sec(1), sec(3)))), this.retryTimer, i)
        return
      }
      this.counters.confirmedFailed++
    } else if (this.b[8 * i + 3] === 1) this.counters.acksReceived++
    // ADR backoff on the device: no downlink for ADR_ACK_LIMIT + ADR_ACK_DELAY uplinks → one DR step down.
    if (this.adr && this.adrAckCnt[i]! >= ADR_ACK_LIMIT + ADR_ACK_DELAY && this.sf[i]! < 12) {
      this.sf[i]!++
      this.adrAckCnt[i] = ADR_ACK_LIMIT
    }
    // The windows run until cycleEnd; an event is needed only if a message is waiting.
    this.b[8 * i + 0] = CYCLE
    this.f[4 * i + 0] = cycleEnd
    if (this.b[8 * i + 2]! > 0 && this.b[8 * i + 5] === 0) {
      this.b[8 * i + 5] = 1
      w.schedule(cycleEnd, this.cycleEnd, i)
    }
  }

  private endCycle(i: number): void {
    this.b[8 * i + 5] = 0
    this.b[8 * i + 0] = IDLE
    if (this.b[8 * i + 2]! > 0) {
      this.b[8 * i + 2]!--
      this.startMessage(i)
    }
  }

  /** The server's ADR on a received uplink: records the best-gateway SNR; true when it wants the device on another DR. */
  private serverAdr(i: number, t: number, sf: number): boolean {
    const k = i * HISTORY
    const c = this.snrCount[i]!
    this.snrHist[k + (c % HISTORY)] = this.medium.bestSnrDb(t, 125_000)
    this.snrCount[i] = c + 1 >= 2 * HISTORY ? HISTORY : c + 1
    return this.adrTargetSf(i, sf) !== sf
  }

  private adrTargetSf(i: number, sf: number): number {
    if (this.snrCount[i]! < HISTORY) return sf
    let max = -Infinity
    for (let j = 0; j < HISTORY; j++) max = Math.max(max, this.snrHist[i * HISTORY + j]!)
    const steps = Math.floor((max - requiredSnr(sf, 125_000) - MARGIN_DB) / 3)
    return Math.min(12, Math.max(7, sf - steps))
  }

  private applyAdr(i: number): void {
    const target = this.adrTargetSf(i, this.sf[i]!)
    if (target !== this.sf[i]) {
      this.sf[i] = target
      this.counters.adrCommands++
      this.snrReset(i)
    }
  }

  private snrReset(i: number): void {
    if (this.adr) this.snrCount[i] = 0
  }

  framesSent(i: number): number {
    return this.medium.devSent[this.first + i]!
  }
  framesDelivered(i: number): number {
    return this.medium.devDelivered[this.first + i]!
  }
  airtimeUs(i: number): number {
    return this.medium.devAirUs[this.first + i]!
  }
}
