import { describe, expect, test } from "vitest"
import { fc, test as fcTest } from "@fast-check/vitest"
import { Simulation, hours } from "../../sim/index.ts"
import { AS923, AU915, EU868, REGIONS, US915, deviceTxPowerDbm, joinDataRate, subBandChannelIndices, uplinkDataRates } from "../../stack/lorawan/index.ts"
import {
  DEFAULT_SUB_BAND,
  Fleet,
  FleetSpecError,
  LORAWAN_REGION_NAMES,
  decodeFleetSpec,
  lorawanChannels,
  type ResolvedDeviceGroupSpec,
} from "../../stack/fleet/index.ts"

const near = { kind: "disc" as const, radiusM: 100 }

function lorawan(over: Partial<ResolvedDeviceGroupSpec> = {}): ResolvedDeviceGroupSpec {
  return { name: "m", kind: "lorawan", count: 10, placement: near, traffic: { kind: "periodic", periodS: 300 }, payloadBytes: 10, ...over }
}

function build(groups: ResolvedDeviceGroupSpec[], trace = false) {
  const world = new Simulation({ seed: 3, ...(trace ? { trace: { sink: { kind: "memory" as const } } } : {}) })
  const fleet = new Fleet(world, { preset: "fieldnet", gateways: { kind: "single" }, groups }, { traceFrames: trace })
  return { world, fleet }
}

const mhz = (hz: number) => hz / 1e6

describe("region channel plans", () => {
  test("the spec's region names are exactly the regions stack/lorawan models", () => {
    expect([...LORAWAN_REGION_NAMES].sort()).toEqual(Object.keys(REGIONS).sort())
  })

  test("a fixed plan's sub-band n: eight 125 kHz channels 8(n−1)… and the 500 kHz channel 64 + n − 1", () => {
    expect(subBandChannelIndices(US915, 2)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 65])
    expect(lorawanChannels(US915, 2).map((c) => mhz(c.frequencyHz))).toEqual([903.9, 904.1, 904.3, 904.5, 904.7, 904.9, 905.1, 905.3, 904.6])
    expect(lorawanChannels(AU915, 2).map((c) => mhz(c.frequencyHz))).toEqual([916.8, 917, 917.2, 917.4, 917.6, 917.8, 918, 918.2, 917.5])
    expect(lorawanChannels(US915, 1).map((c) => mhz(c.frequencyHz))).toEqual([902.3, 902.5, 902.7, 902.9, 903.1, 903.3, 903.5, 903.7, 903])
    // Dynamic plans: the default channels (or the fleet's override).
    expect(lorawanChannels(EU868, 2).map((c) => mhz(c.frequencyHz))).toEqual([868.1, 868.3, 868.5])
    expect(lorawanChannels(AS923, 5).map((c) => mhz(c.frequencyHz))).toEqual([923.2, 923.4])
    expect(lorawanChannels(EU868, 1, [867_100_000]).map((c) => [c.frequencyHz, c.minDr, c.maxDr])).toEqual([[867_100_000, 0, 5]])
  })

  test("uplink DRs: 125 kHz LoRa DRs from the region's lowest to the ADR maximum", () => {
    expect(uplinkDataRates(EU868)).toEqual([0, 1, 2, 3, 4, 5])
    expect(uplinkDataRates(US915)).toEqual([0, 1, 2, 3])
    expect(uplinkDataRates(AS923)).toEqual([2, 3, 4, 5])
    expect(uplinkDataRates(AU915)).toEqual([0, 1, 2, 3, 4, 5])
  })

  test("TX power index → conducted power: floor(EIRP − antenna gain), clamped to PA_BOOST's 2..20 dBm", () => {
    expect(deviceTxPowerDbm(EU868, 0)).toBe(13)
    expect(deviceTxPowerDbm(EU868, 7)).toBe(2) // 16 − 14 − 2.15 → −1 → 2
    expect(deviceTxPowerDbm(US915, 0)).toBe(20) // 30 dBm asked, the PA gives 20
    expect(deviceTxPowerDbm(US915, 5)).toBe(20)
    expect(deviceTxPowerDbm(US915, 7)).toBe(16)
    expect(deviceTxPowerDbm(AU915, 10)).toBe(7) // 30 − 20 − 2.15 → 7
  })
})

