import { park, TIMED_OUT, type Micros, type Process, type ProcessBody } from "../../sim/index.ts"
import { Notifier } from "../ip/notifier.ts"
import { SYNC_WORD_PRIVATE, SYNC_WORD_PUBLIC, noiseFloorDbm, type LoraRadio, type RadioHandler, type ReceivedFrame, type RxConfig, type TransmissionRecord, type TxRequest } from "../../radio/index.ts"
import { ALWAYS_ON, BANDWIDTH_HZ, CMD_QUEUE_DEPTH, LBT_SENSE_US, LBT_THRESHOLD_DBM, RX_PACKET_EVENT, SLEEP, TX_PACKET_EVENT } from "./constants.ts"
import type { LoRaSettings } from "./config.ts"
import { QUEUE_FULL, type LoRaModeImpl, type LoRaHost } from "./mode.ts"
import { RxQueue } from "./rx-queue.ts"

interface PendingTx {
  readonly payload: Uint8Array
  waiter: Process | undefined
}

const LBT_DONE = 0

/**
 * Raw LoRa mode (`LoRa.LORA`): peer-to-peer frames with the object's radio
 * settings. ALWAYS_ON keeps the receiver on (except while transmitting);
 * TX_ONLY and SLEEP keep it off. A send waits for listen-before-talk (channel
 * RSSI ≤ −85 dBm over 1 ms, else sense again; PF `modlora.c`, docs/models.md §1.4),
 * then transmits; TxDone fires TX_PACKET_EVENT. Received frames go to the 7-deep
 * RX queue and fire RX_PACKET_EVENT.
 */
export class RawLoRaMode implements LoRaModeImpl, RadioHandler {
  readonly rx = new RxQueue()
  readonly cmdNotifier = new Notifier()
  private readonly queue: PendingTx[] = []
  private readonly spaceWaiters: Process[] = []
  private current: PendingTx | undefined = undefined
  private sensingSince: Micros = -1

  constructor(private readonly host: LoRaHost) {}

  private get radio(): LoraRadio {
    return this.host.radio
  }

  /** Applies the settings to the radio (receiver on/off per power mode). */
  start(): void {
    this.radio.handler = this
    this.applyRx()
  }

  /** Radio off; queued sends fail silently (the object was re-initialised). */
  stop(): void {
    this.radio.sleep()
    this.queue.length = 0
    this.cmdNotifier.notify()
  }

  /** The 7-deep command queue has room (frames waiting for listen-before-talk count; the one on the air does not). */
  get hasTxSpace(): boolean {
    return this.queue.length < CMD_QUEUE_DEPTH
  }

  private rxConfig(s: LoRaSettings): RxConfig {
    return { freqsHz: [s.frequency], sf: s.sf, bwHz: BANDWIDTH_HZ[s.bandwidth]!, syncWord: s.public ? SYNC_WORD_PUBLIC : SYNC_WORD_PRIVATE, iqInverted: s.rx_iq }
  }

  private applyRx(): void {
    const s = this.host.settings
    this.radio.setRx(this.rxConfig(s))
    if (this.radio.transmitting !== undefined) return
    if (s.power_mode === ALWAYS_ON) this.radio.listen(true)
    else if (s.power_mode === SLEEP) this.radio.sleep()
    else this.radio.standby()
  }

  /** The frame a send would transmit. */
  request(payload: Uint8Array): TxRequest {
    const s = this.host.settings
    return {
      freqHz: s.frequency,
      sf: s.sf,
      bwHz: BANDWIDTH_HZ[s.bandwidth]!,
      cr: s.coding_rate,
      preamble: s.preamble,
      implicitHeader: false,
      crc: true,
      txPowerDbm: s.tx_power,
      payload,
      syncWord: s.public ? SYNC_WORD_PUBLIC : SYNC_WORD_PRIVATE,
      iqInverted: s.tx_iq,
    }
  }

