/**
 * Pycom's `network.Sigfox(id=0, mode=Sigfox.SIGFOX, rcz=Sigfox.RCZ1, *,
 * frequency=None)` (PF `modsigfox_api.c`, PF18 `modsigfox.c`, PD `sigfox.md`;
 * docs/models.md §1.5): validation messages, identifiers, `frequencies()`,
 * `config()`, `rssi()`, `public_key()`, `version()`, `info()`, `reset()`,
 * `rssi_offset()`, `freq_offset()`, the NV memory that outlives resets, and
 * the FSK peer-to-peer mode (SiPy build only). The AF_SIGFOX socket
 * (socket.ts) sends through its transmit queue (tx-queue.ts). Python devices
 * reach it through `network.Sigfox` (stack/python/py/_fn_net_sigfox.py).
 */
import type { ProcessBody, Simulation } from "../../sim/index.ts"
import { hashString } from "../../sim/hash.ts"
import { UnbMedium, radioConfiguration } from "../../radio/index.ts"
import type { Device } from "../device.ts"
import { RxQueue } from "../usocket/rx-queue.ts"
import { OSError, PyTypeError, ValueError } from "../errors/errors.ts"
import * as C from "./constants.ts"
import { SigfoxEndpoint } from "./endpoint.ts"
import type { SigfoxFskMeta } from "./frame-meta.ts"
import { SigfoxTxQueue } from "./tx-queue.ts"

/** Keyword arguments of `network.Sigfox(...)` / `init(...)`. */
export interface SigfoxInitArgs {
  readonly id?: number
  readonly mode?: number
  readonly rcz?: number
  /** Hz, FSK mode only. */
  readonly frequency?: number | null
}

/** Simulator-side options (not firmware arguments). */
export interface SigfoxRadioOptions {
  /** The medium (default `UnbMedium.of(world)`). */
  readonly medium?: UnbMedium
  /** TX power (dBm EIRP); default the RC's maximum. */
  readonly powerDbm?: number
  /** Downlink/FSK receiver sensitivity (dBm). */
  readonly sensitivityDbm?: number
  /**
   * Does the firmware build have the FSK mode (default true)? Only the SiPy
   * build does: on LoPy4 and FiPy `Sigfox.FSK` and `frequency` do not exist and
   * any mode but SIGFOX is "invalid mode" (PF `modsigfox_api.c`, PF18 MS
   * `sigfox_init_helper`: `#if !defined(FIPY) && !defined(LOPY4)`; PD `sigfox.md`).
   */
  readonly fsk?: boolean
}

/** What `version()` returns: the string of Pycom's Sigfox library (PF `esp32/lib/libsigfox.a`, `sigfox_api.o` `.data.SIGFOX_Lib_Version` = "UDL1-1.9.3"; PF18 MS `sigfox_version`). */
export const SIGFOX_LIB_VERSION = "UDL1-1.9.3"

/** The settings `init` applies, once validated. */
interface Settings {
  readonly mode: number
  readonly rcz: number
  readonly frequency: number | undefined
}

/** The Sigfox values a device keeps in non-volatile memory. */
interface NvMemory {
  /** The 12-bit message counter (`SFX_SEQ`). */
  seq: number
  rssiOffset: number
  freqOffset: number
}

/**
 * Per device: the Sigfox NV memory, which outlives the Sigfox object and the
 * device's resets: the sequence number, the RSSI and frequency offsets
 * (PF18 `manufacturer_api.c` NVS keys "SFX_SEQ", "SFX_RSSI", "SFX_FREQ";
 * `sigfox_api.h` SFX_NVMEM_SEQ_CPT). A rebooted device goes on counting, so
 * the backend does not take its next message for a repeat of an old one.
 */
const nvMemory = new WeakMap<Device, NvMemory>()

function nvOf(device: Device): NvMemory {
  let m = nvMemory.get(device)
  if (m === undefined) {
    m = { seq: 0, rssiOffset: 0, freqOffset: 0 }
    nvMemory.set(device, m)
  }
  return m
}

/** A stable 32-bit device ID from the device name (FNV-1a; real IDs are factory-assigned). */
export function deviceIdOf(name: string): number {
  return hashString(`sigfox/id/${name}`) >>> 0
}

