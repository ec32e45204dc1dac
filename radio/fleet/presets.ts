import type { CaptureRule } from "../capture-rules.ts"
import { LORASIM, NS3_LORAWAN, type LogDistanceParams } from "../propagation.ts"
import { sensitivityDbm } from "../sensitivity.ts"
import { lorasimMultiBsMinSensitivityDbm, lorasimSensitivityDbm } from "./lorasim.ts"

/**
 * How the fleet medium decides whether a locked uplink survives the frames that
 * overlap it at a gateway: one of the shared rule names of `capture-rules.ts`
 * (`goursaud`, `lorasim-simple`, `lorasim-full`, `any-overlap`), the same
 * names and functions as the object path's `InterferenceModel`.
 */
export type FleetCollisionRule = CaptureRule

/** The names of the built-in model presets. */
export type PresetName = "fieldnet" | "lorasim" | "ns3"

/** A model preset: propagation, receiver tables, collision rule and gateway limits, with its source. */
export interface FleetRadioPreset {
  readonly name: PresetName
  readonly propagation: LogDistanceParams
  /** Gateway sensitivity (dBm) by SF and bandwidth. */
  readonly gatewaySensitivityDbm: (sf: number, bwHz: number) => number
  /** End-device sensitivity (dBm), for downlinks. */
  readonly deviceSensitivityDbm: (sf: number, bwHz: number) => number
  readonly collision: FleetCollisionRule
  /** Parallel demodulation paths per gateway (Infinity: no limit, as LoRaSim). */
  readonly gatewayPaths: number
  /** Whether a frame below the gateway's sensitivity still interferes there (LoRaSim: no, it never enters `packetsAtBS`). */
  readonly belowSensitivityInterferes: boolean
  readonly source: string
}

/**
 * fieldnet's default: LoRaSim's log-distance fit (127.41 dB at 40 m, γ 2.08)
 * **with** the paper's σ = 3.57 dB shadowing per link, SX1301 gateways (8 paths,
 * NS3 sensitivity table), SX1276 devices, Goursaud interference (docs/models.md §2.2–2.4).
 */
export const FIELDNET_PRESET: FleetRadioPreset = {
  name: "fieldnet",
  propagation: LORASIM,
  gatewaySensitivityDbm: (sf, bw) => sensitivityDbm("sx1301", sf, bw),
  deviceSensitivityDbm: (sf, bw) => sensitivityDbm("sx1276", sf, bw),
  collision: "goursaud",
  gatewayPaths: 8,
  belowSensitivityInterferes: true,
  source: "Bor et al. MSWiM 2016 path loss with sigma 3.57 dB; SX1301 8 paths and sensitivity (ns-3 gateway-lora-phy.cc); Goursaud & Gorce 2015 SIR matrix",
}

/**
 * LoRaSim as its code `loraDir.py` runs (Bor et al., MSWiM 2016): path loss
 * 127.41 dB at 40 m, γ 2.08, no shadowing (`var = 0`), its measured sensitivity
 * table at the base station, no limit on parallel receptions for delivery
 * (`maxBSReceives` only counts "processed" packets), simple collisions by
 * default (`lorasim-full` selects its full rule), and frames below sensitivity
 * do not interfere.
 */
export const LORASIM_PRESET: FleetRadioPreset = {
  name: "lorasim",
  propagation: { ...LORASIM, sigmaDb: 0, source: "LoRaSim loraDir.py: Lpld0 127.41 dB, d0 40 m, gamma 2.08, var = 0" },
  gatewaySensitivityDbm: lorasimSensitivityDbm,
  deviceSensitivityDbm: lorasimSensitivityDbm,
  collision: "lorasim-simple",
  gatewayPaths: Infinity,
  belowSensitivityInterferes: false,
  source: "LoRaSim loraDir.py (Bor, Roedig, Voigt, Alonso, MSWiM 2016)",
}

/**
 * The ns-3 lorawan module's defaults (signetlabdei/lorawan): log-distance loss
 * with exponent 3.76 and 7.7 dB at 1 m, SX1301 gateway sensitivity with 8
 * reception paths, SX1272 end devices, Goursaud interference (docs/models.md §2.2–2.4).
 */
export const NS3_PRESET: FleetRadioPreset = {
  name: "ns3",
  propagation: NS3_LORAWAN,
  gatewaySensitivityDbm: (sf, bw) => sensitivityDbm("sx1301", sf, bw),
  deviceSensitivityDbm: (sf, bw) => sensitivityDbm("sx1272", sf, bw),
  collision: "goursaud",
  gatewayPaths: 8,
  belowSensitivityInterferes: true,
  source: "ns-3 lorawan: LogDistancePropagationLossModel(3.76, 7.7 dB @ 1 m), gateway-lora-phy.cc, end-device-lora-phy.cc, lora-interference-helper.cc",
}

/** The preset with this name. */
export function fleetPreset(name: PresetName): FleetRadioPreset {
  return name === "lorasim" ? LORASIM_PRESET : name === "ns3" ? NS3_PRESET : FIELDNET_PRESET
}

/**
 * LoRaSim's multi-base-station script `loraDirMulBS.py`: as {@link LORASIM_PRESET}
 * except that every copy of a packet (one per base station) is lost when its
 * RSSI is below the experiment's `minsensi`, whatever its SF/BW
 * (`lorasimMultiBsMinSensitivityDbm`), and a lost copy still sits in the base
 * station's `packetsAtBS`, so it interferes there (`belowSensitivityInterferes`).
 */
export function lorasimMultiBsPreset(experiment: number): FleetRadioPreset {
  const minSensi = lorasimMultiBsMinSensitivityDbm(experiment)
  return {
    ...LORASIM_PRESET,
    gatewaySensitivityDbm: () => minSensi,
    deviceSensitivityDbm: () => minSensi,
    belowSensitivityInterferes: true,
    source: "LoRaSim loraDirMulBS.py (Bor, Roedig, Voigt, Alonso, MSWiM 2016)",
  }
}
