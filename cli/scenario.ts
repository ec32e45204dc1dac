import { Schema } from "effect"
import type { MetricValue, Simulation } from "../sim/index.ts"
import type { ChartSpec } from "./report/charts.ts"
import type { ReportTable } from "./report/html.ts"

/** One declared scenario parameter: an Effect Schema, its default and a one-line description. */
export interface ParamSpec<T> {
  readonly schema: Schema.Codec<T, unknown>
  readonly default: T
  readonly description: string
}

/** Declares a scenario parameter: `param(Schema.Int, 100, "number of rounds")`. */
export function param<T>(schema: Schema.Codec<T, any>, defaultValue: T, description: string): ParamSpec<T> {
  return { schema: schema as Schema.Codec<T, unknown>, default: defaultValue, description }
}

/** The parameter values a scenario's `build` receives, typed from its declarations. */
export type ParamValues<P extends Record<string, ParamSpec<any>>> = { readonly [K in keyof P]: P[K]["default"] }

/** What `build` may return: a hook run once at the end, e.g. to compute final metrics. */
export interface ScenarioHooks {
  /** Called after the run stops (for any reason); may set metrics on `world.metrics`. */
  finish?(): void
  /** Extra metrics merged into the summary after `world.metrics`. */
  metrics?(): Record<string, MetricValue>
  /** One row per device for `devices.csv` (with `--out`). */
  devices?(): readonly Record<string, string | number | boolean>[]
  /** Charts for `report.html` (with `--out`). */
  charts?(): readonly ChartSpec[]
  /** Extra tables for `report.html` (with `--out`). */
  tables?(): readonly ReportTable[]
}

/** A runnable scenario: what `fieldnet run` loads from a module's default export. */
export interface ScenarioDefinition<P extends Record<string, ParamSpec<any>> = Record<string, ParamSpec<any>>> {
  readonly kind: "fieldnet.scenario"
  readonly name: string
  readonly description: string
  readonly params: P
  /** Sim time to run when `--until` is not given (a duration such as "10min"). */
  readonly until: string
  /** Places nodes and starts their programs in `world`. */
  build(world: Simulation, params: ParamValues<P>): void | ScenarioHooks
}

/** Input of {@link defineScenario}. */
export interface ScenarioInput<P extends Record<string, ParamSpec<any>>> {
  readonly name: string
  readonly description: string
  readonly params?: P
  readonly until?: string
  build(world: Simulation, params: ParamValues<P>): void | ScenarioHooks
}

/**
 * Defines a scenario. A scenario module default-exports the result:
 * ```ts
 * export default defineScenario({ name: "x", description: "…",
 *   params: { rounds: param(Schema.Int, 100, "rounds") }, until: "10min",
 *   build(world, { rounds }) { world.spawn(function* () { … }) } })
 * ```
 * Parameter defaults are checked against their schemas here, so a bad default
 * fails when the module loads, naming the parameter.
 */
export function defineScenario<P extends Record<string, ParamSpec<any>> = {}>(input: ScenarioInput<P>): ScenarioDefinition<P> {
  const params = (input.params ?? {}) as P
  for (const [key, spec] of Object.entries(params)) {
    const r = Schema.decodeUnknownResult(spec.schema)(spec.default)
    if (r._tag === "Failure") throw new ParamError(`scenario "${input.name}": default of param "${key}" is invalid: ${firstLine(r.failure.message)}`)
  }
  return { kind: "fieldnet.scenario", name: input.name, description: input.description, params, until: input.until ?? "1h", build: input.build }
}

/** A parameter or option the user gave is invalid; the CLI prints the message and exits 2. */
export class ParamError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "ParamError"
  }
}

/**
 * Splits an Effect Schema issue message ("Expected number\n  at [0]["atMs"]") into
 * the expectation and a field path in JS notation (`[0].atMs`).
 */
function splitIssue(message: string): { expected: string; path: string } {
  const lines = message.split("\n").map((l) => l.trim()).filter((l) => l.length > 0)
  const at = lines.find((l) => l.startsWith("at ["))
  const expected = lines.filter((l) => !l.startsWith("at [")).join(" ")
  const path = at === undefined ? "" : at.slice(3).replace(/\["([^"]*)"\]/g, ".$1")
  return { expected, path }
}

function firstLine(text: string): string {
  return text.split("\n").map((l) => l.trim()).join(" ")
}

/** Is this a scenario definition (the default export of a scenario module)? */
export function isScenario(value: unknown): value is ScenarioDefinition {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "fieldnet.scenario"
}

/**
 * Resolves parameter values from `--set key=value` pairs: each value is read as
 * JSON when it parses (numbers, booleans, arrays), else as a string, then
 * decoded by the parameter's schema. Unknown keys and values that do not decode
 * throw a {@link ParamError} naming the field and the expected type.
 */
export function resolveParams<P extends Record<string, ParamSpec<any>>>(def: ScenarioDefinition<P>, sets: readonly string[]): ParamValues<P> {
  const out: Record<string, unknown> = {}
  for (const [key, spec] of Object.entries(def.params)) out[key] = spec.default
  for (const item of sets) {
    const eq = item.indexOf("=")
    if (eq <= 0) throw new ParamError(`--set ${item}: expected key=value`)
    const key = item.slice(0, eq)
    const raw = item.slice(eq + 1)
    const spec = (def.params as Record<string, ParamSpec<unknown>>)[key]
    if (spec === undefined) {
      const known = Object.keys(def.params)
      throw new ParamError(`--set ${item}: scenario "${def.name}" has no param "${key}" (params: ${known.length > 0 ? known.join(", ") : "none"})`)
    }
    const candidates: unknown[] = []
    try {
      candidates.push(JSON.parse(raw))
    } catch {
      /* not JSON: the raw string below */
    }
    candidates.push(raw)
    let failure: { expected: string; path: string } | undefined
    let ok = false
    for (const c of candidates) {
      const r = Schema.decodeUnknownResult(spec.schema)(c)
      if (r._tag === "Success") {
        out[key] = r.success
        ok = true
        break
      }
      failure ??= splitIssue(r.failure.message)
    }
    if (!ok) {
      const f = failure ?? { expected: "invalid value", path: "" }
      const where = f.path === "" ? `param "${key}"` : `param "${key}${f.path}"`
      const got = f.path === "" ? `, got ${JSON.stringify(raw)}` : ""
      throw new ParamError(`--set ${item}: invalid value for ${where}: ${f.expected}${got} (${spec.description})`)
    }
  }
  return out as ParamValues<P>
}
