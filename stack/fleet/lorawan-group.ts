import type { Micros, RngBank, Simulation } from "../../sim/index.ts"
import { txCurrentMa, type EnergyProfile, type FleetMedium, type FleetRadioPreset } from "../../radio/index.ts"
import {
  ACK_TIMEOUT_RND_US,
  ADR_HISTORY,
  Cid,
  DOWNLINK_PAYLOAD_LENGTH,
  JOIN_REQUEST_LENGTH,
  RECEIVE_DELAY1_US,
  UPLINK_PAYLOAD_LENGTH,
  ackRetryAtUs,
  adrAckBackoff,
  adrDecision,
  confirmedRetryDr,
  confirmedTrials,
  dataFrameLength,
  joinAcceptLength,
  joinDataRate,
  joinRetryAtUs,
  maxPayloadOf,
  rxListenUs,
  rxWindowDelaysUs,
  subBandOf,
  type AdrBackoffState,
  type AdrInput,
  type DownlinkWindowsInput,
  type JoinRetryInput,
  type Region,
} from "../lorawan/index.ts"
import { rxWindow } from "../lorawan/mac/index.ts"
import { captureLorawanUplink, capturing } from "./capture.ts"
import { DOWNLINK_OUTCOMES, DOWNLINK_RECEIVED, DOWNLINK_NOT_SENT, DOWNLINK_BELOW_SENSITIVITY, DOWNLINK_RECEIVER_BUSY, type DownlinkClient, type DownlinkPlanner } from "./downlink-planner.ts"
import { GroupBase, type FleetGroup } from "./group.ts"
import { deviceTxPowerDbm, subBandChannelIndices, uplinkDataRates } from "../lorawan/index.ts"
import { initialDr, initialTxPowerIndex } from "./sf-assignment.ts"
import type { ResolvedDeviceGroupSpec } from "./spec.ts"
import { firstDelayUs, nextDelayUs } from "./traffic.ts"

// Local copies of imported functions used on every uplink (a module binding costs a lookup per
// access once transpiled; these are read once).
const txMa = txCurrentMa
const nextDelay = nextDelayUs

/** Data uplink overhead without FOpts (MHDR + FHDR + FPort + MIC): `dataFrameLength(0, N) − N` (docs/models.md §3.6). */
export const DATA_OVERHEAD_BYTES = dataFrameLength(0, 0)
/** JoinRequest PHYPayload length (docs/models.md §3.6). */
export const JOIN_REQUEST_BYTES = JOIN_REQUEST_LENGTH
/** JoinAccept PHYPayload without CFList, as the network server sends it (docs/models.md §3.6). */
export const JOIN_ACCEPT_BYTES = joinAcceptLength(false)
/** A LinkADRReq in FOpts: CID + DataRate_TXPower + ChMask 2 + Redundancy (LoRaWAN 1.0.2 §5.2). */
const LINK_ADR_REQ_BYTES = 1 + DOWNLINK_PAYLOAD_LENGTH[Cid.LinkADR]
/** A LinkADRAns in FOpts: CID + Status (LoRaWAN 1.0.2 §5.2). */
const LINK_ADR_ANS_BYTES = 1 + UPLINK_PAYLOAD_LENGTH[Cid.LinkADR]
/** Pycom `LoRa(tx_retries=2)` default: a confirmed uplink goes out up to `confirmedTrials(2)` = 3 times (docs/models.md §1.2, §3.4). */
export const PYCOM_TX_RETRIES = 2
/** Pycom's LoRaWAN command queue depth (docs/models.md §1.4: "queues a command (depth 7)"). */
const QUEUE_DEPTH = 7

// Per-device byte record `b[B * i + …]`: one device's fields share a cache line (a fleet touches devices in random order).
const B = 24
/** Phase: IDLE, JOINING, UPLINK or CYCLE. */
const PHASE = 0
/** Transmissions of the current message (or 1 for a JoinRequest). */
const TRY = 1
/** Messages waiting (MAC queue, up to QUEUE_DEPTH). */
const QUEUED = 2
/** The current message is confirmed. */
const CONFIRMED = 3
/** The server got the current message (its FCnt) at least once. */
const DELIVERED = 4
/** A cycle-end event is scheduled. */
const WAKE = 5
/** Session uplink DR (ADR moves it; otherwise the assigned DR). */
const DR = 6
/** Session TX power index. */
const TXP = 7
/** Channel slot of the last uplink (index into the group's channel table). */
const CHANNEL = 8
/** DR of the last uplink (a confirmed retry's or a join's). */
const TX_DR = 9
/** A LinkADRAns is owed: the next message carries it in FOpts. */
const ADR_ANS_OWED = 10
/** FOpts bytes of the current message. */
const UP_FOPTS = 11
/** The current message carries a LinkADRAns. */
const UP_ADR_ANS = 12
/** The current message sets ADRACKReq. */
const UP_ADR_ACK_REQ = 13
/** Server: a LinkADRReq is out and not yet answered (no new ADR decision meanwhile, as `NetworkServer`). */
const SRV_ADR_PENDING = 14
/** Server: a LinkADRReq waits in the device's MAC queue for the next downlink. */
const SRV_ADR_QUEUED = 15
/** Server: that command's DR and TX power index. */
const SRV_ADR_DR = 16
const SRV_ADR_TXP = 17
/** Server: the TX power index it believes the device uses. */
const SRV_TXP = 18
/** The booked downlink carries an ACK / a LinkADRReq. */
const DL_ACK = 19
const DL_ADR = 20
/** DR the device's JoinRequests ask for (Pycom `lora.join(dr=…)`). */
const JOIN_DR = 21

