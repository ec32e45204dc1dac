/**
 * A LoRaWAN 1.0.2 network server for class A devices: gateways forward every
 * frame after a backhaul latency; copies of one frame are collected for a short
 * de-duplication window; JoinRequests go to the join server; data uplinks are
 * checked (MIC, FCnt: replays and gaps over MAX_FCNT_GAP rejected and traced),
 * delivered decrypted to the application once, answered (ACK, MAC commands,
 * queued application data) in RX1 else RX2 through the best gateway, and ADR runs
 * on devices that set the ADR bit (LoRaWAN 1.0.2 §4–6; docs/models.md §3).
 */
import type { Simulation } from "../../../sim/index.ts"
import { DutyCycleRegulator, type Gateway, type ReceivedFrame } from "../../../radio/index.ts"
import { worldCapture } from "../../capture/world-capture.ts"
import { toHex } from "../bytes.ts"
import { decodePhyPayload } from "../frame-codec.ts"
import { MType, type DataFrame, type SessionKeys } from "../frame-types.ts"
import { buildDataFrame, openDataFrame, verifyDataFrameMic } from "../frames.ts"
import { decodeUplinkMacCommands, encodeDownlinkMacCommands } from "../mac-command-codec.ts"
import type { DownlinkMacCommand } from "../mac-command-types.ts"
import { downlinkWindows, type DownlinkWindow } from "../class-a-rules.ts"
import { MAX_FCNT_GAP, MAX_FOPTS_LENGTH } from "../region-common.ts"
import type { Region } from "../region-types.ts"
import { EU868 } from "../region-eu868.ts"
import { drOfUplink } from "../mac/radio-params.ts"
import { adrDecision, requiredSnrDb, ADR_HISTORY } from "./adr.ts"
import { Application, type AppUplink } from "./application.ts"
import { scheduleDownlink, type GatewayLink } from "./downlink-scheduler.ts"
import { JoinServer } from "./join-server.ts"
import { channelIndexOf, zeroCounters, type ServerCounters } from "./server-counters.ts"

/** Options of a network server. */
export interface NetworkServerOptions {
  readonly region?: Region
  /** Gateway → server (and server → gateway) latency, µs. A parameter: no public figure is modelled (default 10 ms). */
  readonly backhaulLatencyUs?: number
  /** Copies of a frame are collected this long (ChirpStack `deduplication_delay` default 200 ms). */
  readonly dedupWindowUs?: number
  readonly netId?: number
  /** Run ADR for devices that set the ADR bit (default true). */
  readonly adr?: boolean
  /**
   * Gateway downlink power (dBm) on every frequency. Default: the region's
   * `downlinkTxPowerDbm(freq)` — EU868 14 dBm, 27 dBm in 869.4–869.65 MHz (RX2;
   * ETSI EN 300 220 25 mW / 500 mW ERP); US915 20; AS923 14; AU915 27 (ChirpStack's
   * band defaults; docs/models.md §3.2).
   */
  readonly downlinkPowerDbm?: number
  /** RX1DROffset / RX2 DR / RxDelay sent in JoinAccepts (defaults 0, region RX2 DR, 1 s). */
  readonly rx1DrOffset?: number
  readonly rx2Dr?: number
  readonly rxDelay?: number
  /**
   * Deliver a retransmitted uplink (same FCnt, its ACK lost) to the application
   * again, flagged `retransmission`: at-least-once delivery, as an integration
   * that retries (an HTTP webhook) gives. Default false: never delivered twice.
   */
  readonly deliverRetransmissions?: boolean
}

/** The server's view of one activated device. */
export interface NsDevice {
  readonly devEui: string
  devAddr: number
  keys: SessionKeys
  /** Last accepted uplink FCnt (32 bits), −1 before the first. */
  fcntUp: number
  /** FCnt of the next downlink. */
  fcntDown: number
  rx1DrOffset: number
  rx2Dr: number
  rx2FreqHz: number
  rx1DelayUs: number
  readonly macQueue: DownlinkMacCommand[]
  snrHistory: number[]
  txPowerIndex: number
  adrPending: boolean
  /** RXParamSetupReq / RXTimingSetupReq sent, applied when the device answers. */
  pendingRx: DownlinkMacCommand | undefined
  /** Last DevStatusAns (battery, margin). */
  devStatus: { battery: number; margin: number } | undefined
}

