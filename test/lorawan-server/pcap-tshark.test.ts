/**
 * `fieldnet run --pcap FILE` on the OTAA scenario: the capture holds every frame
 * as each gateway saw it (LoRaTap v0, sync word 0x34), and tshark decodes the
 * data frames as LoRaWAN with "MIC Status: Good" and the application payload,
 * given the session keys derived from the captured JoinRequest/JoinAccept and the
 * AppKey. Skipped, with a visible warning, where tshark is absent.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { decodeLoraTapV0 } from "../../stack/capture/index.ts"
import { deriveSessionKeys, fromHex, openJoinAccept, openJoinRequest, toHex } from "../../stack/lorawan/index.ts"

const hasTshark = spawnSync("tshark", ["--version"], { encoding: "utf8" }).status === 0
if (!hasTshark) console.warn("test/lorawan-server/pcap-tshark.test.ts: SKIPPED — tshark is not installed (apt-get install -y tshark)")

const APP_KEY = fromHex("2b7e151628aed2a6abf7158809cf4f3c") // scenarios/lorawan-otaa.ts

/** The LoRaTap records of a classic pcap file. */
function records(bytes: Uint8Array): { timeUs: number; syncWord: number; payload: Uint8Array }[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: { timeUs: number; syncWord: number; payload: Uint8Array }[] = []
  for (let off = 24; off + 16 <= bytes.length; ) {
    const sec = v.getUint32(off, true)
    const usec = v.getUint32(off + 4, true)
    const len = v.getUint32(off + 8, true)
    const rec = bytes.subarray(off + 16, off + 16 + len)
    const tap = decodeLoraTapV0(rec)
    out.push({ timeUs: sec * 1_000_000 + usec, syncWord: tap.syncWord, payload: tap.payload })
    off += 16 + len
  }
  return out
}

describe("fieldnet run --pcap", () => {
  it.skipIf(!hasTshark)("an OTAA run's capture decodes in tshark with MIC Good and the decrypted payloads", () => {
    const dir = mkdtempSync(join(tmpdir(), "fieldnet-pcap-"))
    try {
      const file = join(dir, "otaa.pcap")
      const run = spawnSync(process.execPath, ["bin/fieldnet.js", "run", "scenarios/lorawan-otaa.ts", "--seed", "3", "--until", "16min", "--pcap", file, "--quiet"], { encoding: "utf8" })
      expect(run.status, run.stderr).toBe(0)
      const recs = records(readFileSync(file))
      expect(recs.every((r) => r.syncWord === 0x34)).toBe(true)
      for (let i = 1; i < recs.length; i++) expect(recs[i]!.timeUs).toBeGreaterThanOrEqual(recs[i - 1]!.timeUs)
      // Session keys from the last JoinRequest and the JoinAccept that followed it.
      const mt = (r: { payload: Uint8Array }) => r.payload[0]! >> 5
      const accIdx = recs.findIndex((r) => mt(r) === 1)
      const req = recs.slice(0, accIdx).reverse().find((r) => mt(r) === 0)!
      const { request, micValid } = openJoinRequest(req.payload, APP_KEY)
      expect(micValid).toBe(true)
      const acc = openJoinAccept(recs[accIdx]!.payload, APP_KEY)
      expect(acc.micValid).toBe(true)
      const keys = deriveSessionKeys(APP_KEY, acc.accept.appNonce, acc.accept.netId, request.devNonce)
      const addrLe = toHex(Uint8Array.of(acc.accept.devAddr & 0xff, (acc.accept.devAddr >> 8) & 0xff, (acc.accept.devAddr >> 16) & 0xff, acc.accept.devAddr >>> 24))
      const uat = `uat:encryption_keys_lorawan:"${addrLe}","${toHex(keys.nwkSKey)}","${toHex(keys.appSKey)}","70b3d57ed0001234"`
      const fields = ["lorawan.mhdr.mtype", "lorawan.fhdr.fcnt", "lorawan.fport", "lorawan.mic.status", "lorawan.frmpayload_decrypted"]
      const r = spawnSync("tshark", ["-r", file, "-T", "fields", ...fields.flatMap((f) => ["-e", f]), "-o", uat], { encoding: "utf8" })
      expect(r.status).toBe(0)
      const rows = r.stdout.trimEnd().split("\n").map((l) => l.split("\t"))
      expect(rows).toHaveLength(recs.length)
      const ups = rows.filter((row) => row[0] === "4")
      const downs = rows.filter((row) => row[0] === "3")
      expect(ups.length).toBeGreaterThanOrEqual(3)
      expect(downs.length).toBe(ups.length)
      ups.forEach((row, n) => {
        expect(row[3]).toBe("1") // MIC Status: Good
        expect(Number(row[1])).toBe(n)
        expect(row[4]).toBe(`${n.toString(16).padStart(2, "0")}0203`) // the board's [n, 2, 3]
      })
      downs.forEach((row, n) => {
        expect(row[3]).toBe("1")
        expect(row[4]).toBe(`ac${n.toString(16).padStart(2, "0")}`) // the application's echo on FPort 3
      })
      const v = spawnSync("tshark", ["-r", file, "-V", "-Y", "lorawan.mhdr.mtype == 4", "-c", "40", "-o", uat], { encoding: "utf8" })
      expect(v.stdout).toContain("[Message Integrity Code Status: Good]")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
