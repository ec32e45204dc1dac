import { describe, expect, it } from "vitest"
import { Gateway, LORASIM, LoraRadio, Medium, linkTable, sensitivityDbm, timeOnAirUs, type Propagation } from "../../radio/index.ts"
import { Simulation } from "../../sim/index.ts"
import { uplink } from "./helpers.ts"

/**
 * Pure ALOHA: N half-duplex senders, one SF and channel, "any overlap destroys"
 * (no capture), Poisson offered load G (frames per frame time). Delivery at the
 * gateway must be e^(−2G) (Abramson 1970) within 0.01 absolute.
 */
function aloha(G: number, frames: number, seed: number): number {
  const sim = new Simulation({ seed, trace: { enabled: false } })
  const medium = Medium.of(sim, { propagation: linkTable([], 100), interference: "any-overlap" })
  const gw = new Gateway(medium, { id: "gw", position: { x: 0, y: 0 } })
  let received = 0
  gw.onFrameReceived(() => received++)
  const N = 1000
  const req = uplink(7, 10)
  const T = timeOnAirUs(10, req)
  const meanGap = (N * T) / G
  let sent = 0
  const nodes = Array.from({ length: N }, (_, i) => {
    const radio = new LoraRadio(medium, { id: `n${i}`, position: { x: 0, y: 0 } })
    const rng = sim.rng(`aloha/n${i}`)
    const node = {
      onEvent(): void {
        if (sent < frames && radio.transmitting === undefined) {
          radio.transmit(req)
          sent++
        }
        if (sent < frames) sim.after(Math.round(rng.exponential(meanGap)), node)
      },
    }
    return { node, rng }
  })
  for (const { node, rng } of nodes) sim.schedule(Math.round(rng.exponential(meanGap)), node)
  sim.run()
  return received / sent
}

describe("validation: pure ALOHA delivery e^(−2G)", () => {
  for (const G of [0.1, 0.25, 0.5, 1.0]) {
    it(`G = ${G}`, () => {
      const d = aloha(G, 40_000, 11)
      expect(Math.abs(d - Math.exp(-2 * G))).toBeLessThan(0.01)
    })
  }
})

describe("validation: the 50% delivery distance is where the mean RSSI equals the sensitivity", () => {
  // LoRaSim preset (σ = 3.57 dB), 14 dBm, SF7 → SX1301 gateway (−130 dBm).
  const sens = sensitivityDbm("sx1301", 7, 125_000)
  const lossAt50 = 14 - sens // 144 dB
  const d50 = LORASIM.refDistanceM * 10 ** ((lossAt50 - LORASIM.refLossDb) / (10 * LORASIM.exponent))
  const dAt = (extraDb: number) => d50 * 10 ** (extraDb / (10 * LORASIM.exponent))

  function deliveryAt(d: number, n: number, seed: number): { ratio: number; prop: Propagation } {
    const sim = new Simulation({ seed, trace: { enabled: false } })
    const medium = Medium.of(sim, { propagation: LORASIM })
    const gw = new Gateway(medium, { id: "gw", position: { x: 0, y: 0 } })
    let got = 0
    gw.onFrameReceived(() => got++)
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n
      const r = new LoraRadio(medium, { id: `n${i}`, position: { x: d * Math.cos(a), y: d * Math.sin(a) } })
      sim.schedule(i * 100_000, () => r.transmit(uplink(7, 10, 14)))
    }
    sim.run()
    return { ratio: got / n, prop: medium.propagation }
  }

  it("d50 ≈ 251 m for this preset", () => {
    expect(d50).toBeGreaterThan(240)
    expect(d50).toBeLessThan(260)
  })

  it("half the links get through at d50, 84% one σ closer, 16% one σ farther (±0.04)", () => {
    const n = 1500
    const at = deliveryAt(d50, n, 5)
    expect(Math.abs(at.prop.meanLossDb(d50, 868e6) - lossAt50)).toBeLessThan(1e-9)
    expect(Math.abs(at.ratio - 0.5)).toBeLessThan(0.04)
    expect(Math.abs(deliveryAt(dAt(-LORASIM.sigmaDb), n, 6).ratio - 0.8413)).toBeLessThan(0.04)
    expect(Math.abs(deliveryAt(dAt(LORASIM.sigmaDb), n, 7).ratio - 0.1587)).toBeLessThan(0.04)
  })

  it("the interpolated 50% crossing lies within 1 dB of path loss of d50", () => {
    const ds = [-6, -4, -2, 0, 2, 4, 6].map((db) => dAt(db))
    const ratios = ds.map((d, i) => deliveryAt(d, 600, 20 + i).ratio)
    let cross = NaN
    for (let i = 0; i + 1 < ds.length; i++) {
      const r0 = ratios[i]!
      const r1 = ratios[i + 1]!
      if (r0 >= 0.5 && r1 < 0.5) cross = ds[i]! + ((r0 - 0.5) / (r0 - r1)) * (ds[i + 1]! - ds[i]!)
    }
    const dbOff = 10 * LORASIM.exponent * Math.log10(cross / d50)
    expect(Math.abs(dbOff)).toBeLessThan(1)
  })
})
