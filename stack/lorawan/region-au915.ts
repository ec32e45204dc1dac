/**
 * AU915 regional parameters as Pycom's firmware runs them (docs/models.md §3.10).
 * Sources: PF `lib/lora/mac/region/RegionAU915.h` (DataratesAU915,
 * BandwidthsAU915, DatarateOffsetsAU915, MaxPayloadOfDatarate[Repeater]AU915,
 * AU915_FIRST_RX1_CHANNEL 923.3 MHz, AU915_STEPWIDTH_RX1_CHANNEL 600 kHz, RX2,
 * TX power, AU915_BAND0 100 %), PF `RegionAU915.c` (RegionAU915InitDefaults:
 * 64 × 125 kHz from 915.2 MHz DR0–5, 8 × 500 kHz from 915.9 MHz DR6;
 * RegionAU915ApplyDrOffset), LoRaWAN Regional Parameters 1.0.2rB §2.5.
 */
import { ValueError } from "../errors/errors.ts"
import type { ChannelPlan, Region } from "./region-types.ts"

/** 64 × 125 kHz uplink channels at 915.2 + 0.2·n MHz, DR0–5, then 8 × 500 kHz at 915.9 + 1.6·n MHz, DR6. */
export const AU915_CHANNELS: readonly ChannelPlan[] = [
  ...Array.from({ length: 64 }, (_, n) => ({ frequencyHz: 915_200_000 + 200_000 * n, minDr: 0, maxDr: 5 })),
  ...Array.from({ length: 8 }, (_, n) => ({ frequencyHz: 915_900_000 + 1_600_000 * n, minDr: 6, maxDr: 6 })),
]

/** DatarateOffsetsAU915[uplink DR 0..6][offset 0..5] (PF `RegionAU915.h`). */
const RX1_DR_TABLE: readonly (readonly number[])[] = [
  [8, 8, 8, 8, 8, 8],
  [9, 8, 8, 8, 8, 8],
  [10, 9, 8, 8, 8, 8],
  [11, 10, 9, 8, 8, 8],
  [12, 11, 10, 9, 8, 8],
  [13, 12, 11, 10, 9, 8],
  [13, 13, 12, 11, 10, 9],
]

const lora = (sf: number, bandwidthHz: number) => ({ modulation: "lora" as const, sf, bandwidthHz })

/** AU915: see the file header for each table's source. */
export const AU915: Region = {
  name: "AU915",
  channelPlan: "fixed", // 64 + 8 channels, NewChannelReq refused (PF RegionAU915NewChannelReq)
  // DataratesAU915 = {12, 11, 10, 9, 8, 7, 8, 0, 12, 11, 10, 9, 8, 7, 0, 0}; BandwidthsAU915 125k ×6, 500k, 0, 500k ×6.
  dataRates: [
    lora(12, 125_000),
    lora(11, 125_000),
    lora(10, 125_000),
    lora(9, 125_000),
    lora(8, 125_000),
    lora(7, 125_000),
    lora(8, 500_000),
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
  // MaxPayloadOfDatarateAU915 / ...RepeaterAU915 (0 entries = RFU, here undefined).
  maxPayload: [51, 51, 51, 115, 242, 242, 242, undefined, 53, 129, 242, 242, 242, 242, undefined, undefined],
  maxPayloadRepeater: [51, 51, 51, 115, 222, 222, 222, undefined, 33, 109, 222, 222, 222, 222, undefined, undefined],
  txMinDr: 0, // AU915_TX_MIN_DATARATE
  txMaxDr: 6, // AU915_TX_MAX_DATARATE
  rxMinDr: 8, // AU915_RX_MIN_DATARATE
  rxMaxDr: 13, // AU915_RX_MAX_DATARATE
  defaultDr: 0, // AU915_DEFAULT_DATARATE
  // ⚠ PF AU915_MAX_RX1_DR_OFFSET is 6 but DatarateOffsetsAU915 has 6 columns (0..5): offset 6 would read past the row; 5 here.
  maxRx1DrOffset: 5,
  defaultChannels: AU915_CHANNELS,
  maxChannels: 72, // AU915_MAX_NB_CHANNELS
  rx2FrequencyHz: 923_300_000, // AU915_RX_WND_2_FREQ
  rx2Dr: 8, // AU915_RX_WND_2_DR
  maxEirpDbm: 30, // AU915_DEFAULT_MAX_EIRP
  maxTxPowerIndex: 10, // AU915_MIN_TX_POWER = TX_POWER_10
  defaultAntennaGainDbi: 2.15, // AU915_DEFAULT_ANTENNA_GAIN
  dutyCycleByDefault: false, // AU915_DUTY_CYCLE_ENABLED 0
  subBands: [{ minHz: 915_000_000, maxHz: 928_000_000, minInclusive: true, dCycle: 1 }], // AU915_BAND0: 100 % (NewChannel range 915–928 MHz)
  maxDwellTimeUs: undefined, // RP 1.0.2rB AU915 has no dwell limit; PF RegionAU915 ignores the dwell setting
  socketDefaultDr: 4, // PF modlora.c lora_socket_socket
  socketMaxDr: 6, // PF modlora.c lora_validate_data_rate
  defaultJoinDr: 6, // PF modlora.c lora_join: AU915 default DR_6
  joinDrs: [0, 6], // PF modlora.c lora_join: only DR_0 or DR_6
  /** PF RegionAU915AlternateDr: DR6 (500 kHz) on odd trials, DR0 on even ones. */
  alternateJoinDr(nbTrials: number): number {
    return (nbTrials & 1) === 1 ? 6 : 0
  },
  /** PF RegionAU915ForceJoinDataRate: DR6 → counter 1, anything else → 0 (so DR0). */
  forceJoinTrials(joinDr: number, _nbTrials: number): number {
    return joinDr === 6 ? 1 : 0
  },
  adrChMask: { chMask: 0xffff, chMaskCntl: 0 }, // channels 0–15 (ChMaskCntl 0 = first block of 16)
  adrMaxDr: 5, // DR5 = SF7/125 kHz
  /** 27 dBm on every downlink channel (ChirpStack band AU915 GetDownlinkTXPower). */
  downlinkTxPowerDbm(_freqHz: number): number {
    return 27
  },
  /** RX1 DR = DatarateOffsetsAU915[DR][offset] (PF RegionAU915ApplyDrOffset). */
  rx1Dr(uplinkDr: number, rx1DrOffset: number): number {
    const dr = RX1_DR_TABLE[uplinkDr]?.[rx1DrOffset]
    if (dr === undefined) throw new ValueError(`invalid AU915 uplink DR ${uplinkDr} / RX1DROffset ${rx1DrOffset}`)
    return dr
  },
  /** RX1 frequency = 923.3 + 0.6·(channel mod 8) MHz (PF AU915_FIRST_RX1_CHANNEL, AU915_STEPWIDTH_RX1_CHANNEL). */
  rx1FrequencyHz(channelIndex: number, _uplinkFrequencyHz: number): number {
    if (!Number.isInteger(channelIndex) || channelIndex < 0 || channelIndex >= 72) throw new ValueError(`invalid AU915 channel ${channelIndex}`)
    return 923_300_000 + 600_000 * (channelIndex % 8)
  },
}
