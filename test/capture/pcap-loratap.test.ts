import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { ValueError } from "../../stack/usocket/errors.ts"
import {
  LINKTYPE,
  PcapWriter,
  decodeLoraTapV0,
  encodeLoraTapV0,
  loraCaptureToBytes,
  openLoraCaptureFile,
  pcapGlobalHeader,
  pcapRecord,
} from "../../stack/capture/index.ts"
import { toHex } from "../../stack/lorawan/index.ts"

describe("pcap writer", () => {
  it("global header: d4c3b2a1, 2.4, zone 0, sigfigs 0, snaplen 65535, linktype", () => {
    expect(toHex(pcapGlobalHeader(LINKTYPE.LORATAP))).toBe("d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "ffff0000" + "0e010000")
  })

  test.prop([fc.nat({ max: 2 ** 40 }), fc.uint8Array({ maxLength: 300 })])("record header splits sim µs into seconds and microseconds", (t, data) => {
    const r = pcapRecord(t, data)
    const v = new DataView(r.buffer)
    expect(v.getUint32(0, true) * 1_000_000 + v.getUint32(4, true)).toBe(t)
    expect(v.getUint32(4, true)).toBeLessThan(1_000_000)
    expect(v.getUint32(8, true)).toBe(data.length)
    expect(v.getUint32(12, true)).toBe(data.length)
    expect(toHex(r.subarray(16))).toBe(toHex(data))
  })

  it("cuts records to the snaplen but keeps orig_len; applies the epoch", () => {
    const r = pcapRecord(5, new Uint8Array(10), 1_700_000_000_000_000, 4)
    const v = new DataView(r.buffer)
    expect([v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true), v.getUint32(12, true), r.length]).toEqual([1_700_000_000, 5, 4, 10, 20])
  })

  it("refuses negative or fractional timestamps with ValueError", () => {
    expect(() => pcapRecord(-1, new Uint8Array(1))).toThrow(ValueError)
    expect(() => pcapRecord(1.5, new Uint8Array(1))).toThrow(ValueError)
  })

  it("streams the header first, then one chunk per record", () => {
    const chunks: Uint8Array[] = []
    const w = new PcapWriter((c) => chunks.push(c), { linktype: LINKTYPE.RAW })
    w.write(1, Uint8Array.of(1))
    w.write(2, Uint8Array.of(2))
    expect(chunks.map((c) => c.length)).toEqual([24, 17, 17])
    expect(w.records).toBe(2)
  })

  it("writes a file that matches the in-memory bytes", () => {
    const dir = mkdtempSync(join(tmpdir(), "fieldnet-pcap-"))
    try {
      const rec = { timeUs: 1_234_567, frequencyHz: 868_100_000, bandwidthHz: 125_000, sf: 9, rssiDbm: -100, snrDb: -3.5, payload: Uint8Array.of(0x40, 1, 2) }
      const file = openLoraCaptureFile(join(dir, "a.pcap"))
      file.add(rec)
      file.close()
      expect(toHex(readFileSync(join(dir, "a.pcap")))).toBe(toHex(loraCaptureToBytes([rec])))
      expect(() => file.add(rec)).toThrow(ValueError)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe("LoRaTap v0", () => {
  it("lays out the 15-byte header big-endian with sync word 0x34", () => {
    const b = encodeLoraTapV0({ timeUs: 0, frequencyHz: 868_100_000, bandwidthHz: 125_000, sf: 7, rssiDbm: -80, snrDb: 7.25, payload: Uint8Array.of(0xaa) })
    // 868100000 = 0x33BE_27A0; RSSI -80 → 59 = 0x3b; SNR 7.25 × 4 = 29 = 0x1d.
    expect(toHex(b)).toBe("00" + "00" + "000f" + "33be27a0" + "01" + "07" + "3b3b3b" + "1d" + "34" + "aa")
  })

  const record = fc.record({
    timeUs: fc.constant(0),
    frequencyHz: fc.integer({ min: 137_000_000, max: 1_020_000_000 }),
    bandwidthHz: fc.constantFrom(125_000, 250_000, 500_000),
    sf: fc.integer({ min: 6, max: 12 }),
    rssiDbm: fc.integer({ min: -139, max: 116 }),
    snrDb: fc.integer({ min: -128, max: 127 }).map((q) => q / 4),
    payload: fc.uint8Array({ maxLength: 255 }),
  })
  test.prop([record])("round-trips every representable record", (r) => {
    const d = decodeLoraTapV0(encodeLoraTapV0(r))
    expect(d).toEqual({ frequencyHz: r.frequencyHz, bandwidthHz: r.bandwidthHz, sf: r.sf, rssiDbm: r.rssiDbm, snrDb: r.snrDb, syncWord: 0x34, payload: r.payload })
  })

  it("clamps RSSI and SNR outside the byte range; refuses bad BW/SF with ValueError", () => {
    const base = { timeUs: 0, frequencyHz: 868_100_000, bandwidthHz: 125_000, sf: 7, payload: new Uint8Array(0) }
    const d = decodeLoraTapV0(encodeLoraTapV0({ ...base, rssiDbm: -200, snrDb: -40 }))
    expect([d.rssiDbm, d.snrDb]).toEqual([-139, -32])
    expect(() => encodeLoraTapV0({ ...base, bandwidthHz: 62_500, rssiDbm: 0, snrDb: 0 })).toThrow(ValueError)
    expect(() => encodeLoraTapV0({ ...base, sf: 13, rssiDbm: 0, snrDb: 0 })).toThrow(ValueError)
  })
})
