import type { Micros } from "../../sim/index.ts"
import { FLEET_LOSS_REASONS, type FleetLossReason } from "../../radio/index.ts"
import type { Fleet } from "./fleet.ts"
import { SigfoxGroup } from "./sigfox-group.ts"

/**
 * Battery the lifetime projection assumes unless told otherwise: one AA-size
 * lithium-thionyl chloride cell, 2.6 Ah at 3.6 V (Saft LS14500 class; ⚠ the
 * datasheet was not opened here, the figures are the commonly quoted ones).
 */
export const DEFAULT_BATTERY = { capacityMah: 2600, voltageV: 3.6 } as const

/** Delivery over a set of devices. */
export interface DeliveryRow {
  readonly devices: number
  readonly sent: number
  readonly delivered: number
  readonly ratio: number
}

/** One device's line of the report (`devices.csv`). */
export interface FleetDeviceRow {
  readonly id: string
  readonly group: string
  readonly kind: string
  readonly x_m: number
  readonly y_m: number
  readonly distance_m: number
  readonly sf: number
  readonly sent: number
  readonly delivered: number
  readonly delivery_ratio: number
  readonly frames: number
  readonly frames_delivered: number
  readonly dropped: number
  readonly airtime_s: number
  readonly energy_j: number
  readonly battery_years: number
  readonly join_s: number
}

