import { describe, expect, test } from "vitest"
import { Simulation, s } from "../../sim/index.ts"
import {
  FleetMedium,
  LORASIM_PRESET,
  LORASIM_SENSITIVITY_DBM,
  lorasimMaxDistanceM,
  lorasimMinSensitivityDbm,
  lorasimMultiBsArea,
  lorasimMultiBsMinSensitivityDbm,
  lorasimMultiBsPreset,
  lorasimSensitivityDbm,
  type FleetRadioPreset,
} from "../../radio/index.ts"
import { Fleet, FleetSpecError, decodeFleetSpec, fleetReport, lorasimBaseStationSites, lorasimRectanglePoints } from "../../stack/fleet/index.ts"
import { rng } from "../../sim/index.ts"

/**
 * LoRaSim 0.2.1 (`loraDir.py`, `loraDirMulBS.py`) details the lorasim preset
 * follows; docs/lorasim.md has the audit.
 */

describe("sensitivity lookup (loraDir.py transmit: sensi[sf - 7, bw column])", () => {
  test("SF6 reads numpy row −1 = SF12: −132.25 dBm at 500 kHz; −112 dBm only sizes experiment 2's disc", () => {
    expect(lorasimSensitivityDbm(6, 500_000)).toBe(-132.25)
    expect(lorasimSensitivityDbm(6, 125_000)).toBe(LORASIM_SENSITIVITY_DBM[12]![0])
    expect(LORASIM_PRESET.gatewaySensitivityDbm(6, 500_000)).toBe(-132.25)
    expect(lorasimMinSensitivityDbm(2)).toBe(-112)
    // 40 · e^((14 + 112 − 127.41) / 20.8) ≈ 37.4 m
    expect(lorasimMaxDistanceM(2)).toBeCloseTo(40 * Math.exp((14 + 112 - 127.41) / 20.8), 9)
  })

  test("other rows as the table; unknown SF/BW hear nothing", () => {
    expect(lorasimSensitivityDbm(7, 125_000)).toBe(-126.5)
    expect(lorasimSensitivityDbm(12, 250_000)).toBe(-132.25)
    expect(lorasimSensitivityDbm(13, 125_000)).toBe(Infinity)
    expect(lorasimSensitivityDbm(7, 62_500)).toBe(Infinity)
  })

  test("experiment 2 at 1000 nodes: nodes beyond the −112 dBm distance (34.2 m) exist, yet none is lost below sensitivity", () => {
    const world = new Simulation({ seed: 3 })
    const fleet = new Fleet(world, {
      preset: "lorasim",
      lorasim: { experiment: 2 },
      gateways: { kind: "single" },
      groups: [{ name: "n", kind: "lora-raw", count: 1000, placement: { kind: "disc", radiusM: lorasimMaxDistanceM(2) }, traffic: { kind: "poisson", meanS: 1000 }, payloadBytes: 20, sf: "smallest" }],
    })
    let far = 0
    for (let d = 0; d < 1000; d++) if (14 + fleet.medium.linkGainDb(d, 0) < -112) far++
    expect(far).toBeGreaterThan(100) // ≈ 16 % of the disc's area
    world.run({ until: s(20_000) })
    const r = fleetReport(fleet, world.now)
    expect(r.overall.sent).toBeGreaterThan(15_000)
    expect(r.losses["below-sensitivity"]).toBe(0)
    expect(r.overall.delivered / r.overall.sent).toBeGreaterThan(0.97)
  })
})

/** LoRaSim's preset on a hand-built medium: one gateway at the origin, devices on the x axis (exact gains). */
function line(p: FleetRadioPreset, distances: readonly number[]) {
  const world = new Simulation({ seed: 1 })
  const m = new FleetMedium(world, p, [{ id: "gw0", x: 0, y: 0, z: 1.5, channelsHz: [860_000_000] }], { linkMarginDb: Infinity })
  m.addDevices(Float64Array.from(distances), new Float64Array(distances.length), (i) => `d${i}`, 14)
  const play = (txs: readonly (readonly [at: number, device: number])[]) => {
    for (const [at, d] of txs) world.schedule(at, () => m.transmit(d, 0, 7, 125_000, 1, 14, 20, false))
    world.run({ until: s(60) })
    m.flush()
    return Array.from(m.devDelivered.subarray(0, distances.length))
  }
  return { m, play }
}

