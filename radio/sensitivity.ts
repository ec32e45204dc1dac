/**
 * Receiver sensitivity (dBm) per chip, SF and bandwidth, the SNR demodulation
 * floor and the thermal noise floor. docs/models.md §2.2.
 */

/** Which receiver table a radio uses. */
export type ChipModel = "sx1272" | "sx1276" | "sx1301"

type Row = readonly [number, number, number, number, number, number, number] // SF6..SF12

/**
 * Sensitivity tables, index = SF − 6, per bandwidth.
 * - SX1272: DS72 (SX1272/73 datasheet Rev 2 p.19), docs/models.md §2.2; SF6 at 125 kHz
 *   −121 dBm from DS72. ⚠ SF6 at 250/500 kHz is not in the reference: taken as the
 *   SF7 value + 2 dB / + 3 dB (the DS72 SF7→SF8 steps at those bandwidths) — an extrapolation.
 * - SX1276: ⚠ secondary source (Augustin et al., Sensors 16:1466, 2016), BW125 only
 *   (docs/models.md §2.2); the 250/500 kHz rows are derived by adding the SX1272
 *   differences between bandwidths (an assumption, flagged in the report). SF6 = SF7 + 3 dB (extrapolated).
 * - SX1301 gateway: NS3 `gateway-lora-phy.cc` (BW125, docs/models.md §2.2). ⚠ 250/500 kHz
 *   rows are +3 / +6 dB (noise bandwidth ratio of the consistent model
 *   S = −174 + 10·log10(BW) + NF + SNR_floor, BRO `sensitivity.go`). SF6 = SF7 + 2.5 dB (extrapolated).
 */
const SX1272: Record<number, Row> = {
  125_000: [-121, -124, -127, -130, -133, -135, -137],
  250_000: [-120, -122, -125, -128, -130, -132, -135],
  500_000: [-113, -116, -119, -122, -125, -128, -129],
}

function shift(base: Row, by: Row): Row {
  return base.map((v, i) => v + (by[i] as number)) as unknown as Row
}
const SX1276_125: Row = [-120, -123, -126, -129, -132, -133, -136]
const D250 = SX1272[250_000]!.map((v, i) => v - (SX1272[125_000]![i] as number)) as unknown as Row
const D500 = SX1272[500_000]!.map((v, i) => v - (SX1272[125_000]![i] as number)) as unknown as Row
const SX1276: Record<number, Row> = {
  125_000: SX1276_125,
  250_000: shift(SX1276_125, D250),
  500_000: shift(SX1276_125, D500),
}
const SX1301_125: Row = [-127.5, -130, -132.5, -135, -137.5, -140, -142.5]
const SX1301: Record<number, Row> = {
  125_000: SX1301_125,
  250_000: SX1301_125.map((v) => v + 3) as unknown as Row,
  500_000: SX1301_125.map((v) => v + 6) as unknown as Row,
}

const TABLES: Record<ChipModel, Record<number, Row>> = { sx1272: SX1272, sx1276: SX1276, sx1301: SX1301 }

/** Sensitivity in dBm of `chip` at `sf`/`bwHz` (docs/models.md §2.2); −Infinity-safe: unknown combos give +Infinity (never received). */
export function sensitivityDbm(chip: ChipModel, sf: number, bwHz: number): number {
  const row = TABLES[chip][bwHz]
  const v = row === undefined ? undefined : row[sf - 6]
  return v ?? Infinity
}

/**
 * Minimum SNR (dB) for demodulation at BW125, SF7..12: −7.5 … −20 (TTN
 * `demodulation_floor.go`, docs/models.md §2.2); SF6 −5 dB (Semtech's 2.5 dB/SF step,
 * extrapolated). BW250 is 3 dB higher, BW500 6 dB higher (TTN, flagged unverified there).
 */
export function snrFloorDb(sf: number, bwHz: number): number {
  const base = -5 - 2.5 * (sf - 6)
  return base + (bwHz === 250_000 ? 3 : bwHz === 500_000 ? 6 : 0)
}

/**
 * Receiver noise figure (dB) in the noise-floor formula: 6 dB, the value BRO's
 * `sensitivity/sensitivity_test.go` uses (CalculateSensitivity(125000, 6, −20) = −137)
 * with the formula of `sensitivity.go` (docs/models.md §2.2: S = −174 + 10·log10(BW) + NF + SNR_floor).
 */
export const NOISE_FIGURE_DB = 6

/** Thermal noise floor in dBm over `bwHz`: −174 + 10·log10(BW) + NF (docs/models.md §2.2). */
export function noiseFloorDbm(bwHz: number, noiseFigureDb = NOISE_FIGURE_DB): number {
  return -174 + 10 * Math.log10(bwHz) + noiseFigureDb
}

/** SNR in dB of a signal received at `rssiDbm` over `bwHz` against the thermal noise floor. */
export function snrDb(rssiDbm: number, bwHz: number): number {
  return rssiDbm - noiseFloorDbm(bwHz)
}