interface Copy {
  readonly gw: GatewayLink
  readonly frame: ReceivedFrame
}

interface Pending {
  readonly key: string
  readonly copies: Copy[]
}

/**
 * The network server (one per world or per network). Downlink rule (the fleet
 * mirrors it; `class-a-rules.ts` {@link downlinkWindows} + `chooseDownlinkWindow`):
 * - the copies of an uplink are ranked by SNR, best first; the best copy's
 *   timestamp, frequency and DR define the windows;
 * - RX1 is tried first (uplink end + RX1 delay, region RX1 frequency and
 *   `rx1Dr(DR, RX1DROffset)`), then RX2 (1 s later, session RX2 frequency/DR;
 *   a JoinAccept: 5 s / 6 s, region RX2, offset 0);
 * - a window is skipped when the command cannot reach a gateway in time
 *   (backhaul latency) or the payload exceeds the window DR's N;
 * - in a window, the gateways that heard the uplink are tried best SNR first;
 *   the first that is not transmitting then and whose sub-band duty cycle is
 *   open books the downlink (gateways obey `region.subBands` where the region
 *   enforces duty cycle — EU868, ETSI EN 300 220 — and are unregulated elsewhere);
 * - power: `options.downlinkPowerDbm`, else `region.downlinkTxPowerDbm(freq)`.
 */
export class NetworkServer {
  readonly region: Region
  readonly app = new Application()
  readonly joinServer: JoinServer
  readonly counters: ServerCounters = zeroCounters()
  readonly devices = new Map<string, NsDevice>()
  private readonly byAddr = new Map<number, NsDevice>()
  private readonly gateways: GatewayLink[] = []
  private readonly pending = new Map<string, Pending>()
  private readonly latency: number
  private readonly dedup: number
  private readonly netId: number
  private nextAddr = 1

  constructor(
    readonly world: Simulation,
    readonly options: NetworkServerOptions = {},
  ) {
    this.region = options.region ?? EU868
    this.latency = options.backhaulLatencyUs ?? 10_000
    this.dedup = options.dedupWindowUs ?? 200_000
    this.netId = options.netId ?? 0
    this.joinServer = new JoinServer(world.rng("lorawan/ns/appnonce"))
  }

  /** Connects a gateway: its received frames are forwarded here. */
  addGateway(gateway: Gateway): void {
    // Gateways obey the sub-band duty cycle where the region enforces it (EU868: ETSI EN 300 220).
    const link: GatewayLink = { gateway, dutyCycle: new DutyCycleRegulator(this.region.dutyCycleByDefault ? this.region.subBands : []) }
    this.gateways.push(link)
    gateway.onFrameReceived((frame) => {
      worldCapture(this.world)?.add({ timeUs: frame.timeUs, frequencyHz: frame.freqHz, bandwidthHz: frame.bwHz, sf: frame.sf, rssiDbm: frame.rssiDbm, snrDb: frame.snrDb, payload: frame.payload })
      if (frame.iqInverted) return
      this.world.after(this.latency, this, { gw: link, frame } satisfies Copy)
    })
    // The gateway's own downlinks, as it sent them (RSSI field: its TX power; SNR 0).
    gateway.onDownlinkDone((tx) => {
      worldCapture(this.world)?.add({ timeUs: tx.end, frequencyHz: tx.freqHz, bandwidthHz: tx.bwHz, sf: tx.sf, rssiDbm: tx.txPowerDbm, snrDb: 0, payload: tx.payload })
    })
  }

  /** Provisions an OTAA device in the join server. */
  registerOtaa(devEui: Uint8Array, appEui: Uint8Array, appKey: Uint8Array): void {
    this.joinServer.add({ devEui, appEui, appKey })
  }

  /** Provisions an ABP device (session known in advance). */
  registerAbp(devEui: Uint8Array, devAddr: number, keys: SessionKeys): NsDevice {
    return this.activate(toHex(devEui), devAddr >>> 0, keys)
  }

  /** Queues a MAC command for a device's next downlink (DevStatusReq, RXParamSetupReq, …). */
  queueMacCommand(devEui: string, cmd: DownlinkMacCommand): void {
    const d = this.devices.get(devEui)
    if (d === undefined) throw new RangeError(`unknown device ${devEui}`)
    d.macQueue.push(cmd)
    if (cmd.type === "RXParamSetupReq" || cmd.type === "RXTimingSetupReq") d.pendingRx = cmd
  }