describe("full collisions: who is marked (checkcollision with full_collision = 1)", () => {
  const full: FleetRadioPreset = { ...LORASIM_PRESET, collision: "lorasim-full" }

  test("a newcomer ≥ 6 dB weaker is lost at its own arrival (loraDir.py: `if p == packet: col = 1`, then transmit sets collided = col); the older one survives", () => {
    // 40 m → −113.41 dBm; 100 m → −121.69 dBm: 8.3 dB apart.
    expect(line(full, [40, 100]).play([[0, 0], [10_000, 1]])).toEqual([1, 0])
  })

  test("a newcomer ≥ 6 dB stronger destroys the older frame and survives", () => {
    expect(line(full, [100, 40]).play([[0, 0], [10_000, 1]])).toEqual([0, 1])
  })

  test("within 6 dB both are lost; a newcomer after the other's end meets nobody", () => {
    expect(line(full, [40, 45]).play([[0, 0], [10_000, 1]])).toEqual([0, 0])
    expect(line(full, [40, 45]).play([[0, 0], [s(1), 1]])).toEqual([1, 1])
  })
})

describe("loraDirMulBS.py: base stations, area, loss rule", () => {
  test("base stations for 1, 2, 4, 8 exactly as myBS places them", () => {
    const X = 300
    const Y = 100
    const at = (n: number) => lorasimBaseStationSites(n, X, Y).map((b) => [b.x, b.y])
    expect(at(1)).toEqual([[X / 2, Y / 2]])
    expect(at(2)).toEqual([[X / 3, Y / 2], [(2 * X) / 3, Y / 2]])
    expect(at(4)).toEqual([[X / 3, Y / 3], [(2 * X) / 3, Y / 3], [X / 3, (2 * Y) / 3], [(2 * X) / 3, (2 * Y) / 3]])
    expect(at(8)).toEqual([
      [X / 5, Y / 3], [(2 * X) / 5, Y / 3], [(3 * X) / 5, Y / 3], [(4 * X) / 5, Y / 3],
      [X / 5, (2 * Y) / 3], [(2 * X) / 5, (2 * Y) / 3], [(3 * X) / 5, (2 * Y) / 3], [(4 * X) / 5, (2 * Y) / 3],
    ])
    expect(at(3).map((p) => p[0])).toEqual([X / 4, X / 2, (3 * X) / 4])
    expect(at(24)).toHaveLength(24)
    expect(at(24)[23]).toEqual([(8 * X) / 9, (3 * Y) / 4])
    expect(() => lorasimBaseStationSites(5, X, Y)).toThrow(FleetSpecError)
  })

  test("area: maxX = √3·maxDist, maxY = maxDist; minsensi −132.25 (exp 0), −112 (exp 2), −200 for 3/5 (its `== [3, 5]` never matches)", () => {
    const a0 = lorasimMultiBsArea(0)
    expect(a0.maxDistM).toBeCloseTo(lorasimMaxDistanceM(0), 9)
    expect(a0.maxXM).toBeCloseTo(Math.sqrt(3) * a0.maxDistM, 9)
    expect(a0.maxYM).toBeCloseTo(a0.maxDistM, 9)
    expect(lorasimMultiBsMinSensitivityDbm(2)).toBe(-112)
    expect(lorasimMultiBsMinSensitivityDbm(5)).toBe(-200)
    expect(lorasimMultiBsArea(5).maxDistM).toBeGreaterThan(2500)
  })

  test("nodes at integer coordinates, uniform over 0..int(maxX) × 0..int(maxY)", () => {
    const p = lorasimRectanglePoints(20_000, 171.3, 98.9, rng(1, "t"))
    let maxX = 0
    let maxY = 0
    let sumX = 0
    let fractional = 0
    for (let i = 0; i < 20_000; i++) {
      if (!Number.isInteger(p.x[i]) || !Number.isInteger(p.y[i]) || p.x[i]! < 0 || p.y[i]! < 0) fractional++
      maxX = Math.max(maxX, p.x[i]!)
      maxY = Math.max(maxY, p.y[i]!)
      sumX += p.x[i]!
    }
    expect(fractional).toBe(0)
    expect([maxX, maxY]).toEqual([171, 98])
    expect(sumX / 20_000).toBeGreaterThan(84.5)
    expect(sumX / 20_000).toBeLessThan(86.5)
  })

  for (const n of [1, 2, 4, 8] as const) {
    test(`a fleet with lorasim.gateways = ${n}: ${n} gateways where myBS puts them, nodes in the rectangle`, () => {
      const world = new Simulation({ seed: 5 })
      const fleet = new Fleet(world, {
        preset: "lorasim",
        lorasim: { experiment: 0, gateways: n },
        gateways: { kind: "single" },
        groups: [{ name: "n", kind: "lora-raw", count: 200, placement: { kind: "disc", radiusM: 10 }, traffic: { kind: "poisson", meanS: 1000 }, payloadBytes: 20, sf: "smallest" }],
      })
      const a = lorasimMultiBsArea(0)
      expect(fleet.gatewaySites.map((g) => [g.x, g.y])).toEqual(lorasimBaseStationSites(n, a.maxXM, a.maxYM).map((g) => [g.x, g.y]))
      const g = fleet.groups[0]!
      let outside = 0
      for (let i = 0; i < 200; i++) if (g.x[i]! < 0 || g.x[i]! > Math.trunc(a.maxXM) || g.y[i]! < 0 || g.y[i]! > Math.trunc(a.maxYM)) outside++
      expect(outside).toBe(0)
      expect(Math.max(...Array.from(g.x))).toBeGreaterThan(10) // not the spec's 10 m disc
    })
  }

  test("the spec field: lorasim.gateways takes loraDirMulBS.py's counts only", () => {
    const spec = (gateways: number) => ({
      preset: "lorasim",
      lorasim: { experiment: 0, gateways },
      gateways: { kind: "single" },
      groups: [{ name: "n", kind: "lora-raw", count: 1, placement: { kind: "disc", radiusM: 10 }, traffic: { kind: "poisson", meanS: 1000 }, payloadBytes: 20 }],
    })
    expect(decodeFleetSpec(spec(4)).lorasim?.gateways).toBe(4)
    expect(() => decodeFleetSpec(spec(5))).toThrow(/fleet\.lorasim\.gateways/)
  })

  test("experiments whose base-station copies differ (1, 4, 5) or that exit (3) are refused with the reason", () => {
    const spec = (experiment: number) => ({
      preset: "lorasim" as const,
      lorasim: { experiment, gateways: 2 as const },
      gateways: { kind: "single" as const },
      groups: [{ name: "n", kind: "lora-raw" as const, count: 1, placement: { kind: "disc" as const, radiusM: 10 }, traffic: { kind: "poisson" as const, meanS: 1000 }, payloadBytes: 20 }],
    })
    for (const e of [1, 3, 4, 5]) expect(() => new Fleet(new Simulation({ seed: 1 }), spec(e))).toThrow(/gateways: only experiments 0 and 2/)
    expect(() => new Fleet(new Simulation({ seed: 1 }), spec(2))).not.toThrow()
  })

  test("a copy below minsensi is lost, still sits in packetsAtBS and destroys a later same-SF newcomer, but not an earlier frame", () => {
    const p = lorasimMultiBsPreset(2) // minsensi −112 dBm for every SF
    // 20 m → −107.2 dBm (heard); 60 m → −117.1 dBm (lost copy, yet on the air at the base station).
    expect(line(p, [20, 60]).play([[0, 1], [5_000, 0]])).toEqual([0, 0]) // lost copy first: the newcomer collides
    expect(line(p, [20, 60]).play([[0, 0], [5_000, 1]])).toEqual([1, 0]) // lost newcomer: "lost packets don't collide"
    // loraDir.py (one base station) never puts a packet below sensitivity in packetsAtBS.
    const single = { ...LORASIM_PRESET, gatewaySensitivityDbm: () => -112 }
    expect(line(single, [20, 60]).play([[0, 1], [5_000, 0]])).toEqual([1, 0])
  })
})
