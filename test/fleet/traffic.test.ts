import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { Rng } from "../../sim/index.ts"
import { burstSenders, describeTraffic, firstDelayUs, meanIntervalUs, nextBurstDelayUs, nextDelayUs, type StreamBank, type Traffic } from "../../stack/fleet/traffic.ts"

/** A StreamBank over one kernel Rng per device, counting draws. */
function bank(seed: number, n: number): StreamBank & { draws: number } {
  const streams = Array.from({ length: n }, (_, i) => new Rng(seed, `dev/${i}/traffic`))
  const b = {
    draws: 0,
    random: (i: number) => (b.draws++, streams[i]!.random()),
    uniform: (i: number, min: number, max: number) => (b.draws++, streams[i]!.uniform(min, max)),
    exponential: (i: number, mean: number) => (b.draws++, streams[i]!.exponential(mean)),
  }
  return b
}

function stats(xs: readonly number[]): { mean: number; sd: number; min: number; max: number } {
  const mean = xs.reduce((a, v) => a + v, 0) / xs.length
  const sd = Math.sqrt(xs.reduce((a, v) => a + (v - mean) ** 2, 0) / (xs.length - 1))
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs) }
}

describe("traffic models", () => {
  it("poisson: inter-send times have the mean and the spread of an exponential (seeded)", () => {
    const t: Traffic = { kind: "poisson", meanS: 600 }
    const b = bank(1, 10)
    const xs = Array.from({ length: 20_000 }, (_, k) => nextDelayUs(t, b, k % 10))
    const s = stats(xs)
    // sd of the mean of 20k exponentials = mean / √20000 ≈ 0.7 %; allow 4 sd.
    expect(Math.abs(s.mean / 600e6 - 1)).toBeLessThan(0.03)
    expect(Math.abs(s.sd / s.mean - 1)).toBeLessThan(0.05)
    // Memoryless: P(X > mean) = e^-1.
    expect(Math.abs(xs.filter((x) => x > 600e6).length / xs.length - Math.exp(-1))).toBeLessThan(0.015)
    expect(meanIntervalUs(t)).toBe(600e6)
  })

  it("poisson: the first send is exponential too (seeded)", () => {
    const t: Traffic = { kind: "poisson", meanS: 30 }
    const b = bank(2, 20_000)
    const s = stats(Array.from({ length: 20_000 }, (_, i) => firstDelayUs(t, b, i)))
    expect(Math.abs(s.mean / 30e6 - 1)).toBeLessThan(0.03)
    expect(Math.abs(s.sd / s.mean - 1)).toBeLessThan(0.05)
  })

  test.prop([fc.double({ min: 0.001, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 0.99, noNaN: true }), fc.integer({ min: 0, max: 1e6 })])(
    "periodic: next send within period ± jitter, first send in [0, period)",
    (periodS, jitterFrac, seed) => {
      const t: Traffic = { kind: "periodic", periodS, jitterS: periodS * jitterFrac }
      const b = bank(seed, 4)
      const p = periodS * 1e6
      const j = periodS * jitterFrac * 1e6
      for (let k = 0; k < 50; k++) {
        const d = nextDelayUs(t, b, k % 4)
        expect(Number.isInteger(d)).toBe(true)
        expect(d).toBeGreaterThanOrEqual(Math.max(1, Math.floor(p - j)))
        expect(d).toBeLessThanOrEqual(Math.ceil(p + j))
        const f = firstDelayUs(t, b, k % 4)
        expect(Number.isInteger(f)).toBe(true)
        expect(f).toBeGreaterThanOrEqual(1)
        expect(f).toBeLessThan(Math.max(2, Math.round(p)))
      }
    },
  )

  it("periodic: mean of next is the period, first sends are uniform over the period (seeded)", () => {
    const t: Traffic = { kind: "periodic", periodS: 100, jitterS: 20 }
    const b = bank(3, 20_000)
    const next = stats(Array.from({ length: 20_000 }, (_, i) => nextDelayUs(t, b, i)))
    expect(Math.abs(next.mean / 100e6 - 1)).toBeLessThan(0.005)
    // Uniform on [-20, 20) s: sd = 40/√12 s.
    expect(Math.abs(next.sd / (40e6 / Math.sqrt(12)) - 1)).toBeLessThan(0.03)
    const first = Array.from({ length: 20_000 }, (_, i) => firstDelayUs(t, b, i))
    for (let q = 0; q < 4; q++) {
      const share = first.filter((f) => f >= q * 25e6 && f < (q + 1) * 25e6).length / first.length
      expect(Math.abs(share - 0.25)).toBeLessThan(0.0125)
    }
  })

  it("periodic without jitter is exactly the period and draws nothing", () => {
    const t: Traffic = { kind: "periodic", periodS: 600 }
    const b = bank(4, 1)
    expect(nextDelayUs(t, b, 0)).toBe(600_000_000)
    expect(nextDelayUs({ ...t, jitterS: 0 }, b, 0)).toBe(600_000_000)
    expect(b.draws).toBe(0)
    firstDelayUs(t, b, 0)
    expect(b.draws).toBe(1)
  })

  test.prop([fc.oneof(fc.record({ kind: fc.constant("poisson" as const), meanS: fc.double({ min: 1e-9, max: 1e-5, noNaN: true }) }), fc.record({ kind: fc.constant("periodic" as const), periodS: fc.double({ min: 1e-9, max: 1e-5, noNaN: true }) })), fc.integer({ min: 0, max: 1e6 })])(
    "a delay is a whole number of µs and never below 1, even for tiny intervals",
    (t, seed) => {
      const b = bank(seed, 1)
      for (let k = 0; k < 20; k++) {
        for (const d of [firstDelayUs(t, b, 0), nextDelayUs(t, b, 0)]) {
          expect(Number.isInteger(d)).toBe(true)
          expect(d).toBeGreaterThanOrEqual(1)
        }
      }
    },
  )

  it("each device has its own stream: device 1's draws do not change when device 0 draws more", () => {
    const t: Traffic = { kind: "poisson", meanS: 10 }
    const a = bank(9, 2)
    const b = bank(9, 2)
    for (let k = 0; k < 5; k++) nextDelayUs(t, b, 0)
    expect(nextDelayUs(t, a, 1)).toBe(nextDelayUs(t, b, 1))
  })
})

