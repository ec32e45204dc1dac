import { streamState } from "./hash.ts"

const TWO_POW_53 = 2 ** 53

/**
 * Many named random streams in one typed array: stream `i` is seeded from
 * (seed, `name(i)`) exactly as `new Rng(seed, name(i))` and steps the same
 * xoroshiro128+ (pure-rand's 32-bit output), so `random`, `uniform`,
 * `exponential` and `nextUint32` give draw for draw what that `Rng` gives. A
 * million devices cost 16 MB instead of a million objects, and device `i`'s
 * draws never depend on how many other streams exist.
 */
export class RngBank {
  /** Per stream: s01, s00, s11, s10 (pure-rand's state order). */
  private readonly s: Int32Array

  constructor(
    readonly seed: number,
    readonly count: number,
    name: (i: number) => string,
  ) {
    this.s = new Int32Array(4 * count)
    for (let i = 0; i < count; i++) this.s.set(streamState(seed, name(i)), 4 * i)
  }

  /** Next raw 32-bit output of stream `i` (signed, as pure-rand's `next()`). */
  next(i: number): number {
    const s = this.s
    const k = 4 * i
    const s01 = s[k]!
    const s00 = s[k + 1]!
    const s11 = s[k + 2]!
    const s10 = s[k + 3]!
    const out = (s00 + s10) | 0
    const a0 = s10 ^ s00
    const a1 = s11 ^ s01
    s[k + 1] = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16)
    s[k] = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16))
    s[k + 3] = (a1 << 5) ^ (a0 >>> 27)
    s[k + 2] = (a0 << 5) ^ (a1 >>> 27)
    return out
  }

  /** Unsigned 32-bit draw of stream `i`. */
  nextUint32(i: number): number {
    return this.next(i) >>> 0
  }

  /** Uniform in [0, 1) with 53 bits (same construction as `Rng.random`). */
  random(i: number): number {
    const hi = this.next(i) >>> 5
    const lo = this.next(i) >>> 6
    return (hi * 67108864 + lo) / TWO_POW_53
  }

  /** Uniform in [min, max). */
  uniform(i: number, min: number, max: number): number {
    return min + (max - min) * this.random(i)
  }

  /** Exponential with the given mean (inverse transform, as `Rng.exponential`). */
  exponential(i: number, mean: number): number {
    return -mean * Math.log(1 - this.random(i))
  }

  /** True with probability `p`. */
  chance(i: number, p: number): boolean {
    return this.random(i) < p
  }

  /** Normal (Box–Muller, one value per two uniforms; no cached spare, unlike `Rng.normal`). */
  normal(i: number, mean = 0, sd = 1): number {
    let u = 0
    while (u === 0) u = this.random(i)
    const v = this.random(i)
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Uniform integer in [0, n) (n ≤ 2^32; floor of a 53-bit uniform). */
  below(i: number, n: number): number {
    return Math.floor(this.random(i) * n)
  }
}

/**
 * The first `normal(0, 1)` draw of the stream (seed, name) — what
 * `new Rng(seed, name).normal()` returns — without building the stream
 * object: for per-link draws (shadowing) made millions of times.
 */
export function firstNormalOf(seed: number, name: string): number {
  const st = streamState(seed, name)
  let s01 = st[0]
  let s00 = st[1]
  let s11 = st[2]
  let s10 = st[3]
  const next = (): number => {
    const out = (s00 + s10) | 0
    const a0 = s10 ^ s00
    const a1 = s11 ^ s01
    const o00 = s00
    const o01 = s01
    s00 = (o00 << 24) ^ (o01 >>> 8) ^ a0 ^ (a0 << 16)
    s01 = (o01 << 24) ^ (o00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16))
    s10 = (a1 << 5) ^ (a0 >>> 27)
    s11 = (a0 << 5) ^ (a1 >>> 27)
    return out
  }
  const uniform = (): number => ((next() >>> 5) * 67108864 + (next() >>> 6)) / TWO_POW_53
  let u = 0
  while (u === 0) u = uniform()
  const v = uniform()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}
