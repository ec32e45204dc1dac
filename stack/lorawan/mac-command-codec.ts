/**
 * Encoding and parsing of MAC command buffers (FOpts or FPort-0 FRMPayload),
 * both directions (docs/models.md §3.7; LoRaWAN 1.0.2 §5). Parsing stops at the
 * first unknown CID, as LoRaMac-node does: PF LMN `LoRaMac.c`
 * ProcessMacCommands, `default: // Unknown command. ABORT MAC commands
 * processing; return;` — and likewise at a command cut short.
 */
import { ValueError } from "../errors/errors.ts"
import { readUintLE, requireUint, writeUintLE } from "./bytes.ts"
import { Cid, DOWNLINK_PAYLOAD_LENGTH, UPLINK_PAYLOAD_LENGTH, type DownlinkMacCommand, type ParsedMacCommands, type UplinkMacCommand } from "./mac-command-types.ts"

const bit = (b: number, i: number): boolean => ((b >> i) & 1) === 1
const flag = (v: boolean, i: number): number => (v ? 1 << i : 0)

/** Frequencies travel as 24-bit little-endian multiples of 100 Hz (LoRaWAN 1.0.2 §5.4). */
function freqField(hz: number): number {
  if (!Number.isInteger(hz) || hz < 0 || hz % 100 !== 0 || hz / 100 > 0xffffff) throw new ValueError(`frequency not encodable: ${hz} Hz`)
  return hz / 100
}

function cidOf(c: DownlinkMacCommand | UplinkMacCommand): Cid {
  switch (c.type) {
    case "LinkCheckAns":
    case "LinkCheckReq":
      return Cid.LinkCheck
    case "LinkADRReq":
    case "LinkADRAns":
      return Cid.LinkADR
    case "DutyCycleReq":
    case "DutyCycleAns":
      return Cid.DutyCycle
    case "RXParamSetupReq":
    case "RXParamSetupAns":
      return Cid.RXParamSetup
    case "DevStatusReq":
    case "DevStatusAns":
      return Cid.DevStatus
    case "NewChannelReq":
    case "NewChannelAns":
      return Cid.NewChannel
    case "RXTimingSetupReq":
    case "RXTimingSetupAns":
      return Cid.RXTimingSetup
    case "TxParamSetupReq":
    case "TxParamSetupAns":
      return Cid.TxParamSetup
    case "DlChannelReq":
    case "DlChannelAns":
      return Cid.DlChannel
  }
}

function downPayload(c: DownlinkMacCommand): number[] {
  const out = new Uint8Array(5)
  switch (c.type) {
    case "LinkCheckAns":
      requireUint("Margin", c.margin, 255)
      requireUint("GwCnt", c.gwCnt, 255)
      return [c.margin, c.gwCnt]
    case "LinkADRReq":
      requireUint("DataRate", c.dataRate, 15)
      requireUint("TXPower", c.txPower, 15)
      requireUint("ChMask", c.chMask, 0xffff)
      requireUint("ChMaskCntl", c.chMaskCntl, 7)
      requireUint("NbRep", c.nbRep, 15)
      return [(c.dataRate << 4) | c.txPower, c.chMask & 0xff, c.chMask >> 8, (c.chMaskCntl << 4) | c.nbRep]
    case "DutyCycleReq":
      requireUint("MaxDCycle", c.maxDCycle, 255)
      return [c.maxDCycle]
    case "RXParamSetupReq":
      requireUint("RX1DROffset", c.rx1DrOffset, 7)
      requireUint("RX2DataRate", c.rx2Dr, 15)
      out[0] = (c.rx1DrOffset << 4) | c.rx2Dr
      writeUintLE(out, 1, freqField(c.frequencyHz), 3)
      return [...out.subarray(0, 4)]
    case "DevStatusReq":
      return []
    case "NewChannelReq":
      requireUint("ChIndex", c.chIndex, 255)
      requireUint("MinDR", c.minDr, 15)
      requireUint("MaxDR", c.maxDr, 15)
      out[0] = c.chIndex
      writeUintLE(out, 1, freqField(c.frequencyHz), 3)
      out[4] = (c.maxDr << 4) | c.minDr
      return [...out]
    case "RXTimingSetupReq":
      requireUint("Del", c.delay, 15)
      return [c.delay]
    case "TxParamSetupReq":
      requireUint("MaxEIRP", c.maxEirp, 15)
      return [flag(c.downlinkDwellTime, 5) | flag(c.uplinkDwellTime, 4) | c.maxEirp]
    case "DlChannelReq":
      requireUint("ChIndex", c.chIndex, 255)
      out[0] = c.chIndex
      writeUintLE(out, 1, freqField(c.frequencyHz), 3)
      return [...out.subarray(0, 4)]
  }
}

function upPayload(c: UplinkMacCommand): number[] {
  switch (c.type) {
    case "LinkCheckReq":
    case "DutyCycleAns":
    case "RXTimingSetupAns":
    case "TxParamSetupAns":
      return []
    case "LinkADRAns":
      return [flag(c.powerAck, 2) | flag(c.dataRateAck, 1) | flag(c.channelMaskAck, 0)]
    case "RXParamSetupAns":
      return [flag(c.rx1DrOffsetAck, 2) | flag(c.rx2DrAck, 1) | flag(c.channelAck, 0)]
    case "DevStatusAns":
      requireUint("Battery", c.battery, 255)
      if (!Number.isInteger(c.margin) || c.margin < -32 || c.margin > 31) throw new ValueError(`Margin out of range: ${c.margin}`)
      return [c.battery, c.margin & 0x3f]
    case "NewChannelAns":
      return [flag(c.dataRateRangeOk, 1) | flag(c.channelFrequencyOk, 0)]
    case "DlChannelAns":
      return [flag(c.uplinkFrequencyExists, 1) | flag(c.channelFrequencyOk, 0)]
  }
}

