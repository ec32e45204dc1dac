import { describe, expect, test } from "vitest"
import { Simulation, hours, minutes, s } from "../../sim/index.ts"
import { Fleet, JOIN_REQUEST_BYTES, fleetReport, type ResolvedDeviceGroupSpec, type ResolvedFleetSpec, type SigfoxGroup } from "../../stack/fleet/index.ts"

/** A fleet around one gateway at the origin (fieldnet preset unless told). */
function build(groups: ResolvedDeviceGroupSpec[], opts: { seed?: number; trace?: boolean; preset?: ResolvedFleetSpec["preset"] } = {}) {
  const world = new Simulation({ seed: opts.seed ?? 1, ...(opts.trace === true ? { trace: { sink: { kind: "memory" as const } } } : {}) })
  const fleet = new Fleet(world, { preset: opts.preset ?? "fieldnet", gateways: { kind: "single" }, groups }, { traceFrames: opts.trace ?? false })
  return { world, fleet }
}

/** Close enough that every SF reaches both ways despite σ = 3.57 dB shadowing (SF7 uplink ~ −122 dBm at 100 m). */
const near = { kind: "disc" as const, radiusM: 100 }
const sum = (a: ArrayLike<number>): number => {
  let n = 0
  for (let i = 0; i < a.length; i++) n += a[i]!
  return n
}

function lorawan(name: string, over: Partial<ResolvedDeviceGroupSpec> = {}): ResolvedDeviceGroupSpec {
  return { name, kind: "lorawan", count: 20, placement: near, traffic: { kind: "periodic", periodS: 300 }, payloadBytes: 12, ...over }
}

/** Start times of device `d`'s frames of `len` bytes, from the per-frame trace. */
function txTimes(world: Simulation, d: number, len: number): number[] {
  const out: number[] = []
  for (const line of world.trace.lines) {
    const o = JSON.parse(line) as { t: number; node: string; kind: string; len?: number }
    if (o.kind === "fleet.tx" && o.node === String(d) && o.len === len) out.push(o.t)
  }
  return out
}

