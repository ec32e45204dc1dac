import { describe, expect, it } from "vitest"
import { Gateway, LoraRadio, Medium, linkTable } from "../../radio/index.ts"
import { Simulation, minutes } from "../../sim/index.ts"
import { AS923, maxPayloadOf } from "../../stack/lorawan/index.ts"
import { ClassADevice } from "../../stack/lorawan/mac/index.ts"
import { NetworkServer } from "../../stack/lorawan/server/index.ts"
import { APPEUI, APPKEY, devEui } from "./net.ts"

describe("AS923 (Pycom firmware: dwell limit on, DR2 floor)", () => {
  it("joins at DR2 on 923.2/923.4 MHz, gets RX1 on the uplink frequency at the AS923 offset DR, and respects the dwell-time payloads", () => {
    const sim = new Simulation({ seed: 3, trace: { sink: { kind: "memory" } } })
    const medium = Medium.of(sim, { propagation: linkTable([["as", "gw", 105]]) })
    // RX1DROffset 6 = effective −1: RX1 DR = min(5, max(2, DR + 1)) (PF EffectiveRx1DrOffsetAS923)
    const ns = new NetworkServer(sim, { region: AS923, rx1DrOffset: 6 })
    ns.addGateway(new Gateway(medium, { id: "gw", position: { x: 0, y: 0 }, channelsHz: [923_200_000, 923_400_000] }))
    const radio = new LoraRadio(medium, { id: "as", position: { x: 1, y: 0 } })
    const rx: { freq: number; sf: number; window: number }[] = []
    const tx: { freq: number; sf: number }[] = []
    const done: boolean[] = []
    const mac = new ClassADevice(sim, {
      region: AS923,
      radio,
      listener: { onRx: (f) => rx.push({ freq: f.freqHz, sf: f.sf, window: 0 }), onTx: (t) => tx.push({ freq: t.freqHz, sf: t.sf }), onUplinkDone: (r) => done.push(r.acked) },
    })
    ns.registerOtaa(devEui(23), APPEUI, APPKEY)
    mac.joinOtaa({ devEui: devEui(23), appEui: APPEUI, appKey: APPKEY }, AS923.defaultJoinDr)
    sim.schedule(minutes(1), () => mac.send({ fport: 1, payload: new Uint8Array(5), confirmed: true, dr: 4 }))
    sim.run({ until: minutes(3) })
    expect(mac.joined).toBe(true)
    expect(done).toEqual([true])
    expect(tx[0]!.sf).toBe(10) // JoinRequest at DR2 = SF10
    expect([923_200_000, 923_400_000]).toContain(tx[0]!.freq)
    expect(rx[0]).toMatchObject({ freq: tx[0]!.freq, sf: 10 }) // JoinAccept: offset 0 → DR2 on the join frequency
    expect(tx[1]!.sf).toBe(8) // uplink at DR4
    expect(rx[1]).toMatchObject({ freq: tx[1]!.freq, sf: 7 }) // DR4 with offset 6 → DR5 = SF7
    expect(maxPayloadOf(AS923, 2)).toBe(11)
    expect(mac.send({ fport: 1, payload: new Uint8Array(12), confirmed: false, dr: 2 })).toBe(false)
    expect(() => maxPayloadOf(AS923, 1)).toThrow() // DR0/DR1 unusable under the dwell limit
  })

  it("RX1 DR table: min(DR5, max(DR2, DR − {0,1,2,3,4,5,−1,−2}[offset]))", () => {
    expect(AS923.rx1Dr(5, 0)).toBe(5)
    expect(AS923.rx1Dr(5, 2)).toBe(3)
    expect(AS923.rx1Dr(5, 5)).toBe(2)
    expect(AS923.rx1Dr(3, 7)).toBe(5)
    expect(AS923.rx1Dr(2, 1)).toBe(2)
    expect(() => AS923.rx1Dr(2, 8)).toThrow()
    expect(AS923.rx2FrequencyHz).toBe(923_200_000)
    expect(AS923.rx2Dr).toBe(2)
  })
})
