/** The regions fieldnet models, by the name `network.LoRa(region=…)` uses (docs/models.md §1.2, §3). */
import { ValueError } from "../errors/errors.ts"
import { AS923 } from "./region-as923.ts"
import { AU915 } from "./region-au915.ts"
import { EU868 } from "./region-eu868.ts"
import type { Region } from "./region-types.ts"
import { US915 } from "./region-us915.ts"

/** Supported regions by name. */
export const REGIONS: Readonly<Record<Region["name"], Region>> = { EU868, US915, AS923, AU915 }

/** Looks a region up by name; an unsupported one raises ValueError. */
export function regionByName(name: string): Region {
  const r = (REGIONS as Readonly<Record<string, Region>>)[name]
  if (r === undefined) throw new ValueError(`unsupported LoRaWAN region: ${name}`)
  return r
}
