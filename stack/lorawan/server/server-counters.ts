/**
 * Network-server counters and the uplink channel index the RX1 rules need
 * (US915 RX1 frequency depends on the channel: docs/models.md §3.2).
 */
import type { Region } from "../region-types.ts"

/** What the network server counted (always on). */
export interface ServerCounters {
  /** Unique uplinks accepted. */
  uplinks: number
  /** Extra gateway copies folded by de-duplication. */
  duplicateCopies: number
  /** Same-FCnt retransmissions/repetitions (not delivered again). */
  retransmissions: number
  replays: number
  fcntGaps: number
  micFailures: number
  unknownDevice: number
  malformed: number
  downlinks: number
  downlinksMissed: number
  acks: number
  joinsAccepted: number
  joinsRejected: number
}

/** All counters at zero. */
export function zeroCounters(): ServerCounters {
  return { uplinks: 0, duplicateCopies: 0, retransmissions: 0, replays: 0, fcntGaps: 0, micFailures: 0, unknownDevice: 0, malformed: 0, downlinks: 0, downlinksMissed: 0, acks: 0, joinsAccepted: 0, joinsRejected: 0 }
}

/**
 * Index of the region's channel at `freqHz`/`bwHz`: its place in the region's
 * channel list (a fixed plan lists all 72 channels; −1 when the frequency and
 * bandwidth match none, so RX1 is skipped). A dynamic plan's RX1 uses the uplink
 * frequency and does not need the index: 0 for a channel outside the defaults.
 */
export function channelIndexOf(region: Region, freqHz: number, bwHz: number): number {
  const i = region.defaultChannels.findIndex((c) => {
    const d = region.dataRates[c.minDr]
    return c.frequencyHz === freqHz && (d === undefined || d.modulation !== "lora" || d.bandwidthHz === bwHz)
  })
  if (region.channelPlan === "dynamic") return Math.max(0, i)
  return i
}
