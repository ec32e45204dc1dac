import { EventQueue, type EventHandler, type EventId, type EventTarget } from "./event-queue.ts"
import { Metrics } from "./metrics.ts"
import { Process, type ProcessBody, type ProcessHost } from "./process.ts"
import { Rng } from "./rng.ts"
import { formatDuration, type Micros } from "./time.ts"
import { Trace, type TraceFields, type TraceOptions } from "./trace.ts"

/** What a process error does to the run: stop it (default) or record it and go on. */
export type ProcessErrorPolicy = "stop" | "record"

/** Limits that end a runaway run cleanly, with their reason. */
export interface Watchdog {
  /** Stop after this many events. */
  readonly maxEvents?: number
  /** Stop after this many wall-clock seconds; needs `wallClock`. */
  readonly maxWallSeconds?: number
  /**
   * Milliseconds from any origin, supplied by the caller (the CLI passes
   * `performance.now`): the kernel itself never reads a wall clock.
   */
  readonly wallClock?: () => number
}

/** Construction options of a simulation. */
export interface SimulationOptions {
  /** The run's seed; every random stream derives from it and a stable name. */
  readonly seed: number
  /** A ready trace, or options for a new one (default: hashed, not stored). */
  readonly trace?: Trace | TraceOptions
  readonly onProcessError?: ProcessErrorPolicy
  readonly watchdog?: Watchdog
}

/** Why `run()` returned. */
export type StopReason = "until" | "idle" | "stopped" | "watchdog" | "error" | "budget"

/** Result of `run()`. */
export interface RunOutcome {
  readonly reason: StopReason
  /** Human explanation (the stop reason given, the watchdog limit, the error). */
  readonly message: string
  /** Sim time at return (µs). */
  readonly now: Micros
  /** Events processed since the simulation was created. */
  readonly events: number
}

/** A process error recorded by the kernel. */
export interface ProcessFailure {
  readonly t: Micros
  readonly node: string
  readonly process: string
  readonly error: unknown
  readonly message: string
}

/** Options of one `run()` call. */
export interface RunOptions {
  /** Process events up to and including this sim time, then set the clock to it. */
  readonly until?: Micros
  /** Return (reason `budget`) after this many events; the run can be resumed. */
  readonly budget?: number
}

/** Node name used for the kernel's own trace lines. */
export const KERNEL_NODE = "sim"

/**
 * The discrete-event kernel: an integer-µs clock, the event queue, named random
 * streams, generator processes, metrics and the trace. Everything in a world is
 * driven from here; nothing reads a wall clock or an unseeded random source.
 */
export class Simulation implements ProcessHost {
  /** Current sim time in µs. */
  now: Micros = 0
  /** Events processed so far. */
  events = 0
  readonly seed: number
  readonly trace: Trace
  readonly metrics = new Metrics()
  /** Process errors recorded so far. */
  readonly failures: ProcessFailure[] = []
  /** The process being resumed right now, if any. */
  current: Process | undefined = undefined
  private readonly queue = new EventQueue()
  private readonly streams = new Map<string, Rng>()
  private readonly policy: ProcessErrorPolicy
  private readonly watchdog: Watchdog
  private stopReason: StopReason | undefined = undefined
  private stopMessage = ""
  private processCount = 0
  private disposers: (() => void)[] = []

