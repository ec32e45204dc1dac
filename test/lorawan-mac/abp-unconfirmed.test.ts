import { describe, expect, it } from "vitest"
import { minutes, s } from "../../sim/index.ts"
import { openDataFrame, toHex } from "../../stack/lorawan/index.ts"
import { APP, NWK, device, devEui, every, net } from "./net.ts"

describe("class A MAC, ABP, unconfirmed uplinks", () => {
  it("delivers every uplink once with increasing FCnt and the right port and payload", () => {
    const { sim, medium, ns } = net()
    const { mac, log } = device(sim, medium, "d0")
    ns.registerAbp(devEui(0), 0x26011234, { nwkSKey: NWK, appSKey: APP })
    mac.joinAbp({ devAddr: 0x26011234, nwkSKey: NWK, appSKey: APP })
    const got: { fcnt: number; port: number; payload: string }[] = []
    ns.app.onUplink((u) => got.push({ fcnt: u.fcnt, port: u.fport, payload: toHex(u.payload) }))
    every(sim, s(1), minutes(1), 5, (i) => expect(mac.send({ fport: 7, payload: Uint8Array.of(i, 0xaa), confirmed: false, dr: 5 })).toBe(true))
    sim.run({ until: minutes(10) })
    expect(got).toEqual([0, 1, 2, 3, 4].map((i) => ({ fcnt: i, port: 7, payload: `${i.toString(16).padStart(2, "0")}aa` })))
    expect(log.results.map((r) => [r.fcnt, r.ok, r.tries])).toEqual([0, 1, 2, 3, 4].map((i) => [i, true, 1]))
    expect(mac.session.fcntUp).toBe(5)
    // every frame opens with the session keys
    for (const [i, tx] of log.txs.entries()) expect(openDataFrame(tx.payload, { nwkSKey: NWK, appSKey: APP }).micValid, `tx ${i}`).toBe(true)
    expect(ns.counters.uplinks).toBe(5)
    expect(ns.counters.downlinks).toBe(0)
  })

  it("refuses a payload over the DR's N and sends nothing", () => {
    const { sim, medium } = net()
    const { mac, log } = device(sim, medium, "d0")
    mac.joinAbp({ devAddr: 1, nwkSKey: NWK, appSKey: APP })
    expect(mac.send({ fport: 1, payload: new Uint8Array(52), confirmed: false, dr: 0 })).toBe(false)
    expect(mac.send({ fport: 1, payload: new Uint8Array(51), confirmed: false, dr: 0 })).toBe(true)
    sim.run({ until: s(30) })
    expect(log.txs.length).toBe(1)
  })
})
