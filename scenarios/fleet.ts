/**
 * fleet: runs any fleet described in a JSON spec file (format: README "Fleet
 * specs"; stack/fleet/spec.ts): device groups (LoRaWAN, raw LoRa, Sigfox),
 * placements (disc, rect, grid, clusters, CSV), traffic (periodic, Poisson,
 * bursts), gateways (single, grid, hex, ring, CSV) and the model preset. The
 * spec is checked before anything runs: a bad field exits with code 2 and its
 * path, e.g. `spec.groups[1].traffic.periodS: Expected a value greater than 0, got -5`.
 *
 *   npx fieldnet run scenarios/fleet.ts --set spec=scenarios/fleets/example.json --out results/example
 */
import { readFileSync } from "node:fs"
import { dirname } from "node:path"
import { Fleet, FleetSpecError, ParamError, decodeFleetSpec, defineScenario, fleetHooks, param, Schema } from "fieldnet"

export default defineScenario({
  name: "fleet",
  description: "A fleet from a JSON spec file: delivery, airtime, energy, per SF / distance / gateway",
  until: "1d",
  params: {
    spec: param(Schema.String, "scenarios/fleets/example.json", "path of the fleet spec (JSON); CSV paths in it are relative to it"),
    traceFrames: param(Schema.Boolean, false, "trace every LoRa frame (fleet.tx / fleet.rx / fleet.lost)"),
  },
  build(world, p) {
    let text: string
    try {
      text = readFileSync(p.spec, "utf8")
    } catch {
      throw new ParamError(`param "spec": cannot read ${p.spec}`)
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (e) {
      throw new ParamError(`param "spec": ${p.spec} is not valid JSON (${(e as Error).message})`)
    }
    try {
      const spec = decodeFleetSpec(json, "spec", { baseDir: dirname(p.spec) })
      return fleetHooks(world, new Fleet(world, spec, { traceFrames: p.traceFrames }))
    } catch (e) {
      if (e instanceof FleetSpecError) throw new ParamError(`${p.spec}: ${e.message}`)
      throw e
    }
  },
})
