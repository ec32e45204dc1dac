import { describe, expect, it } from "vitest"
import { recordingGateway, sender, tableWorld, uplink } from "./helpers.ts"

describe("gateway outage", () => {
  it("a gateway that is down hears nothing, refuses downlinks, drops scheduled ones, and recovers", () => {
    const { sim, medium } = tableWorld([["a", "gw", 100]])
    const { gw, got, lost } = recordingGateway(medium)
    const a = sender(medium, "a")
    let downlinksSent = 0
    gw.onDownlinkDone(() => downlinksSent++)
    expect(gw.transmitAt(2_000_000, uplink(7))).toBe(true)
    sim.schedule(1_000_000, () => gw.setUp(false))
    sim.schedule(1_500_000, () => a.transmit(uplink(7))) // while down
    sim.schedule(1_600_000, () => expect(gw.transmitAt(3_000_000, uplink(7))).toBe(false))
    sim.schedule(4_000_000, () => gw.setUp(true))
    sim.schedule(5_000_000, () => a.transmit(uplink(7))) // after
    sim.run()
    expect(downlinksSent).toBe(0) // the scheduled one was dropped
    expect(got.map((f) => f.transmitterId)).toEqual(["a"])
    expect(got[0]?.startUs).toBeGreaterThanOrEqual(5_000_000)
    expect(gw.up).toBe(true)
    expect(sim.trace.lines.filter((l) => l.includes('"kind":"gateway.down"') || l.includes('"kind":"gateway.up"'))).toHaveLength(2)
    expect(lost).toEqual([]) // a gateway off the air is not listening: nothing to lose
  })

  it("going down mid-frame loses that frame as radio-off", () => {
    const { sim, medium } = tableWorld([["a", "gw", 100]])
    const { gw, got, lost } = recordingGateway(medium)
    sender(medium, "a").transmit(uplink(12))
    sim.schedule(100_000, () => gw.setUp(false))
    sim.run()
    expect(got).toHaveLength(0)
    expect(lost.map((l) => l.reason)).toEqual(["radio-off"])
  })
})
