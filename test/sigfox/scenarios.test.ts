/** The Sigfox scenarios run, are deterministic, and report what they claim. */
import { describe, expect, it } from "vitest"
import { runScenario } from "../../cli/run-scenario.ts"
import downlink from "../../scenarios/sigfox-downlink.ts"
import fleet from "../../scenarios/sigfox-fleet.ts"
import uplink from "../../scenarios/sigfox-uplink.ts"

describe("Sigfox scenarios", () => {
  it("uplink example: every message reaches the backend as 3 frames, each blocking send lasting 3 × 1.44 s + 2 × 1 s", () => {
    const r = runScenario(uplink, { seed: 3 })
    expect(r.failures).toEqual([])
    expect(r.metrics["message_success"]).toBe(1)
    expect(r.metrics["frames_per_message"]).toBe(3)
    expect(r.metrics["send_duration_s"]).toBe(6.32)
    expect(runScenario(uplink, { seed: 3 }).digest).toBe(r.digest)
  })

  it("SO_RX downlink: 4 downlinks a day then ENETDOWN; the send lasts 45–50 s", () => {
    const r = runScenario(downlink, { seed: 3 })
    expect(r.failures).toEqual([])
    expect(r.metrics["downlinks_received"]).toBe(4)
    expect(r.metrics["enetdown"]).toBe(1)
    expect(r.metrics["last_downlink_hex"]).toBe("deadbeef00000004")
    const d = r.metrics["send_duration_s"] as number
    expect(d).toBeGreaterThan(45)
    expect(d).toBeLessThan(50)
  })

  it("fleet (small): one station, no capture, full coverage → measured success near the analytic values; 3 frames beat 1", () => {
    const r = runScenario(fleet, { seed: 2, until: "20min", set: ["devices=1500", "msgsPerHour=30", "stations=1", "captureMarginDb=1000", "radiusM=300"] })
    expect(r.failures).toEqual([])
    const m = r.metrics as Record<string, number>
    expect(m["frames1.messages"]).toBeGreaterThan(5000)
    expect(Math.abs(m["frames1.frame_success"]! - m["frames1.analytic_frame_success"]!)).toBeLessThan(0.02)
    expect(Math.abs(m["frames3.frame_success"]! - m["frames3.analytic_frame_success"]!)).toBeLessThan(0.02)
    expect(Math.abs(m["frames3.message_success"]! - m["frames3.analytic_message_success"]!)).toBeLessThan(0.02)
    expect(m["frames3.message_success"]!).toBeGreaterThan(m["frames1.message_success"]!)
  })
})
