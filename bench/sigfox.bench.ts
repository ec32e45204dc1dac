import { runScenario } from "../cli/run-scenario.ts"
import { BaseStation, CARRIER_HALF_SPAN_HZ, UnbMedium, uplinkAirtimeUs } from "../radio/index.ts"
import fleet from "../scenarios/sigfox-fleet.ts"
import { Simulation } from "../sim/index.ts"
import { gc, report, wallMs } from "./report.ts"

/**
 * UNB frames resolved per wall second at the medium level: `frames` uplink
 * frames from 5,000 devices at Poisson times on random RC1 carriers, 3 base
 * stations (LoRaSim propagation), `ratePerS` frames/s aggregate.
 */
function unbFramesPerSecond(frames: number, ratePerS: number): void {
  gc()
  const sim = new Simulation({ seed: 1, trace: { enabled: false } })
  const medium = new UnbMedium(sim)
  let received = 0
  for (let k = 0; k < 3; k++) {
    const a = (2 * Math.PI * k) / 3
    new BaseStation(medium, { id: `bs${k}`, position: { x: 400 * Math.cos(a), y: 400 * Math.sin(a), z: 30 } }).onFrame(() => received++)
  }
  const place = sim.rng("bench/place")
  const devices = Array.from({ length: 5000 }, (_, i) => ({ id: `d${i}`, position: { x: place.uniform(-800, 800), y: place.uniform(-800, 800) } }))
  const r = sim.rng("bench/traffic")
  const T = uplinkAirtimeUs(12, 100)
  let t = 0
  for (let i = 0; i < frames; i++) {
    t += Math.round(r.exponential(1e6 / ratePerS))
    const d = devices[r.int(0, devices.length - 1)]!
    const f = 868_130_000 + r.uniform(-CARRIER_HALF_SPAN_HZ, CARRIER_HALF_SPAN_HZ)
    sim.schedule(t, () => medium.transmit({ kind: "uplink", sender: d.id, position: d.position, freqHz: f, bandwidthHz: 100, powerDbm: 16, durationUs: T, meta: undefined }))
  }
  const t0 = wallMs()
  sim.run()
  const ms = wallMs() - t0
  report("sigfox.unb_frames_per_s", frames / (ms / 1000), "frames/s", { frames, ratePerS, received, wallMs: Math.round(ms) })
}

/** The fleet scenario as users run it (2 × 5,000 devices, 1 h): wall time and events per second. */
function fleetScenario(): void {
  gc()
  const t0 = wallMs()
  const s = runScenario(fleet, { seed: 3 })
  const ms = wallMs() - t0
  report("sigfox.fleet_1h_wall", ms / 1000, "s", { devices: 10_000, events: s.events, eventsPerS: Math.round(s.events / (ms / 1000)) })
}

/** Runs the Sigfox benchmarks. */
export function run(): void {
  unbFramesPerSecond(200_000, 25)
  unbFramesPerSecond(200_000, 250)
  fleetScenario()
}
