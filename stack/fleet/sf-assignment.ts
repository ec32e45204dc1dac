import type { FleetMedium } from "../../radio/index.ts"
import { LORASIM_SENSITIVITY_DBM, timeOnAirUs } from "../../radio/index.ts"
import type { RngBank } from "../../sim/index.ts"
import type { SfAssignment } from "./spec.ts"
import type { Region } from "../lorawan/index.ts"
import { drOfUplink } from "../lorawan/mac/index.ts"
import { deviceTxPowerDbm } from "../lorawan/index.ts"

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
 * The uplink DR a LoRaWAN device of `region` starts with, among `drs` (the
 * region's assignable DRs, slowest first: `uplinkDataRates`):
 * - `fixed`: the DR whose SF is `fixedSf` at 125 kHz (`drOfUplink`);
 * - `random`: uniform over `drs` (the device's own stream);
 * - `smallest`: the fastest DR whose required link gain `minGainDb[dr]` the
 *   device's best link has — for data, the gain its uplink needs to clear the
 *   gateway sensitivity at its power (LoRaSim experiment 3, ns-3's
 *   `SetSpreadingFactorsUp`, as {@link initialSf}); for a join DR, also the gain
 *   the RX1 JoinAccept needs to clear the device's sensitivity (the network
 *   server answers in RX1 whenever a gateway can, so a device that cannot hear
 *   RX1 at its join DR never joins); the slowest DR when none does.
 * - `adr`: the slowest; the network server's ADR moves it after the join.
 */
export function initialDr(how: SfAssignment, fixedSf: number | undefined, region: Region, drs: readonly number[], medium: FleetMedium, d: number, minGainDb: ArrayLike<number>, bank: RngBank, i: number): number {
  if (how === "fixed") {
    const dr = drOfUplink(region, fixedSf ?? 12, 125_000)
    return dr < 0 ? drs[0]! : dr
  }
  if (how === "random") return drs[drs.length - 1 - bank.below(i, drs.length)]!
  if (how === "adr") return drs[0]!
  const gain = medium.bestLinkGainDb(d)
  for (let j = drs.length - 1; j >= 0; j--) if (gain >= minGainDb[drs[j]!]!) return drs[j]!
  return drs[0]!
}

/**
 * The TX power index a LoRaWAN device starts with: 0 (the MAC's default, maximum
 * power), or with a group `txPowerDbm` the highest power not above it
 * (`deviceTxPowerDbm`); the largest index when even that is above.
 */
export function initialTxPowerIndex(region: Region, txPowerDbm: number | undefined): number {
  if (txPowerDbm === undefined) return 0
  for (let k = 0; k <= region.maxTxPowerIndex; k++) if (deviceTxPowerDbm(region, k) <= txPowerDbm) return k
  return region.maxTxPowerIndex
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
