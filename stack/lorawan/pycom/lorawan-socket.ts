/**
 * `socket(AF_LORA, SOCK_RAW)` on a LoRa object in LORAWAN mode (PF `modlora.c`
 * `lora_socket_*`, `modusocket.c`; reference §1.4): FPort from `bind`, SO_DR /
 * SO_CONFIRMED, and the firmware's send semantics — ENETDOWN before joining,
 * EMSGSIZE over the DR's N while an empty frame still goes out, blocking sends
 * that last the whole cycle, EAGAIN (TimeoutError with a timeout) when no ACK came.
 */
import { TIMED_OUT, type Micros, type ProcessBody } from "../../../sim/index.ts"
import type { Device } from "../../device.ts"
import { DEFAULT_FPORT, MAX_PAYLOAD, SLEEP, SOL_LORA, SO_CONFIRMED, SO_DR } from "../../lora/constants.ts"
import type { LoRa } from "../../lora/lora.ts"
import { QUEUE_FULL } from "../../lora/mode.ts"
import { OSError, PyTypeError, TimeoutError, ValueError, oserror } from "../../usocket/errors.ts"
import { maxPayloadOf } from "../region-common.ts"
import type { LoRaWanCommand, LoRaWanMode } from "./lorawan-mode.ts"

const EMPTY = new Uint8Array(0)
const utf8 = new TextEncoder()

/** The LoRaWAN AF_LORA socket. Blocking calls are generators: `yield* s.send(b)`. */
export class LoRaWanSocket {
  private timeoutS: number | undefined = undefined
  private closed = false
  /** FPort (default 2). */
  fport = DEFAULT_FPORT
  confirmed = false
  dr: number

  constructor(
    readonly device: Device,
    private readonly lora: LoRa,
    private readonly mode: LoRaWanMode,
  ) {
    this.dr = mode.defaultDr
  }

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

  /** `setblocking(flag)`. */
  setblocking(flag: boolean): void {
    this.settimeout(flag ? null : 0)
  }

  /** `bind(port)`: the FPort; > 224 → EOPNOTSUPP (LMN rejects fPort > 224). */
  bind(port: number): void {
    this.checkOpen()
    if (!Number.isInteger(port)) throw new PyTypeError("can't convert to int")
    if (port > 224 || port < 0) throw oserror(this.errno, "EOPNOTSUPP")
    this.fport = port
  }

  /** `setsockopt(SOL_LORA, SO_CONFIRMED | SO_DR, value)`; SO_DR 0..6 (EU868) / 0..4 (US915). */
  setsockopt(level: number, option: number, value: number | boolean): void {
    this.checkOpen()
    if (level !== SOL_LORA) throw oserror(this.errno, "EOPNOTSUPP")
    if (option === SO_CONFIRMED) this.confirmed = Boolean(value)
    else if (option === SO_DR) {
      const dr = Number(value)
      if (!Number.isInteger(dr) || dr < 0 || dr > this.mode.maxSocketDr) throw oserror(this.errno, "EOPNOTSUPP")
      this.dr = dr
    } else throw oserror(this.errno, "EOPNOTSUPP")
  }

  /** `send(bytes)` (see the file header; reference §1.4 table). */
  *send(data: unknown): ProcessBody<number> {
    this.checkOpen()
    const bytes = data instanceof Uint8Array ? data : typeof data === "string" ? utf8.encode(data) : undefined
    if (bytes === undefined) throw new PyTypeError("object with buffer protocol required")
    if (bytes.length > MAX_PAYLOAD) throw oserror(this.errno, "EMSGSIZE")
    if (this.lora.settings.power_mode === SLEEP) throw oserror(this.errno, "ENETDOWN")
    if (bytes.length === 0) return 0
    const mac = this.mode.mac
    if (!mac.joined) throw oserror(this.errno, "ENETDOWN")
    const dr = mac.adr ? mac.session.dr : this.dr
    const tooBig = bytes.length > maxPayloadOf(mac.region, dr)
    const cmd: LoRaWanCommand = { req: { fport: this.fport, payload: bytes.slice(), confirmed: this.confirmed, dr: this.dr }, flush: tooBig, waiter: undefined, result: undefined }
    this.device.world.log(this.device.name, "socket.send", { af: "lora", len: bytes.length, port: this.fport, confirmed: this.confirmed, dr })
    const r = yield* this.mode.submit(cmd, this.timeoutUs())
    if (r === QUEUE_FULL) throw oserror(this.errno, "EAGAIN")
    if (r === TIMED_OUT) throw this.timedOut()
    if (tooBig) throw oserror(this.errno, "EMSGSIZE")
    const res = r.result
    if (res !== undefined && !res.ok) {
      // No ACK after all tries: EAGAIN, which Pycom's socket layer maps to TimeoutError with a timeout > 0 (reference §1.4).
      const t = this.timeoutUs()
      if (t !== undefined && t > 0) throw this.timedOut()
      throw oserror(this.errno, "EAGAIN")
    }
    return bytes.length
  }

  /** `sendto`: EOPNOTSUPP (mesh only). */
  sendto(_data: unknown, _addr: unknown): never {
    this.checkOpen()
    throw oserror(this.errno, "EOPNOTSUPP")
  }

  /** `recv(n)`: the next downlink's bytes (tail kept); non-blocking b'', TimeoutError after a timeout. */
  *recv(n: number): ProcessBody<Uint8Array> {
    const [d] = yield* this.recvfrom(n)
    return d
  }

  /** `recvfrom(n)` → `(bytes, port)`: the downlink's FPort. */
  *recvfrom(n: number): ProcessBody<[Uint8Array, number]> {
    this.checkOpen()
    if (!Number.isInteger(n)) throw new PyTypeError("can't convert to int")
    const q = this.mode.rx
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

  /** `close()`. */
  close(): void {
    this.closed = true
  }
}