// Per-device doubles `f[F * i + …]`.
const F = 8
/** When the last cycle's receive windows are over (µs). */
const CYCLE_END = 0
/** First JoinRequest (µs), NaN before. */
const JOIN_START = 1
/** End of the last uplink (µs). */
const TX_END = 2
/** FCnt of the current (or next) message. */
const FCNT_UP = 3
/** Server: FCnt of the next downlink. */
const FCNT_DOWN = 4
/** JoinRequests sent. */
const JOIN_TRIALS = 5
/** Booked downlink slot in the planner, −1 when none. */
const DL_SLOT = 6
/** DevAddr (trace only). */
const DEV_ADDR = 7

const IDLE = 0
const JOINING = 1
const UPLINK = 2
/** The message is done; its receive windows run until CYCLE_END (an event only when a message waits). */
const CYCLE = 3

/** One uplink channel of a group: its carrier, DR range and index in the region's channel plan. */
export interface FleetChannel {
  readonly frequencyHz: number
  readonly minDr: number
  readonly maxDr: number
  /** Index in `region.defaultChannels` (the plan's channel number; for RX1 on fixed plans). */
  readonly planIndex: number
}

/**
 * The uplink channels of a LoRaWAN group: for a fixed plan (US915, AU915) the
 * channels of `subBand` (`subBandChannelIndices`), for a dynamic plan the
 * region's default channels, or `overrideHz` (each with the first default
 * channel's DR range) when given.
 */
export function lorawanChannels(region: Region, subBand: number, overrideHz?: readonly number[]): FleetChannel[] {
  if (overrideHz !== undefined && region.channelPlan === "dynamic") {
    const c0 = region.defaultChannels[0]!
    return overrideHz.map((f, k) => ({ frequencyHz: f, minDr: c0.minDr, maxDr: c0.maxDr, planIndex: k }))
  }
  return subBandChannelIndices(region, subBand).map((k) => ({ ...region.defaultChannels[k]!, planIndex: k }))
}

/**
 * A group of LoRaWAN 1.0.2 class A devices as compact state machines (typed
 * arrays, no object per device), every rule from the shared class A rules
 * (`stack/lorawan/class-a-rules.ts`) over the group's {@link Region}:
 * - OTAA: the JoinRequest DR by `joinDataRate` (Pycom's forced alternation),
 *   retries by `joinRetryAtUs` (join back-off on Pycom's 10 s grid, no random
 *   spread, as the firmware); ABP devices start joined;
 * - uplinks from the traffic model on a random channel of the group that
 *   accepts the DR, at `deviceTxPowerDbm(TX power index)`; unconfirmed, or
 *   confirmed with `confirmedTrials(tx_retries = 2)` trials, the DR by
 *   `confirmedRetryDr`, the next trial at `ackRetryAtUs`;
 * - ADR: `adrAckBackoff` on the device; on the server `adrDecision` over the
 *   last 20 best-gateway SNRs, sent as a LinkADRReq (DR and TX power), a new
 *   decision only after the device's LinkADRAns came back (as `NetworkServer`);
 * - downlinks (JoinAccept, ACK, LinkADRReq, ADRACKReq answers) chosen by the
 *   planner (RX1 else RX2, gateways best first, see {@link DownlinkPlanner}),
 *   sent when they start unless the gateway is down then, and received at the
 *   device unless below its sensitivity or destroyed by other gateways'
 *   downlinks (the planner's documented interferer set);
 * - the receive windows' listening time (`rxListenUs`) counts as RX energy.
 * Per uplink: one kernel event to send, one at its end; per downlink two more
 * (its start and end), and one at the end of the windows only when a message waits.
 *
 * Differences from the object path (docs/models.md §7): the device's channel
 * set stays the group's (LinkADRReq ChMask and CFList are not applied; a fixed
 * plan uses one sub-band, as TTN/ChirpStack configure it); NbRep is 1; the
 * session's RX1 delay, RX1DROffset and RX2 are the region defaults; MAC
 * commands other than LinkADRReq/Ans are not exchanged; the server decides at
 * the uplink's end (no backhaul latency or de-duplication delay); downlinks are
 * disturbed only by other gateways' downlinks.
 *
 * With `medium.traceFrames` on (and the world's trace enabled) each device
 * (node `<group>/<i>`) traces the object path's events with its field names:
 * `lorawan.join.tx` / `lorawan.up.tx` {fcnt, try, dr, freq, len},
 * `lorawan.join.accept` {devAddr, window}, `lorawan.join.abp` {devAddr},
 * `lorawan.down.rx` {fcnt, ack, port, window}, `lorawan.up.done` {fcnt, tries,
 * acked, ok, error?} at the end of the windows, and `fleet.down.lost` {reason,
 * window} for a downlink sent to it that it did not get. Off, it costs one
 * flag test per event.
 */
