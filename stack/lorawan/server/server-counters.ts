/**
 * Network-server counters and the uplink channel index the RX1 rules need
 * (US915 RX1 frequency depends on the channel: reference §3.2).
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

/** Index of the region's channel at `freqHz`/`bwHz` (default channels for EU868; −1 when unknown — EU868 RX1 does not need it). */
export function channelIndexOf(region: Region, freqHz: number, bwHz: number): number {
  if (region.name === "US915") {
    if (bwHz === 500_000) return 64 + Math.round((freqHz - 903_000_000) / 1_600_000)
    return Math.round((freqHz - 902_300_000) / 200_000)
  }
  const i = region.defaultChannels.findIndex((c) => c.frequencyHz === freqHz)
  return i < 0 ? 0 : i
}
