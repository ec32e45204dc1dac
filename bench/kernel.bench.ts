import { Simulation, sleep, type EventHandler, type ProcessBody } from "../sim/index.ts"
import { gc, report, wallMs } from "./report.ts"

/**
 * Classic hold model (Vaucher & Duval 1975): a fixed population of pending
 * events; each firing schedules one more at an exponential delay.
 */
function holdModel(pending: number, total: number): void {
  const sim = new Simulation({ seed: 1, trace: { enabled: false } })
  const r = sim.rng("hold")
  const holder: EventHandler = {
    onEvent() {
      sim.schedule(sim.now + Math.round(r.exponential(1_000_000)), holder)
    },
  }
  for (let i = 0; i < pending; i++) sim.schedule(Math.round(r.exponential(1_000_000)), holder)
  const t0 = wallMs()
  const out = sim.run({ budget: total })
  const secs = (wallMs() - t0) / 1000
  report("kernel.hold.events_per_s", out.events / secs, "events/s", { pending, events: out.events })
}

/** 100k generator processes sleeping in a loop, with `yield* sleep(d)` (delegating) or `yield sleep(d)`. */
function processResumes(count: number, rounds: number, form: "yield*" | "yield"): void {
  const sim = new Simulation({ seed: 1, trace: { enabled: false } })
  function* delegating(period: number): ProcessBody<void> {
    for (let i = 0; i < rounds; i++) yield* sleep(period)
  }
  function* direct(period: number): ProcessBody<void> {
    for (let i = 0; i < rounds; i++) yield sleep(period)
  }
  const body = form === "yield*" ? delegating : direct
  for (let i = 0; i < count; i++) sim.spawn(body(1000 + (i % 97)), { name: "s" })
  const t0 = wallMs()
  const out = sim.run()
  const secs = (wallMs() - t0) / 1000
  report("kernel.process.resumes_per_s", out.events / secs, "resumes/s", { processes: count, resumes: out.events, form })
}

/** Heap plus typed-array backing stores (which live outside the JS heap). */
function memoryUsed(): number {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

function bytesPerPendingEvent(n: number): void {
  const handler: EventHandler = { onEvent() {} }
  gc()
  const sim = new Simulation({ seed: 1, trace: { enabled: false } })
  const before = memoryUsed()
  for (let i = 0; i < n; i++) sim.schedule(i * 7, handler, undefined)
  gc()
  const after = memoryUsed()
  report("kernel.heap.bytes_per_pending_event", (after - before) / n, "bytes", { events: n })
  if (sim.pendingEvents !== n) throw new Error("lost events")
}

function bytesPerIdleProcess(n: number): void {
  gc()
  const sim = new Simulation({ seed: 1, trace: { enabled: false } })
  const before = memoryUsed()
  function* idle(): ProcessBody<void> {
    for (;;) yield* sleep(3_600_000_000)
  }
  for (let i = 0; i < n; i++) sim.spawn(idle(), { name: "idle" })
  sim.run({ until: 1 }) // every process started and is now asleep
  gc()
  const after = memoryUsed()
  report("kernel.heap.bytes_per_idle_process", (after - before) / n, "bytes", { processes: n })
}

/** Runs the kernel benchmarks. */
export function run(): void {
  if (!gc()) process.stderr.write("note: run with node --expose-gc for the memory figures to be exact\n")
  holdModel(10_000, 1_000_000) // warm-up, not reported separately
  holdModel(10_000, 10_000_000)
  processResumes(100_000, 25, "yield*")
  processResumes(100_000, 25, "yield")
  bytesPerPendingEvent(1_000_000)
  bytesPerIdleProcess(100_000)
}
