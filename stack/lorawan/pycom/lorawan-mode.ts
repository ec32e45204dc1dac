/**
 * `LoRa.LORAWAN` mode of Pycom's `network.LoRa`: the class A MAC on the LoRa
 * object's radio, behind the firmware's 7-deep command queue (PF `modlora.c`
 * TASK_LoRa, `lora_socket_send`; docs/models.md §1.2–1.4). Duty-cycle enforcement is
 * off at init (`LoRaMacTestSetDutyCycleOn(false)`), the join back-off still applies.
 */
import { park, TIMED_OUT, type Micros, type Process, type ProcessBody } from "../../../sim/index.ts"
import type { TransmissionRecord } from "../../../radio/index.ts"
import { Notifier } from "../../ip/notifier.ts"
import { AS923 as AS923_CODE, AU915 as AU915_CODE, CMD_QUEUE_DEPTH, EU868 as EU868_CODE, RX_PACKET_EVENT, TX_FAILED_EVENT, TX_PACKET_EVENT, US915 as US915_CODE } from "../../lora/constants.ts"
import { QUEUE_FULL, type LoRaHost, type LoRaModeImpl } from "../../lora/mode.ts"
import { RxQueue } from "../../lora/rx-queue.ts"
import { ValueError } from "../../errors/errors.ts"
import { ClassADevice } from "../mac/class-a-device.ts"
import { drOfUplink } from "../mac/radio-params.ts"
import type { UplinkRequest, UplinkResult } from "../mac/types.ts"
import { AS923 } from "../region-as923.ts"
import { AU915 } from "../region-au915.ts"
import { EU868 } from "../region-eu868.ts"
import type { Region } from "../region-types.ts"
import { US915 } from "../region-us915.ts"

/** The LMN regions this model implements, by Pycom region code (docs/models.md §1.1). */
export function regionOfCode(code: number): Region {
  if (code === EU868_CODE) return EU868
  if (code === US915_CODE) return US915
  if (code === AS923_CODE) return AS923
  if (code === AU915_CODE) return AU915
  // ⚠ IN865/CN470/EU433 are accepted by the firmware but their LoRaWAN tables are not modelled here.
  throw new ValueError(`invalid region ${code}`)
}

/** One queued socket send (a firmware command). */
export interface LoRaWanCommand {
  readonly req: UplinkRequest
  /** Send an empty frame instead (EMSGSIZE flush). */
  readonly flush: boolean
  waiter: Process | undefined
  result: UplinkResult | undefined
}

/** The LORAWAN mode object (one per LoRa object while in LORAWAN mode). */
export class LoRaWanMode implements LoRaModeImpl {
  readonly rx = new RxQueue()
  readonly cmdNotifier = new Notifier()
  readonly region: Region
  readonly mac: ClassADevice
  private readonly commands: LoRaWanCommand[] = []
  private current: LoRaWanCommand | undefined = undefined
  private readonly joinWaiters: Process[] = []
  /** LoRaWAN figures `stats()` reports: sftx/sfrx are DRs in LoRaWAN, tx_trials the tries of the last uplink (docs/models.md §1.3). */
  readonly lastStats = { sftx: 0, sfrx: 0, tx_trials: 0 }

  constructor(readonly host: LoRaHost) {
    this.region = regionOfCode(host.settings.region)
    const s = host.settings
    this.mac = new ClassADevice(host.world, {
      region: this.region,
      radio: host.radio,
      adr: s.adr,
      publicNetwork: s.public,
      txRetries: s.tx_retries,
      dutyCycle: false,
      rngName: host.node,
      listener: {
        onTx: (tx: TransmissionRecord) => {
          host.noteTx(tx)
          this.lastStats.sftx = drOfUplink(this.region, tx.sf, tx.bwHz)
          this.lastStats.tx_trials++
        },
        onRx: (f) => {
          host.noteRx(f)
          this.lastStats.sfrx = drOfDownlink(this.region, f.sf, f.bwHz)
        },
        onDownlink: (d) => {
          if (!this.rx.push(d.payload, d.fport)) host.world.log(host.node, "lora.rxq.drop", { port: d.fport })
          host.raise(RX_PACKET_EVENT)
        },
        onUplinkDone: (r) => this.done(r),
        onJoined: () => {
          for (const w of this.joinWaiters.splice(0)) w.wake(true)
          this.pump()
        },
      },
    })
  }

  /** Applies settings (ADR, public, retries) and puts the radio to sleep until the MAC needs it. */
  start(): void {
    const s = this.host.settings
    this.mac.adr = s.adr
    this.mac.publicNetwork = s.public
    this.mac.txRetries = s.tx_retries
    this.host.radio.handler = this.mac
    this.host.radio.sleep()
  }

  /** Stops the MAC (deinit, mode change, reboot). */
  stop(): void {
    this.mac.stop()
    this.commands.length = 0
    this.current = undefined
    this.cmdNotifier.notify()
  }

