import { describe, expect, it } from "vitest"
import { Gateway, LoraRadio, Medium, linkTable } from "../../radio/index.ts"
import { Simulation, minutes } from "../../sim/index.ts"
import { AU915, AU915_CHANNELS } from "../../stack/lorawan/index.ts"
import { ClassADevice } from "../../stack/lorawan/mac/index.ts"
import { NetworkServer } from "../../stack/lorawan/server/index.ts"
import { APPEUI, APPKEY, devEui } from "./net.ts"

describe("AU915", () => {
  it("channel plan: 64 × 125 kHz from 915.2 MHz (DR0–5), 8 × 500 kHz from 915.9 MHz (DR6)", () => {
    expect(AU915_CHANNELS).toHaveLength(72)
    expect(AU915_CHANNELS[0]).toEqual({ frequencyHz: 915_200_000, minDr: 0, maxDr: 5 })
    expect(AU915_CHANNELS[63]!.frequencyHz).toBe(927_800_000)
    expect(AU915_CHANNELS[64]).toEqual({ frequencyHz: 915_900_000, minDr: 6, maxDr: 6 })
    expect(AU915_CHANNELS[71]!.frequencyHz).toBe(927_100_000)
    expect(AU915.rx1FrequencyHz(65, 0)).toBe(923_900_000)
    expect(AU915.rx1Dr(6, 0)).toBe(13)
    expect(AU915.rx1Dr(0, 5)).toBe(8)
    expect(() => AU915.rx1Dr(7, 0)).toThrow()
  })

  it("a device on sub-band 2 joins at DR6 (500 kHz, ch 65), gets RX1 on 923.3 + 0.6·(ch mod 8) MHz, and an uplink at DR2 gets RX1 at DR10", () => {
    const sim = new Simulation({ seed: 4, trace: { sink: { kind: "memory" } } })
    const medium = Medium.of(sim, { propagation: linkTable([["au", "gw", 100], ["au", "gw5", 100]]) })
    const ns = new NetworkServer(sim, { region: AU915 })
    // TTN's AU915 FSB2: channels 8..15 (916.8–918.2 MHz) and 500 kHz channel 65 (917.5 MHz)
    const sub2 = Array.from({ length: 8 }, (_, i) => 916_800_000 + 200_000 * i)
    ns.addGateway(new Gateway(medium, { id: "gw", position: { x: 0, y: 0 }, channelsHz: sub2 }))
    ns.addGateway(new Gateway(medium, { id: "gw5", position: { x: 0, y: 0 }, channelsHz: [917_500_000], bwHz: 500_000 }))
    const radio = new LoraRadio(medium, { id: "au", position: { x: 1, y: 0 } })
    const rx: { freq: number; sf: number; bw: number }[] = []
    const tx: { freq: number; sf: number; bw: number }[] = []
    const done: boolean[] = []
    const mac = new ClassADevice(sim, {
      region: AU915,
      radio,
      listener: { onRx: (f) => rx.push({ freq: f.freqHz, sf: f.sf, bw: f.bwHz }), onTx: (t) => tx.push({ freq: t.freqHz, sf: t.sf, bw: t.bwHz }), onUplinkDone: (r) => done.push(r.acked) },
    })
    mac.session.channels.mask = mac.session.channels.mask.map((_, i) => (i >= 8 && i < 16) || i === 65)
    ns.registerOtaa(devEui(24), APPEUI, APPKEY)
    mac.joinOtaa({ devEui: devEui(24), appEui: APPEUI, appKey: APPKEY }, AU915.defaultJoinDr)
    sim.schedule(minutes(1), () => mac.send({ fport: 1, payload: new Uint8Array(10), confirmed: true, dr: 2 }))
    sim.run({ until: minutes(3) })
    expect(mac.joined).toBe(true)
    expect(done).toEqual([true])
    expect(tx[0]).toEqual({ freq: 917_500_000, sf: 8, bw: 500_000 }) // DR6 = SF8/500 on channel 65
    expect(rx[0]).toEqual({ freq: 923_900_000, sf: 7, bw: 500_000 }) // ch 65 → 923.3 + 0.6·1; DR6 → DR13 = SF7/500
    expect(tx[1]!.sf).toBe(10) // DR2 = SF10/125
    const ch = AU915_CHANNELS.findIndex((c) => c.frequencyHz === tx[1]!.freq)
    expect(ch).toBeGreaterThanOrEqual(8)
    expect(ch).toBeLessThan(16)
    expect(rx[1]).toEqual({ freq: 923_300_000 + 600_000 * (ch % 8), sf: 10, bw: 500_000 }) // DR2 → DR10 = SF10/500
  })
})