describe("LoRaWAN group (OTAA, class A)", () => {
  test("devices near a gateway join (≥ JOIN_ACCEPT_DELAY1 = 5 s after their first request) and their messages are delivered", () => {
    const { world, fleet } = build([lorawan("m")])
    world.run({ until: hours(2) })
    const g = fleet.groups[0]!
    const lw = fleet.lorawanGroup(0)!
    expect(lw.counters.joinAccepts).toBe(20)
    for (let i = 0; i < g.count; i++) {
      const j = g.joinDelayUs![i]!
      expect(Number.isFinite(j)).toBe(true)
      expect(j).toBeGreaterThanOrEqual(s(5))
    }
    const r = fleetReport(fleet, world.now)
    expect(r.byGroup[0]!.joined).toBe(20)
    expect(r.overall.sent).toBeGreaterThan(20 * 20)
    expect(r.overall.ratio).toBeGreaterThan(0.9)
    expect(fleet.planner.bookedCount).toBeGreaterThanOrEqual(20) // one JoinAccept each at least
  })

  test("a device out of range never joins and retries with a growing back-off (1 % for an hour, then 0.1 %)", () => {
    const { world, fleet } = build([lorawan("far", { count: 1, placement: { kind: "points", points: [{ x: 60_000, y: 0 }] } })], { trace: true })
    world.run({ until: hours(6) })
    const g = fleet.groups[0]!
    expect(Number.isNaN(g.joinDelayUs![0]!)).toBe(true)
    expect(g.msgSent[0]).toBe(0)
    expect(g.msgDropped[0]).toBeGreaterThan(0) // sends before joining are refused
    const times = txTimes(world, 0, JOIN_REQUEST_BYTES)
    expect(times.length).toBe(fleet.lorawanGroup(0)!.counters.joinRequests)
    const toa = fleet.medium.timeOnAirUs(12, 125_000, 1, JOIN_REQUEST_BYTES)
    const gaps = times.slice(1).map((t, k) => t - times[k]!)
    const first = times[0]!
    for (let k = 0; k < gaps.length; k++) {
      const since = times[k]! - first
      // Gap ≥ time-off of the duty cycle in force at the previous attempt's end, ≤ that + 10 s spread + airtime.
      const dc = since + toa < hours(1) ? 0.01 : 0.001
      expect(gaps[k]!).toBeGreaterThanOrEqual(toa * (1 / dc - 1))
      expect(gaps[k]!).toBeLessThanOrEqual(toa / dc + s(10) + 1)
    }
    const early = gaps.filter((_, k) => times[k + 1]! - first < hours(1))
    const late = gaps.filter((_, k) => times[k]! - first > hours(1) + minutes(5))
    expect(early.length).toBeGreaterThan(20)
    expect(late.length).toBeGreaterThan(3)
    expect(Math.min(...late)).toBeGreaterThan(5 * Math.max(...early))
  })

  test("confirmed messages are acknowledged; with the gateway down each costs NbTrials 3 frames, the third one DR lower, then fails", () => {
    const acked = build([lorawan("c", { activation: "abp", sf: "fixed", fixedSf: 7, confirmedShare: 1, count: 10 })])
    acked.world.run({ until: hours(1) })
    const lwA = acked.fleet.lorawanGroup(0)!
    const sentA = sum(lwA.msgSent)
    expect(sentA).toBeGreaterThan(100)
    expect(lwA.counters.acksReceived).toBeGreaterThan(0.9 * sentA)
    expect(lwA.counters.confirmedFailed).toBe(0)

    const down = build([lorawan("c", { activation: "abp", sf: "fixed", fixedSf: 7, confirmedShare: 1, count: 10 })])
    down.fleet.medium.setGatewayUp(0, false)
    down.world.run({ until: hours(1) + minutes(2) })
    const lw = down.fleet.lorawanGroup(0)!
    const msgs = sum(lw.msgSent)
    const m = down.fleet.medium
    m.flush()
    expect(lw.counters.acksReceived).toBe(0)
    // Periodic 300 s: every message's three trials are over 2 min after the last one started.
    expect(lw.counters.confirmedFailed).toBe(msgs)
    expect(m.totals.sent).toBe(3 * msgs)
    expect(lw.counters.retransmissions).toBe(2 * msgs)
    expect(m.sentBySf[7]).toBe(2 * msgs)
    expect(m.sentBySf[8]).toBe(msgs)
    expect(m.totals.lost["gateway-down"]).toBe(3 * msgs)
    expect(down.fleet.planner.bookedCount).toBe(0)
  })

  test("ADR: devices starting at SF12 next to a gateway move to a lower SF after ≥ 20 uplinks", () => {
    // Within 40 m the SNR is ≈ +3 dB: 23 dB above SF12's −20 dB, minus the 10 dB installation margin → 4 steps.
    const { world, fleet } = build([lorawan("adr", { sf: "adr", count: 10, placement: { kind: "disc", radiusM: 40 }, traffic: { kind: "periodic", periodS: 60 } })])
    world.run({ until: minutes(10) })
    const g = fleet.groups[0]!
    expect(Array.from(g.sf)).toEqual(Array(10).fill(12)) // fewer than 20 uplinks so far
    world.run({ until: minutes(60) })
    const lw = fleet.lorawanGroup(0)!
    expect(lw.counters.adrCommands).toBeGreaterThanOrEqual(10)
    for (let i = 0; i < g.count; i++) expect(g.sf[i]).toBeLessThan(12)
    expect(fleet.medium.sentBySf[7]! + fleet.medium.sentBySf[8]!).toBeGreaterThan(0)
  })
})

