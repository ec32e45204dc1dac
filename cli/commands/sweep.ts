import { mkdirSync, writeFileSync } from "node:fs"
import { availableParallelism } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import type { LineChart } from "../report/charts.ts"
import { renderReport } from "../report/html.ts"
import { csvField } from "../results/csv.ts"
import { versions } from "../results/versions.ts"
import { loadScenario } from "../load-scenario.ts"
import { replayRecord } from "../replay-file.ts"
import type { RunSummary } from "../run-scenario.ts"
import { resolveParams } from "../scenario.ts"
import { aggregate, type PointResult } from "../sweep/aggregate.ts"
import { parseSeeds, sweepPoints } from "../sweep/plan.ts"
import { runPool } from "../sweep/pool.ts"
import type { SweepJob } from "../sweep/worker.ts"
import { intOption, USAGE, UsageError } from "../usage.ts"

/** `fieldnet sweep <scenario> --set k=a,b … --seeds 1..5 [--jobs N] [--until T] [--out DIR]`. */
export async function sweepCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      set: { type: "string", multiple: true },
      seeds: { type: "string" },
      jobs: { type: "string" },
      until: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean" },
      quiet: { type: "boolean" },
    },
  })
  const file = positionals[0]
  if (file === undefined || positionals.length > 1) throw new UsageError(`sweep needs exactly one scenario file\n${USAGE}`)
  const def = await loadScenario(file)
  const points = sweepPoints(values.set ?? [])
  for (const p of points) resolveParams(def, p.set) // reject a bad value before any worker starts
  const seeds = parseSeeds(values.seeds ?? "1..3")
  const jobsN = intOption("jobs", values.jobs) ?? availableParallelism()
  if (jobsN < 1) throw new UsageError("--jobs must be at least 1")
  const outDir = values.out ?? join("results", `sweep-${def.name}`)
  mkdirSync(outDir, { recursive: true })

  const jobs: SweepJob[] = []
  for (const p of points) for (const seed of seeds) jobs.push({ id: jobs.length, scenarioFile: file, seed, until: values.until, set: p.set })
  const pointOf = (id: number) => Math.floor(id / seeds.length)
  const runs = new Map<number, { point: number; summary?: RunSummary }[]>()
  const crashes: { point: number; seed: number; error: string; replay?: string }[] = []
  const tty = process.stderr.isTTY === true && values.quiet !== true && values.json !== true
  const t0 = performance.now()
  let done = 0

  await runPool(jobs, jobsN, (a) => {
    const job = jobs[a.id] as SweepJob
    const point = pointOf(a.id)
    const list = runs.get(point) ?? []
    runs.set(point, list)
    done++
    if (a.ok) {
      list.push({ point, summary: a.summary })
      if (a.summary.stop.reason === "error" || a.summary.stop.reason === "watchdog") {
        const name = `replay-point${point}-seed${job.seed}.json`
        const rec = replayRecord({ scenarioFile: file, seed: job.seed, until: values.until ?? def.until, set: job.set, summary: a.summary })
        writeFileSync(join(outDir, name), JSON.stringify(rec, null, 2) + "\n")
        crashes.push({ point, seed: job.seed, error: a.summary.stop.message, replay: join(outDir, name) })
      }
    } else {
      list.push({ point })
      crashes.push({ point, seed: job.seed, error: a.error })
    }
    if (tty) {
      const el = (performance.now() - t0) / 1000
      const eta = done > 0 ? ((el / done) * (jobs.length - done)).toFixed(0) : "?"
      process.stderr.write(`\rsweep: ${done}/${jobs.length} runs, ${crashes.length} failed, ${el.toFixed(0)}s elapsed, ETA ${eta}s   `)
    }
  })
  if (tty) process.stderr.write("\r\x1b[K")

  const results = aggregate(points, runs)
  const keys = Object.keys(points[0]?.values ?? {})
  const metricNames = [...new Set(results.flatMap((r) => Object.keys(r.metrics)))]
  const header = [...keys, "seeds_ok", "seeds_failed", ...metricNames.flatMap((m) => [`${m}_mean`, `${m}_ci95`])]
  const rows = results.map((r) => [...keys.map((k) => r.point.values[k] ?? ""), r.ok, r.failed, ...metricNames.flatMap((m) => [r.metrics[m]?.mean ?? "", r.metrics[m]?.ci95 ?? ""])])
  writeFileSync(join(outDir, "sweep.csv"), [header, ...rows].map((row) => row.map((v) => csvField(typeof v === "number" && Number.isNaN(v) ? "" : v)).join(",")).join("\n") + "\n")
  writeFileSync(join(outDir, "report.html"), sweepReport(def.name, def.description, file, seeds, keys, metricNames, results, crashes))
  writeFileSync(join(outDir, "manifest.json"), JSON.stringify({ fieldnet: "sweep/1", scenario: def.name, scenarioFile: file, points: points.map((p) => p.values), seeds, until: values.until ?? def.until, versions: versions(), crashes }, null, 2) + "\n")

  if (values.json === true) {
    process.stdout.write(JSON.stringify({ scenario: def.name, runs: jobs.length, failed: crashes.length, out: outDir, points: results.map((r) => ({ values: r.point.values, ok: r.ok, failed: r.failed, metrics: r.metrics })) }) + "\n")
  } else if (values.quiet !== true) {
    process.stdout.write(`sweep of ${def.name}: ${points.length} points × ${seeds.length} seeds = ${jobs.length} runs on ${jobsN} workers, ${crashes.length} failed\n`)
    process.stdout.write(`wrote ${join(outDir, "sweep.csv")}, ${join(outDir, "report.html")}, ${join(outDir, "manifest.json")}\n`)
  }
  for (const c of crashes) {
    process.stderr.write(`failed: point ${JSON.stringify(points[c.point]?.values)} seed ${c.seed}: ${c.error}\n`)
    if (c.replay !== undefined) process.stderr.write(`  replay: npx fieldnet replay ${c.replay}\n`)
    else process.stderr.write(`  re-run: npx fieldnet run ${file} --seed ${c.seed} ${(points[c.point]?.set ?? []).map((s) => `--set ${s}`).join(" ")}\n`)
  }
  return crashes.length > 0 ? 1 : 0
}

