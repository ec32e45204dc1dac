import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { rng, Simulation } from "../../sim/index.ts"

const draws = (seed: number, name: string, n = 16) => {
  const r = rng(seed, name)
  return Array.from({ length: n }, () => r.nextUint32())
}

describe("named random streams", () => {
  test.prop([fc.nat(), fc.string({ maxLength: 30 })])("same (seed, name) gives the same draws", (seed, name) => {
    expect(draws(seed, name)).toEqual(draws(seed, name))
  })

  test.prop([fc.nat(), fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })])(
    "different names give different streams",
    (seed, a, b) => {
      fc.pre(a !== b)
      expect(draws(seed, a)).not.toEqual(draws(seed, b))
    },
  )

  test.prop([fc.nat(), fc.nat(), fc.string({ maxLength: 20 })])("different seeds give different streams", (s1, s2, name) => {
    fc.pre(s1 !== s2)
    expect(draws(s1, name)).not.toEqual(draws(s2, name))
  })

  test.prop([fc.nat(), fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 10 }), fc.array(fc.nat({ max: 50 }), { maxLength: 10 })])(
    "creating and drawing from other streams never changes a stream's draws",
    (seed, others, counts) => {
      const alone = draws(seed, "device/42/backoff")
      const sim = new Simulation({ seed })
      others.forEach((name, i) => {
        const r = sim.rng(`x/${name}`)
        for (let k = 0; k < (counts[i] ?? 3); k++) r.random()
      })
      const mine = sim.rng("device/42/backoff")
      expect(Array.from({ length: 16 }, () => mine.nextUint32())).toEqual(alone)
    },
  )

  it("uniform, int, exponential and normal have the right moments", () => {
    const r = rng(7, "moments")
    const n = 200_000
    let su = 0
    let se = 0
    let sn = 0
    let sn2 = 0
    const counts = new Array(6).fill(0)
    for (let i = 0; i < n; i++) {
      const u = r.random()
      expect(u >= 0 && u < 1).toBe(true)
      su += u
      se += r.exponential(3)
      const z = r.normal(10, 2)
      sn += z
      sn2 += z * z
      counts[r.int(1, 6) - 1]++
    }
    expect(su / n).toBeCloseTo(0.5, 2)
    expect(se / n).toBeGreaterThan(2.95)
    expect(se / n).toBeLessThan(3.05)
    const mean = sn / n
    expect(mean).toBeCloseTo(10, 1)
    expect(Math.sqrt(sn2 / n - mean * mean)).toBeCloseTo(2, 1)
    for (const c of counts) expect(Math.abs(c / n - 1 / 6)).toBeLessThan(0.005)
  })

  it("int covers both ends and rejects bad ranges", () => {
    const r = rng(1, "ends")
    const seen = new Set<number>()
    for (let i = 0; i < 1000; i++) seen.add(r.int(-2, 2))
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2].sort())
    expect(() => r.int(3, 1)).toThrow(RangeError)
    expect(() => r.int(0.5, 2)).toThrow(RangeError)
  })

  it("the kernel hands out one stream object per name", () => {
    const sim = new Simulation({ seed: 3 })
    expect(sim.rng("a")).toBe(sim.rng("a"))
    expect(sim.rng("a")).not.toBe(sim.rng("b"))
  })
})