export class LorawanGroup extends GroupBase implements FleetGroup, DownlinkClient {
  /** Join delay per device (NaN until joined); undefined for ABP groups. */
  readonly joinDelayUs: Float64Array | undefined
  /** Uplink DR per device (the report's `sf` is its SF). */
  readonly dr: Uint8Array
  /** Per-device bytes (stride B, offsets named above). */
  private readonly b: Uint8Array
  /** Per-device doubles (stride F). */
  private readonly f: Float64Array
  private readonly adrAckCnt: Uint32Array
  private readonly snrHist: Float32Array
  private readonly snrCount: Uint8Array
  private readonly adr: boolean
  /** `--pcap`: write a LoRaTap record per received uplink. */
  private readonly capture: boolean
  private readonly client: number
  private readonly nbTrials: number

  // Channel table (slot k) and per-DR tables (index DR 0..15).
  private readonly chMedium: Int16Array
  private readonly chFreq: Float64Array
  private readonly chPlan: Int16Array
  private readonly chBandDc: Float64Array
  private readonly chByDr: Int16Array[]
  private readonly drSf = new Uint8Array(16)
  private readonly drBw = new Int32Array(16)
  private readonly maxN = new Int16Array(16).fill(-1)
  private readonly rx1DrOf = new Int16Array(16).fill(-1)
  private readonly openLeadUs = new Float64Array(16)
  private readonly listenUs = new Float64Array(16)
  private readonly devSensDbm = new Float64Array(16)
  private readonly txPowerDbm: Float64Array
  private readonly dataDelays: { readonly rx1: number; readonly rx2: number }
  private readonly joinDelays: { readonly rx1: number; readonly rx2: number }

  // Reusable inputs of the shared rules (no allocation per uplink for them).
  private readonly backoffIn: { -readonly [K in keyof AdrBackoffState]: AdrBackoffState[K] } = { adrAckCnt: 0, dr: 0, txPowerIndex: 0 }
  private readonly adrIn: { dr: number; txPowerIndex: number; snrHistory: number[]; maxDr: number }
  private readonly joinIn: { -readonly [K in keyof JoinRetryInput]-?: NonNullable<JoinRetryInput[K]> }
  private readonly windowsIn: { -readonly [K in keyof Omit<DownlinkWindowsInput, "uplinkEndUs">]: DownlinkWindowsInput[K] }

