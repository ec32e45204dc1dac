/**
 * A LoRaWAN 1.0.2 class A end device MAC as Pycom's LoRaMac-node runs it (PF
 * LMN `LoRaMac.c`; docs/models.md §1.2–1.4, §3): OTAA/ABP, FCnt up/down, unconfirmed
 * (NbRep) and confirmed uplinks with ACK_TIMEOUT retransmissions (same FCnt, DR
 * one step lower every second retry), RX1/RX2 windows from the end of TX, ADR
 * back-off, MAC commands, duty cycle (off by default as on Pycom) and the join
 * back-off. One compact object per device driven by kernel events and radio
 * callbacks — no process per device — so fleets of 10 000+ are cheap.
 */
import type { EventId, Rng, Simulation } from "../../../sim/index.ts"
import { SYNC_WORD_PRIVATE, SYNC_WORD_PUBLIC, type LoraRadio, type RadioHandler, type ReceivedFrame, type TransmissionRecord } from "../../../radio/index.ts"
import { deriveSessionKeys } from "../crypto.ts"
import { MType } from "../frame-types.ts"
import { buildDataFrame, buildJoinRequest, openJoinAccept } from "../frames.ts"
import { decodeDownlinkMacCommands, encodeUplinkMacCommands } from "../mac-command-codec.ts"
import type { UplinkMacCommand } from "../mac-command-types.ts"
import { ackRetryAtUs, confirmedTrials, joinDataRate, joinRetryAtUs, rxWindowDelaysUs } from "../class-a-rules.ts"
import { ACK_TIMEOUT_RND_US, MAX_FOPTS_LENGTH, confirmedRetryDr, maxPayloadOf } from "../region-common.ts"
import { deviceTxPowerDbm } from "../device-rules.ts"
import type { Region } from "../region-types.ts"
import { BandTimer } from "./band-timer.ts"
import { pickChannel, restoreDefaultChannels } from "./channels.ts"
import { processMacCommands } from "./mac-commands.ts"
import { downlinkRx, drFormat, rxWindow } from "./radio-params.ts"
import { adrNext } from "./adr-backoff.ts"
import type { Cycle, Phase } from "./cycle.ts"
import { checkDownlink } from "./downlink-check.ts"
import { applyJoinAccept, freshSession, type AbpCredentials, type MacSession, type OtaaCredentials } from "./session.ts"
import type { ClassAOptions, MacCounters, MacListener, UplinkRequest, UplinkResult } from "./types.ts"

/** Pycom's OTAA retry period (10 s; the rule lives in `class-a-rules.ts`). */
export { JOIN_RETRY_US } from "../class-a-rules.ts"

const EV_TX = 1
const EV_RETRY = 2
const EV_JOIN = 3

/** The class A device MAC. */
export class ClassADevice implements RadioHandler {
  readonly world: Simulation
  readonly region: Region
  readonly radio: LoraRadio
  session: MacSession
  adr: boolean
  txRetries: number
  publicNetwork: boolean
  listener: MacListener
  /** DevStatusAns battery (Pycom `set_battery_level`; 255 = unknown). */
  battery = 255
  readonly band: BandTimer
  readonly counters: MacCounters = { uplinks: 0, transmissions: 0, retransmissions: 0, acked: 0, failed: 0, downlinks: 0, joinRequests: 0, airtimeUs: 0 }
  private phase: Phase = "idle"
  private readonly queue: UplinkRequest[] = []
  private cur: Cycle | undefined = undefined
  private otaa: OtaaCredentials | undefined = undefined
  /** `lora.join(dr=…)`: the DR Pycom forces; undefined = LMN's own alternation. */
  private joinRequestedDr: number | undefined = undefined
  /** JoinRequests sent in this join procedure (LMN JoinRequestTrials). */
  private joinTrials = 0
  /** When the join procedure started (Pycom's 10 s timer ticks from here). */
  private joinStartedAt = 0
  private timer: EventId | undefined = undefined
  private answers: UplinkMacCommand[] = []
  private sticky: UplinkMacCommand[] = []
  private ackOwed = false
  private lastSnr = 0
  private readonly rngCh: Rng
  private readonly rngAck: Rng
  private readonly rngNonce: Rng
  private readonly node: string

