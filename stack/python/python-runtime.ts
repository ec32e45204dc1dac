import type { Micros, Simulation } from "../../sim/index.ts"
import { Interpreter } from "./interpreter.ts"
import { workerImage } from "./worker-image.ts"

/** A line a device printed, as the console hook sees it. */
export interface ConsoleLine {
  readonly t: Micros
  readonly device: string
  readonly text: string
}

/** World-wide settings of Python devices. */
export interface PythonRuntimeOptions {
  /**
   * Wall-clock seconds a script may compute without a host call before it is
   * stopped as a hang (default 10). Only a guard: it never changes a run that
   * stays under it.
   */
  readonly guardSeconds?: number
  /** Trace every host call as `py.call` (default false). */
  readonly traceCalls?: boolean
}

const runtimes = new WeakMap<Simulation, PythonRuntime>()

/** Workers loading at once ahead of announced boots (measured on 2 cores: more only adds contention). */
const LOADING = 8

/**
 * What the Python devices of one world share: the compiled interpreter, a
 * pool of workers started ahead of need (a worker takes ~60-90 ms to start,
 * so the workers of a world's devices load in parallel while it is built, and
 * a device that resets gets its next worker started as its boot ends), the
 * guard, and the console hook the CLI prints through.
 * Every worker ends when the world is disposed.
 */
export class PythonRuntime {
  /** Wall-clock guard in ms. */
  guardMs: number
  traceCalls: boolean
  private readonly spares: Interpreter[] = []
  /** Boots announced by {@link prestart} and not yet taken. */
  private wanted = 0
  private readonly live = new Set<Interpreter>()
  private consoleHooks: ((line: ConsoleLine) => void)[] = []

  private constructor(readonly world: Simulation, options: PythonRuntimeOptions) {
    this.guardMs = Math.round((options.guardSeconds ?? 10) * 1000)
    this.traceCalls = options.traceCalls ?? false
    world.onDispose(() => this.dispose())
  }

  /** The world's runtime (created on first use; options apply then or through {@link configure}). */
  static of(world: Simulation, options: PythonRuntimeOptions = {}): PythonRuntime {
    let r = runtimes.get(world)
    if (r === undefined) {
      r = new PythonRuntime(world, options)
      runtimes.set(world, r)
    } else r.configure(options)
    return r
  }

  /** Changes settings (those given). */
  configure(options: PythonRuntimeOptions): void {
    if (options.guardSeconds !== undefined) this.guardMs = Math.round(options.guardSeconds * 1000)
    if (options.traceCalls !== undefined) this.traceCalls = options.traceCalls
  }

  /**
   * Says that `n` device boots are coming (a world being built): workers start
   * ahead of them, at most {@link LOADING} at a time — as many as keep the
   * cores busy without thrashing them — and each boot that takes one starts
   * the next.
   */
  prestart(n: number): void {
    this.wanted += n
    this.topUp()
  }

  /** A started worker for a device boot, waiting for its configuration; the workers behind it keep loading. */
  take(): Interpreter {
    const interp = this.spares.shift() ?? this.spawn()
    if (this.wanted > 0) this.wanted--
    this.topUp()
    interp.waitReady(this.guardMs)
    return interp
  }

  private topUp(): void {
    while (this.spares.length < Math.min(this.wanted, LOADING)) this.spares.push(this.spawn())
  }

  /** Ends a worker (its device rebooted or stopped). */
  release(interp: Interpreter): void {
    interp.terminate()
    this.live.delete(interp)
  }

  /** Calls `hook` with every line any device prints (the CLI streams them; output never enters the digest twice). */
  onConsole(hook: (line: ConsoleLine) => void): void {
    this.consoleHooks.push(hook)
  }

  /** @internal Devices report their printed lines here. */
  console(line: ConsoleLine): void {
    for (const h of this.consoleHooks) h(line)
  }

  private spawn(): Interpreter {
    const interp = new Interpreter(workerImage())
    this.live.add(interp)
    return interp
  }

  private dispose(): void {
    for (const i of this.live) i.terminate()
    this.live.clear()
    this.spares.length = 0
    runtimes.delete(this.world)
  }
}