  private readonly retryTimer = { onEvent: (i: number): void => this.transmitCurrent(i) }
  private readonly joinTimer = { onEvent: (i: number): void => this.sendJoin(i) }
  private readonly cycleEnd = { onEvent: (i: number): void => this.endCycle(i) }
  /** Counters over the group. */
  readonly counters = {
    joinRequests: 0,
    joinAccepts: 0,
    acksReceived: 0,
    confirmedFailed: 0,
    /** LinkADRReqs the devices applied. */
    adrCommands: 0,
    /** Downlinks the server could book in neither window. */
    downlinksMissed: 0,
    retransmissions: 0,
    /** Downlinks the devices received. */
    downlinksReceived: 0,
    /** Downlinks booked for these devices whose gateway was down at their start. */
    downlinksNotSent: 0,
    /** Downlinks sent but lost at the device: below sensitivity, receiver busy, interference. */
    downlinksLostWeak: 0,
    downlinksLostBusy: 0,
    downlinksLostInterference: 0,
  }

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
    channels: readonly FleetChannel[],
    readonly otaa: boolean,
    readonly region: Region,
  ) {
    super(world, spec, x, y, bank, energy)
    const n = this.count
    this.client = planner.addClient(this)
    this.nbTrials = confirmedTrials(PYCOM_TX_RETRIES)
    this.dataDelays = rxWindowDelaysUs(false, RECEIVE_DELAY1_US)
    this.joinDelays = rxWindowDelaysUs(true)
    this.chMedium = Int16Array.from(channels, (c) => medium.channelIndex(c.frequencyHz))
    this.chFreq = Float64Array.from(channels, (c) => c.frequencyHz)
    this.chPlan = Int16Array.from(channels, (c) => c.planIndex)
    this.chBandDc = Float64Array.from(channels, (c) => subBandOf(region.subBands, c.frequencyHz)?.dCycle ?? 1)
    this.chByDr = []
    for (let dr = 0; dr < 16; dr++) {
      this.chByDr.push(Int16Array.from(channels.flatMap((c, k) => (dr >= c.minDr && dr <= c.maxDr ? [k] : []))))
      const d = region.dataRates[dr]
      if (d === undefined || d.modulation !== "lora") continue
      this.drSf[dr] = d.sf
      this.drBw[dr] = d.bandwidthHz
      this.devSensDbm[dr] = preset.deviceSensitivityDbm(d.sf, d.bandwidthHz)
      const w = rxWindow(1e9, d.sf, d.bandwidthHz)
      this.openLeadUs[dr] = 1e9 - w.open
      this.listenUs[dr] = rxListenUs(region, dr)
      if (region.maxPayload[dr] !== undefined) this.maxN[dr] = maxPayloadOf(region, dr)
      // RX1 DR of an uplink at `dr` with RX1DROffset 0 (the fleet's sessions keep the server's default offset).
      if (dr >= region.txMinDr && dr <= region.txMaxDr) this.rx1DrOf[dr] = region.rx1Dr(dr, 0)
    }
    this.txPowerDbm = Float64Array.from({ length: region.maxTxPowerIndex + 1 }, (_, k) => deviceTxPowerDbm(region, k))
    this.b = new Uint8Array(B * n)
    this.f = new Float64Array(F * n)
    this.dr = new Uint8Array(n)
    this.adrAckCnt = new Uint32Array(n)
    this.joinDelayUs = otaa ? new Float64Array(n).fill(NaN) : undefined
    this.adr = spec.sf === "adr"
    this.capture = capturing(world)
    this.snrHist = new Float32Array(this.adr ? n * ADR_HISTORY : 0)
    this.snrCount = new Uint8Array(this.adr ? n : 0)
    this.adrIn = { dr: 0, txPowerIndex: 0, snrHistory: [], maxDr: region.adrMaxDr }
    this.joinIn = { txEndUs: 0, firstAttemptUs: 0, toaUs: 0, windowsEndUs: 0, jitterUs: 0, bandDCycle: 1, backoffOriginUs: 0 }
    this.windowsIn = { uplinkDr: 0, channelIndex: 0, uplinkFreqHz: 0, isJoin: false, rx1DelayUs: RECEIVE_DELAY1_US, rx1DrOffset: 0, rx2Dr: region.rx2Dr, rx2FreqHz: region.rx2FrequencyHz }
    const drs = uplinkDataRates(region)
    const p0 = initialTxPowerIndex(region, spec.txPowerDbm)
    // Link gain a device needs at each DR: for data its uplink at the gateway; to join also the RX1
    // JoinAccept (region power, first channel) at the device.
    const rx1Freq = region.rx1FrequencyHz(this.chPlan[0]!, this.chFreq[0]!)
    const upGainDb = new Float64Array(16).fill(Infinity)
    const joinGainDb = new Float64Array(16).fill(Infinity)
    for (const dr of drs) {
      upGainDb[dr] = medium.gatewaySensitivityDbm(this.drSf[dr]!, this.drBw[dr]!) - this.txPowerDbm[p0]!
      joinGainDb[dr] = Math.max(upGainDb[dr]!, this.devSensDbm[this.rx1DrOf[dr]!]! - region.downlinkTxPowerDbm(rx1Freq))
    }
    const how = spec.sf ?? "smallest"
    for (let i = 0; i < n; i++) {
      const f = this.f
      f[F * i + JOIN_START] = NaN
      f[F * i + DL_SLOT] = -1
      f[F * i + DEV_ADDR] = (0x26_00_00_00 + first + i) >>> 0
      this.b[B * i + TXP] = p0
      this.setDr(i, initialDr(how, spec.fixedSf, region, drs, medium, first + i, upGainDb, bank, i))
      // Join DR: the group's `joinDr`; else with "smallest" the fastest DR that closes both ways (an installer's
      // `lora.join(dr=…)` that works), else the device's first DR (the slowest with ADR).
      this.b[B * i + JOIN_DR] = spec.joinDr ?? (how === "smallest" ? initialDr(how, undefined, region, drs, medium, first + i, joinGainDb, bank, i) : this.b[B * i + DR]!)
    }
  }

  private setDr(i: number, dr: number): void {
    this.b[B * i + DR] = dr
    this.dr[i] = dr
    this.sf[i] = this.drSf[dr]!
  }

  private tracing(): boolean {
    return this.medium.traceFrames && this.world.trace.enabled
  }

  private node(i: number): string {
    return `${this.spec.name}/${i}`
  }

  start(): void {
    const w = this.world
    for (let i = 0; i < this.count; i++) {
      const first = firstDelayUs(this.spec.traffic, this.bank, i)
      // Devices power on spread over their first traffic interval and join at once.
      if (this.otaa) w.schedule(w.now + Math.round(this.bank.uniform(i, 0, first)), this.joinTimer, i)
      else if (this.tracing()) w.log(this.node(i), "lorawan.join.abp", { devAddr: this.f[F * i + DEV_ADDR]! })
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
    const b = this.b
    const o = B * i
    if (this.joinDelayUs !== undefined && Number.isNaN(this.joinDelayUs[i]!)) {
      this.msgDropped[i]!++ // not joined yet: Pycom's send raises, the message is lost
      return
    }
    if (!this.idle(i)) {
      if (b[o + QUEUED]! < QUEUE_DEPTH) b[o + QUEUED]!++
      else this.msgDropped[i]!++
      if (b[o + PHASE] === CYCLE && b[o + WAKE] === 0) {
        b[o + WAKE] = 1
        this.world.schedule(this.f[F * i + CYCLE_END]!, this.cycleEnd, i)
      }
      return
    }
    this.startMessage(i)
  }

  /** Whether device `i` can start a transmission now (its last cycle's windows are over). */
  private idle(i: number): boolean {
    const o = B * i
    const ph = this.b[o + PHASE]
    if (ph === IDLE) return true
    if (ph === CYCLE && this.world.now >= this.f[F * i + CYCLE_END]!) {
      this.b[o + PHASE] = IDLE
      return true
    }
    return false
  }

  /** A new message: the ADR back-off (once per message, before the DR is chosen) and the MAC answers it carries in FOpts. */
  private startMessage(i: number): void {
    const b = this.b
    const o = B * i
    this.msgSent[i]!++
    b[o + TRY] = 0
    b[o + DELIVERED] = 0
    b[o + CONFIRMED] = this.bank.random(i) < (this.spec.confirmedShare ?? 0) ? 1 : 0
    b[o + UP_ADR_ACK_REQ] = 0
    if (this.adr) {
      const s = this.backoffIn
      s.adrAckCnt = this.adrAckCnt[i]!
      s.dr = b[o + DR]!
      s.txPowerIndex = b[o + TXP]!
      const r = adrAckBackoff(this.region, s)
      if (r.dr !== s.dr) this.setDr(i, r.dr)
      b[o + TXP] = r.txPowerIndex
      b[o + UP_ADR_ACK_REQ] = r.adrAckReq ? 1 : 0
      this.adrAckCnt[i] = r.adrAckCnt + 1
    }
    b[o + UP_ADR_ANS] = b[o + ADR_ANS_OWED]!
    b[o + ADR_ANS_OWED] = 0
    b[o + UP_FOPTS] = b[o + UP_ADR_ANS] === 1 ? LINK_ADR_ANS_BYTES : 0
    this.transmitCurrent(i)
  }

  /** Sends (or re-sends) the current message: the DR of this trial, a random channel that accepts it. */
  private transmitCurrent(i: number): void {
    const b = this.b
    const o = B * i
    const tries = ++b[o + TRY]!
    const dr = b[o + CONFIRMED] === 1 ? confirmedRetryDr(this.region, b[o + DR]!, tries) : b[o + DR]!
    const n = b[o + UP_FOPTS]! + this.spec.payloadBytes
    if (n > this.maxN[dr]! || this.chByDr[dr]!.length === 0) return this.finish(i, false, n > this.maxN[dr]! ? "payload-size" : "no-channel", this.world.now)
    if (tries > 1) this.counters.retransmissions++
    b[o + TX_DR] = dr
    b[o + PHASE] = UPLINK
    this.uplink(i, dr, dataFrameLength(b[o + UP_FOPTS]!, this.spec.payloadBytes), b[o + TXP]!, false)
  }

  private uplink(i: number, dr: number, bytes: number, txp: number, join: boolean): void {
    const slots = this.chByDr[dr]!
    const k = slots.length === 1 ? slots[0]! : slots[this.bank.below(i, slots.length)]!
    const o = B * i
    this.b[o + CHANNEL] = k
    const p = this.txPowerDbm[txp]!
    const sf = this.drSf[dr]!
    const bw = this.drBw[dr]!
    if (this.tracing()) {
      const f = this.f[F * i + FCNT_UP]!
      this.world.log(this.node(i), join ? "lorawan.join.tx" : "lorawan.up.tx", { fcnt: join ? 0 : f, try: join ? 1 : this.b[o + TRY]!, dr, freq: this.chFreq[k]!, len: bytes })
    }
    this.medium.transmit(this.first + i, this.chMedium[k]!, sf, bw, 1, p, bytes, true)
    const toa = this.medium.timeOnAirUs(sf, bw, 1, bytes)
    this.en[2 * i]! += (txMa(this.energy, p) / 1000) * this.energy.voltageV * (toa / 1e6)
  }

  private sendJoin(i: number): void {
    const jd = this.joinDelayUs
    if (jd === undefined || !Number.isNaN(jd[i]!)) return
    if (!this.idle(i)) return
    const f = this.f
    const fo = F * i
    if (Number.isNaN(f[fo + JOIN_START]!)) f[fo + JOIN_START] = this.world.now
    const trial = ++f[fo + JOIN_TRIALS]!
    this.counters.joinRequests++
    const dr = joinDataRate(this.region, trial, this.b[B * i + JOIN_DR]!)
    const o = B * i
    this.b[o + TX_DR] = dr
    this.b[o + PHASE] = JOINING
    if (this.chByDr[dr]!.length === 0) return this.joinFailed(i, this.world.now, this.world.now, 0)
    // JoinRequests go out at TX power index 0 (LMN: the MAC's default power until joined).
    this.uplink(i, dr, JOIN_REQUEST_LENGTH, 0, true)
  }

  /** @internal The fleet medium settled one of this group's uplinks (at its end): the server answers or not. */
  onUplinkEnd(i: number, t: number): void {
    const m = this.medium
    const w = this.world
    const o = B * i
    const fo = F * i
    this.f[fo + TX_END] = w.now
    const got = m.delivered(t)
    const joining = this.b[o + PHASE] === JOINING
    if (this.capture) captureLorawanUplink(w, m, t, this.first + i, joining ? "join" : "data", this.b[o + CONFIRMED] === 1, this.adr, joining ? this.f[fo + JOIN_TRIALS]! : this.f[fo + FCNT_UP]!, this.spec.payloadBytes)
    let slot = -1
    if (got) slot = joining ? this.answerJoin(i, t) : this.answerData(i, t)
    if (slot >= 0) {
      this.f[fo + DL_SLOT] = slot
      return // continued when the downlink ends (onDownlinkEnd)
    }
    this.windowsDone(i, 0)
  }

  /** Server: a JoinRequest arrived; a JoinAccept is booked and the device activated (as `NetworkServer`, at booking). */
  private answerJoin(i: number, t: number): number {
    const slot = this.book(i, t, true, JOIN_ACCEPT_BYTES, 0)
    if (slot < 0) return -1
    const o = B * i
    const fo = F * i
    this.f[fo + DEV_ADDR] = this.planner.nextDevAddr++
    this.f[fo + FCNT_DOWN] = 0
    this.b[o + SRV_ADR_PENDING] = 0
    this.b[o + SRV_ADR_QUEUED] = 0
    this.b[o + SRV_TXP] = 0
    if (this.adr) this.snrCount[i] = 0
    return slot
  }

  /**
   * Server: a data uplink arrived. A frame the server already has (a
   * retransmission) gets only an ACK when confirmed; a new one is delivered,
   * its LinkADRAns taken, ADR run, and answered when it is confirmed, asks
   * ADRACKReq or a LinkADRReq is queued (as `NetworkServer.process`).
   */
  private answerData(i: number, t: number): number {
    const b = this.b
    const o = B * i
    const confirmed = b[o + CONFIRMED] === 1
    if (b[o + DELIVERED] === 1) return confirmed ? this.book(i, t, false, dataFrameLength(0, undefined), 0) : -1
    b[o + DELIVERED] = 1
    this.msgDelivered[i]!++
    if (b[o + UP_ADR_ANS] === 1) {
      // LinkADRAns (all three bits set: the fleet's commands are always valid) → history cleared, a new decision allowed.
      b[o + SRV_ADR_PENDING] = 0
      if (this.adr) this.snrCount[i] = 0
    }
    if (this.adr) this.serverAdr(i, t)
    if (!confirmed && b[o + UP_ADR_ACK_REQ] === 0 && b[o + SRV_ADR_QUEUED] === 0) return -1
    const n = b[o + SRV_ADR_QUEUED] === 1 ? LINK_ADR_REQ_BYTES : 0
    return this.book(i, t, false, dataFrameLength(n, undefined), n)
  }

  /** Books the downlink answering uplink `t` (`bytes` PHYPayload, `n` FOpts + FRMPayload) through the planner; −1 when missed. */
  private book(i: number, t: number, join: boolean, bytes: number, n: number): number {
    const o = B * i
    const k = this.b[o + CHANNEL]!
    const w = this.windowsIn
    w.uplinkDr = this.b[o + TX_DR]!
    w.channelIndex = this.chPlan[k]!
    w.uplinkFreqHz = this.chFreq[k]!
    w.isJoin = join
    const slot = this.planner.answer(this.client, i, t, w, bytes, n)
    if (slot < 0) {
      this.counters.downlinksMissed++
      this.planner.refused++
      return -1
    }
    if (!join) {
      this.f[F * i + FCNT_DOWN]!++
      this.b[o + DL_ACK] = this.b[o + CONFIRMED]!
      this.b[o + DL_ADR] = n > 0 ? 1 : 0
      if (n > 0) this.b[o + SRV_ADR_QUEUED] = 0
    }
    return slot
  }

  /** Server ADR on a new uplink: records its best-gateway SNR; unless a command is pending, asks `adrDecision` and queues a LinkADRReq when it changes DR or TX power. */
  private serverAdr(i: number, t: number): void {
    const b = this.b
    const o = B * i
    const upDr = b[o + TX_DR]!
    const c = this.snrCount[i]!
    this.snrHist[i * ADR_HISTORY + (c % ADR_HISTORY)] = this.medium.bestSnrDb(t, this.drBw[upDr]!)
    this.snrCount[i] = c + 1 >= 2 * ADR_HISTORY ? ADR_HISTORY : c + 1
    if (b[o + SRV_ADR_PENDING] === 1) return
    const a = this.adrIn
    const count = Math.min(c + 1, ADR_HISTORY)
    const h = a.snrHistory
    h.length = count
    // Oldest first, as NetworkServer keeps its list.
    const start = c + 1 > ADR_HISTORY ? (c + 1) % ADR_HISTORY : 0
    for (let j = 0; j < count; j++) h[j] = this.snrHist[i * ADR_HISTORY + ((start + j) % ADR_HISTORY)]!
    a.dr = upDr
    a.txPowerIndex = b[o + SRV_TXP]!
    const next = adrDecision(this.region, a as AdrInput)
    if (next.dr === upDr && next.txPowerIndex === a.txPowerIndex) return
    b[o + SRV_TXP] = next.txPowerIndex
    b[o + SRV_ADR_PENDING] = 1
    b[o + SRV_ADR_QUEUED] = 1
    b[o + SRV_ADR_DR] = next.dr
    b[o + SRV_ADR_TXP] = next.txPowerIndex
  }

  /** @internal DownlinkClient: downlink `slot` for device `i` has ended (or was due and not sent): did the device get it? */
  onDownlinkEnd(i: number, slot: number): void {
    const p = this.planner
    const fo = F * i
    this.f[fo + DL_SLOT] = -1
    const window = p.windowOf(slot)
    const dlDr = p.drOf(slot)
    const outcome = p.outcome(slot, this.first + i, p.startOf(slot) - this.openLeadUs[dlDr]!, this.devSensDbm[dlDr]!)
    p.release(slot)
    const c = this.counters
    if (outcome === DOWNLINK_RECEIVED) c.downlinksReceived++
    else if (outcome === DOWNLINK_NOT_SENT) c.downlinksNotSent++
    else if (outcome === DOWNLINK_BELOW_SENSITIVITY) c.downlinksLostWeak++
    else if (outcome === DOWNLINK_RECEIVER_BUSY) c.downlinksLostBusy++
    else c.downlinksLostInterference++
    if (outcome !== DOWNLINK_RECEIVED && this.tracing()) this.world.log(this.node(i), "fleet.down.lost", { reason: DOWNLINK_OUTCOMES[outcome]!, window })
    this.windowsDone(i, outcome === DOWNLINK_RECEIVED ? window : 0)
  }

  /**
   * The device's receive windows for its last uplink, a frame received in
   * window `got` (1, 2) or none (0): RX energy, the end of the windows, then
   * what the MAC does next (joined / join retry; ACK, retry or done).
   */
  private windowsDone(i: number, got: number): void {
    const b = this.b
    const f = this.f
    const o = B * i
    const fo = F * i
    const now = this.world.now
    const end = f[fo + TX_END]!
    const joining = b[o + PHASE] === JOINING
    const d = joining ? this.joinDelays : this.dataDelays
    const rx1Dr = this.rx1DrOf[b[o + TX_DR]!]!
    const rx2Dr = this.region.rx2Dr
    const open1 = end + d.rx1 - this.openLeadUs[rx1Dr]!
    const open2 = end + d.rx2 - this.openLeadUs[rx2Dr]!
    let cycleEnd: Micros
    let rx: number
    if (got === 1) {
      rx = now - open1
      cycleEnd = now
    } else if (got === 2) {
      rx = this.listenUs[rx1Dr]! + now - open2
      cycleEnd = now
    } else {
      rx = this.listenUs[rx1Dr]! + this.listenUs[rx2Dr]!
      // A downlink that arrived and was lost may outlast the empty window: the MAC goes on no earlier than now.
      cycleEnd = Math.max(now, open2 + this.listenUs[rx2Dr]!)
    }
    this.en[2 * i + 1]! += rx
    const heard = got > 0
    if (heard) this.adrAckCnt[i] = 0
    if (joining) {
      if (heard) {
        this.counters.joinAccepts++
        this.joinDelayUs![i] = cycleEnd - f[fo + JOIN_START]!
        b[o + PHASE] = IDLE
        // The session a JoinAccept sets up (LMN: fresh session, the join DR as the ADR DR, TX power index 0).
        f[fo + FCNT_UP] = 0
        b[o + ADR_ANS_OWED] = 0
        if (this.adr) {
          this.setDr(i, b[o + TX_DR]!)
          b[o + TXP] = 0
        }
        if (this.tracing()) this.world.log(this.node(i), "lorawan.join.accept", { devAddr: f[fo + DEV_ADDR]!, window: got })
      } else this.joinFailed(i, end, cycleEnd, this.medium.timeOnAirUs(this.drSf[b[o + TX_DR]!]!, this.drBw[b[o + TX_DR]!]!, 1, JOIN_REQUEST_LENGTH))
      return
    }
    const confirmed = b[o + CONFIRMED] === 1
    const acked = heard && confirmed && b[o + DL_ACK] === 1
    if (heard) {
      if (b[o + DL_ADR] === 1) this.applyLinkAdrReq(i)
      if (this.tracing()) this.world.log(this.node(i), "lorawan.down.rx", { fcnt: f[fo + FCNT_DOWN]! - 1, ack: b[o + DL_ACK] === 1, port: -1, window: got })
    }
    if (confirmed && !acked) {
      if (b[o + TRY]! < this.nbTrials) {
        const rnd = this.bank.below(i, 2 * ACK_TIMEOUT_RND_US + 1) - ACK_TIMEOUT_RND_US
        this.world.schedule(Math.max(cycleEnd, ackRetryAtUs(end, this.dataDelays.rx1, rnd)), this.retryTimer, i)
        return
      }
      this.counters.confirmedFailed++
      this.finish(i, false, "no-ack", cycleEnd)
      return
    }
    if (acked) this.counters.acksReceived++
    this.finish(i, true, undefined, cycleEnd)
  }

  /** The device applies a LinkADRReq (DR and TX power; ChMask not modelled) and owes a LinkADRAns. */
  private applyLinkAdrReq(i: number): void {
    const b = this.b
    const o = B * i
    const dr = b[o + SRV_ADR_DR]!
    const txp = b[o + SRV_ADR_TXP]!
    // LinkADRReq checks (LMN Region*LinkAdrReq): the DR is a TX DR some channel accepts, the power index exists.
    if (dr >= this.region.txMinDr && dr <= this.region.txMaxDr && this.chByDr[dr]!.length > 0 && txp <= this.region.maxTxPowerIndex) {
      this.setDr(i, dr)
      b[o + TXP] = txp
      this.counters.adrCommands++
    }
    b[o + ADR_ANS_OWED] = 1
  }

  private joinFailed(i: number, end: Micros, cycleEnd: Micros, toaUs: number): void {
    const o = B * i
    const fo = F * i
    this.b[o + PHASE] = IDLE
    const j = this.joinIn
    j.txEndUs = end
    j.firstAttemptUs = this.f[fo + JOIN_START]!
    j.backoffOriginUs = j.firstAttemptUs
    j.toaUs = toaUs
    j.windowsEndUs = cycleEnd
    j.bandDCycle = this.chBandDc[this.b[o + CHANNEL]!]!
    j.jitterUs = 0 // Pycom retries on its 10 s grid with no random spread, as ClassADevice (docs/models.md §3.9)
    this.world.schedule(Math.max(this.world.now, joinRetryAtUs(j)), this.joinTimer, i)
  }

  /** The message is over (its windows end at `cycleEnd`): FCnt moves on; the next waiting message starts then. */
  private finish(i: number, ok: boolean, error: string | undefined, cycleEnd: Micros): void {
    const b = this.b
    const f = this.f
    const o = B * i
    const fo = F * i
    if (this.tracing()) this.traceDone(i, f[fo + FCNT_UP]!, b[o + TRY]!, b[o + CONFIRMED] === 1 && ok && b[o + DL_ACK] === 1, ok, error, cycleEnd)
    f[fo + FCNT_UP]!++
    b[o + PHASE] = CYCLE
    f[fo + CYCLE_END] = cycleEnd
    if (b[o + QUEUED]! > 0 && b[o + WAKE] === 0) {
      b[o + WAKE] = 1
      this.world.schedule(cycleEnd, this.cycleEnd, i)
    }
  }

  /** `lorawan.up.done` at the end of the windows, when the object path's MAC reports it (trace on only). */
  private traceDone(i: number, fcnt: number, tries: number, acked: boolean, ok: boolean, error: string | undefined, at: Micros): void {
    const fields = { fcnt, tries, acked, ok, ...(error === undefined ? {} : { error }) }
    const node = this.node(i)
    if (at <= this.world.now) this.world.log(node, "lorawan.up.done", fields)
    else this.world.schedule(at, { onEvent: () => this.world.log(node, "lorawan.up.done", fields) }, 0)
  }

  private endCycle(i: number): void {
    const b = this.b
    const o = B * i
    b[o + WAKE] = 0
    b[o + PHASE] = IDLE
    if (b[o + QUEUED]! > 0) {
      b[o + QUEUED]!--
      this.startMessage(i)
    }
  }

  /** TX power index of device `i` (its conducted power: `deviceTxPowerDbm(region, index)`). */
  txPowerIndex(i: number): number {
    return this.b[B * i + TXP]!
  }

  /** The DR device `i`'s JoinRequests ask for (`lora.join(dr=…)`; the DR sent is `joinDataRate` of it). */
  requestedJoinDr(i: number): number {
    return this.b[B * i + JOIN_DR]!
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
