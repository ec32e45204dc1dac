import { describe, expect, test } from "vitest"
import { Simulation } from "../../sim/index.ts"
import { LORASIM_EXPERIMENTS, LORASIM_PACKET_BYTES, lorasimMaxDistanceM } from "../../radio/index.ts"
import { Fleet, fleetReport } from "../../stack/fleet/index.ts"

/**
 * Every LoRaSim experiment 0–5 in both collision modes on a small world (500
 * nodes, ~150 000 packets, well under a second each), against:
 * - simple collisions: the Poisson expectation of the model itself — a packet of
 *   node i survives when no other node on its carrier with its SF starts a
 *   packet in the window (−T_j, T_i), probability Π_j exp(−(T_i + T_j)/(λ + T_j))
 *   (each node sends every λ + T on average: LoRaSim waits λ after each packet);
 *   at these loads it is within 0.01 of both simulators (docs/lorasim.md);
 * - full collisions: the DER of the real LoRaSim 0.2.1 `loraDir.py` measured
 *   for docs/lorasim.md (500 nodes, avgSend 10⁶ ms, 2·10⁹ ms, seeds 1–3, mean),
 *   within a tolerance that covers the spread between node placements.
 */

const NODES = 500
const MEAN_SEND_S = 1000
const PACKETS = 150_000

function run(experiment: number, collision: "simple" | "full", seed: number) {
  const world = new Simulation({ seed })
  const fleet = new Fleet(world, {
    preset: "lorasim",
    lorasim: { experiment, collision },
    gateways: { kind: "single" },
    groups: [{ name: "n", kind: "lora-raw", count: NODES, placement: { kind: "disc", radiusM: lorasimMaxDistanceM(experiment) }, traffic: { kind: "poisson", meanS: MEAN_SEND_S }, payloadBytes: LORASIM_PACKET_BYTES, sf: "smallest" }],
  })
  world.run({ until: Math.round((PACKETS / NODES) * MEAN_SEND_S) * 1_000_000 })
  const r = fleetReport(fleet, world.now)
  return { fleet, der: r.overall.delivered / r.overall.sent, sent: r.overall.sent, lostBelow: r.losses["below-sensitivity"] }
}

/**
 * The Poisson expectation of simple-collision DER for the fleet's own nodes
 * (their SF and airtime) on one carrier. Experiment 1 (three carriers, one
 * fixed setting): each carrier's node count is read from its share of the
 * airtime, and the carriers are weighted by it.
 */
function simpleExpectation(fleet: Fleet): number {
  const m = fleet.medium
  const g = fleet.groups[0]!
  const n = g.count
  const lambdaUs = MEAN_SEND_S * 1e6
  if (m.channelsHz.length > 1) {
    const t = m.devAirUs[0]! / m.devSent[0]!
    const total = m.airtimeByChannelUs.reduce((a, b) => a + b, 0)
    return m.airtimeByChannelUs.reduce((acc, air) => acc + (air / total) * Math.exp((-2 * (n * (air / total) - 1) * t) / (lambdaUs + t)), 0)
  }
  const toa = (i: number) => m.devAirUs[i]! / m.devSent[i]!
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    let exponent = 0
    for (let j = 0; j < n; j++) if (j !== i && g.sf[j] === g.sf[i]) exponent += (toa(i) + toa(j)) / (lambdaUs + toa(j))
    num += m.devSent[i]! * Math.exp(-exponent)
    den += m.devSent[i]!
  }
  return num / den
}

/** Real LoRaSim DER, full collisions, 500 nodes (docs/lorasim.md), and the tolerance (placement spread). */
const LORASIM_FULL_500: readonly (readonly [der: number, tolerance: number])[] = [
  [0.2781, 0.012],
  [0.6356, 0.02], // the random split of the nodes over the three carriers adds spread
  [0.9943, 0.002],
  [0.9922, 0.002],
  [0.3697, 0.012],
  [0.9916, 0.002],
]

describe("LoRaSim experiments 0–5 on the lorasim preset (500 nodes)", () => {
  for (const e of LORASIM_EXPERIMENTS) {
    const experiment = e.experiment
    test(`experiment ${experiment} (${e.description}): simple DER = the Poisson expectation ±0.01; full DER = LoRaSim's, and ≥ simple`, () => {
      const simple = run(experiment, "simple", 100 + experiment)
      expect(simple.sent).toBeGreaterThan(0.95 * PACKETS)
      expect(simple.lostBelow).toBe(0) // every experiment places its nodes inside the range of their setting
      expect(Math.abs(simple.der - simpleExpectation(simple.fleet))).toBeLessThan(0.01)
      const full = run(experiment, "full", 100 + experiment)
      const [der, tol] = LORASIM_FULL_500[experiment]!
      expect(Math.abs(full.der - der)).toBeLessThan(tol)
      expect(full.der).toBeGreaterThanOrEqual(simple.der)
    })
  }

  test("experiment 2 is not cut short by the −112 dBm datasheet value: its simple DER is within 0.002 of pure ALOHA", () => {
    const r = run(2, "simple", 7)
    const t = r.fleet.medium.timeOnAirUs(6, 500_000, 1, LORASIM_PACKET_BYTES) / 1e6
    const aloha = Math.exp((-2 * (NODES - 1) * t) / (MEAN_SEND_S + t))
    expect(Math.abs(r.der - aloha)).toBeLessThan(0.002)
  })
})