  constructor(world: Simulation, o: ClassAOptions) {
    this.world = world
    this.region = o.region
    this.radio = o.radio
    this.adr = o.adr ?? false
    this.txRetries = o.txRetries ?? 2
    this.publicNetwork = o.publicNetwork ?? true
    this.listener = o.listener ?? {}
    this.session = o.session ?? freshSession(o.region)
    this.band = new BandTimer(o.region, o.dutyCycle ?? false, world.now)
    const name = o.rngName ?? o.radio.id
    this.node = o.radio.id
    this.rngCh = world.rng(`lorawan/dev/${name}/channel`)
    this.rngAck = world.rng(`lorawan/dev/${name}/ack-timeout`)
    this.rngNonce = world.rng(`lorawan/dev/${name}/devnonce`)
    this.radio.handler = this
  }

  /** Joined (OTAA accepted or ABP set). */
  get joined(): boolean {
    return this.session.joined
  }

  /** No uplink or join in progress and nothing queued. */
  get idle(): boolean {
    return this.phase === "idle" && this.queue.length === 0
  }

  /** Uplinks waiting (not counting the one in progress). */
  get queued(): number {
    return this.queue.length
  }

  /** ABP: the session is set at once (NetID 0; counters kept, as LMN's MIB set does; docs/models.md §1.3). */
  joinAbp(c: AbpCredentials, dr?: number): void {
    const s = this.session
    s.devAddr = c.devAddr >>> 0
    s.nwkSKey = c.nwkSKey.slice()
    s.appSKey = c.appSKey.slice()
    if (dr !== undefined) s.dr = dr
    s.joined = true
    this.trace("lorawan.join.abp", { devAddr: s.devAddr })
    this.listener.onJoined?.()
    this.pump()
  }

  /**
   * OTAA: sends JoinRequests until accepted, when {@link joinRetryAtUs} allows
   * (Pycom's 10 s timer and the join back-off), each at {@link joinDataRate}:
   * with `dr` (Pycom always passes one) every request is a fresh MLME_JOIN at that
   * DR; without, LMN's alternation over the trials (docs/models.md §1.3, §3.9).
   */
  joinOtaa(c: OtaaCredentials, dr?: number): void {
    this.cancelTimer()
    this.session = { ...freshSession(this.region), channels: this.session.channels }
    this.otaa = c
    this.joinRequestedDr = dr
    this.joinTrials = 0
    this.joinStartedAt = this.world.now
    this.queue.length = 0
    this.cur = undefined
    this.phase = "idle"
    this.startJoin()
  }

  /** Queues an uplink. Returns false (nothing queued) when payload + pending MAC answers exceed the DR's N (LMN LENGTH_ERROR). */
  send(req: UplinkRequest): boolean {
    if (this.fopts().length + req.payload.length > maxPayloadOf(this.region, this.uplinkDr(req))) return false
    this.queue.push(req)
    this.pump()
    return true
  }

  /** Adds a LinkCheckReq to the next uplink (LoRaWAN 1.0.2 §5.1). */
  requestLinkCheck(): void {
    this.answers.push({ type: "LinkCheckReq" })
  }

  /** Sets duty-cycle enforcement (LMN `LoRaMacTestSetDutyCycleOn`). */
  setDutyCycle(on: boolean): void {
    this.band.enforce = on
  }

  /** Stops all activity (deinit/reboot): timers cancelled, queue dropped, radio asleep. */
  stop(): void {
    this.cancelTimer()
    this.queue.length = 0
    this.cur = undefined
    this.otaa = undefined
    this.phase = "idle"
    this.radio.sleep()
  }

  private uplinkDr(req: UplinkRequest): number {
    return this.adr || req.dr === undefined ? this.session.dr : req.dr
  }

