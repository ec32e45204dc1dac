import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { Rng } from "../../sim/index.ts"
import { clusterCentres, describePlacement, gridPoints, placeDevices, type Placement } from "../../stack/fleet/placement.ts"
import { FleetSpecError } from "../../stack/fleet/spec.ts"

const centre = fc.record({ x: fc.double({ min: -1e5, max: 1e5, noNaN: true }), y: fc.double({ min: -1e5, max: 1e5, noNaN: true }) })
const length = fc.double({ min: 1, max: 1e5, noNaN: true })
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 })
const EPS = 1e-6

const placements: fc.Arbitrary<Placement> = fc.oneof(
  fc.record({ kind: fc.constant("disc" as const), radiusM: length, center: centre }),
  fc.tuple(length, fc.double({ min: 0, max: 0.99, noNaN: true }), centre).map(([r, f, c]): Placement => ({ kind: "disc", radiusM: r, minRadiusM: r * f, center: c })),
  fc.record({ kind: fc.constant("rect" as const), widthM: length, heightM: length, center: centre }),
  fc.record({ kind: fc.constant("clusters" as const), clusters: fc.integer({ min: 1, max: 20 }), radiusM: length, clusterRadiusM: length, center: centre }),
  fc.array(fc.record({ x: fc.double({ min: -1e4, max: 1e4, noNaN: true }), y: fc.double({ min: -1e4, max: 1e4, noNaN: true }) }), { minLength: 300, maxLength: 400 }).map((points): Placement => ({ kind: "points", points })),
)

