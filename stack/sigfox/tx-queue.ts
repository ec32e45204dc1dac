/**
 * The Sigfox transmit queue of one device: messages go out one after another
 * from a worker process; a blocking `send` waits for its own message's whole
 * sequence, a non-blocking one returns once queued (PF18 MS: queue depth 2,
 * a third waiting message → EAGAIN; docs/models.md §1.6). The radio task takes
 * the next message only at its next scheduling point, so sends issued in the
 * same instant count against the depth until then. Other commands of the
 * radio task (`init`) wait in the same queue (PF18 MS `sigfox_send_cmd`).
 */
import { park, TIMED_OUT, type Process, type ProcessBody } from "../../sim/index.ts"
import { Notifier } from "../ip/notifier.ts"
import { TX_QUEUE_DEPTH } from "./constants.ts"
import type { UplinkRequest, UplinkResult } from "./endpoint.ts"
import type { Sigfox } from "./sigfox.ts"

/** A queued job of the radio task: a Sigfox message, an FSK frame, or another command (`init`) run in its turn. */
export type TxJob =
  | { readonly kind: "uplink"; readonly req: UplinkRequest }
  | { readonly kind: "fsk"; readonly payload: Uint8Array }
  | { readonly kind: "call"; readonly run: () => void }

interface Entry {
  readonly job: TxJob
  waiter: Process | undefined
}

/** Per-device transmit queue (see module comment). */
export class SigfoxTxQueue {
  /** Fires when a job enters or leaves the queue (room for a non-blocking send may have changed), for `select.poll`. */
  readonly notifier = new Notifier()
  private readonly waiting: Entry[] = []
  private worker: Process | undefined = undefined

  constructor(
    private readonly sigfox: Sigfox,
    readonly depth = TX_QUEUE_DEPTH,
  ) {}

  /** Messages waiting (not counting the one on the air). */
  get length(): number {
    return this.waiting.length
  }

  /** Whether a non-blocking send would be refused (queue full). */
  get full(): boolean {
    return this.waiting.length >= this.depth
  }

  /** Nothing waiting and nothing on the air. */
  get idle(): boolean {
    return this.worker === undefined && this.waiting.length === 0
  }

  /** Queues a job without waiting (non-blocking send). */
  enqueue(job: TxJob): void {
    this.waiting.push({ job, waiter: undefined })
    this.notifier.notify()
    this.kick()
  }

  /** Queues a job and waits until its whole sequence is over; returns its result (undefined for FSK and calls). */
  *run(job: TxJob): ProcessBody<UplinkResult | undefined> {
    const entry: Entry = { job, waiter: undefined }
    const r = yield* park<UplinkResult | undefined>(
      undefined,
      (p) => {
        entry.waiter = p
        this.waiting.push(entry)
        this.notifier.notify()
        this.kick()
      },
      () => {
        entry.waiter = undefined
      },
    )
    return r === TIMED_OUT ? undefined : r
  }

  /**
   * Abandons everything: the job on the air stops where it is (its frames
   * already sent stay sent) and the waiting ones are dropped; callers still
   * waiting get no result. Traced when something was abandoned.
   */
  stop(): void {
    const w = this.worker
    const dropped = this.waiting.splice(0)
    if (w === undefined && dropped.length === 0) return
    this.worker = undefined
    const sf = this.sigfox
    sf.world.log(sf.device.name, "sigfox.tx.abort", { onAir: w !== undefined, queued: dropped.length })
    w?.interrupt("the Sigfox radio was de-initialised")
    for (const e of dropped) e.waiter?.wake(undefined)
    this.notifier.notify()
  }

  private kick(): void {
    if (this.worker !== undefined) return
    const sf = this.sigfox
    const self = this
    const worker = sf.world.spawn(
      function* () {
        try {
          for (let e = self.waiting.shift(); e !== undefined; e = self.waiting.shift()) {
            self.notifier.notify()
            let result: UplinkResult | undefined
            if (e.job.kind === "uplink") {
              result = yield* sf.endpoint.send(e.job.req)
              sf.saveSeq()
              sf.lastFrames = result.sent.length
              if (result.downlink !== undefined) sf.deliver(result.downlink.slice())
              else if (e.job.req.downlink === true && e.waiter === undefined) sf.world.log(sf.device.name, "sigfox.send.nodownlink", { seq: result.seq })
            } else if (e.job.kind === "fsk") {
              sf.pauseFsk()
              yield* sf.endpoint.sendFsk(e.job.payload, sf.frequency ?? sf.endpoint.rc.uplinkHz)
              sf.listenFsk()
            } else e.job.run()
            e.waiter?.wake(result)
          }
        } finally {
          if (self.worker === worker) self.worker = undefined
        }
      },
      { node: sf.device.name, name: "sigfox-tx" },
    )
    this.worker = worker
  }
}
