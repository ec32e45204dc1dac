/**
 * Sigfox pcap records (linktype 147) round-trip, and tshark with the shipped Lua
 * dissector shows them. The tshark part is skipped, with a visible warning,
 * where tshark is absent (.ci/run installs it).
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { AF_SIGFOX, SOL_SIGFOX, SO_BIT, SigfoxSocket, decodeSigfoxRecord, encodeSigfoxRecord, openSigfoxCaptureFile, type SigfoxCaptureRecord } from "../../stack/sigfox/index.ts"
import { sigfoxWorld, spawn } from "./world.ts"

const hasTshark = spawnSync("tshark", ["--version"], { encoding: "utf8" }).status === 0
if (!hasTshark) console.warn("test/sigfox/capture.test.ts: tshark part SKIPPED — tshark is not installed (apt-get install -y tshark)")

const record = fc.record({
  kind: fc.constantFrom<SigfoxCaptureRecord["kind"]>("uplink", "downlink", "fsk"),
  rc: fc.integer({ min: 0, max: 4 }),
  downlinkRequested: fc.boolean(),
  oob: fc.boolean(),
  bit: fc.option(fc.boolean(), { nil: undefined }),
  received: fc.boolean(),
  deviceId: fc.nat({ max: 0xffffffff }),
  freqHz: fc.integer({ min: 863_000_000, max: 928_000_000 }),
  seq: fc.nat({ max: 0xfff }),
  rank: fc.nat({ max: 2 }),
  frames: fc.integer({ min: 1, max: 3 }),
  rssiDbm: fc.option(fc.integer({ min: -1600, max: 0 }).map((x) => x / 10), { nil: undefined }),
  stations: fc.nat({ max: 100 }),
  airtimeUs: fc.nat({ max: 3_000_000 }),
  payload: fc.uint8Array({ maxLength: 64 }),
})

describe("Sigfox capture records", () => {
  test.prop([record])("encode/decode round-trips every field", (r) => {
    expect(decodeSigfoxRecord(encodeSigfoxRecord(r))).toEqual(r)
  })

  it.skipIf(!hasTshark)("tshark with stack/capture/sigfox.lua shows device, counter, frames and payload of a simulated run", () => {
    const dir = mkdtempSync(join(tmpdir(), "fieldnet-sigfox-"))
    try {
      const path = join(dir, "sigfox.pcap")
      const { sim, medium, backend, devices, sigfox } = sigfoxWorld()
      const file = openSigfoxCaptureFile(medium, path)
      backend.setDownlink(sigfox[0]!.endpoint.deviceId, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8))
      const sock = devices[0]!.socket(AF_SIGFOX, 3) as SigfoxSocket
      spawn(sim, function* () {
        yield* sock.send(Uint8Array.of(0xca, 0xfe))
        sock.setsockopt(SOL_SIGFOX, SO_BIT, true)
        yield* sock.send(new Uint8Array(0))
      })
      sim.run()
      file.close()
      expect(readFileSync(path).readUInt32LE(20)).toBe(147)
      const out = spawnSync("tshark", ["-X", "lua_script:stack/capture/sigfox.lua", "-r", path, "-T", "fields", "-e", "sigfox.kind", "-e", "sigfox.devid", "-e", "sigfox.seq", "-e", "sigfox.rank", "-e", "sigfox.frames", "-e", "sigfox.len", "-e", "sigfox.payload", "-e", "sigfox.flags.single_bit", "-e", "sigfox.flags.received"], { encoding: "utf8" })
      expect(out.status).toBe(0)
      const rows = out.stdout.trim().split("\n").map((l) => l.split("\t"))
      const id = `0x${sigfox[0]!.endpoint.deviceId.toString(16).padStart(8, "0")}`
      expect(rows.length).toBe(6)
      expect(rows.slice(0, 3).map((r) => [r[0], r[1], r[2], r[3], r[4], r[5], r[6]])).toEqual([
        ["0", id, "0", "0", "3", "2", "cafe"],
        ["0", id, "0", "1", "3", "2", "cafe"],
        ["0", id, "0", "2", "3", "2", "cafe"],
      ])
      const yes = (x: string | undefined) => x === "1" || x === "True" // tshark 4.0 prints 1, older ones True
      expect(rows.slice(3).every((r) => r[2] === "1" && r[5] === "0" && yes(r[7]) && yes(r[8]))).toBe(true)
      expect(rows.slice(0, 3).every((r) => !yes(r[7]))).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