describe("placeDevices", () => {
  test.prop([placements, seed, fc.integer({ min: 0, max: 300 })])("every device is inside its shape", (p, s, n) => {
    const pos = placeDevices(p, n, new Rng(s, "place"))
    expect(pos.x.length).toBe(n)
    expect(pos.y.length).toBe(n)
    const centres = p.kind === "clusters" ? clusterCentres(p.clusters, p.radiusM, p.center ?? { x: 0, y: 0 }, new Rng(s, "place")) : undefined
    for (let i = 0; i < n; i++) {
      const x = pos.x[i] as number
      const y = pos.y[i] as number
      switch (p.kind) {
        case "disc": {
          const c = p.center ?? { x: 0, y: 0 }
          const r = Math.hypot(x - c.x, y - c.y)
          expect(r).toBeLessThanOrEqual(p.radiusM * (1 + EPS))
          expect(r).toBeGreaterThanOrEqual((p.minRadiusM ?? 0) * (1 - EPS) - EPS)
          break
        }
        case "rect": {
          const c = p.center ?? { x: 0, y: 0 }
          expect(Math.abs(x - c.x)).toBeLessThanOrEqual((p.widthM / 2) * (1 + EPS))
          expect(Math.abs(y - c.y)).toBeLessThanOrEqual((p.heightM / 2) * (1 + EPS))
          break
        }
        case "clusters": {
          const k = i % p.clusters
          const cx = centres?.x[k] as number
          const cy = centres?.y[k] as number
          expect(Math.hypot(x - cx, y - cy)).toBeLessThanOrEqual(p.clusterRadiusM * (1 + EPS))
          const c = p.center ?? { x: 0, y: 0 }
          expect(Math.hypot(cx - c.x, cy - c.y)).toBeLessThanOrEqual(p.radiusM * (1 + EPS))
          break
        }
        case "points":
          expect([x, y]).toEqual([p.points[i]?.x, p.points[i]?.y])
          break
        case "grid":
          break
      }
    }
  })

  test.prop([placements, seed, fc.integer({ min: 0, max: 200 })])("prefix stability: n and n + 100 devices agree on the first n", (p, s, n) => {
    const a = placeDevices(p, n, new Rng(s, "place"))
    const b = placeDevices(p, n + 100, new Rng(s, "place"))
    expect(Array.from(b.x.subarray(0, n))).toEqual(Array.from(a.x))
    expect(Array.from(b.y.subarray(0, n))).toEqual(Array.from(a.y))
  })

  it("a disc is uniform by area: a quarter of 20k devices within R/2, and the rest by ring area (seeded)", () => {
    const n = 20_000
    const pos = placeDevices({ kind: "disc", radiusM: 1000 }, n, new Rng(7, "disc"))
    const rings = [0, 0, 0, 0]
    for (let i = 0; i < n; i++) rings[Math.min(3, Math.floor((Math.hypot(pos.x[i] as number, pos.y[i] as number) / 1000) * 4))]! += 1
    const inner = (rings[0]! + rings[1]!) / n
    // Binomial(20000, 0.25): sd ≈ 0.0031; 4 sd.
    expect(Math.abs(inner - 0.25)).toBeLessThan(0.0125)
    // Ring k of 4 holds (2k+1)/16 of the area.
    rings.forEach((c, k) => expect(Math.abs(c / n - (2 * k + 1) / 16)).toBeLessThan(0.012))
    // Angle uniform: each quadrant a quarter.
    const q = [0, 0, 0, 0]
    for (let i = 0; i < n; i++) q[(pos.x[i]! >= 0 ? 0 : 1) + (pos.y[i]! >= 0 ? 0 : 2)]! += 1
    q.forEach((c) => expect(Math.abs(c / n - 0.25)).toBeLessThan(0.0125))
  })

  it("an annulus is uniform by area between the radii (seeded)", () => {
    const n = 20_000
    const pos = placeDevices({ kind: "disc", radiusM: 2000, minRadiusM: 1000 }, n, new Rng(3, "ann"))
    let below = 0
    const mid = Math.sqrt((1000 ** 2 + 2000 ** 2) / 2) // splits the annulus in two equal areas
    for (let i = 0; i < n; i++) if (Math.hypot(pos.x[i]!, pos.y[i]!) < mid) below++
    expect(Math.abs(below / n - 0.5)).toBeLessThan(0.015)
  })

  test.prop([fc.integer({ min: 1, max: 400 }), length, centre])("grid: ceil(√n) wide, rows spacingM apart, centred, row by row", (n, spacing, c) => {
    const pos = placeDevices({ kind: "grid", spacingM: spacing, center: c }, n, new Rng(1, "g"))
    const cols = Math.ceil(Math.sqrt(n))
    const rows = Math.ceil(n / cols)
    for (let i = 0; i < n; i++) {
      const col = i % cols
      const row = Math.floor(i / cols)
      expect(pos.x[i]).toBeCloseTo(c.x + (col - (cols - 1) / 2) * spacing, 6)
      expect(pos.y[i]).toBeCloseTo(c.y + (row - (rows - 1) / 2) * spacing, 6)
      if (col > 0) expect(pos.x[i]! - pos.x[i - 1]!).toBeCloseTo(spacing, 6)
      if (row > 0) expect(pos.y[i]! - pos.y[i - cols]!).toBeCloseTo(spacing, 6)
    }
    // Centred: the full grid's bounding box is symmetric about the centre.
    const full = gridPoints(cols * rows, spacing, c)
    expect((Math.min(...full.x) + Math.max(...full.x)) / 2).toBeCloseTo(c.x, 6)
    expect((Math.min(...full.y) + Math.max(...full.y)) / 2).toBeCloseTo(c.y, 6)
  })

  it("grid of 9 is the 3 × 3 square around the centre", () => {
    const pos = placeDevices({ kind: "grid", spacingM: 10 }, 9, new Rng(1, "g"))
    expect(Array.from(pos.x)).toEqual([-10, 0, 10, -10, 0, 10, -10, 0, 10])
    expect(Array.from(pos.y)).toEqual([-10, -10, -10, 0, 0, 0, 10, 10, 10])
  })

  it("cluster centres do not depend on n, and device i belongs to cluster i % clusters", () => {
    const p: Placement = { kind: "clusters", clusters: 3, radiusM: 5000, clusterRadiusM: 50 }
    const a = placeDevices(p, 3, new Rng(11, "c"))
    const b = placeDevices(p, 3000, new Rng(11, "c"))
    const cs = clusterCentres(3, 5000, { x: 0, y: 0 }, new Rng(11, "c"))
    expect(Array.from(b.x.subarray(0, 3))).toEqual(Array.from(a.x))
    for (let i = 0; i < 3000; i++) expect(Math.hypot(b.x[i]! - cs.x[i % 3]!, b.y[i]! - cs.y[i % 3]!)).toBeLessThanOrEqual(50)
  })

  it("the same seed and name give the same positions; another name others", () => {
    const p: Placement = { kind: "rect", widthM: 100, heightM: 50 }
    expect(placeDevices(p, 10, new Rng(5, "a"))).toEqual(placeDevices(p, 10, new Rng(5, "a")))
    expect(Array.from(placeDevices(p, 10, new Rng(5, "b")).x)).not.toEqual(Array.from(placeDevices(p, 10, new Rng(5, "a")).x))
  })

  it("bad parameters raise FleetSpecError naming the field", () => {
    const r = new Rng(1, "x")
    expect(() => placeDevices({ kind: "points", points: [{ x: 0, y: 0 }] }, 2, r)).toThrow(new FleetSpecError("placement points: 2 devices but only 1 points"))
    expect(() => placeDevices({ kind: "disc", radiusM: -1 }, 2, r)).toThrow(/placement disc: radiusM must be a finite number > 0, got -1/)
    expect(() => placeDevices({ kind: "disc", radiusM: 10, minRadiusM: 10 }, 2, r)).toThrow(/minRadiusM must be >= 0 and < radiusM/)
    expect(() => placeDevices({ kind: "clusters", clusters: 0, radiusM: 1, clusterRadiusM: 1 }, 2, r)).toThrow(/clusters must be an integer >= 1, got 0/)
    expect(() => placeDevices({ kind: "grid", spacingM: 1 }, -1, r)).toThrow(FleetSpecError)
  })

  it("describes each placement in one line", () => {
    expect(describePlacement({ kind: "disc", radiusM: 2000 })).toBe("uniform in a disc of radius 2000 m")
    expect(describePlacement({ kind: "disc", radiusM: 2000, minRadiusM: 500, center: { x: 10, y: 0 } })).toBe("uniform in an annulus 500 m..2000 m around (10, 0)")
    expect(describePlacement({ kind: "rect", widthM: 300, heightM: 200 })).toBe("uniform in a 300 m × 200 m rectangle")
    expect(describePlacement({ kind: "grid", spacingM: 25 })).toBe("square grid, 25 m spacing")
    expect(describePlacement({ kind: "clusters", clusters: 4, radiusM: 3000, clusterRadiusM: 100 })).toBe("4 clusters of radius 100 m, centres uniform in a disc of radius 3000 m")
    expect(describePlacement({ kind: "points", points: [{ x: 1, y: 2 }], source: "meters.csv" })).toBe("1 point from meters.csv")
  })
})
