import { describe, expect, it } from "vitest"
import { minutes, s } from "../../sim/index.ts"
import { EU868, US915 } from "../../stack/lorawan/index.ts"
import { freshSession, processMacCommands } from "../../stack/lorawan/mac/index.ts"
import { APP, NWK, device, devEui, every, net } from "../lorawan-mac/net.ts"
import { toHex } from "../../stack/lorawan/index.ts"

const dev = { battery: 200, lastSnrDb: 7.6 }

describe("device MAC command processing", () => {
  it("LinkADRReq is applied only when DR, power and mask are all acceptable", () => {
    const s0 = freshSession(EU868)
    const ok = processMacCommands(EU868, s0, [{ type: "LinkADRReq", dataRate: 3, txPower: 2, chMask: 0x0003, chMaskCntl: 0, nbRep: 2 }], dev)
    expect(ok.answers).toEqual([{ type: "LinkADRAns", powerAck: true, dataRateAck: true, channelMaskAck: true }])
    expect([s0.dr, s0.txPowerIndex, s0.nbRep, s0.channels.mask.slice(0, 3)]).toEqual([3, 2, 2, [true, true, false]])
    const bad = processMacCommands(EU868, s0, [{ type: "LinkADRReq", dataRate: 5, txPower: 9, chMask: 0x0010, chMaskCntl: 0, nbRep: 1 }], dev)
    expect(bad.answers).toEqual([{ type: "LinkADRAns", powerAck: false, dataRateAck: true, channelMaskAck: false }])
    expect([s0.dr, s0.txPowerIndex]).toEqual([3, 2])
  })

  it("RXParamSetup, RXTimingSetup (sticky answers), DutyCycle, DevStatus, NewChannel", () => {
    const s0 = freshSession(EU868)
    const out = processMacCommands(
      EU868,
      s0,
      [
        { type: "RXParamSetupReq", rx1DrOffset: 2, rx2Dr: 3, frequencyHz: 869_525_000 },
        { type: "RXTimingSetupReq", delay: 0 },
        { type: "DutyCycleReq", maxDCycle: 4 },
        { type: "DevStatusReq" },
        { type: "NewChannelReq", chIndex: 3, frequencyHz: 867_100_000, minDr: 0, maxDr: 5 },
        { type: "NewChannelReq", chIndex: 1, frequencyHz: 867_300_000, minDr: 0, maxDr: 5 },
      ],
      dev,
    )
    expect(out.sticky).toEqual([{ type: "RXParamSetupAns", rx1DrOffsetAck: true, rx2DrAck: true, channelAck: true }, { type: "RXTimingSetupAns" }])
    expect(out.answers).toEqual([
      { type: "DutyCycleAns" },
      { type: "DevStatusAns", battery: 200, margin: 8 },
      { type: "NewChannelAns", dataRateRangeOk: true, channelFrequencyOk: true },
      { type: "NewChannelAns", dataRateRangeOk: false, channelFrequencyOk: false },
    ])
    expect([s0.rx1DrOffset, s0.rx2Dr, s0.rx1DelayUs, s0.maxDCycle, s0.channels.channels[3]?.frequencyHz]).toEqual([2, 3, 1_000_000, 4, 867_100_000])
  })

  it("US915 refuses NewChannelReq and takes 500 kHz masks with ChMaskCntl 7", () => {
    const s0 = freshSession(US915)
    const out = processMacCommands(US915, s0, [{ type: "NewChannelReq", chIndex: 10, frequencyHz: 903_000_000, minDr: 0, maxDr: 3 }, { type: "LinkADRReq", dataRate: 4, txPower: 0, chMask: 0x0001, chMaskCntl: 7, nbRep: 1 }], dev)
    expect(out.answers[0]).toEqual({ type: "NewChannelAns", dataRateRangeOk: false, channelFrequencyOk: false })
    expect(out.answers[1]).toEqual({ type: "LinkADRAns", powerAck: true, dataRateAck: true, channelMaskAck: true })
    expect(s0.channels.mask.filter((m) => m)).toHaveLength(1)
  })
})

describe("MAC commands end to end", () => {
  function abp() {
    const w = net()
    const d = device(w.sim, w.medium, "d0")
    w.ns.registerAbp(devEui(0), 0x11, { nwkSKey: NWK, appSKey: APP })
    d.mac.joinAbp({ devAddr: 0x11, nwkSKey: NWK, appSKey: APP })
    return { ...w, ...d }
  }

  it("DevStatusReq is answered in the next uplink; RXTimingSetupReq moves RX1 on both sides", () => {
    const { sim, ns, mac, log } = abp()
    const id = toHex(devEui(0))
    mac.battery = 77
    ns.queueMacCommand(id, { type: "DevStatusReq" })
    ns.queueMacCommand(id, { type: "RXTimingSetupReq", delay: 3 })
    every(sim, s(1), minutes(1), 4, (i) => mac.send({ fport: 1, payload: Uint8Array.of(i), confirmed: true, dr: 5 }))
    sim.run({ until: minutes(5) })
    expect(ns.devices.get(id)!.devStatus?.battery).toBe(77)
    expect(mac.session.rx1DelayUs).toBe(3_000_000)
    expect(ns.devices.get(id)!.rx1DelayUs).toBe(3_000_000)
    expect(log.results.every((r) => r.acked)).toBe(true)
    const last = log.rxs.length - 1
    expect(log.rxs[last]!.start - log.txs[log.txs.length - 1]!.end).toBe(3_000_000)
  })

  it("LinkCheckReq gets LinkCheckAns with the gateway count", () => {
    const { sim, mac } = abp()
    const seen: [number, number][] = []
    mac.listener.onLinkCheck = (m, g) => seen.push([m, g])
    mac.requestLinkCheck()
    mac.send({ fport: 1, payload: Uint8Array.of(1), confirmed: false, dr: 5 })
    sim.run({ until: s(10) })
    expect(seen).toHaveLength(1)
    expect(seen[0]![1]).toBe(1)
    expect(seen[0]![0]).toBeGreaterThan(0)
  })
})
