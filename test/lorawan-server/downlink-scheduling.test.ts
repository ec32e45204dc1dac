import { describe, expect, it } from "vitest"
import { minutes, s } from "../../sim/index.ts"
import { APP, NWK, device, devEui, net } from "../lorawan-mac/net.ts"

describe("downlink scheduling", () => {
  it("two confirmed uplinks ending together: one ACK in RX1, the other in RX2 (one TX at a time, band duty cycle)", () => {
    const { sim, medium, ns } = net({ devices: ["a", "b"] })
    const A = device(sim, medium, "a")
    const B = device(sim, medium, "b")
    ns.registerAbp(devEui(1), 0x101, { nwkSKey: NWK, appSKey: APP })
    ns.registerAbp(devEui(2), 0x102, { nwkSKey: NWK, appSKey: APP })
    A.mac.joinAbp({ devAddr: 0x101, nwkSKey: NWK, appSKey: APP })
    B.mac.joinAbp({ devAddr: 0x102, nwkSKey: NWK, appSKey: APP })
    // Force different channels so both uplinks are received.
    A.mac.session.channels.mask = [true, false, false, ...A.mac.session.channels.mask.slice(3)]
    B.mac.session.channels.mask = [false, true, false, ...B.mac.session.channels.mask.slice(3)]
    sim.schedule(s(1), () => {
      A.mac.send({ fport: 1, payload: Uint8Array.of(1), confirmed: true, dr: 5 })
      B.mac.send({ fport: 1, payload: Uint8Array.of(2), confirmed: true, dr: 5 })
    })
    sim.run({ until: minutes(1) })
    expect(A.log.results[0]!.acked && B.log.results[0]!.acked).toBe(true)
    const windows = sim.trace.lines.filter((l) => l.includes('"lorawan.ns.down"')).map((l) => JSON.parse(l).window as number)
    expect(windows.sort()).toEqual([1, 2])
    expect(A.log.results[0]!.tries + B.log.results[0]!.tries).toBe(2)
  })

  it("a gateway whose RX1 sub-band is closed by its duty cycle answers in RX2", () => {
    const { sim, medium, ns } = net()
    const { mac } = device(sim, medium, "d0")
    ns.registerAbp(devEui(0), 0x103, { nwkSKey: NWK, appSKey: APP })
    mac.joinAbp({ devAddr: 0x103, nwkSKey: NWK, appSKey: APP })
    sim.schedule(s(1), () => mac.send({ fport: 1, payload: Uint8Array.of(1), confirmed: true, dr: 0 }))
    sim.schedule(s(20), () => mac.send({ fport: 1, payload: Uint8Array.of(2), confirmed: true, dr: 0 }))
    sim.run({ until: minutes(2) })
    const windows = sim.trace.lines.filter((l) => l.includes('"lorawan.ns.down"')).map((l) => JSON.parse(l).window as number)
    // the first ACK at SF12 (≈1 s on air) closes the 1 % g1 band for ≈100 s: the second goes to RX2 (869.525 MHz, 10 %)
    expect(windows).toEqual([1, 2])
  })
})
