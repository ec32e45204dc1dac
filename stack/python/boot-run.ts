import { Interrupt, park, sleep, type Process, type ProcessBody, type Simulation } from "../../sim/index.ts"
import { errorToWire, fromWire, toWire, type Wire } from "./codec.ts"
import type { Interpreter } from "./interpreter.ts"
import { costOf, isBlocking, Lifecycle, opOf, type OpContext } from "./ops.ts"
import type { PythonRuntime } from "./python-runtime.ts"

/** A soft interrupt waiting to run: the Python callback's number and its argument. */
interface PendingIrq {
  readonly id: number
  readonly arg: unknown
}

/** Thrown through nested host calls when a callback ends the boot (e.g. `machine.reset()` in an alarm handler). */
class LifecycleExit {
  constructor(readonly lifecycle: Lifecycle) {}
}

const CB_DONE = '["cb.done"]'

/**
 * One boot of a Python device, as a kernel process: it hands the script each
 * answer and takes its next host call (lock-step: the script computes while
 * sim time stands still), runs the op, and when the op blocks, waits for it
 * in sim time. While a blocking call waits, registered callbacks (LoRa
 * events, alarms) run as soft interrupts: the script gets a "run callback"
 * answer, runs the handler (which may make host calls of its own), says it is
 * done, and goes on waiting. Ends with the {@link Lifecycle} that ended the
 * boot (reset, deep sleep, halt), or throws (a hang, an interrupt).
 */
export class BootRun {
  private readonly pending: PendingIrq[] = []
  private sources = 0
  private inCallback = false
  private waiter: Process | undefined = undefined
  readonly world: Simulation

  constructor(
    private readonly interp: Interpreter,
    private readonly runtime: PythonRuntime,
    private readonly ctx: Omit<OpContext, "softIrq" | "callbackSources">,
    private readonly onLines: (lines: readonly string[]) => void,
  ) {
    this.world = ctx.world
    this.opContext = {
      ...ctx,
      softIrq: (id, arg) => this.softIrq(id, arg),
      callbackSources: (d) => {
        this.sources += d
      },
    }
  }

  /** The op context of this boot. */
  readonly opContext: OpContext

  /** Queues a soft interrupt and wakes the driver if it waits for one. */
  softIrq(id: number, arg?: unknown): void {
    this.pending.push({ id, arg })
    this.waiter?.wake()
  }

  /** The process body: boot the interpreter with `firstRequest` already in hand. */
  *run(firstRequest: string): ProcessBody<Lifecycle> {
    let req = firstRequest
    try {
      for (;;) {
        const reply = yield* this.serve(req)
        if (reply instanceof Lifecycle) return reply
        req = this.exchange(reply)
      }
    } catch (e) {
      if (e instanceof LifecycleExit) return e.lifecycle
      throw e
    }
  }

  /** Posts a reply and takes the script's next request, tracing what it printed meanwhile. */
  exchange(reply: string): string {
    this.interp.setClock(this.world.now)
    try {
      return this.interp.exchange(reply, this.runtime.guardMs)
    } finally {
      const lines = this.interp.takeLines()
      if (lines.length > 0) this.onLines(lines)
    }
  }

  /** Runs one request; returns the reply text, or the lifecycle that ends the boot. */
  private *serve(req: string): ProcessBody<string | Lifecycle> {
    const ctx = this.opContext
    let name = "?"
    let reply: string
    try {
      const parsed = JSON.parse(req) as Wire[]
      name = String(parsed[0])
      const op = opOf(name)
      if (op === undefined) throw new Error(`no host call "${name}"`)
      const args = parsed.slice(1).map(fromWire)
      if (this.runtime.traceCalls) this.world.log(ctx.device.name, "py.call", { op: name, args: summarize(parsed.slice(1)) })
      const r = op(ctx, args)
      if (r instanceof Lifecycle) return r
      let result: unknown
      if (isBlocking(r)) {
        const t0 = this.world.now
        result = yield* this.block(r)
        if (result instanceof Lifecycle) return result
        // A call that could have blocked but answered at once (a non-blocking send, poll(0)) still takes the time of a call.
        if (this.world.now === t0) {
          const cost = costOf(name)
          if (cost > 0) yield sleep(cost)
        }
      } else {
        result = r
        const cost = costOf(name)
        if (cost > 0) yield sleep(cost)
      }
      reply = "R" + JSON.stringify(toWire(result))
    } catch (e) {
      if (e instanceof Interrupt || e instanceof LifecycleExit) throw e
      if (e instanceof Lifecycle) return e
      reply = "E" + JSON.stringify(errorToWire(e))
      if (this.runtime.traceCalls) this.world.log(ctx.device.name, "py.call.error", { op: name, error: reply.slice(1, 200) })
      // A failed call takes time too, so a loop retrying it moves on in sim time.
      const cost = costOf(name)
      if (cost > 0) yield sleep(cost)
    }
    yield* this.deliverPending()
    return reply
  }

  /** Runs a blocking op; while it waits, soft interrupts run. */
  private *block(op: ProcessBody<unknown>): ProcessBody<unknown> {
    if (this.sources === 0 || this.inCallback) return yield* op
    const box: { done: boolean; value?: unknown; error?: unknown; failed: boolean } = { done: false, failed: false }
    const child = this.world.spawn(
      (function* (self: BootRun): ProcessBody<void> {
        try {
          box.value = yield* op
        } catch (e) {
          box.failed = true
          box.error = e
        } finally {
          box.done = true
          self.waiter?.wake()
        }
      })(this),
      { node: this.ctx.device.name, name: "py-call" },
    )
    try {
      for (;;) {
        if (box.done) {
          if (box.failed) throw box.error
          return box.value
        }
        if (this.pending.length > 0) {
          yield* this.deliverOne()
          continue
        }
        yield* park(
          undefined,
          (p) => {
            this.waiter = p
          },
          () => {
            this.waiter = undefined
          },
        )
        this.waiter = undefined
      }
    } finally {
      if (!box.done) child.interrupt("the call's caller went away")
    }
  }

  private *deliverPending(): ProcessBody<void> {
    while (this.pending.length > 0 && !this.inCallback) yield* this.deliverOne()
  }

  /** Runs one soft interrupt: the script runs the handler, with host calls of its own, until it says it is done. */
  private *deliverOne(): ProcessBody<void> {
    const irq = this.pending.shift()!
    this.inCallback = true
    try {
      let req = this.exchange("C" + JSON.stringify([irq.id, toWire(irq.arg)]))
      while (req !== CB_DONE) {
        const reply = yield* this.serve(req)
        if (reply instanceof Lifecycle) throw new LifecycleExit(reply)
        req = this.exchange(reply)
      }
    } finally {
      this.inCallback = false
    }
  }
}

function summarize(args: readonly Wire[]): string {
  const s = JSON.stringify(args)
  return s.length > 200 ? s.slice(0, 200) + "…" : s
}