  /**
   * Sends one frame through the 7-deep command queue (PF `modlora.c` `lora_send`,
   * docs/models.md §1.4). Non-blocking (`timeout` 0): queued and returns at once, or
   * QUEUE_FULL. Otherwise waits for queue space (up to `timeout` µs, then
   * TIMED_OUT), then — like the firmware, which waits for the task's response
   * with no limit once the command is queued — until TxDone.
   */
  *send(payload: Uint8Array, timeout: Micros | undefined): ProcessBody<number | typeof TIMED_OUT | typeof QUEUE_FULL> {
    if (this.queue.length >= CMD_QUEUE_DEPTH) {
      if (timeout === 0) return QUEUE_FULL
      const deadline = timeout === undefined ? undefined : this.host.world.now + timeout
      while (this.queue.length >= CMD_QUEUE_DEPTH) {
        const left = deadline === undefined ? undefined : deadline - this.host.world.now
        if (left !== undefined && left <= 0) return TIMED_OUT
        const r = yield* park(
          left,
          (proc) => this.spaceWaiters.push(proc),
          (proc) => {
            const i = this.spaceWaiters.indexOf(proc)
            if (i >= 0) this.spaceWaiters.splice(i, 1)
          },
        )
        if (r === TIMED_OUT) return TIMED_OUT
      }
    }
    const p: PendingTx = { payload, waiter: undefined }
    this.queue.push(p)
    this.cmdNotifier.notify()
    this.pump()
    if (timeout === 0) return payload.length
    yield* park(undefined, (proc) => {
      p.waiter = proc
    })
    return payload.length
  }

  private pump(): void {
    if (this.current !== undefined || this.sensingSince >= 0 || this.radio.transmitting !== undefined) return
    if (this.queue.length === 0) return
    this.startSensing()
  }

  private startSensing(): void {
    const w = this.host.world
    this.sensingSince = w.now
    this.radio.sensing = true
    this.radio.senseMaxDbm = this.host.medium.channelRssiDbm(this.radio, this.host.settings.frequency)
    w.after(LBT_SENSE_US, this, LBT_DONE)
  }

  /** @internal End of a 1 ms listen-before-talk window. */
  onEvent(data: unknown): void {
    if (data !== LBT_DONE) return
    const s = this.host.settings
    const r = this.radio
    const level = Math.max(r.senseMaxDbm, this.host.medium.channelRssiDbm(r, s.frequency))
    r.sensing = false
    this.sensingSince = -1
    if (s.power_mode === SLEEP) return
    if (level > LBT_THRESHOLD_DBM) {
      this.host.world.log(this.host.node, "lora.lbt.busy", { rssi: Math.round(level) })
      this.startSensing() // ⚠ the firmware re-queues the command; the task's retry delay is not in the reference: sense again at once
      return
    }
    const next = this.queue.shift()
    if (next === undefined) return
    this.spaceWaiters.shift()?.wake(true)
    this.cmdNotifier.notify()
    this.current = next
    r.transmit(this.request(next.payload))
  }

  /** @internal RadioHandler: TxDone. */
  onTxDone(tx: TransmissionRecord): void {
    const p = this.current
    this.current = undefined
    this.host.noteTx(tx)
    this.applyRx()
    this.host.raise(TX_PACKET_EVENT)
    p?.waiter?.wake(true)
    this.pump()
  }

  /** @internal RadioHandler: a frame arrived. */
  onFrame(frame: ReceivedFrame): void {
    this.host.noteRx(frame)
    if (!this.rx.push(frame.payload, 0)) this.host.world.log(this.host.node, "lora.rxq.drop", { tx: frame.txId })
    this.host.raise(RX_PACKET_EVENT)
  }

  /**
   * `ischannel_free(rssi, time_ms)`: senses the channel for `timeMs` and returns
   * true if nothing above `rssiDbm` was heard (PF `modlora.c`: 2 arguments,
   * docs/models.md §1.3). The receiver is on while sensing.
   */
  *channelFree(rssiDbm: number, timeMs: number): ProcessBody<boolean> {
    const r = this.radio
    const f = this.host.settings.frequency
    const wasListening = r.listening
    if (!wasListening && r.transmitting === undefined) r.listen(true)
    r.sensing = true
    r.senseMaxDbm = this.host.medium.channelRssiDbm(r, f)
    yield* park(Math.max(0, Math.round(timeMs * 1000)))
    const level = Math.max(r.senseMaxDbm, this.host.medium.channelRssiDbm(r, f), noiseFloorDbm(BANDWIDTH_HZ[this.host.settings.bandwidth]!))
    r.sensing = false
    if (!wasListening) this.applyRx()
    return level <= rssiDbm
  }
}
