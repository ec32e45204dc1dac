import { describe, expect, it } from "vitest"
import { timeOnAirUs } from "../../radio/index.ts"
import { hours, minutes, s } from "../../sim/index.ts"
import { EU868, decodePhyPayload, type DataFrame } from "../../stack/lorawan/index.ts"
import { processMacCommands } from "../../stack/lorawan/mac/index.ts"
import { APP, APPEUI, APPKEY, NWK, device, devEui, net } from "./net.ts"

describe("join back-off and NbRep", () => {
  it("JoinRequests at SF12 are spaced by the 1 % join back-off even with duty cycle off", () => {
    const { sim, medium } = net()
    const { mac, log } = device(sim, medium, "d0")
    mac.joinOtaa({ devEui: devEui(3), appEui: APPEUI, appKey: APPKEY }, 0)
    sim.run({ until: minutes(20) })
    const toa = timeOnAirUs(23, { sf: 12, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: true })
    expect(log.txs.length).toBeGreaterThan(3)
    for (let i = 1; i < log.txs.length; i++) {
      const a = log.txs[i - 1]!
      const b = log.txs[i]!
      // each default channel is in the same 1 % band g1: next start ≥ previous start + 100·ToA
      expect(b.start - a.start).toBeGreaterThanOrEqual(100 * toa)
    }
  })

  it("after the first hour the back-off tightens to 0.1 %", () => {
    const { sim, medium } = net()
    const { mac, log } = device(sim, medium, "d0")
    mac.joinOtaa({ devEui: devEui(4), appEui: APPEUI, appKey: APPKEY }, 5)
    sim.run({ until: hours(2) })
    const late = log.txs.filter((t) => t.start > hours(1) + minutes(1))
    const toa = late[0]!.end - late[0]!.start
    for (let i = 1; i < late.length; i++) expect(late[i]!.start - late[i - 1]!.start).toBeGreaterThanOrEqual(1000 * toa)
  })

  it("LinkADRReq NbRep 3 repeats each unconfirmed frame three times with the same FCnt", () => {
    const { sim, medium } = net()
    const { mac, log } = device(sim, medium, "d0")
    mac.joinAbp({ devAddr: 0x99, nwkSKey: NWK, appSKey: APP })
    processMacCommands(EU868, mac.session, [{ type: "LinkADRReq", dataRate: 5, txPower: 0, chMask: 0x0007, chMaskCntl: 0, nbRep: 3 }], { battery: 255, lastSnrDb: 0 })
    mac.send({ fport: 1, payload: Uint8Array.of(1), confirmed: false, dr: 5 })
    mac.send({ fport: 1, payload: Uint8Array.of(2), confirmed: false, dr: 5 })
    sim.run({ until: minutes(1) })
    expect(log.txs.map((t) => (decodePhyPayload(t.payload) as DataFrame).fcnt)).toEqual([0, 0, 0, 1, 1, 1])
    expect(log.results.map((r) => r.tries)).toEqual([3, 3])
    void s
  })
})
