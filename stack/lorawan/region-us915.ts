/**
 * US915 regional parameters (docs/models.md §3.1–3.2). Sources: PF
 * `lib/lora/mac/region/RegionUS915.h` (DataratesUS915, BandwidthsUS915,
 * DatarateOffsetsUS915, MaxPayloadOfDatarate[Repeater]US915, US915_FIRST_RX1_CHANNEL,
 * US915_STEPWIDTH_RX1_CHANNEL, RX2, TX power), LoRaWAN Regional Parameters
 * 1.0.2rB §2.2 (channel plan).
 */
import { ValueError } from "../errors/errors.ts"
import type { ChannelPlan, Region } from "./region-types.ts"

/** 64 × 125 kHz uplink channels at 902.3 + 0.2·n MHz, DR0–3, then 8 × 500 kHz at 903.0 + 1.6·n MHz, DR4 (docs/models.md §3.2). */
export const US915_CHANNELS: readonly ChannelPlan[] = [
  ...Array.from({ length: 64 }, (_, n) => ({ frequencyHz: 902_300_000 + 200_000 * n, minDr: 0, maxDr: 3 })),
  ...Array.from({ length: 8 }, (_, n) => ({ frequencyHz: 903_000_000 + 1_600_000 * n, minDr: 4, maxDr: 4 })),
]

/** FCC maximum dwell time per uplink: 400 ms (docs/models.md §3.2 "dwell 400 ms, FCC"). */
export const US915_MAX_DWELL_TIME_US = 400_000

/** DatarateOffsetsUS915[uplink DR 0..4][offset 0..3] (PF `RegionUS915.h`). */
const RX1_DR_TABLE: readonly (readonly number[])[] = [
  [10, 9, 8, 8],
  [11, 10, 9, 8],
  [12, 11, 10, 9],
  [13, 12, 11, 10],
  [13, 13, 12, 11],
]

const lora = (sf: number, bandwidthHz: number) => ({ modulation: "lora" as const, sf, bandwidthHz })

/** US915: see the file header for each table's source. */
export const US915: Region = {
  name: "US915",
  channelPlan: "fixed", // 64 + 8 channels, NewChannelReq refused (PF RegionUS915NewChannelReq)
  // DataratesUS915 = {10, 9, 8, 7, 8, 0, 0, 0, 12, 11, 10, 9, 8, 7, 0, 0}; BandwidthsUS915 125k ×4, 500k, …, 500k ×6.
  dataRates: [
    lora(10, 125_000),
    lora(9, 125_000),
    lora(8, 125_000),
    lora(7, 125_000),
    lora(8, 500_000),
    undefined,
    undefined,
    undefined,
    lora(12, 500_000),
    lora(11, 500_000),
    lora(10, 500_000),
    lora(9, 500_000),
    lora(8, 500_000),
    lora(7, 500_000),
    undefined,
    undefined,
  ],
  // MaxPayloadOfDatarateUS915 / ...RepeaterUS915 (0 entries = RFU, here undefined).
  maxPayload: [11, 53, 125, 242, 242, undefined, undefined, undefined, 53, 129, 242, 242, 242, 242, undefined, undefined],
  maxPayloadRepeater: [11, 53, 125, 242, 242, undefined, undefined, undefined, 33, 109, 222, 222, 222, 222, undefined, undefined],
  txMinDr: 0, // US915_TX_MIN_DATARATE
  txMaxDr: 4, // US915_TX_MAX_DATARATE
  rxMinDr: 8, // US915_RX_MIN_DATARATE
  rxMaxDr: 13, // US915_RX_MAX_DATARATE
  defaultDr: 0, // US915_DEFAULT_DATARATE
  maxRx1DrOffset: 3, // US915_MAX_RX1_DR_OFFSET
  defaultChannels: US915_CHANNELS,
  maxChannels: 72,
  rx2FrequencyHz: 923_300_000, // US915_RX_WND_2_FREQ
  rx2Dr: 8, // US915_RX_WND_2_DR
  maxEirpDbm: 30, // US915_DEFAULT_MAX_ERP
  maxTxPowerIndex: 10, // US915_MIN_TX_POWER = TX_POWER_10
  defaultAntennaGainDbi: 0, // PF RegionUS915.h defines no antenna gain: its limit is an ERP (US915_DEFAULT_MAX_ERP)
  dutyCycleByDefault: false, // US915_DUTY_CYCLE_ENABLED 0
  subBands: [{ minHz: 902_000_000, maxHz: 928_000_000, minInclusive: true, dCycle: 1 }], // US915_BAND0: 100 %
  maxDwellTimeUs: US915_MAX_DWELL_TIME_US,
  socketDefaultDr: 4, // PF modlora.c lora_socket_socket
  socketMaxDr: 4, // PF modlora.c lora_validate_data_rate
  defaultJoinDr: 4, // PF modlora.c lora_join: US915 default DR_4
  joinDrs: [0, 4], // PF modlora.c lora_join: only DR_0 or DR_4
  /** PF RegionUS915AlternateDr: DR4 (500 kHz) on odd trials, DR0 on even ones. */
  alternateJoinDr(nbTrials: number): number {
    return (nbTrials & 1) === 1 ? 4 : 0
  },
  /** PF RegionUS915ForceJoinDataRate: DR4 → counter 1, anything else → 0 (so DR0). */
  forceJoinTrials(joinDr: number, _nbTrials: number): number {
    return joinDr === 4 ? 1 : 0
  },
  adrChMask: { chMask: 0xffff, chMaskCntl: 0 }, // channels 0–15 (ChMaskCntl 0 = first block of 16)
  adrMaxDr: 3, // DR3 = SF7/125 kHz
  /** 20 dBm on every downlink channel (ChirpStack band US915 GetDownlinkTXPower). */
  downlinkTxPowerDbm(_freqHz: number): number {
    return 20
  },
  /** RX1 DR = DatarateOffsetsUS915[DR][offset] (PF; docs/models.md §3.1). */
  rx1Dr(uplinkDr: number, rx1DrOffset: number): number {
    const dr = RX1_DR_TABLE[uplinkDr]?.[rx1DrOffset]
    if (dr === undefined) throw new ValueError(`invalid US915 uplink DR ${uplinkDr} / RX1DROffset ${rx1DrOffset}`)
    return dr
  },
  /** RX1 frequency = 923.3 + 0.6·(channel mod 8) MHz (PF US915_FIRST_RX1_CHANNEL, US915_STEPWIDTH_RX1_CHANNEL). */
  rx1FrequencyHz(channelIndex: number, _uplinkFrequencyHz: number): number {
    if (!Number.isInteger(channelIndex) || channelIndex < 0 || channelIndex >= 72) throw new ValueError(`invalid US915 channel ${channelIndex}`)
    return 923_300_000 + 600_000 * (channelIndex % 8)
  },
}
