import { existsSync } from "node:fs"
import { resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { DEFAULT_FIRMWARE_WORLD } from "./replay-file.ts"
import { isScenario, ParamError, type ScenarioDefinition } from "./scenario.ts"

/** Imports a scenario module and returns its default-exported definition ({@link DEFAULT_FIRMWARE_WORLD} names the built-in firmware world). */
export async function loadScenario(file: string): Promise<ScenarioDefinition> {
  if (file === DEFAULT_FIRMWARE_WORLD) return (await import("./firmware/default-world.ts")).default as unknown as ScenarioDefinition
  const path = resolve(file)
  if (!existsSync(path)) throw new ParamError(`scenario file not found: ${file}`)
  const mod = (await import(pathToFileURL(path).href)) as { default?: unknown }
  if (!isScenario(mod.default)) {
    throw new ParamError(`${file} does not default-export a scenario (use: export default defineScenario({ … }))`)
  }
  return mod.default
}