describe("fleets in US915, AU915 and AS923", () => {
  test("US915 (default sub-band 2): gateways listen to the sub-band, devices join at DR0 and send only there, RX1 on 923.3 + 0.6·(ch mod 8) MHz", () => {
    const { world, fleet } = build([lorawan({ region: "US915" })], true)
    expect(DEFAULT_SUB_BAND).toBe(2)
    const sub = lorawanChannels(US915, 2).map((c) => c.frequencyHz)
    expect([...fleet.medium.gateways[0]!.channelsHz].sort()).toEqual([...sub].sort())
    const booked: { freq: number; dr: number }[] = []
    const book = fleet.planner.book.bind(fleet.planner)
    fleet.planner.book = (g, at, toa, freq, dr, power, client, device) => {
      const s = book(g, at, toa, freq, dr, power, client, device)
      if (s >= 0) booked.push({ freq, dr })
      return s
    }
    world.run({ until: hours(1) })
    const lw = fleet.lorawanGroup(0)!
    expect(lw.counters.joinAccepts).toBe(10)
    const used = fleet.medium.channelsHz.filter((_, c) => fleet.medium.airtimeByChannelUs[c]! > 0)
    expect(used.length).toBeGreaterThan(4)
    for (const f of used) expect(sub).toContain(f)
    // Pycom forces a US915 join to DR0 unless DR4 is asked (RegionUS915ForceJoinDataRate).
    const joins = world.trace.lines.map((l) => JSON.parse(l) as { kind: string; dr?: number }).filter((o) => o.kind === "lorawan.join.tx")
    expect(joins.length).toBe(lw.counters.joinRequests)
    for (let i = 0; i < lw.count; i++) expect(joinDataRate(US915, 1, lw.requestedJoinDr(i))).toBe(0)
    for (const j of joins) expect(j.dr).toBe(0)
    // Downlinks (JoinAccepts in RX1: DR10 = SF10/500 kHz) on the RX1 channels 923.3..927.5 MHz or RX2 923.3 MHz DR8.
    expect(booked.length).toBeGreaterThanOrEqual(10)
    for (const b of booked) {
      expect(b.freq).toBeGreaterThanOrEqual(923_300_000)
      expect(b.freq).toBeLessThanOrEqual(927_500_000)
      expect((b.freq - 923_300_000) % 600_000).toBe(0)
      expect([8, 10, 11, 12, 13]).toContain(b.dr)
    }
    // Devices transmit at TX power index 0: 20 dBm on the SX1276's PA_BOOST.
    const tx = world.trace.lines.map((l) => JSON.parse(l) as { kind: string; power?: number }).filter((o) => o.kind === "fleet.tx")
    for (const t of tx) expect(t.power).toBe(20)
  })

  test("US915 with joinDr 4: JoinRequests at DR4 (SF8, 500 kHz) on the sub-band's 500 kHz channel", () => {
    // Within 30 m: the RX1 JoinAccept at DR13 (SF7, 500 kHz) must reach the device too.
    const { world, fleet } = build([lorawan({ region: "US915", subBand: 3, joinDr: 4, count: 3, placement: { kind: "disc", radiusM: 30 } })], true)
    world.run({ until: hours(1) })
    const lines = world.trace.lines.map((l) => JSON.parse(l) as { kind: string; dr?: number; freq?: number; node: string; sf?: number; bw?: number })
    const joins = lines.filter((o) => o.kind === "lorawan.join.tx")
    expect(joins.length).toBeGreaterThanOrEqual(3)
    for (const j of joins) {
      expect(j.dr).toBe(4)
      expect(j.freq).toBe(903_000_000 + 1_600_000 * 2) // channel 66
    }
    expect(lines.some((o) => o.kind === "fleet.tx" && o.sf === 8 && o.bw === 500_000)).toBe(true)
    expect(fleet.lorawanGroup(0)!.counters.joinAccepts).toBe(3)
  })

  test("AU915 and AS923 fleets join and deliver on their own channels", () => {
    for (const [region, channels] of [
      ["AU915", lorawanChannels(AU915, 2)],
      ["AS923", lorawanChannels(AS923, 2)],
    ] as const) {
      const { world, fleet } = build([lorawan({ region })])
      world.run({ until: hours(1) })
      const lw = fleet.lorawanGroup(0)!
      expect(lw.counters.joinAccepts).toBe(10)
      expect(lw.messagesDelivered(0) + lw.messagesDelivered(1)).toBeGreaterThan(0)
      const used = fleet.medium.channelsHz.filter((_, c) => fleet.medium.airtimeByChannelUs[c]! > 0)
      for (const f of used) expect(channels.map((c) => c.frequencyHz)).toContain(f)
    }
    // AS923 under Pycom's dwell limit: ADR devices start at DR2 (SF10), the lowest usable DR.
    const { fleet } = build([lorawan({ region: "AS923", sf: "adr" })])
    expect(Array.from(fleet.lorawanGroup(0)!.dr)).toEqual(Array(10).fill(2))
    expect(Array.from(fleet.groups[0]!.sf)).toEqual(Array(10).fill(10))
  })
})

