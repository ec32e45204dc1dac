import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { applyFaults, describeSchedule, faultSchedule, linkConditions, loraInterferer, type FaultSchedule } from "../../testing/index.ts"
import { Gateway, LoraRadio, Medium, SYNC_WORD_PUBLIC, linkTable } from "../../radio/index.ts"
import { Device, Network } from "../../stack/index.ts"
import { Simulation } from "../../sim/index.ts"

const scope = { hosts: ["a", "b", "c"], crashable: ["c"], gateways: ["gw"], interferers: { maxX: 100, maxY: 100, frequenciesHz: [868_100_000] }, horizonMs: 60_000, quietTailMs: 10_000 }

describe("fault-schedule arbitraries", () => {
  test.prop([faultSchedule(scope)])("stay within the horizon, leave the quiet tail free and name only known targets", (schedule) => {
    for (const f of schedule) {
      expect(f.atMs).toBeGreaterThanOrEqual(0)
      expect(f.atMs + f.durationMs).toBeLessThanOrEqual(50_000)
      if (f.kind === "partition" || f.kind === "hold") {
        expect(f.a.length).toBeGreaterThan(0)
        expect(f.b.length).toBeGreaterThan(0)
        expect(f.a.filter((h) => f.b.includes(h))).toEqual([]) // disjoint sets
      }
      if (f.kind === "crash") expect(f.host).toBe("c")
      if (f.kind === "gatewayOutage") expect(f.gateway).toBe("gw")
    }
  })

  it("shrink toward no fault and an ideal link", () => {
    const failing = fc.check(fc.property(faultSchedule(scope), linkConditions(), () => false), { seed: 7 })
    expect(failing.counterexample).toEqual([[], { latencyMs: 1, jitterMs: 0, loss: 0, bandwidthKbps: 0 }])
  })

  it("describe a schedule in readable lines, in time order", () => {
    const s: FaultSchedule = [
      { kind: "crash", atMs: 5000, durationMs: 1000, host: "c" },
      { kind: "partition", atMs: 1200, durationMs: 30_000, a: ["a"], b: ["b", "c"] },
    ]
    expect(describeSchedule(s)).toBe("t=1.200000s partition [a] | [b, c] for 30.000000s\nt=5.000000s crash c, restart after 1.000000s")
    expect(describeSchedule([])).toBe("no faults")
  })
})

describe("applyFaults", () => {
  it("composes overlapping partitions: ending one does not heal the other", () => {
    const world = new Simulation({ seed: 1, trace: { sink: { kind: "memory" } } })
    const net = new Network(world)
    for (const [i, n] of ["a", "b", "c"].entries()) net.addHost(new Device(world, n), `10.0.0.${i + 1}`)
    applyFaults(world, [
      { kind: "partition", atMs: 0, durationMs: 10_000, a: ["a"], b: ["b"] },
      { kind: "partition", atMs: 5_000, durationMs: 20_000, a: ["a"], b: ["c"] },
    ], { network: net })
    world.run({ until: 60_000_000 })
    const kinds = world.trace.lines.map((l) => JSON.parse(l) as { t: number; kind: string; a?: string[]; b?: string[] }).filter((r) => r.kind.startsWith("fault."))
    // At 10 s the a|b cut ends, but a|c is re-applied at once; everything heals at 25 s.
    expect(kinds.filter((k) => k.t === 10_000_000).map((k) => [k.kind, k.b])).toEqual([["fault.heal", undefined], ["fault.partition", ["c"]]])
    expect(kinds.at(-1)).toMatchObject({ t: 25_000_000, kind: "fault.heal" })
  })

  it("refuses a fault with no target, up front", () => {
    const world = new Simulation({ seed: 1 })
    expect(() => applyFaults(world, [{ kind: "gatewayOutage", atMs: 0, durationMs: 1, gateway: "gw" }], {})).toThrow(/needs setGatewayUp/)
    expect(() => applyFaults(world, [{ kind: "crash", atMs: 0, durationMs: 1, host: "x" }], {})).toThrow(/needs a network target/)
  })

  it("a LoRa interferer destroys frames on its channel for its duration", () => {
    const world = new Simulation({ seed: 1, trace: { sink: { kind: "memory" } } })
    const medium = Medium.of(world, { propagation: linkTable([["dev", "gw", 100]], 95) })
    const gw = new Gateway(medium, { id: "gw", position: { x: 0, y: 0 } })
    const lost: string[] = []
    let got = 0
    gw.onFrameReceived(() => got++)
    gw.onFrameLost((l) => lost.push(l.reason))
    const dev = new LoraRadio(medium, { id: "dev", position: { x: 10, y: 0 } })
    const req = { sf: 7, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: true, freqHz: 868_100_000, txPowerDbm: 14, payload: new Uint8Array(10), syncWord: SYNC_WORD_PUBLIC, iqInverted: false }
    applyFaults(world, [{ kind: "interferer", atMs: 1000, durationMs: 5000, x: 5, y: 0, powerDbm: 14, frequencyHz: 868_100_000 }], { startInterferer: loraInterferer(medium) })
    for (const t of [500, 3000, 4000, 8000]) world.schedule(t * 1000, () => dev.transmit(req))
    world.run()
    expect(got).toBe(2) // before and after the interferer
    expect(lost.filter((r) => r === "interference").length).toBeGreaterThanOrEqual(2)
  })
})
