import { describe, expect, it } from "vitest"
import { Gateway, LoraRadio, Medium, linkTable } from "../../radio/index.ts"
import { Simulation, minutes, s } from "../../sim/index.ts"
import { US915, maxPayloadOf } from "../../stack/lorawan/index.ts"
import { ClassADevice } from "../../stack/lorawan/mac/index.ts"
import { NetworkServer } from "../../stack/lorawan/server/index.ts"
import { APPEUI, APPKEY, devEui } from "./net.ts"

describe("US915", () => {
  it("a device limited to sub-band 2 joins at DR0, gets RX1 on 923.3 + 0.6·(ch mod 8) MHz at DR10, and its uplinks respect DR3's N", () => {
    const sim = new Simulation({ seed: 2, trace: { sink: { kind: "memory" } } })
    const medium = Medium.of(sim, { propagation: linkTable([["us", "gw", 105]]) })
    const ns = new NetworkServer(sim, { region: US915 })
    // TTN's US915 plan: sub-band 2 = channels 8..15 (903.9–905.3 MHz)
    const sub2 = Array.from({ length: 8 }, (_, i) => 903_900_000 + 200_000 * i)
    ns.addGateway(new Gateway(medium, { id: "gw", position: { x: 0, y: 0 }, channelsHz: sub2 }))
    const radio = new LoraRadio(medium, { id: "us", position: { x: 1, y: 0 } })
    const rx: { freq: number; sf: number; bw: number }[] = []
    const got: number[] = []
    const mac = new ClassADevice(sim, { region: US915, radio, listener: { onRx: (f) => rx.push({ freq: f.freqHz, sf: f.sf, bw: f.bwHz }), onUplinkDone: (r) => got.push(r.acked ? 1 : 0) } })
    mac.session.channels.mask = mac.session.channels.mask.map((_, i) => i >= 8 && i < 16)
    ns.registerOtaa(devEui(9), APPEUI, APPKEY)
    mac.joinOtaa({ devEui: devEui(9), appEui: APPEUI, appKey: APPKEY }, 0)
    sim.schedule(minutes(1), () => mac.send({ fport: 1, payload: new Uint8Array(maxPayloadOf(US915, 3)), confirmed: true, dr: 3 }))
    sim.run({ until: minutes(3) })
    expect(mac.joined).toBe(true)
    expect(got).toEqual([1])
    expect(rx.length).toBe(2)
    for (const r of rx) {
      expect(r.bw).toBe(500_000)
      expect([923_300_000, 923_900_000, 924_500_000, 925_100_000, 925_700_000, 926_300_000, 926_900_000, 927_500_000]).toContain(r.freq)
    }
    expect(rx[0]!.sf).toBe(10) // DR0 → RX1 DR10 = SF10/500
    expect(rx[1]!.sf).toBe(7) // DR3 → RX1 DR13 = SF7/500
    expect(mac.send({ fport: 1, payload: new Uint8Array(12), confirmed: false, dr: 0 })).toBe(false) // DR0 N = 11
    void s
  })
})