  private activate(devEui: string, devAddr: number, keys: SessionKeys): NsDevice {
    const old = this.devices.get(devEui)
    if (old !== undefined) this.byAddr.delete(old.devAddr)
    const d: NsDevice = {
      devEui,
      devAddr,
      keys,
      fcntUp: -1,
      fcntDown: 0,
      rx1DrOffset: this.options.rx1DrOffset ?? 0,
      rx2Dr: this.options.rx2Dr ?? this.region.rx2Dr,
      rx2FreqHz: this.region.rx2FrequencyHz,
      rx1DelayUs: Math.max(1, this.options.rxDelay ?? 1) * 1_000_000,
      macQueue: [],
      snrHistory: [],
      txPowerIndex: 0,
      adrPending: false,
      pendingRx: undefined,
      devStatus: undefined,
    }
    this.devices.set(devEui, d)
    this.byAddr.set(devAddr, d)
    return d
  }

  private downlinkPower(freqHz: number): number {
    return this.options.downlinkPowerDbm ?? this.region.downlinkTxPowerDbm(freqHz)
  }

  private log(kind: string, fields: Record<string, unknown>): void {
    if (this.world.trace.enabled) this.world.log("ns", kind, fields)
  }

  /** @internal Events: a copy arrives (Copy) or a collection window closes (Pending). */
  onEvent(data: Copy | Pending): void {
    if ("copies" in data) {
      this.pending.delete(data.key)
      this.process(data.copies)
      return
    }
    const key = toHex(data.frame.payload)
    const p = this.pending.get(key)
    if (p !== undefined) {
      p.copies.push(data)
      this.counters.duplicateCopies++
      return
    }
    const np: Pending = { key, copies: [data] }
    this.pending.set(key, np)
    this.world.after(this.dedup, this, np)
  }

  private process(copies: Copy[]): void {
    copies.sort((a, b) => b.frame.snrDb - a.frame.snrDb)
    const best = copies[0]!.frame
    const mt = best.payload[0]! >> 5
    if (mt === MType.JoinRequest) return this.onJoinRequest(copies)
    if (mt !== MType.UnconfirmedDataUp && mt !== MType.ConfirmedDataUp) return
    let df: DataFrame
    try {
      df = decodePhyPayload(best.payload) as DataFrame
    } catch {
      this.counters.malformed++
      return
    }
    const dev = this.byAddr.get(df.devAddr)
    if (dev === undefined) {
      this.counters.unknownDevice++
      return this.log("lorawan.ns.reject", { reason: "unknown-devaddr", devAddr: df.devAddr })
    }
    const last = dev.fcntUp
    const opened = openDataFrame(best.payload, dev.keys, Math.max(0, last))
    const f = opened.fcnt32
    if (!opened.micValid && last >= 0 && this.isReplay(best.payload, dev, last, df.fcnt)) {
      this.counters.replays++
      return this.log("lorawan.ns.reject", { reason: "replay", dev: dev.devEui, fcnt: df.fcnt, last })
    }
    if (!opened.micValid) {
      this.counters.micFailures++
      return this.log("lorawan.ns.reject", { reason: "mic", dev: dev.devEui, fcnt: df.fcnt })
    }
    if (last >= 0 && f - last > MAX_FCNT_GAP) {
      this.counters.fcntGaps++
      return this.log("lorawan.ns.reject", { reason: "fcnt-gap", dev: dev.devEui, fcnt: f, last })
    }
    const confirmed = mt === MType.ConfirmedDataUp
    const upDr = drOfUplink(this.region, best.sf, best.bwHz)
    const toApp = (retransmission: boolean): AppUplink => ({
      devEui: dev.devEui,
      devAddr: dev.devAddr,
      fport: df.fport ?? 0,
      payload: opened.payload,
      fcnt: f,
      confirmed,
      timeUs: best.timeUs,
      gateways: copies.map((c) => ({ id: c.frame.receiverId, rssiDbm: c.frame.rssiDbm, snrDb: c.frame.snrDb })),
      dr: upDr,
      retransmission,
    })
    if (last >= 0 && f <= last) {
      if (f === last) {
        // A retransmission (confirmed, no ACK heard) or an NbRep repetition: a confirmed one is ACKed
        // again; it reaches the application again only with `deliverRetransmissions` (at-least-once).
        this.counters.retransmissions++
        this.log("lorawan.ns.retransmission", { dev: dev.devEui, fcnt: f, confirmed })
        if (this.options.deliverRetransmissions === true && df.fport !== undefined && df.fport > 0) this.app.deliver(toApp(true))
        if (confirmed) this.answer(dev, copies, upDr, true, false, true)
        return
      }
      this.counters.replays++
      return this.log("lorawan.ns.reject", { reason: "replay", dev: dev.devEui, fcnt: f, last })
    }
    dev.fcntUp = f
    this.counters.uplinks++
    const macBytes = df.fport === 0 ? opened.payload : df.fopts
    if (macBytes.length > 0) this.onMacCommands(dev, macBytes, copies)
    if (df.fctrl.adr && this.options.adr !== false && upDr >= 0) this.runAdr(dev, best.snrDb, upDr)
    this.log("lorawan.ns.up", { dev: dev.devEui, fcnt: f, port: df.fport ?? -1, gws: copies.length, confirmed })
    if (df.fport !== undefined && df.fport > 0) this.app.deliver(toApp(false))
    this.answer(dev, copies, upDr, confirmed, df.fctrl.adrAckReq, false)
  }

