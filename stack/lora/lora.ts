import type { ProcessBody, Simulation } from "../../sim/index.ts"
import { LoraRadio, Medium, timeOnAirMs, type ChipModel, type ReceivedFrame, type TransmissionRecord } from "../../radio/index.ts"
import type { Device } from "../device.ts"
import { OSError, PyTypeError } from "../errors/errors.ts"
import * as C from "./constants.ts"
import { resolveSettings, type LoRaInitArgs, type LoRaSettings } from "./config.ts"
import { loraModeFactory, registerLoRaMode, type LoRaHost, type LoRaModeImpl } from "./mode.ts"
import { RawLoRaMode } from "./raw-mode.ts"

registerLoRaMode(C.MODE_LORA, (host) => new RawLoRaMode(host))

/** `lora.stats()` in the firmware's field order (PF `modlora.c`; the docs swap sfrx/sftx; docs/models.md §1.3). */
export interface LoRaStats {
  readonly rx_timestamp: number
  readonly rssi: number
  readonly snr: number
  readonly sfrx: number
  readonly sftx: number
  readonly tx_trials: number
  readonly tx_power: number
  readonly tx_time_on_air: number
  readonly tx_counter: number
  readonly tx_frequency: number
}

/** Field order of {@link LoRaStats} as the firmware's namedtuple has it. */
export const STATS_FIELDS = ["rx_timestamp", "rssi", "snr", "sfrx", "sftx", "tx_trials", "tx_power", "tx_time_on_air", "tx_counter", "tx_frequency"] as const

/** Simulator-side options of the radio behind a `LoRa` object (not firmware arguments). */
export interface LoRaRadioOptions {
  /** Receiver table: `sx1276` (LoPy4/FiPy, default) or `sx1272` (original LoPy) (docs/models.md §2.2). */
  readonly chip?: ChipModel
  readonly antennaGainDb?: number
}

/**
 * Pycom's `network.LoRa` (PF `modlora.c`, PD `lora.md`; docs/models.md §1.2–1.4):
 * one per device (`id` 0), its radio on the world's medium. The raw mode
 * (`LoRa.LORA`) is implemented here; other modes plug in through
 * `registerLoRaMode`. Create with `new LoRa(device, { mode: LoRa.LORA, ... })`.
 */
export class LoRa implements LoRaHost {
  static readonly LORA = C.MODE_LORA
  static readonly LORAWAN = C.MODE_LORAWAN
  static readonly ALWAYS_ON = C.ALWAYS_ON
  static readonly TX_ONLY = C.TX_ONLY
  static readonly SLEEP = C.SLEEP
  static readonly BW_125KHZ = C.BW_125KHZ
  static readonly BW_250KHZ = C.BW_250KHZ
  static readonly BW_500KHZ = C.BW_500KHZ
  static readonly CODING_4_5 = C.CODING_4_5
  static readonly CODING_4_6 = C.CODING_4_6
  static readonly CODING_4_7 = C.CODING_4_7
  static readonly CODING_4_8 = C.CODING_4_8
  static readonly RX_PACKET_EVENT = C.RX_PACKET_EVENT
  static readonly TX_PACKET_EVENT = C.TX_PACKET_EVENT
  static readonly TX_FAILED_EVENT = C.TX_FAILED_EVENT
  static readonly AS923 = C.AS923
  static readonly AU915 = C.AU915
  static readonly CN470 = C.CN470
  static readonly EU433 = C.EU433
  static readonly EU868 = C.EU868
  static readonly IN865 = C.IN865
  static readonly US915 = C.US915

  readonly world: Simulation
  readonly node: string
  readonly medium: Medium
  readonly radio: LoraRadio
  settings: LoRaSettings
  private impl: LoRaModeImpl
  private statsNow: LoRaStats = { rx_timestamp: 0, rssi: 0, snr: 0, sfrx: 0, sftx: 0, tx_trials: 0, tx_power: 0, tx_time_on_air: 0, tx_counter: 0, tx_frequency: 0 }
  private flags = 0
  private trigger = 0
  private handler: ((arg: unknown) => void) | undefined = undefined
  private handlerArg: unknown = undefined

  constructor(
    readonly device: Device,
    args: LoRaInitArgs = {},
    radio: LoRaRadioOptions = {},
  ) {
    if ((args.id ?? 0) !== 0) throw new OSError("resource not available")
    this.world = device.world
    this.node = device.name
    this.medium = Medium.of(device.world)
    this.settings = resolveSettings(args)
    const existing = device.get<LoRa>("lora")
    if (existing !== undefined) existing.deinit()
    this.radio = this.medium.radio(device.name) ?? new LoraRadio(this.medium, { id: device.name, position: device.position, chip: radio.chip ?? "sx1276", antennaGainDb: radio.antennaGainDb ?? 0 })
    this.impl = this.makeImpl(this.settings.mode)
    device.attach("lora", this)
    this.impl.start()
    this.world.log(this.node, "lora.init", { mode: this.settings.mode, freq: this.settings.frequency, sf: this.settings.sf, bw: this.settings.bandwidth, power: this.settings.tx_power })
  }

  private makeImpl(mode: number): LoRaModeImpl {
    const f = loraModeFactory(mode)
    // LoRaWAN mode arrives with a later issue; until then it is "not possible".
    if (f === undefined) throw new OSError("the requested operation is not possible")
    return f(this)
  }

