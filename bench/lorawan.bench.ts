/**
 * LoRaWAN frame and capture throughput: building (encrypt + MIC) and opening
 * (MIC check + decrypt) data frames, join handshakes, and LoRaTap pcap records.
 * A 100-device fleet sending every few minutes needs ~1 frame/s, so these
 * figures say how far the crypto is from being a bottleneck.
 */
import { loraCaptureToBytes } from "../stack/capture/index.ts"
import { buildDataFrame, buildJoinAccept, deriveSessionKeys, openDataFrame, openJoinAccept, MType } from "../stack/lorawan/index.ts"
import { report, wallMs } from "./report.ts"

const keys = { nwkSKey: Uint8Array.from({ length: 16 }, (_, i) => i), appSKey: Uint8Array.from({ length: 16 }, (_, i) => 255 - i) }

function dataFrames(payloadBytes: number, n: number): void {
  const payload = new Uint8Array(payloadBytes).fill(0x5a)
  const frames: Uint8Array[] = []
  let t0 = wallMs()
  for (let i = 0; i < n; i++) frames.push(buildDataFrame({ mtype: MType.ConfirmedDataUp, devAddr: 0x26011234, fcnt: i, fport: 2, payload }, keys))
  report("lorawan.build_data_frame", n / ((wallMs() - t0) / 1000), "frames/s", { payloadBytes, frames: n })
  t0 = wallMs()
  let ok = 0
  for (let i = 0; i < n; i++) if (openDataFrame(frames[i]!, keys, i).micValid) ok++
  if (ok !== n) throw new Error(`MIC failures in benchmark: ${n - ok}`)
  report("lorawan.open_data_frame", n / ((wallMs() - t0) / 1000), "frames/s", { payloadBytes, frames: n })
}

function joins(n: number): void {
  const appKey = new Uint8Array(16).fill(7)
  const t0 = wallMs()
  for (let i = 0; i < n; i++) {
    const wire = buildJoinAccept({ appNonce: i & 0xffffff, netId: 0x13, devAddr: i, rx1DrOffset: 0, rx2Dr: 0, rxDelay: 1 }, appKey)
    if (!openJoinAccept(wire, appKey).micValid) throw new Error("JoinAccept MIC failure in benchmark")
    deriveSessionKeys(appKey, i & 0xffffff, 0x13, i & 0xffff)
  }
  report("lorawan.join_accept_roundtrip", n / ((wallMs() - t0) / 1000), "joins/s", { joins: n })
}

function capture(n: number): void {
  const payload = buildDataFrame({ mtype: MType.UnconfirmedDataUp, devAddr: 1, fcnt: 1, fport: 1, payload: new Uint8Array(20) }, keys)
  const records = Array.from({ length: n }, (_, i) => ({ timeUs: i * 1000, frequencyHz: 868_100_000, bandwidthHz: 125_000, sf: 7, rssiDbm: -90, snrDb: 5, payload }))
  const t0 = wallMs()
  const bytes = loraCaptureToBytes(records)
  report("capture.loratap_records", n / ((wallMs() - t0) / 1000), "records/s", { records: n, bytes: bytes.length })
}

/** Runs the LoRaWAN/capture figures. */
export function run(): void {
  dataFrames(12, 20_000)
  dataFrames(222, 20_000)
  joins(10_000)
  capture(100_000)
}
