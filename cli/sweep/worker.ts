import { parentPort } from "node:worker_threads"
import { loadScenario } from "../load-scenario.ts"
import { runScenario, type RunSummary } from "../run-scenario.ts"

/** A job sent to a sweep worker. */
export interface SweepJob {
  readonly id: number
  readonly scenarioFile: string
  readonly seed: number
  readonly until: string | undefined
  readonly set: readonly string[]
}

/** A worker's answer. */
export type SweepAnswer = { readonly id: number; readonly ok: true; readonly summary: RunSummary } | { readonly id: number; readonly ok: false; readonly error: string }

const port = parentPort
if (port === null) throw new Error("sweep worker must run in a worker thread")
port.on("message", (job: SweepJob) => {
  void (async () => {
    try {
      const def = await loadScenario(job.scenarioFile)
      const summary = runScenario(def, { seed: job.seed, set: job.set, ...(job.until === undefined ? {} : { until: job.until }) })
      port.postMessage({ id: job.id, ok: true, summary } satisfies SweepAnswer)
    } catch (e) {
      port.postMessage({ id: job.id, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } satisfies SweepAnswer)
    }
  })()
})