  /** MAC answers for FOpts: as many whole commands as fit in 15 bytes; the rest wait for the next uplink. */
  private fopts(take = false): Uint8Array {
    const all = [...this.sticky, ...this.answers]
    let n = 0
    let out: Uint8Array = new Uint8Array(0)
    while (n < all.length) {
      const next = encodeUplinkMacCommands(all.slice(0, n + 1))
      if (next.length > MAX_FOPTS_LENGTH) break
      out = next
      n++
    }
    if (take) this.answers = all.slice(Math.max(n, this.sticky.length)).filter((c) => !this.sticky.includes(c))
    return out
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.world.cancel(this.timer)
    this.timer = undefined
  }

  private trace(kind: string, fields: Record<string, unknown>): void {
    if (this.world.trace.enabled) this.world.log(this.node, kind, fields)
  }

  private pump(): void {
    if (this.phase !== "idle" || !this.session.joined) return
    const req = this.queue.shift()
    if (req === undefined) return
    const s = this.session
    const adrAckReq = this.adr ? adrNext(this.region, s) : false
    const dr = this.uplinkDr(req)
    const fopts = this.fopts(true)
    const ack = this.ackOwed
    this.ackOwed = false
    const bytes = buildDataFrame(
      {
        mtype: req.confirmed ? MType.ConfirmedDataUp : MType.UnconfirmedDataUp,
        devAddr: s.devAddr,
        fcnt: s.fcntUp,
        fctrl: { adr: this.adr, adrAckReq, ack, fPending: false },
        fopts,
        ...(req.fport === undefined ? {} : { fport: req.fport, payload: req.payload }),
      },
      s,
    )
    this.counters.uplinks++
    this.cur = { req, isJoin: false, fcnt: s.fcntUp, bytes, baseDr: dr, tries: 0, dr, chIndex: -1, freqHz: 0, txStart: 0, txEnd: 0, acked: false, gotDownlink: false, devNonce: 0 }
    this.attempt()
  }

  private startJoin(): void {
    const c = this.otaa
    if (c === undefined) return
    const devNonce = this.rngNonce.int(0, 0xffff)
    const bytes = buildJoinRequest({ appEui: c.appEui, devEui: c.devEui, devNonce }, c.appKey)
    this.counters.joinRequests++
    this.joinTrials++
    // Pycom re-issues MLME_JOIN with the counter reset, so its trial is always 1 (PF modlora.c / LoRaMac.c).
    const dr = joinDataRate(this.region, this.joinRequestedDr === undefined ? this.joinTrials : 1, this.joinRequestedDr)
    this.cur = { req: undefined, isJoin: true, fcnt: 0, bytes, baseDr: dr, tries: 0, dr, chIndex: -1, freqHz: 0, txStart: 0, txEnd: 0, acked: false, gotDownlink: false, devNonce }
    this.attempt()
  }

  /** One transmission of the current frame: DR for this try, channel, time (band/back-off). */
  private attempt(): void {
    const c = this.cur
    if (c === undefined) return
    c.tries++
    const s = this.session
    if (!c.isJoin && c.req?.confirmed === true) c.dr = confirmedRetryDr(this.region, c.baseDr, c.tries)
    if (!c.isJoin && c.req !== undefined && c.bytes.length - 13 > maxPayloadOf(this.region, c.dr)) return this.finish(false, "payload-size")
    if (s.maxDCycle === 255) return this.finish(false, "device-off")
    const pick = pickChannel(s.channels, c.dr, this.world.now, (f) => this.band.freeAt(f, c.isJoin), this.rngCh)
    if (pick.index < 0) return this.finish(false, "no-channel")
    c.chIndex = pick.index
    c.freqHz = s.channels.channels[pick.index]!.frequencyHz
    this.phase = "pending-tx"
    this.timer = this.world.schedule(pick.at, this, EV_TX)
  }

