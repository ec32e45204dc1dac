import { describe, expect, it } from "vitest"
import { Gateway, linkTable } from "../../radio/index.ts"
import { minutes, s } from "../../sim/index.ts"
import { toHex } from "../../stack/lorawan/index.ts"
import { APP, NWK, device, devEui, every, net } from "../lorawan-mac/net.ts"

describe("network server", () => {
  it("de-duplicates copies from two gateways and delivers once", () => {
    const { sim, medium, ns } = net({ gateways: ["gw1", "gw2"] })
    const { mac } = device(sim, medium, "d0")
    ns.registerAbp(devEui(0), 0x22, { nwkSKey: NWK, appSKey: APP })
    mac.joinAbp({ devAddr: 0x22, nwkSKey: NWK, appSKey: APP })
    const got: number[] = []
    ns.app.onUplink((u) => got.push(u.gateways.length))
    every(sim, s(1), minutes(1), 3, (i) => mac.send({ fport: 1, payload: Uint8Array.of(i), confirmed: false, dr: 5 }))
    sim.run({ until: minutes(4) })
    expect(got).toEqual([2, 2, 2])
    expect(ns.counters.duplicateCopies).toBe(3)
  })

  it("rejects and traces replays: a re-played old frame is never delivered", () => {
    const { sim, medium, ns } = net({ devices: ["d0", "attacker"] })
    const { mac, log } = device(sim, medium, "d0")
    const atk = device(sim, medium, "attacker")
    ns.registerAbp(devEui(0), 0x33, { nwkSKey: NWK, appSKey: APP })
    mac.joinAbp({ devAddr: 0x33, nwkSKey: NWK, appSKey: APP })
    const got: number[] = []
    ns.app.onUplink((u) => got.push(u.fcnt))
    every(sim, s(1), minutes(1), 3, (i) => mac.send({ fport: 1, payload: Uint8Array.of(i), confirmed: false, dr: 5 }))
    // replay the first frame after the third one
    sim.schedule(minutes(3), {
      onEvent: () => {
        const f = log.txs[0]!
        atk.mac.radio.transmit({ sf: 7, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: true, freqHz: f.freq, txPowerDbm: 14, payload: f.payload, syncWord: 0x34, iqInverted: false })
      },
    })
    sim.run({ until: minutes(4) })
    expect(got).toEqual([0, 1, 2])
    expect(ns.counters.replays).toBe(1)
    expect(sim.trace.lines.some((l) => l.includes('"reason":"replay"'))).toBe(true)
  })

  it("ADR raises a far-from-floor device from DR0 towards DR5 with LinkADRReq", () => {
    const { sim, medium, ns } = net({ loss: 100 })
    const { mac } = device(sim, medium, "d0", { adr: true })
    ns.registerAbp(devEui(0), 0x44, { nwkSKey: NWK, appSKey: APP })
    mac.joinAbp({ devAddr: 0x44, nwkSKey: NWK, appSKey: APP }, 0)
    every(sim, s(1), minutes(2), 30, (i) => mac.send({ fport: 1, payload: Uint8Array.of(i), confirmed: false, dr: undefined }))
    sim.run({ until: minutes(70) })
    expect(mac.session.dr).toBe(5)
    expect(mac.session.txPowerIndex).toBeGreaterThan(0)
    expect(sim.trace.lines.filter((l) => l.includes("lorawan.ns.adr")).length).toBeGreaterThanOrEqual(1)
  })

  it("an unknown DevAddr and a bad MIC are rejected", () => {
    const { sim, medium, ns } = net()
    const { mac } = device(sim, medium, "d0")
    ns.registerAbp(devEui(0), 0x55, { nwkSKey: NWK, appSKey: APP })
    mac.joinAbp({ devAddr: 0x55, nwkSKey: APP, appSKey: APP })
    mac.send({ fport: 1, payload: Uint8Array.of(1), confirmed: false, dr: 5 })
    sim.run({ until: s(10) })
    expect(ns.counters.micFailures).toBe(1)
    expect(ns.app.delivered).toBe(0)
    void toHex
    void Gateway
    void linkTable
  })
})
