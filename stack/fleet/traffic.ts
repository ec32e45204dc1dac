import type { Rng } from "../../sim/index.ts"

/** One random stream per device, indexed by device number. */
export interface StreamBank {
  random(i: number): number
  uniform(i: number, min: number, max: number): number
  exponential(i: number, mean: number): number
}

/**
 * When each device of a group sends its uplinks (application traffic, before
 * any MAC retransmission).
 * - `periodic`: a metering device: every `periodS` ± a uniform jitter in
 *   [−jitterS, +jitterS) (default 0). The first send is uniform in [0, periodS)
 *   so that devices switched on together are not synchronised.
 * - `poisson`: independent exponential inter-send times of mean `meanS`, the
 *   first one exponential too. This is LoRaSim's model (Bor et al., MSWiM '16,
 *   `loraDir.py`: each node waits `random.expovariate(1.0/avgSendTime)` before
 *   every transmission); use it to compare with LoRaSim's results.
 */
export type Traffic =
  | { readonly kind: "periodic"; readonly periodS: number; readonly jitterS?: number }
  | { readonly kind: "poisson"; readonly meanS: number }

/**
 * Correlated traffic on top of a group's own: shared events (an alarm, a
 * power cut and restore) at exponential intervals of mean `meanIntervalS`; at
 * each one, every device independently with probability `share` sends one
 * extra message at a uniform delay in [0, spreadS) after the event.
 */
export interface Bursts {
  readonly meanIntervalS: number
  readonly share: number
  readonly spreadS: number
}

const US_PER_S = 1_000_000

/** Whole µs, at least 1 (a delay of 0 would re-fire in the same instant). */
function delay(us: number): number {
  const r = Math.round(us)
  return r < 1 ? 1 : r
}

/** The mean time between two sends of one device, in µs. */
export function meanIntervalUs(t: Traffic): number {
  return Math.round((t.kind === "periodic" ? t.periodS : t.meanS) * US_PER_S)
}

/**
 * Delay from the start of the run to device `i`'s first send, in whole µs
 * (≥ 1): uniform in [0, period) for `periodic`, exponential for `poisson`.
 * One draw from the device's stream.
 */
export function firstDelayUs(t: Traffic, bank: StreamBank, i: number): number {
  if (t.kind === "poisson") return delay(bank.exponential(i, t.meanS * US_PER_S))
  const periodUs = Math.round(t.periodS * US_PER_S)
  const d = delay(bank.uniform(i, 0, periodUs))
  return d >= periodUs ? Math.max(1, periodUs - 1) : d
}

/**
 * Delay from device `i`'s send to its next one, in whole µs (≥ 1). `periodic`
 * draws only when it has jitter; `poisson` draws one exponential.
 */
export function nextDelayUs(t: Traffic, bank: StreamBank, i: number): number {
  if (t.kind === "poisson") return delay(bank.exponential(i, t.meanS * US_PER_S))
  const periodUs = t.periodS * US_PER_S
  const jitterUs = (t.jitterS ?? 0) * US_PER_S
  return delay(jitterUs > 0 ? periodUs + bank.uniform(i, -jitterUs, jitterUs) : periodUs)
}

/** Delay to the next shared burst event, in whole µs (≥ 1): exponential of mean `meanIntervalS`. */
export function nextBurstDelayUs(b: Bursts, rng: Rng): number {
  return delay(rng.exponential(b.meanIntervalS * US_PER_S))
}

/** The devices that send at one burst event and their delays after it. */
export interface BurstSenders {
  /** Device numbers, in sending order. */
  readonly device: Int32Array
  /** Delay of each after the event, whole µs in [0, spreadS). */
  readonly delayUs: Float64Array
}

/**
 * Who sends at shared burst event number `eventIndex` among devices 0..n−1,
 * sorted by delay (ties by device number). Draws only from the child stream
 * `rng.child("event/<eventIndex>")`, so each event's draw is independent of the
 * others, and the chosen devices below n do not change when n grows. The
 * members are found by geometric skipping (gap − 1 ~ Geometric(share)), which
 * selects each device independently with probability `share` in O(share·n).
 */
export function burstSenders(b: Bursts, n: number, rng: Rng, eventIndex: number): BurstSenders {
  const r = rng.child(`event/${eventIndex}`)
  const chosen: number[] = []
  const delays: number[] = []
  const spreadUs = Math.round(b.spreadS * US_PER_S)
  if (b.share > 0 && n > 0) {
    // log1p keeps a tiny share's log(1 − share) from rounding to 0 (an endless loop).
    const logQ = b.share >= 1 ? 0 : Math.log1p(-b.share)
    for (let pos = -1; ; ) {
      pos += b.share >= 1 ? 1 : 1 + Math.floor(Math.log1p(-r.random()) / logQ)
      if (!(pos < n)) break
      chosen.push(pos)
      delays.push(spreadUs > 0 ? Math.min(spreadUs - 1, Math.floor(r.uniform(0, spreadUs))) : 0)
    }
  }
  return sortByDelay(chosen, delays, n, spreadUs)
}

/** Orders (device, delay) pairs by delay, ties by device number. */
function sortByDelay(chosen: readonly number[], delays: readonly number[], n: number, spreadUs: number): BurstSenders {
  const count = chosen.length
  const device = new Int32Array(count)
  const delayUs = new Float64Array(count)
  if (Math.max(spreadUs, 1) * n <= Number.MAX_SAFE_INTEGER) {
    // One exact integer key per pair, delay·n + device: a native numeric sort.
    const keys = new Float64Array(count)
    for (let k = 0; k < count; k++) keys[k] = (delays[k] as number) * n + (chosen[k] as number)
    keys.sort()
    for (let k = 0; k < count; k++) {
      const d = Math.floor((keys[k] as number) / n)
      delayUs[k] = d
      device[k] = (keys[k] as number) - d * n
    }
    return { device, delayUs }
  }
  const order = chosen.map((_, k) => k).sort((a, c) => (delays[a] as number) - (delays[c] as number) || (chosen[a] as number) - (chosen[c] as number))
  order.forEach((k, j) => {
    device[j] = chosen[k] as number
    delayUs[j] = delays[k] as number
  })
  return { device, delayUs }
}

const secs = (s: number) => `${Number(s.toPrecision(6))} s`

/** Traffic (and bursts) in one line for reports: `periodic every 600 s ± 30 s`. */
export function describeTraffic(t: Traffic, b?: Bursts): string {
  const base =
    t.kind === "periodic"
      ? `periodic every ${secs(t.periodS)}${t.jitterS !== undefined && t.jitterS > 0 ? ` ± ${secs(t.jitterS)}` : ""} (first send uniform in the first period)`
      : `Poisson, mean interval ${secs(t.meanS)}`
  if (b === undefined) return base
  return `${base}; bursts every ${secs(b.meanIntervalS)} on average, ${Number((b.share * 100).toPrecision(4))} % of devices within ${secs(b.spreadS)}`
}
