/**
 * The device's channel table and mask (PF LMN `RegionEU868.c` / `RegionUS915.c`:
 * ChannelAdd/Remove, LinkAdrReq ChMask handling, NextChannel; docs/models.md §3.2).
 */
import type { Rng } from "../../../sim/index.ts"
import type { ChannelPlan, Region } from "../region-types.ts"

/** Channel table state that survives in nvram (plain arrays). */
export interface ChannelState {
  /** Channel table by index (`null` = no channel). */
  channels: (ChannelPlan | null)[]
  /** Enabled flags by index. */
  mask: boolean[]
}

/** A fresh table: the region's default channels, all enabled (LMN `RegionInitDefaults(INIT_TYPE_INIT)`). */
export function defaultChannels(region: Region): ChannelState {
  const channels: (ChannelPlan | null)[] = new Array<ChannelPlan | null>(region.maxChannels).fill(null)
  region.defaultChannels.forEach((c, i) => (channels[i] = c))
  return { channels, mask: channels.map((c) => c !== null) }
}

/**
 * Re-enables the default channels (LMN `RegionInitDefaults(INIT_TYPE_RESTORE)`,
 * after a failed confirmed uplink and at the end of the ADR back-off; docs/models.md §3.4–3.5).
 */
export function restoreDefaultChannels(region: Region, st: ChannelState): void {
  region.defaultChannels.forEach((c, i) => {
    st.channels[i] = c
    st.mask[i] = true
  })
}

/** Number of channels the region cannot remove: a dynamic plan's default channels (EU868 3, AS923 2; PD, LMN `Region*ChannelsRemove`); a fixed plan none. */
export function fixedChannelCount(region: Region): number {
  return region.channelPlan === "dynamic" ? region.defaultChannels.length : 0
}

/** Whether some enabled channel accepts `dr`. */
export function drUsable(st: ChannelState, dr: number): boolean {
  for (let i = 0; i < st.channels.length; i++) {
    const c = st.channels[i]
    if (c !== null && c !== undefined && st.mask[i] === true && dr >= c.minDr && dr <= c.maxDr) return true
  }
  return false
}

/**
 * Picks a channel uniformly among the enabled ones that accept `dr` and whose
 * band is free at `now` (`bandFreeAt(freq)` ≤ now). When none is free, returns
 * the channel whose band frees first, with its time (LMN NextChannel returns the
 * wait; `ScheduleTx` delays the frame: docs/models.md §1.4). −1 when no channel accepts `dr`.
 */
export function pickChannel(st: ChannelState, dr: number, now: number, bandFreeAt: (freqHz: number) => number, rng: Rng): { index: number; at: number } {
  const free: number[] = []
  let best = -1
  let bestAt = Infinity
  for (let i = 0; i < st.channels.length; i++) {
    const c = st.channels[i]
    if (c === null || c === undefined || st.mask[i] !== true || dr < c.minDr || dr > c.maxDr) continue
    const at = bandFreeAt(c.frequencyHz)
    if (at <= now) free.push(i)
    else if (at < bestAt) {
      bestAt = at
      best = i
    }
  }
  if (free.length > 0) return { index: free[rng.int(0, free.length - 1)]!, at: now }
  return { index: best, at: best < 0 ? now : bestAt }
}

/**
 * Applies a LinkADRReq channel mask (LoRaWAN 1.0.2 §5.2; Regional Parameters
 * 1.0.2rB §2.2.5 / §2.7.5 dynamic plans (EU868, AS923): ChMaskCntl 0 = channels
 * 0..15, 6 = all defined channels on; §2.3.5 / §2.5.5 fixed plans (US915, AU915):
 * ChMaskCntl 0..4 = blocks of 16, 6/7 = all 125 kHz on/off and the mask for the
 * 8 × 500 kHz channels). Returns the new mask, or undefined when the request is
 * invalid (channel mask NACK).
 */
export function applyChMask(region: Region, st: ChannelState, chMask: number, cntl: number): boolean[] | undefined {
  const mask = st.mask.slice()
  const bitOn = (i: number): boolean => ((chMask >> i) & 1) === 1
  if (region.channelPlan === "dynamic") {
    if (cntl === 6) {
      for (let i = 0; i < mask.length; i++) mask[i] = st.channels[i] !== null && st.channels[i] !== undefined
    } else if (cntl === 0) {
      for (let i = 0; i < 16 && i < mask.length; i++) {
        if (bitOn(i) && (st.channels[i] === null || st.channels[i] === undefined)) return undefined
        mask[i] = bitOn(i)
      }
    } else return undefined
  } else {
    if (cntl >= 0 && cntl <= 4) {
      for (let i = 0; i < 16; i++) {
        const idx = cntl * 16 + i
        if (idx < mask.length) mask[idx] = bitOn(i)
      }
    } else if (cntl === 6 || cntl === 7) {
      for (let i = 0; i < 64; i++) mask[i] = cntl === 6
      for (let i = 0; i < 8; i++) mask[64 + i] = bitOn(i)
    } else return undefined
  }
  return mask.some((m) => m) ? mask : undefined
}
