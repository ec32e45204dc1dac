/**
 * EU868 regional parameters (docs/models.md §3.1–3.3). Sources: PF
 * `lib/lora/mac/region/RegionEU868.h` (DataratesEU868, BandwidthsEU868,
 * MaxPayloadOfDatarate[Repeater]EU868, EU868_LC1..3, EU868_BAND0..5, RX2, TX
 * power), PF `RegionEU868.c` (VerifyRfFreq band edges, RegionEU868ApplyDrOffset),
 * cross-checked with BRO `band/band_eu863_870.go`.
 */
import { ValueError } from "../errors/errors.ts"
import type { ChannelPlan, Region, SubBand } from "./region-types.ts"

/**
 * ETSI sub-bands with their duty cycles, in the order and with the edges of PF
 * `RegionEU868.c` VerifyTxFreq and the bands of `RegionEU868.h` EU868_BAND0..4:
 * the one EU868 sub-band table (devices and gateways; docs/models.md §3.3). The
 * firmware files 863–865 MHz and 868.7–869.2 MHz both under band 2, so they
 * share one time-off.
 */
export const EU868_SUB_BANDS: readonly SubBand[] = [
  { minHz: 863_000_000, maxHz: 864_999_999, minInclusive: true, dCycle: 1000, band: 2 }, // 0.1 % (PF: freq < 865 MHz; integer Hz)
  { minHz: 865_000_000, maxHz: 868_000_000, minInclusive: true, dCycle: 100, band: 0 }, // 1 % (865.0 ≤ f ≤ 868.0)
  { minHz: 868_000_000, maxHz: 868_600_000, minInclusive: false, dCycle: 100, band: 1 }, // 1 % (868.0 < f ≤ 868.6)
  { minHz: 868_700_000, maxHz: 869_200_000, minInclusive: true, dCycle: 1000, band: 2 }, // 0.1 %
  { minHz: 869_400_000, maxHz: 869_650_000, minInclusive: true, dCycle: 10, band: 3 }, // 10 %
  { minHz: 869_700_000, maxHz: 870_000_000, minInclusive: true, dCycle: 100, band: 4 }, // 1 %
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
  channelPlan: "dynamic", // CFList + NewChannelReq (RP 1.0.2rB §2.2)
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
  dutyCycleByDefault: true, // EU868_DUTY_CYCLE_ENABLED 1 (Pycom's modlora switches it off: docs/models.md §3.2)
  subBands: EU868_SUB_BANDS,
  maxDwellTimeUs: undefined,
  socketDefaultDr: 5, // PF modlora.c lora_socket_socket
  socketMaxDr: 6, // PF modlora.c lora_validate_data_rate
  defaultJoinDr: 5, // PF modlora.c lora_join: EU868 default DR_5
  joinDrs: [0, 1, 2, 3, 4, 5], // PF modlora.c lora_join: dr > DR_5 raises
  /** PF RegionEU868AlternateDr: DR0 every 48th trial, DR1 every 32nd, DR2 24th, DR3 16th, DR4 8th, else DR5. */
  alternateJoinDr(nbTrials: number): number {
    if (nbTrials % 48 === 0) return 0
    if (nbTrials % 32 === 0) return 1
    if (nbTrials % 24 === 0) return 2
    if (nbTrials % 16 === 0) return 3
    if (nbTrials % 8 === 0) return 4
    return 5
  },
  /** PF RegionEU868ForceJoinDataRate: DRToCounter {48, 32, 24, 16, 8, 1} for DR0..5; other DRs leave the counter. */
  forceJoinTrials(joinDr: number, nbTrials: number): number {
    return [48, 32, 24, 16, 8, 1][joinDr] ?? nbTrials
  },
  adrChMask: { chMask: 0x0007, chMaskCntl: 0 }, // the 3 default channels
  adrMaxDr: 5, // DR5 = SF7/125 kHz, the fastest LoRa 125 kHz DR
  /** 14 dBm, but 27 dBm in the 869.4–869.65 MHz sub-band (RX2) (ChirpStack band EU868 GetDownlinkTXPower; ETSI 25 mW / 500 mW ERP). */
  downlinkTxPowerDbm(freqHz: number): number {
    return freqHz >= 869_400_000 && freqHz <= 869_650_000 ? 27 : 14
  },
  /** RX1 DR = max(0, DR − offset), offset 0..5 (PF RegionEU868ApplyDrOffset; docs/models.md §3.2). */
  rx1Dr(uplinkDr: number, rx1DrOffset: number): number {
    if (!Number.isInteger(uplinkDr) || uplinkDr < 0 || uplinkDr > 6) throw new ValueError(`invalid EU868 uplink DR ${uplinkDr}`)
    if (!Number.isInteger(rx1DrOffset) || rx1DrOffset < 0 || rx1DrOffset > 5) throw new ValueError(`invalid EU868 RX1DROffset ${rx1DrOffset}`)
    return Math.max(0, uplinkDr - rx1DrOffset)
  },
  /** RX1 uses the uplink frequency (docs/models.md §3.2), unless DlChannelReq set one (the MAC handles that). */
  rx1FrequencyHz(_channelIndex: number, uplinkFrequencyHz: number): number {
    return uplinkFrequencyHz
  },
}
