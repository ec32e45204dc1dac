import { fc, test } from "@fast-check/vitest"
import { expect } from "vitest"
import { LoraRadio, type InterferenceModel } from "../../radio/index.ts"
import { recordingGateway, uplink, world } from "./helpers.ts"

const frameArb = fc.record({ at: fc.integer({ min: 0, max: 3_000_000 }), sf: fc.integer({ min: 7, max: 12 }), len: fc.integer({ min: 1, max: 60 }), loss: fc.integer({ min: 90, max: 150 }), ch: fc.integer({ min: 0, max: 2 }) })

test.prop([fc.array(frameArb, { minLength: 1, maxLength: 25 }), fc.constantFrom<InterferenceModel>("goursaud", "any-overlap", "lorasim")])(
  "every frame a listening gateway could hear has exactly one outcome: received or lost with a reason",
  (frames, model) => {
    const chans = [868_100_000, 868_300_000, 868_500_000]
    const links = new Map<string, number>()
    frames.forEach((f, i) => links.set(`gw/s${i}`, f.loss))
    const { sim, medium } = world({ propagation: { kind: "link-table", lossDb: links, defaultLossDb: Infinity, sigmaDb: 0, source: "t" }, interference: model })
    const { got, lost } = recordingGateway(medium, "gw", chans)
    frames.forEach((f, i) => {
      const r = new LoraRadio(medium, { id: `s${i}`, position: { x: 0, y: 0 } })
      sim.schedule(f.at, () => r.transmit(uplink(f.sf, f.len, 14, chans[f.ch])))
    })
    sim.run()
    const outcomes = [...got.map((g) => g.txId), ...lost.map((l) => l.txId)].sort((a, b) => a - b)
    expect(outcomes).toEqual(frames.map((_, i) => i + 1))
    for (const l of lost) {
      if (l.reason === "interference") expect(l.interferers.length).toBeGreaterThan(0)
      if (l.reason === "below-sensitivity") expect(l.rssiDbm).toBeLessThan(-127)
    }
    // received frames were all above the SX1301 sensitivity of their SF
    for (const g of got) expect(g.rssiDbm).toBeGreaterThanOrEqual(-142.5)
    expect(medium.counters.transmitted).toBe(frames.length)
  },
)
