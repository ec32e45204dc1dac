/**
 * LoRaSim, the simulator of Bor, Roedig, Voigt and Alonso, "Do LoRa Low-Power
 * Wide-Area Networks Scale?" (MSWiM 2016), as its public code `loraDir.py`
 * defines it: the measured sensitivity table (paper Table 3), the experiments
 * 0–5, the placement radius and the TX current table. Numbers are the code's;
 * where the code and its comments disagree, the code is followed (noted ⚠).
 */
import { LORASIM } from "../propagation.ts"

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

/**
 * The datasheet sensitivity (dBm) `loraDir.py` assumes for SF6 when it sizes
 * the placement disc of experiment 2 (`minsensi = -112.0`, "no experiments, so
 * value from datasheet"). It is only used for the radius: see {@link lorasimSensitivityDbm}.
 */
export const LORASIM_SF6_RANGE_SENSITIVITY_DBM = -112

/**
 * LoRaSim's reception sensitivity (dBm) at `sf`/`bwHz`, as `loraDir.py`
 * `transmit()` looks it up: `sensi[sf - 7, [125,250,500].index(bw) + 1]`.
 * ⚠ code-vs-paper: for SF6 (experiment 2) `sf - 7 = -1`, and numpy's row −1
 * is the last row, SF12: the code receives SF6 frames down to SF12's
 * sensitivity (−132.25 dBm at 500 kHz), not the −112 dBm datasheet value it
 * uses for the placement radius ({@link LORASIM_SF6_RANGE_SENSITIVITY_DBM}).
 * The code is followed. Unknown SF/BW: `Infinity` (nothing is received).
 */
export function lorasimSensitivityDbm(sf: number, bwHz: number): number {
  const row = LORASIM_SENSITIVITY_DBM[sf === 6 ? 12 : sf]
  if (row === undefined) return Infinity
  if (bwHz === 125_000) return row[0]
  if (bwHz === 250_000) return row[1]
  return bwHz === 500_000 ? row[2] : Infinity
}

/**
 * `loraDir.py`'s `minsensi` for an experiment: the sensitivity that sizes the
 * placement disc (experiments 0, 1, 4: `sensi[5,2]` = SF12 at **250** kHz
 * although the comment says BW125, ⚠; experiment 2: −112 dBm; experiments 3
 * and 5: the smallest value of the table, `np.amin(sensi)`).
 */
export function lorasimMinSensitivityDbm(experiment: number): number {
  if (experiment === 2) return LORASIM_SF6_RANGE_SENSITIVITY_DBM
  if (experiment === 3 || experiment === 5) return Math.min(...Object.values(LORASIM_SENSITIVITY_DBM).flat())
  return LORASIM_SENSITIVITY_DBM[12]![1]
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
 * The placement radius of `loraDir.py` for a sensitivity:
 * `maxDist = d0 · e^((Ptx − minsensi − Lpld0) / (10γ))` (Lpld0 127.41 dB, d0 40 m,
 * γ 2.08: the `LORASIM` propagation parameters).
 * ⚠ The code uses e, not 10 (so nodes sit well inside the real range); followed.
 */
export function lorasimRadiusForSensitivityM(minSensiDbm: number): number {
  // loraDir.py's Lpld0, d0 and gamma: the LORASIM log-distance parameters.
  return LORASIM.refDistanceM * Math.E ** ((LORASIM_TX_POWER_DBM - minSensiDbm - LORASIM.refLossDb) / (10 * LORASIM.exponent))
}

/**
 * The placement radius of `loraDir.py` for an experiment: nodes are uniform in
 * the disc of this radius around the base station (its placement draws
 * `b = max(u1, u2)`, `a = min(u1, u2)`, r = b·maxDist, θ = 2π·a/b, which is
 * uniform by area). See {@link lorasimMinSensitivityDbm} for the sensitivity it uses.
 */
export function lorasimMaxDistanceM(experiment: number): number {
  return lorasimRadiusForSensitivityM(lorasimMinSensitivityDbm(experiment))
}

/**
 * LoRaSim's TX supply current (mA) by TX power −2..20 dBm (`loraDir.py` `TX`
 * array, SX1272 datasheet values) at 3.0 V (`V = 3.0`).
 */
export const LORASIM_TX_CURRENT_MA: readonly number[] = [22, 22, 22, 23, 24, 24, 24, 25, 25, 25, 25, 26, 31, 32, 34, 35, 44, 82, 85, 90, 105, 115, 125]
/** LoRaSim's supply voltage (V). */
export const LORASIM_VOLTAGE_V = 3.0

/** Base-station counts `loraDirMulBS.py` can place (its `myBS` has a layout for these only; others exit). */
export const LORASIM_MULTI_BS_COUNTS = [1, 2, 3, 4, 6, 8, 24] as const
/** A base-station count of `loraDirMulBS.py`. */
export type LorasimBaseStationCount = (typeof LORASIM_MULTI_BS_COUNTS)[number]

/**
 * `loraDirMulBS.py`'s `minsensi` for an experiment: it sizes the area and is
 * also the loss threshold of every packet copy (`self.lost = self.rssi <
 * minsensi`, whatever the copy's SF/BW). Experiments 0, 1, 4: `sensi[5,2]`
 * (−132.25 dBm); 2: −112 dBm; 3 and 5: ⚠ its test is `experiment == [3, 5]`
 * (an int compared with a list, never true), so `minsensi` stays at its
 * initial −200 dBm: the area is huge and no copy is ever lost.
 */
export function lorasimMultiBsMinSensitivityDbm(experiment: number): number {
  if (experiment === 0 || experiment === 1 || experiment === 4) return LORASIM_SENSITIVITY_DBM[12]![1]
  if (experiment === 2) return LORASIM_SF6_RANGE_SENSITIVITY_DBM
  return -200
}

/**
 * The area of `loraDirMulBS.py`: `maxDist` from its `minsensi` (as
 * {@link lorasimRadiusForSensitivityM}), and the rectangle the nodes are drawn in,
 * `maxX = 2·maxDist·sin 60°` (= √3·maxDist) by `maxY = 2·maxDist·sin 30°` (= maxDist).
 */
export function lorasimMultiBsArea(experiment: number): { readonly maxDistM: number; readonly maxXM: number; readonly maxYM: number } {
  const maxDistM = lorasimRadiusForSensitivityM(lorasimMultiBsMinSensitivityDbm(experiment))
  return { maxDistM, maxXM: 2 * maxDistM * Math.sin(60 * (Math.PI / 180)), maxYM: 2 * maxDistM * Math.sin(30 * (Math.PI / 180)) }
}
