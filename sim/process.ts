import type { EventHandler, EventId } from "./event-queue.ts"
import type { Micros } from "./time.ts"

/** Resume value of a finished sleep; see `sleep()` in blocking.ts. */
export const SLEEP_OVER: unique symbol = Symbol("fieldnet.sleepOver")

/** Returned by a wait that ended because its timeout expired. */
export const TIMED_OUT: unique symbol = Symbol("fieldnet.timedOut")
/** The type of {@link TIMED_OUT}. */
export type TimedOut = typeof TIMED_OUT

/**
 * A park request: the process blocks until someone calls `wake`/`fail` on it, its
 * timeout expires (it then receives {@link TIMED_OUT}) or it is interrupted.
 * `onPark` registers the process with whatever will wake it; `onCancel` undoes
 * that when the park ends by timeout or interrupt.
 */
export class Park {
  constructor(
    readonly timeout: Micros | undefined,
    readonly onPark: ((proc: Process) => void) | undefined,
    readonly onCancel: ((proc: Process) => void) | undefined,
  ) {}
}

/**
 * The command `sleep()` returns: one shared object, so a sleep allocates nothing.
 * Yielded directly (`yield sleep(d)`) the kernel reads its duration at once;
 * delegated to (`yield* sleep(d)`) it acts as an iterator whose first `next()`
 * yields itself and which ends when the kernel resumes the sleeper with
 * {@link SLEEP_OVER}. Either way the duration is read before any other process
 * runs, so sharing it is safe. With 100k sleeping processes this avoids 100k
 * live generator objects (about 3× faster than a generator per sleep).
 */
export class SleepCommand implements Iterator<Command, void, unknown>, Iterable<Command, void, unknown> {
  duration: Micros = 0
  private readonly yielded: IteratorYieldResult<Command> = { value: this, done: false };
  private readonly finished: IteratorReturnResult<void> = { value: undefined, done: true };

  [Symbol.iterator](): this {
    return this
  }

  next(resumedWith?: unknown): IteratorResult<Command, void> {
    return resumedWith === SLEEP_OVER ? this.finished : this.yielded
  }

  throw(error: unknown): IteratorResult<Command, void> {
    throw error
  }

  return(): IteratorResult<Command, void> {
    return this.finished
  }
}

/** The one {@link SleepCommand}. */
export const SLEEP = new SleepCommand()

/** What a process may yield: a number or `sleep()` sleeps that many µs; a {@link Park} blocks. */
export type Command = number | SleepCommand | Park

/** A simulated process: a generator driven by the kernel. `R` is its return value. */
export type ProcessBody<R = unknown> = Generator<Command, R, unknown>

/** Thrown into a process by {@link Process.interrupt}; `cause` says why. */
export class Interrupt extends Error {
  constructor(override readonly cause: unknown) {
    super(`interrupted${cause === undefined ? "" : `: ${String(cause)}`}`)
    this.name = "Interrupt"
  }
}

/** Lifecycle of a process. */
export type ProcessState = "ready" | "sleeping" | "parked" | "done" | "failed" | "interrupted"

/** The kernel services a process needs; implemented by `Simulation`. */
export interface ProcessHost {
  readonly now: Micros
  schedule(at: Micros, handler: EventHandler, data?: unknown): EventId
  cancel(id: EventId): void
  enter(proc: Process): void
  leave(proc: Process): void
  processFinished(proc: Process, error: unknown): void
}

const RESUME = 0
const THROW = 1

/**
 * A running generator process. The kernel resumes it by events, so every wake-up,
 * even one at the current instant, is ordered by (time, insertion) like any event.
 */
export class Process<R = unknown> implements EventHandler {
  state: ProcessState = "ready"
  /** The value the generator returned, once `done`. */
  result: R | undefined = undefined
  /** The error that escaped the generator, once `failed`. */
  error: unknown = undefined
  private pendingEvent: EventId = -1
  private park: Park | undefined = undefined
  private inbox: unknown = undefined
  private inboxMode = RESUME
  private pendingInterrupt: Interrupt | undefined = undefined
  private joiners: Process[] | undefined = undefined

  constructor(
    private readonly host: ProcessHost,
    private readonly body: ProcessBody<R>,
    /** Node this process runs on (trace attribution). */
    readonly node: string,
    /** Name of the process, unique enough to read in a trace. */
    readonly name: string,
  ) {
    this.pendingEvent = host.schedule(host.now, this, undefined)
  }

  /** True while the generator can still run. */
  get alive(): boolean {
    return this.state !== "done" && this.state !== "failed" && this.state !== "interrupted"
  }

