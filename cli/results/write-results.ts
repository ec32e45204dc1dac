import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { formatDuration } from "../../sim/index.ts"
import { renderReport } from "../report/html.ts"
import type { RunResults } from "../run-scenario.ts"
import { toCsv } from "./csv.ts"
import { versions } from "./versions.ts"

/** What went into a results directory, for the CLI to report. */
export interface WrittenResults {
  readonly dir: string
  readonly files: readonly string[]
}

/**
 * Writes a run's results directory: `manifest.json` (scenario, params, seed,
 * versions, digest), `summary.json`, `devices.csv` (when the scenario gives
 * per-device rows) and `report.html`. The trace and pcap files are written
 * there by the run itself when asked for.
 */
export function writeResults(dir: string, run: RunResults, input: { scenarioFile: string; description: string; extraFiles?: readonly string[] }): WrittenResults {
  mkdirSync(dir, { recursive: true })
  const s = run.summary
  const files: string[] = []
  const write = (name: string, content: string) => {
    writeFileSync(join(dir, name), content)
    files.push(name)
  }
  const manifest = {
    fieldnet: "results/1",
    scenario: s.scenario,
    scenarioFile: input.scenarioFile,
    params: s.params,
    seed: s.seed,
    untilUs: s.untilUs,
    versions: versions(),
    digest: s.digest,
    stop: s.stop,
    files: [...(input.extraFiles ?? [])],
  }
  write("summary.json", JSON.stringify(s, null, 2) + "\n")
  if (run.devices.length > 0) write("devices.csv", toCsv(run.devices))
  write(
    "report.html",
    renderReport({
      title: `fieldnet: ${s.scenario}`,
      subtitle: input.description,
      facts: [
        ["scenario", `${s.scenario} (${input.scenarioFile})`],
        ["seed", String(s.seed)],
        ["params", JSON.stringify(s.params)],
        ["sim time", formatDuration(s.simTimeUs)],
        ["stop", `${s.stop.reason}: ${s.stop.message}`],
        ["events", String(s.events)],
        ["digest", s.digest],
      ],
      metrics: s.metrics,
      charts: run.charts,
      tables: run.tables,
    }),
  )
  files.push("manifest.json")
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...manifest, files: [...files, ...(input.extraFiles ?? [])] }, null, 2) + "\n")
  return { dir, files: [...files, ...(input.extraFiles ?? [])] }
}
