import type { FleetMedium } from "../../radio/index.ts"
import { LORASIM_SENSITIVITY_DBM, timeOnAirUs } from "../../radio/index.ts"
import type { RngBank } from "../../sim/index.ts"
import type { SfAssignment } from "./spec.ts"

/**
 * The SF a device starts with:
 * - `fixed`: the group's `fixedSf`;
 * - `random`: uniform in 7..12 (the device's own stream);
 * - `smallest`: the smallest SF whose gateway sensitivity the device's best
 *   link clears at its TX power (the static assignment of LoRaSim experiment 3
 *   and ns-3's `LorawanMacHelper::SetSpreadingFactorsUp`); SF12 when nothing reaches;
 * - `adr`: SF12 (DR0), then the network server's ADR moves it.
 */
export function initialSf(how: SfAssignment, fixedSf: number | undefined, medium: FleetMedium, d: number, powerDbm: number, bwHz: number, bank: RngBank, i: number): number {
  if (how === "fixed") return fixedSf ?? 12
  if (how === "random") return 7 + bank.below(i, 6)
  if (how === "adr") return 12
  const rssi = powerDbm + medium.bestLinkGainDb(d)
  for (let sf = 7; sf <= 12; sf++) if (rssi >= medium.gatewaySensitivityDbm(sf, bwHz)) return sf
  return 12
}

/**
 * LoRaSim experiments 3 and 5: over SF 7..12 × BW 125/250/500 kHz, the setting
 * with the smallest airtime whose sensitivity is below the received power
 * (`loraDir.py` `myPacket.__init__`, strict `sensi < Prx`); `undefined` when none
 * reaches (LoRaSim exits there). Returns the setting and its sensitivity.
 */
export function lorasimBestSetting(prxDbm: number, payloadBytes: number): { sf: number; bwHz: number; sensitivityDbm: number } | undefined {
  let best: { sf: number; bwHz: number; sensitivityDbm: number } | undefined
  let bestAir = Infinity
  for (let sf = 7; sf <= 12; sf++) {
    const row = LORASIM_SENSITIVITY_DBM[sf]!
    for (let j = 0; j < 3; j++) {
      if (!(row[j]! < prxDbm)) continue
      const bwHz = [125_000, 250_000, 500_000][j]!
      const air = timeOnAirUs(payloadBytes, { sf, bwHz, cr: 1, preamble: 8, implicitHeader: false, crc: true })
      if (air < bestAir) {
        bestAir = air
        best = { sf, bwHz, sensitivityDbm: row[j]! }
      }
    }
  }
  return best
}
