/**
 * Known-answer tests: RFC 4493 §4 AES-CMAC examples and the LoRaWAN vectors of
 * docs/models.md §3.8 (lora-packet test_mic.js, test_decrypt.js, test_keygen.js).
 */
import { describe, expect, it } from "vitest"
import {
  aesCmac,
  buildJoinRequest,
  decodeJoinAcceptPlain,
  decodePhyPayload,
  deriveSessionKeys,
  fromHex,
  joinMic,
  openDataFrame,
  openJoinRequest,
  toHex,
  verifyDataFrameMic,
  type DataFrame,
} from "../../stack/lorawan/index.ts"

describe("AES-CMAC (RFC 4493 §4)", () => {
  const key = fromHex("2b7e151628aed2a6abf7158809cf4f3c")
  const m64 = fromHex(
    "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710",
  )
  it.each([
    [0, "bb1d6929e95937287fa37d129b756746"],
    [16, "070a16b46b4d4144f79bdd9dd04a287c"],
    [40, "dfa66747de9ae63030ca32611497c827"],
    [64, "51f0bebf7e3b9d92fc49741779363cfe"],
  ])("example with a %i-byte message", (len, tag) => {
    expect(toHex(aesCmac(key, m64.subarray(0, len)))).toBe(tag)
  })
})

describe("docs/models.md §3.8 vectors", () => {
  const nwkSKey = fromHex("44024241ed4ce9a68c6a8bc055233fd3")
  const appSKey = fromHex("ec925802ae430ca77fd3dd73cb2cc588")
  const keys = { nwkSKey, appSKey }

  it("uplink MIC 2b11ff0d and payload 'test' (LP test_mic.js, test_decrypt.js)", () => {
    const frame = fromHex("40F17DBE4900020001954378762B11FF0D")
    const f = decodePhyPayload(frame) as DataFrame
    expect(f.mtype).toBe(2)
    expect(f.devAddr).toBe(0x49be7df1)
    expect(f.fcnt).toBe(2)
    expect(f.fport).toBe(1)
    expect(toHex(f.mic)).toBe("2b11ff0d")
    expect(verifyDataFrameMic(frame, nwkSKey, 2)).toBe(true)
    const opened = openDataFrame(frame, keys)
    expect(opened.micValid).toBe(true)
    expect(Buffer.from(opened.payload).toString()).toBe("test")
  })

  it("a wrong key fails the MIC; a flipped byte fails it too", () => {
    const frame = fromHex("40F17DBE4900020001954378762B11FF0D")
    expect(verifyDataFrameMic(frame, appSKey, 2)).toBe(false)
    const bad = fromHex("40F17DBE4900020001954478762B11FF0D")
    expect(verifyDataFrameMic(bad, nwkSKey, 2)).toBe(false)
  })

  it("multi-block payload (LP test_decrypt.js, 44 bytes)", () => {
    const frame = fromHex(
      "40f17dbe490004000155332de41a11adc072553544429ce7787707d1c316e027e7e5e334263376affb8aa17ad30075293f28dea8a20af3c5e7",
    )
    const opened = openDataFrame(frame, keys)
    expect(Buffer.from(opened.payload).toString()).toBe("The quick brown fox jumps over the lazy dog.")
  })

  it("JoinRequest MIC c65b1304 (LP test_mic.js)", () => {
    const appKey = fromHex("98929b92c49edba9676d646d3b612456")
    const wire = fromHex("0039363463336913AA05693574323831330489C65B1304")
    const { request, micValid } = openJoinRequest(wire, appKey)
    expect(micValid).toBe(true)
    expect(toHex(request.appEui)).toBe("aa13693363343639")
    expect(toHex(request.devEui)).toBe("3331383274356905")
    expect(request.devNonce).toBe(0x8904)
    const rebuilt = buildJoinRequest({ appEui: request.appEui, devEui: request.devEui, devNonce: request.devNonce }, appKey)
    expect(toHex(rebuilt)).toBe(toHex(wire))
  })

  it("JoinAccept MIC d9d0a6e7 (LP test_mic.js, plaintext)", () => {
    const appKey = fromHex("98929b92c49edba9676d646d3b612456")
    const plain = fromHex("20386337CCBBAAE7CD2C010000D9D0A6E7")
    const ja = decodeJoinAcceptPlain(plain)
    expect(ja.appNonce).toBe(0x376338)
    expect(ja.netId).toBe(0xaabbcc)
    expect(ja.devAddr).toBe(0x012ccde7)
    expect(toHex(joinMic(appKey, plain.subarray(0, 13)))).toBe("d9d0a6e7")
  })

  it("session keys (LP test_keygen.js)", () => {
    const appKey = fromHex("98929b92c49edba9676d646d3b612456")
    const k = deriveSessionKeys(appKey, 0x376338, 0xaabbcc, 0xf18e)
    expect(toHex(k.nwkSKey)).toBe("4e3d6e6afbcc67af2ba3c8e8ec4acf4b")
    expect(toHex(k.appSKey)).toBe("610897aa6f1460623443b527d3ac6a9d")
  })
})
