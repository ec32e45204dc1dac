import { readFileSync } from "node:fs"
import { dirname, isAbsolute, relative, resolve } from "node:path"
import { Schema } from "effect"
import type { RunSummary } from "./run-scenario.ts"
import { ParamError } from "./scenario.ts"

/**
 * A replay file: everything needed to re-run a run bit for bit: the scenario
 * module, seed, horizon and parameter overrides (a fault schedule travels as a
 * parameter), plus the digest and stop reason the original run produced.
 */
export const ReplayFile = Schema.Struct({
  fieldnet: Schema.Literal("replay/1"),
  scenario: Schema.String,
  seed: Schema.Int,
  until: Schema.String,
  set: Schema.Array(Schema.String),
  digest: Schema.String,
  stop: Schema.Struct({ reason: Schema.String, message: Schema.String }),
  simTimeUs: Schema.Number,
  note: Schema.optional(Schema.String),
  /** The firmware the run's Python devices loaded: path → (file → base64), re-used instead of the disk on replay. */
  firmware: Schema.optional(Schema.Record(Schema.String, Schema.Record(Schema.String, Schema.String))),
})

/** The decoded replay file type. */
export type ReplayFile = typeof ReplayFile.Type

/** Builds a replay record; the scenario path is stored relative to the current directory. */
export function replayRecord(input: {
  scenarioFile: string
  seed: number
  until: string
  set: readonly string[]
  summary: RunSummary
  note?: string
  firmware?: Readonly<Record<string, Record<string, string>>>
}): ReplayFile {
  const scenario = input.scenarioFile === DEFAULT_FIRMWARE_WORLD ? DEFAULT_FIRMWARE_WORLD : relative(process.cwd(), resolve(input.scenarioFile))
  return {
    fieldnet: "replay/1",
    scenario,
    seed: input.seed,
    until: input.until,
    set: [...input.set],
    digest: input.summary.digest,
    stop: { reason: input.summary.stop.reason, message: input.summary.stop.message },
    simTimeUs: input.summary.simTimeUs,
    ...(input.note === undefined ? {} : { note: input.note }),
    ...(input.firmware === undefined || Object.keys(input.firmware).length === 0 ? {} : { firmware: { ...input.firmware } }),
  }
}

/** The scenario name a replay file uses for the default world of `fieldnet run main.py`. */
export const DEFAULT_FIRMWARE_WORLD = "fieldnet:firmware-world"


/** Reads and validates a replay file; a relative scenario path is tried from the cwd, then beside the file. */
export function readReplayFile(path: string): ReplayFile & { scenarioPath: string } {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, "utf8"))
  } catch (e) {
    throw new ParamError(`cannot read replay file ${path}: ${(e as Error).message}`)
  }
  const r = Schema.decodeUnknownResult(ReplayFile)(raw)
  if (r._tag === "Failure") throw new ParamError(`${path} is not a fieldnet replay file: ${r.failure.message.replace(/\n\s*/g, " ")}`)
  const rec = r.success
  if (rec.scenario === DEFAULT_FIRMWARE_WORLD) return { ...rec, scenarioPath: DEFAULT_FIRMWARE_WORLD }
  const fromCwd = resolve(rec.scenario)
  const besideFile = resolve(dirname(path), rec.scenario)
  const scenarioPath = isAbsolute(rec.scenario) ? rec.scenario : existsOr(fromCwd, besideFile)
  return { ...rec, scenarioPath }
}

function existsOr(a: string, b: string): string {
  try {
    readFileSync(a)
    return a
  } catch {
    return b
  }
}
