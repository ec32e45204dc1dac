import { parseArgs } from "node:util"
import { parseTraceLine, prettyTraceLine, traceLines } from "../trace-file.ts"
import { USAGE, UsageError } from "../usage.ts"

/** Result of comparing two traces. */
export interface TraceDiff {
  readonly same: boolean
  /** 1-based line of the first divergence. */
  readonly line?: number
  readonly a?: string
  readonly b?: string
  /** The last line both traces share before diverging. */
  readonly common?: string
}

/** Finds the first diverging line of two NDJSON traces (streaming both). */
export async function diffTraces(fileA: string, fileB: string): Promise<TraceDiff> {
  const a = traceLines(fileA)
  const b = traceLines(fileB)
  let line = 0
  let common: string | undefined
  for (;;) {
    const [ra, rb] = await Promise.all([a.next(), b.next()])
    line++
    if (ra.done === true && rb.done === true) return { same: true }
    const la = ra.done === true ? undefined : ra.value
    const lb = rb.done === true ? undefined : rb.value
    if (la !== lb) {
      return { same: false, line, ...(la === undefined ? {} : { a: la }), ...(lb === undefined ? {} : { b: lb }), ...(common === undefined ? {} : { common }) }
    }
    common = la
  }
}

/** `fieldnet diff a b`: prints the first diverging event of two traces; exit 1 when they differ. */
export async function diffCommand(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} })
  const [fa, fb] = positionals
  if (fa === undefined || fb === undefined || positionals.length !== 2) throw new UsageError(`diff needs two trace files\n${USAGE}`)
  const d = await diffTraces(fa, fb)
  if (d.same) {
    process.stdout.write("traces are identical\n")
    return 0
  }
  const show = (label: string, line: string | undefined) =>
    `${label}: ${line === undefined ? "<end of trace>" : prettyTraceLine(parseTraceLine(line, d.line ?? 0))}\n          ${line ?? ""}\n`
  process.stdout.write(
    `first divergence at line ${d.line}\n` +
      (d.common === undefined ? "" : `last common: ${prettyTraceLine(parseTraceLine(d.common, (d.line ?? 1) - 1))}\n`) +
      show("  a", d.a) +
      show("  b", d.b),
  )
  return 1
}
