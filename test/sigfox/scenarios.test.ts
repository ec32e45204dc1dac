/** The Sigfox scenarios run, are deterministic, and report what they claim. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { decodeSigfoxRecord } from "../../stack/sigfox/index.ts"
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

  it("SO_RX downlink with --set pcap: uplinks, downlinks and OOB acks in a linktype-147 file", () => {
    const dir = mkdtempSync(join(tmpdir(), "fieldnet-sigfox-scn-"))
    try {
      const path = join(dir, "dl.pcap")
      runScenario(downlink, { seed: 3, set: [`pcap=${path}`] })
      const b = readFileSync(path)
      expect(b.readUInt32LE(20)).toBe(147)
      const kinds: string[] = []
      for (let off = 24; off < b.length; ) {
        const len = b.readUInt32LE(off + 8)
        const r = decodeSigfoxRecord(new Uint8Array(b.subarray(off + 16, off + 16 + len)))
        kinds.push(r.kind === "uplink" && r.oob ? "oob" : r.kind)
        off += 16 + len
      }
      // 5 SO_RX messages × 3 frames, 4 downlinks, 4 OOB acks (the 5th request exceeds 4/day).
      expect(kinds.filter((k) => k === "uplink").length).toBe(15)
      expect(kinds.filter((k) => k === "downlink").length).toBe(4)
      expect(kinds.filter((k) => k === "oob").length).toBe(4)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
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
