import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { lowDataRateOptimize, noiseFloorDbm, payloadSymbols, sensitivityDbm, snrDb, timeOnAirMs, timeOnAirUs, type LoraFrameFormat } from "../../radio/index.ts"

const fmt = (sf: number, bwHz: number, cr = 1): LoraFrameFormat => ({ sf, bwHz, cr, preamble: 8, implicitHeader: false, crc: true })

// docs/models.md §2.1: EU868 ToA (ms, 0.1 ms resolution) for PHYPayload 13 + N bytes, CRC on, preamble 8, CR 4/5.
const DRS: readonly (readonly [number, number])[] = [[12, 125_000], [11, 125_000], [10, 125_000], [9, 125_000], [8, 125_000], [7, 125_000], [7, 250_000]]
const TABLE: readonly (readonly [number, readonly number[]])[] = [
  [0, [1155.1, 577.5, 288.8, 164.9, 82.4, 46.3, 23.2]],
  [10, [1482.8, 823.3, 370.7, 205.8, 113.2, 61.7, 30.8]],
  [51, [2793.5, 1560.6, 698.4, 390.1, 215.6, 118.0, 59.0]],
]

describe("time on air (Semtech formula, docs/models.md §2.1)", () => {
  it("is exactly 1 155 072 µs for 13 B at SF12/125 CR4/5 (BRO check row: 23 payload symbols)", () => {
    expect(payloadSymbols(13, fmt(12, 125_000))).toBe(23)
    expect(timeOnAirUs(13, fmt(12, 125_000))).toBe(1_155_072)
  })

  for (const [n, row] of TABLE) {
    it(`matches every DR of the reference row N=${n}`, () => {
      DRS.forEach(([sf, bw], i) => {
        const us = timeOnAirUs(13 + n, fmt(sf, bw))
        // the table is printed to 0.1 ms: the exact µs value must round to it
        expect(Math.round(us / 100) / 10).toBeCloseTo(row[i] as number, 9)
      })
    })
  }

  it("applies low-data-rate optimisation to SF11/12 at 125 kHz and SF12 at 250 kHz only", () => {
    expect(lowDataRateOptimize(11, 125_000)).toBe(true)
    expect(lowDataRateOptimize(12, 125_000)).toBe(true)
    expect(lowDataRateOptimize(12, 250_000)).toBe(true)
    expect(lowDataRateOptimize(11, 250_000)).toBe(false)
    expect(lowDataRateOptimize(10, 125_000)).toBe(false)
    expect(lowDataRateOptimize(12, 500_000)).toBe(false)
  })

  it("rounds up to whole ms as the driver does", () => {
    expect(timeOnAirMs(13, fmt(12, 125_000))).toBe(1156)
  })

  test.prop([fc.integer({ min: 6, max: 12 }), fc.constantFrom(125_000, 250_000, 500_000), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 254 }), fc.boolean(), fc.boolean(), fc.integer({ min: 6, max: 65 })])(
    "is an integer number of µs, equal to the rational formula and monotone in length",
    (sf, bw, cr, len, ih, crc, pre) => {
      const f: LoraFrameFormat = { sf, bwHz: bw, cr, preamble: pre, implicitHeader: ih, crc }
      const t = timeOnAirUs(len, f)
      expect(Number.isInteger(t)).toBe(true)
      // exact rational: Ts in µs is 2^SF * 1e6 / BW; (pre + 4.25) * Ts = (4 pre + 17) * Ts / 4
      const tsNum = 2 ** sf * 1_000_000
      const exact = ((4 * pre + 17) * tsNum) / (4 * bw) + (payloadSymbols(len, f) * tsNum) / bw
      expect(t).toBe(exact)
      expect(timeOnAirUs(len + 1, f)).toBeGreaterThanOrEqual(t)
    },
  )
})

describe("sensitivity and SNR (docs/models.md §2.2)", () => {
  it("has the SX1272 (DS72), SX1276 (secondary) and SX1301 (NS3) rows", () => {
    expect([7, 8, 9, 10, 11, 12].map((sf) => sensitivityDbm("sx1272", sf, 125_000))).toEqual([-124, -127, -130, -133, -135, -137])
    expect([7, 8, 9, 10, 11, 12].map((sf) => sensitivityDbm("sx1272", sf, 250_000))).toEqual([-122, -125, -128, -130, -132, -135])
    expect([7, 8, 9, 10, 11, 12].map((sf) => sensitivityDbm("sx1272", sf, 500_000))).toEqual([-116, -119, -122, -125, -128, -129])
    expect([7, 8, 9, 10, 11, 12].map((sf) => sensitivityDbm("sx1276", sf, 125_000))).toEqual([-123, -126, -129, -132, -133, -136])
    expect([7, 8, 9, 10, 11, 12].map((sf) => sensitivityDbm("sx1301", sf, 125_000))).toEqual([-130, -132.5, -135, -137.5, -140, -142.5])
    expect(sensitivityDbm("sx1272", 6, 125_000)).toBe(-121)
  })

  it("computes the noise floor −174 + 10 log10(BW) + NF and SNR against it", () => {
    expect(noiseFloorDbm(125_000)).toBeCloseTo(-174 + 50.969 + 6, 2)
    expect(snrDb(-100, 125_000)).toBeCloseTo(-100 - noiseFloorDbm(125_000), 9)
  })
})