  /** An old frame (FCnt at or below the last one in the same 16-bit epoch) whose MIC checks with that lower counter. */
  private isReplay(bytes: Uint8Array, dev: NsDevice, last: number, wire: number): boolean {
    const c = Math.floor(last / 0x10000) * 0x10000 + wire
    return c < last && verifyDataFrameMic(bytes, dev.keys.nwkSKey, c)
  }

  private onMacCommands(dev: NsDevice, bytes: Uint8Array, copies: Copy[]): void {
    const best = copies[0]!.frame
    for (const c of decodeUplinkMacCommands(bytes).commands) {
      switch (c.type) {
        case "LinkCheckReq": {
          const margin = Math.max(0, Math.min(254, Math.round(best.snrDb - requiredSnrDb(best.sf, best.bwHz))))
          dev.macQueue.push({ type: "LinkCheckAns", margin, gwCnt: Math.min(255, copies.length) })
          break
        }
        case "LinkADRAns":
          if (c.powerAck && c.dataRateAck && c.channelMaskAck) dev.snrHistory = []
          dev.adrPending = false
          break
        case "RXParamSetupAns": {
          const p = dev.pendingRx
          if (p?.type === "RXParamSetupReq" && c.channelAck && c.rx2DrAck && c.rx1DrOffsetAck) {
            dev.rx1DrOffset = p.rx1DrOffset
            dev.rx2Dr = p.rx2Dr
            dev.rx2FreqHz = p.frequencyHz
          }
          dev.pendingRx = undefined
          break
        }
        case "RXTimingSetupAns": {
          const p = dev.pendingRx
          if (p?.type === "RXTimingSetupReq") dev.rx1DelayUs = Math.max(1, p.delay) * 1_000_000
          dev.pendingRx = undefined
          break
        }
        case "DevStatusAns":
          dev.devStatus = { battery: c.battery, margin: c.margin }
          break
        default:
          break
      }
      this.log("lorawan.ns.mac", { dev: dev.devEui, cmd: c.type })
    }
  }

  private runAdr(dev: NsDevice, snr: number, upDr: number): void {
    dev.snrHistory.push(snr)
    if (dev.snrHistory.length > ADR_HISTORY) dev.snrHistory.shift()
    if (dev.adrPending) return
    const next = adrDecision(this.region, { dr: upDr, txPowerIndex: dev.txPowerIndex, snrHistory: dev.snrHistory, maxDr: this.region.adrMaxDr })
    if (next.dr === upDr && next.txPowerIndex === dev.txPowerIndex) return
    dev.txPowerIndex = next.txPowerIndex
    dev.adrPending = true
    const { chMask, chMaskCntl } = this.region.adrChMask
    dev.macQueue.push({ type: "LinkADRReq", dataRate: next.dr, txPower: next.txPowerIndex, chMask, chMaskCntl, nbRep: 1 })
    this.log("lorawan.ns.adr", { dev: dev.devEui, dr: next.dr, txPower: next.txPowerIndex })
  }

