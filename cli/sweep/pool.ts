import { Worker } from "node:worker_threads"
import type { SweepAnswer, SweepJob } from "./worker.ts"

const ENTRY = new URL("./worker-entry.js", import.meta.url)

/**
 * Runs sweep jobs on `jobs` worker threads, one job per worker at a time. A
 * worker that dies mid-job (uncaught error, out of memory) fails only that job
 * and is replaced; the others go on.
 */
export function runPool(all: readonly SweepJob[], jobs: number, onAnswer: (a: SweepAnswer) => void): Promise<void> {
  return new Promise((resolveAll) => {
    let next = 0
    let done = 0
    if (all.length === 0) return resolveAll()
    const start = () => {
      const w = new Worker(ENTRY)
      let current: SweepJob | undefined
      const feed = () => {
        current = all[next++]
        if (current === undefined) {
          next = all.length
          void w.terminate()
        }
        else w.postMessage(current)
      }
      const finish = (a: SweepAnswer) => {
        onAnswer(a)
        if (++done === all.length) resolveAll()
      }
      w.on("message", (a: SweepAnswer) => {
        finish(a)
        feed()
      })
      w.on("error", (e) => {
        if (current !== undefined) finish({ id: current.id, ok: false, error: `worker died: ${e.message}` })
        current = undefined
      })
      w.on("exit", (code) => {
        // A worker that exited mid-job (process.exit in a scenario) fails that job only.
        if (current !== undefined) finish({ id: current.id, ok: false, error: `worker exited with code ${code}` })
        current = undefined
        // Replace a worker that died while work is left.
        if (next < all.length) start()
      })
      feed()
    }
    for (let i = 0; i < Math.min(jobs, all.length); i++) start()
  })
}
