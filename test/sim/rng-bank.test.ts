import { fc, test } from "@fast-check/vitest"
import { expect } from "vitest"
import { Rng, RngBank, firstNormalOf } from "../../sim/index.ts"

test.prop([fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 19 })])("stream i of a bank draws exactly what new Rng(seed, name(i)) draws", (seed, count, pick) => {
  const i = pick % count
  const bank = new RngBank(seed, count, (k) => `dev/${k}`)
  const ref = new Rng(seed, `dev/${i}`)
  for (let n = 0; n < 10; n++) {
    expect(bank.random(i)).toBe(ref.random())
    expect(bank.exponential(i, 1000)).toBe(ref.exponential(1000))
    expect(bank.nextUint32(i)).toBe(ref.nextUint32())
    expect(bank.uniform(i, 3, 9)).toBe(ref.uniform(3, 9))
  }
})

test("a stream's draws do not depend on the bank's size or on other streams' use", () => {
  const small = new RngBank(7, 3, (k) => `d${k}`)
  const big = new RngBank(7, 1000, (k) => `d${k}`)
  for (let n = 0; n < 50; n++) big.random(0)
  const a = [small.random(2), small.random(2)]
  const b = [big.random(2), big.random(2)]
  expect(b).toEqual(a)
})

test("normal draws have the requested mean and sd", () => {
  const bank = new RngBank(1, 1, () => "n")
  let s = 0
  let s2 = 0
  const n = 20000
  for (let k = 0; k < n; k++) {
    const v = bank.normal(0, 5, 2)
    s += v
    s2 += v * v
  }
  const mean = s / n
  expect(mean).toBeCloseTo(5, 1)
  expect(Math.sqrt(s2 / n - mean * mean)).toBeCloseTo(2, 1)
})

test.prop([fc.integer({ min: 0, max: 2 ** 40 }), fc.string({ maxLength: 30 })])("firstNormalOf(seed, name) is new Rng(seed, name).normal()", (seed, name) => {
  expect(firstNormalOf(seed, name)).toBe(new Rng(seed, name).normal())
})
