import { Worker } from "node:worker_threads"
import * as L from "./worker/layout.mjs"

const WORKER_URL = new URL("./worker/host-worker.mjs", import.meta.url)
const utf8 = new TextEncoder()
/** Polls of the shared state word before a blocking wait (a few tens of µs). */
const SPIN = 20_000
const fromUtf8 = new TextDecoder()

/** What a worker needs to start: the compiled interpreter and the Python shim files. */
export interface WorkerImage {
  /** A compiled `WebAssembly.Module` of the interpreter. */
  readonly wasmModule: object
  readonly shims: Readonly<Record<string, string>>
}

/** The per-boot configuration a waiting interpreter receives. */
export interface BootConfig {
  /** Four 32-bit words seeding the device's `random`/`os.urandom` fallback generator. */
  readonly seed: readonly [number, number, number, number]
  /** The device's /flash, relative path → base64 content ("dir/" → "" for empty directories). */
  readonly files: Readonly<Record<string, string>>
  readonly memoryLimitBytes: number
  /** Lines to feed to the REPL instead of running boot.py/main.py. */
  readonly repl?: readonly string[]
  /** The board's REPL banner line (the interpreter's own names the WebAssembly build). */
  readonly banner: string
}

/** A device's script ran for longer than the wall-clock guard without a host call. */
export class PythonHangError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "PythonHangError"
  }
}

/**
 * The main-thread end of one MicroPython worker: posts replies and waits,
 * blocking, for the next request (the lock-step of the design). While the
 * main thread waits here, sim time is frozen; the wait is bounded by a
 * wall-clock guard given in milliseconds (Atomics.wait's own timeout, so no
 * clock is read). Stdout arrives through a ring in shared memory, so nothing
 * printed is lost when a spinning script has to be stopped.
 */
export class Interpreter {
  private readonly ctl: Int32Array
  private readonly clock: Float64Array
  private readonly data: Uint8Array
  private readonly ring: Uint8Array
  private readonly worker: Worker
  private outTail = 0
  private partial: number[] = []
  private alive = true
  /** Complete stdout lines not yet taken by {@link takeLines}. */
  private lines: string[] = []

  constructor(image: WorkerImage) {
    const sab = new SharedArrayBuffer(L.CHANNEL_BYTES)
    this.ctl = new Int32Array(sab, 0, L.CONTROL_WORDS)
    this.clock = new Float64Array(sab, L.SIM_NOW_OFFSET, 1)
    this.data = new Uint8Array(sab, L.DATA_OFFSET, L.DATA_BYTES)
    this.ring = new Uint8Array(sab, L.DATA_OFFSET + L.DATA_BYTES, L.OUT_BYTES)
    this.worker = new Worker(WORKER_URL, {
      workerData: { sab, wasmModule: image.wasmModule, shims: image.shims },
      resourceLimits: { maxYoungGenerationSizeMb: 1, stackSizeMb: 2 },
      // Not the parent's flags: a TypeScript loader (`--import tsx`) would cost every worker ~100 ms.
      execArgv: [],
      stdout: true,
      stderr: true,
    })
    this.worker.unref()
    // A worker that dies (an internal fault) must not take the process with it.
    this.worker.on("error", () => {
      this.alive = false
    })
  }

  /** Sets the sim time the interpreter's clocks read (µs). */
  setClock(now: number): void {
    this.clock[0] = now
  }

  /** Blocks until the worker has loaded the interpreter and waits for its boot configuration. */
  waitReady(guardMs: number): void {
    const msg = this.awaitRequest(guardMs, "loading the interpreter")
    if (msg !== "!ready") throw new Error(`fieldnet: python worker sent ${JSON.stringify(msg.slice(0, 80))} before ready`)
  }

  /** Sends the boot configuration and returns the device's first request. */
  boot(config: BootConfig, guardMs: number): string {
    return this.exchange("!boot:" + JSON.stringify(config), guardMs)
  }

