import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { diffTraces } from "./commands/diff.ts"

const BIN = fileURLToPath(new URL("../bin/fieldnet.js", import.meta.url))

/** Outcome of running a scenario twice in separate processes. */
export interface DeterminismReport {
  readonly same: boolean
  readonly digests: readonly [string, string]
  /** 1-based number of the first differing trace line, when they differ. */
  readonly line?: number
  readonly a?: string
  readonly b?: string
}

/**
 * Runs `fieldnet run <args> --trace <tmp> --json --quiet` twice, each in its own
 * Node process, and compares the trace digests; when they differ, finds the first
 * differing line of the two traces.
 */
export async function checkDeterminism(runArgs: readonly string[]): Promise<DeterminismReport> {
  const dir = mkdtempSync(join(tmpdir(), "fieldnet-det-"))
  try {
    const runs = [0, 1].map((i) => {
      const trace = join(dir, `trace-${i}.ndjson`)
      const r = spawnSync(process.execPath, [BIN, "run", ...runArgs, "--trace", trace, "--json", "--quiet"], { encoding: "utf8", maxBuffer: 1 << 28 })
      const out = r.stdout.trim()
      let digest = ""
      try {
        digest = (JSON.parse(out) as { digest: string }).digest
      } catch {
        throw new Error(`determinism run ${i + 1} printed no summary (exit ${String(r.status)}): ${r.stderr.trim()}`)
      }
      return { trace, digest }
    })
    const [a, b] = runs as [{ trace: string; digest: string }, { trace: string; digest: string }]
    if (a.digest === b.digest) return { same: true, digests: [a.digest, b.digest] }
    const d = await diffTraces(a.trace, b.trace)
    return { same: false, digests: [a.digest, b.digest], line: d.line ?? 1, a: d.a ?? "<end of trace>", b: d.b ?? "<end of trace>" }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