  constructor(options: SimulationOptions) {
    if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
      throw new RangeError(`seed must be a non-negative integer, got ${String(options.seed)}`)
    }
    this.seed = options.seed
    this.trace = options.trace instanceof Trace ? options.trace : new Trace(options.trace)
    this.policy = options.onProcessError ?? "stop"
    this.watchdog = options.watchdog ?? {}
    if (this.watchdog.maxWallSeconds !== undefined && this.watchdog.wallClock === undefined) {
      throw new RangeError("watchdog.maxWallSeconds needs a wallClock function")
    }
  }

  /** The random stream for a stable name (the same object for the same name). */
  rng(name: string): Rng {
    let r = this.streams.get(name)
    if (r === undefined) {
      r = new Rng(this.seed, name)
      this.streams.set(name, r)
    }
    return r
  }

  /** Schedules `target` at absolute time `at` (≥ now). Returns an id for `cancel`. */
  schedule(at: Micros, target: EventTarget, data?: unknown): EventId {
    if (!(at >= this.now) || !Number.isFinite(at)) {
      throw new RangeError(`cannot schedule at ${String(at)} µs: now is ${this.now} µs`)
    }
    return this.queue.push(Math.round(at), target, data)
  }

  /** Schedules `target` after `delay` µs. */
  after(delay: Micros, target: EventTarget, data?: unknown): EventId {
    return this.schedule(this.now + delay, target, data)
  }

  /** Cancels a scheduled event (lazy; harmless if it already fired). */
  cancel(id: EventId): void {
    this.queue.cancel(id)
  }

  /** Number of events still to fire. */
  get pendingEvents(): number {
    return this.queue.pending
  }

  /** Time of the next event, or Infinity. */
  nextEventTime(): Micros {
    return this.queue.peekTime()
  }

  /**
   * Starts a generator process at the current instant (after anything already
   * scheduled for now). `body` is a generator or a function returning one.
   */
  spawn<R>(body: ProcessBody<R> | (() => ProcessBody<R>), options: { name?: string; node?: string } = {}): Process<R> {
    const gen = typeof body === "function" ? body() : body
    const id = this.processCount++
    return new Process<R>(this, gen, options.node ?? KERNEL_NODE, options.name ?? `p${id}`)
  }

  /**
   * Registers a release of something the world holds outside the kernel (a
   * worker thread, an open file), run once by {@link dispose}.
   */
  onDispose(release: () => void): void {
    this.disposers.push(release)
  }

  /**
   * Releases what {@link onDispose} registered, latest first. Idempotent; the
   * runner calls it when a run ends, whatever the reason.
   */
  dispose(): void {
    const list = this.disposers
    this.disposers = []
    for (let i = list.length - 1; i >= 0; i--) {
      try {
        list[i]!()
      } catch {
        /* a release that fails must not stop the others */
      }
    }
  }

  /** Writes one trace line at the current time. */
  log(node: string, kind: string, fields?: TraceFields): void {
    if (this.trace.enabled) this.trace.emit(this.now, node, kind, fields)
  }

  /** Asks the run to stop after the current event. */
  stop(reason = "stop() called"): void {
    this.requestStop("stopped", reason)
  }

  private requestStop(reason: StopReason, message: string): void {
    if (this.stopReason !== undefined) return
    this.stopReason = reason
    this.stopMessage = message
  }

  /** Processes one event; returns false when none is left. */
  step(): boolean {
    const q = this.queue
    if (!q.pop()) return false
    this.fire(q.poppedTime, q.poppedTarget, q.poppedData)
    return true
  }

  private fire(time: Micros, target: EventTarget | undefined, data: unknown): void {
    this.now = time
    this.events++
    if (typeof target === "function") target(data, time)
    else (target as { onEvent(d: unknown, t: Micros): void }).onEvent(data, time)
  }

  /**
   * Runs until `until` (inclusive), the queue empties, `stop()` is called, the
   * watchdog fires, a process error stops it, or `budget` events have run.
   */
  run(options: RunOptions = {}): RunOutcome {
    const until = options.until ?? Infinity
    const budgetEnd = options.budget === undefined ? Infinity : this.events + options.budget
    const maxEvents = this.watchdog.maxEvents ?? Infinity
    const clock = this.watchdog.wallClock
    const wallLimitMs = (this.watchdog.maxWallSeconds ?? Infinity) * 1000
    const wallStart = clock === undefined ? 0 : clock()
    const q = this.queue
    this.stopReason = undefined
    for (;;) {
      try {
        const eventLimit = Math.min(budgetEnd, maxEvents)
        while (this.stopReason === undefined) {
          if (this.events >= eventLimit) {
            if (q.peekTime() > until) break
            if (this.events >= budgetEnd) this.requestStop("budget", `budget of ${options.budget} events used`)
            else this.requestStop("watchdog", `watchdog: ${maxEvents} events processed (maxEvents) at t=${formatDuration(this.now)}`)
            break
          }
          if (clock !== undefined && (this.events & 4095) === 0 && clock() - wallStart > wallLimitMs) {
            this.requestStop("watchdog", `watchdog: ${this.watchdog.maxWallSeconds} wall seconds elapsed (maxWallSeconds) at t=${formatDuration(this.now)}`)
            break
          }
          if (!q.popUntil(until)) break
          this.now = q.poppedTime
          this.events++
          const target = q.poppedTarget
          if (typeof target === "function") target(q.poppedData, this.now)
          else (target as EventHandler).onEvent(q.poppedData, this.now)
        }
        break
      } catch (error) {
        // An event callback outside any process threw.
        this.current = undefined
        this.recordFailure(KERNEL_NODE, "event", error)
      }
    }
    const stopped = this.stopReason
    if (stopped === "watchdog") this.log(KERNEL_NODE, "watchdog", { reason: this.stopMessage })
    if (stopped !== undefined) {
      this.stopReason = undefined
      return { reason: stopped, message: this.stopMessage, now: this.now, events: this.events }
    }
    if (until !== Infinity) {
      this.now = Math.max(this.now, until)
      return { reason: "until", message: `reached ${formatDuration(until)}`, now: this.now, events: this.events }
    }
    return { reason: "idle", message: "no events left", now: this.now, events: this.events }
  }

  /** @internal ProcessHost: a process is being resumed. */
  enter(proc: Process): void {
    this.current = proc
  }

  /** @internal ProcessHost: the resumed process yielded or ended. */
  leave(): void {
    this.current = undefined
  }

  /** @internal ProcessHost: a process ended, with an error if it failed. */
  processFinished(proc: Process, error: unknown): void {
    if (proc.state === "interrupted") {
      this.log(proc.node, "process.interrupted", { process: proc.name, cause: describe((proc.error as { cause?: unknown }).cause) })
    } else if (proc.state === "failed") {
      this.recordFailure(proc.node, proc.name, error)
    }
  }

  private recordFailure(node: string, process: string, error: unknown): void {
    const text = describeError(error)
    const message = `process "${process}" on node "${node}" failed at t=${formatDuration(this.now)} (${this.now} µs): ${text}`
    this.failures.push({ t: this.now, node, process, error, message })
    this.log(node, "process.error", { process, error: text })
    if (this.policy === "stop") this.requestStop("error", message)
  }
}

function describe(value: unknown): string | undefined {
  return value === undefined ? undefined : String(value)
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}
