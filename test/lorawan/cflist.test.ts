import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { ValueError } from "../../stack/usocket/errors.ts"
import { buildJoinAccept, decodeEu868CfList, encodeEu868CfList, openJoinAccept, toHex } from "../../stack/lorawan/index.ts"

describe("EU868 CFList", () => {
  it("TTN's usual list 867.1–867.9 MHz", () => {
    const cf = encodeEu868CfList([867_100_000, 867_300_000, 867_500_000, 867_700_000, 867_900_000])
    // 867.1 MHz = 8671000 × 100 Hz = 0x844F18 → 18 4f 84.
    expect(toHex(cf.subarray(0, 3))).toBe("184f84")
    expect(cf[15]).toBe(0)
    expect(decodeEu868CfList(cf).map(([i, c]) => [i, c?.frequencyHz])).toEqual([
      [3, 867_100_000],
      [4, 867_300_000],
      [5, 867_500_000],
      [6, 867_700_000],
      [7, 867_900_000],
    ])
  })

  test.prop([fc.array(fc.nat({ max: 0xffffff }).map((f) => f * 100), { maxLength: 5 })])("round-trips through a JoinAccept", (freqs) => {
    const appKey = new Uint8Array(16).fill(9)
    const wire = buildJoinAccept({ appNonce: 1, netId: 2, devAddr: 3, rx1DrOffset: 0, rx2Dr: 0, rxDelay: 1, cfList: encodeEu868CfList(freqs) }, appKey)
    const cf = openJoinAccept(wire, appKey).accept.cfList
    expect(cf).toBeDefined()
    const decoded = decodeEu868CfList(cf ?? new Uint8Array())
    expect(decoded.map(([, c]) => c?.frequencyHz ?? 0)).toEqual([...freqs, 0, 0, 0, 0, 0].slice(0, 5))
  })

  it("ignores a list whose last byte is not 0 (PF ApplyCFList), refuses unencodable input", () => {
    const cf = encodeEu868CfList([867_100_000])
    cf[15] = 1
    expect(decodeEu868CfList(cf)).toEqual([])
    expect(() => encodeEu868CfList([867_100_050])).toThrow(ValueError)
    expect(() => encodeEu868CfList([1, 2, 3, 4, 5, 6].map((i) => i * 100))).toThrow(ValueError)
  })
})
