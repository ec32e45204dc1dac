/**
 * Device-side rules both paths use (the scripted `ClassADevice` and the fleet's
 * LoRaWAN group): the conducted TX power of a TX power index, the uplink channels
 * of a fixed plan's sub-band and the data rates a device may be assigned; pure
 * functions over a {@link Region}. Sources: Pycom's firmware (PF `lib/lora/mac/region/RegionCommon.c`,
 * `esp32/lora/sx1276-board.c`), LoRaWAN Regional Parameters 1.0.2rB (RP).
 */
import { txPowerEirpDbm } from "./region-common.ts"
import type { Region } from "./region-types.ts"

/** Highest conducted power of the SX1276 PA_BOOST output with the +20 dBm DAC on (PF `sx1276-board.c` SX1276SetRfTxPower: clamp 5..20). */
export const SX1276_PA_BOOST_MAX_DBM = 20
/** Lowest PA_BOOST power without the +20 dBm DAC (same function: clamp 2..17 when the request is ≤ 17 dBm). */
export const SX1276_PA_BOOST_MIN_DBM = 2

/**
 * Conducted power (dBm) a Pycom device transmits with at TX power index `index`:
 * LoRaMac-node programs floor(maxEIRP − 2·index − antennaGain) (PF
 * `RegionCommon.c` RegionCommonComputeTxPower, called by `Region*TxConfig`),
 * and Pycom's SX1276 board driver clamps it to what PA_BOOST delivers (PF
 * `esp32/lora/sx1276-board.c` SX1276SetRfTxPower: above 17 dBm the +20 dBm DAC,
 * at most 20 dBm; otherwise at least 2 dBm; every band above 525 MHz uses
 * PA_BOOST, `SX1276GetPaSelect`). So EU868/AS923 index 0 (16 dBm EIRP, 2.15 dBi)
 * gives 13 dBm, US915 index 0 (30 dBm, 0 dBi) gives 20 dBm.
 */
export function deviceTxPowerDbm(region: Region, index: number): number {
  const phy = Math.floor(txPowerEirpDbm(region, index) - region.defaultAntennaGainDbi)
  return phy > 17 ? Math.min(phy, SX1276_PA_BOOST_MAX_DBM) : Math.max(phy, SX1276_PA_BOOST_MIN_DBM)
}

/** 125 kHz channels per sub-band of a fixed (US915/AU915) channel plan (RP 1.0.2rB §2.3.2, §2.5.2: 64 channels in 8 blocks of 8). */
export const CHANNELS_PER_SUB_BAND = 8
/** Sub-bands of a fixed plan (8 × 8 = 64 channels of 125 kHz). */
export const FIXED_PLAN_SUB_BANDS = 8

/**
 * Indices (in `region.defaultChannels`) of the uplink channels of sub-band
 * `subBand` (1..8) of a fixed channel plan: its eight 125 kHz channels
 * 8·(n−1) … 8·(n−1)+7 and the 500 kHz channel 64 + (n−1) (RP 1.0.2rB §2.3.2
 * US915, §2.5.2 AU915; the "FSB n" of TTN/ChirpStack frequency plans, e.g.
 * US915 sub-band 2 = 903.9–905.3 MHz + 904.6 MHz). For a dynamic plan
 * (EU868, AS923) the default channels, whatever `subBand`.
 */
export function subBandChannelIndices(region: Region, subBand: number): number[] {
  if (region.channelPlan !== "fixed") return region.defaultChannels.map((_, i) => i)
  if (!Number.isInteger(subBand) || subBand < 1 || subBand > FIXED_PLAN_SUB_BANDS) throw new RangeError(`sub-band ${subBand} outside 1..${FIXED_PLAN_SUB_BANDS}`)
  const first = CHANNELS_PER_SUB_BAND * (subBand - 1)
  const out = Array.from({ length: CHANNELS_PER_SUB_BAND }, (_, k) => first + k)
  const wide = FIXED_PLAN_SUB_BANDS * CHANNELS_PER_SUB_BAND + subBand - 1
  if (wide < region.defaultChannels.length) out.push(wide)
  return out
}

/**
 * The uplink data rates a fleet device is assigned from (SF choice "smallest",
 * "random", ADR's range): the region's LoRa 125 kHz DRs from `txMinDr` to the
 * ADR maximum that carry a payload (EU868 DR0–5, US915 DR0–3, AS923 DR2–5 under
 * Pycom's dwell limit, AU915 DR0–5), slowest first.
 */
export function uplinkDataRates(region: Region): number[] {
  const out: number[] = []
  for (let dr = region.txMinDr; dr <= region.adrMaxDr; dr++) {
    const d = region.dataRates[dr]
    if (d !== undefined && d.modulation === "lora" && d.bandwidthHz === 125_000 && region.maxPayload[dr] !== undefined) out.push(dr)
  }
  return out
}
