/**
 * The UNB medium: collisions need overlap in time AND frequency, capture by
 * power margin, sensitivity, and the seeded statistical validation against the
 * analytic unslotted-ALOHA-in-time-and-frequency model (radio/sigfox/aloha.ts).
 */
import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { FREE_SPACE, linkTable } from "../../radio/index.ts"
import { BaseStation, CARRIER_HALF_SPAN_HZ, UnbMedium, messageSuccess, unbAlohaSuccess, uplinkAirtimeUs, type UnbTransmission } from "../../radio/sigfox/index.ts"
import { Simulation, s } from "../../sim/index.ts"

const F0 = 868_130_000

function world(loss: [string, string, number][] = [], captureMarginDb = 6) {
  const sim = new Simulation({ seed: 7 })
  const medium = new UnbMedium(sim, { propagation: linkTable(loss, 200), captureMarginDb })
  const bs = new BaseStation(medium, { id: "bs", position: { x: 0, y: 0 } })
  const got: string[] = []
  bs.onFrame((tx) => got.push(tx.sender))
  return { sim, medium, bs, got }
}

function send(m: UnbMedium, sender: string, freqHz: number, at: number, durationUs = 2_080_000, powerDbm = 14) {
  m.world.schedule(at, () => m.transmit({ kind: "uplink", sender, position: { x: 0, y: 0 }, freqHz, bandwidthHz: 100, powerDbm, durationUs, meta: undefined }))
}

describe("UNB collisions", () => {
  it("frames overlapping in time but 150 Hz apart both get through", () => {
    const { sim, medium, got } = world([["a", "bs", 120], ["b", "bs", 120]])
    send(medium, "a", F0, 0)
    send(medium, "b", F0 + 150, 500_000)
    sim.run()
    expect(got.sort()).toEqual(["a", "b"])
  })

  it("frames 50 Hz apart that overlap in time destroy each other at equal power", () => {
    const { sim, medium, got } = world([["a", "bs", 120], ["b", "bs", 120]])
    send(medium, "a", F0, 0)
    send(medium, "b", F0 + 50, 2_000_000)
    sim.run()
    expect(got).toEqual([])
    expect(medium.counters.collided).toBe(2)
  })

  it("the same frequency at disjoint times does not collide", () => {
    const { sim, medium, got } = world([["a", "bs", 120], ["b", "bs", 120]])
    send(medium, "a", F0, 0)
    send(medium, "b", F0, 2_080_000)
    sim.run()
    expect(got).toEqual(["a", "b"])
  })

  it("captures the stronger frame when it beats the other by the margin", () => {
    const { sim, medium, got } = world([["a", "bs", 110], ["b", "bs", 120]])
    send(medium, "a", F0, 0)
    send(medium, "b", F0, 100_000)
    sim.run()
    expect(got).toEqual(["a"])
  })

  it("a frame below the base station's sensitivity is not received", () => {
    const { sim, medium, got } = world([["a", "bs", 157]]) // 14 − 157 = −143 dBm < −142
    send(medium, "a", F0, 0)
    sim.run()
    expect(got).toEqual([])
    expect(medium.counters.unheard).toBe(1)
  })
})

