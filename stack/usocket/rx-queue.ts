import { park, TIMED_OUT, type Micros, type Process, type ProcessBody } from "../../sim/index.ts"
import { Notifier } from "../ip/notifier.ts"

interface Packet {
  data: Uint8Array
  readonly port: number
}

/**
 * The receive queue of Pycom's radio sockets (AF_LORA in `modlora.c`, 7 deep;
 * AF_SIGFOX in `modsigfox.c`, 3 deep): a full queue drops the new packet, and
 * a `recv(n)` shorter than the packet leaves the unread tail for the next
 * `recv` (docs/models.md §1.4, §1.6). Its {@link notifier} fires whenever
 * {@link pending} may have changed, which is what `select.poll` waits on for
 * POLLIN (PF `modlora.c` `lora_rx_any`). Shared by LoRa (raw and LoRaWAN) and
 * Sigfox, so it lives with the socket layer both build on.
 */
export class RxQueue {
  private readonly packets: Packet[] = []
  private readonly waiters: Process[] = []
  /** Fires when a packet is queued, taken or cleared (POLLIN may have changed). */
  readonly notifier = new Notifier()
  /** Packets dropped because the queue was full. */
  dropped = 0

  constructor(readonly depth: number) {}

  /** Whether a packet (or a tail) is waiting. */
  get pending(): boolean {
    return this.packets.length > 0
  }

  /** Queues a received packet; false (and dropped) if the queue is full. */
  push(data: Uint8Array, port: number): boolean {
    if (this.packets.length >= this.depth) {
      this.dropped++
      return false
    }
    this.packets.push({ data, port })
    const w = this.waiters.shift()
    if (w !== undefined) w.wake(true)
    this.notifier.notify()
    return true
  }

  /** Takes up to `n` bytes of the head packet; its tail stays queued. Undefined when empty. */
  take(n: number): { data: Uint8Array; port: number } | undefined {
    const head = this.packets[0]
    if (head === undefined) return undefined
    if (head.data.length <= n) {
      this.packets.shift()
      this.notifier.notify()
      return head
    }
    const part = head.data.subarray(0, n)
    head.data = head.data.subarray(n)
    return { data: part, port: head.port }
  }

  /** Blocks until a packet is queued or `timeout` µs pass (undefined = forever); true if one is there. */
  *wait(timeout: Micros | undefined): ProcessBody<boolean> {
    if (this.pending) return true
    const r = yield* park(
      timeout,
      (p) => this.waiters.push(p),
      (p) => {
        const i = this.waiters.indexOf(p)
        if (i >= 0) this.waiters.splice(i, 1)
      },
    )
    return r !== TIMED_OUT && this.pending
  }

  /** Empties the queue. */
  clear(): void {
    this.packets.length = 0
    this.notifier.notify()
  }
}
