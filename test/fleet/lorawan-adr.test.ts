import { describe, expect, test } from "vitest"
import { Simulation, hours, minutes } from "../../sim/index.ts"
import { ADR_ACK_DELAY, ADR_ACK_LIMIT, EU868, deviceTxPowerDbm } from "../../stack/lorawan/index.ts"
import { Fleet, type ResolvedDeviceGroupSpec } from "../../stack/fleet/index.ts"

function build(over: Partial<ResolvedDeviceGroupSpec>, trace = false) {
  const world = new Simulation({ seed: 11, ...(trace ? { trace: { sink: { kind: "memory" as const } } } : {}) })
  const group: ResolvedDeviceGroupSpec = { name: "a", kind: "lorawan", count: 6, placement: { kind: "disc", radiusM: 8 }, traffic: { kind: "periodic", periodS: 20 }, payloadBytes: 10, sf: "adr", ...over }
  const fleet = new Fleet(world, { preset: "fieldnet", gateways: { kind: "single" }, groups: [group] }, { traceFrames: trace })
  return { world, fleet, lw: fleet.lorawanGroup(0)! }
}

type Line = { t: number; node: string; kind: string; dr?: number; power?: number; fcnt?: number }
const parse = (world: Simulation): Line[] => world.trace.lines.map((l) => JSON.parse(l) as Line)

describe("ADR on a fleet", () => {
  test("devices a few metres from the gateway reach the fastest DR and then lower their TX power (LinkADRReq sets both)", () => {
    const { world, fleet, lw } = build({}, true)
    world.run({ until: hours(2) })
    expect(lw.counters.adrCommands).toBeGreaterThanOrEqual(lw.count)
    const levels = Array.from({ length: EU868.maxTxPowerIndex + 1 }, (_, k) => deviceTxPowerDbm(EU868, k))
    const lines = parse(world)
    for (let i = 0; i < lw.count; i++) {
      expect(lw.dr[i]).toBe(EU868.adrMaxDr)
      expect(fleet.groups[0]!.sf[i]).toBe(7)
      // Powers used (fleet.tx `power`, conducted dBm): all of the region's index levels, some below full power.
      const d = String(fleet.medium.deviceCount - lw.count + i)
      const powers = new Set(lines.filter((o) => o.kind === "fleet.tx" && o.node === d).map((o) => o.power!))
      for (const p of powers) expect(levels).toContain(p)
      expect(Math.min(...powers)).toBeLessThan(levels[0]!)
    }
  })

  test("with the gateway gone, the ADR back-off: ADRACKReq and full power after 64 uplinks, then one DR lower every 32nd uplink down to DR0", () => {
    const { world, fleet, lw } = build({ count: 2 }, true)
    world.run({ until: hours(1) })
    for (let i = 0; i < lw.count; i++) expect(lw.dr[i]).toBe(5)
    const downAt = world.now
    fleet.medium.setGatewayUp(0, false)
    world.run({ until: downAt + hours(2) })
    const lines = parse(world).filter((o) => o.t > downAt && o.kind === "lorawan.up.tx" && o.node === "a/0")
    for (let i = 0; i < lw.count; i++) {
      expect(lw.dr[i]).toBe(0)
      expect(lw.txPowerIndex(i)).toBe(0)
    }
    // Uplinks at each DR between the drops: DR5 holds until ADR_ACK_CNT reaches LIMIT + DELAY + 1, then 32 per step.
    const runs: number[] = []
    let prev = -1
    for (const o of lines) {
      if (o.dr !== prev) runs.push(0)
      runs[runs.length - 1]!++
      prev = o.dr!
    }
    const drs = [...new Set(lines.map((o) => o.dr))]
    expect(drs).toEqual([5, 4, 3, 2, 1, 0])
    // Between the first and the last DR, every DR lasted exactly ADR_ACK_DELAY uplinks.
    expect(runs.slice(1, -1)).toEqual([ADR_ACK_DELAY, ADR_ACK_DELAY, ADR_ACK_DELAY, ADR_ACK_DELAY])
    expect(runs[0]).toBeLessThanOrEqual(ADR_ACK_LIMIT + ADR_ACK_DELAY + 1)
    // Full power from the 64th uplink without a downlink on.
    const power = parse(world).filter((o) => o.t > downAt + minutes(64 * 20 / 60 + 2) && o.kind === "fleet.tx").map((o) => o.power)
    for (const p of power) expect(p).toBe(deviceTxPowerDbm(EU868, 0))
  })
})
