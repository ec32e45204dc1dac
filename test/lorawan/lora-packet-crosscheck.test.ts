/**
 * Cross-check against an independent implementation (the `lora-packet` npm
 * package, test-only): frames we build decode and MIC-verify there, and frames
 * it builds open with ours.
 */
import { describe, expect } from "vitest"
import { fc, test } from "@fast-check/vitest"
import lpModule from "lora-packet"
import {
  MType,
  buildDataFrame,
  buildJoinAccept,
  buildJoinRequest,
  decodePhyPayload,
  encodeProprietary,
  openDataFrame,
  openJoinAccept,
  openJoinRequest,
  toHex,
  type DataFrame,
  type DataMType,
} from "../../stack/lorawan/index.ts"

// lora-packet is CommonJS whose d.ts declares `export default`; at run time the default import is the API object itself.
const lp = lpModule as unknown as typeof lpModule.default

const MTYPE_NAMES: Record<DataMType, string> = {
  2: "Unconfirmed Data Up",
  3: "Unconfirmed Data Down",
  4: "Confirmed Data Up",
  5: "Confirmed Data Down",
}

const key = fc.uint8Array({ minLength: 16, maxLength: 16 })
const eui = fc.uint8Array({ minLength: 8, maxLength: 8 })
const mtype = fc.constantFrom<DataMType>(2, 3, 4, 5)
const flags = fc.record({ adr: fc.boolean(), adrAckReq: fc.boolean(), ack: fc.boolean(), fPending: fc.boolean() })

/** A data frame spec: FPort absent (no payload), 0 (MAC commands, no FOpts) or 1..255. */
const dataSpec = fc
  .record({
    mtype,
    devAddr: fc.nat({ max: 0xffffffff }),
    fcnt: fc.oneof(fc.nat({ max: 0xffff }), fc.nat({ max: 0xffffffff })),
    fctrl: flags,
    portKind: fc.constantFrom("none", "mac", "app"),
    port: fc.integer({ min: 1, max: 255 }),
    fopts: fc.uint8Array({ maxLength: 15 }),
    payload: fc.uint8Array({ maxLength: 222 }),
  })
  .map((r) => ({
    mtype: r.mtype,
    devAddr: r.devAddr,
    fcnt: r.fcnt,
    fctrl: r.fctrl,
    fopts: r.portKind === "mac" ? new Uint8Array(0) : r.fopts,
    ...(r.portKind === "none" ? {} : { fport: r.portKind === "mac" ? 0 : r.port, payload: r.payload }),
  }))

function msb(fcnt32: number): Buffer {
  // lora-packet appends these 2 bytes after the 16-bit FCnt in B0/A_i: the high half, little-endian.
  const b = Buffer.alloc(2)
  b.writeUInt16LE(Math.floor(fcnt32 / 0x10000), 0)
  return b
}

describe("our frames decode and MIC-verify with lora-packet", () => {
  test.prop([dataSpec, key, key])("data frames", (spec, nwkSKey, appSKey) => {
    const wire = buildDataFrame(spec, { nwkSKey, appSKey })
    const p = lp.fromWire(Buffer.from(wire))
    expect(p.getMType()).toBe(MTYPE_NAMES[spec.mtype])
    expect(p.DevAddr?.toString("hex")).toBe(spec.devAddr.toString(16).padStart(8, "0"))
    expect(p.getFCnt()).toBe(spec.fcnt & 0xffff)
    const up = spec.mtype === MType.UnconfirmedDataUp || spec.mtype === MType.ConfirmedDataUp
    expect(p.getFCtrlACK()).toBe(spec.fctrl.ack)
    expect(p.getFCtrlADR()).toBe(spec.fctrl.adr)
    expect(p.getFCtrlADRACKReq()).toBe(up && spec.fctrl.adrAckReq)
    expect(p.getFCtrlFPending()).toBe(!up && spec.fctrl.fPending)
    expect(toHex(p.FOpts ?? new Uint8Array())).toBe(toHex(spec.fopts))
    expect(p.getFPort()).toBe(spec.fport ?? null)
    expect(lp.verifyMIC(p, Buffer.from(nwkSKey), undefined, msb(spec.fcnt))).toBe(true)
    if (spec.fport !== undefined && spec.payload !== undefined && spec.payload.length > 0) {
      const plain = lp.decrypt(p, Buffer.from(appSKey), Buffer.from(nwkSKey), msb(spec.fcnt))
      expect(toHex(plain)).toBe(toHex(spec.payload))
    }
  })

  test.prop([eui, eui, fc.nat({ max: 0xffff }), key])("JoinRequest", (appEui, devEui, devNonce, appKey) => {
    const wire = buildJoinRequest({ appEui, devEui, devNonce }, appKey)
    const p = lp.fromWire(Buffer.from(wire))
    expect(p.getMType()).toBe("Join Request")
    expect(p.AppEUI?.toString("hex")).toBe(toHex(appEui))
    expect(p.DevEUI?.toString("hex")).toBe(toHex(devEui))
    expect(p.DevNonce?.toString("hex")).toBe(devNonce.toString(16).padStart(4, "0"))
    expect(lp.verifyMIC(p, undefined, Buffer.from(appKey))).toBe(true)
  })

  const accept = fc.record({
    appNonce: fc.nat({ max: 0xffffff }),
    netId: fc.nat({ max: 0xffffff }),
    devAddr: fc.nat({ max: 0xffffffff }),
    rx1DrOffset: fc.nat({ max: 7 }),
    rx2Dr: fc.nat({ max: 15 }),
    rxDelay: fc.nat({ max: 15 }),
    cfList: fc.option(fc.uint8Array({ minLength: 16, maxLength: 16 }), { nil: undefined }),
  })

  test.prop([accept, key])("JoinAccept (network encryption = AES decrypt)", (fields, appKey) => {
    const wire = buildJoinAccept(fields, appKey)
    const plain = lp.decryptJoinAccept(lp.fromWire(Buffer.from(wire)), Buffer.from(appKey))
    const p = lp.fromWire(plain)
    expect(p.getMType()).toBe("Join Accept")
    expect(p.DevAddr?.toString("hex")).toBe(fields.devAddr.toString(16).padStart(8, "0"))
    expect(p.getDLSettingsRxOneDRoffset()).toBe(fields.rx1DrOffset)
    expect(p.getDLSettingsRxTwoDataRate()).toBe(fields.rx2Dr)
    expect(lp.verifyMIC(p, undefined, Buffer.from(appKey))).toBe(true)
    const ours = openJoinAccept(wire, appKey)
    expect(ours.micValid).toBe(true)
    expect(toHex(ours.plain)).toBe(toHex(plain))
  })
})

