import { Gateway, LoraRadio, Medium, linkTable, SYNC_WORD_PUBLIC, type LostFrame, type MediumOptions, type ReceivedFrame, type TxRequest } from "../../radio/index.ts"
import { Simulation } from "../../sim/index.ts"

/** A world with a medium; trace stored so tests can read it. */
export function world(options: MediumOptions = {}, seed = 1): { sim: Simulation; medium: Medium } {
  const sim = new Simulation({ seed, trace: { sink: { kind: "memory" } } })
  return { sim, medium: Medium.of(sim, options) }
}

/** A medium whose links have exactly the listed losses (dB). */
export function tableWorld(links: [string, string, number][], seed = 1): { sim: Simulation; medium: Medium } {
  return world({ propagation: linkTable(links) }, seed)
}

/** An uplink request on 868.1 MHz, BW125, CR4/5, at `sf` with `len` bytes. */
export function uplink(sf = 7, len = 10, txPowerDbm = 14, freqHz = 868_100_000): TxRequest {
  return { sf, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: true, freqHz, txPowerDbm, payload: new Uint8Array(len), syncWord: SYNC_WORD_PUBLIC, iqInverted: false }
}

/** A transmit-only end device. */
export function sender(medium: Medium, id: string, x = 0): LoraRadio {
  return new LoraRadio(medium, { id, position: { x, y: 0 } })
}

/** A gateway that records what it receives and loses. */
export function recordingGateway(medium: Medium, id = "gw", channelsHz?: readonly number[]) {
  const gw = new Gateway(medium, { id, position: { x: 0, y: 0 }, ...(channelsHz === undefined ? {} : { channelsHz }) })
  const got: ReceivedFrame[] = []
  const lost: LostFrame[] = []
  gw.onFrameReceived((f) => got.push(f))
  gw.onFrameLost((l) => lost.push(l))
  return { gw, got, lost }
}
