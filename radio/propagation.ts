import { firstNormalOf } from "../sim/index.ts"

/** A position in metres: 2-D with an optional height (z, default 0). */
export interface Point {
  readonly x: number
  readonly y: number
  readonly z?: number
}

/** Euclidean distance in metres (3-D when heights are given). */
export function distanceM(a: Point, b: Point): number {
  const dx = a.x - b.x
  const dy = a.y - b.y
  const dz = (a.z ?? 0) - (b.z ?? 0)
  return Math.sqrt(dx * dx + dy * dy + dz * dz)
}

/**
 * Log-distance path loss with log-normal shadowing, as data:
 * PL(d) = refLossDb + 10·exponent·log10(d / refDistanceM) + X, X ~ N(0, sigmaDb).
 */
export interface LogDistanceParams {
  readonly kind: "log-distance"
  readonly refLossDb: number
  readonly refDistanceM: number
  readonly exponent: number
  readonly sigmaDb: number
  /** Where the numbers come from. */
  readonly source: string
}

/** Free-space (Friis) path loss at the transmission's frequency: 20·log10(4πdf/c). */
export interface FreeSpaceParams {
  readonly kind: "free-space"
  readonly sigmaDb: number
  readonly source: string
}

/** An explicit loss per link (tests): `key(a, b)` → dB; missing links use `defaultLossDb`. */
export interface LinkTableParams {
  readonly kind: "link-table"
  readonly lossDb: ReadonlyMap<string, number>
  readonly defaultLossDb: number
  readonly sigmaDb: 0
  readonly source: string
}

/** The propagation models a world can select. */
export type PropagationParams = LogDistanceParams | FreeSpaceParams | LinkTableParams

/**
 * LoRaSim (Bor, Roedig, Voigt, Alonso, "Do LoRa low-power wide-area networks
 * scale?", MSWiM 2016) and its public code `loraDir.py`: Lpld0 = 127.41 dB at
 * d0 = 40 m, γ = 2.08; σ = 3.57 dB is the paper's fitted shadowing (the code
 * sets `var = 0 # variance ignored for now`, so runs of loraDir.py have no
 * shadowing; use `{ ...LORASIM, sigmaDb: 0 }` to match the code).
 */
export const LORASIM: LogDistanceParams = {
  kind: "log-distance",
  refLossDb: 127.41,
  refDistanceM: 40,
  exponent: 2.08,
  sigmaDb: 3.57,
  source: "LoRaSim loraDir.py (Lpld0 127.41 dB, d0 40 m, gamma 2.08); sigma 3.57 dB from Bor et al. MSWiM 2016",
}

/**
 * ns-3 lorawan module (signetlabdei/lorawan, examples e.g. `complete-network-example.cc`):
 * `LogDistancePropagationLossModel` with `SetPathLossExponent(3.76)` and
 * `SetReference(1, 7.7)` (7.7 dB at 1 m). Its optional shadowing is a separate
 * correlated model; σ = 0 here.
 */
export const NS3_LORAWAN: LogDistanceParams = {
  kind: "log-distance",
  refLossDb: 7.7,
  refDistanceM: 1,
  exponent: 3.76,
  sigmaDb: 0,
  source: "ns-3 lorawan examples: LogDistancePropagationLossModel exponent 3.76, reference 7.7 dB at 1 m",
}

/** Free space, no shadowing. */
export const FREE_SPACE: FreeSpaceParams = { kind: "free-space", sigmaDb: 0, source: "Friis free-space loss, 20·log10(4πdf/c)" }

/** Speed of light (m/s), for free-space loss. */
const C = 299_792_458

/** An explicit per-link loss table; `linkKey(a, b)` is order-independent. */
export function linkTable(entries: Iterable<readonly [string, string, number]>, defaultLossDb = Infinity): LinkTableParams {
  const m = new Map<string, number>()
  for (const [a, b, db] of entries) m.set(linkKey(a, b), db)
  return { kind: "link-table", lossDb: m, defaultLossDb, sigmaDb: 0, source: "explicit table (tests)" }
}

/** Order-independent name of the link between two radios: `"a/b"` with a ≤ b. */
export function linkKey(a: string, b: string): string {
  return a <= b ? `${a}/${b}` : `${b}/${a}`
}

/**
 * A propagation model instance bound to a run's seed: mean loss by distance, and
 * per-link shadowing drawn from the stream named `shadowing/<a>/<b>` (pair in
 * sorted order), so a link's shadowing does not change when nodes are added. The
 * draw is the first normal of that named stream (`new Rng(seed, name)` gives the
 * same stream as `world.rng(name)` without keeping one object per link alive).
 */
export class Propagation {
  constructor(
    readonly params: PropagationParams,
    private readonly seed: number,
  ) {}

  /** Mean path loss in dB at `d` metres and `freqHz` (no shadowing). */
  meanLossDb(d: number, freqHz: number): number {
    const p = this.params
    if (p.kind === "log-distance") {
      const dd = Math.max(d, 1e-3)
      return p.refLossDb + 10 * p.exponent * Math.log10(dd / p.refDistanceM)
    }
    if (p.kind === "free-space") {
      const dd = Math.max(d, 1e-3)
      return 20 * Math.log10((4 * Math.PI * dd * freqHz) / C)
    }
    return p.defaultLossDb
  }

  /** Shadowing of the link a–b in dB (stable per link and seed). */
  shadowingDb(a: string, b: string): number {
    const sigma = this.params.sigmaDb
    if (sigma === 0) return 0
    return sigma * firstNormalOf(this.seed, `shadowing/${linkKey(a, b)}`)
  }

  /** Total path loss in dB between radios `a` at `pa` and `b` at `pb`. */
  lossDb(a: string, pa: Point, b: string, pb: Point, freqHz: number): number {
    const p = this.params
    if (p.kind === "link-table") return p.lossDb.get(linkKey(a, b)) ?? p.defaultLossDb
    return this.meanLossDb(distanceM(pa, pb), freqHz) + this.shadowingDb(a, b)
  }

  /**
   * Distance beyond which the loss exceeds `budgetDb` even with a +4σ shadowing
   * draw (P < 3·10⁻⁵): the medium's spatial index uses it as its cell size.
   * Infinity for link tables (no geometry).
   */
  maxRangeM(budgetDb: number, freqHz = 868e6): number {
    const p = this.params
    const b = budgetDb + 4 * p.sigmaDb
    if (p.kind === "log-distance") return p.refDistanceM * 10 ** ((b - p.refLossDb) / (10 * p.exponent))
    if (p.kind === "free-space") return (10 ** (b / 20) * C) / (4 * Math.PI * freqHz)
    return Infinity
  }
}
