import { createReadStream, existsSync } from "node:fs"
import { createInterface } from "node:readline"
import { formatDuration, parseDuration, type Micros } from "../sim/index.ts"
import { ParamError } from "./scenario.ts"

/** A filter over trace lines: nodes and kinds (exact, or prefix with a trailing `*`) and a time range. */
export interface TraceFilter {
  readonly nodes?: readonly string[]
  readonly kinds?: readonly string[]
  readonly from?: Micros
  readonly to?: Micros
}

/** One parsed trace line. */
export interface TraceRecord {
  readonly t: number
  readonly node: string
  readonly kind: string
  readonly [field: string]: unknown
}

const matches = (patterns: readonly string[] | undefined, value: string) =>
  patterns === undefined || patterns.length === 0 || patterns.some((p) => (p.endsWith("*") ? value.startsWith(p.slice(0, -1)) : value === p))

/** Whether a record passes the filter. */
export function traceMatches(rec: TraceRecord, f: TraceFilter): boolean {
  return matches(f.nodes, rec.node) && matches(f.kinds, rec.kind) && (f.from === undefined || rec.t >= f.from) && (f.to === undefined || rec.t <= f.to)
}

/** Streams the lines of an NDJSON trace file (without newlines). */
export async function* traceLines(path: string): AsyncGenerator<string> {
  if (!existsSync(path)) throw new ParamError(`trace file not found: ${path}`)
  const rl = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity })
  for await (const line of rl) if (line.length > 0) yield line
}

/** Parses one trace line, naming the line number if it is not a trace record. */
export function parseTraceLine(line: string, lineNo: number): TraceRecord {
  try {
    const rec = JSON.parse(line) as TraceRecord
    if (typeof rec.t === "number" && typeof rec.node === "string" && typeof rec.kind === "string") return rec
  } catch {
    /* reported below */
  }
  throw new ParamError(`line ${lineNo} is not a fieldnet trace record: ${line.slice(0, 120)}`)
}

/** A human rendering: `   1.234567s  node  kind  k=v k=v`. */
export function prettyTraceLine(rec: TraceRecord): string {
  const { t, node, kind, ...rest } = rec
  const fields = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ")
  return `${formatDuration(t).padStart(16)}  ${node}  ${kind}${fields === "" ? "" : "  " + fields}`
}

/** Parses a `--from`/`--to` option. */
export function timeOption(name: string, text: string | undefined): Micros | undefined {
  if (text === undefined) return undefined
  try {
    return parseDuration(text)
  } catch (e) {
    throw new ParamError(`--${name}: ${(e as Error).message}`)
  }
}
