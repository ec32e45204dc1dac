import type { Point } from "./propagation.ts"

/**
 * A uniform grid of square cells keyed by integer coordinates, holding items at
 * fixed positions. With the cell size set to the maximum useful radio range, the
 * items that can hear a point are in its 3×3 block of cells, so a query costs
 * the local density, not the total count. An infinite cell size is one cell.
 * Iteration follows insertion order (deterministic).
 */
export class SpatialGrid<T> {
  private readonly cells = new Map<number, Set<T>>()
  private readonly inv: number

  constructor(readonly cellSizeM: number) {
    this.inv = Number.isFinite(cellSizeM) && cellSizeM > 0 ? 1 / cellSizeM : 0
  }

  private key(cx: number, cy: number): number {
    return (cx + 1_048_576) * 2_097_152 + (cy + 1_048_576)
  }

  private cellOf(p: Point): [number, number] {
    return [Math.floor(p.x * this.inv), Math.floor(p.y * this.inv)]
  }

  /** Adds `item` at `p` (no-op if present). */
  add(item: T, p: Point): void {
    const [cx, cy] = this.cellOf(p)
    const k = this.key(cx, cy)
    let s = this.cells.get(k)
    if (s === undefined) {
      s = new Set()
      this.cells.set(k, s)
    }
    s.add(item)
  }

  /** Removes `item` placed at `p`. */
  remove(item: T, p: Point): void {
    const [cx, cy] = this.cellOf(p)
    const k = this.key(cx, cy)
    const s = this.cells.get(k)
    if (s === undefined) return
    s.delete(item)
    if (s.size === 0) this.cells.delete(k)
  }

  /** Calls `fn` for every item in the 3×3 cells around `p`. */
  near(p: Point, fn: (item: T) => void): void {
    const [cx, cy] = this.cellOf(p)
    if (this.inv === 0) {
      const s = this.cells.get(this.key(0, 0))
      if (s !== undefined) for (const it of s) fn(it)
      return
    }
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const s = this.cells.get(this.key(cx + dx, cy + dy))
        if (s !== undefined) for (const it of s) fn(it)
      }
    }
  }

  /** Appends every item in the 3×3 cells around `p` to `out` (cleared first); returns it. */
  collect(p: Point, out: T[]): T[] {
    out.length = 0
    if (this.inv === 0) {
      const s = this.cells.get(this.key(0, 0))
      if (s !== undefined) for (const it of s) out.push(it)
      return out
    }
    const [cx, cy] = this.cellOf(p)
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const s = this.cells.get(this.key(cx + dx, cy + dy))
        if (s !== undefined) for (const it of s) out.push(it)
      }
    }
    return out
  }

  /** Number of items. */
  get size(): number {
    let n = 0
    for (const s of this.cells.values()) n += s.size
    return n
  }
}
