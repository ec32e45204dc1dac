import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { FREE_SPACE, LORASIM, NS3_LORAWAN, Propagation, linkKey, linkTable } from "../../radio/index.ts"

describe("propagation presets", () => {
  it("LoRaSim: 127.41 dB at 40 m, +20.8 dB per decade", () => {
    const p = new Propagation({ ...LORASIM, sigmaDb: 0 }, 1)
    expect(p.meanLossDb(40, 868e6)).toBeCloseTo(127.41, 9)
    expect(p.meanLossDb(400, 868e6)).toBeCloseTo(127.41 + 20.8, 9)
    expect(LORASIM.sigmaDb).toBe(3.57)
  })

  it("ns-3 lorawan: 7.7 dB at 1 m, exponent 3.76", () => {
    const p = new Propagation(NS3_LORAWAN, 1)
    expect(p.meanLossDb(1, 868e6)).toBeCloseTo(7.7, 9)
    expect(p.meanLossDb(1000, 868e6)).toBeCloseTo(7.7 + 37.6 * 3, 9)
  })

  it("free space at 868 MHz, 1 km ≈ 91.2 dB", () => {
    expect(new Propagation(FREE_SPACE, 1).meanLossDb(1000, 868e6)).toBeCloseTo(91.21, 1)
  })

  it("link table is order-independent", () => {
    const p = new Propagation(linkTable([["a", "b", 100]]), 1)
    expect(p.lossDb("b", { x: 0, y: 0 }, "a", { x: 5, y: 0 }, 868e6)).toBe(100)
    expect(p.lossDb("a", { x: 0, y: 0 }, "c", { x: 5, y: 0 }, 868e6)).toBe(Infinity)
  })

  test.prop([fc.string({ minLength: 1, maxLength: 6 }), fc.string({ minLength: 1, maxLength: 6 }), fc.nat(1000)])("shadowing is per link, symmetric and stable", (a, b, seed) => {
    const p = new Propagation(LORASIM, seed)
    expect(p.shadowingDb(a, b)).toBe(p.shadowingDb(b, a))
    expect(new Propagation(LORASIM, seed).shadowingDb(a, b)).toBe(p.shadowingDb(a, b))
    expect(linkKey(a, b)).toBe(linkKey(b, a))
  })

  it("shadowing has the preset's standard deviation", () => {
    const p = new Propagation(LORASIM, 7)
    let s = 0
    let s2 = 0
    const n = 4000
    for (let i = 0; i < n; i++) {
      const x = p.shadowingDb("gw", `n${i}`)
      s += x
      s2 += x * x
    }
    const mean = s / n
    const sd = Math.sqrt(s2 / n - mean * mean)
    expect(Math.abs(mean)).toBeLessThan(0.2)
    expect(Math.abs(sd - 3.57)).toBeLessThan(0.15)
  })

  it("max range covers the budget plus 4 sigma", () => {
    const p = new Propagation(LORASIM, 1)
    const r = p.maxRangeM(150)
    expect(p.meanLossDb(r, 868e6)).toBeCloseTo(150 + 4 * 3.57, 6)
    expect(new Propagation(linkTable([]), 1).maxRangeM(150)).toBe(Infinity)
  })
})
