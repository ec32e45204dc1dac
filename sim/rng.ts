import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus"
import { streamState } from "./hash.ts"

const TWO_POW_32 = 0x1_0000_0000
const TWO_POW_53 = 2 ** 53

/** The subset of pure-rand's generator interface a stream uses. */
interface Generator32 {
  next(): number
}

/**
 * A named random stream: xoroshiro128+ (pure-rand) seeded from a hash of
 * (seed, name), so each stable name gets its own sequence and adding a stream
 * never shifts the draws of another. Distributions: uniform, integer range,
 * exponential (inverse transform), normal (Box–Muller, second value cached).
 */
export class Rng {
  private readonly gen: Generator32
  private spareNormal = NaN

  constructor(
    readonly seed: number,
    readonly name: string,
  ) {
    this.gen = xoroshiro128plusFromState(streamState(seed, name))
  }

  /** A raw unsigned 32-bit draw. */
  nextUint32(): number {
    return this.gen.next() >>> 0
  }

  /** Uniform in [0, 1) with 53 bits of resolution. */
  random(): number {
    const hi = this.gen.next() >>> 5 // 27 bits
    const lo = this.gen.next() >>> 6 // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53
  }

  /** Uniform in [min, max). */
  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.random()
  }

  /** Uniform integer in [min, max] (both inclusive), without modulo bias. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`rng.int needs integers min <= max, got ${min}, ${max}`)
    }
    const range = max - min + 1
    if (range <= TWO_POW_32) {
      const limit = TWO_POW_32 - (TWO_POW_32 % range)
      let x = this.nextUint32()
      while (x >= limit) x = this.nextUint32()
      return min + (x % range)
    }
    return min + Math.floor(this.random() * range)
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.random() < p
  }

  /** Exponential with the given mean (inverse transform on (0, 1]). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.random())
  }

  /** Normal with the given mean and standard deviation (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    let z = this.spareNormal
    if (z === z) {
      this.spareNormal = NaN
    } else {
      let u = 0
      while (u === 0) u = this.random()
      const v = this.random()
      const r = Math.sqrt(-2 * Math.log(u))
      z = r * Math.cos(2 * Math.PI * v)
      this.spareNormal = r * Math.sin(2 * Math.PI * v)
    }
    return mean + sd * z
  }

  /** Picks one element uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("rng.pick of an empty list")
    return items[this.int(0, items.length - 1)] as T
  }

  /** A derived stream named `${this.name}/${sub}`. */
  child(sub: string): Rng {
    return new Rng(this.seed, `${this.name}/${sub}`)
  }
}

/** The random stream for a stable name under a run's seed. */
export function rng(seed: number, name: string): Rng {
  return new Rng(seed, name)
}