describe("bursts", () => {
  const bursts = { meanIntervalS: 3600, share: 0.1, spreadS: 60 }

  it("each device joins with probability `share`, anywhere in the fleet (seeded)", () => {
    const n = 50_000
    const rng = new Rng(5, "bursts")
    let total = 0
    let firstHalf = 0
    for (let e = 0; e < 4; e++) {
      const s = burstSenders(bursts, n, rng, e)
      total += s.device.length
      firstHalf += s.device.filter((d) => d < n / 2).length
    }
    // Binomial(200000, 0.1): sd ≈ 134; allow 4 sd.
    expect(Math.abs(total - 20_000)).toBeLessThan(540)
    expect(Math.abs(firstHalf / total - 0.5)).toBeLessThan(0.015)
  })

  test.prop([fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 600, noNaN: true }), fc.nat(1000)])(
    "sorted by delay then device, delays whole µs in [0, spread), devices distinct and < n",
    (seed, n, share, spreadS, eventIndex) => {
      const s = burstSenders({ meanIntervalS: 1, share, spreadS }, n, new Rng(seed, "b"), eventIndex)
      expect(s.device.length).toBe(s.delayUs.length)
      expect(new Set(s.device).size).toBe(s.device.length)
      const spreadUs = Math.round(spreadS * 1e6)
      for (let k = 0; k < s.device.length; k++) {
        expect(s.device[k]).toBeGreaterThanOrEqual(0)
        expect(s.device[k]).toBeLessThan(n)
        expect(Number.isInteger(s.delayUs[k])).toBe(true)
        expect(s.delayUs[k]).toBeGreaterThanOrEqual(0)
        expect(s.delayUs[k]).toBeLessThan(Math.max(1, spreadUs))
        if (k > 0) {
          const before = s.delayUs[k - 1]! < s.delayUs[k]! || (s.delayUs[k - 1] === s.delayUs[k] && s.device[k - 1]! < s.device[k]!)
          expect(before).toBe(true)
        }
      }
    },
  )

  test.prop([fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 2000 }), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.nat(100)])(
    "the senders below n do not change when n grows, and an event's draw depends only on its index",
    (seed, n, share, e) => {
      const b = { meanIntervalS: 1, share, spreadS: 10 }
      const small = burstSenders(b, n, new Rng(seed, "b"), e)
      const rng = new Rng(seed, "b")
      burstSenders(b, 5, rng, e + 1) // another event drawn first on the same stream
      const large = burstSenders(b, 2 * n, rng, e)
      const keep = (s: typeof small) => Array.from(s.device, (d, k) => [d, s.delayUs[k]]).filter(([d]) => d! < n)
      expect(keep(large)).toEqual(keep(small))
    },
  )

  it("a spread × n too large for one exact sort key still sorts by delay, then device", () => {
    const s = burstSenders({ meanIntervalS: 1, share: 2e-5, spreadS: 1e9 }, 20_000_000, new Rng(4, "b"), 0)
    expect(s.device.length).toBeGreaterThan(300)
    for (let k = 1; k < s.device.length; k++) {
      expect(s.delayUs[k - 1]! < s.delayUs[k]! || (s.delayUs[k - 1] === s.delayUs[k] && s.device[k - 1]! < s.device[k]!)).toBe(true)
    }
    const pairs = new Set(Array.from(s.device, (d, k) => `${d}/${s.delayUs[k]}`))
    expect(pairs.size).toBe(s.device.length)
  })

  it("share 0 sends nothing, share 1 everyone; a different event index gives another draw", () => {
    const rng = new Rng(1, "b")
    expect(burstSenders({ ...bursts, share: 0 }, 100, rng, 0).device.length).toBe(0)
    expect(Array.from(burstSenders({ ...bursts, share: 1 }, 100, rng, 0).device).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    // A share so small that 1 − share rounds to 1 still ends (log1p), with nobody chosen.
    expect(burstSenders({ ...bursts, share: Number.MIN_VALUE }, 1_000_000, rng, 0).device.length).toBe(0)
    const a = burstSenders(bursts, 1000, rng, 1)
    const b = burstSenders(bursts, 1000, rng, 2)
    expect(Array.from(a.device)).not.toEqual(Array.from(b.device))
  })

  it("time to the next burst is exponential with the mean interval (seeded)", () => {
    const rng = new Rng(8, "bursts/clock")
    const s = stats(Array.from({ length: 20_000 }, () => nextBurstDelayUs(bursts, rng)))
    expect(Math.abs(s.mean / 3600e6 - 1)).toBeLessThan(0.03)
    expect(s.min).toBeGreaterThanOrEqual(1)
  })

  it("describes traffic in one line", () => {
    expect(describeTraffic({ kind: "periodic", periodS: 600, jitterS: 30 })).toBe("periodic every 600 s ± 30 s (first send uniform in the first period)")
    expect(describeTraffic({ kind: "poisson", meanS: 1000 })).toBe("Poisson, mean interval 1000 s")
    expect(describeTraffic({ kind: "poisson", meanS: 1000 }, bursts)).toBe("Poisson, mean interval 1000 s; bursts every 3600 s on average, 10 % of devices within 60 s")
  })
})
