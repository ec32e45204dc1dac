import { TIMED_OUT, type ProcessBody } from "../../sim/index.ts"
import type { Device } from "../device.ts"
import { OSError, oserror } from "../errors/errors.ts"
import { sendBytes } from "../usocket/pycom-radio-socket.ts"
import { MAX_PAYLOAD, SLEEP, SOCK_RAW } from "./constants.ts"
import type { LoRa } from "./lora.ts"
import { AfLoraSocket } from "./socket-options.ts"
import { QUEUE_FULL, type LoRaModeImpl } from "./mode.ts"

/**
 * `socket(AF_LORA, SOCK_RAW)` of Pycom's firmware (PF `modlora.c` `lora_socket_*`,
 * `modusocket.c`; docs/models.md §1.4): blocking by default; `settimeout(0)` is
 * non-blocking. Blocking calls are generators: `yield* s.send(b)`,
 * `yield* s.recv(64)`. Errors use the device profile's errno table.
 */
export class LoraSocket extends AfLoraSocket {
  constructor(
    device: Device,
    private readonly lora: LoRa,
  ) {
    super(device, 6, undefined)
  }

  /** The LoRa object's current mode (its RX and command queues; `select.poll`). */
  protected get pollMode(): LoRaModeImpl {
    return this.lora.mode
  }

  /**
   * `send(bytes)`: > 255 B → EMSGSIZE, power mode SLEEP → ENETDOWN, empty → 0
   * with nothing sent; blocking (or timeout > 0) waits for TxDone; command queue
   * full → EAGAIN (non-blocking) or TimeoutError after the timeout (docs/models.md §1.4).
   */
  *send(data: unknown): ProcessBody<number> {
    this.checkOpen()
    const bytes = sendBytes(data)
    if (bytes.length > MAX_PAYLOAD) throw oserror(this.errno, "EMSGSIZE")
    if (this.lora.settings.power_mode === SLEEP) throw oserror(this.errno, "ENETDOWN")
    if (bytes.length === 0) return 0
    this.device.world.log(this.device.name, "socket.send", { af: "lora", len: bytes.length })
    const r = yield* this.lora.mode.send(bytes.slice(), this.timeoutUs())
    // EAGAIN when the queue is full; with a timeout > 0, Pycom's socket layer maps it to TimeoutError (docs/models.md §1.4).
    if (r === TIMED_OUT) throw this.timedOut()
    if (r === QUEUE_FULL) throw oserror(this.errno, "EAGAIN")
    return r
  }

  /**
   * `recv(n)`: up to n bytes of the next packet (the tail stays for the next
   * call); no data → `b''` if non-blocking (Pycom), TimeoutError after a
   * timeout, else waits (docs/models.md §1.4).
   */
  *recv(n: number): ProcessBody<Uint8Array> {
    const [data] = yield* this.recvfrom(n)
    return data
  }

  /** `recvfrom(n)` → `(bytes, port)`; ⚠ in raw mode the port is meaningless: 0 here. */
  *recvfrom(n: number): ProcessBody<[Uint8Array, number]> {
    return yield* this.receiveFrom(this.lora.mode.rx, n)
  }
}

/** The AF_LORA factory registered with the device layer. */
export function createLoraSocket(device: Device, type: number): LoraSocket {
  const lora = device.get<LoRa>("lora")
  if (type !== SOCK_RAW) throw new OSError("incorrect socket type")
  if (lora === undefined) throw oserror(device.profile.errno, "ENETDOWN")
  return new LoraSocket(device, lora)
}