  /** @internal Kernel events: TX start, ACK-timeout retry, join retry. */
  onEvent(ev: number): void {
    this.timer = undefined
    const c = this.cur
    if (ev === EV_TX && c !== undefined && this.phase === "pending-tx") {
      this.phase = "tx"
      const f = drFormat(this.region, c.dr, true)
      const power = deviceTxPowerDbm(this.region, c.isJoin ? 0 : this.session.txPowerIndex)
      if (c.tries > 1) this.counters.retransmissions++
      this.counters.transmissions++
      this.trace(c.isJoin ? "lorawan.join.tx" : "lorawan.up.tx", { fcnt: c.fcnt, try: c.tries, dr: c.dr, freq: c.freqHz, len: c.bytes.length })
      this.radio.transmit({ ...f, freqHz: c.freqHz, txPowerDbm: power, payload: c.bytes, syncWord: this.publicNetwork ? SYNC_WORD_PUBLIC : SYNC_WORD_PRIVATE, iqInverted: false })
    } else if (ev === EV_RETRY && c !== undefined && this.phase === "ack-wait") {
      this.attempt()
    } else if (ev === EV_JOIN && this.phase === "join-wait") {
      this.phase = "idle"
      this.startJoin()
    }
  }

  /** @internal RadioHandler: the frame is on air; open RX1 (docs/models.md §3.2). */
  onTxDone(tx: TransmissionRecord): void {
    const c = this.cur
    if (c === undefined || this.phase !== "tx") return
    const s = this.session
    c.txStart = tx.start
    c.txEnd = tx.end
    const toa = tx.end - tx.start
    this.counters.airtimeUs += toa
    this.band.record(c.freqHz, tx.end, toa, c.isJoin, s.maxDCycle)
    this.listener.onTx?.(tx)
    const delays = rxWindowDelaysUs(c.isJoin, s.rx1DelayUs)
    const dr = this.region.rx1Dr(c.dr, c.isJoin ? 0 : s.rx1DrOffset)
    this.openWindow(tx.end + delays.rx1, this.region.rx1FrequencyHz(c.chIndex, c.freqHz), dr)
    this.phase = "rx1"
  }

  private openWindow(nominal: number, freqHz: number, dr: number): boolean {
    const cfg = downlinkRx(this.region, freqHz, dr, this.publicNetwork)
    const w = rxWindow(nominal, cfg.sf, cfg.bwHz)
    if (w.open < this.world.now) return false
    this.radio.openRxWindow(w.open, cfg, w.durUs)
    return true
  }

  /** @internal RadioHandler: a window closed. RX2 follows RX1 unless RX1 brought our frame. */
  onRxWindowEnd(): void {
    const c = this.cur
    if (c === undefined) return
    if (this.phase === "rx1" && !c.gotDownlink) {
      const s = this.session
      const nominal = c.txEnd + rxWindowDelaysUs(c.isJoin, s.rx1DelayUs).rx2
      const ok = c.isJoin ? this.openWindow(nominal, this.region.rx2FrequencyHz, this.region.rx2Dr) : this.openWindow(nominal, s.rx2FreqHz, s.rx2Dr)
      if (ok) {
        this.phase = "rx2"
        return
      }
    }
    if (this.phase === "rx1" || this.phase === "rx2") this.endOfWindows(c)
  }

  private endOfWindows(c: Cycle): void {
    if (c.isJoin) {
      if (this.session.joined) {
        this.cur = undefined
        this.phase = "idle"
        this.listener.onJoined?.()
        this.pump()
      } else {
        this.cur = undefined
        this.phase = "join-wait"
        this.listener.onJoinFailed?.()
        const at = joinRetryAtUs({
          txEndUs: c.txEnd,
          firstAttemptUs: this.joinStartedAt,
          toaUs: c.txEnd - c.txStart,
          windowsEndUs: this.world.now,
          jitterUs: 0, // Pycom's timer has no jitter
          bandDCycle: this.band.bandDCycle(c.freqHz),
          backoffOriginUs: this.band.initAt,
        })
        this.timer = this.world.schedule(Math.max(this.world.now, at), this, EV_JOIN)
      }
      return
    }
    const confirmed = c.req?.confirmed === true
    if (confirmed) {
      if (c.acked) return this.finish(true, undefined)
      if (c.tries < confirmedTrials(this.txRetries)) {
        // ACK timer: RxWindow2Delay + ACK_TIMEOUT ± ACK_TIMEOUT_RND from TX done (docs/models.md §3.4)
        const at = ackRetryAtUs(c.txEnd, this.session.rx1DelayUs, this.rngAck.int(-ACK_TIMEOUT_RND_US, ACK_TIMEOUT_RND_US))
        this.phase = "ack-wait"
        this.timer = this.world.schedule(Math.max(at, this.world.now), this, EV_RETRY)
        return
      }
      restoreDefaultChannels(this.region, this.session.channels)
      return this.finish(false, "no-ack")
    }
    if (c.gotDownlink || c.tries >= Math.max(1, this.session.nbRep)) return this.finish(true, undefined)
    this.attempt()
  }

