import { existsSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { UsageError } from "../usage.ts"

/** Options a firmware file may carry in its first lines: `# fieldnet: --board k230 --until 2min --set latencyMs=80`. */
export interface FirmwareDirectives {
  readonly board?: string
  readonly until?: string
  readonly set: readonly string[]
}

/** A path `fieldnet run` treats as firmware: a .py file, or a folder holding main.py or boot.py. */
export function isFirmwarePath(path: string): boolean {
  if (path.endsWith(".py")) return true
  if (!existsSync(path)) return false
  const st = statSync(path)
  return st.isDirectory() && (existsSync(join(path, "main.py")) || existsSync(join(path, "boot.py")))
}

/**
 * Reads `# fieldnet: …` lines among the first 20 lines of the firmware's main
 * file (the .py itself, or the folder's main.py): defaults for `--board`,
 * `--until` and `--set` that the command line overrides. A bad directive is a
 * usage error naming the file and line.
 */
export function readDirectives(path: string): FirmwareDirectives {
  const main = path.endsWith(".py") ? path : join(path, "main.py")
  if (!existsSync(main) || !statSync(main).isFile()) return { set: [] }
  const lines = readFileSync(main, "utf8").split(/\r?\n/).slice(0, 20)
  let board: string | undefined
  let until: string | undefined
  const set: string[] = []
  lines.forEach((line, i) => {
    const m = /^#\s*fieldnet:\s*(.*)$/.exec(line)
    if (m === null) return
    let parsed
    try {
      parsed = parseArgs({ args: m[1]!.trim().split(/\s+/).filter((s) => s.length > 0), options: { board: { type: "string" }, until: { type: "string" }, set: { type: "string", multiple: true } }, strict: true })
    } catch (e) {
      throw new UsageError(`${main}:${i + 1}: bad "# fieldnet:" line: ${(e as Error).message}`)
    }
    board = parsed.values.board ?? board
    until = parsed.values.until ?? until
    set.push(...(parsed.values.set ?? []))
  })
  return { ...(board === undefined ? {} : { board }), ...(until === undefined ? {} : { until }), set }
}
