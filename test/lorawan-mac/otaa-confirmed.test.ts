import { describe, expect, it } from "vitest"
import { minutes, s } from "../../sim/index.ts"
import { EU868, JOIN_ACCEPT_DELAY1_US, RECEIVE_DELAY1_US, RECEIVE_DELAY2_US, confirmedRetryDr, toHex } from "../../stack/lorawan/index.ts"
import { APPEUI, APPKEY, NWK, APP, device, devEui, every, net } from "./net.ts"

describe("class A MAC, OTAA", () => {
  it("joins through the join server; the accept lands in RX1 5 s after the request", () => {
    const { sim, medium, ns } = net()
    const { mac, log } = device(sim, medium, "d0")
    ns.registerOtaa(devEui(1), APPEUI, APPKEY)
    mac.joinOtaa({ devEui: devEui(1), appEui: APPEUI, appKey: APPKEY }, 5)
    sim.run({ until: s(30) })
    expect(mac.joined).toBe(true)
    expect(log.joined).toBe(1)
    expect(log.rxs[0]!.start - log.txs[0]!.end).toBe(JOIN_ACCEPT_DELAY1_US)
    const d = ns.devices.get(toHex(devEui(1)))!
    expect(d.devAddr).toBe(mac.session.devAddr)
    expect(toHex(d.keys.nwkSKey)).toBe(toHex(mac.session.nwkSKey))
    expect(toHex(d.keys.appSKey)).toBe(toHex(mac.session.appSKey))
  })

  it("retries every 10 s with a fresh DevNonce while the network does not know it", () => {
    const { sim, medium } = net()
    const { mac, log } = device(sim, medium, "d0")
    mac.joinOtaa({ devEui: devEui(2), appEui: APPEUI, appKey: APPKEY }, 5)
    sim.run({ until: s(45) })
    expect(mac.joined).toBe(false)
    expect(log.txs.length).toBe(5)
    for (let i = 1; i < log.txs.length; i++) expect(log.txs[i]!.start - log.txs[i - 1]!.start).toBe(s(10))
    const nonces = new Set(log.txs.map((t) => toHex(t.payload.subarray(17, 19))))
    expect(nonces.size).toBe(5)
  })
})

describe("class A MAC, confirmed uplinks", () => {
  it("gets an ACK in RX1 (1 s after TX end) and reports one try", () => {
    const { sim, medium, ns } = net()
    const { mac, log } = device(sim, medium, "d0")
    ns.registerAbp(devEui(0), 0x01020304, { nwkSKey: NWK, appSKey: APP })
    mac.joinAbp({ devAddr: 0x01020304, nwkSKey: NWK, appSKey: APP })
    every(sim, s(1), minutes(1), 3, (i) => mac.send({ fport: 2, payload: Uint8Array.of(i), confirmed: true, dr: 5 }))
    sim.run({ until: minutes(5) })
    expect(log.results.map((r) => [r.fcnt, r.acked, r.tries])).toEqual([[0, true, 1], [1, true, 1], [2, true, 1]])
    for (const [i, rx] of log.rxs.entries()) expect(rx.start - log.txs[i]!.end).toBe(RECEIVE_DELAY1_US)
    expect(ns.counters.acks).toBe(3)
  })

  it("without a network: tx_retries + 1 tries, same FCnt, DR lowered every 2nd retry, then TX_FAILED and FCnt + 1", () => {
    const { sim, medium } = net()
    const { mac, log } = device(sim, medium, "d0", { txRetries: 4 })
    mac.joinAbp({ devAddr: 7, nwkSKey: NWK, appSKey: APP })
    mac.send({ fport: 2, payload: Uint8Array.of(1), confirmed: true, dr: 5 })
    sim.run({ until: minutes(2) })
    expect(log.results).toHaveLength(1)
    const r = log.results[0]!
    expect([r.ok, r.acked, r.tries, r.error]).toEqual([false, false, 5, "no-ack"])
    expect(log.txs).toHaveLength(5)
    const sfs = log.txs.map((t) => t.sf)
    expect(sfs).toEqual([1, 2, 3, 4, 5].map((n) => 12 - confirmedRetryDr(EU868, 5, n)))
    for (const t of log.txs) expect(toHex(t.payload.subarray(6, 8))).toBe("0000")
    // retry gap: RX2 delay + ACK_TIMEOUT 2 s ± 1 s after TX end
    for (let i = 1; i < log.txs.length; i++) {
      const gap = log.txs[i]!.start - log.txs[i - 1]!.end
      expect(gap).toBeGreaterThanOrEqual(RECEIVE_DELAY2_US + s(1))
      expect(gap).toBeLessThanOrEqual(RECEIVE_DELAY2_US + s(3))
    }
    expect(mac.session.fcntUp).toBe(1)
  })

  it("a lost ACK makes the device retransmit; the server ACKs again but delivers once", () => {
    const { sim, medium, ns } = net()
    const { mac, log } = device(sim, medium, "d0")
    ns.registerAbp(devEui(0), 0x0a0b0c0d, { nwkSKey: NWK, appSKey: APP })
    mac.joinAbp({ devAddr: 0x0a0b0c0d, nwkSKey: NWK, appSKey: APP })
    const delivered: number[] = []
    ns.app.onUplink((u) => delivered.push(u.fcnt))
    // Deafen the device for the first cycle's windows: it hears nothing until 3 s.
    const radio = mac.radio
    const orig = radio.handler.onFrame!.bind(radio.handler)
    radio.handler.onFrame = (f, r) => {
      if (sim.now > s(3)) orig(f, r)
    }
    mac.send({ fport: 2, payload: Uint8Array.of(9), confirmed: true, dr: 5 })
    sim.run({ until: minutes(1) })
    expect(log.results[0]!.acked).toBe(true)
    expect(log.results[0]!.tries).toBeGreaterThan(1)
    expect(delivered).toEqual([0])
    expect(ns.counters.retransmissions).toBe(log.results[0]!.tries - 1)
  })
})