  private windows(best: ReceivedFrame, upDr: number, isJoin: boolean, dev: NsDevice | undefined): DownlinkWindow[] {
    return downlinkWindows(this.region, {
      uplinkEndUs: best.timeUs,
      uplinkDr: upDr,
      channelIndex: channelIndexOf(this.region, best.freqHz, best.bwHz),
      uplinkFreqHz: best.freqHz,
      isJoin,
      rx1DelayUs: dev?.rx1DelayUs ?? 0,
      rx1DrOffset: dev?.rx1DrOffset ?? 0,
      rx2Dr: dev?.rx2Dr ?? this.region.rx2Dr,
      rx2FreqHz: dev?.rx2FreqHz ?? this.region.rx2FrequencyHz,
    })
  }

  private linksOf(copies: Copy[]): GatewayLink[] {
    return copies.map((c) => c.gw)
  }

  /** Sends the answer to an uplink if one is needed (ACK, MAC commands, application data, ADRACKReq). */
  private answer(dev: NsDevice, copies: Copy[], upDr: number, ack: boolean, adrAckReq: boolean, ackOnly: boolean): void {
    const app = ackOnly ? undefined : this.app.peek(dev.devEui)
    const cmds: DownlinkMacCommand[] = []
    let fopts: Uint8Array = new Uint8Array(0)
    if (!ackOnly) {
      for (const c of dev.macQueue) {
        const next = encodeDownlinkMacCommands([...cmds, c])
        if (next.length > MAX_FOPTS_LENGTH) break
        cmds.push(c)
        fopts = next
      }
    }
    if (!ack && !adrAckReq && cmds.length === 0 && app === undefined) return
    const mtype = app?.confirmed === true ? MType.ConfirmedDataDown : MType.UnconfirmedDataDown
    const bytes = buildDataFrame(
      {
        mtype,
        devAddr: dev.devAddr,
        fcnt: dev.fcntDown,
        fctrl: { adr: this.options.adr !== false, ack, fPending: this.app.pending(dev.devEui) > 1, adrAckReq: false },
        fopts,
        ...(app === undefined ? {} : { fport: app.fport, payload: app.payload }),
      },
      dev.keys,
    )
    const best = copies[0]!.frame
    const wins = this.windows(best, upDr, false, dev)
    const n = fopts.length + (app?.payload.length ?? 0)
    const sent = scheduleDownlink(this.world, this.region, this.linksOf(copies), wins, bytes, n, (f) => this.downlinkPower(f), this.latency)
    if (sent === undefined) {
      this.counters.downlinksMissed++
      return this.log("lorawan.ns.down.missed", { dev: dev.devEui, ack })
    }
    dev.fcntDown++
    dev.macQueue.splice(0, cmds.length)
    if (app !== undefined) this.app.shift(dev.devEui)
    if (ack) this.counters.acks++
    this.counters.downlinks++
    this.log("lorawan.ns.down", { dev: dev.devEui, fcnt: dev.fcntDown - 1, ack, window: sent.window, gw: sent.gatewayId, dr: sent.dr, port: app?.fport ?? -1 })
  }

  private onJoinRequest(copies: Copy[]): void {
    const best = copies[0]!.frame
    const addr = ((this.netId & 0x7f) << 25) | this.nextAddr
    const out = this.joinServer.handle(best.payload, () => ({
      netId: this.netId,
      devAddr: addr >>> 0,
      rx1DrOffset: this.options.rx1DrOffset ?? 0,
      rx2Dr: this.options.rx2Dr ?? this.region.rx2Dr,
      rxDelay: this.options.rxDelay ?? 1,
    }))
    if (!out.ok) {
      this.counters.joinsRejected++
      return this.log("lorawan.ns.join.reject", { dev: out.devEui, reason: out.reason })
    }
    const upDr = drOfUplink(this.region, best.sf, best.bwHz)
    const wins = this.windows(best, upDr, true, undefined)
    const sent = scheduleDownlink(this.world, this.region, this.linksOf(copies), wins, out.acceptBytes, 0, (f) => this.downlinkPower(f), this.latency)
    if (sent === undefined) {
      this.counters.downlinksMissed++
      return this.log("lorawan.ns.join.missed", { dev: out.devEui })
    }
    this.nextAddr++
    this.activate(out.devEui, addr >>> 0, out.keys)
    this.counters.joinsAccepted++
    this.log("lorawan.ns.join.accept", { dev: out.devEui, devAddr: addr >>> 0, window: sent.window, gw: sent.gatewayId })
  }
}

