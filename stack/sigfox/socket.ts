/**
 * `socket(AF_SIGFOX, SOCK_RAW)` of Pycom's firmware (PF18 `modsigfox.c`
 * `sigfox_socket_*`; docs/models.md §1.6). Blocking calls are generators:
 * `yield* s.send(b)`, `yield* s.recv(8)`. Errors use the device profile's errno
 * table (Pycom: newlib numbers, EMSGSIZE 122, ENETDOWN 115, EOPNOTSUPP 95).
 */
import type { ProcessBody } from "../../sim/index.ts"
import { MAX_UPLINK_PAYLOAD } from "../../radio/index.ts"
import type { Device } from "../device.ts"
import { Notifier } from "../ip/notifier.ts"
import { POLLIN, POLLNVAL, POLLOUT } from "../usocket/constants.ts"
import { OSError, oserror } from "../errors/errors.ts"
import type { Pollable } from "../usocket/poll.ts"
import { PycomRadioSocket, sendBytes } from "../usocket/pycom-radio-socket.ts"
import { DEFAULT_TX_REPEAT, MAX_FSK_PAYLOAD, MODE_FSK, SOCK_RAW, SOL_SIGFOX, SO_BIT, SO_OOB, SO_RX, SO_TX_REPEAT } from "./constants.ts"
import type { Sigfox } from "./sigfox.ts"
import type { SigfoxTxQueue } from "./tx-queue.ts"

/** The device's transmit queue (one per Sigfox object, shared by its sockets). */
export function txQueueOf(sf: Sigfox): SigfoxTxQueue {
  return sf.tx
}

/** A Pycom AF_SIGFOX socket; `select.poll` can watch it. */
export class SigfoxSocket extends PycomRadioSocket implements Pollable {
  /** SO_RX: request a downlink. */
  rx = false
  /** SO_TX_REPEAT 0–2: repeats of a downlink-request message. */
  txRepeat = DEFAULT_TX_REPEAT
  /** SO_OOB: send the out-of-band keep-alive frame. */
  oob = false
  /** SO_BIT: value sent by `send(b'')`. */
  bit = false

  /** Fires when this socket is closed, for pollers. */
  private readonly notifier = new Notifier()

  constructor(
    device: Device,
    private readonly sigfox: Sigfox,
  ) {
    super(device)
  }

  /**
   * Readiness for `select.poll`, as the firmware's ioctl(MP_STREAM_POLL)
   * computes it: POLLIN when a downlink or FSK frame (or the unread tail of
   * one) waits, POLLOUT when the radio task's queue has room; only the asked
   * flags are reported (PF18 MS `sigfox_socket_ioctl`, `sigfox_rx_any`,
   * `sigfox_tx_space`). A closed socket is POLLNVAL.
   */
  pollEvents(mask: number): number {
    if (this.closed) return POLLNVAL
    let ev = 0
    if (mask & POLLIN && this.sigfox.rx.pending) ev |= POLLIN
    if (mask & POLLOUT && !this.sigfox.tx.full) ev |= POLLOUT
    return ev
  }

  /** Notifiers whose firing may change {@link pollEvents}: the RX queue's (stack/usocket/rx-queue.ts), the TX queue's, this socket's close. */
  pollNotifiers(): Notifier[] {
    return [this.sigfox.rx.notifier, this.sigfox.tx.notifier, this.notifier]
  }

  override close(): void {
    super.close()
    this.notifier.notify()
  }

  /** `setsockopt(SOL_SIGFOX, SO_RX | SO_TX_REPEAT | SO_OOB | SO_BIT, value)`; other levels/options and SO_TX_REPEAT > 2 → EOPNOTSUPP. */
  setsockopt(level: number, option: number, value: number | boolean): void {
    this.checkOpen()
    if (level !== SOL_SIGFOX) throw oserror(this.errno, "EOPNOTSUPP")
    if (option === SO_RX) this.rx = Boolean(value)
    else if (option === SO_OOB) this.oob = Boolean(value)
    else if (option === SO_BIT) this.bit = Boolean(value)
    else if (option === SO_TX_REPEAT) {
      const n = Number(value)
      if (!Number.isInteger(n) || n < 0 || n > 2) throw oserror(this.errno, "EOPNOTSUPP")
      this.txRepeat = n
    } else throw oserror(this.errno, "EOPNOTSUPP")
  }