function u32be(v: number): Uint8Array {
  return Uint8Array.of((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff)
}

/** `network.Sigfox`: one per device, attached as `device.get("sigfox")`. */
export class Sigfox {
  static readonly SIGFOX = C.MODE_SIGFOX
  static readonly FSK = C.MODE_FSK
  static readonly RCZ1 = C.RCZ1
  static readonly RCZ2 = C.RCZ2
  static readonly RCZ3 = C.RCZ3
  static readonly RCZ4 = C.RCZ4

  readonly world: Simulation
  readonly medium: UnbMedium
  readonly endpoint: SigfoxEndpoint
  /** Downlink / FSK RX queue (depth 3, PF18 `modsigfox.c`); its `notifier` wakes `select.poll`. Fill it with {@link deliver}. */
  readonly rx = new RxQueue(C.RX_QUEUE_DEPTH)
  /** The transmit queue the sockets share (depth 2, PF18 `modsigfox.c`). */
  readonly tx: SigfoxTxQueue
  /** Whether this firmware build has the FSK mode (see {@link SigfoxRadioOptions.fsk}). */
  readonly fskAvailable: boolean
  mode: number = C.MODE_SIGFOX
  rcz: number = C.RCZ1
  /** FSK frequency (Hz). */
  frequency: number | undefined = undefined
  /** Frames the last uplink message put on the air (for `info()` in RCZ3). */
  lastFrames = 0
  private configWords: [number, number, number] | undefined = undefined
  private publicKey = false
  private stopFsk: (() => void) | undefined = undefined

  constructor(
    readonly device: Device,
    args: SigfoxInitArgs = {},
    options: SigfoxRadioOptions = {},
  ) {
    this.world = device.world
    this.medium = options.medium ?? UnbMedium.of(device.world)
    this.fskAvailable = options.fsk ?? true
    const s = validate(args, this.fskAvailable)
    this.tx = new SigfoxTxQueue(this)
    this.endpoint = new SigfoxEndpoint(this.medium, device.name, () => device.position, {
      deviceId: deviceIdOf(device.name),
      rc: radioConfiguration((s.mode === C.MODE_SIGFOX ? s.rcz : this.rcz) + 1),
      ...(options.powerDbm !== undefined ? { powerDbm: options.powerDbm } : {}),
      ...(options.sensitivityDbm !== undefined ? { sensitivityDbm: options.sensitivityDbm } : {}),
    })
    const existing = device.get<Sigfox>("sigfox")
    if (existing !== undefined) existing.deinit()
    this.endpoint.seq = nvOf(device).seq
    this.apply(s)
    device.attach("sigfox", this)
  }

  /** `init(mode, rcz, frequency)`: re-configures at once (arguments left out keep their current values; the frequency only while staying in FSK mode). */
  init(args: SigfoxInitArgs = {}): void {
    const f = this.frequency
    const kept = (args.mode ?? this.mode) === C.MODE_FSK && f !== undefined ? { frequency: f } : {}
    this.apply(validate({ mode: this.mode, rcz: this.rcz, ...kept, ...args }, this.fskAvailable))
  }

  /**
   * `init(...)` as the firmware runs it: the arguments are checked at once,
   * then the command goes through the radio task's queue behind the messages
   * already waiting, and the call returns when it has run (PF18 MS
   * `sigfox_init_helper` → `sigfox_send_cmd`, which waits for the task). With
   * nothing queued or on the air that is immediate.
   */
  *initQueued(args: SigfoxInitArgs): ProcessBody<void> {
    const s = validate(args, this.fskAvailable)
    if (this.tx.idle) {
      this.apply(s)
      return
    }
    yield* this.tx.run({ kind: "call", run: () => this.apply(s) })
  }

  private apply(s: Settings): void {
    this.stopFsk?.()
    this.stopFsk = undefined
    this.mode = s.mode
    // FSK mode leaves the RCZ as it was (the task's E_SIGFOX_CMD_INIT sets `sfx_rcz_id` only in SIGFOX mode; PF18 MS).
    if (s.mode === C.MODE_SIGFOX) {
      this.rcz = s.rcz
      this.endpoint.rc = radioConfiguration(s.rcz + 1)
      this.configWords = C.CONFIG_DEFAULTS[s.rcz] === undefined ? undefined : [...C.CONFIG_DEFAULTS[s.rcz]!]
    }
    this.frequency = s.mode === C.MODE_FSK ? s.frequency : undefined
    if (this.mode === C.MODE_FSK) this.listenFsk()
    this.world.log(this.device.name, "sigfox.init", { mode: this.mode, rcz: this.rcz + 1, id: this.endpoint.deviceId.toString(16).padStart(8, "0"), ...(this.frequency !== undefined ? { freq: this.frequency } : {}) })
  }

  /** FSK mode: the receiver stays on the frequency (except while sending). */
  listenFsk(): void {
    if (this.mode !== C.MODE_FSK || this.frequency === undefined || this.stopFsk !== undefined) return
    this.stopFsk = this.medium.listen({
      id: this.device.name,
      position: this.device.position,
      freqHz: this.frequency,
      sensitivityDbm: this.endpoint.sensitivityDbm,
      onFrame: (tx, rssi) => {
        const m = tx.meta as SigfoxFskMeta | undefined
        if (tx.kind !== "fsk" || m?.type !== "fsk") return
        this.endpoint.lastRssiDbm = rssi
        this.deliver(m.payload.slice())
      },
    })
  }

  /** Keeps the message counter in the NV memory (after each message, and when the radio goes). */
  saveSeq(): void {
    nvOf(this.device).seq = this.endpoint.seq
  }

  /** Queues a received downlink or FSK frame for `recv`; a full queue drops it, traced (`xQueueSend(xRxQueue, …, 0)`, PF18 MS). */
  deliver(data: Uint8Array): void {
    if (!this.rx.push(data, 0)) this.world.log(this.device.name, "sigfox.rx.drop", { len: data.length, reason: "rx queue full", depth: this.rx.depth })
  }

  /** Stops FSK reception (while transmitting; half-duplex). */
  pauseFsk(): void {
    this.stopFsk?.()
    this.stopFsk = undefined
  }

  /** Detaches from the device; what is queued or on the air is abandoned (the radio task is gone). */
  deinit(): void {
    this.pauseFsk()
    this.tx.stop()
    this.saveSeq()
    if (this.device.get<Sigfox>("sigfox") === this) this.device.detach("sigfox")
  }

  /** `id()`: the 4-byte device ID (big-endian, as `hexlify(sigfox.id())` prints it). */
  id(): Uint8Array {
    return u32be(this.endpoint.deviceId)
  }

  /** `pac()`: the 8-byte porting authorisation code (derived from the device name here). */
  pac(): Uint8Array {
    const n = this.device.name
    return Uint8Array.of(...u32be(hashString(`sigfox/pac/${n}`)), ...u32be(hashString(`sigfox/pac2/${n}`)))
  }

  /** `mac()`: the 8-byte MAC address (derived from the device name here). */
  mac(): Uint8Array {
    const n = this.device.name
    return Uint8Array.of(...u32be(hashString(`sigfox/mac/${n}`)), ...u32be(this.endpoint.deviceId))
  }

  /**
   * `rssi()`: RSSI (dBm) of the last frame received. The firmware returns the
   * library value − 100 (docs/models.md §1.5), so before any reception (library 0) it is −100.
   */
  rssi(): number {
    const lib = this.endpoint.lastRssiDbm === undefined ? 0 : Math.round(this.endpoint.lastRssiDbm) + 100
    // The NV RSSI offset is added to the library value, kept as a signed byte (PF18 `manufacturer_api.c` MANUF_API_get_rssi).
    return (((lib + nvOf(this.device).rssiOffset + 128) & 0xff) - 128) - 100
  }

  /**
   * `rssi_offset([offset])`: the RSSI correction (dB) kept in the Sigfox NV
   * memory (it survives resets) and added by `rssi()`; reads it without an
   * argument (0 when never set) (PF18 MS `sigfox_rssi_offset`).
   */
  rssi_offset(offset?: number): number | undefined {
    const nv = nvOf(this.device)
    if (offset === undefined) return nv.rssiOffset
    nv.rssiOffset = int16(offset)
    return undefined
  }

  /**
   * `freq_offset([offset])`: the synthesizer correction (Hz) kept in the NV
   * memory; outside −32768…32767 ValueError (PF18 MS `sigfox_freq_offset`).
   * ⚠ Stored and read back only: fieldnet does not shift the carriers by it
   * (the firmware adds it to every frequency it programs, PF18
   * `manufacturer_api.c` MANUF_API_change_frequency).
   */
  freq_offset(offset?: number): number | undefined {
    const nv = nvOf(this.device)
    if (offset === undefined) return nv.freqOffset
    if (offset > 32767 || offset < -32768) throw new ValueError("the freq offset is out of range (-32768 < freq_offset < 32767)")
    nv.freqOffset = offset
    return undefined
  }

  /** `version()`: the Sigfox library's version string ({@link SIGFOX_LIB_VERSION}). */
  version(): string {
    return SIGFOX_LIB_VERSION
  }

  /**
   * `info()`: None in RCZ1; in RCZ3 (frames sent, carrier-sense attempts) =
   * (info & 0x07, info & 0xF8); in RCZ2/4 (FCC channel not default, free
   * micro-channels) = (info & 0x0F, info & 0xF0), masked but not shifted, as
   * the firmware does (PF18 MS `sigfox_info`). ⚠ fieldnet models neither
   * listen-before-talk retries nor FCC micro-channel bookkeeping, so the info
   * byte is 0 (default macro channel, no carrier-sense retry) plus, in RCZ3,
   * the frames of the last message.
   */
  info(): [number, number] | undefined {
    if (this.rcz === C.RCZ1) return undefined
    const info = this.rcz === C.RCZ3 ? this.lastFrames & 0x07 : 0
    return this.rcz === C.RCZ3 ? [info & 0x07, info & 0xf8] : [info & 0x0f, info & 0xf0]
  }

  /** `reset()`: in RCZ2/RCZ4 returns the radio to the default macro channel (`SIGFOX_API_reset`); nothing elsewhere (PF18 MS `sigfox_reset`). fieldnet always sends on the default macro channel, so it is traced only. */
  reset(): void {
    if (this.rcz === C.RCZ2 || this.rcz === C.RCZ4) this.world.log(this.device.name, "sigfox.reset", { rcz: this.rcz + 1 })
  }

  /** `frequencies()` → (uplink, downlink) Hz of the RCZ (docs/models.md §1.5). */
  frequencies(): [number, number] {
    return [this.endpoint.rc.uplinkHz, this.endpoint.rc.downlinkHz]
  }

  /**
   * `config([w0, w1, w2])`: the RCZ2–4 configuration words; on RCZ1 OSError
   * "configuration not possible for RCZ1" (docs/models.md §1.5). Without an argument
   * returns the current words.
   */
  config(words?: readonly number[]): [number, number, number] | undefined {
    if (this.rcz === C.RCZ1) throw new OSError("configuration not possible for RCZ1")
    if (words === undefined) return this.configWords === undefined ? undefined : [...this.configWords]
    if (!Array.isArray(words) || words.length !== 3) throw new ValueError("invalid argument(s) value")
    if (!words.every((w) => Number.isInteger(w))) throw new PyTypeError("can't convert to int")
    this.configWords = [words[0]!, words[1]!, words[2]!]
    return undefined
  }

  /** `public_key([bool])`: the public-key (test) mode flag; reads it without an argument. */
  public_key(value?: boolean): boolean | undefined {
    if (value === undefined) return this.publicKey
    this.publicKey = Boolean(value)
    return undefined
  }
}

/** `Sigfox(id=…)`: only peripheral 0 exists, else OSError "resource not available" (PF `modsigfox_api.c` `sigfox_make_new`). */
export function checkSigfoxId(id: number | undefined): void {
  if ((id ?? 0) !== 0) throw new OSError("resource not available")
}

function int16(v: number): number {
  return ((Math.trunc(v) + 32768) & 0xffff) - 32768
}

/**
 * The checks of PF18 MS `sigfox_init_helper`, in its order: the mode (SIGFOX,
 * or FSK where the build has it), then in SIGFOX mode the RCZ and that no
 * frequency is given; in FSK mode the frequency must be given (the firmware
 * converts `None` with `mp_obj_get_int`) and within 863–928 MHz, and the RCZ
 * is not looked at.
 */
function validate(args: SigfoxInitArgs, fsk: boolean): Settings {
  checkSigfoxId(args.id)
  const mode = args.mode ?? C.MODE_SIGFOX
  const rcz = args.rcz ?? C.RCZ1
  if (!Number.isInteger(mode)) throw new PyTypeError("can't convert to int")
  if (!Number.isInteger(rcz)) throw new PyTypeError("can't convert to int")
  const f = args.frequency ?? undefined
  if (!fsk && f !== undefined) throw new PyTypeError("extra keyword arguments given")
  if (mode !== C.MODE_SIGFOX && (!fsk || mode !== C.MODE_FSK)) throw new ValueError("invalid mode")
  if (mode === C.MODE_SIGFOX) {
    if (rcz < C.RCZ1 || rcz > C.RCZ4) throw new ValueError("invalid RCZ")
    if (f !== undefined) throw new ValueError("frequency is only valid in FSK mode")
    return { mode, rcz, frequency: undefined }
  }
  if (f === undefined) throw new PyTypeError("can't convert NoneType to int")
  if (!Number.isInteger(f)) throw new PyTypeError("can't convert to int")
  if (f < C.FSK_MIN_HZ || f > C.FSK_MAX_HZ) throw new ValueError(`frequency ${f} out of range`)
  return { mode, rcz, frequency: f }
}
