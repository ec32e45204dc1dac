import { describe, expect, test } from "vitest"
import { Simulation, hours } from "../../sim/index.ts"
import { AU915, EU868, RECEIVE_DELAY1_US, dataFrameLength, joinDataRate } from "../../stack/lorawan/index.ts"
import { rxWindow } from "../../stack/lorawan/mac/index.ts"
import { Fleet, JOIN_REQUEST_BYTES, type ResolvedDeviceGroupSpec } from "../../stack/fleet/index.ts"

type Line = { t: number; node: string; kind: string; [k: string]: unknown }

function run(over: Partial<ResolvedDeviceGroupSpec>, opts: { traceFrames?: boolean; until?: number } = {}) {
  const world = new Simulation({ seed: 4, trace: { sink: { kind: "memory" as const } } })
  const group: ResolvedDeviceGroupSpec = { name: "g", kind: "lorawan", count: 3, placement: { kind: "disc", radiusM: 30 }, traffic: { kind: "periodic", periodS: 120 }, payloadBytes: 7, ...over }
  const fleet = new Fleet(world, { preset: "fieldnet", gateways: { kind: "single" }, groups: [group] }, { traceFrames: opts.traceFrames ?? true })
  world.run({ until: opts.until ?? hours(1) })
  const lines = world.trace.lines.map((l) => JSON.parse(l) as Line)
  return { world, fleet, lw: fleet.lorawanGroup(0)!, lines, mac: (node: string) => lines.filter((o) => o.node === node && o.kind.startsWith("lorawan.")) }
}

describe("per-device trace with the object path's kinds and fields", () => {
  test("OTAA, confirmed: join.tx → join.accept → up.tx → down.rx (ACK, window) → up.done, FCnt counting up", () => {
    const { fleet, lw, mac } = run({ confirmedShare: 1 })
    const ev = mac("g/0")
    expect(ev[0]).toMatchObject({ kind: "lorawan.join.tx", fcnt: 0, try: 1, len: JOIN_REQUEST_BYTES })
    const accept = ev.find((o) => o.kind === "lorawan.join.accept")!
    expect(accept).toMatchObject({ devAddr: expect.any(Number), window: expect.any(Number) })
    const after = ev.slice(ev.indexOf(accept) + 1)
    expect(after.slice(0, 3).map((o) => o.kind)).toEqual(["lorawan.up.tx", "lorawan.down.rx", "lorawan.up.done"])
    const [tx, rx, done] = after as [Line, Line, Line]
    expect(tx).toMatchObject({ fcnt: 0, try: 1, len: dataFrameLength(0, 7) })
    expect(rx).toMatchObject({ fcnt: 0, ack: true, port: -1 })
    expect(done).toMatchObject({ fcnt: 0, tries: 1, acked: true, ok: true })
    // The ACK arrived in RX1 (1 s after the uplink's end, on the uplink's DR) and ended the windows.
    const dr = tx["dr"] as number
    const sf = EU868.dataRates[dr]!.modulation === "lora" ? (EU868.dataRates[dr] as { sf: number }).sf : 0
    const upToa = fleet.medium.timeOnAirUs(sf, 125_000, 1, tx["len"] as number)
    expect(rx["window"]).toBe(1)
    expect(rx.t - tx.t).toBe(upToa + RECEIVE_DELAY1_US + fleet.planner.downlinkToaUs(EU868.rx1Dr(dr, 0), dataFrameLength(0, undefined)))
    expect(done.t).toBe(rx.t)
    const fcnts = ev.filter((o) => o.kind === "lorawan.up.done").map((o) => o["fcnt"])
    expect(fcnts).toEqual(fcnts.map((_, k) => k))
    // DevAddrs as the network server hands them out: 1, 2, 3 in join order; one ACK counted per acked message.
    const nodes = ["g/0", "g/1", "g/2"]
    expect(nodes.map((n) => mac(n).find((o) => o.kind === "lorawan.join.accept")!["devAddr"]).sort()).toEqual([1, 2, 3])
    const acked = nodes.flatMap((n) => mac(n)).filter((o) => o.kind === "lorawan.up.done" && o["acked"] === true)
    expect(lw.counters.acksReceived).toBe(acked.length)
  })

  test("unconfirmed with nothing to answer: up.done when RX2 closes (window opened 10 ms early, listened rxListenUs)", () => {
    const { fleet, mac } = run({ activation: "abp", sf: "fixed", fixedSf: 9 })
    const ev = mac("g/1")
    expect(ev[0]).toMatchObject({ kind: "lorawan.join.abp", devAddr: expect.any(Number) })
    const tx = ev.find((o) => o.kind === "lorawan.up.tx")!
    const done = ev.find((o) => o.kind === "lorawan.up.done")!
    expect(done).toMatchObject({ fcnt: 0, tries: 1, acked: false, ok: true })
    const end = tx.t + fleet.medium.timeOnAirUs(9, 125_000, 1, tx["len"] as number)
    const w = rxWindow(end + RECEIVE_DELAY1_US + 1_000_000, 12, 125_000)
    expect(done.t).toBe(w.open + w.durUs)
  })

  test("off by default: no lorawan.* lines, and the same outcome as with the trace on", () => {
    const on = run({ confirmedShare: 0.5 }, { until: hours(0.5) })
    const off = run({ confirmedShare: 0.5 }, { traceFrames: false, until: hours(0.5) })
    expect(off.lines.filter((o) => o.kind.startsWith("lorawan.") || o.kind.startsWith("fleet."))).toEqual([])
    expect(on.lines.some((o) => o.kind === "lorawan.up.done")).toBe(true)
    expect(off.fleet.fingerprint()).toBe(on.fleet.fingerprint())
    expect(off.lw.counters).toEqual(on.lw.counters)
  })
})

describe("join data rate (Pycom's LoRaMac-node: joinDataRate of the requested DR)", () => {
  test("EU868 join(dr=3) sends at DR3; ADR devices ask for the slowest DR; AU915 join(dr=6) at DR6 (SF8, 500 kHz)", () => {
    const eu = run({ joinDr: 3 }, { until: hours(0.2) })
    const drs = eu.lines.filter((o) => o.kind === "lorawan.join.tx").map((o) => o["dr"])
    expect(drs.length).toBeGreaterThanOrEqual(3)
    for (const d of drs) expect(d).toBe(joinDataRate(EU868, 1, 3))
    expect(run({ sf: "adr" }, { until: hours(0.2) }).lines.filter((o) => o.kind === "lorawan.join.tx").map((o) => o["dr"])).toEqual([0, 0, 0])
    const au = run({ region: "AU915", joinDr: 6 }, { until: hours(0.2) })
    const joins = au.lines.filter((o) => o.kind === "lorawan.join.tx")
    expect(joins.length).toBeGreaterThanOrEqual(3)
    for (const j of joins) {
      expect(j["dr"]).toBe(6)
      expect(j["freq"]).toBe(AU915.defaultChannels[65]!.frequencyHz)
    }
  })
})
