/**
 * Pycom's `network.Sigfox(id=0, mode=Sigfox.SIGFOX, rcz=Sigfox.RCZ1, *,
 * frequency=None)` (PF `modsigfox_api.c`, PF18 `modsigfox.c`, PD `sigfox.md`;
 * reference §1.5): validation messages, identifiers, `frequencies()`,
 * `config()`, `rssi()`, `public_key()`, and the FSK peer-to-peer mode. The
 * AF_SIGFOX socket (socket.ts) sends through it.
 */
import type { Simulation } from "../../sim/index.ts"
import { hashString } from "../../sim/hash.ts"
import { UnbMedium, radioConfiguration } from "../../radio/index.ts"
import type { Device } from "../device.ts"
import { RxQueue } from "../lora/rx-queue.ts"
import { OSError, PyTypeError, ValueError } from "../usocket/errors.ts"
import * as C from "./constants.ts"
import { SigfoxEndpoint } from "./endpoint.ts"
import type { SigfoxFskMeta } from "./frame-meta.ts"

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
  /** Downlink / FSK RX queue (depth 3; reference §1.6). */
  readonly rx = new RxQueue(C.RX_QUEUE_DEPTH)
  mode: number = C.MODE_SIGFOX
  rcz: number = C.RCZ1
  /** FSK frequency (Hz). */
  frequency: number | undefined = undefined
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
    const s = validate(args)
    this.endpoint = new SigfoxEndpoint(this.medium, device.name, () => device.position, {
      deviceId: deviceIdOf(device.name),
      rc: radioConfiguration(s.rcz + 1),
      ...(options.powerDbm !== undefined ? { powerDbm: options.powerDbm } : {}),
      ...(options.sensitivityDbm !== undefined ? { sensitivityDbm: options.sensitivityDbm } : {}),
    })
    const existing = device.get<Sigfox>("sigfox")
    if (existing !== undefined) existing.deinit()
    this.apply(s)
    device.attach("sigfox", this)
  }

  /** `init(mode, rcz, frequency)`: re-configures. */
  init(args: SigfoxInitArgs = {}): void {
    this.apply(validate({ mode: this.mode, rcz: this.rcz, ...args }))
  }

  private apply(s: { mode: number; rcz: number; frequency: number | undefined }): void {
    this.stopFsk?.()
    this.stopFsk = undefined
    this.mode = s.mode
    this.rcz = s.rcz
    this.endpoint.rc = radioConfiguration(s.rcz + 1)
    this.configWords = C.CONFIG_DEFAULTS[s.rcz] === undefined ? undefined : [...C.CONFIG_DEFAULTS[s.rcz]!]
    // ⚠ FSK without `frequency`: the firmware's behaviour is not in the reference; fieldnet uses the RC's uplink centre.
    this.frequency = s.mode === C.MODE_FSK ? (s.frequency ?? this.endpoint.rc.uplinkHz) : undefined
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
        this.rx.push(m.payload.slice(), 0)
      },
    })
  }

  /** Stops FSK reception (while transmitting; half-duplex). */
  pauseFsk(): void {
    this.stopFsk?.()
    this.stopFsk = undefined
  }

  /** Detaches from the device. */
  deinit(): void {
    this.pauseFsk()
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
   * library value − 100 (reference §1.5), so before any reception (library 0) it is −100.
   */
  rssi(): number {
    return this.endpoint.lastRssiDbm === undefined ? -100 : Math.round(this.endpoint.lastRssiDbm)
  }

  /** `frequencies()` → (uplink, downlink) Hz of the RCZ (reference §1.5). */
  frequencies(): [number, number] {
    return [this.endpoint.rc.uplinkHz, this.endpoint.rc.downlinkHz]
  }

  /**
   * `config([w0, w1, w2])`: the RCZ2–4 configuration words; on RCZ1 OSError
   * "configuration not possible for RCZ1" (reference §1.5). Without an argument
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

function validate(args: SigfoxInitArgs): { mode: number; rcz: number; frequency: number | undefined } {
  if ((args.id ?? 0) !== 0) throw new OSError("resource not available")
  const mode = args.mode ?? C.MODE_SIGFOX
  const rcz = args.rcz ?? C.RCZ1
  if (!Number.isInteger(mode)) throw new PyTypeError("can't convert to int")
  if (mode !== C.MODE_SIGFOX && mode !== C.MODE_FSK) throw new ValueError("invalid mode")
  if (!Number.isInteger(rcz)) throw new PyTypeError("can't convert to int")
  if (rcz < C.RCZ1 || rcz > C.RCZ4) throw new ValueError("invalid RCZ")
  const f = args.frequency ?? undefined
  if (f !== undefined) {
    if (mode !== C.MODE_FSK) throw new ValueError("frequency is only valid in FSK mode")
    if (!Number.isInteger(f)) throw new PyTypeError("can't convert to int")
    if (f < C.FSK_MIN_HZ || f > C.FSK_MAX_HZ) throw new ValueError(`frequency ${f} out of range`)
  }
  return { mode, rcz, frequency: f }
}
