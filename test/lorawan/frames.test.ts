import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { ValueError } from "../../stack/usocket/errors.ts"
import {
  MType,
  buildDataFrame,
  buildJoinAccept,
  decodePhyPayload,
  encodeProprietary,
  macCommandBytes,
  openDataFrame,
  openJoinAccept,
  reconstructFCnt,
  toHex,
  type DataFrame,
  type OpaqueFrame,
} from "../../stack/lorawan/index.ts"

const keys = { nwkSKey: new Uint8Array(16).fill(1), appSKey: new Uint8Array(16).fill(2) }

describe("frame codec", () => {
  test.prop([fc.uint8Array({ maxLength: 64 })])("arbitrary bytes decode or raise ValueError, never a JS error", (bytes) => {
    try {
      decodePhyPayload(bytes)
    } catch (e) {
      expect(e).toBeInstanceOf(ValueError)
    }
  })

  test.prop([
    fc.constantFrom<2 | 3 | 4 | 5>(2, 3, 4, 5),
    fc.nat({ max: 0xffffffff }),
    fc.nat({ max: 0xffffffff }),
    fc.uint8Array({ maxLength: 15 }),
    fc.integer({ min: 1, max: 223 }),
    fc.uint8Array({ maxLength: 100 }),
  ])("data frames round-trip: fields, FCnt32 recovery, payload", (mtype, devAddr, fcnt, fopts, fport, payload) => {
    const wire = buildDataFrame({ mtype, devAddr, fcnt, fopts, fport, payload }, keys)
    expect(wire.length).toBe(1 + 7 + fopts.length + 1 + payload.length + 4)
    const last = Math.max(0, fcnt - 100)
    const o = openDataFrame(wire, keys, last)
    expect(o.micValid).toBe(true)
    expect(o.fcnt32).toBe(fcnt)
    expect(o.frame).toMatchObject({ mtype, devAddr, fport, fcnt: fcnt & 0xffff })
    expect(toHex(o.frame.fopts)).toBe(toHex(fopts))
    expect(toHex(o.payload)).toBe(toHex(payload))
    // With the wrong 32-bit counter the MIC fails: the high half is in B0.
    if (fcnt + 0x10000 <= 0xffffffff) expect(openDataFrame(wire, keys, fcnt + 0x10000).micValid).toBe(false)
  })

  it("a MAC-only frame (FPort 0) is encrypted with NwkSKey", () => {
    const wire = buildDataFrame({ mtype: MType.UnconfirmedDataUp, devAddr: 1, fcnt: 7, fport: 0, payload: Uint8Array.of(2) }, keys)
    const swapped = openDataFrame(wire, { nwkSKey: keys.nwkSKey, appSKey: new Uint8Array(16) })
    expect(swapped.micValid).toBe(true)
    expect(toHex(swapped.payload)).toBe("02")
  })

  it("refuses FOpts with FPort 0, payload without FPort, oversize FOpts", () => {
    const base = { mtype: MType.UnconfirmedDataUp, devAddr: 1, fcnt: 0 } as const
    expect(() => buildDataFrame({ ...base, fport: 0, fopts: Uint8Array.of(2) }, keys)).toThrow(ValueError)
    expect(() => buildDataFrame({ ...base, payload: Uint8Array.of(1) }, keys)).toThrow(ValueError)
    expect(() => buildDataFrame({ ...base, fopts: new Uint8Array(16) }, keys)).toThrow(ValueError)
  })

  it("a frame without FPort has an empty payload", () => {
    const wire = buildDataFrame({ mtype: MType.UnconfirmedDataDown, devAddr: 9, fcnt: 3, fctrl: { ack: true } }, keys)
    const f = decodePhyPayload(wire) as DataFrame
    expect(wire.length).toBe(12)
    expect(f.fport).toBeUndefined()
    expect(f.fctrl.ack).toBe(true)
  })

  it("JoinAccept with CFList round-trips and a wrong AppKey fails the MIC", () => {
    const appKey = new Uint8Array(16).fill(7)
    const cfList = Uint8Array.from({ length: 16 }, (_, i) => i)
    const wire = buildJoinAccept({ appNonce: 1, netId: 0x13, devAddr: 0x26011234, rx1DrOffset: 2, rx2Dr: 3, rxDelay: 1, cfList }, appKey)
    expect(wire.length).toBe(33)
    const ok = openJoinAccept(wire, appKey)
    expect(ok.micValid).toBe(true)
    expect(ok.accept).toMatchObject({ appNonce: 1, netId: 0x13, devAddr: 0x26011234, rx1DrOffset: 2, rx2Dr: 3, rxDelay: 1 })
    expect(toHex(ok.accept.cfList ?? new Uint8Array())).toBe(toHex(cfList))
    expect(openJoinAccept(wire, new Uint8Array(16)).micValid).toBe(false)
  })

  it("proprietary frames keep their body", () => {
    const f = decodePhyPayload(encodeProprietary(Uint8Array.of(1, 2, 3))) as OpaqueFrame
    expect(f.mtype).toBe(MType.Proprietary)
    expect(toHex(f.body)).toBe("010203")
  })
})

describe("reconstructFCnt", () => {
  test.prop([fc.nat({ max: 0xfffeffff }), fc.nat({ max: 0xffff })])("smallest counter ≥ last with matching low bits", (last, gap) => {
    const actual = last + gap
    expect(reconstructFCnt(last, actual % 0x10000)).toBe(actual)
  })
})

describe("macCommandBytes", () => {
  it("takes FOpts, or the FPort-0 payload; ignores FPort 0 with FOpts (LMN); nothing on a bad MIC", () => {
    const base = { mtype: MType.UnconfirmedDataDown, devAddr: 5, fcnt: 1 } as const
    const fromFopts = openDataFrame(buildDataFrame({ ...base, fopts: Uint8Array.of(0x06), fport: 3, payload: Uint8Array.of(9) }, keys), keys)
    expect(toHex(macCommandBytes(fromFopts))).toBe("06")
    const fromPort0 = openDataFrame(buildDataFrame({ ...base, fport: 0, payload: Uint8Array.of(0x02, 0x0a, 0x01) }, keys), keys)
    expect(toHex(macCommandBytes(fromPort0))).toBe("020a01")
    // Built by hand: the builder refuses FPort 0 with FOpts, but a receiver must cope with it.
    const both = { ...fromPort0, frame: { ...fromPort0.frame, fopts: Uint8Array.of(0x06) } }
    expect(macCommandBytes(both)).toHaveLength(0)
    expect(macCommandBytes({ ...fromFopts, micValid: false })).toHaveLength(0)
  })
})
