import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { ValueError } from "../../stack/usocket/errors.ts"
import {
  decodeDownlinkMacCommands,
  decodeUplinkMacCommands,
  encodeDownlinkMacCommands,
  encodeUplinkMacCommands,
  toHex,
  type DownlinkMacCommand,
  type UplinkMacCommand,
} from "../../stack/lorawan/index.ts"

const u = (max: number) => fc.nat({ max })
const freq = u(0xffffff).map((f) => f * 100)
const down: fc.Arbitrary<DownlinkMacCommand> = fc.oneof(
  fc.record({ type: fc.constant("LinkCheckAns" as const), margin: u(255), gwCnt: u(255) }),
  fc.record({ type: fc.constant("LinkADRReq" as const), dataRate: u(15), txPower: u(15), chMask: u(0xffff), chMaskCntl: u(7), nbRep: u(15) }),
  fc.record({ type: fc.constant("DutyCycleReq" as const), maxDCycle: u(255) }),
  fc.record({ type: fc.constant("RXParamSetupReq" as const), rx1DrOffset: u(7), rx2Dr: u(15), frequencyHz: freq }),
  fc.record({ type: fc.constant("DevStatusReq" as const) }),
  fc.record({ type: fc.constant("NewChannelReq" as const), chIndex: u(255), frequencyHz: freq, minDr: u(15), maxDr: u(15) }),
  fc.record({ type: fc.constant("RXTimingSetupReq" as const), delay: u(15) }),
  fc.record({ type: fc.constant("TxParamSetupReq" as const), downlinkDwellTime: fc.boolean(), uplinkDwellTime: fc.boolean(), maxEirp: u(15) }),
  fc.record({ type: fc.constant("DlChannelReq" as const), chIndex: u(255), frequencyHz: freq }),
)
const up: fc.Arbitrary<UplinkMacCommand> = fc.oneof(
  fc.constant({ type: "LinkCheckReq" as const }),
  fc.record({ type: fc.constant("LinkADRAns" as const), powerAck: fc.boolean(), dataRateAck: fc.boolean(), channelMaskAck: fc.boolean() }),
  fc.constant({ type: "DutyCycleAns" as const }),
  fc.record({ type: fc.constant("RXParamSetupAns" as const), rx1DrOffsetAck: fc.boolean(), rx2DrAck: fc.boolean(), channelAck: fc.boolean() }),
  fc.record({ type: fc.constant("DevStatusAns" as const), battery: u(255), margin: fc.integer({ min: -32, max: 31 }) }),
  fc.record({ type: fc.constant("NewChannelAns" as const), dataRateRangeOk: fc.boolean(), channelFrequencyOk: fc.boolean() }),
  fc.constant({ type: "RXTimingSetupAns" as const }),
  fc.constant({ type: "TxParamSetupAns" as const }),
  fc.record({ type: fc.constant("DlChannelAns" as const), uplinkFrequencyExists: fc.boolean(), channelFrequencyOk: fc.boolean() }),
)

describe("MAC command codec", () => {
  test.prop([fc.array(down, { maxLength: 8 })])("downlink commands round-trip", (cmds) => {
    expect(decodeDownlinkMacCommands(encodeDownlinkMacCommands(cmds))).toEqual({ commands: cmds, stoppedAt: undefined })
  })

  test.prop([fc.array(up, { maxLength: 8 })])("uplink commands round-trip", (cmds) => {
    expect(decodeUplinkMacCommands(encodeUplinkMacCommands(cmds))).toEqual({ commands: cmds, stoppedAt: undefined })
  })

  test.prop([fc.uint8Array({ maxLength: 32 })])("any bytes parse without a JS error; a stop offset is a bad CID or a truncated command", (bytes) => {
    for (const r of [decodeDownlinkMacCommands(bytes), decodeUplinkMacCommands(bytes)]) {
      if (r.stoppedAt !== undefined) expect(r.stoppedAt).toBeLessThan(bytes.length)
    }
  })

  it("lays out bytes as LoRaWAN 1.0.2 §5 says", () => {
    expect(toHex(encodeDownlinkMacCommands([{ type: "LinkADRReq", dataRate: 5, txPower: 1, chMask: 0x0007, chMaskCntl: 0, nbRep: 1 }]))).toBe("0351070001")
    // 869.525 MHz = 8695250 × 100 Hz = 0x84ADD2, little-endian.
    expect(toHex(encodeDownlinkMacCommands([{ type: "RXParamSetupReq", rx1DrOffset: 2, rx2Dr: 3, frequencyHz: 869_525_000 }]))).toBe("0523d2ad84")
    expect(toHex(encodeDownlinkMacCommands([{ type: "NewChannelReq", chIndex: 3, frequencyHz: 867_100_000, minDr: 0, maxDr: 5 }]))).toBe("0703" + "184f84" + "50")
    expect(toHex(encodeUplinkMacCommands([{ type: "DevStatusAns", battery: 255, margin: -5 }, { type: "LinkADRAns", powerAck: true, dataRateAck: true, channelMaskAck: false }]))).toBe("06ff3b" + "0306")
  })

  it("stops at an unknown CID as LoRaMac-node does, keeping what came before", () => {
    const r = decodeDownlinkMacCommands(Uint8Array.of(0x02, 0x0a, 0x01, 0x80, 0x06))
    expect(r.commands).toEqual([{ type: "LinkCheckAns", margin: 10, gwCnt: 1 }])
    expect(r.stoppedAt).toBe(3)
  })

  it("stops at a truncated command", () => {
    const r = decodeDownlinkMacCommands(Uint8Array.of(0x06, 0x03, 0x51))
    expect(r.commands).toEqual([{ type: "DevStatusReq" }])
    expect(r.stoppedAt).toBe(1)
  })

  it("refuses unencodable values with ValueError", () => {
    expect(() => encodeDownlinkMacCommands([{ type: "DutyCycleReq", maxDCycle: 256 }])).toThrow(ValueError)
    expect(() => encodeDownlinkMacCommands([{ type: "DlChannelReq", chIndex: 0, frequencyHz: 868_100_050 }])).toThrow(ValueError)
    expect(() => encodeUplinkMacCommands([{ type: "DevStatusAns", battery: 0, margin: 40 }])).toThrow(ValueError)
  })
})
