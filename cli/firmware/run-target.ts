import { BOARDS, boardOf } from "../../stack/python/boards.ts"
import { loadScenario } from "../load-scenario.ts"
import { DEFAULT_FIRMWARE_WORLD } from "../replay-file.ts"
import type { ScenarioDefinition } from "../scenario.ts"
import { UsageError } from "../usage.ts"
import { isFirmwarePath, readDirectives } from "./firmware-target.ts"

/** What `fieldnet run` runs: a scenario, with the parameter settings the command line and the firmware's directives give. */
export interface RunTarget {
  readonly def: ScenarioDefinition
  /** The scenario file for manifests and replay files ({@link DEFAULT_FIRMWARE_WORLD} for the built-in world). */
  readonly file: string
  /** Every `key=value` setting, in order of precedence (later wins). */
  readonly sets: readonly string[]
  /** The user's own `--set`s (a child process re-derives the rest). */
  readonly userSets: readonly string[]
  /** How a child process (`--check-determinism`) names the same target. */
  readonly replayArgs: readonly string[]
  readonly until: string | undefined
}

/** The default board of a firmware run: it has LoRa, Sigfox and WLAN. */
export const DEFAULT_BOARD = "lopy4"

/**
 * Resolves the target of `fieldnet run`: a scenario module, or firmware (a
 * .py file or a folder with main.py/boot.py) placed in the default world or
 * in `--world`'s, on `--board` (default from a `# fieldnet:` line, else lopy4).
 */
export async function resolveRunTarget(target: string, o: { board: string | undefined; world: string | undefined; set: readonly string[]; until: string | undefined }): Promise<RunTarget> {
  if (!isFirmwarePath(target)) {
    if (o.board !== undefined || o.world !== undefined) throw new UsageError(`--board and --world apply to firmware (a .py file or a folder with main.py), not to ${target}`)
    return { def: await loadScenario(target), file: target, sets: o.set, userSets: o.set, replayArgs: [target], until: o.until }
  }
  const directives = readDirectives(target)
  const board = o.board ?? directives.board ?? DEFAULT_BOARD
  if (boardOf(board) === undefined) throw new UsageError(`--board ${board}: expected one of ${Object.keys(BOARDS).join(", ")}`)
  const def = await loadScenario(o.world ?? DEFAULT_FIRMWARE_WORLD)
  for (const p of ["firmware", "board"]) {
    if (!(p in def.params)) throw new UsageError(`--world ${o.world ?? ""}: a world for firmware must declare the params "firmware" and "board" (scenario "${def.name}" has: ${Object.keys(def.params).join(", ") || "none"})`)
  }
  return {
    def,
    file: o.world ?? DEFAULT_FIRMWARE_WORLD,
    sets: [`firmware=${target}`, `board=${board}`, ...directives.set, ...o.set],
    userSets: o.set,
    replayArgs: [target, ...(o.board === undefined ? [] : ["--board", o.board]), ...(o.world === undefined ? [] : ["--world", o.world])],
    until: o.until ?? directives.until,
  }
}
