import type { Simulation } from "../../sim/index.ts"
import { snrDb, type FleetMedium } from "../../radio/index.ts"
import { worldCapture } from "../capture/world-capture.ts"

/** LoRaWAN MHDR bytes (docs/models.md §3.1): JoinRequest, unconfirmed and confirmed data up. */
const MHDR_JOIN_REQUEST = 0x00
const MHDR_UNCONFIRMED_UP = 0x40
const MHDR_CONFIRMED_UP = 0x80
/** DevAddr prefix of fleet devices (NetID 0 experimental block 0x26…, as TTN's community DevAddrs; an arbitrary choice). */
const DEVADDR_BASE = 0x26_00_00_00

/**
 * Whether `--pcap` asked for a capture of this world: fleet groups then settle
 * their frames at the end (tracked) and write one LoRaTap record per frame
 * received, as its best gateway saw it.
 */
export function capturing(world: Simulation): boolean {
  return worldCapture(world) !== undefined
}

/**
 * Records a fleet LoRaWAN uplink the network received: a frame with the real
 * header layout (MHDR, DevAddr = 0x26000000 + device number, FCtrl with ADR,
 * FCnt, FPort 1) and an all-zero FRMPayload and MIC — fleet devices carry no
 * keys or payload bytes, so Wireshark decodes the headers but not the payload.
 * Join requests carry AppEUI 0, DevEUI = device number, DevNonce = attempt.
 */
export function captureLorawanUplink(world: Simulation, medium: FleetMedium, t: number, device: number, kind: "join" | "data", confirmed: boolean, adr: boolean, fcnt: number, payloadBytes: number): void {
  const sink = worldCapture(world)
  if (sink === undefined || !medium.delivered(t)) return
  let bytes: Uint8Array
  if (kind === "join") {
    bytes = new Uint8Array(23)
    bytes[0] = MHDR_JOIN_REQUEST
    new DataView(bytes.buffer).setUint32(9, device, true)
    new DataView(bytes.buffer).setUint16(17, fcnt & 0xffff, true)
  } else {
    bytes = new Uint8Array(13 + payloadBytes)
    const v = new DataView(bytes.buffer)
    bytes[0] = confirmed ? MHDR_CONFIRMED_UP : MHDR_UNCONFIRMED_UP
    v.setUint32(1, (DEVADDR_BASE + device) >>> 0, true)
    bytes[5] = adr ? 0x80 : 0
    v.setUint16(6, fcnt & 0xffff, true)
    bytes[8] = 1
  }
  record(world, medium, t, bytes)
}

/** Records a raw LoRa fleet frame some gateway received (payload all zeros, private sync word in the LoRaTap header). */
export function captureRawFrame(world: Simulation, medium: FleetMedium, t: number, payloadBytes: number): void {
  if (worldCapture(world) === undefined || !medium.delivered(t)) return
  record(world, medium, t, new Uint8Array(payloadBytes))
}

function record(world: Simulation, medium: FleetMedium, t: number, payload: Uint8Array): void {
  const bw = medium.bandwidthOf(t)
  const rssi = medium.bestRssiDbm(t)
  worldCapture(world)!.add({ timeUs: medium.endOf(t), frequencyHz: medium.channelsHz[medium.channelOfFrame(t)]!, bandwidthHz: bw, sf: medium.sfOf(t), rssiDbm: rssi, snrDb: snrDb(rssi, bw), payload })
}
