import type { Rng } from "../../sim/index.ts"
import { FleetSpecError } from "./spec.ts"

/** A point in metres on the simulation plane. */
export interface Point2 {
  readonly x: number
  readonly y: number
}

/**
 * Where the devices of a group stand. All shapes are in metres around `center`
 * (default the origin).
 * - `disc`: uniform by area in a disc (or the annulus `minRadiusM..radiusM`):
 *   r = sqrt(u·(R² − r₀²) + r₀²), θ = 2πv (inverse transform of the area
 *   CDF, so density is constant over the disc; ns-3's `UniformDiscPositionAllocator`
 *   documents the same property, "expected fraction in S = |S|/|D|").
 * - `rect`: uniform in a `widthM × heightM` rectangle.
 * - `grid`: n points on a square grid ceil(√n) wide, `spacingM` apart, filled
 *   row by row and centred as a whole (depends on n: not prefix-stable).
 * - `clusters`: cluster centres uniform in a disc of `radiusM`; device i belongs
 *   to cluster i mod `clusters` and stands uniform in a disc of
 *   `clusterRadiusM` around that centre.
 * - `points`: explicit positions; device i takes point i. `source` names the
 *   CSV file they came from, for reports.
 */
export type Placement =
  | { readonly kind: "disc"; readonly radiusM: number; readonly minRadiusM?: number; readonly center?: Point2 }
  | { readonly kind: "rect"; readonly widthM: number; readonly heightM: number; readonly center?: Point2 }
  | { readonly kind: "grid"; readonly spacingM: number; readonly center?: Point2 }
  | { readonly kind: "clusters"; readonly clusters: number; readonly radiusM: number; readonly clusterRadiusM: number; readonly center?: Point2 }
  | { readonly kind: "points"; readonly points: readonly Point2[]; readonly source?: string }

/** Device positions as two parallel arrays (device i at `(x[i], y[i])`), compact for large fleets. */
export interface Positions {
  readonly x: Float64Array
  readonly y: Float64Array
}

const ORIGIN: Point2 = { x: 0, y: 0 }

function fail(p: Placement, what: string): never {
  throw new FleetSpecError(`placement ${p.kind}: ${what}`)
}

function positive(p: Placement, name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) fail(p, `${name} must be a finite number > 0, got ${v}`)
}

/** Uniform-by-area radius in the annulus [r0, r1] from a uniform draw u in [0, 1). */
function annulusRadius(u: number, r0: number, r1: number): number {
  return Math.sqrt(u * (r1 * r1 - r0 * r0) + r0 * r0)
}

/**
 * The `count` points of a square-ish grid `spacingM` apart: ceil(√count)
 * columns, filled row by row (x grows along a row, y from row to row), the
 * whole grid (including an incomplete last row's slots) centred on `center`.
 */
export function gridPoints(count: number, spacingM: number, center: Point2 = ORIGIN): Positions {
  const x = new Float64Array(count)
  const y = new Float64Array(count)
  if (count === 0) return { x, y }
  const cols = Math.ceil(Math.sqrt(count))
  const rows = Math.ceil(count / cols)
  for (let i = 0; i < count; i++) {
    const col = i % cols
    const row = Math.floor(i / cols)
    x[i] = center.x + (col - (cols - 1) / 2) * spacingM
    y[i] = center.y + (row - (rows - 1) / 2) * spacingM
  }
  return { x, y }
}

/**
 * Places `n` devices. Random shapes draw sequentially from `rng` (two uniform
 * draws per device; cluster centres from the child stream `rng.child("centres")`),
 * so device i's position does not change when n grows. Parameters out of range
 * (a radius ≤ 0, more devices than points, …) throw a {@link FleetSpecError}.
 */
