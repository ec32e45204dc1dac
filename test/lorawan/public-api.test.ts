import { describe, expect, it } from "vitest"
import { LoraCapture, capture, lorawan } from "../../index.ts"

describe("public API", () => {
  it("reaches LoRaWAN and capture through the top-level index", () => {
    const keys = { nwkSKey: new Uint8Array(16), appSKey: new Uint8Array(16) }
    const wire = lorawan.buildDataFrame({ mtype: lorawan.MType.UnconfirmedDataUp, devAddr: 1, fcnt: 1, fport: 1, payload: Uint8Array.of(9) }, keys)
    expect(lorawan.openDataFrame(wire, keys).micValid).toBe(true)
    expect(lorawan.regionByName("EU868").rx2FrequencyHz).toBe(869_525_000)
    expect(capture.LINKTYPE.LORATAP).toBe(270)
    expect(LoraCapture).toBe(capture.LoraCapture)
  })
})