  /**
   * Resumes a parked process with `value` at the current instant. Returns false
   * (and does nothing) when it is not parked, e.g. already woken.
   */
  wake(value?: unknown): boolean {
    if (this.state !== "parked") return false
    this.endPark(false)
    this.inbox = value
    this.inboxMode = RESUME
    this.state = "ready"
    this.pendingEvent = this.host.schedule(this.host.now, this, undefined)
    return true
  }

  /** Resumes a parked process by throwing `error` into it at the current instant. */
  fail(error: unknown): boolean {
    if (this.state !== "parked") return false
    this.endPark(false)
    this.inbox = error
    this.inboxMode = THROW
    this.state = "ready"
    this.pendingEvent = this.host.schedule(this.host.now, this, undefined)
    return true
  }

  /**
   * Throws an {@link Interrupt} into the process at the current instant, ending
   * whatever sleep or wait it is in (its timeout is cancelled). If it is already
   * about to resume, the interrupt is delivered when it next blocks.
   */
  interrupt(cause?: unknown): void {
    if (!this.alive) return
    const err = new Interrupt(cause)
    if (this.state === "ready") {
      this.pendingInterrupt = err
      return
    }
    if (this.state === "parked") this.endPark(true)
    else this.host.cancel(this.pendingEvent)
    this.inbox = err
    this.inboxMode = THROW
    this.state = "ready"
    this.pendingEvent = this.host.schedule(this.host.now, this, undefined)
  }

  /** Registers a process to be woken when this one ends (used by `join`). */
  addJoiner(proc: Process): void {
    ;(this.joiners ??= []).push(proc)
  }

  /** Removes a joiner that stopped waiting (timeout or interrupt). */
  removeJoiner(proc: Process): void {
    const list = this.joiners
    if (list === undefined) return
    const i = list.indexOf(proc)
    if (i >= 0) list.splice(i, 1)
  }

  private endPark(cancelled: boolean): void {
    const park = this.park
    this.park = undefined
    if (this.pendingEvent >= 0) this.host.cancel(this.pendingEvent)
    this.pendingEvent = -1
    if (cancelled && park?.onCancel !== undefined) park.onCancel(this)
  }

  /** Kernel entry: a resume or timeout event for this process fired. */
  onEvent(data: unknown): void {
    this.pendingEvent = -1
    if (this.state === "parked") {
      // Timeout of a park.
      const park = this.park
      this.park = undefined
      if (park?.onCancel !== undefined) park.onCancel(this)
      this.inbox = TIMED_OUT
      this.inboxMode = RESUME
    } else if (this.state === "sleeping") {
      this.inbox = SLEEP_OVER
      this.inboxMode = RESUME
    }
    this.state = "ready"
    this.advance()
  }

  private advance(): void {
    const host = this.host
    let value = this.inbox
    let mode = this.inboxMode
    this.inbox = undefined
    this.inboxMode = RESUME
    host.enter(this)
    try {
      for (;;) {
        const step = mode === THROW ? this.body.throw(value) : this.body.next(value)
        if (step.done === true) {
          this.state = "done"
          this.result = step.value
          host.leave(this)
          this.finish(undefined)
          return
        }
        const cmd = step.value
        const interrupt = this.pendingInterrupt
        if (interrupt !== undefined) {
          this.pendingInterrupt = undefined
          value = interrupt
          mode = THROW
          continue
        }
        if (typeof cmd === "number" || cmd instanceof SleepCommand) {
          const d = typeof cmd === "number" ? cmd : cmd.duration
          if (!(d >= 0)) throw new RangeError(`process "${this.name}" asked to sleep ${String(d)} µs`)
          this.state = "sleeping"
          this.pendingEvent = host.schedule(host.now + Math.round(d), this, undefined)
        } else {
          this.state = "parked"
          this.park = cmd
          if (cmd.timeout !== undefined) {
            if (!(cmd.timeout >= 0)) throw new RangeError(`process "${this.name}" asked for timeout ${String(cmd.timeout)} µs`)
            this.pendingEvent = host.schedule(host.now + Math.round(cmd.timeout), this, undefined)
          }
          if (cmd.onPark !== undefined) cmd.onPark(this)
        }
        host.leave(this)
        return
      }
    } catch (error) {
      host.leave(this)
      if (this.park !== undefined) this.endPark(true)
      if (error instanceof Interrupt) {
        this.state = "interrupted"
        this.error = error
        this.finish(undefined)
      } else {
        this.state = "failed"
        this.error = error
        this.finish(error)
      }
    }
  }

  private finish(error: unknown): void {
    const joiners = this.joiners
    this.joiners = undefined
    if (joiners !== undefined) for (const j of joiners) j.wake(this)
    this.host.processFinished(this, error)
  }
}