export function placeDevices(p: Placement, n: number, rng: Rng): Positions {
  if (!Number.isInteger(n) || n < 0) throw new FleetSpecError(`placement ${p.kind}: device count must be an integer >= 0, got ${n}`)
  const x = new Float64Array(n)
  const y = new Float64Array(n)
  switch (p.kind) {
    case "disc": {
      positive(p, "radiusM", p.radiusM)
      const r0 = p.minRadiusM ?? 0
      if (!(Number.isFinite(r0) && r0 >= 0 && r0 < p.radiusM)) fail(p, `minRadiusM must be >= 0 and < radiusM (${p.radiusM}), got ${r0}`)
      const c = p.center ?? ORIGIN
      for (let i = 0; i < n; i++) {
        const r = annulusRadius(rng.random(), r0, p.radiusM)
        const a = 2 * Math.PI * rng.random()
        x[i] = c.x + r * Math.cos(a)
        y[i] = c.y + r * Math.sin(a)
      }
      return { x, y }
    }
    case "rect": {
      positive(p, "widthM", p.widthM)
      positive(p, "heightM", p.heightM)
      const c = p.center ?? ORIGIN
      for (let i = 0; i < n; i++) {
        x[i] = c.x + (rng.random() - 0.5) * p.widthM
        y[i] = c.y + (rng.random() - 0.5) * p.heightM
      }
      return { x, y }
    }
    case "grid":
      positive(p, "spacingM", p.spacingM)
      return gridPoints(n, p.spacingM, p.center ?? ORIGIN)
    case "clusters": {
      if (!Number.isInteger(p.clusters) || p.clusters < 1) fail(p, `clusters must be an integer >= 1, got ${p.clusters}`)
      positive(p, "radiusM", p.radiusM)
      positive(p, "clusterRadiusM", p.clusterRadiusM)
      const c = p.center ?? ORIGIN
      const centres = clusterCentres(p.clusters, p.radiusM, c, rng)
      for (let i = 0; i < n; i++) {
        const k = i % p.clusters
        const r = annulusRadius(rng.random(), 0, p.clusterRadiusM)
        const a = 2 * Math.PI * rng.random()
        x[i] = (centres.x[k] as number) + r * Math.cos(a)
        y[i] = (centres.y[k] as number) + r * Math.sin(a)
      }
      return { x, y }
    }
    case "points": {
      if (n > p.points.length) fail(p, `${n} devices but only ${p.points.length} points`)
      for (let i = 0; i < n; i++) {
        const pt = p.points[i] as Point2
        x[i] = pt.x
        y[i] = pt.y
      }
      return { x, y }
    }
  }
}

/**
 * The centres of a `clusters` placement: uniform by area in the disc of
 * `radiusM` around `center`, drawn from `rng.child("centres")` so they do not
 * depend on the number of devices.
 */
export function clusterCentres(clusters: number, radiusM: number, center: Point2, rng: Rng): Positions {
  const cr = rng.child("centres")
  const x = new Float64Array(clusters)
  const y = new Float64Array(clusters)
  for (let k = 0; k < clusters; k++) {
    const r = annulusRadius(cr.random(), 0, radiusM)
    const a = 2 * Math.PI * cr.random()
    x[k] = center.x + r * Math.cos(a)
    y[k] = center.y + r * Math.sin(a)
  }
  return { x, y }
}

const m = (v: number) => `${Number(v.toFixed(1))} m`
const at = (c: Point2 | undefined) => (c === undefined || (c.x === 0 && c.y === 0) ? "" : ` around (${Number(c.x.toFixed(1))}, ${Number(c.y.toFixed(1))})`)

/** A placement in one line for reports: `uniform in a disc of radius 2000 m`. */
export function describePlacement(p: Placement): string {
  switch (p.kind) {
    case "disc":
      return p.minRadiusM !== undefined && p.minRadiusM > 0
        ? `uniform in an annulus ${m(p.minRadiusM)}..${m(p.radiusM)}${at(p.center)}`
        : `uniform in a disc of radius ${m(p.radiusM)}${at(p.center)}`
    case "rect":
      return `uniform in a ${m(p.widthM)} × ${m(p.heightM)} rectangle${at(p.center)}`
    case "grid":
      return `square grid, ${m(p.spacingM)} spacing${at(p.center)}`
    case "clusters":
      return `${p.clusters} clusters of radius ${m(p.clusterRadiusM)}, centres uniform in a disc of radius ${m(p.radiusM)}${at(p.center)}`
    case "points":
      return `${p.points.length} ${p.points.length === 1 ? "point" : "points"} ${p.source === undefined ? "given" : `from ${p.source}`}`
  }
}

/**
 * LoRaSim's multi-base-station node placement (`loraDirMulBS.py` `myNode`):
 * each node at integer coordinates `randint(0, int(maxX))`, `randint(0, int(maxY))`
 * (both ends inclusive) in the `maxX × maxY` rectangle with a corner at the
 * origin. Its retry loop (a new node must be ≥ 10 m from at least one earlier
 * node, giving up after 100 near ones) rejects almost nothing short of the
 * density at which LoRaSim gives up altogether; it is not modelled.
 */
export function lorasimRectanglePoints(n: number, maxXM: number, maxYM: number, rng: Rng): Positions {
  const x = new Float64Array(n)
  const y = new Float64Array(n)
  const xMax = Math.trunc(maxXM)
  const yMax = Math.trunc(maxYM)
  for (let i = 0; i < n; i++) {
    x[i] = rng.int(0, xMax)
    y[i] = rng.int(0, yMax)
  }
  return { x, y }
}
