import { mkdirSync, writeFileSync } from "node:fs"
import { join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { loadScenario } from "../cli/load-scenario.ts"
import { replayRecord } from "../cli/replay-file.ts"
import { runScenarioWithResults, type RunSummary } from "../cli/run-scenario.ts"
import { Trace } from "../sim/index.ts"
import { describeLink, describeSchedule, type FaultSchedule, type LinkConditions } from "./faults.ts"

/** One generated case to run and check. */
export interface ScenarioCheck {
  /** The scenario module (path or file URL) whose default export builds the world. */
  readonly scenario: string | URL
  /** Parameter values for this case (fault schedules, link conditions, …). */
  readonly params?: Readonly<Record<string, unknown>>
  readonly seed?: number
  /** Horizon, e.g. "30min" (default: the scenario's own). */
  readonly until?: string
  /** Run the case twice and require the same digest (as madsim's determinism check). */
  readonly checkDeterminism?: boolean
  /** Where replay files are written (default `results/replays`). */
  readonly replayDir?: string
  /** Hand runs that stopped on a process error to `check` instead of failing at once. */
  readonly allowProcessErrors?: boolean
  /** The property: throw (e.g. a failed `expect`) when the run is wrong. */
  readonly check?: (run: CheckedRun) => void | Promise<void>
}

/** What `check` sees: the run's summary (metrics, stop reason, digest) and its trace lines. */
export interface CheckedRun {
  readonly summary: RunSummary
  readonly trace: readonly string[]
}

/** A property failed for a generated case; the message says how to replay it. */
export class PropertyFailure extends Error {
  constructor(
    message: string,
    readonly replayFile: string,
    override readonly cause: unknown,
  ) {
    super(message)
    this.name = "PropertyFailure"
  }
}

const isSchedule = (v: unknown): v is FaultSchedule =>
  Array.isArray(v) && v.every((f) => typeof f === "object" && f !== null && typeof (f as { kind?: unknown }).kind === "string" && typeof (f as { atMs?: unknown }).atMs === "number")
const isLink = (v: unknown): v is LinkConditions => typeof v === "object" && v !== null && "latencyMs" in v && "loss" in v && "bandwidthKbps" in v

function describeParams(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params)
    .map(([k, v]) => {
      if (isSchedule(v)) return `  ${k}:\n${describeSchedule(v).replace(/^/gm, "    ")}`
      if (isLink(v)) return `  ${k}: ${describeLink(v)}`
      return `  ${k}: ${JSON.stringify(v)}`
    })
    .join("\n")
}

/**
 * Runs one generated case of a scenario and checks it: the one call a
 * `test.prop` body makes. On failure it writes a replay file (scenario, seed,
 * params, digest) and throws a {@link PropertyFailure} whose message gives the
 * seed, the fault schedule in readable form and the `fieldnet replay` command;
 * fast-check shrinks the case and reports the message of the smallest failure.
 * It resolves to nothing, as `test.prop` wants of a passing property.
 */
export async function checkScenario(c: ScenarioCheck): Promise<void> {
  await runCheckedCase(c)
}

/** {@link checkScenario}, returning the checked run (summary and trace) when the property holds. */
export async function runCheckedCase(c: ScenarioCheck): Promise<CheckedRun> {
  const file = typeof c.scenario === "string" ? resolve(c.scenario) : fileURLToPath(c.scenario)
  const def = await loadScenario(file)
  const seed = c.seed ?? 1
  const params = c.params ?? {}
  const set = Object.entries(params).map(([k, v]) => `${k}=${JSON.stringify(v)}`)
  const until = c.until ?? def.until
  const once = () => {
    const trace = new Trace({ sink: { kind: "memory" } })
    const results = runScenarioWithResults(def, { seed, set, until, trace })
    return { summary: results.summary, trace: trace.lines, firmware: results.firmware }
  }
  const run = once()
  let cause: unknown
  try {
    if (c.checkDeterminism === true) {
      const again = once()
      if (again.summary.digest !== run.summary.digest) {
        let i = 0
        while (run.trace[i] === again.trace[i]) i++
        throw new Error(`nondeterministic: two runs gave digests ${run.summary.digest} and ${again.summary.digest}; first difference at trace line ${i + 1}:\n    ${run.trace[i] ?? "<end>"}\n    ${again.trace[i] ?? "<end>"}`)
      }
    }
    if (run.summary.stop.reason === "error" && c.allowProcessErrors !== true) throw new Error(`the run stopped on an error: ${run.summary.stop.message}`)
    if (run.summary.stop.reason === "watchdog") throw new Error(`the run was stopped by the watchdog: ${run.summary.stop.message}`)
    await c.check?.(run)
    return { summary: run.summary, trace: run.trace }
  } catch (e) {
    cause = e
  }
  const dir = resolve(c.replayDir ?? join("results", "replays"))
  mkdirSync(dir, { recursive: true })
  const replayFile = join(dir, `${def.name}-seed${seed}-${run.summary.digest.slice(0, 12)}.json`)
  const why = cause instanceof Error ? cause.message : String(cause)
  writeFileSync(replayFile, JSON.stringify(replayRecord({ scenarioFile: file, seed, until, set, summary: run.summary, note: why.slice(0, 2000), firmware: run.firmware }), null, 2) + "\n")
  const shown = relative(process.cwd(), replayFile)
  throw new PropertyFailure(
    `fieldnet: property failed for scenario "${def.name}" (seed ${seed}, until ${until})\n` +
      `${describeParams(params)}\n` +
      `  cause: ${why.replace(/\n/g, "\n    ")}\n` +
      `  trace digest ${run.summary.digest}, stopped at t=${run.summary.simTimeUs} µs (${run.summary.stop.reason})\n` +
      `  replay: npx fieldnet replay ${shown}`,
    replayFile,
    cause,
  )
}
