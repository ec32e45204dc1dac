import { describe, expect, test } from "vitest"
import { Simulation, days } from "../../sim/index.ts"
import { LORASIM_EXPERIMENTS, LORASIM_PACKET_BYTES, LORASIM_SENSITIVITY_DBM, lorasimMaxDistanceM, timeOnAirUs } from "../../radio/index.ts"
import { Fleet, fleetReport } from "../../stack/fleet/index.ts"

const MEAN_SEND_S = 1000

/** LoRaSim run on the fleet builder: DER (delivered / sent) of `nodes` nodes in `experiment`. */
function der(nodes: number, experiment: number, collision: "simple" | "full", seed: number, packetsWanted = 250_000): { der: number; sent: number } {
  const world = new Simulation({ seed })
  const fleet = new Fleet(world, {
    preset: "lorasim",
    lorasim: { experiment, collision },
    gateways: { kind: "single" },
    groups: [{ name: "n", kind: "lora-raw", count: nodes, placement: { kind: "disc", radiusM: lorasimMaxDistanceM(experiment) }, traffic: { kind: "poisson", meanS: MEAN_SEND_S }, payloadBytes: LORASIM_PACKET_BYTES, sf: "smallest" }],
  })
  const until = Math.ceil((packetsWanted / nodes) * MEAN_SEND_S * 1e6)
  world.run({ until })
  const r = fleetReport(fleet, world.now)
  return { der: r.overall.delivered / r.overall.sent, sent: r.overall.sent }
}

function aloha(nodes: number, experiment: number): number {
  const e = LORASIM_EXPERIMENTS[experiment]!
  const t = timeOnAirUs(LORASIM_PACKET_BYTES, { sf: e.sf as number, bwHz: e.bwHz as number, cr: e.cr, preamble: 8, implicitHeader: false, crc: true }) / 1e6
  return Math.exp((-2 * nodes * t) / (e.freqsHz.length * MEAN_SEND_S))
}

describe("lorasim preset, simple collisions, against pure ALOHA exp(-2NT/(C·λ))", () => {
  for (const experiment of [0, 1, 4]) {
    for (const nodes of [100, 500, 1000]) {
      test(`experiment ${experiment}, ${nodes} nodes: |DER - ALOHA| < 0.005`, () => {
        const got = der(nodes, experiment, "simple", 11 + nodes + experiment)
        expect(got.sent).toBeGreaterThan(200_000)
        expect(Math.abs(got.der - aloha(nodes, experiment))).toBeLessThan(0.005)
      })
    }
  }
})

describe("lorasim preset details", () => {
  test("airtime of LoRaSim's 20-byte packet at SF12/BW125: CR4/8 1712.128 ms (exp 0), CR4/5 1318.912 ms (exp 4)", () => {
    expect(timeOnAirUs(20, { sf: 12, bwHz: 125_000, cr: 4, preamble: 8, implicitHeader: false, crc: true })).toBe(1_712_128)
    expect(timeOnAirUs(20, { sf: 12, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: true })).toBe(1_318_912)
  })

  test("placement radius follows loraDir.py (natural exponent, SF12 at 250 kHz for experiments 0/1/4)", () => {
    // 40 · e^((14 + 132.25 − 127.41) / 20.8)
    expect(lorasimMaxDistanceM(0)).toBeCloseTo(40 * Math.exp((14 + 132.25 - 127.41) / 20.8), 9)
    expect(LORASIM_SENSITIVITY_DBM[12]).toEqual([-133.25, -132.25, -132.25])
  })

  test("full collisions (timing + 6 dB capture) deliver at least as much as simple ones, and more at 500 nodes", () => {
    const simple = der(500, 0, "simple", 5, 100_000).der
    const full = der(500, 0, "full", 5, 100_000).der
    expect(full).toBeGreaterThan(simple)
  })

  test("experiment 3 picks the fastest setting that reaches: near nodes at SF7, and every node is in range", () => {
    const world = new Simulation({ seed: 2 })
    const fleet = new Fleet(world, {
      preset: "lorasim",
      lorasim: { experiment: 3 },
      gateways: { kind: "single" },
      groups: [{ name: "n", kind: "lora-raw", count: 200, placement: { kind: "disc", radiusM: lorasimMaxDistanceM(3) }, traffic: { kind: "poisson", meanS: MEAN_SEND_S }, payloadBytes: 20, sf: "smallest" }],
    })
    world.run({ until: days(2) })
    const r = fleetReport(fleet, world.now)
    expect(r.losses["below-sensitivity"]).toBe(0)
    expect(r.bySf.find((s) => s.sf === 7)?.devices ?? 0).toBeGreaterThan(100)
  })
})

describe("ns3 and fieldnet presets", () => {
  test("ns3: log-distance 7.7 dB at 1 m, exponent 3.76, SX1301 gateway and SX1272 device tables, Goursaud, 8 paths", async () => {
    const { FleetMedium, NS3_PRESET } = await import("../../radio/index.ts")
    const world = new Simulation({ seed: 1 })
    const m = new FleetMedium(world, NS3_PRESET, [{ id: "gw", x: 0, y: 0, z: 1.5, channelsHz: [868_100_000] }])
    m.addDevices(Float64Array.of(1000, 3000), Float64Array.of(0, 0), (i) => `d${i}`, 14)
    expect(m.linkGainDb(0, 0)).toBeCloseTo(-(7.7 + 37.6 * Math.log10(1000)), 9)
    expect(m.linkGainDb(1, 0)).toBeCloseTo(-(7.7 + 37.6 * Math.log10(3000)), 9)
    expect(m.gatewaySensitivityDbm(12, 125_000)).toBe(-142.5)
    expect(NS3_PRESET.deviceSensitivityDbm(12, 125_000)).toBe(-137)
    expect(NS3_PRESET.collision).toBe("goursaud")
    expect(NS3_PRESET.gatewayPaths).toBe(8)
  })

  test("fieldnet: LoRaSim's mean loss plus a per-link shadowing of σ 3.57 dB (sample sd over many links)", async () => {
    const { FleetMedium, FIELDNET_PRESET } = await import("../../radio/index.ts")
    const world = new Simulation({ seed: 9 })
    const m = new FleetMedium(world, FIELDNET_PRESET, [{ id: "gw", x: 0, y: 0, z: 1.5, channelsHz: [868_100_000] }])
    const n = 4000
    m.addDevices(new Float64Array(n).fill(200), new Float64Array(n), (i) => `d${i}`, 14)
    const mean = -(127.41 + 20.8 * Math.log10(200 / 40))
    const dev: number[] = []
    for (let i = 0; i < n; i++) dev.push(m.linkGainDb(i, 0) - mean)
    const mu = dev.reduce((a, b) => a + b, 0) / n
    const sd = Math.sqrt(dev.reduce((a, b) => a + (b - mu) ** 2, 0) / n)
    expect(Math.abs(mu)).toBeLessThan(0.2)
    expect(sd).toBeGreaterThan(3.4)
    expect(sd).toBeLessThan(3.75)
  })
})
