import { describe, expect, test } from "vitest"
import { Simulation, hours } from "../../sim/index.ts"
import { FLEET_LOSS_REASONS } from "../../radio/index.ts"
import { Fleet, fleetMetrics, fleetReport, type ResolvedFleetSpec } from "../../stack/fleet/index.ts"
import { fleetHooks } from "../../cli/fleet-hooks.ts"

/** Three kinds of groups around three hex gateways, some devices far enough to lose frames. */
const SPEC: ResolvedFleetSpec = {
  preset: "fieldnet",
  gateways: { kind: "hex", count: 3, spacingM: 1500 },
  groups: [
    { name: "meters", kind: "lorawan", count: 80, placement: { kind: "disc", radiusM: 4000 }, traffic: { kind: "periodic", periodS: 600, jitterS: 30 }, payloadBytes: 12, sf: "smallest" },
    { name: "trackers", kind: "lorawan", count: 40, placement: { kind: "clusters", clusters: 4, radiusM: 2000, clusterRadiusM: 300 }, traffic: { kind: "poisson", meanS: 300 }, payloadBytes: 20, sf: "adr", confirmedShare: 0.3 },
    { name: "raw", kind: "lora-raw", count: 60, placement: { kind: "disc", radiusM: 3000 }, traffic: { kind: "poisson", meanS: 120 }, payloadBytes: 20, sf: "random" },
    { name: "alarms", kind: "sigfox", count: 30, placement: { kind: "disc", radiusM: 5000 }, traffic: { kind: "poisson", meanS: 900 }, payloadBytes: 12, sigfoxFrames: 2 },
  ],
}

function run() {
  const world = new Simulation({ seed: 3 })
  const fleet = new Fleet(world, SPEC)
  world.run({ until: hours(3) })
  return { world, fleet, report: fleetReport(fleet, world.now) }
}

