/**
 * Sigfox frame sizes and timing: uplink frame length per payload class and its
 * time on air, inter-frame gaps, the downlink timing and the downlink frame
 * (docs/models.md §4; sources SEP `sigfox_types.h`, `sigfox_ep_bitstream.c`,
 * `sigfox_rc.c`, PF `libsigfox.a`, PF18 `manufacturer_api.c`).
 */
import { ms, s, type Micros } from "../../sim/index.ts"

/** Largest uplink payload (bytes): PF18 `sigfox_api.h` (SFX error 0x30 beyond); docs/models.md §4. */
export const MAX_UPLINK_PAYLOAD = 12
/** Downlink payload (bytes): docs/models.md §4. */
export const DOWNLINK_PAYLOAD = 8
/** Out-of-band (keep-alive / DL confirmation) payload (bytes): PF `libsigfox.a`; docs/models.md §4. */
export const OOB_PAYLOAD = 7

/**
 * Uplink frame length on air in bytes for a payload of `n` bytes (`n = 0` is the
 * 1-bit frame): 14, 15, 18, 22, 26 for 0, 1, 2–4, 5–8, 9–12 bytes. It is
 * PR 2 + FT 2 + LI/BF/MsgCnt 2 + DevID 4 + N + AUTH + CRC 2, AUTH = 2 B if
 * N ≤ 1 else 5 − ((N − 1) mod 4) (SEP `sigfox_ep_bitstream.c`; docs/models.md §4).
 */
export function uplinkFrameBytes(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > MAX_UPLINK_PAYLOAD) throw new RangeError(`Sigfox uplink payload must be 0..12 bytes, got ${n}`)
  if (n === 0) return 14
  if (n === 1) return 15
  // Padding fills the payload up to the class boundary (4, 8 or 12 bytes), the AUTH length shrinking with it.
  const auth = 5 - ((n - 1) % 4)
  return 2 + 2 + 2 + 4 + n + auth + 2
}

/** Time on air (µs) of an uplink frame with `n` payload bytes at `bps` (100 or 600). */
export function uplinkAirtimeUs(n: number, bps: number): Micros {
  return Math.round((uplinkFrameBytes(n) * 8 * 1_000_000) / bps)
}

/**
 * Gap between the frames of an uplink-only message: Pycom uses 1 s (PF18
 * `manufacturer_api.c`; SEP allows 0–2 s; docs/models.md §4). Firmware value kept.
 */
export const UPLINK_ONLY_GAP_US: Micros = s(1)
/** Gap between frames when the downlink flag is set: 500 ms (SEP; docs/models.md §4). */
export const DOWNLINK_FLAG_GAP_US: Micros = ms(500)
/** With the downlink flag, frames 2 and 3 are at f1 + 6 kHz and f1 − 6 kHz (SEP `sigfox_ep_frequency.c`; docs/models.md §4). */
export const DOWNLINK_FLAG_FRAME_OFFSET_HZ = 6_000
/** Frames per message: 3 by default, 1–3 allowed (SEP; PF18 `sigfox_api.h`; docs/models.md §4). */
export const DEFAULT_FRAMES = 3

/** T_W: the device opens its RX window 20 s after the end of uplink frame 1 (SEP `sigfox_rc.c`; docs/models.md §4). */
export const DOWNLINK_WAIT_US: Micros = s(20)
/** RX window length 25 s (SEP `sigfox_rc.c`, DC/FH configurations; docs/models.md §4). */
export const DOWNLINK_WINDOW_US: Micros = s(25)
/** OOB confirmation after a downlink: Pycom 2 s (PF `libsigfox.a`; SEP allows 1.4–4 s; docs/models.md §4). */
export const OOB_ACK_DELAY_US: Micros = s(2)

/** Downlink: GFSK 600 bps, deviation 800 Hz (SEP `sigfox_types.h`; docs/models.md §4). */
export const DOWNLINK_BPS = 600
/** Downlink GFSK deviation (Hz): docs/models.md §4. */
export const DOWNLINK_DEVIATION_HZ = 800
/** Downlink sync word 0xB227 (SEP `sigfox_ep_bitstream.c`; docs/models.md §4). */
export const DOWNLINK_SYNC_WORD = 0xb227
/** Downlink PHY content 15 B: ECC 4 + payload 8 + auth 2 + CRC8 1 (docs/models.md §4). */
export const DOWNLINK_FRAME_BYTES = 15

/**
 * Downlink time on air (µs): sync word (2 B) + the 15-byte content at 600 bps
 * = 226.7 ms. ⚠ The preamble length is not in the reference and is not counted.
 */
export const DOWNLINK_AIRTIME_US: Micros = Math.round(((2 + DOWNLINK_FRAME_BYTES) * 8 * 1_000_000) / DOWNLINK_BPS)

/**
 * Occupied bandwidth of a DBPSK signal ≈ its bit rate: 100 Hz at 100 bps ("a
 * data rate of 100 bit/s … with a channel bandwidth of 100 Hz",
 * blog.wirelessmoves.com 2017/05 "The Sigfox Arduino – Part 3"), 600 Hz at
 * 600 bps. The UNB receiver bandwidth defaults to this.
 */
export function uplinkBandwidthHz(bps: number): number {
  return bps
}

/**
 * Occupied bandwidth (Hz) of the 600 bps GFSK downlink by Carson's rule:
 * 2 × (deviation 800 Hz + rate/2 300 Hz) = 2.2 kHz.
 */
export const DOWNLINK_BANDWIDTH_HZ = 2 * (DOWNLINK_DEVIATION_HZ + DOWNLINK_BPS / 2)

/** The uplink payload size classes of the reference table, for reports and tests. */
export const PAYLOAD_CLASSES: readonly { readonly label: string; readonly sizes: readonly number[]; readonly bytes: number }[] = [
  { label: "1 bit", sizes: [0], bytes: 14 },
  { label: "1 B", sizes: [1], bytes: 15 },
  { label: "2-4 B", sizes: [2, 3, 4], bytes: 18 },
  { label: "5-8 B", sizes: [5, 6, 7, 8], bytes: 22 },
  { label: "9-12 B", sizes: [9, 10, 11, 12], bytes: 26 },
]
