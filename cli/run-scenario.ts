import { formatDuration, parseDuration, Simulation, Trace, type MetricValue, type Micros, type RunOutcome, type TraceSink } from "../sim/index.ts"
import { openLoraCaptureFile } from "../stack/capture/lora-capture.ts"
import { setWorldCapture } from "../stack/capture/world-capture.ts"
import { FirmwareError } from "../stack/python/firmware-error.ts"
import { loadedFirmware } from "../stack/python/firmware.ts"
import type { ChartSpec } from "./report/charts.ts"
import type { ReportTable } from "./report/html.ts"
import { ParamError, resolveParams, type ScenarioDefinition, type ScenarioHooks } from "./scenario.ts"

/** Options of one scenario run. */
export interface RunScenarioOptions {
  readonly seed?: number
  /** Sim time to run, as a duration ("1h") or µs; default: the scenario's own. */
  readonly until?: string | Micros
  /** `key=value` parameter overrides. */
  readonly set?: readonly string[]
  /** Where trace lines go (default: hashed only). */
  readonly traceSink?: TraceSink
  /** A trace to write into instead (e.g. a memory trace the caller reads afterwards); overrides `traceSink`. */
  readonly trace?: Trace
  /** Stop after this many events. */
  readonly maxEvents?: number
  /** Stop after this many wall seconds. */
  readonly maxWallSeconds?: number
  /** Record process errors and keep running instead of stopping at the first (default false). */
  readonly keepGoing?: boolean
  /** Write every LoRa frame seen by each gateway to this LoRaTap pcap file (`--pcap`). */
  readonly pcapFile?: string
  /** Called every so often with progress (the CLI draws it on a TTY). */
  readonly onProgress?: (p: Progress) => void
  /** Called with the new world before the scenario builds it (e.g. to hook the devices' console). */
  readonly beforeBuild?: (world: Simulation) => void
}

/** Progress of a running scenario. */
export interface Progress {
  readonly simTimeUs: Micros
  readonly untilUs: Micros
  readonly events: number
  readonly wallMs: number
}

/** The result of a run: what `--json` prints. */
export interface RunSummary {
  readonly scenario: string
  readonly seed: number
  readonly params: Record<string, unknown>
  readonly untilUs: Micros
  readonly simTimeUs: Micros
  readonly events: number
  readonly wallMs: number
  readonly traceLines: number
  readonly digest: string
  readonly stop: { readonly reason: RunOutcome["reason"]; readonly message: string }
  readonly failures: readonly string[]
  readonly metrics: Record<string, MetricValue>
}

const wallNow = (): number => performance.now()
const PROGRESS_EVERY_EVENTS = 200_000

/**
 * Runs a scenario to its horizon and returns its summary. The trace is flushed
 * and closed whatever happens: a scenario whose `build` throws, a process error,
 * or the watchdog still leaves a complete trace up to that point.
 */
export function runScenario(def: ScenarioDefinition, options: RunScenarioOptions = {}): RunSummary {
  return runScenarioWithResults(def, options).summary
}

/** What a run produced beyond its summary: per-device rows, charts and tables the scenario offers. */
export interface RunResults {
  readonly summary: RunSummary
  readonly devices: readonly Record<string, string | number | boolean>[]
  readonly charts: readonly ChartSpec[]
  readonly tables: readonly ReportTable[]
  /** Firmware the run's Python devices read from disk (path → files, base64), for a replay file. */
  readonly firmware: Record<string, Record<string, string>>
}

