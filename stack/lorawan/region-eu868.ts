/**
 * EU868 regional parameters (reference §3.1–3.3). Sources: PF
 * `lib/lora/mac/region/RegionEU868.h` (DataratesEU868, BandwidthsEU868,
 * MaxPayloadOfDatarate[Repeater]EU868, EU868_LC1..3, EU868_BAND0..5, RX2, TX
 * power), PF `RegionEU868.c` (VerifyRfFreq band edges, RegionEU868ApplyDrOffset),
 * cross-checked with BRO `band/band_eu863_870.go`.
 */
import { ValueError } from "../usocket/errors.ts"
import type { ChannelPlan, Region, SubBand } from "./region-types.ts"

/** ETSI sub-bands with their duty cycles, in the order of PF `VerifyRfFreq` (reference §3.3). */
export const EU868_SUB_BANDS: readonly SubBand[] = [
  { minHz: 863_000_000, maxHz: 864_999_999, minInclusive: true, dCycle: 1000 }, // band 2: 0.1 % (PF: freq < 865 MHz; integer Hz)
  { minHz: 865_000_000, maxHz: 868_000_000, minInclusive: true, dCycle: 100 }, // band 0: 1 %
  { minHz: 868_000_000, maxHz: 868_600_000, minInclusive: false, dCycle: 100 }, // band 1: 1 % (868.0 < f ≤ 868.6)
  { minHz: 868_700_000, maxHz: 869_200_000, minInclusive: true, dCycle: 1000 }, // band 5: 0.1 %
  { minHz: 869_400_000, maxHz: 869_650_000, minInclusive: true, dCycle: 10 }, // band 3: 10 %
  { minHz: 869_700_000, maxHz: 870_000_000, minInclusive: true, dCycle: 100 }, // band 4: 1 %
]

/** EU868 default (and join) channels 868.1/868.3/868.5 MHz, DR0–5 (PF `EU868_LC1..3`, `EU868_JOIN_CHANNELS`). */
export const EU868_DEFAULT_CHANNELS: readonly ChannelPlan[] = [
  { frequencyHz: 868_100_000, minDr: 0, maxDr: 5 },
  { frequencyHz: 868_300_000, minDr: 0, maxDr: 5 },
  { frequencyHz: 868_500_000, minDr: 0, maxDr: 5 },
]

/** EU868: see the file header for each table's source. */
export const EU868: Region = {
  name: "EU868",
  // DataratesEU868 = {12, 11, 10, 9, 8, 7, 7, 50}; BandwidthsEU868 = {125k ×6, 250k, 0 (FSK)}.
  dataRates: [
    { modulation: "lora", sf: 12, bandwidthHz: 125_000 },
    { modulation: "lora", sf: 11, bandwidthHz: 125_000 },
    { modulation: "lora", sf: 10, bandwidthHz: 125_000 },
    { modulation: "lora", sf: 9, bandwidthHz: 125_000 },
    { modulation: "lora", sf: 8, bandwidthHz: 125_000 },
    { modulation: "lora", sf: 7, bandwidthHz: 125_000 },
    { modulation: "lora", sf: 7, bandwidthHz: 250_000 },
    { modulation: "fsk", bitrate: 50_000 },
  ],
  maxPayload: [51, 51, 51, 115, 242, 242, 242, 242], // MaxPayloadOfDatarateEU868
  maxPayloadRepeater: [51, 51, 51, 115, 222, 222, 222, 222], // MaxPayloadOfDatarateRepeaterEU868
  txMinDr: 0, // EU868_TX_MIN_DATARATE
  // Firmware over spec: PF EU868_TX_MAX_DATARATE / EU868_RX_MAX_DATARATE are DR_6 (the spec's DR7 FSK is listed in the tables but not usable on Pycom).
  txMaxDr: 6,
  rxMinDr: 0, // EU868_RX_MIN_DATARATE
  rxMaxDr: 6,
  defaultDr: 0, // EU868_DEFAULT_DATARATE
  maxRx1DrOffset: 5, // EU868_MAX_RX1_DR_OFFSET
  defaultChannels: EU868_DEFAULT_CHANNELS,
  maxChannels: 16, // EU868_MAX_NB_CHANNELS
  rx2FrequencyHz: 869_525_000, // EU868_RX_WND_2_FREQ
  rx2Dr: 0, // EU868_RX_WND_2_DR
  maxEirpDbm: 16, // EU868_DEFAULT_MAX_EIRP
  maxTxPowerIndex: 7, // EU868_MIN_TX_POWER = TX_POWER_7
  defaultAntennaGainDbi: 2.15, // EU868_DEFAULT_ANTENNA_GAIN
  dutyCycleByDefault: true, // EU868_DUTY_CYCLE_ENABLED 1 (Pycom's modlora switches it off: reference §3.2)
  subBands: EU868_SUB_BANDS,
  /** RX1 DR = max(0, DR − offset), offset 0..5 (PF RegionEU868ApplyDrOffset; reference §3.2). */
  rx1Dr(uplinkDr: number, rx1DrOffset: number): number {
    if (!Number.isInteger(uplinkDr) || uplinkDr < 0 || uplinkDr > 6) throw new ValueError(`invalid EU868 uplink DR ${uplinkDr}`)
    if (!Number.isInteger(rx1DrOffset) || rx1DrOffset < 0 || rx1DrOffset > 5) throw new ValueError(`invalid EU868 RX1DROffset ${rx1DrOffset}`)
    return Math.max(0, uplinkDr - rx1DrOffset)
  },
  /** RX1 uses the uplink frequency (reference §3.2), unless DlChannelReq set one (the MAC handles that). */
  rx1FrequencyHz(_channelIndex: number, uplinkFrequencyHz: number): number {
    return uplinkFrequencyHz
  },
}
