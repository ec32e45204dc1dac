import { describe, expect, it } from "vitest"
import { minutes, s } from "../../sim/index.ts"
import { EU868, JOIN_RETRY_US, US915, joinDataRate, joinRetryAtUs } from "../../stack/lorawan/index.ts"
import { APPEUI, APPKEY, device, devEui, net } from "./net.ts"

const SF_OF_DR = [12, 11, 10, 9, 8, 7]

describe("ClassADevice join retries follow the shared rules", () => {
  it("with a DR (Pycom) every JoinRequest uses it, on Pycom's 10 s grid from the first request", () => {
    const { sim, medium } = net({ gateways: [] })
    const { mac, log } = device(sim, medium, "d0")
    sim.schedule(s(3), () => mac.joinOtaa({ devEui: devEui(31), appEui: APPEUI, appKey: APPKEY }, 5))
    sim.run({ until: s(3) + s(95) })
    expect(log.txs.length).toBe(10)
    expect(log.txs.every((t) => t.sf === 7)).toBe(true)
    log.txs.forEach((t, i) => expect(t.start).toBe(s(3) + i * JOIN_RETRY_US))
  })

  it("without a DR the LMN alternation applies: DR5 ×7, then DR4 on the 8th trial", () => {
    const { sim, medium } = net({ gateways: [] })
    const { mac, log } = device(sim, medium, "d0")
    mac.joinOtaa({ devEui: devEui(32), appEui: APPEUI, appKey: APPKEY })
    sim.run({ until: minutes(3) })
    const sfs = log.txs.slice(0, 9).map((t) => t.sf)
    expect(sfs).toEqual(Array.from({ length: 9 }, (_, i) => SF_OF_DR[joinDataRate(EU868, i + 1)]!))
    expect(sfs[7]).toBe(8)
  })

  it("a slow join waits for the join back-off, as joinRetryAtUs computes it", () => {
    const { sim, medium } = net({ gateways: [] })
    const { mac, log } = device(sim, medium, "d0")
    mac.joinOtaa({ devEui: devEui(33), appEui: APPEUI, appKey: APPKEY }, 0)
    sim.run({ until: minutes(12) })
    expect(log.txs.length).toBeGreaterThan(2)
    for (let i = 1; i < log.txs.length; i++) {
      const a = log.txs[i - 1]!
      const windowsEnd = a.end + s(6) + 300_000 // the RX2 window closes well within 0.3 s at SF12
      const at = joinRetryAtUs({ txEndUs: a.end, firstAttemptUs: 0, toaUs: a.end - a.start, windowsEndUs: windowsEnd, jitterUs: 0, bandDCycle: 100 })
      expect(log.txs[i]!.start).toBe(at)
    }
  })

  it("US915 Pycom default DR4 joins on the 500 kHz channels", () => {
    const { sim, medium } = net({ gateways: [] })
    const { mac, log } = device(sim, medium, "d0", {}, US915)
    mac.joinOtaa({ devEui: devEui(34), appEui: APPEUI, appKey: APPKEY }, US915.defaultJoinDr)
    sim.run({ until: s(25) })
    expect(log.txs.length).toBe(3)
    for (const t of log.txs) expect(US915.defaultChannels.findIndex((c) => c.frequencyHz === t.freq)).toBeGreaterThanOrEqual(64)
  })
})
