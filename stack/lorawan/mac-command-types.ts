/**
 * LoRaWAN 1.0.2 MAC commands as typed records (docs/models.md §3.7; LoRaWAN 1.0.2
 * §5; PF `LoRaMac.h` LoRaMacMoteCmd_t / LoRaMacSrvCmd_t). "Down" commands are
 * sent by the network (in downlink FOpts or FPort 0), "up" ones by the device.
 */

/** Command identifiers (PF `LoRaMac.h`: MOTE_MAC_* and SRV_MAC_* share the CID per pair). */
export const Cid = {
  LinkCheck: 0x02,
  LinkADR: 0x03,
  DutyCycle: 0x04,
  RXParamSetup: 0x05,
  DevStatus: 0x06,
  NewChannel: 0x07,
  RXTimingSetup: 0x08,
  TxParamSetup: 0x09,
  DlChannel: 0x0a,
} as const
/** One of the {@link Cid} numbers. */
export type Cid = (typeof Cid)[keyof typeof Cid]

/**
 * Payload length after the CID byte, network → device (docs/models.md §3.7 "Downlink
 * payload"; LoRaWAN 1.0.2 §5 Table 4).
 */
export const DOWNLINK_PAYLOAD_LENGTH: Readonly<Record<Cid, number>> = {
  [Cid.LinkCheck]: 2,
  [Cid.LinkADR]: 4,
  [Cid.DutyCycle]: 1,
  [Cid.RXParamSetup]: 4,
  [Cid.DevStatus]: 0,
  [Cid.NewChannel]: 5,
  [Cid.RXTimingSetup]: 1,
  [Cid.TxParamSetup]: 1,
  [Cid.DlChannel]: 4,
}

/** Payload length after the CID byte, device → network (docs/models.md §3.7 "Uplink answer"). */
export const UPLINK_PAYLOAD_LENGTH: Readonly<Record<Cid, number>> = {
  [Cid.LinkCheck]: 0,
  [Cid.LinkADR]: 1,
  [Cid.DutyCycle]: 0,
  [Cid.RXParamSetup]: 1,
  [Cid.DevStatus]: 2,
  [Cid.NewChannel]: 1,
  [Cid.RXTimingSetup]: 0,
  [Cid.TxParamSetup]: 0,
  [Cid.DlChannel]: 1,
}

/** Commands the network sends (LoRaWAN 1.0.2 §5.1–5.7; TxParamSetup/DlChannel §5.8–5.9). */
export type DownlinkMacCommand =
  /** Margin (dB above demodulation floor, 0..254) and number of gateways that heard the LinkCheckReq. */
  | { readonly type: "LinkCheckAns"; readonly margin: number; readonly gwCnt: number }
  /** DataRate b7:4, TXPower b3:0, ChMask (16 bits), ChMaskCntl b6:4, NbRep b3:0. */
  | { readonly type: "LinkADRReq"; readonly dataRate: number; readonly txPower: number; readonly chMask: number; readonly chMaskCntl: number; readonly nbRep: number }
  /** Aggregated duty cycle 1/2^maxDCycle; 255 switches the device off (docs/models.md §3.3, LMN). */
  | { readonly type: "DutyCycleReq"; readonly maxDCycle: number }
  /** RX1DROffset b6:4, RX2DataRate b3:0, RX2 frequency (Hz, sent ×100 Hz in 3 bytes). */
  | { readonly type: "RXParamSetupReq"; readonly rx1DrOffset: number; readonly rx2Dr: number; readonly frequencyHz: number }
  | { readonly type: "DevStatusReq" }
  /** ChIndex, frequency (Hz, 0 disables), DrRange MaxDR b7:4 MinDR b3:0. */
  | { readonly type: "NewChannelReq"; readonly chIndex: number; readonly frequencyHz: number; readonly minDr: number; readonly maxDr: number }
  /** Del b3:0: RX1 delay in s (0 means 1 s). */
  | { readonly type: "RXTimingSetupReq"; readonly delay: number }
  /** DownlinkDwellTime b5, UplinkDwellTime b4, MaxEIRP index b3:0. */
  | { readonly type: "TxParamSetupReq"; readonly downlinkDwellTime: boolean; readonly uplinkDwellTime: boolean; readonly maxEirp: number }
  /** ChIndex and the RX1 downlink frequency (Hz) for that uplink channel. */
  | { readonly type: "DlChannelReq"; readonly chIndex: number; readonly frequencyHz: number }

/** Commands the device sends (answers and LinkCheckReq). Status bits are 1 = accepted. */
export type UplinkMacCommand =
  | { readonly type: "LinkCheckReq" }
  /** Status b2 power ACK, b1 data-rate ACK, b0 channel-mask ACK. */
  | { readonly type: "LinkADRAns"; readonly powerAck: boolean; readonly dataRateAck: boolean; readonly channelMaskAck: boolean }
  | { readonly type: "DutyCycleAns" }
  /** Status b2 RX1DROffset ACK, b1 RX2 data-rate ACK, b0 channel ACK. */
  | { readonly type: "RXParamSetupAns"; readonly rx1DrOffsetAck: boolean; readonly rx2DrAck: boolean; readonly channelAck: boolean }
  /** Battery 0 external power, 1..254 level, 255 unknown; margin is a signed 6-bit SNR (−32..31 dB). */
  | { readonly type: "DevStatusAns"; readonly battery: number; readonly margin: number }
  /** Status b1 data-rate range OK, b0 channel frequency OK. */
  | { readonly type: "NewChannelAns"; readonly dataRateRangeOk: boolean; readonly channelFrequencyOk: boolean }
  | { readonly type: "RXTimingSetupAns" }
  | { readonly type: "TxParamSetupAns" }
  /** Status b1 uplink frequency exists, b0 channel frequency OK. */
  | { readonly type: "DlChannelAns"; readonly uplinkFrequencyExists: boolean; readonly channelFrequencyOk: boolean }

/** Result of parsing a MAC command buffer; `stoppedAt` is the offset where parsing gave up (unknown CID or truncated). */
export interface ParsedMacCommands<C> {
  readonly commands: readonly C[]
  readonly stoppedAt: number | undefined
}
