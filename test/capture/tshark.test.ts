/**
 * End-to-end check with Wireshark's own dissectors: a LoRaTap capture of frames
 * built by stack/lorawan decodes as LoRaWAN in tshark with "MIC Status: Good"
 * and the right decrypted payload. Skipped, with a visible warning, where
 * tshark is absent (.ci/run installs it).
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { fc } from "@fast-check/vitest"
import { loraCaptureToBytes, type LoraCaptureRecord } from "../../stack/capture/index.ts"
import { buildDataFrame, encodeDownlinkMacCommands, encodeUplinkMacCommands, fromHex, toHex, type DataMType } from "../../stack/lorawan/index.ts"

const hasTshark = spawnSync("tshark", ["--version"], { encoding: "utf8" }).status === 0
if (!hasTshark) console.warn("test/capture/tshark.test.ts: SKIPPED — tshark is not installed (apt-get install -y tshark)")

const DEV_ADDR = 0x26011234
const KEYS = { nwkSKey: fromHex("44024241ed4ce9a68c6a8bc055233fd3"), appSKey: fromHex("ec925802ae430ca77fd3dd73cb2cc588") }
// Wireshark wants the DevAddr as on air (little-endian hex): reference captures-and-gateways.md.
const UAT = `uat:encryption_keys_lorawan:"34120126","${toHex(KEYS.nwkSKey)}","${toHex(KEYS.appSKey)}","70b3d57ed0000001"`

/** Wireshark checks MICs with the 16-bit FCnt only, so counters stay below 2^16 here. */
const frameSpec = fc.record({
  mtype: fc.constantFrom<DataMType>(2, 3, 4, 5),
  fcnt: fc.nat({ max: 0xffff }),
  fport: fc.integer({ min: 1, max: 223 }),
  payload: fc.uint8Array({ minLength: 1, maxLength: 51 }),
  withMacCommands: fc.boolean(),
  ack: fc.boolean(),
})

/** Well-formed FOpts for the frame's direction (Wireshark parses them and flags truncated ones as malformed). */
function foptsFor(mtype: DataMType, withMacCommands: boolean): Uint8Array {
  if (!withMacCommands) return new Uint8Array(0)
  const up = mtype === 2 || mtype === 4
  return up
    ? encodeUplinkMacCommands([{ type: "LinkCheckReq" }, { type: "DevStatusAns", battery: 255, margin: 10 }])
    : encodeDownlinkMacCommands([{ type: "LinkCheckAns", margin: 10, gwCnt: 1 }, { type: "DevStatusReq" }])
}

describe("tshark reads our LoRaTap captures", () => {
  it.skipIf(!hasTshark)("every frame decodes as LoRaWAN with MIC Good and the decrypted payload", () => {
    const specs = fc.sample(frameSpec, { seed: 5, numRuns: 40 })
    const records: LoraCaptureRecord[] = specs.map((s, i) => ({
      timeUs: 1_000_000 * (i + 1) + 17,
      frequencyHz: 868_100_000 + 200_000 * (i % 3),
      bandwidthHz: 125_000,
      sf: 7 + (i % 6),
      rssiDbm: -60 - i,
      snrDb: 5 - i / 4,
      payload: buildDataFrame({ mtype: s.mtype, devAddr: DEV_ADDR, fcnt: s.fcnt, fport: s.fport, payload: s.payload, fopts: foptsFor(s.mtype, s.withMacCommands), fctrl: { ack: s.ack } }, KEYS),
    }))
    // A MAC-only frame (FPort 0, NwkSKey): Wireshark 4.0 checks its MIC but does not decrypt FPort 0.
    records.push({ timeUs: 60_000_000, frequencyHz: 869_525_000, bandwidthHz: 125_000, sf: 12, rssiDbm: -110, snrDb: -10, payload: buildDataFrame({ mtype: 3, devAddr: DEV_ADDR, fcnt: 9, fport: 0, payload: Uint8Array.of(0x06) }, KEYS) })
    // And one with a corrupted MIC, which tshark must flag as Bad: the check above is not vacuous.
    const corrupted = buildDataFrame({ mtype: 2, devAddr: DEV_ADDR, fcnt: 10, fport: 1, payload: Uint8Array.of(1, 2, 3) }, KEYS)
    corrupted[corrupted.length - 1]! ^= 0x01
    records.push({ timeUs: 61_000_000, frequencyHz: 868_300_000, bandwidthHz: 125_000, sf: 7, rssiDbm: -70, snrDb: 8, payload: corrupted })
    const dir = mkdtempSync(join(tmpdir(), "fieldnet-tshark-"))
    try {
      const file = join(dir, "lorawan.pcap")
      writeFileSync(file, loraCaptureToBytes(records))
      const fields = ["frame.time_epoch", "loratap.channel.frequency", "loratap.channel.sf", "lorawan.mhdr.mtype", "lorawan.fhdr.devaddr", "lorawan.fhdr.fcnt", "lorawan.fport", "lorawan.mic.status", "lorawan.frmpayload_decrypted"]
      const r = spawnSync("tshark", ["-r", file, "-T", "fields", ...fields.flatMap((f) => ["-e", f]), "-o", UAT], { encoding: "utf8" })
      expect(r.status).toBe(0)
      const rows = r.stdout.trimEnd().split("\n").map((l) => l.split("\t"))
      expect(rows).toHaveLength(records.length)
      rows.forEach((row, i) => {
        const [time, freq, sf, mtype, devaddr, fcnt, fport, mic, decrypted] = row
        const s = specs[i]
        const rec = records[i]!
        expect(Number(time)).toBeCloseTo(rec.timeUs / 1e6, 6)
        expect(Number(freq)).toBe(rec.frequencyHz)
        expect(Number(sf)).toBe(rec.sf)
        expect(devaddr).toBe("0x26011234")
        if (i === records.length - 1) {
          expect(mic).toBe("0") // PROTO_CHECKSUM_E_BAD
          return
        }
        expect(mic).toBe("1") // PROTO_CHECKSUM_E_GOOD: "[Message Integrity Code Status: Good]"
        if (s === undefined) {
          expect(Number(fport)).toBe(0)
          return
        }
        expect(Number(mtype)).toBe(s.mtype)
        expect(Number(fcnt)).toBe(s.fcnt)
        expect(Number(fport)).toBe(s.fport)
        expect(decrypted).toBe(toHex(s.payload))
      })
      // The verbose tree says it in words, as a person reading the capture sees it.
      const v = spawnSync("tshark", ["-r", file, "-V", "-Y", "frame.number == 1", "-o", UAT], { encoding: "utf8" })
      expect(v.stdout).toContain("[Message Integrity Code Status: Good]")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
