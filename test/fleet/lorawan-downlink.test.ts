import { describe, expect, test } from "vitest"
import { Simulation, hours, minutes, s } from "../../sim/index.ts"
import { rxWindow } from "../../stack/lorawan/mac/index.ts"
import { EU868 } from "../../stack/lorawan/index.ts"
import {
  DOWNLINK_INTERFERENCE,
  DOWNLINK_NOT_SENT,
  DOWNLINK_RECEIVED,
  DOWNLINK_RECEIVER_BUSY,
  Fleet,
  type ResolvedDeviceGroupSpec,
  type ResolvedFleetSpec,
} from "../../stack/fleet/index.ts"

/** One ABP device at (x, 0) and gateways at the given points; LoRaSim's model (no shadowing) so RSSI follows distance. */
function world(deviceX: number, gateways: { x: number; y: number }[], over: Partial<ResolvedDeviceGroupSpec> = {}, region: ResolvedDeviceGroupSpec["region"] = "EU868") {
  const w = new Simulation({ seed: 5 })
  const group: ResolvedDeviceGroupSpec = {
    name: "d",
    kind: "lorawan",
    count: 1,
    placement: { kind: "points", points: [{ x: deviceX, y: 0 }] },
    traffic: { kind: "periodic", periodS: 10_000_000 },
    payloadBytes: 10,
    activation: "abp",
    sf: "fixed",
    fixedSf: 12,
    region,
    ...over,
  }
  const spec: ResolvedFleetSpec = { preset: "lorasim", gateways: { kind: "points", points: gateways }, groups: [group] }
  return { w, fleet: new Fleet(w, spec) }
}

describe("downlinks at the device: other gateways' downlinks (capture rule) and the receiver lock", () => {
  /** Books a downlink on each gateway at the given start offsets (same DR0 RX2 carrier unless told) and returns each outcome at the device. */
  function outcomes(deviceX: number, starts: number[], freqs: number[] = starts.map(() => EU868.rx2FrequencyHz)): number[] {
    const { w, fleet } = world(deviceX, [
      { x: -200, y: 0 },
      { x: 200, y: 0 },
    ])
    const p = fleet.planner
    const out: number[] = []
    const client = p.addClient({
      onDownlinkEnd(device, slot) {
        const open = rxWindow(p.startOf(slot), 12, 125_000).open
        out[p.gatewayOf(slot)] = p.outcome(slot, device, open, fleet.preset.deviceSensitivityDbm(12, 125_000))
        p.release(slot)
      },
    })
    starts.forEach((at, g) => expect(p.book(g, s(1) + at, p.downlinkToaUs(0, 17), freqs[g]!, 0, 27, client, 0)).toBeGreaterThanOrEqual(0))
    w.run({ until: s(5) })
    return out
  }

  test("two gateways' downlinks of equal power on one carrier: the first is destroyed, the second never locked (receiver busy)", () => {
    expect(outcomes(0, [0, 5_000])).toEqual([DOWNLINK_INTERFERENCE, DOWNLINK_RECEIVER_BUSY])
  })

  test("the other one starting before the window opened only interferes; on another carrier it does not matter", () => {
    expect(outcomes(0, [0, 200_000])).toEqual([DOWNLINK_INTERFERENCE, DOWNLINK_INTERFERENCE])
    expect(outcomes(0, [0, 5_000], [869_525_000, 868_100_000])).toEqual([DOWNLINK_RECEIVED, DOWNLINK_RECEIVED])
  })

  test("capture: ≥ 6 dB stronger survives the weaker one, which is lost", () => {
    // At x = −150 the device is 50 m from gateway 0 and 350 m from gateway 1: ~17 dB apart.
    const o = outcomes(-150, [0, 200_000])
    expect(o[0]).toBe(DOWNLINK_RECEIVED)
    expect(o[1]).toBe(DOWNLINK_INTERFERENCE)
  })
})

