/**
 * The Sigfox transmit queue of one device: messages go out one after another
 * from a worker process; a blocking `send` waits for its own message's whole
 * sequence, a non-blocking one returns once queued (PF18 MS: queue depth 2,
 * a third waiting message → EAGAIN; reference §1.6). The radio task takes
 * the next message only at its next scheduling point, so sends issued in the
 * same instant count against the depth until then.
 */
import { park, TIMED_OUT, type Process, type ProcessBody } from "../../sim/index.ts"
import { TX_QUEUE_DEPTH } from "./constants.ts"
import type { UplinkRequest, UplinkResult } from "./endpoint.ts"
import type { Sigfox } from "./sigfox.ts"

/** A queued transmission: a Sigfox message or an FSK frame. */
export type TxJob = { readonly kind: "uplink"; readonly req: UplinkRequest } | { readonly kind: "fsk"; readonly payload: Uint8Array }

interface Entry {
  readonly job: TxJob
  waiter: Process | undefined
}

/** Per-device transmit queue (see module comment). */
export class SigfoxTxQueue {
  private readonly waiting: Entry[] = []
  private running = false

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

  /** Queues a job without waiting (non-blocking send). */
  enqueue(job: TxJob): void {
    this.waiting.push({ job, waiter: undefined })
    this.kick()
  }

  /** Queues a job and waits until its whole sequence is over; returns its result (undefined for FSK). */
  *run(job: TxJob): ProcessBody<UplinkResult | undefined> {
    const entry: Entry = { job, waiter: undefined }
    const r = yield* park<UplinkResult | undefined>(
      undefined,
      (p) => {
        entry.waiter = p
        this.waiting.push(entry)
        this.kick()
      },
      () => {
        entry.waiter = undefined
      },
    )
    return r === TIMED_OUT ? undefined : r
  }

  private kick(): void {
    if (this.running) return
    this.running = true
    const sf = this.sigfox
    const self = this
    sf.world.spawn(
      function* () {
        try {
          for (let e = self.waiting.shift(); e !== undefined; e = self.waiting.shift()) {
            let result: UplinkResult | undefined
            if (e.job.kind === "uplink") {
              result = yield* sf.endpoint.send(e.job.req)
              if (result.downlink !== undefined) sf.rx.push(result.downlink.slice(), 0)
              else if (e.job.req.downlink === true && e.waiter === undefined) sf.world.log(sf.device.name, "sigfox.send.nodownlink", { seq: result.seq })
            } else {
              sf.pauseFsk()
              yield* sf.endpoint.sendFsk(e.job.payload, sf.frequency ?? sf.endpoint.rc.uplinkHz)
              sf.listenFsk()
            }
            e.waiter?.wake(result)
          }
        } finally {
          self.running = false
        }
      },
      { node: sf.device.name, name: "sigfox-tx" },
    )
  }
}