describe("fleet report", () => {
  const { world, fleet, report: r } = run()
  const lora = r.devices.filter((d) => d.kind !== "sigfox")

  test("one device row per device, ids group/i, in group order", () => {
    expect(r.devices).toHaveLength(210)
    expect(r.overall.devices).toBe(210)
    expect(r.devices[0]!.id).toBe("meters/0")
    expect(r.devices[80]!.id).toBe("trackers/0")
    expect(r.devices[209]!.id).toBe("alarms/29")
    expect(r.byGroup.map((g) => [g.name, g.devices])).toEqual([
      ["meters", 80],
      ["trackers", 40],
      ["raw", 60],
      ["alarms", 30],
    ])
    expect(r.overall.sent).toBe(r.byGroup.reduce((a, g) => a + g.sent, 0))
    expect(r.overall.delivered).toBe(r.devices.reduce((a, d) => a + d.delivered, 0))
    for (const d of r.devices) {
      expect(d.delivered).toBeLessThanOrEqual(d.sent)
      expect(d.frames_delivered).toBeLessThanOrEqual(d.frames)
    }
  })

  test("distance bands: equal round widths, contiguous order, cover every device and every message", () => {
    const b = r.byDistance
    expect(b.length).toBeGreaterThan(3)
    const width = b[0]!.toM - b[0]!.fromM
    expect([100, 200, 250, 500, 1000]).toContain(width)
    for (let k = 0; k < b.length; k++) {
      expect(b[k]!.toM - b[k]!.fromM).toBe(width)
      if (k > 0) expect(b[k]!.fromM).toBeGreaterThan(b[k - 1]!.fromM)
    }
    expect(b.reduce((a, x) => a + x.devices, 0)).toBe(r.devices.length)
    expect(b.reduce((a, x) => a + x.sent, 0)).toBe(r.overall.sent)
    expect(b.reduce((a, x) => a + x.delivered, 0)).toBe(r.overall.delivered)
    for (const d of r.devices) expect(b.some((x) => d.distance_m >= x.fromM && d.distance_m < x.toM)).toBe(true)
  })

  test("per SF: frames add up to the LoRa frames sent, devices to the LoRa devices", () => {
    const frames = lora.reduce((a, d) => a + d.frames, 0)
    expect(r.bySf.reduce((a, s) => a + s.frames, 0)).toBe(frames)
    expect(r.bySf.reduce((a, s) => a + s.framesDelivered, 0)).toBe(lora.reduce((a, d) => a + d.frames_delivered, 0))
    expect(r.bySf.reduce((a, s) => a + s.devices, 0)).toBe(lora.length)
    expect(fleet.medium.totals.sent).toBe(frames)
    for (const s of r.bySf) {
      expect(s.sf).toBeGreaterThanOrEqual(7)
      expect(s.frameRatio).toBeGreaterThanOrEqual(0)
      expect(s.frameRatio).toBeLessThanOrEqual(1)
    }
  })

  test("gateways and losses: delivered + lost = sent; every delivered frame was received by ≥ 1 gateway", () => {
    const t = fleet.medium.totals
    const lost = FLEET_LOSS_REASONS.reduce((a, k) => a + r.losses[k], 0)
    // Frames still on the air when the run stopped are neither delivered nor lost.
    expect(t.inFlight).toBeLessThan(20)
    expect(t.delivered + lost + t.inFlight).toBe(t.sent)
    expect(r.byGateway.map((g) => g.id)).toEqual(r.gateways.map((g) => g.id))
    expect(r.byGateway).toHaveLength(3)
    const received = r.byGateway.reduce((a, g) => a + g.received, 0)
    expect(received).toBeGreaterThanOrEqual(t.delivered)
    // Frames lost everywhere for a reason were lost at some gateway for it (out-of-range excepted: no gateway saw them).
    for (const k of FLEET_LOSS_REASONS) {
      if (k === "out-of-range") continue
      expect(r.byGateway.reduce((a, g) => a + g.lost[k], 0)).toBeGreaterThanOrEqual(r.losses[k])
    }
    expect(r.byGateway.reduce((a, g) => a + g.downlinks, 0)).toBe(r.downlinks.booked - pendingDownlinks())
    expect(r.losses["below-sensitivity"] + r.losses["out-of-range"]).toBeGreaterThan(0) // the 4 km disc reaches past the gateways
  })

  /** Downlinks booked but not yet started at the end of the run (booked for after `now`). */
  function pendingDownlinks(): number {
    const booked = (fleet.planner as unknown as { booked: number[][] }).booked
    let n = 0
    for (const list of booked) for (let j = 0; j < list.length; j += 2) if (list[j]! > world.now) n++
    return n
  }

  test("channels and occupancy: the airtime per channel adds up to the devices' airtime", () => {
    const air = lora.reduce((a, d) => a + d.airtime_s, 0)
    const ch = r.channels.reduce((a, c) => a + c.airtimeS, 0)
    expect(Math.abs(ch - air)).toBeLessThan(0.001 * lora.length + 0.01)
    expect(r.occupancy).toHaveLength(12) // 3 h in 15-min bins
    expect(r.channels.length).toBeGreaterThanOrEqual(3)
  })

  test("joins, Sigfox and energy are reported per group", () => {
    const meters = r.byGroup[0]!
    expect(meters.joined).toBeGreaterThan(0)
    expect(meters.joined).toBeLessThanOrEqual(80)
    expect(meters.joinMeanS).toBeGreaterThanOrEqual(5)
    expect(meters.joinP95S).toBeGreaterThanOrEqual(meters.joinMeanS * 0.5)
    expect(r.byGroup[2]!.joined).toBe(0) // raw LoRa does not join
    expect(r.sigfox).toHaveLength(1)
    expect(r.sigfox[0]!.frames).toBe(2)
    expect(r.sigfox[0]!.successWith).toHaveLength(2)
    expect(r.sigfox[0]!.successWith[0]!).toBeLessThanOrEqual(r.sigfox[0]!.successWith[1]!)
    for (const g of r.byGroup) expect(g.energyJPerDevice).toBeGreaterThan(0)
  })

  test("fleetMetrics: overall, per group, per SF, losses, channel, downlinks and Sigfox keys", () => {
    const m = fleetMetrics(r)
    for (const k of ["devices", "messages_sent", "messages_delivered", "delivery_ratio", "frames_sent", "frame_delivery_ratio", "channel_load_max", "downlinks", "downlinks_refused"]) expect(m).toHaveProperty(k)
    for (const g of ["meters", "trackers", "raw", "alarms"]) {
      for (const k of ["delivery_ratio", "airtime_s_per_device", "energy_j_per_device", "battery_years_median"]) expect(m).toHaveProperty(`${g}.${k}`)
    }
    expect(m).toHaveProperty("meters.join_mean_s")
    expect(m).not.toHaveProperty("raw.join_mean_s")
    expect(m).toHaveProperty("alarms.success_1_frame")
    expect(m).toHaveProperty("alarms.success_2_frames")
    expect(m).not.toHaveProperty("alarms.success_3_frames")
    for (const s of r.bySf) expect(m[`sf${s.sf}.frame_delivery_ratio`]).toBe(s.frameRatio)
    for (const k of FLEET_LOSS_REASONS) expect(m[`lost.${k}`]).toBe(r.losses[k] > 0 ? r.losses[k] : undefined)
    expect(m.devices).toBe(210)
    for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true)
  })

  test("scenario hooks: one devices.csv row per device, the five charts, the tables", () => {
    const hooks = fleetHooks(world, fleet)
    expect(hooks.devices!()).toHaveLength(210)
    expect(Object.keys(hooks.devices!()[0]!)).toEqual(expect.arrayContaining(["id", "group", "kind", "distance_m", "sf", "sent", "delivered", "battery_years", "join_s"]))
    expect(hooks.charts!().map((c) => c.id)).toEqual(["delivery-vs-distance", "delivery-per-sf", "airtime-cdf", "channel-occupancy", "map"])
    const titles = hooks.tables!().map((t) => t.title)
    expect(titles).toContain("Sigfox message success with 1, 2, 3 frames")
    expect(titles).toContain("Per gateway (frames)")
    expect(hooks.metrics!()).toEqual(fleetMetrics(r))
  })
})
