import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { ValueError } from "../../stack/usocket/errors.ts"
import {
  EU868,
  FRAME_OVERHEAD,
  LORAMAC_PHY_MAXPAYLOAD,
  US915,
  bandTimeOffUs,
  confirmedRetryDr,
  dataRateOf,
  joinDutyCycleInverse,
  maxPayloadOf,
  regionByName,
  rxDelayUs,
  subBandOf,
  txPowerEirpDbm,
  txTimeOffUs,
  aggregatedDCycle,
} from "../../stack/lorawan/index.ts"

const H = 3_600_000_000

describe("EU868 tables (docs/models.md §3.1–3.3)", () => {
  it("DR → SF/BW", () => {
    const sfs = [0, 1, 2, 3, 4, 5, 6].map((dr) => dataRateOf(EU868, dr))
    expect(sfs.map((d) => (d.modulation === "lora" ? `${d.sf}/${d.bandwidthHz / 1000}` : "fsk"))).toEqual(["12/125", "11/125", "10/125", "9/125", "8/125", "7/125", "7/250"])
    expect(dataRateOf(EU868, 7)).toEqual({ modulation: "fsk", bitrate: 50_000 })
  })
  it("max payload N and M = N + 8, PHYPayload ≤ 255", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((dr) => maxPayloadOf(EU868, dr))).toEqual([51, 51, 51, 115, 242, 242, 242, 242])
    expect([4, 5, 6, 7].map((dr) => maxPayloadOf(EU868, dr, true))).toEqual([222, 222, 222, 222])
    for (const dr of [0, 1, 2, 3, 4, 5, 6, 7]) expect(maxPayloadOf(EU868, dr) + FRAME_OVERHEAD).toBeLessThanOrEqual(LORAMAC_PHY_MAXPAYLOAD)
  })
  it("default channels, RX2, TX power", () => {
    expect(EU868.defaultChannels.map((c) => c.frequencyHz)).toEqual([868_100_000, 868_300_000, 868_500_000])
    expect(EU868.defaultChannels.every((c) => c.minDr === 0 && c.maxDr === 5)).toBe(true)
    expect([EU868.rx2FrequencyHz, EU868.rx2Dr]).toEqual([869_525_000, 0])
    expect([0, 1, 7].map((i) => txPowerEirpDbm(EU868, i))).toEqual([16, 14, 2])
    expect(() => txPowerEirpDbm(EU868, 8)).toThrow(ValueError)
  })
  it("sub-bands and their duty cycles (PF VerifyRfFreq edges)", () => {
    const dc = (hz: number) => subBandOf(EU868.subBands, hz)?.dCycle
    expect(dc(863_000_000)).toBe(1000)
    expect(dc(865_000_000)).toBe(100)
    expect(dc(868_000_000)).toBe(100)
    expect(dc(868_100_000)).toBe(100)
    expect(dc(868_650_000)).toBeUndefined()
    expect(dc(868_800_000)).toBe(1000)
    expect(dc(869_525_000)).toBe(10)
    expect(dc(869_850_000)).toBe(100)
    expect(dc(870_000_001)).toBeUndefined()
  })
  test.prop([fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 5 })])("RX1 DR = max(0, DR − offset)", (dr, off) => {
    expect(EU868.rx1Dr(dr, off)).toBe(Math.max(0, dr - off))
    expect(EU868.rx1FrequencyHz(1, 868_300_000)).toBe(868_300_000)
  })
  it("rejects out-of-range RX1 parameters with ValueError", () => {
    expect(() => EU868.rx1Dr(0, 6)).toThrow(ValueError)
    expect(() => US915.rx1Dr(5, 0)).toThrow(ValueError)
    expect(() => maxPayloadOf(US915, 5)).toThrow(ValueError)
    expect(() => regionByName("CN470")).toThrow(ValueError)
    expect(regionByName("AS923").name).toBe("AS923")
  })
})

