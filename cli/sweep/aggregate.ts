import type { MetricValue } from "../../sim/index.ts"
import type { RunSummary } from "../run-scenario.ts"
import type { SweepPoint } from "./plan.ts"
import { meanCi, type MeanCi } from "./stats.ts"

/** The numeric metrics of one run, flattened: a sample contributes its mean as `<name>.mean`. */
export function numericMetrics(metrics: Record<string, MetricValue>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(metrics)) {
    if (typeof v === "number") out[k] = v
    else if (typeof v === "boolean") out[k] = v ? 1 : 0
    else if (typeof v === "object") {
      out[`${k}.mean`] = v.mean
      out[`${k}.p99`] = v.p99
    }
  }
  return out
}

/** Aggregated results of one sweep point over its seeds. */
export interface PointResult {
  readonly point: SweepPoint
  readonly ok: number
  readonly failed: number
  readonly metrics: Record<string, MeanCi>
}

/** Mean and 95 % CI of every numeric metric per point, over the seeds that ran. */
export function aggregate(points: readonly SweepPoint[], runs: ReadonlyMap<number, { point: number; summary?: RunSummary }[]>): PointResult[] {
  return points.map((point) => {
    const list = runs.get(point.index) ?? []
    const good = list.filter((r) => r.summary !== undefined && r.summary.stop.reason !== "error" && r.summary.stop.reason !== "watchdog")
    const byName = new Map<string, number[]>()
    for (const r of good) {
      for (const [k, v] of Object.entries(numericMetrics((r.summary as RunSummary).metrics))) {
        let a = byName.get(k)
        if (a === undefined) byName.set(k, (a = []))
        a.push(v)
      }
    }
    const metrics: Record<string, MeanCi> = {}
    for (const [k, vs] of byName) metrics[k] = meanCi(vs)
    return { point, ok: good.length, failed: list.length - good.length, metrics }
  })
}