describe("raw LoRa and Sigfox groups", () => {
  test("raw group, periodic 100 s: each device sends duration / period messages", () => {
    const { world, fleet } = build([{ name: "raw", kind: "lora-raw", count: 30, placement: near, traffic: { kind: "periodic", periodS: 100 }, payloadBytes: 20, sf: "fixed", fixedSf: 7 }])
    world.run({ until: s(1000) })
    const g = fleet.groups[0]!
    for (let i = 0; i < g.count; i++) {
      expect(g.msgSent[i]).toBeGreaterThanOrEqual(10)
      expect(g.msgSent[i]).toBeLessThanOrEqual(11)
      expect(g.framesSent(i)).toBe(g.msgSent[i])
    }
    expect(fleet.medium.totals.sent).toBe(sum(g.msgSent))
  })

  test("Sigfox, 3 frames per message: success with k frames is non-decreasing in k, and 3 frames = messages delivered", () => {
    const { world, fleet } = build([{ name: "sfx", kind: "sigfox", count: 60, placement: { kind: "disc", radiusM: 40_000 }, traffic: { kind: "poisson", meanS: 600 }, payloadBytes: 12, sigfoxFrames: 3 }])
    world.run({ until: hours(3) })
    const g = fleet.groups[0]! as unknown as SigfoxGroup
    const [w1, w2, w3] = g.successWith as [number, number, number]
    expect(g.finished).toBeGreaterThan(500)
    expect(w1).toBeLessThanOrEqual(w2)
    expect(w2).toBeLessThanOrEqual(w3)
    expect(w3).toBeLessThanOrEqual(g.finished)
    let delivered = 0
    for (let i = 0; i < g.count; i++) delivered += g.messagesDelivered(i)
    expect(w3).toBe(delivered)
    const r = fleetReport(fleet, world.now)
    expect(r.sigfox[0]!.successWith).toHaveLength(3)
    expect(r.sigfox[0]!.successWith[0]!).toBeLessThan(1) // far devices lose some single frames
  })

  test("Sigfox messages back to back (the next starts the µs the last frame ends): each message keeps its own frames' results", () => {
    // Periodic 1 s < one 3-frame message: every message starts exactly when the previous one's last frame ends.
    const { world, fleet } = build([{ name: "sfx", kind: "sigfox", count: 5, placement: { kind: "disc", radiusM: 200 }, traffic: { kind: "periodic", periodS: 1 }, payloadBytes: 12, sigfoxFrames: 3 }])
    world.run({ until: hours(1) })
    const g = fleet.groups[0]! as unknown as SigfoxGroup
    let frames = 0
    let ok = 0
    for (let i = 0; i < g.count; i++) {
      frames += g.framesSent(i)
      ok += g.framesDelivered(i)
    }
    expect(ok / frames).toBeGreaterThan(0.95) // 200 m from the base station: nearly every frame arrives
    expect(g.finished).toBeGreaterThan(2000)
    expect(g.successWith[0]! / g.finished).toBeGreaterThan(0.9)
    expect(g.successWith[1]! / g.finished).toBeGreaterThan(0.9)
  })

  test("bursts add messages on top of the group's own traffic", () => {
    const spec = (bursts: boolean): ResolvedDeviceGroupSpec => ({
      name: "t",
      kind: "lora-raw",
      count: 50,
      placement: near,
      traffic: { kind: "periodic", periodS: 900 },
      payloadBytes: 20,
      sf: "fixed",
      fixedSf: 7,
      ...(bursts ? { bursts: { meanIntervalS: 1800, share: 0.5, spreadS: 30 } } : {}),
    })
    const a = build([spec(false)])
    const b = build([spec(true)])
    a.world.run({ until: hours(6) })
    b.world.run({ until: hours(6) })
    const without = sum(a.fleet.groups[0]!.msgSent)
    const withB = sum(b.fleet.groups[0]!.msgSent)
    expect(without).toBeGreaterThanOrEqual(50 * 23)
    // ~12 events × 25 devices; at least a few events in 6 h.
    expect(withB - without).toBeGreaterThan(50)
  })
})

describe("stream independence", () => {
  const raw = (count: number, name = "raw"): ResolvedDeviceGroupSpec => ({ name, kind: "lora-raw", count, placement: { kind: "disc", radiusM: 2000 }, traffic: { kind: "poisson", meanS: 600 }, payloadBytes: 20, sf: "random" })

  test("device i's position, SF and sends do not change when its group grows", () => {
    const small = build([raw(10)])
    const large = build([raw(40)])
    small.world.run({ until: hours(1) })
    large.world.run({ until: hours(1) })
    const a = small.fleet.groups[0]!
    const b = large.fleet.groups[0]!
    expect(Array.from(b.x.subarray(0, 10))).toEqual(Array.from(a.x))
    expect(Array.from(b.y.subarray(0, 10))).toEqual(Array.from(a.y))
    expect(Array.from(b.sf.subarray(0, 10))).toEqual(Array.from(a.sf))
    expect(Array.from(b.msgSent.subarray(0, 10))).toEqual(Array.from(a.msgSent))
    expect(sum(a.msgSent)).toBeGreaterThan(20)
    const ra = fleetReport(small.fleet, small.world.now).devices
    const rb = fleetReport(large.fleet, large.world.now).devices.slice(0, 10)
    expect(rb.map((d) => [d.id, d.x_m, d.y_m, d.sf, d.sent])).toEqual(ra.map((d) => [d.id, d.x_m, d.y_m, d.sf, d.sent]))
  })

  test("adding a second group leaves the first group's placement, SFs and sends unchanged", () => {
    const one = build([raw(20)])
    const two = build([raw(20), lorawan("other", { count: 15 })])
    one.world.run({ until: hours(1) })
    two.world.run({ until: hours(1) })
    const a = one.fleet.groups[0]!
    const b = two.fleet.groups[0]!
    expect(Array.from(b.x)).toEqual(Array.from(a.x))
    expect(Array.from(b.y)).toEqual(Array.from(a.y))
    expect(Array.from(b.sf)).toEqual(Array.from(a.sf))
    expect(Array.from(b.msgSent)).toEqual(Array.from(a.msgSent))
  })

  test("same seed → same fingerprint; another seed → another", () => {
    const fp = (seed: number) => {
      const { world, fleet } = build([raw(30), lorawan("lw", { count: 10, confirmedShare: 0.5 })], { seed })
      world.run({ until: hours(1) })
      return fleet.fingerprint()
    }
    expect(fp(4)).toBe(fp(4))
    expect(fp(4)).not.toBe(fp(5))
  })
})