  private finish(ok: boolean, error: string | undefined): void {
    const c = this.cur
    this.cur = undefined
    this.phase = "idle"
    if (c === undefined || c.req === undefined) return
    this.session.fcntUp = c.fcnt + 1
    if (c.acked) this.counters.acked++
    if (!ok) this.counters.failed++
    const result: UplinkResult = { request: c.req, fcnt: c.fcnt, tries: c.tries, acked: c.acked, ok, error }
    this.trace("lorawan.up.done", { fcnt: c.fcnt, tries: c.tries, acked: c.acked, ok, ...(error === undefined ? {} : { error }) })
    this.listener.onUplinkDone?.(result)
    this.pump()
  }

  /** @internal RadioHandler: a frame arrived in a window. */
  onFrame(frame: ReceivedFrame): void {
    const c = this.cur
    if (c === undefined || (this.phase !== "rx1" && this.phase !== "rx2")) return
    try {
      if (c.isJoin) this.onJoinAccept(c, frame)
      else this.onDataDown(c, frame)
    } catch {
      this.trace("lorawan.down.drop", { reason: "malformed" })
    }
  }

  private onJoinAccept(c: Cycle, frame: ReceivedFrame): void {
    const creds = this.otaa
    if (creds === undefined || (frame.payload[0]! >> 5) !== MType.JoinAccept) return
    const { accept, micValid } = openJoinAccept(frame.payload, creds.appKey)
    if (!micValid) return this.trace("lorawan.down.drop", { reason: "mic" })
    const keys = deriveSessionKeys(creds.appKey, accept.appNonce, accept.netId, c.devNonce)
    applyJoinAccept(this.region, this.session, accept, keys, c.dr)
    const s = this.session
    s.joined = true
    c.gotDownlink = true
    this.lastSnr = frame.snrDb
    this.listener.onRx?.(frame)
    this.trace("lorawan.join.accept", { devAddr: s.devAddr })
  }

  private onDataDown(c: Cycle, frame: ReceivedFrame): void {
    const s = this.session
    const v = checkDownlink(s, frame.payload)
    if (v === undefined) return
    if ("drop" in v) return this.trace("lorawan.down.drop", { reason: v.drop })
    const { mt, df, opened } = v
    s.fcntDown = opened.fcnt32
    s.adrAckCnt = 0
    this.sticky = []
    this.lastSnr = frame.snrDb
    c.gotDownlink = true
    this.counters.downlinks++
    if (df.fctrl.ack && c.req?.confirmed === true) c.acked = true
    if (mt === MType.ConfirmedDataDown) this.ackOwed = true
    this.listener.onRx?.(frame)
    const macBytes = df.fport === 0 ? opened.payload : df.fopts
    if (macBytes.length > 0) {
      const out = processMacCommands(this.region, s, decodeDownlinkMacCommands(macBytes).commands, { battery: this.battery, lastSnrDb: this.lastSnr })
      this.answers.push(...out.answers)
      this.sticky.push(...out.sticky)
      if (out.linkCheck !== undefined) this.listener.onLinkCheck?.(out.linkCheck.margin, out.linkCheck.gwCnt)
    }
    this.trace("lorawan.down.rx", { fcnt: opened.fcnt32, ack: df.fctrl.ack, port: df.fport ?? -1, window: this.phase === "rx1" ? 1 : 2 })
    if (df.fport !== undefined && df.fport > 0) {
      this.listener.onDownlink?.({ fport: df.fport, payload: opened.payload, fcnt: opened.fcnt32, confirmed: mt === MType.ConfirmedDataDown, frame, window: this.phase === "rx1" ? 1 : 2 })
    }
  }
}
