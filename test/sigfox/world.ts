/** A small Sigfox world for tests: one medium (link-table losses), one backend, base stations, Pycom devices. */
import { linkTable } from "../../radio/index.ts"
import { UnbMedium } from "../../radio/sigfox/index.ts"
import { Simulation, type ProcessBody } from "../../sim/index.ts"
import { Device } from "../../stack/device.ts"
import { Sigfox, SigfoxBackend, type SigfoxBackendOptions, type SigfoxInitArgs } from "../../stack/sigfox/index.ts"

export function sigfoxWorld(opts: { devices?: string[]; stations?: string[]; loss?: number; backend?: SigfoxBackendOptions; args?: SigfoxInitArgs } = {}) {
  const sim = new Simulation({ seed: 3, trace: { sink: { kind: "memory" } }, onProcessError: "record" })
  const devNames = opts.devices ?? ["dev"]
  const stNames = opts.stations ?? ["bs1"]
  const links: [string, string, number][] = []
  const all = [...devNames, ...stNames]
  for (const a of all) for (const b of all) if (a < b) links.push([a, b, opts.loss ?? 120])
  const medium = new UnbMedium(sim, { propagation: linkTable(links) })
  const backend = new SigfoxBackend(medium, opts.backend)
  const stations = stNames.map((id, i) => backend.addStation({ id, position: { x: i * 1000, y: 0 } }))
  const devices = devNames.map((n) => new Device(sim, n, { profile: "pycom" }))
  const sigfox = devices.map((d) => new Sigfox(d, opts.args ?? {}, { medium }))
  return { sim, medium, backend, stations, devices, sigfox }
}

export function spawn<T>(sim: Simulation, body: () => ProcessBody<T>, node = "dev") {
  const p = sim.spawn(body, { node })
  return { get: () => p.result as T, error: () => p.error, proc: p }
}
