import { fc, test as ptest } from "@fast-check/vitest"
import { describe, expect, test } from "vitest"
import {
  CAPTURE_RULES,
  CAPTURE_THRESHOLD_DB,
  NEWCOMER_LOST,
  OTHER_LOST,
  SIR_MATRIX_DB,
  anyOverlapCollides,
  captureRule,
  destroyers,
  energy,
  goursaudSurvives,
  linkTable,
  lorasimCriticalSectionStartUs,
  lorasimFullCollision,
  lorasimPowerCollision,
  lorasimSimpleCollides,
  lorasimTimingCollides,
  overlapUs,
  sirThresholdDb,
  timeOnAirUs,
  type InterferenceModel,
  type TransmissionRecord,
} from "../../radio/index.ts"
import { recordingGateway, sender, uplink, world } from "./helpers.ts"

const SYMBOL_SF7_BW125_US = 1024 // 2^7 / 125 kHz

describe("rule names", () => {
  test("one vocabulary; the deprecated `lorasim` is LoRaSim's full rule", () => {
    expect([...CAPTURE_RULES]).toEqual(["goursaud", "lorasim-simple", "lorasim-full", "any-overlap"])
    expect(captureRule("lorasim")).toBe("lorasim-full")
    for (const r of CAPTURE_RULES) expect(captureRule(r)).toBe(r)
  })
})

describe("SIR matrix (Goursaud & Gorce 2015 / ns-3)", () => {
  test("diagonal is the 6 dB capture threshold; off-diagonal isolation is negative; SF6 and SF13 clamp to the table", () => {
    for (let sf = 7; sf <= 12; sf++) expect(sirThresholdDb(sf, sf)).toBe(CAPTURE_THRESHOLD_DB)
    expect(sirThresholdDb(7, 12)).toBe(-20)
    expect(sirThresholdDb(12, 7)).toBe(-36)
    expect(sirThresholdDb(6, 6)).toBe(SIR_MATRIX_DB[0]![0])
    expect(sirThresholdDb(6, 8)).toBe(-16)
  })

  test("goursaudSurvives: just above the threshold survives, just below does not; no interference survives", () => {
    const eSig = energy(-100, 1000)
    expect(goursaudSurvives(7, eSig, 7, energy(-106.01, 1000))).toBe(true) // SIR 6.01 dB ≥ 6
    expect(goursaudSurvives(7, eSig, 7, energy(-105.99, 1000))).toBe(false)
    expect(goursaudSurvives(7, eSig, 7, energy(-106, 2000))).toBe(false) // energy, not power: twice as long, 3 dB more
    expect(goursaudSurvives(7, eSig, 12, energy(-80.01, 1000))).toBe(true) // −20 dB isolation vs SF12
    expect(goursaudSurvives(7, eSig, 12, energy(-79.99, 1000))).toBe(false)
    expect(goursaudSurvives(7, eSig, 7, 0)).toBe(true)
  })

  test("energy is P·t", () => {
    expect(energy(0, 5)).toBe(5)
    expect(energy(10, 2)).toBeCloseTo(20, 12)
  })
})

describe("overlap and ALOHA", () => {
  test("half-open intervals: touching frames do not overlap", () => {
    expect(overlapUs(0, 10, 10, 20)).toBe(0)
    expect(overlapUs(0, 10, 9, 20)).toBe(1)
    expect(anyOverlapCollides(0, 10, 10, 20)).toBe(false)
    expect(anyOverlapCollides(5, 6, 0, 100)).toBe(true)
  })

  test("lorasim-simple: same SF and overlapping, whatever the powers", () => {
    expect(lorasimSimpleCollides(7, 0, 10, 7, 5, 15)).toBe(true)
    expect(lorasimSimpleCollides(7, 0, 10, 8, 5, 15)).toBe(false)
    expect(lorasimSimpleCollides(7, 0, 10, 7, 10, 15)).toBe(false)
  })
})

describe("LoRaSim timing rule (timingCollision, strict <)", () => {
  test("the critical section starts (preamble − 5) symbols in: 3 symbols for LoRaSim's 8, parameterised", () => {
    expect(lorasimCriticalSectionStartUs(1000, 7, 125_000, 8)).toBe(1000 + 3 * SYMBOL_SF7_BW125_US)
    expect(lorasimCriticalSectionStartUs(0, 12, 125_000, 8)).toBe(3 * 32_768)
    expect(lorasimCriticalSectionStartUs(0, 7, 125_000, 12)).toBe(7 * SYMBOL_SF7_BW125_US)
    expect(lorasimCriticalSectionStartUs(0, 7, 125_000, 4)).toBe(0) // never before the start
  })

  test("an older frame ending exactly at the newcomer's critical-section start does not collide; one µs later does", () => {
    const cs = 5000 + 3 * SYMBOL_SF7_BW125_US
    expect(lorasimTimingCollides(5000, 7, 125_000, 8, cs)).toBe(false)
    expect(lorasimTimingCollides(5000, 7, 125_000, 8, cs + 1)).toBe(true)
  })
})

