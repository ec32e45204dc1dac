import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import {
  CARRIER_HALF_SPAN_HZ,
  DOWNLINK_AIRTIME_US,
  PAYLOAD_CLASSES,
  RADIO_CONFIGURATIONS,
  carrierRange,
  radioConfiguration,
  uplinkAirtimeUs,
  uplinkFrameBytes,
} from "../../radio/sigfox/index.ts"

describe("Sigfox PHY (docs/models.md §4)", () => {
  it("frame sizes and airtime per payload class equal the reference table at 100 and 600 bps", () => {
    // docs/models.md §4: 1.12 / 1.20 / 1.44 / 1.76 / 2.08 s at 100 bps; 0.187 / 0.200 / 0.240 / 0.293 / 0.347 s at 600 bps
    const at100 = [1.12, 1.2, 1.44, 1.76, 2.08]
    const at600 = [0.187, 0.2, 0.24, 0.293, 0.347]
    PAYLOAD_CLASSES.forEach((cls, i) => {
      for (const n of cls.sizes) {
        expect(uplinkFrameBytes(n)).toBe(cls.bytes)
        expect(uplinkAirtimeUs(n, 100) / 1e6).toBeCloseTo(at100[i]!, 6)
        expect(Math.abs(uplinkAirtimeUs(n, 600) / 1e6 - at600[i]!)).toBeLessThan(0.0005)
      }
    })
  })

  test.prop([fc.integer({ min: 0, max: 11 })])("frame length never shrinks as the payload grows", (n) => {
    expect(uplinkFrameBytes(n + 1)).toBeGreaterThanOrEqual(uplinkFrameBytes(n))
  })

  it("refuses payloads beyond 12 bytes", () => {
    expect(() => uplinkFrameBytes(13)).toThrow(RangeError)
    expect(() => uplinkFrameBytes(-1)).toThrow(RangeError)
  })

  it("has RC1–RC4 centre frequencies and rates of the reference", () => {
    expect(Object.values(RADIO_CONFIGURATIONS).map((r) => [r.uplinkHz, r.downlinkHz, r.uplinkBps])).toEqual([
      [868_130_000, 869_525_000, 100],
      [902_200_000, 905_200_000, 600],
      [923_200_000, 922_200_000, 100],
      [920_800_000, 922_300_000, 600],
    ])
    expect(() => radioConfiguration(5)).toThrow()
  })

  it("keeps RC1 carriers inside the 868.034–868.226 MHz macro channel with the 18.78 kHz guard", () => {
    const [lo, hi] = carrierRange(radioConfiguration(1))
    expect(lo).toBe(868_130_000 - 77_220)
    expect(hi).toBe(868_130_000 + 77_220)
    expect(lo).toBeGreaterThan(868_034_000)
    expect(hi).toBeLessThan(868_226_000)
    expect(CARRIER_HALF_SPAN_HZ).toBe(77_220)
  })

  it("downlink is 17 bytes (sync + 15) at 600 bps", () => {
    expect(DOWNLINK_AIRTIME_US).toBe(226_667)
  })
})
