import { gridPoints, type Point2 } from "./placement.ts"
import { FleetSpecError } from "./spec.ts"

/**
 * Where the gateways (or Sigfox base stations) stand, in metres around
 * `center` (default the origin).
 * - `single`: one gateway at the centre.
 * - `grid`: `count` sites on a centred square-ish grid ceil(√count) wide,
 *   `spacingM` apart, filled row by row.
 * - `hex`: the first `count` sites of a hexagonal (triangular-lattice) layout
 *   `spacingM` apart — the classic cellular layout — ring by ring around the
 *   centre (1, then 6, then 12, … sites), nearest first within a ring, ties by
 *   angle counter-clockwise from +x.
 * - `ring`: `count` sites evenly on a circle of `radiusM`, the first on +x
 *   (one site → the centre).
 * - `points`: explicit sites, each with an optional id; `source` names the CSV
 *   file they came from, for reports.
 */
export type GatewayLayout =
  | { readonly kind: "single"; readonly center?: Point2 }
  | { readonly kind: "grid"; readonly count: number; readonly spacingM: number; readonly center?: Point2 }
  | { readonly kind: "hex"; readonly count: number; readonly spacingM: number; readonly center?: Point2 }
  | { readonly kind: "ring"; readonly count: number; readonly radiusM: number; readonly center?: Point2 }
  | { readonly kind: "points"; readonly points: readonly { readonly x: number; readonly y: number; readonly id?: string }[]; readonly source?: string }

/** One placed gateway site. */
export interface GatewaySite {
  id: string
  x: number
  y: number
}

const ORIGIN: Point2 = { x: 0, y: 0 }
const SQRT3_2 = Math.sqrt(3) / 2

function fail(l: GatewayLayout, what: string): never {
  throw new FleetSpecError(`gateways ${l.kind}: ${what}`)
}

function checkCount(l: GatewayLayout, count: number): void {
  if (!Number.isInteger(count) || count < 1) fail(l, `count must be an integer >= 1, got ${count}`)
}

function checkPositive(l: GatewayLayout, name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) fail(l, `${name} must be a finite number > 0, got ${v}`)
}

/**
 * Offsets (in units of the spacing) of the first `count` hexagonal-lattice
 * sites, ring by ring. A site in axial coordinates (q, r) is at
 * (q + r/2, r·√3/2); its ring is the hex distance (|q| + |r| + |q + r|) / 2,
 * and ring k holds 6k sites.
 */
export function hexSites(count: number): Point2[] {
  const out: Point2[] = []
  for (let k = 0; out.length < count; k++) {
    const ring: { x: number; y: number; d: number; a: number }[] = []
    for (let q = -k; q <= k; q++) {
      for (let r = -k; r <= k; r++) {
        if ((Math.abs(q) + Math.abs(r) + Math.abs(q + r)) / 2 !== k) continue
        const x = q + r / 2
        const y = r * SQRT3_2
        const a = Math.atan2(y, x)
        ring.push({ x, y, d: Math.hypot(x, y), a: a < -1e-12 ? a + 2 * Math.PI : Math.max(a, 0) })
      }
    }
    ring.sort((u, v) => (Math.abs(u.d - v.d) > 1e-9 ? u.d - v.d : u.a - v.a))
    for (const s of ring) {
      if (out.length === count) break
      out.push({ x: s.x, y: s.y })
    }
  }
  return out
}

/**
 * Places the gateways of a layout. Ids are "gw0", "gw1", … in layout order,
 * unless a `points` entry gives its own. Bad parameters (count < 1, spacing ≤ 0,
 * duplicate ids) throw a {@link FleetSpecError}.
 */
export function layoutGateways(l: GatewayLayout): GatewaySite[] {
  const id = (i: number) => `gw${i}`
  switch (l.kind) {
    case "single": {
      const c = l.center ?? ORIGIN
      return [{ id: id(0), x: c.x, y: c.y }]
    }
    case "grid": {
      checkCount(l, l.count)
      checkPositive(l, "spacingM", l.spacingM)
      const g = gridPoints(l.count, l.spacingM, l.center ?? ORIGIN)
      return Array.from({ length: l.count }, (_, i) => ({ id: id(i), x: g.x[i] as number, y: g.y[i] as number }))
    }
    case "hex": {
      checkCount(l, l.count)
      checkPositive(l, "spacingM", l.spacingM)
      const c = l.center ?? ORIGIN
      return hexSites(l.count).map((p, i) => ({ id: id(i), x: c.x + p.x * l.spacingM, y: c.y + p.y * l.spacingM }))
    }
    case "ring": {
      checkCount(l, l.count)
      const c = l.center ?? ORIGIN
      if (l.count === 1) return [{ id: id(0), x: c.x, y: c.y }]
      checkPositive(l, "radiusM", l.radiusM)
      return Array.from({ length: l.count }, (_, i) => {
        const a = (2 * Math.PI * i) / l.count
        return { id: id(i), x: c.x + l.radiusM * Math.cos(a), y: c.y + l.radiusM * Math.sin(a) }
      })
    }
    case "points": {
      if (l.points.length === 0) fail(l, "no points")
      const seen = new Set<string>()
      return l.points.map((p, i) => {
        const name = p.id ?? id(i)
        if (seen.has(name)) fail(l, `duplicate gateway id "${name}"`)
        seen.add(name)
        return { id: name, x: p.x, y: p.y }
      })
    }
  }
}

/** A gateway layout in one line for reports: `7 sites on a hexagonal layout, 5000 m apart`. */
export function describeGatewayLayout(l: GatewayLayout): string {
  switch (l.kind) {
    case "single":
      return "one site at the centre"
    case "grid":
      return `${l.count} sites on a square grid, ${l.spacingM} m apart`
    case "hex":
      return `${l.count} sites on a hexagonal layout, ${l.spacingM} m apart`
    case "ring":
      return l.count === 1 ? "one site at the centre" : `${l.count} sites on a ring of radius ${l.radiusM} m`
    case "points":
      return `${l.points.length} ${l.points.length === 1 ? "site" : "sites"} ${l.source === undefined ? "given" : `from ${l.source}`}`
  }
}

/**
 * Where LoRaSim's multi-base-station script places `count` base stations in its
 * `maxX × maxY` rectangle (`loraDirMulBS.py` `myBS.__init__`), ids gw0…:
 * 1 → the centre; 2 or 3 → evenly on the middle line, x = (i+1)·maxX/(n+1);
 * 4, 6, 8 → two rows at y = maxY/3 and 2·maxY/3, n/2 per row at
 * x = (k+1)·maxX/(n/2+1); 24 → three rows of 8 at y = maxY/4, 2·maxY/4, 3·maxY/4,
 * x = (k+1)·maxX/9. Other counts: LoRaSim exits ("too many base stations"),
 * here a {@link FleetSpecError}.
 */
export function lorasimBaseStationSites(count: number, maxXM: number, maxYM: number): GatewaySite[] {
  const rows = count === 1 ? 1 : count <= 3 ? 1 : count === 24 ? 3 : count === 4 || count === 6 || count === 8 ? 2 : 0
  if (rows === 0) throw new FleetSpecError(`lorasim gateways: loraDirMulBS.py places 1, 2, 3, 4, 6, 8 or 24 base stations, got ${count}`)
  const perRow = count / rows
  const out: GatewaySite[] = []
  for (let i = 0; i < count; i++) {
    const row = Math.floor(i / perRow)
    const k = i - row * perRow
    out.push({ id: `gw${i}`, x: ((k + 1) * maxXM) / (perRow + 1), y: ((row + 1) * maxYM) / (rows + 1) })
  }
  return out
}
