import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { DutyCycleRegulator, EnergyMeter, SX1276_ENERGY, bandTimeOffUs, subBandIndex, timeOnAirUs, txCurrentMa } from "../../radio/index.ts"
import { EU868 } from "../../stack/lorawan/index.ts"
import { sender, tableWorld, uplink } from "./helpers.ts"

describe("ETSI duty cycle per EU868 sub-band (docs/models.md §3.3)", () => {
  const bands = EU868.subBands
  it("has the six sub-band ranges with their shares (PF RegionEU868 VerifyTxFreq / EU868_BAND0..4)", () => {
    expect(bands.map((b) => 1 / b.dCycle)).toEqual([0.001, 0.01, 0.01, 0.001, 0.1, 0.01])
  })

  it("follows the firmware's band edges: 868.0 MHz is band 0, 868.6 / 869.2 / 869.65 / 870.0 MHz are regulated", () => {
    expect(subBandIndex(bands, 868_000_000)).toBe(1)
    expect(subBandIndex(bands, 868_000_001)).toBe(2)
    for (const f of [868_600_000, 869_200_000, 869_650_000, 870_000_000]) expect(subBandIndex(bands, f)).toBeGreaterThanOrEqual(0)
    expect(subBandIndex(bands, 869_300_000)).toBe(-1)
    expect(bandTimeOffUs(1000, 100)).toBe(99_000)
  })

  it("863–865 MHz and 868.7–869.2 MHz share LMN band 2's time-off", () => {
    const d = new DutyCycleRegulator(bands)
    d.record(864_000_000, 0, 10_000)
    expect(d.earliestStart(868_900_000, 0)).toBe(10_000 + 10_000 * 999)
  })

  it("a stricter duty cycle (the join back-off) can be imposed on one record", () => {
    const d = new DutyCycleRegulator(bands)
    d.record(869_525_000, 0, 10_000, 100)
    expect(d.earliestStart(869_525_000, 0)).toBe(10_000 + 10_000 * 99)
  })

  it("band time-off after a TX is ToA·(1/dc − 1)", () => {
    const d = new DutyCycleRegulator(bands)
    d.record(868_100_000, 0, 50_000)
    expect(d.earliestStart(868_300_000, 0)).toBe(50_000 + 50_000 * 99)
    expect(d.earliestStart(869_525_000, 0)).toBe(0) // another band is free
    expect(d.earliestStart(915_000_000, 0)).toBe(0) // outside EU868: unregulated
  })

  test.prop([fc.constantFrom(868_100_000, 869_525_000, 868_900_000, 864_000_000), fc.integer({ min: 7, max: 12 }), fc.integer({ min: 1, max: 120 }), fc.nat(1000)])(
    "a sender that always transmits as soon as allowed never exceeds its sub-band share",
    (freq, sf, len, seed) => {
      const d = new DutyCycleRegulator(bands)
      const dc = 1 / bands[d.bandOf(freq)]!.dCycle
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
    // Pycom boards transmit on PA_BOOST: below 17 dBm the 17 dBm current (no RFO rows).
    expect(txCurrentMa(SX1276_ENERGY, 13)).toBe(87)
    expect(txCurrentMa(SX1276_ENERGY, 2)).toBe(87)
    expect(new EnergyMeter().state).toBe("sleep")
  })
})
