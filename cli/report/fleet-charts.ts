import { FLEET_LOSS_REASONS } from "../../radio/index.ts"
import type { FleetReport } from "../../stack/fleet/report.ts"
import type { ChartSpec } from "./charts.ts"
import type { ReportTable } from "./html.ts"

/** Most devices drawn on the map; larger fleets are drawn by a fixed stride (deterministic) so the page stays small. */
const MAP_POINTS = 4000

/**
 * The charts of a fleet report: delivery vs distance, per-SF delivery bars,
 * airtime CDF per group, channel occupancy over time, and a map of devices
 * coloured by delivery with the gateways and base stations.
 */
export function fleetCharts(r: FleetReport): ChartSpec[] {
  const charts: ChartSpec[] = [
    {
      kind: "line",
      id: "delivery-vs-distance",
      title: "Delivery ratio vs distance to the nearest gateway",
      xLabel: "distance (m)",
      yLabel: "delivery ratio",
      series: [{ name: "all devices", points: r.byDistance.map((b) => [(b.fromM + b.toM) / 2, b.ratio] as const) }],
    },
    {
      kind: "bar",
      id: "delivery-per-sf",
      title: "Frames delivered per spreading factor",
      xLabel: "SF",
      yLabel: "delivery ratio",
      categories: r.bySf.map((s) => `SF${s.sf}`),
      series: [{ name: "frame delivery ratio", values: r.bySf.map((s) => s.frameRatio) }],
    },
    {
      kind: "cdf",
      id: "airtime-cdf",
      title: "Airtime per device",
      xLabel: "airtime (s)",
      series: r.byGroup.map((g) => ({ name: g.name, values: r.devices.filter((d) => d.group === g.name).map((d) => d.airtime_s) })),
    },
    {
      kind: "line",
      id: "channel-occupancy",
      title: "LoRa channel occupancy over time (offered load per channel)",
      xLabel: "time (h)",
      yLabel: "airtime per second",
      step: true,
      series: [{ name: "load", points: r.occupancy.map((o) => [Math.round((o.tS / 3600) * 1000) / 1000, o.load] as const) }],
    },
  ]
  const stride = Math.max(1, Math.ceil(r.devices.length / MAP_POINTS))
  const points: { x: number; y: number; value: number }[] = []
  for (let i = 0; i < r.devices.length; i += stride) {
    const d = r.devices[i]!
    points.push({ x: d.x_m, y: d.y_m, value: d.delivery_ratio })
  }
  charts.push({
    kind: "map",
    id: "map",
    title: stride === 1 ? "Devices by delivery ratio, gateways ▲" : `Devices by delivery ratio (1 in ${stride}), gateways ▲`,
    valueLabel: "delivery",
    min: 0,
    max: 1,
    points,
    markers: [...r.gateways.map((g) => ({ x: g.x, y: g.y, label: g.id })), ...r.stations.map((s) => ({ x: s.x, y: s.y, label: `sigfox ${s.id}` }))],
  })
  return charts
}

/** The tables of a fleet report: groups, SF, distance bands, gateways and losses, Sigfox frames. */
export function fleetTables(r: FleetReport): ReportTable[] {
  const tables: ReportTable[] = [
    {
      title: "Device groups",
      columns: ["group", "kind", "devices", "messages", "delivered", "delivery ratio", "airtime s/device", "energy J/device", "battery years (median)", "dropped", "joined", "join mean s", "join p95 s"],
      rows: r.byGroup.map((g) => [g.name, g.kind, g.devices, g.sent, g.delivered, g.ratio, g.airtimeSPerDevice, g.energyJPerDevice, g.batteryYearsMedian, g.dropped, g.joined, g.joinMeanS, g.joinP95S]),
    },
    {
      title: "Per spreading factor",
      columns: ["SF", "devices", "messages", "delivered", "delivery ratio", "frames", "frames delivered", "frame delivery ratio"],
      rows: r.bySf.map((s) => [s.sf, s.devices, s.sent, s.delivered, s.ratio, s.frames, s.framesDelivered, s.frameRatio]),
    },
    {
      title: "Per distance band (nearest gateway)",
      columns: ["from m", "to m", "devices", "messages", "delivered", "delivery ratio"],
      rows: r.byDistance.map((b) => [b.fromM, b.toM, b.devices, b.sent, b.delivered, b.ratio]),
    },
    {
      title: "Per gateway (frames)",
      columns: ["gateway", "received", "downlinks", ...FLEET_LOSS_REASONS.map((k) => `lost: ${k}`)],
      rows: r.byGateway.map((g) => [g.id, g.received, g.downlinks, ...FLEET_LOSS_REASONS.map((k) => g.lost[k])]),
    },
    {
      title: "Frames lost at every gateway, by reason",
      columns: ["reason", "frames"],
      rows: FLEET_LOSS_REASONS.map((k) => [k, r.losses[k]]),
    },
    {
      title: "Channels",
      columns: ["frequency MHz", "airtime s", "offered load (airtime per second)"],
      rows: r.channels.map((c) => [c.freqHz / 1e6, c.airtimeS, c.load]),
    },
  ]
  if (r.sigfox.length > 0) {
    tables.push({
      title: "Sigfox message success with 1, 2, 3 frames",
      columns: ["group", "frames sent per message", "messages", "success with 1 frame", "with 2", "with 3"],
      rows: r.sigfox.map((s) => [s.group, s.frames, s.messages, s.successWith[0] ?? "", s.successWith[1] ?? "", s.successWith[2] ?? ""]),
    })
  }
  return tables
}