  /** Posts `reply` and returns the next request of the script (control traffic is handled here). */
  exchange(reply: string, guardMs: number): string {
    this.post(reply)
    for (;;) {
      const msg = this.awaitRequest(guardMs, "running Python")
      if (msg === "!flush") {
        this.drain()
        this.post("!ok")
        continue
      }
      return msg
    }
  }

  /**
   * Reads the device's /flash while its script waits in a host call: the
   * worker answers a control message and the script goes on waiting for the
   * reply it was promised. Returns relative path → base64 ("dir/" → "").
   */
  dumpFlash(guardMs: number): Record<string, string> {
    this.post("!dump")
    const msg = this.awaitRequest(guardMs, "reading /flash")
    if (!msg.startsWith("!files:")) throw new Error("fieldnet: python worker did not return its files")
    return JSON.parse(msg.slice(7)) as Record<string, string>
  }

  /** Complete lines printed since the last call (stdout and stderr share one console, as on a board). */
  takeLines(): string[] {
    this.drain()
    const out = this.lines
    this.lines = []
    return out
  }

  /** The unterminated tail of the output (a `print(..., end="")` at the end). */
  takePartial(): string {
    this.drain()
    const text = fromUtf8.decode(Uint8Array.from(this.partial))
    this.partial = []
    return text
  }

  /** Stops the worker thread (the script is blocked or spinning; either way it ends). */
  terminate(): void {
    if (!this.alive) return
    this.alive = false
    void this.worker.terminate()
  }

  private post(reply: string): void {
    const r = utf8.encodeInto(reply, this.data)
    if (r.read < reply.length) throw new Error("fieldnet: reply larger than the python channel")
    this.ctl[L.W_LEN] = r.written
    Atomics.store(this.ctl, L.W_STATE, L.STATE_REPLY)
    Atomics.notify(this.ctl, L.W_STATE)
  }

  private awaitRequest(guardMs: number, doing: string): string {
    const ctl = this.ctl
    // Most answers come back within microseconds: spin briefly before sleeping on the futex,
    // whose wake-up costs more than the wait (only one interpreter runs at a time, so one core spins).
    for (let i = 0; i < SPIN && Atomics.load(ctl, L.W_STATE) !== L.STATE_REQUEST; i++);
    for (;;) {
      const state = Atomics.load(ctl, L.W_STATE)
      if (state === L.STATE_REQUEST) break
      if (!this.alive) throw new PythonHangError(`the interpreter's worker stopped while ${doing}`)
      // The worker moves REPLY → RUNNING → REQUEST; each wait is bounded by the guard.
      if (Atomics.wait(ctl, L.W_STATE, state, guardMs) === "timed-out" && Atomics.load(ctl, L.W_STATE) === state) {
        this.drain()
        throw new PythonHangError(`no host call for ${guardMs / 1000} s of wall-clock time while ${doing}`)
      }
    }
    const msg = fromUtf8.decode(this.data.slice(0, this.ctl[L.W_LEN]))
    this.drain()
    if (msg.startsWith("!fatal:")) {
      this.alive = false
      throw new Error(`fieldnet: the python worker failed while ${doing}: ${msg.slice(7)}`)
    }
    return msg
  }

  private drain(): void {
    const head = Atomics.load(this.ctl, L.W_OUT_HEAD)
    let tail = this.outTail
    if (tail === head) return
    const mask = L.OUT_BYTES - 1
    while (tail !== head) {
      const c = this.ring[tail & mask]!
      tail = (tail + 1) | 0
      if (c === 10) {
        const bytes = this.partial
        if (bytes.length > 0 && bytes[bytes.length - 1] === 13) bytes.pop()
        this.lines.push(fromUtf8.decode(Uint8Array.from(bytes)))
        this.partial = []
      } else this.partial.push(c)
    }
    this.outTail = tail
    Atomics.store(this.ctl, L.W_OUT_TAIL, tail)
  }
}
