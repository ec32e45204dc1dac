/**
 * AS923 regional parameters as Pycom's firmware runs them (docs/models.md §3.10).
 * Sources: PF `lib/lora/mac/region/RegionAS923.h` (DataratesAS923,
 * BandwidthsAS923, MaxPayloadOfDatarateDwell1UpAS923, EffectiveRx1DrOffsetAS923,
 * AS923_LC1/LC2, AS923_BAND0, RX2, TX power, AS923_DEFAULT_UPLINK/DOWNLINK_DWELL_TIME 1,
 * AS923_DWELL_LIMIT_DATARATE DR_2), PF `RegionAS923.c` (VerifyTxFreq 915–928 MHz,
 * RegionAS923ApplyDrOffset, GetPhyParam PHY_MIN_TX_DR / PHY_NEXT_LOWER_TX_DR),
 * LoRaWAN Regional Parameters 1.0.2rB §2.7. Where the firmware and RP differ,
 * the firmware is followed: Pycom boots with the uplink and downlink dwell time
 * limit ON (RP: off until TxParamSetupReq), so DR0/DR1 are unusable, the lowest
 * TX/RX DR is DR2 and the max payloads are the dwell-time-1 table.
 */
import { ValueError } from "../errors/errors.ts"
import type { ChannelPlan, Region, SubBand } from "./region-types.ts"

/** AS923 default (and join) channels 923.2 / 923.4 MHz, DR0–5 (PF `AS923_LC1/LC2`, `AS923_JOIN_CHANNELS`). */
export const AS923_DEFAULT_CHANNELS: readonly ChannelPlan[] = [
  { frequencyHz: 923_200_000, minDr: 0, maxDr: 5 },
  { frequencyHz: 923_400_000, minDr: 0, maxDr: 5 },
]

/** One band 915–928 MHz at 1 % (PF `AS923_BAND0` {100, …}; VerifyTxFreq), enforced only with duty cycle on (`AS923_DUTY_CYCLE_ENABLED` 0). */
export const AS923_SUB_BANDS: readonly SubBand[] = [{ minHz: 915_000_000, maxHz: 928_000_000, minInclusive: true, dCycle: 100 }]

/** Max dwell time per frame with the dwell limit on: 400 ms (RP 1.0.2rB §2.7.3, TxParamSetupReq). */
export const AS923_MAX_DWELL_TIME_US = 400_000

/** The lowest uplink/downlink DR while the dwell time limit is on (PF `AS923_DWELL_LIMIT_DATARATE`). */
export const AS923_DWELL_LIMIT_DR = 2

/** EffectiveRx1DrOffsetAS923 = {0, 1, 2, 3, 4, 5, −1, −2} (offsets 6/7 raise the RX1 DR). */
const EFFECTIVE_RX1_DR_OFFSET: readonly number[] = [0, 1, 2, 3, 4, 5, -1, -2]

const lora = (sf: number, bandwidthHz: number) => ({ modulation: "lora" as const, sf, bandwidthHz })

/** AS923: see the file header for each table's source. */
export const AS923: Region = {
  name: "AS923",
  channelPlan: "dynamic", // 2 default channels + CFList / NewChannelReq (PF AS923_NUMB_CHANNELS_CF_LIST 5)
  // DataratesAS923 = {12, 11, 10, 9, 8, 7, 7, 50}; BandwidthsAS923 = {125k ×6, 250k, 0 (FSK)}.
  dataRates: [lora(12, 125_000), lora(11, 125_000), lora(10, 125_000), lora(9, 125_000), lora(8, 125_000), lora(7, 125_000), lora(7, 250_000), { modulation: "fsk", bitrate: 50_000 }],
  // MaxPayloadOfDatarateDwell1UpAS923 = {0, 0, 11, 53, 125, 242, 242, 242} (0 = not usable under the dwell limit);
  // the firmware uses the same table with and without repeater.
  maxPayload: [undefined, undefined, 11, 53, 125, 242, 242, 242],
  maxPayloadRepeater: [undefined, undefined, 11, 53, 125, 242, 242, 242],
  txMinDr: AS923_DWELL_LIMIT_DR, // PHY_MIN_TX_DR with UplinkDwellTime 1
  txMaxDr: 6, // AS923_TX_MAX_DATARATE (DR7 FSK not usable on Pycom, as in EU868)
  rxMinDr: AS923_DWELL_LIMIT_DR, // PHY_MIN_RX_DR with DownlinkDwellTime 1
  rxMaxDr: 6, // AS923_RX_MAX_DATARATE
  defaultDr: 2, // AS923_DEFAULT_DATARATE
  maxRx1DrOffset: 7, // AS923_MAX_RX1_DR_OFFSET
  defaultChannels: AS923_DEFAULT_CHANNELS,
  maxChannels: 16, // AS923_MAX_NB_CHANNELS
  rx2FrequencyHz: 923_200_000, // AS923_RX_WND_2_FREQ
  rx2Dr: 2, // AS923_RX_WND_2_DR
  maxEirpDbm: 16, // AS923_DEFAULT_MAX_EIRP
  maxTxPowerIndex: 7, // AS923_MIN_TX_POWER = TX_POWER_7
  defaultAntennaGainDbi: 2.15, // AS923_DEFAULT_ANTENNA_GAIN
  dutyCycleByDefault: false, // AS923_DUTY_CYCLE_ENABLED 0
  subBands: AS923_SUB_BANDS,
  maxDwellTimeUs: AS923_MAX_DWELL_TIME_US,
  socketDefaultDr: 5, // PF modlora.c lora_socket_socket
  socketMaxDr: 6, // PF modlora.c lora_validate_data_rate
  defaultJoinDr: 2, // PF modlora.c lora_join: AS923 default DR_2
  joinDrs: [2], // PF modlora.c lora_join: any other DR raises
  /** PF RegionAS923AlternateDr: always AS923_DWELL_LIMIT_DATARATE (DR2). */
  alternateJoinDr(_nbTrials: number): number {
    return AS923_DWELL_LIMIT_DR
  },
  /** PF RegionAS923ForceJoinDataRate: does nothing (only DR2 is supported). */
  forceJoinTrials(_joinDr: number, nbTrials: number): number {
    return nbTrials
  },
  adrChMask: { chMask: 0x0003, chMaskCntl: 0 }, // the 2 default channels
  adrMaxDr: 5, // DR5 = SF7/125 kHz
  /** 14 dBm (ChirpStack band AS923 GetDownlinkTXPower). */
  downlinkTxPowerDbm(_freqHz: number): number {
    return 14
  },
  /** RX1 DR = min(DR5, max(DR2, DR − EffectiveRx1DrOffset[offset])) with the downlink dwell limit on (PF RegionAS923ApplyDrOffset). */
  rx1Dr(uplinkDr: number, rx1DrOffset: number): number {
    if (!Number.isInteger(uplinkDr) || uplinkDr < 0 || uplinkDr > 7) throw new ValueError(`invalid AS923 uplink DR ${uplinkDr}`)
    const eff = EFFECTIVE_RX1_DR_OFFSET[rx1DrOffset]
    if (!Number.isInteger(rx1DrOffset) || eff === undefined) throw new ValueError(`invalid AS923 RX1DROffset ${rx1DrOffset}`)
    return Math.min(5, Math.max(AS923_DWELL_LIMIT_DR, uplinkDr - eff))
  },
  /** RX1 uses the uplink frequency (RP 1.0.2rB §2.7.7), unless DlChannelReq set one. */
  rx1FrequencyHz(_channelIndex: number, uplinkFrequencyHz: number): number {
    return uplinkFrequencyHz
  },
}
