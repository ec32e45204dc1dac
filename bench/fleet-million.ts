/**
 * Child process of the fleet benchmark: builds and runs one fleet (argv:
 * devices, period s, hours) and prints one JSON line with build/run wall time,
 * packets and the process's peak RSS, so the peak is that of this run alone.
 */
import { Simulation, hours } from "../sim/index.ts"
import { Fleet, fleetReport } from "../stack/fleet/index.ts"
import { citySpec, denseCity } from "./fleet-scenarios.ts"

const devices = Number(process.argv[2] ?? 1_000_000)
const periodS = Number(process.argv[3] ?? 3600)
const h = Number(process.argv[4] ?? 24)
// Optional fixed layout (radius m, gateway spacing m, gateways); default: denseCity(devices).
const layout = process.argv[5] === undefined ? denseCity(devices) : { radiusM: Number(process.argv[5]), gatewaySpacingM: Number(process.argv[6]), gateways: Number(process.argv[7]) }
const t0 = performance.now()
const world = new Simulation({ seed: 1 })
const fleet = new Fleet(world, citySpec(devices, periodS, layout))
const t1 = performance.now()
world.run({ until: hours(h) })
const t2 = performance.now()
const r = fleetReport(fleet, world.now)
const t3 = performance.now()
process.stdout.write(
  JSON.stringify({
    devices,
    periodS,
    hours: h,
    gateways: fleet.gatewaySites.length,
    buildMs: Math.round(t1 - t0),
    runMs: Math.round(t2 - t1),
    reportMs: Math.round(t3 - t2),
    frames: r.overall.frames,
    deliveryRatio: r.overall.ratio,
    events: world.events,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + "\n",
)
