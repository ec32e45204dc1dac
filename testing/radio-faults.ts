import { LoraRadio, SYNC_WORD_PRIVATE, type Medium } from "../radio/index.ts"
import type { FaultEvent } from "./faults.ts"

/**
 * A ready `startInterferer` for {@link applyFaults} on a LoRa medium: each
 * interferer fault becomes a radio at (x, y) sending back-to-back LoRa frames
 * (private sync word, so nobody decodes them; they still add energy and
 * collide) at `sf` on the fault's frequency for its duration.
 */
export function loraInterferer(medium: Medium, options: { readonly sf?: number } = {}): (f: Extract<FaultEvent, { kind: "interferer" }>) => void {
  let n = 0
  return (f) => {
    const world = medium.world
    const radio = new LoraRadio(medium, { id: `interferer/${n++}`, position: { x: f.x, y: f.y } })
    const until = world.now + f.durationMs * 1000
    const req = {
      sf: options.sf ?? 7,
      bwHz: 125_000,
      cr: 1,
      preamble: 8,
      implicitHeader: false,
      crc: true,
      freqHz: f.frequencyHz,
      txPowerDbm: f.powerDbm,
      payload: new Uint8Array(64),
      syncWord: SYNC_WORD_PRIVATE,
      iqInverted: false,
    }
    world.spawn(function* () {
      while (world.now < until) yield* radio.send(req)
    }, { node: radio.id, name: "jam" })
  }
}