  /** The 7-deep command queue has room (the command the MAC is working on has left it; PF `modlora.c` `lora_tx_space`). */
  get hasTxSpace(): boolean {
    return this.commands.length < CMD_QUEUE_DEPTH
  }

  /** Default socket DR: 5 (EU868, AS923) or 4 (US915, AU915) (PF `modlora.c` lora_socket_socket; docs/models.md §1.4). */
  get defaultDr(): number {
    return this.region.socketDefaultDr
  }

  /** Highest SO_DR value: 6, US915 4 (PF `modlora.c` lora_validate_data_rate; docs/models.md §1.4). */
  get maxSocketDr(): number {
    return this.region.socketMaxDr
  }

  /** @internal Waits (up to `timeout`) until joined; true if joined. */
  *waitJoined(timeout: Micros | undefined): ProcessBody<boolean> {
    if (this.mac.joined) return true
    const r = yield* park(
      timeout,
      (p) => this.joinWaiters.push(p),
      (p) => {
        const i = this.joinWaiters.indexOf(p)
        if (i >= 0) this.joinWaiters.splice(i, 1)
      },
    )
    return r !== TIMED_OUT && this.mac.joined
  }

  /**
   * Queues a command. Non-blocking: QUEUE_FULL when 7 are waiting. Blocking or
   * timeout: waits for space (TIMED_OUT after the timeout), then for the end of the
   * whole cycle (RX windows, retries); with a timeout the total wait is bounded.
   * Returns the command (its `result` set when the cycle ended) or a status.
   */
  *submit(cmd: LoRaWanCommand, timeout: Micros | undefined): ProcessBody<LoRaWanCommand | typeof TIMED_OUT | typeof QUEUE_FULL> {
    const w = this.host.world
    const deadline = timeout === undefined ? undefined : w.now + timeout
    while (this.commands.length >= CMD_QUEUE_DEPTH) {
      if (timeout === 0) return QUEUE_FULL
      const left = deadline === undefined ? undefined : deadline - w.now
      if (left !== undefined && left <= 0) return TIMED_OUT
      yield* park(Math.min(left ?? 1_000_000, 1_000_000)) // ⚠ polls for queue space each second (firmware: xQueueSend with the socket timeout)
    }
    this.commands.push(cmd)
    this.cmdNotifier.notify()
    this.pump()
    if (timeout === 0 || cmd.flush) return cmd
    if (cmd.result !== undefined) return cmd
    const left = deadline === undefined ? undefined : Math.max(0, deadline - w.now)
    const r = yield* park(
      left,
      (p) => (cmd.waiter = p),
      () => (cmd.waiter = undefined),
    )
    return r === TIMED_OUT ? TIMED_OUT : cmd
  }

  /** LoRaModeImpl: a plain send (unconfirmed, FPort 2, default DR), used when no LoRaWAN socket options apply. */
  *send(payload: Uint8Array, timeout: Micros | undefined): ProcessBody<number | typeof TIMED_OUT | typeof QUEUE_FULL> {
    const cmd: LoRaWanCommand = { req: { fport: 2, payload, confirmed: false, dr: this.defaultDr }, flush: false, waiter: undefined, result: undefined }
    const r = yield* this.submit(cmd, timeout)
    return typeof r === "symbol" ? r : payload.length
  }

  private pump(): void {
    if (this.current !== undefined || !this.mac.idle || !this.mac.joined) return
    const cmd = this.commands.shift()
    if (cmd === undefined) return
    this.cmdNotifier.notify()
    this.current = cmd
    this.lastStats.tx_trials = 0
    const req: UplinkRequest = cmd.flush ? { fport: undefined, payload: new Uint8Array(0), confirmed: false, dr: cmd.req.dr } : cmd.req
    if (!this.mac.send(req)) {
      // Payload + pending MAC answers over N: LMN LENGTH_ERROR; the firmware then sends an empty frame (MAC flush).
      this.mac.send({ fport: undefined, payload: new Uint8Array(0), confirmed: false, dr: cmd.req.dr })
    }
  }

  private done(r: UplinkResult): void {
    const cmd = this.current
    this.current = undefined
    this.host.raise(r.ok ? TX_PACKET_EVENT : TX_FAILED_EVENT)
    if (cmd !== undefined) {
      cmd.result = r
      const w = cmd.waiter
      cmd.waiter = undefined
      w?.wake(true)
    }
    this.pump()
  }
}

/** The DR index of a downlink received with `sf`/`bwHz` (RX DR range), or −1. */
function drOfDownlink(region: Region, sf: number, bwHz: number): number {
  for (let dr = region.rxMinDr; dr <= region.rxMaxDr; dr++) {
    const d = region.dataRates[dr]
    if (d !== undefined && d.modulation === "lora" && d.sf === sf && d.bandwidthHz === bwHz) return dr
  }
  return -1
}