describe("US915 tables (docs/models.md §3.1–3.2)", () => {
  it("DRs, payloads and the RX1 DR table at offset 0", () => {
    expect(dataRateOf(US915, 0)).toEqual({ modulation: "lora", sf: 10, bandwidthHz: 125_000 })
    expect(dataRateOf(US915, 4)).toEqual({ modulation: "lora", sf: 8, bandwidthHz: 500_000 })
    expect(dataRateOf(US915, 8)).toEqual({ modulation: "lora", sf: 12, bandwidthHz: 500_000 })
    expect([0, 1, 2, 3, 4].map((dr) => maxPayloadOf(US915, dr))).toEqual([11, 53, 125, 242, 242])
    expect([8, 9, 10, 11, 12, 13].map((dr) => maxPayloadOf(US915, dr))).toEqual([53, 129, 242, 242, 242, 242])
    expect([8, 9, 10].map((dr) => maxPayloadOf(US915, dr, true))).toEqual([33, 109, 222])
    expect([0, 1, 2, 3, 4].map((dr) => US915.rx1Dr(dr, 0))).toEqual([10, 11, 12, 13, 13])
  })
  it("72 uplink channels, RX2 923.3 MHz DR8", () => {
    expect(US915.defaultChannels).toHaveLength(72)
    expect(US915.defaultChannels[0]?.frequencyHz).toBe(902_300_000)
    expect(US915.defaultChannels[63]?.frequencyHz).toBe(914_900_000)
    expect(US915.defaultChannels[64]).toEqual({ frequencyHz: 903_000_000, minDr: 4, maxDr: 4 })
    expect(US915.defaultChannels[71]?.frequencyHz).toBe(914_200_000)
    expect([US915.rx2FrequencyHz, US915.rx2Dr]).toEqual([923_300_000, 8])
    expect(txPowerEirpDbm(US915, 10)).toBe(10)
  })
  test.prop([fc.integer({ min: 0, max: 71 })])("RX1 frequency = 923.3 + 0.6·(ch mod 8) MHz", (ch) => {
    const f = US915.rx1FrequencyHz(ch, 0)
    expect(f).toBe(923_300_000 + 600_000 * (ch % 8))
    expect(f).toBeLessThanOrEqual(927_500_000)
  })
  test.prop([fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 })])("RX1 DR is a downlink DR (8..13), never faster for a larger offset", (dr, off) => {
    const r = US915.rx1Dr(dr, off)
    expect(r).toBeGreaterThanOrEqual(8)
    expect(r).toBeLessThanOrEqual(13)
    if (off > 0) expect(r).toBeLessThanOrEqual(US915.rx1Dr(dr, off - 1))
  })
})

describe("timing and back-off rules", () => {
  it("join duty cycle: 1 % first hour, 0.1 % next 10 h, then 0.01 % (PF RegionCommonGetJoinDc)", () => {
    expect(joinDutyCycleInverse(0)).toBe(100)
    expect(joinDutyCycleInverse(H - 1)).toBe(100)
    expect(joinDutyCycleInverse(H)).toBe(1000)
    expect(joinDutyCycleInverse(11 * H - 1)).toBe(1000)
    expect(joinDutyCycleInverse(11 * H)).toBe(10000)
  })
  test.prop([fc.nat({ max: 100 * H }), fc.nat({ max: 100 * H })])("join duty cycle never loosens with time", (a, b) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a]
    expect(joinDutyCycleInverse(hi)).toBeGreaterThanOrEqual(joinDutyCycleInverse(lo))
  })
  it("band time-off = ToA·dCycle − ToA", () => {
    expect(bandTimeOffUs(1_000_000, 100)).toBe(99_000_000)
    expect(bandTimeOffUs(50_000, 10)).toBe(450_000)
  })
  test.prop([fc.integer({ min: 1, max: 3_000_000 }), fc.constantFrom(1, 10, 100, 1000), fc.boolean(), fc.nat({ max: 20 * H })])(
    "join back-off applies after a join request even with duty cycle off; joined with DC off → no time-off",
    (toa, dc, dcOn, elapsed) => {
      const join = txTimeOffUs({ timeOnAirUs: toa, bandDCycle: dc, joined: false, dutyCycleEnabled: dcOn, lastTxIsJoinRequest: true, elapsedSinceInitUs: elapsed })
      expect(join).toBe(toa * Math.max(dc, joinDutyCycleInverse(elapsed)) - toa)
      expect(join).toBeGreaterThanOrEqual(toa * 99)
      const data = txTimeOffUs({ timeOnAirUs: toa, bandDCycle: dc, joined: true, dutyCycleEnabled: dcOn, lastTxIsJoinRequest: false, elapsedSinceInitUs: elapsed })
      expect(data).toBe(dcOn ? toa * dc - toa : 0)
    },
  )
  it("retries: tries 1–2 at DR, 3–4 at DR−1, …, floored at DR0 (docs/models.md §3.4)", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => confirmedRetryDr(EU868, 5, n))).toEqual([5, 5, 4, 4, 3, 3, 2, 2])
    expect([1, 3, 5, 7].map((n) => confirmedRetryDr(EU868, 1, n))).toEqual([1, 0, 0, 0])
  })
  it("RxDelay 0 means 1 s; DutyCycleReq 255 switches off", () => {
    expect(rxDelayUs(0)).toBe(1_000_000)
    expect(rxDelayUs(5)).toBe(5_000_000)
    expect(aggregatedDCycle(0)).toBe(1)
    expect(aggregatedDCycle(7)).toBe(128)
    expect(aggregatedDCycle(255)).toBe("off")
  })
})