/** Everything a planner reads from a fleet run. */
export interface FleetReport {
  readonly preset: string
  readonly elapsedS: number
  readonly overall: DeliveryRow & { readonly frames: number; readonly framesDelivered: number }
  readonly byGroup: readonly (DeliveryRow & { readonly name: string; readonly kind: string; readonly airtimeSPerDevice: number; readonly energyJPerDevice: number; readonly batteryYearsMedian: number; readonly dropped: number; readonly joinMeanS: number; readonly joinP95S: number; readonly joined: number })[]
  readonly bySf: readonly (DeliveryRow & { readonly sf: number; readonly frames: number; readonly framesDelivered: number; readonly frameRatio: number })[]
  readonly byDistance: readonly (DeliveryRow & { readonly fromM: number; readonly toM: number })[]
  readonly byGateway: readonly { readonly id: string; readonly received: number; readonly downlinks: number; readonly lost: Record<FleetLossReason, number> }[]
  readonly losses: Record<FleetLossReason, number>
  /** Per channel: airtime and offered load (airtime per second of channel time, ALOHA's G; above 1 when frames overlap). */
  readonly channels: readonly { readonly freqHz: number; readonly airtimeS: number; readonly load: number }[]
  /** Channel occupancy over time: offered load per LoRa channel (mean over channels) per bin. */
  readonly occupancy: readonly { readonly tS: number; readonly load: number }[]
  readonly sigfox: readonly { readonly group: string; readonly frames: number; readonly messages: number; readonly successWith: readonly number[] }[]
  readonly downlinks: { readonly booked: number; readonly refused: number }
  readonly devices: readonly FleetDeviceRow[]
  readonly gateways: readonly { readonly id: string; readonly x: number; readonly y: number }[]
  readonly stations: readonly { readonly id: string; readonly x: number; readonly y: number }[]
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000
const ratio = (a: number, b: number): number => (b === 0 ? 0 : r3(a / b))

/** Builds the report of `fleet` at time `now` (settles the frames that have ended first). */
export function fleetReport(fleet: Fleet, now: Micros, battery = DEFAULT_BATTERY): FleetReport {
  const m = fleet.medium
  m.flush()
  const elapsedS = now / 1e6
  const batteryJ = (battery.capacityMah / 1000) * 3600 * battery.voltageV
  const gw = fleet.gatewaySites
  const st = fleet.stationSites.length > 0 ? fleet.stationSites : gw
  const devices: FleetDeviceRow[] = []
  const byGroup: FleetReport["byGroup"][number][] = []
  const sigfox: FleetReport["sigfox"][number][] = []
  for (const g of fleet.groups) {
    const sites = g.spec.kind === "sigfox" ? st : gw
    let sent = 0
    let delivered = 0
    let air = 0
    let joules = 0
    let dropped = 0
    const lifetimes: number[] = []
    const joins: number[] = []
    for (let i = 0; i < g.count; i++) {
      const x = g.x[i]!
      const y = g.y[i]!
      let dist = Infinity
      for (const s of sites) dist = Math.min(dist, Math.hypot(x - s.x, y - s.y))
      const e = g.energyJ(i, now)
      const years = e <= 0 || elapsedS <= 0 ? Infinity : batteryJ / (e / elapsedS) / (365.25 * 86400)
      const join = g.joinDelayUs?.[i] ?? NaN
      if (!Number.isNaN(join)) joins.push(join / 1e6)
      const ms = g.msgSent[i]!
      const md = g.messagesDelivered(i)
      sent += ms
      delivered += md
      air += g.airtimeUs(i)
      joules += e
      dropped += g.msgDropped[i]!
      lifetimes.push(years)
      devices.push({
        id: `${g.spec.name}/${i}`,
        group: g.spec.name,
        kind: g.spec.kind,
        x_m: Math.round(x * 10) / 10,
        y_m: Math.round(y * 10) / 10,
        distance_m: Math.round(dist),
        sf: g.sf[i]!,
        sent: ms,
        delivered: md,
        delivery_ratio: ratio(md, ms),
        frames: g.framesSent(i),
        frames_delivered: g.framesDelivered(i),
        dropped: g.msgDropped[i]!,
        airtime_s: r3(g.airtimeUs(i) / 1e6),
        energy_j: r3(e),
        battery_years: Number.isFinite(years) ? Math.round(years * 100) / 100 : -1,
        join_s: Number.isNaN(join) ? -1 : r3(join / 1e6),
      })
    }
    joins.sort((a, b) => a - b)
    lifetimes.sort((a, b) => a - b)
    byGroup.push({
      name: g.spec.name,
      kind: g.spec.kind,
      devices: g.count,
      sent,
      delivered,
      ratio: ratio(delivered, sent),
      airtimeSPerDevice: g.count === 0 ? 0 : r3(air / 1e6 / g.count),
      energyJPerDevice: g.count === 0 ? 0 : r3(joules / g.count),
      batteryYearsMedian: lifetimes.length === 0 || !Number.isFinite(lifetimes[lifetimes.length >> 1]!) ? -1 : Math.round(lifetimes[lifetimes.length >> 1]! * 100) / 100,
      dropped,
      joined: joins.length,
      joinMeanS: joins.length === 0 ? -1 : r3(joins.reduce((a, b) => a + b, 0) / joins.length),
      joinP95S: joins.length === 0 ? -1 : r3(joins[Math.min(joins.length - 1, Math.floor(joins.length * 0.95))]!),
    })
    if (g instanceof SigfoxGroup) {
      const sg = g
      sigfox.push({ group: g.spec.name, frames: sg.frames, messages: sg.finished, successWith: sg.successWith.slice(0, sg.frames).map((n) => ratio(n, sg.finished)) })
    }
  }
  const sent = byGroup.reduce((a, g) => a + g.sent, 0)
  const delivered = byGroup.reduce((a, g) => a + g.delivered, 0)
  let frames = 0
  let framesDelivered = 0
  for (const d of devices) {
    frames += d.frames
    framesDelivered += d.frames_delivered
  }
  const bySf: FleetReport["bySf"][number][] = []
  for (let sf = 6; sf <= 12; sf++) {
    const ds = devices.filter((d) => d.kind !== "sigfox" && d.sf === sf)
    const f = m.sentBySf[sf]!
    if (ds.length === 0 && f === 0) continue
    const s = ds.reduce((a, d) => a + d.sent, 0)
    const dl = ds.reduce((a, d) => a + d.delivered, 0)
    bySf.push({ sf, devices: ds.length, sent: s, delivered: dl, ratio: ratio(dl, s), frames: f, framesDelivered: m.deliveredBySf[sf]!, frameRatio: ratio(m.deliveredBySf[sf]!, f) })
  }
  const totals = m.totals
  const binS = m.occupancyBinUs / 1e6
  const nCh = Math.max(1, m.channelsHz.length)
  return {
    preset: fleet.preset.name,
    elapsedS,
    overall: { devices: devices.length, sent, delivered, ratio: ratio(delivered, sent), frames, framesDelivered },
    byGroup,
    bySf,
    byDistance: distanceBands(devices),
    byGateway: m.gatewayCounters.map((c) => ({ id: c.id, received: c.received, downlinks: c.downlinks, lost: c.lost })),
    losses: totals.lost,
    channels: m.channelsHz.map((f, c) => ({ freqHz: f, airtimeS: r3(m.airtimeByChannelUs[c]! / 1e6), load: elapsedS === 0 ? 0 : r3(m.airtimeByChannelUs[c]! / 1e6 / elapsedS) })),
    occupancy: m.occupancyUs.map((us, k) => ({ tS: k * binS, load: r3(us / 1e6 / (binS * nCh)) })),
    sigfox,
    downlinks: { booked: fleet.planner.bookedCount, refused: fleet.planner.refused },
    devices,
    gateways: fleet.gatewaySites.map((g) => ({ id: g.id, x: g.x, y: g.y })),
    stations: fleet.stationSites.map((g) => ({ id: g.id, x: g.x, y: g.y })),
  }
}

/** Delivery in ten distance bands of a round width (distance to the nearest gateway/base station). */
function distanceBands(devices: readonly FleetDeviceRow[]): FleetReport["byDistance"][number][] {
  const max = devices.reduce((a, d) => (Number.isFinite(d.distance_m) ? Math.max(a, d.distance_m) : a), 0)
  const width = niceStep(max / 10)
  const bands = new Map<number, { devices: number; sent: number; delivered: number }>()
  for (const d of devices) {
    const k = Math.floor(d.distance_m / width)
    const b = bands.get(k) ?? { devices: 0, sent: 0, delivered: 0 }
    b.devices++
    b.sent += d.sent
    b.delivered += d.delivered
    bands.set(k, b)
  }
  return [...bands.entries()].sort((a, b) => a[0] - b[0]).map(([k, b]) => ({ fromM: k * width, toM: (k + 1) * width, ...b, ratio: ratio(b.delivered, b.sent) }))
}

function niceStep(x: number): number {
  if (!(x > 0)) return 100
  const p = 10 ** Math.floor(Math.log10(x))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p
  return 10 * p
}

/** The flat metrics of a fleet report (summary.json, sweep CSV): overall, per group, per SF, losses, channel, Sigfox. */
export function fleetMetrics(r: FleetReport): Record<string, number> {
  const out: Record<string, number> = {
    devices: r.overall.devices,
    messages_sent: r.overall.sent,
    messages_delivered: r.overall.delivered,
    delivery_ratio: r.overall.ratio,
    frames_sent: r.overall.frames,
    frame_delivery_ratio: ratio(r.overall.framesDelivered, r.overall.frames),
  }
  for (const g of r.byGroup) {
    out[`${g.name}.delivery_ratio`] = g.ratio
    out[`${g.name}.airtime_s_per_device`] = g.airtimeSPerDevice
    out[`${g.name}.energy_j_per_device`] = g.energyJPerDevice
    out[`${g.name}.battery_years_median`] = g.batteryYearsMedian
    if (g.dropped > 0) out[`${g.name}.dropped`] = g.dropped
    if (g.joined > 0) {
      out[`${g.name}.joined`] = g.joined
      out[`${g.name}.join_mean_s`] = g.joinMeanS
      out[`${g.name}.join_p95_s`] = g.joinP95S
    }
  }
  for (const s of r.bySf) out[`sf${s.sf}.frame_delivery_ratio`] = s.frameRatio
  for (const k of FLEET_LOSS_REASONS) if (r.losses[k] > 0) out[`lost.${k}`] = r.losses[k]
  if (r.channels.length > 0) out["channel_load_max"] = Math.max(...r.channels.map((c) => c.load))
  if (r.downlinks.booked + r.downlinks.refused > 0) {
    out["downlinks"] = r.downlinks.booked
    out["downlinks_refused"] = r.downlinks.refused
  }
  for (const s of r.sigfox) s.successWith.forEach((v, k) => (out[`${s.group}.success_${k + 1}_frame${k === 0 ? "" : "s"}`] = v))
  return out
}
