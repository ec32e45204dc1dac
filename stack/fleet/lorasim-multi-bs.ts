import { lorasimMultiBsArea, lorasimMultiBsPreset, type FleetRadioPreset } from "../../radio/index.ts"
import { lorasimBaseStationSites, type GatewaySite } from "./gateway-layout.ts"
import { FleetSpecError } from "./spec.ts"

/** The world of LoRaSim's multi-base-station script for one experiment and base-station count. */
export interface LorasimMultiBsSetup {
  /** `loraDirMulBS.py`'s loss rule (every copy against `minsensi`; lost copies still interfere). */
  readonly preset: FleetRadioPreset
  /** Its base stations (`myBS`). */
  readonly sites: GatewaySite[]
  /** Its node rectangle (`maxX × maxY`, corner at the origin) and `maxDist`. */
  readonly area: { readonly maxDistM: number; readonly maxXM: number; readonly maxYM: number }
}

/**
 * Sets up `loraDirMulBS.py` (LoRaSim 0.2.1) for `experiment` with `gateways`
 * base stations. Only experiments 0 and 2 are modelled: there every base
 * station's copy of a packet (`myPacket` per BS) has the same settings, so one
 * fleet frame heard by every gateway is the script's packet. ⚠ In experiments
 * 1, 4 and 5 the script draws each copy its own random frequency (1) or
 * SF/BW/CR (4 and 5: it has no override for them), which a fleet frame cannot
 * carry; experiment 3 exits at once (its `minsensi` test never matches, so the
 * area is so large that the first far node "does not reach base station").
 * Those throw a {@link FleetSpecError}.
 */
export function lorasimMultiBsSetup(experiment: number, gateways: number): LorasimMultiBsSetup {
  if (experiment !== 0 && experiment !== 2) {
    const why =
      experiment === 3
        ? "loraDirMulBS.py exits in experiment 3 (its minsensi stays -200 dBm, nodes are placed out of reach: 'does not reach base station')"
        : `loraDirMulBS.py gives each base station's copy of a packet its own random ${experiment === 1 ? "frequency" : "SF/BW/CR"} in experiment ${experiment}; a fleet frame has one setting at every gateway`
    throw new FleetSpecError(`fleet.lorasim.gateways: only experiments 0 and 2 are modelled with several base stations: ${why}`)
  }
  const area = lorasimMultiBsArea(experiment)
  return { preset: lorasimMultiBsPreset(experiment), sites: lorasimBaseStationSites(gateways, area.maxXM, area.maxYM), area }
}