  /** `getsockopt(SOL_SIGFOX, option)`. */
  getsockopt(level: number, option: number): number | boolean {
    this.checkOpen()
    if (level !== SOL_SIGFOX) throw oserror(this.errno, "EOPNOTSUPP")
    if (option === SO_RX) return this.rx
    if (option === SO_OOB) return this.oob
    if (option === SO_BIT) return this.bit
    if (option === SO_TX_REPEAT) return this.txRepeat
    throw oserror(this.errno, "EOPNOTSUPP")
  }

  /** Frames a message goes out as: SO_TX_REPEAT + 1 only with SO_RX; uplink-only always 3 (PF18 `sigfox_api.h`; docs/models.md §1.6). */
  framesPerMessage(): number {
    return this.rx ? this.txRepeat + 1 : 3
  }

  /**
   * `send(bytes)`: > 12 B (64 in FSK) → EMSGSIZE; `b''` = the 1-bit frame with
   * SO_BIT; SO_OOB = the keep-alive frame (payload ignored). Blocking lasts the
   * whole sequence (≈ 46 s with SO_RX and a downlink); with SO_RX and no
   * downlink → ENETDOWN. Non-blocking returns the length once queued (2 waiting
   * → EAGAIN). Returns the length.
   */
  *send(data: unknown): ProcessBody<number> {
    this.checkOpen()
    const bytes = sendBytes(data).slice()
    const q = txQueueOf(this.sigfox)
    if (this.sigfox.mode === MODE_FSK) {
      if (bytes.length > MAX_FSK_PAYLOAD) throw oserror(this.errno, "EMSGSIZE")
      if (this.timeoutS === 0) {
        if (q.full) throw oserror(this.errno, "EAGAIN")
        q.enqueue({ kind: "fsk", payload: bytes })
      } else yield* q.run({ kind: "fsk", payload: bytes })
      return bytes.length
    }
    if (bytes.length > MAX_UPLINK_PAYLOAD) throw oserror(this.errno, "EMSGSIZE")
    const req = { payload: bytes, bit: this.bit, oob: this.oob, downlink: this.rx, frames: this.framesPerMessage() }
    this.device.world.log(this.device.name, "socket.send", { af: "sigfox", len: bytes.length, rx: this.rx, oob: this.oob, frames: req.frames })
    if (this.timeoutS === 0) {
      if (q.full) throw oserror(this.errno, "EAGAIN")
      q.enqueue({ kind: "uplink", req })
      return bytes.length
    }
    const r = yield* q.run({ kind: "uplink", req })
    if (this.rx && r?.downlink === undefined) throw oserror(this.errno, "ENETDOWN")
    return bytes.length
  }

  /** `bind`: not supported (no handler; docs/models.md §1.6) → EOPNOTSUPP. */
  bind(_addr: unknown): never {
    this.checkOpen()
    throw oserror(this.errno, "EOPNOTSUPP")
  }

  /**
   * `recv(n)`: up to n bytes of the next downlink (8 B) or FSK frame; the tail
   * stays for the next call. No data: `b''` non-blocking (Pycom), TimeoutError
   * after a timeout, else waits (docs/models.md §1.6).
   */
  *recv(n: number): ProcessBody<Uint8Array> {
    const [data] = yield* this.receiveFrom(this.sigfox.rx, n)
    return data
  }
}

/** The AF_SIGFOX factory: Sigfox not initialised → ENETDOWN (docs/models.md §1.6). */
export function createSigfoxSocket(device: Device, type: number): SigfoxSocket {
  if (type !== SOCK_RAW) throw new OSError("incorrect socket type")
  const sf = device.get<Sigfox>("sigfox")
  if (sf === undefined) throw oserror(device.profile.errno, "ENETDOWN")
  return new SigfoxSocket(device, sf)
}