describe("the network server's choice among the gateways that heard the uplink", () => {
  test("strongest gateway first in RX1, the next one when it is busy, RX2 when none can; the device still gets its ACK", () => {
    // Both hear SF7 (LoRaSim's model: within ~150 m); gateway 1 is nearer, so it heard the uplink strongest.
    const { w, fleet } = world(0, [
      { x: -120, y: 0 },
      { x: 50, y: 0 },
    ], { fixedSf: 7, confirmedShare: 1, traffic: { kind: "periodic", periodS: 600 } })
    const p = fleet.planner
    const calls: { g: number; at: number; freq: number; dr: number; ok: boolean }[] = []
    const book = p.book.bind(p)
    let refuse = 0
    p.book = (g, at, toa, freq, dr, power, client, device) => {
      if (refuse > 0) {
        refuse--
        calls.push({ g, at, freq, dr, ok: false })
        return -1
      }
      const slot = book(g, at, toa, freq, dr, power, client, device)
      calls.push({ g, at, freq, dr, ok: slot >= 0 })
      return slot
    }
    const lw = fleet.lorawanGroup(0)!
    w.run({ until: minutes(10) + s(10) }) // the first message (within the first period): answered by gateway 1 in RX1
    expect(lw.msgSent[0]).toBe(1)
    expect(calls[0]).toMatchObject({ g: 1, ok: true, dr: 5 })
    expect([868_100_000, 868_300_000, 868_500_000]).toContain(calls[0]!.freq)
    refuse = 2 // the second message: both gateways refuse RX1 → RX2 through gateway 1
    w.run({ until: minutes(20) + s(10) })
    expect(lw.msgSent[0]).toBe(2)
    const second = calls.slice(1)
    expect(second.map((c) => [c.g, c.ok])).toEqual([
      [1, false],
      [0, false],
      [1, true],
    ])
    expect(second[1]!.at).toBe(second[0]!.at)
    expect(second[2]!.at).toBe(second[0]!.at + s(1))
    expect(second[2]!.freq).toBe(EU868.rx2FrequencyHz)
    expect(second[2]!.dr).toBe(EU868.rx2Dr)
    expect(lw.counters.acksReceived).toBe(2)
    expect(lw.counters.downlinksReceived).toBe(2)
  })

  test("a gateway that goes down after booking does not send: the device gets nothing, retries, and the not-sent downlink is counted", () => {
    const { w, fleet } = world(100, [{ x: 0, y: 0 }], { fixedSf: 7, confirmedShare: 1, traffic: { kind: "periodic", periodS: 600 } })
    const p = fleet.planner
    const m = fleet.medium
    const book = p.book.bind(p)
    let first = true
    p.book = (g, at, toa, freq, dr, power, client, device) => {
      const slot = book(g, at, toa, freq, dr, power, client, device)
      if (slot >= 0 && first) {
        first = false
        // Down from 10 ms before the booked start until it would have ended.
        w.schedule(at - 10_000, { onEvent: () => m.setGatewayUp(g, false) }, 0)
        w.schedule(at + toa + 1, { onEvent: () => m.setGatewayUp(g, true) }, 0)
      }
      return slot
    }
    w.run({ until: minutes(30) })
    const lw = fleet.lorawanGroup(0)!
    expect(p.notSent).toBe(1)
    expect(lw.counters.downlinksNotSent).toBe(1)
    expect(lw.counters.retransmissions).toBe(1) // the first trial got no ACK, its retry did
    expect(lw.counters.acksReceived).toBe(lw.msgSent[0])
    expect(lw.counters.confirmedFailed).toBe(0)
    expect(m.gatewayCounters[0]!.downlinks).toBe(p.bookedCount - 1)
  })
})

describe("gateway duty cycle from the region's sub-bands", () => {
  test("EU868: after an RX2 downlink (869.525 MHz, 10 %) the gateway waits ToA·9 before the next one there; US915 has no limit", () => {
    const { fleet } = world(0, [{ x: 0, y: 0 }])
    const p = fleet.planner
    const toa = p.downlinkToaUs(0, 17)
    expect(p.book(0, s(10), toa, 869_525_000, 0, 27, 0, 0)).toBeGreaterThanOrEqual(0)
    expect(p.book(0, s(10) + toa + 1, toa, 869_525_000, 0, 27, 0, 0)).toBe(-1)
    expect(p.book(0, s(10) + 10 * toa - 1, toa, 869_525_000, 0, 27, 0, 0)).toBe(-1)
    expect(p.book(0, s(10) + 10 * toa + 1, toa, 869_525_000, 0, 27, 0, 0)).toBeGreaterThanOrEqual(0)
    // Another sub-band (868.1 MHz, 1 %) is free meanwhile.
    expect(p.book(0, s(10) + toa + 1, toa, 868_100_000, 0, 14, 0, 0)).toBeGreaterThanOrEqual(0)

    const us = world(0, [{ x: 0, y: 0 }], { fixedSf: 10, payloadBytes: 5 }, "US915").fleet.planner
    const t8 = us.downlinkToaUs(8, 17)
    expect(us.book(0, s(10), t8, 923_300_000, 8, 20, 0, 0)).toBeGreaterThanOrEqual(0)
    expect(us.book(0, s(10) + t8 + 1, t8, 923_300_000, 8, 20, 0, 0)).toBeGreaterThanOrEqual(0)
  })

  test("every downlink booked reaches one of the outcomes (received, lost or not sent) — a day of a confirmed fleet", () => {
    const w = new Simulation({ seed: 9 })
    const fleet = new Fleet(w, {
      preset: "fieldnet",
      gateways: { kind: "hex", count: 3, spacingM: 800 },
      groups: [{ name: "c", kind: "lorawan", count: 60, placement: { kind: "disc", radiusM: 1200 }, traffic: { kind: "poisson", meanS: 300 }, payloadBytes: 10, confirmedShare: 0.5 }],
    })
    w.run({ until: hours(6) })
    const c = fleet.lorawanGroup(0)!.counters
    const outcomes = c.downlinksReceived + c.downlinksNotSent + c.downlinksLostWeak + c.downlinksLostBusy + c.downlinksLostInterference
    // Bookings whose end is still ahead have no outcome yet (at most one per device).
    expect(fleet.planner.bookedCount - outcomes).toBeGreaterThanOrEqual(0)
    expect(fleet.planner.bookedCount - outcomes).toBeLessThanOrEqual(60)
    expect(c.downlinksReceived).toBeGreaterThan(0.5 * fleet.planner.bookedCount)
    expect(DOWNLINK_NOT_SENT).not.toBe(DOWNLINK_RECEIVED)
  })
})
