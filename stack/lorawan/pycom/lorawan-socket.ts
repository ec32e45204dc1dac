/**
 * `socket(AF_LORA, SOCK_RAW)` on a LoRa object in LORAWAN mode (PF `modlora.c`
 * `lora_socket_*`, `modusocket.c`; docs/models.md §1.4): FPort from `bind`, SO_DR /
 * SO_CONFIRMED, and the firmware's send semantics — ENETDOWN before joining,
 * EMSGSIZE over the DR's N while an empty frame still goes out, blocking sends
 * that last the whole cycle, EAGAIN (TimeoutError with a timeout) when no ACK came.
 */
import { TIMED_OUT, type ProcessBody } from "../../../sim/index.ts"
import type { Device } from "../../device.ts"
import { MAX_PAYLOAD, SLEEP } from "../../lora/constants.ts"
import type { LoRa } from "../../lora/lora.ts"
import { QUEUE_FULL } from "../../lora/mode.ts"
import { AfLoraSocket } from "../../lora/socket-options.ts"
import { oserror } from "../../errors/errors.ts"
import { sendBytes } from "../../usocket/pycom-radio-socket.ts"
import { maxPayloadOf } from "../region-common.ts"
import type { LoRaWanCommand, LoRaWanMode } from "./lorawan-mode.ts"

/** The LoRaWAN AF_LORA socket. Blocking calls are generators: `yield* s.send(b)`. */
export class LoRaWanSocket extends AfLoraSocket {
  constructor(
    device: Device,
    private readonly lora: LoRa,
    private readonly mode: LoRaWanMode,
  ) {
    super(device, mode.maxSocketDr, mode.defaultDr)
  }

  /** The LORAWAN mode's RX and command queues (`select.poll`). */
  protected get pollMode(): LoRaWanMode {
    return this.mode
  }

  /** `send(bytes)` (see the file header; docs/models.md §1.4 table). */
  *send(data: unknown): ProcessBody<number> {
    this.checkOpen()
    const bytes = sendBytes(data)
    if (bytes.length > MAX_PAYLOAD) throw oserror(this.errno, "EMSGSIZE")
    if (this.lora.settings.power_mode === SLEEP) throw oserror(this.errno, "ENETDOWN")
    if (bytes.length === 0) return 0
    const mac = this.mode.mac
    if (!mac.joined) throw oserror(this.errno, "ENETDOWN")
    const socketDr = this.dr ?? this.mode.defaultDr
    const dr = mac.adr ? mac.session.dr : socketDr
    const tooBig = bytes.length > maxPayloadOf(mac.region, dr)
    const cmd: LoRaWanCommand = { req: { fport: this.fport, payload: bytes.slice(), confirmed: this.confirmed, dr: socketDr }, flush: tooBig, waiter: undefined, result: undefined }
    this.device.world.log(this.device.name, "socket.send", { af: "lora", len: bytes.length, port: this.fport, confirmed: this.confirmed, dr })
    const r = yield* this.mode.submit(cmd, this.timeoutUs())
    if (r === QUEUE_FULL) throw oserror(this.errno, "EAGAIN")
    if (r === TIMED_OUT) throw this.timedOut()
    if (tooBig) throw oserror(this.errno, "EMSGSIZE")
    const res = r.result
    if (res !== undefined && !res.ok) {
      // No ACK after all tries: EAGAIN, which Pycom's socket layer maps to TimeoutError with a timeout > 0 (docs/models.md §1.4).
      const t = this.timeoutUs()
      if (t !== undefined && t > 0) throw this.timedOut()
      throw oserror(this.errno, "EAGAIN")
    }
    return bytes.length
  }

  /** `recv(n)`: the next downlink's bytes (tail kept); non-blocking b'', TimeoutError after a timeout. */
  *recv(n: number): ProcessBody<Uint8Array> {
    const [d] = yield* this.recvfrom(n)
    return d
  }

  /** `recvfrom(n)` → `(bytes, port)`: the downlink's FPort. */
  *recvfrom(n: number): ProcessBody<[Uint8Array, number]> {
    return yield* this.receiveFrom(this.mode.rx, n)
  }
}
