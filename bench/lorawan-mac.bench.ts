/**
 * Class A fleet cost: N event-driven device MACs (ABP, unconfirmed uplinks every
 * ~10 min, 8 gateways on a grid, network server with de-duplication) for one
 * simulated hour. Reports sim events and device-hours per wall second and heap per
 * device, so the "10 000+ devices are cheap" claim is measured, not asserted.
 */
import { Gateway, LoraRadio, Medium, linkTable } from "../radio/index.ts"
import { Simulation, hours, minutes } from "../sim/index.ts"
import { EU868 } from "../stack/lorawan/index.ts"
import { ClassADevice } from "../stack/lorawan/mac/index.ts"
import { NetworkServer } from "../stack/lorawan/server/index.ts"
import { gc, report, wallMs } from "./report.ts"

function fleet(n: number): void {
  gc()
  const heap0 = process.memoryUsage().heapUsed
  const t0 = wallMs()
  const sim = new Simulation({ seed: 1, trace: { sink: { kind: "none" } } })
  const gwIds = Array.from({ length: 8 }, (_, i) => `gw${i}`)
  // free-space-like fixed losses: every device hears 2 of the 8 gateways
  const links: [string, string, number][] = []
  for (let i = 0; i < n; i++) {
    links.push([`d${i}`, gwIds[i % 8]!, 110 + (i % 17)])
    links.push([`d${i}`, gwIds[(i + 3) % 8]!, 118 + (i % 11)])
  }
  const medium = Medium.of(sim, { propagation: linkTable(links) })
  const ns = new NetworkServer(sim)
  for (const id of gwIds) ns.addGateway(new Gateway(medium, { id, position: { x: 0, y: 0 } }))
  const key = new Uint8Array(16).fill(3)
  const macs: ClassADevice[] = []
  const period = minutes(10)
  for (let i = 0; i < n; i++) {
    const radio = new LoraRadio(medium, { id: `d${i}`, position: { x: 0, y: 0 } })
    const mac = new ClassADevice(sim, { region: EU868, radio })
    const devEui = new Uint8Array(8)
    new DataView(devEui.buffer).setUint32(4, i)
    ns.registerAbp(devEui, i + 1, { nwkSKey: key, appSKey: key })
    mac.joinAbp({ devAddr: i + 1, nwkSKey: key, appSKey: key })
    macs.push(mac)
    const rng = sim.rng(`bench/d${i}`)
    const tick = {
      onEvent(): void {
        if (mac.idle) mac.send({ fport: 1, payload: new Uint8Array(12), confirmed: false, dr: 5 - (i % 3) })
        sim.after(Math.max(1, Math.round(rng.exponential(period))), tick)
      },
    }
    sim.schedule(Math.round(rng.uniform(0, period)), tick)
  }
  const built = wallMs()
  gc()
  const heapPerDevice = (process.memoryUsage().heapUsed - heap0) / n
  sim.run({ until: hours(1) })
  const runMs = wallMs() - built
  const ups = macs.reduce((a, m) => a + m.counters.uplinks, 0)
  report("lorawan.fleet_events_per_s", sim.events / (runMs / 1000), "events/s", { devices: n, simHours: 1, events: sim.events, uplinks: ups, delivered: ns.app.delivered, buildMs: Math.round(built - t0) })
  report("lorawan.fleet_device_hours_per_s", n / (runMs / 1000), "device-hours/s", { devices: n })
  report("lorawan.fleet_heap_per_device", heapPerDevice, "bytes", { devices: n })
}

/** Entry point used by bench/run.ts. */
export function run(): void {
  fleet(1_000)
  fleet(10_000)
}
