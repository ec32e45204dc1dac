import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { describeGatewayLayout, hexSites, layoutGateways } from "../../stack/fleet/gateway-layout.ts"
import { FleetSpecError } from "../../stack/fleet/spec.ts"

const centre = fc.record({ x: fc.double({ min: -1e4, max: 1e4, noNaN: true }), y: fc.double({ min: -1e4, max: 1e4, noNaN: true }) })
const spacing = fc.double({ min: 1, max: 1e4, noNaN: true })

/** Hex distance of a lattice offset (in spacings) from the centre: its ring number. */
function ringOf(x: number, y: number): number {
  const r = Math.round(y / (Math.sqrt(3) / 2))
  const q = Math.round(x - r / 2)
  return (Math.abs(q) + Math.abs(r) + Math.abs(q + r)) / 2
}

describe("layoutGateways", () => {
  it("single: one gateway gw0 at the centre", () => {
    expect(layoutGateways({ kind: "single" })).toEqual([{ id: "gw0", x: 0, y: 0 }])
    expect(layoutGateways({ kind: "single", center: { x: 5, y: -2 } })).toEqual([{ id: "gw0", x: 5, y: -2 }])
  })

  it("hex: rings of 1, 6, 12, 18 sites, nearest first, in a fixed order", () => {
    const sites = hexSites(37)
    const rings = sites.map((p) => ringOf(p.x, p.y))
    expect(rings).toEqual([0, ...Array(6).fill(1), ...Array(12).fill(2), ...Array(18).fill(3)])
    // Within a ring: not farther than the next site, and the first ring goes counter-clockwise from +x.
    for (let i = 1; i < sites.length; i++) {
      if (rings[i] === rings[i - 1]) expect(Math.hypot(sites[i]!.x, sites[i]!.y)).toBeGreaterThanOrEqual(Math.hypot(sites[i - 1]!.x, sites[i - 1]!.y) - 1e-9)
    }
    expect(sites[1]!.x).toBeCloseTo(1, 12)
    expect(sites[1]!.y).toBeCloseTo(0, 12)
    expect(sites[2]!.x).toBeCloseTo(0.5, 12)
    expect(sites[2]!.y).toBeCloseTo(Math.sqrt(3) / 2, 12)
    // Ring 2: the 6 edge sites at √3 come before the 6 corners at 2.
    expect(sites.slice(7, 13).every((p) => Math.abs(Math.hypot(p.x, p.y) - Math.sqrt(3)) < 1e-9)).toBe(true)
    expect(sites.slice(13, 19).every((p) => Math.abs(Math.hypot(p.x, p.y) - 2) < 1e-9)).toBe(true)
  })

  test.prop([fc.integer({ min: 2, max: 120 }), spacing, centre])("hex: every site's nearest neighbour is spacingM away, no two closer", (count, s, c) => {
    const gws = layoutGateways({ kind: "hex", count, spacingM: s, center: c })
    expect(gws.length).toBe(count)
    expect(gws.map((g) => g.id)).toEqual(Array.from({ length: count }, (_, i) => `gw${i}`))
    expect(gws[0]).toMatchObject({ x: c.x, y: c.y })
    for (const a of gws) {
      let nearest = Infinity
      for (const b of gws) if (b !== a) nearest = Math.min(nearest, Math.hypot(a.x - b.x, a.y - b.y))
      expect(nearest / s).toBeCloseTo(1, 9)
    }
  })

  test.prop([fc.integer({ min: 1, max: 200 })])("hex: a prefix of a larger layout (the first k sites do not depend on count)", (count) => {
    expect(hexSites(count)).toEqual(hexSites(count + 20).slice(0, count))
  })

  test.prop([fc.integer({ min: 1, max: 150 }), spacing, centre])("grid: count sites, spacingM apart, centred", (count, s, c) => {
    const gws = layoutGateways({ kind: "grid", count, spacingM: s, center: c })
    expect(gws.length).toBe(count)
    const cols = Math.ceil(Math.sqrt(count))
    expect(new Set(gws.map((g) => g.y)).size).toBe(Math.ceil(count / cols))
    if (count > 1) expect(gws[1]!.x - gws[0]!.x).toBeCloseTo(s, 6)
    if (count === cols * cols) {
      const mx = gws.reduce((a, g) => a + g.x, 0) / count
      const my = gws.reduce((a, g) => a + g.y, 0) / count
      expect(mx - c.x).toBeCloseTo(0, 5)
      expect(my - c.y).toBeCloseTo(0, 5)
    }
  })

  test.prop([fc.integer({ min: 2, max: 64 }), spacing, centre])("ring: count sites on the circle, equal chords, first on +x", (count, r, c) => {
    const gws = layoutGateways({ kind: "ring", count, radiusM: r, center: c })
    expect(gws.length).toBe(count)
    for (const g of gws) expect(Math.hypot(g.x - c.x, g.y - c.y) / r).toBeCloseTo(1, 9)
    const chord = 2 * r * Math.sin(Math.PI / count)
    for (let i = 0; i < count; i++) {
      const a = gws[i]!
      const b = gws[(i + 1) % count]!
      expect(Math.hypot(a.x - b.x, a.y - b.y) / chord).toBeCloseTo(1, 9)
    }
    expect(gws[0]!.x - c.x).toBeCloseTo(r, 6)
  })

  it("ring of 1 is the centre", () => {
    expect(layoutGateways({ kind: "ring", count: 1, radiusM: 500, center: { x: 1, y: 2 } })).toEqual([{ id: "gw0", x: 1, y: 2 }])
  })

  it("points keep their ids and number the others by position", () => {
    expect(layoutGateways({ kind: "points", points: [{ x: 1, y: 2, id: "roof" }, { x: 3, y: 4 }] })).toEqual([
      { id: "roof", x: 1, y: 2 },
      { id: "gw1", x: 3, y: 4 },
    ])
    expect(() => layoutGateways({ kind: "points", points: [{ x: 1, y: 2, id: "gw1" }, { x: 3, y: 4 }] })).toThrow(new FleetSpecError('gateways points: duplicate gateway id "gw1"'))
  })

  it("bad parameters raise FleetSpecError", () => {
    expect(() => layoutGateways({ kind: "hex", count: 0, spacingM: 1 })).toThrow(/gateways hex: count must be an integer >= 1, got 0/)
    expect(() => layoutGateways({ kind: "grid", count: 4, spacingM: 0 })).toThrow(/gateways grid: spacingM must be a finite number > 0, got 0/)
    expect(() => layoutGateways({ kind: "points", points: [] })).toThrow(FleetSpecError)
  })

  it("describes each layout in one line", () => {
    expect(describeGatewayLayout({ kind: "hex", count: 7, spacingM: 5000 })).toBe("7 sites on a hexagonal layout, 5000 m apart")
    expect(describeGatewayLayout({ kind: "ring", count: 3, radiusM: 800 })).toBe("3 sites on a ring of radius 800 m")
    expect(describeGatewayLayout({ kind: "points", points: [{ x: 0, y: 0 }], source: "gw.csv" })).toBe("1 site from gw.csv")
  })
})
