/**
 * Sigfox radio configurations RC1–RC4 (the zones Pycom's `network.Sigfox`
 * exposes as RCZ1–RCZ4; docs/models.md §1.5 and §4).
 */

/** One radio configuration's uplink/downlink numbers. */
export interface RadioConfiguration {
  readonly rc: 1 | 2 | 3 | 4
  /** Uplink macro-channel centre (Hz): SEP `sigfox_rc.c`; SFXRC; Pycom `frequencies()` (docs/models.md §1.5, §4). */
  readonly uplinkHz: number
  /** Downlink centre (Hz), same sources. */
  readonly downlinkHz: number
  /** Uplink DBPSK bit rate: 100 bps RC1/RC3, 600 bps RC2/RC4 (PF `libsigfox.a`; SEP `sigfox_rc.c`; docs/models.md §4). */
  readonly uplinkBps: 100 | 600
  /** Max EIRP (dBm): RC1/3 16, RC2/4 24 (SEP `sigfox_rc.c`; docs/models.md §4). */
  readonly maxEirpDbm: number
}

/**
 * The macro channel is 192 kHz wide around the uplink centre (SEP
 * `sigfox_types.h`; docs/models.md §4).
 */
export const MACRO_CHANNEL_HZ = 192_000

/**
 * Guard ε kept from each edge of the macro channel: carriers are drawn in
 * f_ul ± (96 kHz − ε), ε = 18.78 kHz for RC1 (SEP `sigfox_ep_frequency.c`;
 * docs/models.md §4). ⚠ The reference gives ε only for RC1; fieldnet uses it for
 * RC2–RC4 too (their frequency hopping over 6 × 25 kHz micro-channels is not
 * modelled).
 */
export const MACRO_CHANNEL_GUARD_HZ = 18_780

/** Half-width of the range of uplink carriers: 96 kHz − ε = 77.22 kHz. */
export const CARRIER_HALF_SPAN_HZ = MACRO_CHANNEL_HZ / 2 - MACRO_CHANNEL_GUARD_HZ

/** RC1–RC4 (docs/models.md §4; `frequencies()` values in §1.5 match). */
export const RADIO_CONFIGURATIONS: Readonly<Record<1 | 2 | 3 | 4, RadioConfiguration>> = {
  1: { rc: 1, uplinkHz: 868_130_000, downlinkHz: 869_525_000, uplinkBps: 100, maxEirpDbm: 16 },
  2: { rc: 2, uplinkHz: 902_200_000, downlinkHz: 905_200_000, uplinkBps: 600, maxEirpDbm: 24 },
  3: { rc: 3, uplinkHz: 923_200_000, downlinkHz: 922_200_000, uplinkBps: 100, maxEirpDbm: 16 },
  4: { rc: 4, uplinkHz: 920_800_000, downlinkHz: 922_300_000, uplinkBps: 600, maxEirpDbm: 24 },
}

/** The configuration of RC `rc` (1–4). */
export function radioConfiguration(rc: number): RadioConfiguration {
  const c = RADIO_CONFIGURATIONS[rc as 1 | 2 | 3 | 4]
  if (c === undefined) throw new RangeError(`no Sigfox RC${rc} (RC1–RC4 are modelled)`)
  return c
}

/** Lowest and highest uplink carrier of a configuration (Hz). */
export function carrierRange(rc: RadioConfiguration): readonly [number, number] {
  return [rc.uplinkHz - CARRIER_HALF_SPAN_HZ, rc.uplinkHz + CARRIER_HALF_SPAN_HZ]
}
