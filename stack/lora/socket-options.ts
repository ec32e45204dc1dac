import type { Device } from "../device.ts"
import type { Notifier } from "../ip/notifier.ts"
import { POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT } from "../usocket/constants.ts"
import { PyTypeError, oserror } from "../errors/errors.ts"
import type { Pollable } from "../usocket/poll.ts"
import { PycomRadioSocket } from "../usocket/pycom-radio-socket.ts"
import { DEFAULT_FPORT, SOL_LORA, SO_CONFIRMED, SO_DR } from "./constants.ts"
import type { LoRaModeImpl } from "./mode.ts"

/**
 * What both AF_LORA sockets (raw and LoRaWAN) take from the script: `bind(port)`
 * → FPort (> 224 → EOPNOTSUPP, LMN rejects fPort > 224) and
 * `setsockopt(SOL_LORA, SO_CONFIRMED | SO_DR, value)` (other levels/options and
 * a DR out of the region's socket range → EOPNOTSUPP) (PF `modlora.c`; docs/models.md §1.4).
 * Both are {@link Pollable}: POLLIN while the RX queue holds data, POLLOUT
 * while the command queue has room (PF `modlora.c` `lora_socket_ioctl`:
 * `lora_rx_any()` / `lora_tx_space()`).
 */
export abstract class AfLoraSocket extends PycomRadioSocket implements Pollable {
  /** FPort set by `bind` (default 2). */
  fport = DEFAULT_FPORT
  /** SO_CONFIRMED. */
  confirmed = false
  /** SO_DR (undefined until set, for the raw socket). */
  dr: number | undefined

  constructor(
    device: Device,
    /** Highest SO_DR the region allows (6 EU868/AS923/AU915/IN865, 4 US915). */
    private readonly maxSocketDr: number,
    initialDr: number | undefined,
  ) {
    super(device)
    this.dr = initialDr
  }

  /** The mode whose RX queue and command queue this socket uses (the LoRa object's current one). */
  protected abstract get pollMode(): LoRaModeImpl

  /**
   * `bind(port)`: sets the FPort. Pycom's `socket_bind` also takes an
   * `(address, port)` pair on a LoRa socket and uses its port (PF `modusocket.c`).
   */
  bind(port: number | readonly unknown[]): void {
    this.checkOpen()
    const p = Array.isArray(port) && port.length === 2 ? port[1] : port
    if (typeof p !== "number" || !Number.isInteger(p)) throw new PyTypeError("can't convert to int")
    if (p > 224 || p < 0) throw oserror(this.errno, "EOPNOTSUPP")
    this.fport = p
  }

  /** `setsockopt(SOL_LORA, SO_CONFIRMED | SO_DR, value)`. */
  setsockopt(level: number, option: number, value: number | boolean): void {
    this.checkOpen()
    if (level !== SOL_LORA) throw oserror(this.errno, "EOPNOTSUPP")
    if (option === SO_CONFIRMED) this.confirmed = Boolean(value)
    else if (option === SO_DR) {
      const dr = Number(value)
      if (!Number.isInteger(dr) || dr < 0 || dr > this.maxSocketDr) throw oserror(this.errno, "EOPNOTSUPP")
      this.dr = dr
    } else throw oserror(this.errno, "EOPNOTSUPP")
  }

  /** `close()`; a poll waiting on the socket wakes (and reports POLLNVAL). */
  override close(): void {
    super.close()
    const m = this.pollMode
    m.rx.notifier.notify()
    m.cmdNotifier.notify()
  }

  /** Readiness for `select.poll`: POLLIN if a packet (or an unread tail) waits, POLLOUT if a send can be queued; POLLNVAL once closed. */
  pollEvents(mask: number): number {
    if (this.closed) return POLLNVAL
    const m = this.pollMode
    let ev = 0
    if (m.rx.pending) ev |= POLLIN
    if (m.hasTxSpace) ev |= POLLOUT
    return ev & (mask | POLLERR | POLLHUP | POLLNVAL)
  }

  /** Notifiers whose firing may change {@link pollEvents}: the RX queue and the command queue. */
  pollNotifiers(): Notifier[] {
    const m = this.pollMode
    return [m.rx.notifier, m.cmdNotifier]
  }
}
