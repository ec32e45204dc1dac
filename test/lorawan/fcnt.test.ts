import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { EU868, MAX_FCNT_GAP, US915, buildDataFrame, checkFCnt, payloadFits, verifyDataFrameMic } from "../../stack/lorawan/index.ts"

describe("checkFCnt (LoRaWAN 1.0.2 §4.3.1.5)", () => {
  it("first frame of a session is new; same counter is a repeat", () => {
    expect(checkFCnt(undefined, 7)).toEqual({ fcnt32: 7, status: "new" })
    expect(checkFCnt(7, 7)).toEqual({ fcnt32: 7, status: "repeat" })
    expect(checkFCnt(0xfffe, 0x0001)).toEqual({ fcnt32: 0x10001, status: "new" })
  })

  test.prop([fc.nat({ max: 0xfff00000 }), fc.integer({ min: 1, max: MAX_FCNT_GAP - 1 })])("a counter ahead by less than MAX_FCNT_GAP is new, with its full 32-bit value", (last, gap) => {
    expect(checkFCnt(last, (last + gap) % 0x10000)).toEqual({ fcnt32: last + gap, status: "new" })
  })

  test.prop([fc.nat({ max: 0xfff00000 }), fc.integer({ min: 1, max: 0x10000 - MAX_FCNT_GAP })])("a counter up to 2^16 − MAX_FCNT_GAP behind (a replay) is rejected", (last, back) => {
    fc.pre(back <= last)
    expect(checkFCnt(last, (last - back) % 0x10000).status).toBe("rejected")
  })

  test.prop([fc.nat({ max: 0xfff00000 }), fc.integer({ min: 1, max: 0x100000 }), fc.constantFrom<2 | 4>(2, 4)])(
    "any replayed frame is caught: counter rejected, or the MIC fails with the reconstructed 32-bit counter",
    (last, back, mtype) => {
      fc.pre(back <= last)
      const keys = { nwkSKey: new Uint8Array(16).fill(3), appSKey: new Uint8Array(16).fill(4) }
      const old = buildDataFrame({ mtype, devAddr: 0x01020304, fcnt: last - back, fport: 1, payload: Uint8Array.of(1) }, keys)
      const check = checkFCnt(last, (last - back) % 0x10000)
      const caught = check.status !== "new" || !verifyDataFrameMic(old, keys.nwkSKey, check.fcnt32)
      expect(caught).toBe(true)
    },
  )

  test.prop([fc.nat({ max: 0xfff00000 }), fc.integer({ min: MAX_FCNT_GAP, max: 0xffff })])("a jump of MAX_FCNT_GAP or more is rejected", (last, gap) => {
    expect(checkFCnt(last, (last + gap) % 0x10000).status).toBe("rejected")
  })
})

describe("payloadFits (FRMPayload + MAC commands ≤ N)", () => {
  it("uses N of the DR", () => {
    expect(payloadFits(EU868, 0, 51)).toBe(true)
    expect(payloadFits(EU868, 0, 50, 2)).toBe(false)
    expect(payloadFits(EU868, 5, 242)).toBe(true)
    expect(payloadFits(EU868, 5, 230, 0, true)).toBe(false)
    expect(payloadFits(US915, 0, 12)).toBe(false)
  })
})