  /** `lora.init(...)`: re-configures (unspecified arguments keep their values). */
  init(args: LoRaInitArgs = {}): void {
    const next = resolveSettings(args, this.settings)
    const modeChanged = next.mode !== this.settings.mode
    const nextImpl = modeChanged ? this.makeImpl(next.mode) : this.impl
    this.impl.stop()
    this.settings = next
    this.impl = nextImpl
    this.impl.start()
  }

  /** Detaches from the device and switches the radio off. */
  deinit(): void {
    this.impl.stop()
    if (this.device.get<LoRa>("lora") === this) this.device.detach("lora")
  }

  /** @internal The active mode (the socket uses it). */
  get mode(): LoRaModeImpl {
    return this.impl
  }

  private setting<K extends keyof LoRaSettings & keyof LoRaInitArgs>(key: K, value: LoRaSettings[K] | undefined): LoRaSettings[K] {
    if (value !== undefined) this.init({ [key]: value } as LoRaInitArgs)
    return this.settings[key]
  }

  /** `frequency([hz])`. */
  frequency(hz?: number): number {
    return this.setting("frequency", hz)
  }
  /** `sf([sf])`. */
  sf(sf?: number): number {
    return this.setting("sf", sf)
  }
  /** `bandwidth([bw])`. */
  bandwidth(bw?: number): number {
    return this.setting("bandwidth", bw)
  }
  /** `coding_rate([cr])`. */
  coding_rate(cr?: number): number {
    return this.setting("coding_rate", cr)
  }
  /** `preamble([n])`. */
  preamble(n?: number): number {
    return this.setting("preamble", n)
  }
  /** `power_mode([mode])`. */
  power_mode(mode?: number): number {
    return this.setting("power_mode", mode)
  }
  /** `tx_power([dbm])` (code-only extra, docs/models.md §1.3). */
  tx_power(dbm?: number): number {
    return this.setting("tx_power", dbm)
  }

  /** `stats()`: the last RX/TX figures, in firmware order (see {@link STATS_FIELDS}). */
  stats(): LoRaStats {
    return this.statsNow
  }

  /** `airtime(len)`: time on air in ms of a `len`-byte frame with the current raw settings (driver rounds up; docs/models.md §1.3/§2.1). */
  airtime(len: number): number {
    if (!Number.isInteger(len) || len < 0) throw new PyTypeError("can't convert to int")
    const s = this.settings
    return timeOnAirMs(len, { sf: s.sf, bwHz: C.BANDWIDTH_HZ[s.bandwidth]!, cr: s.coding_rate, preamble: s.preamble, implicitHeader: false, crc: true })
  }

  /** `ischannel_free(rssi, time_ms)` — blocks `time_ms` of sim time: `yield* lora.ischannel_free(-90, 5)`. */
  *ischannel_free(rssiDbm: number, timeMs: number): ProcessBody<boolean> {
    if (!(this.impl instanceof RawLoRaMode)) throw new OSError("the requested operation is not possible")
    return yield* this.impl.channelFree(rssiDbm, timeMs)
  }

  /**
   * `callback(trigger, handler=None, arg=None)`: `handler(arg)` runs when an event
   * in `trigger` happens; `arg` defaults to the LoRa object (docs/models.md §1.3).
   */
  callback(trigger: number, handler?: ((arg: unknown) => void) | null, arg?: unknown): void {
    this.trigger = trigger
    this.handler = handler ?? undefined
    this.handlerArg = arg === undefined || arg === null ? this : arg
  }

  /** `events()`: reads and clears the pending event flags. */
  events(): number {
    const f = this.flags
    this.flags = 0
    return f
  }

  /** `mac()`: 8 bytes derived from the device name (deterministic stand-in for the EUI). */
  mac(): Uint8Array {
    const out = new Uint8Array(8)
    const name = this.device.name
    for (let i = 0; i < name.length; i++) out[i % 8] = (out[i % 8]! * 31 + name.charCodeAt(i)) & 0xff
    return out
  }

  /** @internal LoRaHost */
  noteTx(tx: TransmissionRecord): void {
    const s = this.statsNow
    this.statsNow = { ...s, sftx: tx.sf, tx_trials: 1, tx_power: tx.txPowerDbm, tx_time_on_air: Math.ceil((tx.end - tx.start) / 1000), tx_counter: s.tx_counter + 1, tx_frequency: tx.freqHz }
  }

  /** @internal LoRaHost: RSSI as an integer dBm, SNR in quarter dB (reg/4, docs/models.md §1.3). */
  noteRx(frame: ReceivedFrame): void {
    this.statsNow = { ...this.statsNow, rx_timestamp: frame.timeUs, rssi: Math.round(frame.rssiDbm), snr: Math.round(frame.snrDb * 4) / 4, sfrx: frame.sf }
  }

  /** @internal LoRaHost */
  raise(flags: number): void {
    this.flags |= flags
    if ((flags & this.trigger) !== 0 && this.handler !== undefined) {
      try {
        this.handler(this.handlerArg)
      } catch (error) {
        // MicroPython prints an exception escaping an IRQ handler and carries on.
        this.world.log(this.node, "lora.callback.error", { error: String(error) })
      }
    }
  }
}