describe("lora-packet's frames open with ours", () => {
  test.prop([dataSpec, key, key])("data frames", (spec, nwkSKey, appSKey) => {
    const p = lp.fromFields(
      {
        MType: spec.mtype,
        DevAddr: Buffer.from(spec.devAddr.toString(16).padStart(8, "0"), "hex"),
        FCnt: spec.fcnt & 0xffff,
        FCtrl: { ADR: spec.fctrl.adr, ADRACKReq: spec.fctrl.adrAckReq, ACK: spec.fctrl.ack, FPending: spec.fctrl.fPending },
        FOpts: Buffer.from(spec.fopts),
        FPort: spec.fport ?? 1,
        payload: Buffer.from(spec.payload ?? new Uint8Array(0)),
      },
      Buffer.from(appSKey),
      Buffer.from(nwkSKey),
      undefined,
      msb(spec.fcnt),
    )
    const wire = new Uint8Array(p.getPHYPayload() ?? Buffer.alloc(0))
    const lastFCnt = Math.floor(spec.fcnt / 0x10000) * 0x10000
    const opened = openDataFrame(wire, { nwkSKey, appSKey }, lastFCnt)
    expect(opened.fcnt32).toBe(spec.fcnt)
    expect(opened.micValid).toBe(true)
    expect(opened.frame.devAddr).toBe(spec.devAddr)
    expect(opened.frame.fport).toBe(spec.fport ?? 1)
    const up = spec.mtype === MType.UnconfirmedDataUp || spec.mtype === MType.ConfirmedDataUp
    expect(opened.frame.fctrl).toEqual({
      adr: spec.fctrl.adr,
      ack: spec.fctrl.ack,
      adrAckReq: up && spec.fctrl.adrAckReq,
      fPending: !up && spec.fctrl.fPending,
    })
    expect(toHex(opened.payload)).toBe(toHex(spec.payload ?? new Uint8Array(0)))
    expect(toHex((decodePhyPayload(wire) as DataFrame).fopts)).toBe(toHex(spec.fopts))
  })

  test.prop([eui, eui, fc.nat({ max: 0xffff }), key])("JoinRequest", (appEui, devEui, devNonce, appKey) => {
    const dn = Buffer.alloc(2)
    dn.writeUInt16BE(devNonce, 0)
    const p = lp.fromFields({ MType: "Join Request", AppEUI: Buffer.from(appEui), DevEUI: Buffer.from(devEui), DevNonce: dn }, undefined, undefined, Buffer.from(appKey))
    const { request, micValid } = openJoinRequest(new Uint8Array(p.getPHYPayload() ?? Buffer.alloc(0)), appKey)
    expect(micValid).toBe(true)
    expect(request.devNonce).toBe(devNonce)
    expect(toHex(request.devEui)).toBe(toHex(devEui))
  })

  test.prop([
    fc.record({
      appNonce: fc.nat({ max: 0xffffff }),
      netId: fc.nat({ max: 0xffffff }),
      devAddr: fc.nat({ max: 0xffffffff }),
      rx1DrOffset: fc.nat({ max: 7 }),
      rx2Dr: fc.nat({ max: 15 }),
      rxDelay: fc.nat({ max: 15 }),
    }),
    key,
  ])("JoinAccept (lora-packet encrypts, we decrypt as the device does)", (f, appKey) => {
    const be = (v: number, n: number) => Buffer.from(v.toString(16).padStart(2 * n, "0"), "hex")
    const p = lp.fromFields(
      {
        MType: "Join Accept",
        AppNonce: be(f.appNonce, 3),
        NetID: be(f.netId, 3),
        DevAddr: be(f.devAddr, 4),
        DLSettings: (f.rx1DrOffset << 4) | f.rx2Dr,
        RxDelay: f.rxDelay,
      },
      undefined,
      undefined,
      Buffer.from(appKey),
    )
    const { accept, micValid } = openJoinAccept(new Uint8Array(p.getPHYPayload() ?? Buffer.alloc(0)), appKey)
    expect(micValid).toBe(true)
    expect(accept).toMatchObject(f)
  })

  test.prop([fc.uint8Array({ minLength: 4, maxLength: 40 })])("proprietary frames are recognised as such by both", (body) => {
    const wire = encodeProprietary(body)
    expect(lp.fromWire(Buffer.from(wire)).getMType()).toBe("Proprietary")
    expect(decodePhyPayload(wire).mtype).toBe(MType.Proprietary)
  })
})