describe("spec: region fields", () => {
  const group = { name: "m", kind: "lorawan", count: 1, placement: { kind: "disc", radiusM: 100 }, traffic: { kind: "poisson", meanS: 60 }, payloadBytes: 10 }
  const spec = (over: Record<string, unknown>, more: Record<string, unknown>[] = []) => ({ preset: "fieldnet", gateways: { kind: "single" }, groups: [{ ...group, ...over }, ...more] })
  const error = (input: unknown): string => {
    try {
      decodeFleetSpec(input)
    } catch (e) {
      expect(e).toBeInstanceOf(FleetSpecError)
      return (e as Error).message
    }
    throw new Error("decoded without an error")
  }
  test("valid region specs decode unchanged (no defaults added)", () => {
    expect(decodeFleetSpec(spec({ region: "US915", subBand: 8, joinDr: 4 })).groups[0]).toMatchObject({ region: "US915", subBand: 8, joinDr: 4 })
    expect(decodeFleetSpec(spec({})).groups[0]!.region).toBeUndefined()
  })
  const cases: [string, Record<string, unknown>, string][] = [
    ["unknown region", { region: "EU433" }, 'fleet.groups[0].region: Expected "EU868" | "US915" | "AS923" | "AU915", got "EU433"'],
    ["sub-band range", { region: "US915", subBand: 9 }, "fleet.groups[0].subBand: Expected a value between 1 and 8, got 9"],
    ["sub-band on a dynamic plan", { subBand: 2 }, "fleet.groups[0].subBand: only for fixed channel plans (US915, AU915; this group is EU868)"],
    ["join DR of the region", { region: "US915", joinDr: 2 }, "fleet.groups[0].joinDr: Expected one of 0, 4 (US915 lora.join dr), got 2"],
    ["join DR for ABP", { joinDr: 0, activation: "abp" }, 'fleet.groups[0].joinDr: only for OTAA groups (activation is "abp")'],
    ["fixed SF outside a US915 uplink DR", { region: "US915", sf: "fixed", fixedSf: 12 }, "fleet.groups[0].fixedSf: SF12 is not a 125 kHz uplink data rate of US915 (SF7..SF10), got 12"],
    ["payload at US915 DR0", { region: "US915", payloadBytes: 12 }, "fleet.groups[0].payloadBytes: Expected a value between 1 and 11 (lorawan at DR0, US915), got 12"],
    ["payload at AS923 DR2", { region: "AS923", payloadBytes: 12 }, "fleet.groups[0].payloadBytes: Expected a value between 1 and 11 (lorawan at DR2, AS923), got 12"],
  ]
  for (const [what, over, message] of cases) test(what, () => expect(error(spec(over))).toBe(message))
  test("region only for lorawan groups; one region per fleet; no channel override on a fixed plan", () => {
    expect(error(spec({ kind: "sigfox", payloadBytes: 1, region: "EU868" }))).toBe("fleet.groups[0].region: only for lorawan groups (this group is sigfox)")
    expect(error(spec({}, [{ ...group, name: "n", region: "US915" }]))).toBe("fleet.groups[1].region: all lorawan groups of a fleet share one region (groups[0] is EU868), got US915")
    expect(error({ ...spec({ region: "AU915" }), regionChannelsHz: [916_800_000] })).toBe("fleet.regionChannelsHz: not for a fixed channel plan (AU915): choose the groups' subBand")
  })
})

describe("sub-band channel sets (property)", () => {
  fcTest.prop([fc.constantFrom(US915, AU915), fc.integer({ min: 1, max: 8 })])("eight 125 kHz channels 200 kHz apart plus one 500 kHz channel inside their span", (region, sb) => {
    const ch = lorawanChannels(region, sb)
    expect(ch.length).toBe(9)
    const narrow = ch.slice(0, 8).map((c) => c.frequencyHz)
    for (let k = 1; k < 8; k++) expect(narrow[k]! - narrow[k - 1]!).toBe(200_000)
    expect(ch.slice(0, 8).every((c) => c.minDr === 0)).toBe(true)
    const wide = ch[8]!
    expect(region.dataRates[wide.minDr]).toMatchObject({ bandwidthHz: 500_000 })
    expect(wide.frequencyHz).toBeGreaterThan(narrow[0]!)
    expect(wide.frequencyHz).toBeLessThan(narrow[7]!)
  })
})
