/**
 * fleet-city (the default scenario of `npm start`): a city-scale LoRaWAN +
 * Sigfox deployment for one day, on the fleet builder.
 * - `meters`: smart meters, class A OTAA, a 12-byte reading every 15 min ± 1 min,
 *   SF chosen as the smallest that reaches (static assignment);
 * - `trackers`: asset trackers, OTAA with ADR, a 20-byte position at
 *   Poisson times (mean 10 min), 10 % of them confirmed, plus burst alarms
 *   (a shared event every ~6 h makes 30 % of them report within 60 s);
 * - `alarms`: Sigfox sensors, 3 frames per 12-byte message, hourly Poisson;
 * around `gateways` LoRaWAN gateways on a hexagonal layout (Sigfox base
 * stations on the same masts). Prints the summary; with `--out DIR` writes the
 * report (charts, tables), devices.csv and manifest.
 *
 *   npm start            # = fieldnet run scenarios/fleet-city.ts --out results/fleet-city
 *   npx fieldnet run scenarios/fleet-city.ts --set preset=ns3 --set devices=6000 --out results/ns3
 *   npx fieldnet sweep scenarios/fleet-city.ts --set devices=1000,3000,10000 --seeds 1..5 --jobs 2
 */
import { Fleet, defineScenario, fleetHooks, param, Schema } from "fieldnet"

const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

export default defineScenario({
  name: "fleet-city",
  description: "3,000 LoRaWAN meters and trackers around 7 gateways plus 500 Sigfox sensors, one day: delivery, airtime, energy, battery life",
  until: "1d",
  params: {
    preset: param(Schema.Literals(["fieldnet", "lorasim", "ns3"]), "fieldnet", "radio model preset"),
    devices: param(Count, 3000, "LoRaWAN devices: meters (periodic, static SF) and trackers (Poisson, ADR, some confirmed, burst alarms)"),
    trackerShare: param(Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1 })), 1 / 3, "share of the LoRaWAN devices that are trackers"),
    sigfox: param(Count, 500, "Sigfox sensors (3 frames per message)"),
    gateways: param(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 200 })), 7, "LoRaWAN gateways (hexagonal layout; Sigfox stations on the same masts)"),
    spacingM: param(Schema.Number.check(Schema.isGreaterThan(0)), 1000, "distance between neighbouring gateways (m)"),
    radiusM: param(Schema.Number.check(Schema.isGreaterThan(0)), 1500, "devices are uniform in a disc of this radius (m)"),
    traceFrames: param(Schema.Boolean, false, "trace every LoRa frame (fleet.tx / fleet.rx / fleet.lost)"),
  },
  build(world, p) {
    const trackers = Math.round(p.devices * p.trackerShare)
    const meters = p.devices - trackers
    const disc = { kind: "disc" as const, radiusM: p.radiusM }
    const fleet = new Fleet(world, {
      preset: p.preset,
      gateways: { kind: "hex", count: p.gateways, spacingM: p.spacingM },
      groups: [
        { name: "meters", kind: "lorawan", count: meters, placement: disc, traffic: { kind: "periodic", periodS: 900, jitterS: 60 }, payloadBytes: 12, sf: "smallest" },
        {
          name: "trackers",
          kind: "lorawan",
          count: trackers,
          placement: { kind: "clusters", clusters: 12, radiusM: p.radiusM, clusterRadiusM: p.radiusM / 6 },
          traffic: { kind: "poisson", meanS: 600 },
          bursts: { meanIntervalS: 6 * 3600, share: 0.3, spreadS: 60 },
          payloadBytes: 20,
          sf: "adr",
          confirmedShare: 0.1,
        },
        { name: "alarms", kind: "sigfox", count: p.sigfox, placement: disc, traffic: { kind: "poisson", meanS: 3600 }, payloadBytes: 12, sigfoxFrames: 3 },
      ],
    }, { traceFrames: p.traceFrames })
    return fleetHooks(world, fleet)
  },
})