function sweepReport(name: string, description: string, file: string, seeds: readonly number[], keys: readonly string[], metricNames: readonly string[], results: readonly PointResult[], crashes: readonly { point: number; seed: number; error: string }[]): string {
  // One chart per metric against the first swept parameter (numeric when it can be).
  const xKey = keys[0]
  const charts: LineChart[] = []
  if (xKey !== undefined) {
    const groups = new Map<string, PointResult[]>()
    for (const r of results) {
      const g = keys.slice(1).map((k) => `${k}=${r.point.values[k]}`).join(" ") || "mean"
      const list = groups.get(g) ?? []
      list.push(r)
      groups.set(g, list)
    }
    metricNames.forEach((m, i) => {
      const series = [...groups].flatMap(([g, list]) => {
        const pts = list.map((r) => [Number(r.point.values[xKey]), r.metrics[m]?.mean ?? NaN, r.metrics[m]?.ci95 ?? NaN] as const).filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))
        return [
          { name: g, points: pts.map((p) => [p[0], p[1]] as const) },
          { name: `${g} − CI95`, points: pts.filter((p) => Number.isFinite(p[2])).map((p) => [p[0], p[1] - p[2]] as const) },
          { name: `${g} + CI95`, points: pts.filter((p) => Number.isFinite(p[2])).map((p) => [p[0], p[1] + p[2]] as const) },
        ]
      })
      if (series.some((s) => s.points.length > 0)) charts.push({ kind: "line", id: `metric-${i}`, title: m, xLabel: xKey, yLabel: m, series })
    })
  }
  return renderReport({
    title: `fieldnet sweep: ${name}`,
    subtitle: description,
    facts: [
      ["scenario", `${name} (${file})`],
      ["seeds", seeds.join(", ")],
      ["points", String(results.length)],
      ["failed runs", String(crashes.length)],
    ],
    charts,
    tables: [
      {
        title: "Mean ± 95 % CI per point",
        columns: [...keys, "seeds ok", ...metricNames],
        rows: results.map((r) => [...keys.map((k) => r.point.values[k] ?? ""), r.ok, ...metricNames.map((m) => fmt(r.metrics[m]?.mean, r.metrics[m]?.ci95))]),
      },
      ...(crashes.length === 0 ? [] : [{ title: "Failed runs", columns: ["point", "seed", "error"], rows: crashes.map((c) => [JSON.stringify(results[c.point]?.point.values), c.seed, c.error]) }]),
    ],
  })
}

function fmt(mean: number | undefined, ci: number | undefined): string {
  if (mean === undefined || Number.isNaN(mean)) return ""
  return Number.isFinite(ci) ? `${mean.toPrecision(5)} ± ${(ci as number).toPrecision(3)}` : mean.toPrecision(5)
}