/** N devices, each sending frames (or 3-frame messages) at Poisson times on uniform random carriers, equal power, no capture. */
function aloha(devices: number, perDeviceRate: number, frames: number, seconds: number) {
  const sim = new Simulation({ seed: 11 })
  const medium = new UnbMedium(sim, { propagation: FREE_SPACE, captureMarginDb: Infinity })
  new BaseStation(medium, { id: "bs", position: { x: 0, y: 0 } })
  const T = uplinkAirtimeUs(12, 100)
  const gap = s(1)
  const ok = new Set<UnbTransmission>()
  medium.stations[0]!.onFrame((tx) => ok.add(tx))
  const messages: UnbTransmission[][] = []
  for (let d = 0; d < devices; d++) {
    const r = sim.rng(`test/aloha/${d}`)
    const angle = (2 * Math.PI * d) / devices
    const position = { x: 1000 * Math.cos(angle), y: 1000 * Math.sin(angle) } // all at 1 km: equal power
    let t = r.exponential(1e6 / perDeviceRate)
    while (t < s(seconds)) {
      const msg: UnbTransmission[] = []
      messages.push(msg)
      for (let k = 0; k < frames; k++) {
        const at = Math.round(t) + k * (T + gap)
        const f = F0 + r.uniform(-CARRIER_HALF_SPAN_HZ, CARRIER_HALF_SPAN_HZ)
        sim.schedule(at, () => msg.push(medium.transmit({ kind: "uplink", sender: `d${d}`, position, freqHz: f, bandwidthHz: 100, powerDbm: 14, durationUs: T, meta: undefined })))
      }
      t += r.exponential(1e6 / perDeviceRate)
    }
  }
  sim.run()
  // Skip the first and last 10 s (load ramps up/down there).
  const inside = messages.filter((m) => m.length === frames && m[0]!.startUs > s(10) && m[frames - 1]!.endUs < s(seconds - 10))
  const frameOk = inside.flat().filter((tx) => ok.has(tx)).length / (inside.length * frames)
  const msgOk = inside.filter((m) => m.some((tx) => ok.has(tx))).length / inside.length
  const p = unbAlohaSuccess({ frameRatePerS: devices * perDeviceRate * frames, airtimeS: T / 1e6, bandHz: 2 * CARRIER_HALF_SPAN_HZ, collisionHz: 100 })
  return { frameOk, msgOk, p, n: inside.length }
}

describe("validation against unslotted ALOHA in time and frequency (radio/sigfox/aloha.ts)", () => {
  it("per-frame success matches the analytic model within 0.02 at two loads", () => {
    for (const [devices, rate] of [
      [1000, 0.04],
      [1000, 0.07],
    ] as const) {
      const r = aloha(devices, rate, 1, 300)
      expect(r.n).toBeGreaterThan(10_000)
      expect(r.p).toBeLessThan(0.9) // the load is high enough for the check to mean something
      expect(Math.abs(r.frameOk - r.p)).toBeLessThan(0.02)
    }
  })

  it("message success with 3 independent frames matches 1 − (1 − p)³ within 0.02", () => {
    const r = aloha(1000, 0.025, 3, 300)
    expect(r.n).toBeGreaterThan(6_000)
    expect(r.p).toBeLessThan(0.7)
    expect(Math.abs(r.frameOk - r.p)).toBeLessThan(0.02)
    expect(Math.abs(r.msgOk - messageSuccess(r.p, 3))).toBeLessThan(0.02)
  })

  it("the analytic model reduces to e^(−2G) for a wide band and is 1 with no load", () => {
    const G = 100 * 1 * (200 / 1e7) // Λ·T·2B/W
    expect(unbAlohaSuccess({ frameRatePerS: 100, airtimeS: 1, bandHz: 1e7, collisionHz: 100 })).toBeCloseTo(Math.exp(-2 * G), 4)
    expect(unbAlohaSuccess({ frameRatePerS: 0, airtimeS: 1, bandHz: 1e5, collisionHz: 100 })).toBe(1)
  })
})

describe("UNB collision rule (property)", () => {
  test.prop([fc.integer({ min: -2_000, max: 2_000 }), fc.integer({ min: -3_000_000, max: 3_000_000 })])(
    "two equal-power frames are both lost exactly when they overlap in time and are < 100 Hz apart",
    (df, dt) => {
      const { sim, medium, got } = world([["a", "bs", 120], ["b", "bs", 120]])
      send(medium, "a", F0, 3_000_000)
      send(medium, "b", F0 + df, 3_000_000 + dt)
      sim.run()
      const overlap = Math.abs(dt) < 2_080_000 && Math.abs(df) < 100
      expect(got.length).toBe(overlap ? 0 : 2)
    },
  )
})