/** Encodes network → device commands, CID then payload each. Bad field values raise ValueError. */
export function encodeDownlinkMacCommands(commands: readonly DownlinkMacCommand[]): Uint8Array {
  const bytes: number[] = []
  for (const c of commands) bytes.push(cidOf(c), ...downPayload(c))
  return Uint8Array.from(bytes)
}

/** Encodes device → network commands, CID then payload each. Bad field values raise ValueError. */
export function encodeUplinkMacCommands(commands: readonly UplinkMacCommand[]): Uint8Array {
  const bytes: number[] = []
  for (const c of commands) bytes.push(cidOf(c), ...upPayload(c))
  return Uint8Array.from(bytes)
}

function decodeDown(cid: Cid, p: Uint8Array): DownlinkMacCommand {
  const b0 = p[0] ?? 0
  switch (cid) {
    case Cid.LinkCheck:
      return { type: "LinkCheckAns", margin: b0, gwCnt: p[1] ?? 0 }
    case Cid.LinkADR:
      return { type: "LinkADRReq", dataRate: b0 >> 4, txPower: b0 & 0x0f, chMask: readUintLE(p, 1, 2), chMaskCntl: ((p[3] ?? 0) >> 4) & 7, nbRep: (p[3] ?? 0) & 0x0f }
    case Cid.DutyCycle:
      return { type: "DutyCycleReq", maxDCycle: b0 }
    case Cid.RXParamSetup:
      return { type: "RXParamSetupReq", rx1DrOffset: (b0 >> 4) & 7, rx2Dr: b0 & 0x0f, frequencyHz: readUintLE(p, 1, 3) * 100 }
    case Cid.DevStatus:
      return { type: "DevStatusReq" }
    case Cid.NewChannel:
      return { type: "NewChannelReq", chIndex: b0, frequencyHz: readUintLE(p, 1, 3) * 100, maxDr: (p[4] ?? 0) >> 4, minDr: (p[4] ?? 0) & 0x0f }
    case Cid.RXTimingSetup:
      return { type: "RXTimingSetupReq", delay: b0 & 0x0f }
    case Cid.TxParamSetup:
      return { type: "TxParamSetupReq", downlinkDwellTime: bit(b0, 5), uplinkDwellTime: bit(b0, 4), maxEirp: b0 & 0x0f }
    case Cid.DlChannel:
      return { type: "DlChannelReq", chIndex: b0, frequencyHz: readUintLE(p, 1, 3) * 100 }
  }
}

function decodeUp(cid: Cid, p: Uint8Array): UplinkMacCommand {
  const b0 = p[0] ?? 0
  switch (cid) {
    case Cid.LinkCheck:
      return { type: "LinkCheckReq" }
    case Cid.LinkADR:
      return { type: "LinkADRAns", powerAck: bit(b0, 2), dataRateAck: bit(b0, 1), channelMaskAck: bit(b0, 0) }
    case Cid.DutyCycle:
      return { type: "DutyCycleAns" }
    case Cid.RXParamSetup:
      return { type: "RXParamSetupAns", rx1DrOffsetAck: bit(b0, 2), rx2DrAck: bit(b0, 1), channelAck: bit(b0, 0) }
    case Cid.DevStatus: {
      const m = (p[1] ?? 0) & 0x3f
      return { type: "DevStatusAns", battery: b0, margin: m >= 32 ? m - 64 : m }
    }
    case Cid.NewChannel:
      return { type: "NewChannelAns", dataRateRangeOk: bit(b0, 1), channelFrequencyOk: bit(b0, 0) }
    case Cid.RXTimingSetup:
      return { type: "RXTimingSetupAns" }
    case Cid.TxParamSetup:
      return { type: "TxParamSetupAns" }
    case Cid.DlChannel:
      return { type: "DlChannelAns", uplinkFrequencyExists: bit(b0, 1), channelFrequencyOk: bit(b0, 0) }
  }
}

function parse<C>(bytes: Uint8Array, lengths: Readonly<Record<number, number>>, decode: (cid: Cid, p: Uint8Array) => C): ParsedMacCommands<C> {
  const commands: C[] = []
  let i = 0
  while (i < bytes.length) {
    const cid = bytes[i] ?? 0
    const len = lengths[cid]
    if (len === undefined || i + 1 + len > bytes.length) return { commands, stoppedAt: i }
    commands.push(decode(cid as Cid, bytes.subarray(i + 1, i + 1 + len)))
    i += 1 + len
  }
  return { commands, stoppedAt: undefined }
}

/** Parses network → device commands (as the device does); stops at an unknown CID or a truncated command. */
export function decodeDownlinkMacCommands(bytes: Uint8Array): ParsedMacCommands<DownlinkMacCommand> {
  return parse(bytes, DOWNLINK_PAYLOAD_LENGTH, decodeDown)
}

/** Parses device → network commands (as the network server does); stops at an unknown CID or a truncated command. */
export function decodeUplinkMacCommands(bytes: Uint8Array): ParsedMacCommands<UplinkMacCommand> {
  return parse(bytes, UPLINK_PAYLOAD_LENGTH, decodeUp)
}
