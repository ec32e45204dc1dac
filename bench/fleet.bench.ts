import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { lorasimMaxDistanceM } from "../radio/index.ts"
import { Simulation, days, hours } from "../sim/index.ts"
import { Fleet, fleetReport } from "../stack/fleet/index.ts"
import { citySpec, lorasimSpec } from "./fleet-scenarios.ts"
import { gc, report, wallMs } from "./report.ts"

/** (a) LoRaSim experiment 0, 1,000 nodes, mean inter-send 1,000,000 ms, 58 days: packets per CPU-second of the run. */
function lorasim(): void {
  gc()
  const world = new Simulation({ seed: 1 })
  const fleet = new Fleet(world, lorasimSpec(1000, lorasimMaxDistanceM(0)))
  const c0 = process.cpuUsage()
  world.run({ until: days(58) })
  const c = process.cpuUsage(c0)
  const cpuS = (c.user + c.system) / 1e6
  const r = fleetReport(fleet, world.now)
  report("fleet.lorasim_exp0.packets_per_cpu_s", r.overall.frames / cpuS, "packets/CPU-s", { nodes: 1000, days: 58, packets: r.overall.frames, der: r.overall.ratio, cpuS: Math.round(cpuS * 1000) / 1000, target: 3_000_000 })
}

/** (b) 10,000 LoRaWAN devices, one uplink per 10 min, 24 h, 3 gateways: wall time (build + run). */
function tenThousand(): void {
  gc()
  const t0 = wallMs()
  const world = new Simulation({ seed: 1 })
  const fleet = new Fleet(world, citySpec(10_000, 600, { radiusM: 1000, gatewaySpacingM: 1000, gateways: 3 }))
  const t1 = wallMs()
  world.run({ until: hours(24) })
  const t2 = wallMs()
  const r = fleetReport(fleet, world.now)
  report("fleet.lorawan_10k_24h.wall_s", (t2 - t0) / 1000, "s", { buildS: Math.round(t1 - t0) / 1000, runS: Math.round(t2 - t1) / 1000, frames: r.overall.frames, deliveryRatio: r.overall.ratio, events: world.events, target: 10 })
}

/** One child process running `citySpec(devices, periodS, layout)` for `h` hours (see fleet-million.ts). */
function child(devices: number, periodS: number, h: number, layout: readonly number[] = []): Record<string, number> {
  const script = fileURLToPath(new URL("./fleet-million.ts", import.meta.url))
  const out = execFileSync(process.execPath, ["--max-old-space-size=8192", "--import", "tsx", script, String(devices), String(periodS), String(h), ...layout.map(String)], { encoding: "utf8", maxBuffer: 1 << 20 })
  return JSON.parse(out.trim().split("\n").pop()!) as Record<string, number>
}

/**
 * Cost per packet at 1k, 10k, 100k devices: the same city (2.5 km disc, 7
 * gateways) and the same channel load (10 uplinks/s in all; the period grows
 * with the fleet), so only the number of devices changes — µs of wall time per
 * frame should stay flat.
 */
function flatCost(): void {
  const per: number[] = []
  for (const n of [1_000, 10_000, 100_000]) {
    const r = child(n, n / 10, 24, [2500, 1500, 7])
    const us = (r["runMs"]! * 1000) / r["frames"]!
    per.push(us)
    report("fleet.cost_per_packet_us", us, "µs/packet", { devices: n, frames: r["frames"], runMs: r["runMs"], buildMs: r["buildMs"], gateways: r["gateways"], peakRssMb: r["peakRssMb"] })
  }
  report("fleet.cost_per_packet.ratio_100k_to_1k", per[2]! / per[0]!, "ratio", { flatIf: "close to 1" })
}

/** (c) 1,000,000 devices, one uplink per hour, 24 h: wall time and peak RSS (a child process). */
function million(): void {
  const r = child(1_000_000, 3600, 24)
  report("fleet.million_24h.wall_s", (r["buildMs"]! + r["runMs"]!) / 1000, "s", { ...r, target: 600 })
  report("fleet.million_24h.peak_rss_mb", r["peakRssMb"]!, "MB", { target: 8192 })
}

export async function run(): Promise<void> {
  lorasim()
  tenThousand()
  flatCost()
  if (process.env["FIELDNET_BENCH_SKIP_MILLION"] !== "1") million()
}
