import type { Micros } from "../sim/index.ts"

/**
 * The LoRa modulation and frame format of one transmission (Semtech SX127x
 * register settings): spreading factor, bandwidth, coding rate, preamble,
 * header mode and CRC. docs/models.md §2.1.
 */
export interface LoraFrameFormat {
  /** Spreading factor 6..12 (SF6 needs an implicit header on the SX127x). */
  readonly sf: number
  /** Bandwidth in Hz: 125_000, 250_000 or 500_000. */
  readonly bwHz: number
  /** Coding rate index 1..4 for 4/5..4/8 (Pycom `CODING_4_5`..`CODING_4_8`, docs/models.md §1.1). */
  readonly cr: number
  /** Programmed preamble length in symbols (Pycom default 8, docs/models.md §1.2). */
  readonly preamble: number
  /** Implicit header mode (no PHY header). */
  readonly implicitHeader: boolean
  /** Payload CRC on. */
  readonly crc: boolean
}

/** The usual uplink format: explicit header, CRC on, preamble 8, CR 4/5 (docs/models.md §2.1 check row). */
export const DEFAULT_FORMAT: LoraFrameFormat = { sf: 7, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: true }

/** The bandwidths the SX127x LoRa modem supports in this model (Pycom BW_125KHZ/250/500, docs/models.md §1.1). */
export const LORA_BANDWIDTHS_HZ: readonly number[] = [125_000, 250_000, 500_000]

/**
 * Low-data-rate optimisation: on for SF11/SF12 at 125 kHz and SF12 at 250 kHz,
 * as the driver sets it (PF `sx1276.c` SetTxConfig, docs/models.md §2.1).
 */
export function lowDataRateOptimize(sf: number, bwHz: number): boolean {
  return (bwHz === 125_000 && sf >= 11) || (bwHz === 250_000 && sf === 12)
}

/**
 * Symbol time Ts = 2^SF / BW in µs. For 125/250/500 kHz this is an exact
 * integer (2^SF × 8, × 4, × 2 µs), so time on air below is exact.
 */
export function symbolTimeUs(sf: number, bwHz: number): number {
  return (2 ** sf * 1_000_000) / bwHz
}

/**
 * Number of payload symbols (header, payload, CRC), Semtech's formula:
 * 8 + max(ceil((8·PL − 4·SF + 28 + 16·CRC − 20·IH) / (4·(SF − 2·DE)))·(CR + 4), 0)
 * (PF `sx1276.c` SX1276GetTimeOnAir; NS3 `lora-phy.cc` GetOnAirTime; docs/models.md §2.1).
 */
export function payloadSymbols(payloadLen: number, f: LoraFrameFormat): number {
  const de = lowDataRateOptimize(f.sf, f.bwHz) ? 1 : 0
  const num = 8 * payloadLen - 4 * f.sf + 28 + (f.crc ? 16 : 0) - (f.implicitHeader ? 20 : 0)
  const den = 4 * (f.sf - 2 * de)
  return 8 + Math.max(Math.ceil(num / den) * (f.cr + 4), 0)
}

/**
 * Time on air in µs, exactly by the Semtech formula: (n_pre + 4.25)·Ts +
 * n_payload·Ts (docs/models.md §2.1). With the supported bandwidths the result is an
 * integer number of µs; it is rounded up (never down) in case a caller passes
 * another bandwidth. Example: 13 B, SF12/125, CR 4/5 → 1 155 072 µs.
 */
export function timeOnAirUs(payloadLen: number, f: LoraFrameFormat): Micros {
  const ts = symbolTimeUs(f.sf, f.bwHz)
  const total = (f.preamble + 4.25) * ts + payloadSymbols(payloadLen, f) * ts
  return Math.ceil(total - 1e-9)
}

/**
 * Time on air in whole ms as the Pycom driver reports it (`airtime()`,
 * `stats().tx_time_on_air`): the driver rounds up to ms (docs/models.md §2.1).
 */
export function timeOnAirMs(payloadLen: number, f: LoraFrameFormat): number {
  return Math.ceil(timeOnAirUs(payloadLen, f) / 1000)
}
