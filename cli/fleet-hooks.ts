import type { Simulation } from "../sim/index.ts"
import { fleetMetrics, fleetReport, type Fleet, type FleetReport } from "../stack/fleet/index.ts"
import { fleetCharts, fleetTables } from "./report/fleet-charts.ts"
import type { ScenarioHooks } from "./scenario.ts"

/**
 * The scenario hooks of a fleet: summary metrics, one `devices.csv` row per
 * device, the fleet charts and tables of `report.html`. The report is built
 * once per end time; `extra` adds scenario-specific metrics.
 */
export function fleetHooks(world: Simulation, fleet: Fleet, extra?: (r: FleetReport) => Record<string, number>): ScenarioHooks & { report(): FleetReport } {
  let cached: { at: number; report: FleetReport } | undefined
  const report = (): FleetReport => {
    if (cached === undefined || cached.at !== world.now) cached = { at: world.now, report: fleetReport(fleet, world.now) }
    return cached.report
  }
  return {
    report,
    finish: () => {
      const r = report()
      world.log("fleet", "fleet.state", { devices: r.overall.devices, sent: r.overall.sent, delivered: r.overall.delivered, frames: r.overall.frames, fingerprint: fleet.fingerprint() })
    },
    metrics: () => ({ ...fleetMetrics(report()), ...(extra === undefined ? {} : extra(report())) }),
    devices: () => report().devices as unknown as Record<string, string | number>[],
    charts: () => fleetCharts(report()),
    tables: () => fleetTables(report()),
  }
}
