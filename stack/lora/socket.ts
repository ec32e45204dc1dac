import { TIMED_OUT, type Micros, type ProcessBody } from "../../sim/index.ts"
import type { Device } from "../device.ts"
import { OSError, PyTypeError, TimeoutError, ValueError, oserror } from "../usocket/errors.ts"
import { DEFAULT_FPORT, MAX_PAYLOAD, SLEEP, SOCK_RAW, SOL_LORA, SO_CONFIRMED, SO_DR } from "./constants.ts"
import type { LoRa } from "./lora.ts"
import { QUEUE_FULL } from "./mode.ts"

const EMPTY = new Uint8Array(0)
const utf8 = new TextEncoder()

/** Bytes of a send argument: bytes-like or str (MicroPython str has the buffer protocol). */
function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data
  if (typeof data === "string") return utf8.encode(data)
  throw new PyTypeError("object with buffer protocol required")
}

/**
 * `socket(AF_LORA, SOCK_RAW)` of Pycom's firmware (PF `modlora.c` `lora_socket_*`,
 * `modusocket.c`; reference §1.4): blocking by default; `settimeout(0)` is
 * non-blocking. Blocking calls are generators: `yield* s.send(b)`,
 * `yield* s.recv(64)`. Errors use the device profile's errno table.
 */
export class LoraSocket {
  /** None (undefined) = blocking; 0 = non-blocking; else seconds. */
  private timeoutS: number | undefined = undefined
  private closed = false
  /** FPort set by `bind` (LoRaWAN uses it; raw ignores it). */
  fport = DEFAULT_FPORT
  /** SO_CONFIRMED / SO_DR values (LoRaWAN). */
  confirmed = false
  dr: number | undefined = undefined

  constructor(
    readonly device: Device,
    private readonly lora: LoRa,
  ) {}

  private get errno() {
    return this.device.profile.errno
  }

  private timeoutUs(): Micros | undefined {
    return this.timeoutS === undefined ? undefined : Math.round(this.timeoutS * 1_000_000)
  }

  private timedOut(): OSError {
    return this.device.profile.timeoutRaisesTimeoutError ? new TimeoutError() : oserror(this.errno, "ETIMEDOUT")
  }

  private checkOpen(): void {
    if (this.closed) throw oserror(this.errno, "EBADF")
  }

  /** `settimeout(value)`: None blocks, 0 is non-blocking, > 0 seconds. */
  settimeout(value: number | null | undefined): void {
    this.checkOpen()
    if (value === null || value === undefined) this.timeoutS = undefined
    else if (typeof value !== "number" || Number.isNaN(value)) throw new PyTypeError("can't convert to float")
    else if (value < 0) throw new ValueError("Timeout value out of range")
    else this.timeoutS = value
  }

  /** `setblocking(flag)` = settimeout(None) / settimeout(0). */
  setblocking(flag: boolean): void {
    this.settimeout(flag ? null : 0)
  }

  /** `bind(port)`: sets the FPort; > 224 → EOPNOTSUPP (reference §1.4). */
  bind(port: number): void {
    this.checkOpen()
    if (!Number.isInteger(port)) throw new PyTypeError("can't convert to int")
    if (port > 224 || port < 0) throw oserror(this.errno, "EOPNOTSUPP")
    this.fport = port
  }

  /** `setsockopt(SOL_LORA, SO_CONFIRMED | SO_DR, value)` (reference §1.4). */
  setsockopt(level: number, option: number, value: number | boolean): void {
    this.checkOpen()
    if (level !== SOL_LORA) throw oserror(this.errno, "EOPNOTSUPP")
    if (option === SO_CONFIRMED) this.confirmed = Boolean(value)
    else if (option === SO_DR) {
      const dr = Number(value)
      if (!Number.isInteger(dr) || dr < 0 || dr > 6) throw oserror(this.errno, "EOPNOTSUPP")
      this.dr = dr
    } else throw oserror(this.errno, "EOPNOTSUPP")
  }

  /**
   * `send(bytes)`: > 255 B → EMSGSIZE, power mode SLEEP → ENETDOWN, empty → 0
   * with nothing sent; blocking (or timeout > 0) waits for TxDone; command queue
   * full → EAGAIN (non-blocking) or TimeoutError after the timeout (reference §1.4).
   */
  *send(data: unknown): ProcessBody<number> {
    this.checkOpen()
    const bytes = toBytes(data)
    if (bytes.length > MAX_PAYLOAD) throw oserror(this.errno, "EMSGSIZE")
    if (this.lora.settings.power_mode === SLEEP) throw oserror(this.errno, "ENETDOWN")
    if (bytes.length === 0) return 0
    this.device.world.log(this.device.name, "socket.send", { af: "lora", len: bytes.length })
    const r = yield* this.lora.mode.send(bytes.slice(), this.timeoutUs())
    // EAGAIN when the queue is full; with a timeout > 0, Pycom's socket layer maps it to TimeoutError (reference §1.4).
    if (r === TIMED_OUT) throw this.timedOut()
    if (r === QUEUE_FULL) throw oserror(this.errno, "EAGAIN")
    return r
  }

  /** `sendto(...)`: EOPNOTSUPP (mesh only, reference §1.4). */
  sendto(_data: unknown, _addr: unknown): never {
    this.checkOpen()
    throw oserror(this.errno, "EOPNOTSUPP")
  }

  /**
   * `recv(n)`: up to n bytes of the next packet (the tail stays for the next
   * call); no data → `b''` if non-blocking (Pycom), TimeoutError after a
   * timeout, else waits (reference §1.4).
   */
  *recv(n: number): ProcessBody<Uint8Array> {
    const [data] = yield* this.recvfrom(n)
    return data
  }

  /** `recvfrom(n)` → `(bytes, port)`; ⚠ in raw mode the port is meaningless: 0 here. */
  *recvfrom(n: number): ProcessBody<[Uint8Array, number]> {
    this.checkOpen()
    if (!Number.isInteger(n)) throw new PyTypeError("can't convert to int")
    const q = this.lora.mode.rx
    if (!q.pending) {
      const t = this.timeoutUs()
      if (t === 0) {
        if (this.device.profile.nonBlockingRecvReturnsEmpty) return [EMPTY, 0]
        throw oserror(this.errno, "EAGAIN")
      }
      const ok = yield* q.wait(t)
      if (!ok) throw this.timedOut()
    }
    const p = q.take(Math.max(0, n))
    if (p === undefined) return [EMPTY, 0]
    return [p.data.slice(), p.port]
  }

  /** `close()`; later calls raise EBADF. */
  close(): void {
    this.closed = true
  }
}

/** The AF_LORA factory registered with the device layer. */
export function createLoraSocket(device: Device, type: number): LoraSocket {
  const lora = device.get<LoRa>("lora")
  if (type !== SOCK_RAW) throw new OSError("incorrect socket type")
  if (lora === undefined) throw oserror(device.profile.errno, "ENETDOWN")
  return new LoraSocket(device, lora)
}
