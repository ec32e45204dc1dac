import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { DutyCycleRegulator, EU868_SUBBANDS, EnergyMeter, SX1276_ENERGY, timeOnAirUs, txCurrentMa } from "../../radio/index.ts"
import { sender, tableWorld, uplink } from "./helpers.ts"

describe("ETSI duty cycle per EU868 sub-band (reference §3.3)", () => {
  it("has the six sub-bands with their shares", () => {
    expect(EU868_SUBBANDS.map((b) => b.dutyCycle)).toEqual([0.001, 0.01, 0.01, 0.001, 0.1, 0.01])
  })

  it("band time-off after a TX is ToA·(1/dc − 1)", () => {
    const d = new DutyCycleRegulator()
    d.record(868_100_000, 0, 50_000)
    expect(d.earliestStart(868_300_000, 0)).toBe(50_000 + 50_000 * 99)
    expect(d.earliestStart(869_525_000, 0)).toBe(0) // another band is free
    expect(d.earliestStart(915_000_000, 0)).toBe(0) // outside EU868: unregulated
  })

  test.prop([fc.constantFrom(868_100_000, 869_525_000, 868_900_000, 864_000_000), fc.integer({ min: 7, max: 12 }), fc.integer({ min: 1, max: 120 }), fc.nat(1000)])(
    "a sender that always transmits as soon as allowed never exceeds its sub-band share",
    (freq, sf, len, seed) => {
      const d = new DutyCycleRegulator()
      const dc = EU868_SUBBANDS[d.bandOf(freq)]!.dutyCycle
      const { sim, medium } = tableWorld([], seed)
      const n = sender(medium, "n")
      const toa = timeOnAirUs(len, uplink(sf, len))
      const horizon = toa * 2000
      let onAir = 0
      const loop = (): void => {
        const at = d.earliestStart(freq, sim.now)
        sim.schedule(at, () => {
          d.record(freq, sim.now, toa)
          n.transmit(uplink(sf, len, 14, freq))
          onAir += toa
          if (sim.now + toa < horizon) sim.after(toa, loop)
        })
      }
      loop()
      sim.run({ until: horizon })
      // every window [0, t] holds at most dc·t of airtime plus the one frame that opened it
      expect(onAir).toBeLessThanOrEqual(dc * sim.now + toa)
      expect(onAir).toBeGreaterThan(0)
    },
  )
})

describe("energy accounting", () => {
  it("charges tx at the power level's current, rx and sleep by time", () => {
    const { sim, medium } = tableWorld([])
    const n = sender(medium, "n")
    n.listen(true)
    sim.run({ until: 1_000_000 }) // 1 s of rx
    const tx = n.transmit(uplink(7, 10, 20))
    sim.run()
    n.sleep()
    sim.run({ until: sim.now + 1_000_000 })
    const e = n.energy
    const toa = tx.end - tx.start
    expect(e.timeUs.rx).toBe(1_000_000)
    expect(e.timeUs.tx).toBe(toa)
    const v = SX1276_ENERGY.voltageV
    expect(e.joulesByState.rx).toBeCloseTo(0.0108 * v, 9)
    expect(e.joulesByState.tx).toBeCloseTo(0.12 * v * (toa / 1e6), 9)
    expect(e.txJoulesByDbm.get(20)).toBeCloseTo(e.joulesByState.tx, 12)
    expect(e.joules(sim.now)).toBeCloseTo(e.joulesByState.rx + e.joulesByState.tx + e.joulesByState.sleep, 12)
  })

  it("maps TX power to the next current row up", () => {
    expect(txCurrentMa(SX1276_ENERGY, 14)).toBe(87)
    expect(txCurrentMa(SX1276_ENERGY, 2)).toBe(20)
    expect(new EnergyMeter().state).toBe("sleep")
  })
})
