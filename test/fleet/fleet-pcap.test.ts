/**
 * `fieldnet run scenarios/fleet.ts --out DIR --pcap`: the fleet's received
 * uplinks land in DIR/frames.pcap as LoRaTap records whose LoRaWAN headers
 * tshark decodes (join requests and data up with the fleet DevAddr block).
 * Skipped, with a visible warning, where tshark is absent.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const hasTshark = spawnSync("tshark", ["--version"], { encoding: "utf8" }).status === 0
if (!hasTshark) console.warn("test/fleet/fleet-pcap.test.ts: SKIPPED (tshark part) — tshark is not installed (apt-get install -y tshark)")

describe("fleet --pcap", () => {
  it("writes frames.pcap into the results directory, one record per received uplink, decodable as LoRaWAN", () => {
    const dir = mkdtempSync(join(tmpdir(), "fieldnet-fleet-pcap-"))
    try {
      const run = spawnSync(process.execPath, ["bin/fieldnet.js", "run", "scenarios/fleet.ts", "--until", "20m", "--out", dir, "--pcap", "--json"], { encoding: "utf8" })
      expect(run.status, run.stderr).toBe(0)
      const pcap = join(dir, "frames.pcap")
      expect(existsSync(pcap)).toBe(true)
      const bytes = readFileSync(pcap)
      expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4)
      expect(bytes.readUInt32LE(20)).toBe(270) // LINKTYPE_LORATAP
      const summary = JSON.parse(run.stdout) as { metrics: Record<string, number> }
      const lora = summary.metrics["frames_sent"]! > 0
      expect(lora).toBe(true)
      if (!hasTshark) return
      const t = spawnSync("tshark", ["-r", pcap, "-T", "fields", "-e", "lorawan.mhdr.mtype", "-e", "lorawan.fhdr.devaddr"], { encoding: "utf8" })
      expect(t.status).toBe(0)
      const lines = t.stdout.trim().split("\n")
      const joins = lines.filter((l) => l.startsWith("0\t") || l === "0").length
      const dataUp = lines.filter((l) => /^(2|4)\t0x26/.test(l)).length
      expect(joins).toBeGreaterThan(0)
      expect(dataUp).toBeGreaterThan(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
