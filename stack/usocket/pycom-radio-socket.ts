import type { Micros, ProcessBody } from "../../sim/index.ts"
import type { Device } from "../device.ts"
import type { ErrnoTable } from "../errors/errno.ts"
import { OSError, PyTypeError, TimeoutError, ValueError, oserror } from "../errors/errors.ts"

const EMPTY = new Uint8Array(0)
const utf8 = new TextEncoder()

/** Bytes of a send argument: bytes-like or str (MicroPython str has the buffer protocol). */
export function sendBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data
  if (typeof data === "string") return utf8.encode(data)
  throw new PyTypeError("object with buffer protocol required")
}

/** The receive queue a radio socket reads (`RxQueue`, stack/usocket/rx-queue.ts). */
export interface RadioRxQueue {
  readonly pending: boolean
  wait(timeout: Micros | undefined): ProcessBody<boolean>
  take(n: number): { readonly data: Uint8Array; readonly port: number } | undefined
}

/**
 * What Pycom's radio sockets (AF_LORA raw and LoRaWAN, AF_SIGFOX) share
 * (PF `modusocket.c`, `modlora.c`, `modsigfox.c`; docs/models.md §1.4, §1.6):
 * blocking by default, `settimeout(0)` non-blocking, `settimeout(x)` a limit
 * in seconds; EBADF after `close()`; `sendto` unsupported; `recv` returns up
 * to n bytes of the next packet and keeps the tail for the next call, `b''`
 * when non-blocking and empty (Pycom), TimeoutError after a timeout.
 */
export abstract class PycomRadioSocket {
  /** undefined = blocking; 0 = non-blocking; > 0 = seconds. */
  protected timeoutS: number | undefined = undefined
  protected closed = false

  constructor(readonly device: Device) {}

  protected get errno(): ErrnoTable {
    return this.device.profile.errno
  }

  /** The timeout in µs (undefined = block). */
  protected timeoutUs(): Micros | undefined {
    return this.timeoutS === undefined ? undefined : Math.round(this.timeoutS * 1_000_000)
  }

  /** The error a timed-out call raises: TimeoutError on Pycom, else OSError(ETIMEDOUT). */
  protected timedOut(): OSError {
    return this.device.profile.timeoutRaisesTimeoutError ? new TimeoutError() : oserror(this.errno, "ETIMEDOUT")
  }

  /** EBADF once closed. */
  protected checkOpen(): void {
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

  /** `setblocking(flag)` = `settimeout(None)` / `settimeout(0)`. */
  setblocking(flag: boolean): void {
    this.settimeout(flag ? null : 0)
  }

  /** `sendto(...)`: EOPNOTSUPP (only the mesh socket has it; docs/models.md §1.4, §1.6). */
  sendto(_data: unknown, _addr: unknown): never {
    this.checkOpen()
    throw oserror(this.errno, "EOPNOTSUPP")
  }

  /** `close()`; later calls raise EBADF. */
  close(): void {
    this.closed = true
  }

  /** The shared `recvfrom(n)` on a receive queue → `(bytes, port)`. */
  protected *receiveFrom(q: RadioRxQueue, n: number): ProcessBody<[Uint8Array, number]> {
    this.checkOpen()
    if (!Number.isInteger(n)) throw new PyTypeError("can't convert to int")
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
}
