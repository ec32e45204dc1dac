/**
 * LoRaSim, the simulator of Bor, Roedig, Voigt and Alonso, "Do LoRa Low-Power
 * Wide-Area Networks Scale?" (MSWiM 2016), as its public code `loraDir.py`
 * defines it: the measured sensitivity table (paper Table 3), the experiments
 * 0–5, the placement radius and the TX current table. Numbers are the code's;
 * where the code and its comments disagree, the code is followed (noted ⚠).
 */

/** LoRaSim's TX power (dBm), `Ptx = 14`. */
export const LORASIM_TX_POWER_DBM = 14

/** LoRaSim's packet length (bytes) in the paper's runs (`packetlen = 20`). */
export const LORASIM_PACKET_BYTES = 20

/**
 * Measured SX1272 sensitivity (dBm) by SF 7..12 and bandwidth 125/250/500 kHz
 * (`loraDir.py` `sf7 … sf12` arrays, paper Table 3).
 */
export const LORASIM_SENSITIVITY_DBM: Readonly<Record<number, readonly [number, number, number]>> = {
  7: [-126.5, -124.25, -120.75],
  8: [-127.25, -126.75, -124.0],
  9: [-131.25, -128.25, -127.5],
  10: [-132.75, -130.25, -128.75],
  11: [-134.5, -132.75, -128.75],
  12: [-133.25, -132.25, -132.25],
}

/** LoRaSim's sensitivity (dBm) at `sf`/`bwHz`; SF6 (experiment 2) is not in the table → the datasheet −112 dBm the code uses for its range (`minsensi = -112.0`) ⚠. */
export function lorasimSensitivityDbm(sf: number, bwHz: number): number {
  const row = LORASIM_SENSITIVITY_DBM[sf]
  if (row === undefined) return sf === 6 ? -112 : Infinity
  if (bwHz === 125_000) return row[0]
  if (bwHz === 250_000) return row[1]
  return bwHz === 500_000 ? row[2] : Infinity
}

/** The radio settings of one LoRaSim experiment. */
export interface LorasimExperiment {
  readonly experiment: number
  /** Fixed SF, or "best" (experiments 3 and 5: the setting with the smallest airtime that reaches). */
  readonly sf: number | "best"
  readonly bwHz: number | "best"
  /** Coding rate index 1..4 (4/5..4/8), LoRaSim's `cr`. */
  readonly cr: number
  /** Carrier frequencies a node picks from uniformly (experiment 1: three; else one). */
  readonly freqsHz: readonly number[]
  /** Experiment 5: lower each node's power to just reach (not below 2 dBm). */
  readonly powerControl: boolean
  readonly description: string
}

/**
 * The experiments of `loraDir.py`:
 * 0 — SF12/BW125/CR4/8, one frequency (slowest setting);
 * 1 — as 0 on three frequencies (860/864/868 MHz, chosen at random);
 * 2 — SF6/BW500/CR4/5 (fastest setting);
 * 3 — per node the SF/BW with the smallest airtime that still reaches, CR4/5;
 * 4 — SF12/BW125/CR4/5 (the LoRaWAN-like setting);
 * 5 — as 3, then TX power lowered to the smallest that reaches (≥ 2 dBm).
 */
export const LORASIM_EXPERIMENTS: readonly LorasimExperiment[] = [
  { experiment: 0, sf: 12, bwHz: 125_000, cr: 4, freqsHz: [860_000_000], powerControl: false, description: "SF12, BW125, CR4/8, one channel" },
  { experiment: 1, sf: 12, bwHz: 125_000, cr: 4, freqsHz: [860_000_000, 864_000_000, 868_000_000], powerControl: false, description: "SF12, BW125, CR4/8, three channels" },
  { experiment: 2, sf: 6, bwHz: 500_000, cr: 1, freqsHz: [860_000_000], powerControl: false, description: "SF6, BW500, CR4/5, one channel" },
  { experiment: 3, sf: "best", bwHz: "best", cr: 1, freqsHz: [860_000_000], powerControl: false, description: "smallest airtime that reaches, CR4/5, one channel" },
  { experiment: 4, sf: 12, bwHz: 125_000, cr: 1, freqsHz: [860_000_000], powerControl: false, description: "SF12, BW125, CR4/5, one channel (LoRaWAN-like)" },
  { experiment: 5, sf: "best", bwHz: "best", cr: 1, freqsHz: [860_000_000], powerControl: true, description: "as 3 with the TX power lowered to what reaches" },
]

/**
 * The placement radius of `loraDir.py`: `maxDist = d0 · e^((Ptx − minsensi − Lpld0) / (10γ))`.
 * ⚠ The code uses e, not 10 (so nodes sit well inside the real range), and for
 * experiments 0, 1 and 4 takes `sensi[5,2]`, which is SF12 at **250** kHz
 * (−132.25 dBm) although its comment says BW125; both are followed here.
 * Experiment 2 uses −112 dBm, experiments 3/5 the table minimum.
 */
export function lorasimMaxDistanceM(experiment: number): number {
  let minSensi: number
  if (experiment === 2) minSensi = -112
  else if (experiment === 3 || experiment === 5) minSensi = Math.min(...Object.values(LORASIM_SENSITIVITY_DBM).flat())
  else minSensi = LORASIM_SENSITIVITY_DBM[12]![1]
  const lpl = LORASIM_TX_POWER_DBM - minSensi
  return 40 * Math.E ** ((lpl - 127.41) / (10 * 2.08))
}

/**
 * LoRaSim's TX supply current (mA) by TX power −2..20 dBm (`loraDir.py` `TX`
 * array, SX1272 datasheet values) at 3.0 V (`V = 3.0`).
 */
export const LORASIM_TX_CURRENT_MA: readonly number[] = [22, 22, 22, 23, 24, 24, 24, 25, 25, 25, 25, 26, 31, 32, 34, 35, 44, 82, 85, 90, 105, 115, 125]
/** LoRaSim's supply voltage (V). */
export const LORASIM_VOLTAGE_V = 3.0
