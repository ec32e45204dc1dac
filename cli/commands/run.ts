import { mkdirSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { parseArgs } from "node:util"
import { formatDuration } from "../../sim/index.ts"
import { checkDeterminism } from "../determinism.ts"
import { loadScenario } from "../load-scenario.ts"
import { replayRecord } from "../replay-file.ts"
import { writeResults } from "../results/write-results.ts"
import { formatTextTable } from "../report/text-table.ts"
import { formatSummary, runScenarioWithResults, type Progress, type RunScenarioOptions } from "../run-scenario.ts"
import { intOption, USAGE, UsageError } from "../usage.ts"
import { PythonRuntime } from "../../stack/python/python-runtime.ts"
import { consolePrinter } from "../firmware/console.ts"
import { resolveRunTarget } from "../firmware/run-target.ts"

function progressPrinter(): (p: Progress) => void {
  let last = 0
  return (p) => {
    if (p.wallMs - last < 250) return
    last = p.wallMs
    const frac = p.untilUs > 0 && Number.isFinite(p.untilUs) ? Math.min(1, p.simTimeUs / p.untilUs) : 0
    const rate = p.wallMs > 0 ? Math.round((p.events / p.wallMs) * 1000) : 0
    const eta = frac > 0 ? ((p.wallMs * (1 - frac)) / frac / 1000).toFixed(1) : "?"
    process.stderr.write(`\r${formatDuration(p.simTimeUs)} ${(frac * 100).toFixed(1)}%  ${rate} events/s  ETA ${eta}s   `)
  }
}

/** Marks a file option given without a value (`--trace` right before another option or at the end). */
const AUTO = "\u0000auto"

/** Lets `--trace` be given without a file when `--out DIR` says where it goes. */
function withOptionalValues(argv: readonly string[], names: readonly string[]): string[] {
  const out: string[] = []
  argv.forEach((arg, i) => {
    out.push(arg)
    const next = argv[i + 1]
    if (names.includes(arg) && (next === undefined || next.startsWith("--"))) out.push(AUTO)
  })
  return out
}

/** `fieldnet run <scenario.ts> …`: runs one scenario and prints its summary. */
export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: withOptionalValues(argv, ["--trace", "--pcap"]),
    allowPositionals: true,
    options: {
      seed: { type: "string" },
      until: { type: "string" },
      set: { type: "string", multiple: true },
      trace: { type: "string" },
      pcap: { type: "string" },
      json: { type: "boolean" },
      quiet: { type: "boolean" },
      "check-determinism": { type: "boolean" },
      "save-replay": { type: "string" },
      out: { type: "string" },
      "max-events": { type: "string" },
      "max-wall-seconds": { type: "string" },
      "keep-going": { type: "boolean" },
      board: { type: "string" },
      world: { type: "string" },
      "python-guard-seconds": { type: "string" },
    },
  })
  const target = positionals[0]
  if (target === undefined || positionals.length > 1) throw new UsageError(`run needs exactly one scenario file (or firmware: a .py file or a folder with main.py)\n${USAGE}`)
  const seed = intOption("seed", values.seed) ?? 1
  const maxEvents = intOption("max-events", values["max-events"])
  const maxWall = intOption("max-wall-seconds", values["max-wall-seconds"])
  const guardSeconds = intOption("python-guard-seconds", values["python-guard-seconds"])
  const run = await resolveRunTarget(target, { board: values.board, world: values.world, set: values.set ?? [], until: values.until })
  const { def, file, sets } = run
  const untilText = run.until
  const outDir = values.out
  let traceFile = values.trace
  if (traceFile === AUTO) {
    if (outDir === undefined) throw new UsageError("--trace needs a file name unless --out DIR is given")
    traceFile = join(outDir, "trace.ndjson")
  }
  let pcapFile = values.pcap
  if (pcapFile === AUTO) {
    if (outDir === undefined) throw new UsageError("--pcap needs a file name unless --out DIR is given")
    pcapFile = join(outDir, "frames.pcap")
  }
  if (outDir !== undefined) mkdirSync(outDir, { recursive: true })

  if (values["check-determinism"] === true) {
    const args = [...run.replayArgs, "--seed", String(seed), ...(untilText === undefined ? [] : ["--until", untilText])]
    for (const s of run.userSets) args.push("--set", s)
    if (maxEvents !== undefined) args.push("--max-events", String(maxEvents))
    const report = await checkDeterminism(args)
    if (!report.same) {
      process.stderr.write(
        `fieldnet: NOT deterministic: digests ${report.digests[0]} != ${report.digests[1]}\n` +
          `first difference at trace line ${report.line}:\n  run 1: ${report.a}\n  run 2: ${report.b}\n`,
      )
      return 1
    }
    if (values.json === true) process.stdout.write(JSON.stringify({ scenario: def.name, seed, deterministic: true, digest: report.digests[0] }) + "\n")
    else process.stdout.write(`deterministic: two runs in separate processes gave digest ${report.digests[0]}\n`)
    return 0
  }

  const showProgress = values.quiet !== true && values.json !== true && process.stderr.isTTY === true
  const options: RunScenarioOptions = {
    seed,
    ...(untilText === undefined ? {} : { until: untilText }),
    set: sets,
    traceSink: traceFile === undefined ? { kind: "none" } : { kind: "file", path: traceFile },
    ...(pcapFile === undefined ? {} : { pcapFile }),
    ...(maxEvents === undefined ? {} : { maxEvents }),
    ...(maxWall === undefined ? {} : { maxWallSeconds: maxWall }),
    ...(values["keep-going"] === true ? { keepGoing: true } : {}),
    ...(showProgress ? { onProgress: progressPrinter() } : {}),
    beforeBuild: (world) => {
      const py = PythonRuntime.of(world, guardSeconds === undefined ? {} : { guardSeconds })
      if (values.json !== true && values.quiet !== true) py.onConsole(consolePrinter())
    },
  }
  const results = runScenarioWithResults(def, options)
  const summary = results.summary
  if (showProgress) process.stderr.write("\r\x1b[K")
  if (outDir !== undefined) {
    const extra = traceFile !== undefined && resolve(traceFile) === resolve(join(outDir, "trace.ndjson")) ? ["trace.ndjson"] : []
    if (pcapFile !== undefined && resolve(pcapFile) === resolve(join(outDir, "frames.pcap"))) extra.push("frames.pcap")
    const written = writeResults(outDir, results, { scenarioFile: file, description: def.description, extraFiles: extra })
    if (values.json !== true && values.quiet !== true) process.stderr.write(`results in ${outDir}: ${written.files.join(", ")}\n`)
  }
  if (values["save-replay"] !== undefined) {
    const record = replayRecord({ scenarioFile: file, seed, until: untilText ?? def.until, set: sets, summary, firmware: results.firmware })
    writeFileSync(values["save-replay"], JSON.stringify(record, null, 2) + "\n")
  }
  if (values.json === true) process.stdout.write(JSON.stringify(summary) + "\n")
  else if (values.quiet !== true) {
    process.stdout.write(formatSummary(summary) + "\n")
    for (const t of results.tables) process.stdout.write("\n" + formatTextTable(t) + "\n")
  }
  if (summary.stop.reason === "error" || summary.stop.reason === "watchdog" || summary.failures.length > 0) {
    if (summary.stop.reason === "error" || summary.stop.reason === "watchdog") process.stderr.write(`fieldnet: run stopped: ${summary.stop.message}\n`)
    else for (const f of summary.failures) process.stderr.write(`fieldnet: ${f}\n`)
    if (values["save-replay"] !== undefined) process.stderr.write(`replay it with: npx fieldnet replay ${values["save-replay"]}\n`)
    return 1
  }
  return 0
}
