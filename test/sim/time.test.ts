import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { formatDuration, hours, minutes, ms, parseDuration, s } from "../../sim/index.ts"

describe("time helpers", () => {
  it("convert to integer microseconds", () => {
    expect(ms(1)).toBe(1000)
    expect(s(1.5)).toBe(1_500_000)
    expect(minutes(2)).toBe(120_000_000)
    expect(hours(1)).toBe(3_600_000_000)
    expect(Number.isInteger(ms(0.0004))).toBe(true)
  })

  it("parses durations", () => {
    expect(parseDuration("90s")).toBe(90_000_000)
    expect(parseDuration("1h")).toBe(3_600_000_000)
    expect(parseDuration("1h30m")).toBe(5_400_000_000)
    expect(parseDuration("10min")).toBe(600_000_000)
    expect(parseDuration("250ms")).toBe(250_000)
    expect(parseDuration("2d")).toBe(172_800_000_000)
    expect(parseDuration("1500")).toBe(1500)
    expect(parseDuration("1.5s")).toBe(1_500_000)
  })

  it("rejects bad durations with the text in the message", () => {
    for (const bad of ["", "abc", "1x", "h", "1h xyz", "-5s"]) {
      expect(() => parseDuration(bad)).toThrow(/invalid duration/)
    }
  })

  test.prop([fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })])(
    "h/m/s compositions parse to the sum",
    (h, m, sec) => {
      expect(parseDuration(`${h}h${m}m${sec}s`)).toBe(hours(h) + minutes(m) + s(sec))
    },
  )

  it("formats durations", () => {
    expect(formatDuration(12)).toBe("12µs")
    expect(formatDuration(1500)).toBe("1.500ms")
    expect(formatDuration(s(2))).toBe("2.000000s")
    expect(formatDuration(hours(1) + minutes(2) + s(3))).toBe("1h02m03.000000s")
  })
})
