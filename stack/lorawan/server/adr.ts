/**
 * The network-side ADR algorithm: Semtech's recommended margin-based rate
 * adaptation, as The Things Stack documents it
 * (TheThingsIndustries/lorawan-stack-docs `reference/adr/_index.md`: maximum SNR
 * over recent uplinks − SNR needed for the DR − margin) and ChirpStack's default
 * algorithm implements it (`snrMargin = snrMax − requiredSnrForDr −
 * installationMargin; nStep = floor(snrMargin / 3)`, installation margin 10 dB,
 * 20-uplink history). Required SNR per SF: docs/models.md §2.2 (TTN demodulation floor).
 */
import type { Region } from "../region-types.ts"

/** Uplinks of history the algorithm waits for (ChirpStack/gotthardp lorawan-server: 20 frames). */
export const ADR_HISTORY = 20
/** Installation margin (dB; ChirpStack default `installation_margin = 10`). */
export const ADR_INSTALLATION_MARGIN_DB = 10

/** Demodulation floor (dB) at BW125 by SF; +3 dB at 250 kHz, +6 dB at 500 kHz (docs/models.md §2.2, TTN `demodulation_floor.go`). */
export function requiredSnrDb(sf: number, bwHz: number): number {
  const base = -7.5 - 2.5 * (sf - 7)
  return base + (bwHz === 250_000 ? 3 : bwHz === 500_000 ? 6 : 0)
}

/** Current uplink settings of a device and the best SNRs it recently had. */
export interface AdrInput {
  readonly dr: number
  readonly txPowerIndex: number
  /** Best-gateway SNR of the recent uplinks (dB). */
  readonly snrHistory: readonly number[]
  /** Highest DR the device may be asked for (region max LoRa 125 kHz DR by default). */
  readonly maxDr: number
}

/** New DR / TX power index (unchanged when the history is short). */
export function adrDecision(region: Region, a: AdrInput): { dr: number; txPowerIndex: number } {
  if (a.snrHistory.length < ADR_HISTORY) return { dr: a.dr, txPowerIndex: a.txPowerIndex }
  const d = region.dataRates[a.dr]
  if (d === undefined || d.modulation !== "lora") return { dr: a.dr, txPowerIndex: a.txPowerIndex }
  const snrMax = Math.max(...a.snrHistory)
  let nStep = Math.floor((snrMax - requiredSnrDb(d.sf, d.bandwidthHz) - ADR_INSTALLATION_MARGIN_DB) / 3)
  let dr = a.dr
  let p = a.txPowerIndex
  while (nStep > 0) {
    if (dr < a.maxDr) dr++
    else if (p < region.maxTxPowerIndex) p++
    else break
    nStep--
  }
  while (nStep < 0 && p > 0) {
    p--
    nStep++
  }
  return { dr, txPowerIndex: p }
}