/** {@link runScenario}, also collecting the scenario's per-device rows, charts and tables. */
export function runScenarioWithResults(def: ScenarioDefinition, options: RunScenarioOptions = {}): RunResults {
  const seed = options.seed ?? 1
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ParamError(`--seed ${String(seed)}: expected a non-negative integer`)
  let untilUs: Micros
  try {
    const u = options.until ?? def.until
    untilUs = typeof u === "number" ? u : parseDuration(u)
  } catch (e) {
    throw new ParamError(`--until: ${(e as Error).message}`)
  }
  const params = resolveParams(def, options.set ?? [])
  const trace = options.trace ?? new Trace({ sink: options.traceSink ?? { kind: "none" } })
  const world = new Simulation({
    seed,
    trace,
    onProcessError: options.keepGoing === true ? "record" : "stop",
    watchdog: {
      ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
      ...(options.maxWallSeconds === undefined ? {} : { maxWallSeconds: options.maxWallSeconds }),
      wallClock: wallNow,
    },
  })
  const t0 = wallNow()
  let outcome: RunOutcome | undefined
  let hooks: ScenarioHooks | void = undefined
  const capture = options.pcapFile === undefined ? undefined : openLoraCaptureFile(options.pcapFile)
  if (capture !== undefined) setWorldCapture(world, capture)
  try {
    world.log("sim", "run.start", { scenario: def.name, seed, until: untilUs, params })
    options.beforeBuild?.(world)
    try {
      hooks = def.build(world, params)
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      world.log("sim", "build.error", { error: text })
      if (error instanceof ParamError) throw error // a configuration error: exit 2 with its field path
      if (error instanceof FirmwareError) throw new ParamError(error.message)
      throw new ScenarioError(`scenario "${def.name}" failed while building: ${text}`, error)
    }
    const budget = options.onProgress === undefined ? undefined : PROGRESS_EVERY_EVENTS
    for (;;) {
      outcome = world.run(budget === undefined ? { until: untilUs } : { until: untilUs, budget })
      if (outcome.reason !== "budget") break
      options.onProgress?.({ simTimeUs: world.now, untilUs, events: world.events, wallMs: wallNow() - t0 })
    }
    hooks?.finish?.()
    world.log("sim", "run.end", { reason: outcome.reason, message: outcome.message, events: world.events })
  } finally {
    world.dispose()
    trace.close()
    capture?.close()
  }
  const metrics = { ...world.metrics.snapshot(), ...(hooks?.metrics?.() ?? {}) }
  const summary: RunSummary = {
    scenario: def.name,
    seed,
    params: params as Record<string, unknown>,
    untilUs,
    simTimeUs: world.now,
    events: world.events,
    wallMs: Math.round((wallNow() - t0) * 1000) / 1000,
    traceLines: trace.count,
    digest: trace.digest(),
    stop: { reason: outcome.reason, message: outcome.message },
    failures: world.failures.map((f) => f.message),
    metrics,
  }
  return { summary, devices: hooks?.devices?.() ?? [], charts: hooks?.charts?.() ?? [], tables: hooks?.tables?.() ?? [], firmware: loadedFirmware(world) }
}

/** A scenario's own code threw while building the world. */
export class ScenarioError extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message)
    this.name = "ScenarioError"
  }
}

/** Renders a summary as the human table the CLI prints. */
export function formatSummary(s: RunSummary): string {
  const rows: [string, string][] = [
    ["scenario", s.scenario],
    ["seed", String(s.seed)],
    ["sim time", `${formatDuration(s.simTimeUs)} (${s.simTimeUs} µs)`],
    ["stop", `${s.stop.reason}: ${s.stop.message}`],
    ["events", String(s.events)],
    ["wall", `${(s.wallMs / 1000).toFixed(3)} s (${s.wallMs > 0 ? Math.round((s.events / s.wallMs) * 1000) : 0} events/s)`],
    ["trace lines", String(s.traceLines)],
    ["digest", s.digest],
  ]
  for (const [k, v] of Object.entries(s.params)) rows.push([`param ${k}`, JSON.stringify(v)])
  for (const [k, v] of Object.entries(s.metrics)) rows.push([k, formatMetric(v)])
  for (const f of s.failures) rows.push(["failure", f])
  const width = Math.max(...rows.map((r) => r[0].length))
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n")
}

function formatMetric(v: MetricValue): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(6)
  if (typeof v === "object") {
    return `n=${v.count} mean=${v.mean.toPrecision(6)} p50=${v.p50.toPrecision(6)} p99=${v.p99.toPrecision(6)} min=${v.min.toPrecision(6)} max=${v.max.toPrecision(6)}`
  }
  return String(v)
}
