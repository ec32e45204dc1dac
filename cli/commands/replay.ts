import { readFileSync } from "node:fs"
import { parseArgs } from "node:util"
import { formatDuration, parseDuration, Trace } from "../../sim/index.ts"
import { setFirmwareOverrides } from "../../stack/python/firmware.ts"
import { loadScenario } from "../load-scenario.ts"
import { readReplayFile } from "../replay-file.ts"
import { runScenario } from "../run-scenario.ts"
import { ParamError } from "../scenario.ts"
import { parseTraceLine, prettyTraceLine, timeOption, traceMatches } from "../trace-file.ts"
import { USAGE, UsageError } from "../usage.ts"

/**
 * `fieldnet replay <file>`: re-runs a recorded run (same scenario, seed, params,
 * horizon) and checks that it reproduces the recorded digest. `--until` stops
 * earlier (the digest then differs by design and is not compared); `--node`
 * prints that node's trace within `--window` before its last event, or within
 * `--window` either side of `--at`.
 */
export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      until: { type: "string" },
      node: { type: "string", multiple: true },
      window: { type: "string" },
      at: { type: "string" },
      trace: { type: "string" },
      json: { type: "boolean" },
    },
  })
  const file = positionals[0]
  if (file === undefined || positionals.length > 1) throw new UsageError(`replay needs exactly one replay file\n${USAGE}`)
  const rec = readReplayFile(file)
  // The recorded firmware, not whatever is on disk now.
  setFirmwareOverrides(rec.firmware ?? {})
  const def = await loadScenario(rec.scenarioPath)
  let window: number
  try {
    window = values.window === undefined ? parseDuration("10s") : parseDuration(values.window)
  } catch (e) {
    throw new ParamError(`--window: ${(e as Error).message}`)
  }
  const early = values.until !== undefined
  const trace = new Trace({ sink: values.trace === undefined ? { kind: "memory" } : { kind: "file", path: values.trace } })
  const summary = runScenario(def, { seed: rec.seed, until: values.until ?? rec.until, set: rec.set, trace })
  const reproduced = summary.digest === rec.digest
  if (values.json === true) {
    process.stdout.write(JSON.stringify({ replay: file, reproduced: early ? null : reproduced, expected: rec.digest, summary }) + "\n")
  } else {
    process.stdout.write(
      `replayed ${rec.scenario} seed ${rec.seed} until ${early ? values.until : rec.until}: stopped at ${formatDuration(summary.simTimeUs)} (${summary.stop.reason}: ${summary.stop.message})\n` +
        (early
          ? `stopped early at --until: digest ${summary.digest} (not compared)\n`
          : reproduced
            ? `reproduced: digest ${summary.digest} matches the recording\n`
            : `NOT reproduced: digest ${summary.digest}, recording has ${rec.digest}\n`),
    )
  }
  const nodes = values.node
  if (nodes !== undefined && nodes.length > 0 && summary.traceLines > 0) {
    const lines = values.trace === undefined ? trace.lines : readFileSync(values.trace, "utf8").trimEnd().split("\n")
    const records = lines.map((l, i) => parseTraceLine(l, i + 1)).filter((r) => traceMatches(r, { nodes }))
    // Around --at, else up to the node's last event (a failure is usually there).
    const at = values.at === undefined ? (records.at(-1)?.t ?? summary.simTimeUs) : timeOption("at", values.at) ?? 0
    const from = Math.max(0, at - window)
    const to = values.at === undefined ? at : at + window
    const shown = records.filter((r) => r.t >= from && r.t <= to)
    process.stdout.write(`trace of ${nodes.join(", ")} from ${formatDuration(from)} to ${formatDuration(to)} (${shown.length} lines):\n`)
    for (const r of shown) process.stdout.write(prettyTraceLine(r) + "\n")
  }
  return early || reproduced ? 0 : 1
}