describe("LoRaSim power rule (powerCollision, 6 dB)", () => {
  test("|Δ| < 6 → both; newcomer ≤ −6 dB → newcomer; newcomer ≥ +6 dB → the other", () => {
    expect(lorasimPowerCollision(-100, -100)).toBe(NEWCOMER_LOST | OTHER_LOST)
    expect(lorasimPowerCollision(-100, -105.99)).toBe(NEWCOMER_LOST | OTHER_LOST)
    expect(lorasimPowerCollision(-100, -106)).toBe(OTHER_LOST)
    expect(lorasimPowerCollision(-106, -100)).toBe(NEWCOMER_LOST)
  })

  test("full rule: different SF never collides; no timing collision → nobody lost; else the power rule (the newcomer is marked too)", () => {
    const end = 3 * SYMBOL_SF7_BW125_US + 1
    expect(lorasimFullCollision(0, 7, 125_000, 8, -100, 8, end, -100)).toBe(0)
    expect(lorasimFullCollision(0, 7, 125_000, 8, -100, 7, end - 1, -100)).toBe(0)
    expect(lorasimFullCollision(0, 7, 125_000, 8, -110, 7, end, -100)).toBe(NEWCOMER_LOST)
  })

  ptest.prop([fc.double({ min: -140, max: -30, noNaN: true }), fc.double({ min: -140, max: -30, noNaN: true })])("somebody is always lost, and the stronger frame by ≥ 6 dB never is", (a, b) => {
    const bits = lorasimPowerCollision(a, b)
    expect(bits).toBeGreaterThan(0)
    if (a - b >= CAPTURE_THRESHOLD_DB) expect(bits & NEWCOMER_LOST).toBe(0)
    if (b - a >= CAPTURE_THRESHOLD_DB) expect(bits & OTHER_LOST).toBe(0)
  })
})

/** A transmission record for `destroyers` (SF7/BW125, preamble 8). */
function rec(senderId: string, start: number, end: number, sf = 7): TransmissionRecord {
  return { ...uplink(sf), id: 0, senderId, start, end }
}

describe("destroyers (object path) uses the shared rules", () => {
  const signal = rec("s", 0, 50_000)
  const rules: InterferenceModel[] = ["goursaud", "lorasim-simple", "lorasim-full", "lorasim", "any-overlap"]

  test("no interferer → survives under every rule", () => {
    for (const r of rules) expect(destroyers(r, signal, -100, [])).toEqual([])
  })

  test("same-SF equal-power overlap past the critical section destroys under every rule", () => {
    const i = { tx: rec("i", 10_000, 60_000), rssiDbm: -100 }
    for (const r of rules) expect(destroyers(r, signal, -100, [i])).toEqual(["i"])
  })

  test("a different SF: only ALOHA destroys at equal power", () => {
    const i = { tx: rec("i", 10_000, 60_000, 9), rssiDbm: -100 }
    expect(destroyers("any-overlap", signal, -100, [i])).toEqual(["i"])
    for (const r of ["goursaud", "lorasim-simple", "lorasim-full"] as const) expect(destroyers(r, signal, -100, [i])).toEqual([])
  })

  ptest.prop([fc.integer({ min: 1, max: 49_999 }), fc.integer({ min: 1, max: 80_000 }), fc.double({ min: -20, max: 20, noNaN: true })])(
    "lorasim-full agrees with lorasimFullCollision seen from either frame (the later one is the newcomer)",
    (iStart, iLen, delta) => {
      const i = rec("i", iStart, iStart + iLen)
      const iRssi = -100 + delta
      const signalLost = destroyers("lorasim-full", signal, -100, [{ tx: i, rssiDbm: iRssi }]).length > 0
      const bits = lorasimFullCollision(i.start, 7, 125_000, 8, iRssi, 7, signal.end, -100)
      expect(signalLost).toBe((bits & OTHER_LOST) !== 0)
      // And from the interferer's side, the same pair gives the newcomer's own bit.
      const interfererLost = destroyers("lorasim-full", i, iRssi, [{ tx: signal, rssiDbm: -100 }]).length > 0
      expect(interfererLost).toBe((bits & NEWCOMER_LOST) !== 0)
    },
  )
})

describe("object path Medium: LoRaSim's timing boundary to the µs", () => {
  for (const [rule, offset, bothSurvive] of [
    ["lorasim-full", 0, true],
    ["lorasim-full", 1, false],
    ["lorasim", 1, false],
    ["lorasim-simple", 0, false],
  ] as const) {
    test(`${rule}: the first frame ends ${offset} µs after the newcomer's critical-section start → ${bothSurvive ? "both received" : "both lost"}`, () => {
      const { sim, medium } = world({ propagation: linkTable([["a", "gw", 100], ["b", "gw", 100]]), interference: rule })
      const { got } = recordingGateway(medium)
      const toa = timeOnAirUs(10, uplink(7))
      sender(medium, "a").transmit(uplink(7))
      sim.after(toa - 3 * SYMBOL_SF7_BW125_US - offset, () => sender(medium, "b").transmit(uplink(7)))
      sim.run()
      expect(got.map((f) => f.transmitterId).sort()).toEqual(bothSurvive ? ["a", "b"] : [])
    })
  }
})
