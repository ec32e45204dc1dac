/** Summary statistics of a sample. */
export interface SampleSummary {
  readonly count: number
  readonly mean: number
  readonly min: number
  readonly max: number
  readonly p50: number
  readonly p99: number
}

/** A sample of observations (e.g. round-trip times) summarised at the end of a run. */
export class Sample {
  private values: number[] = []
  private sum = 0

  /** Records one observation. */
  add(value: number): void {
    this.values.push(value)
    this.sum += value
  }

  /** Number of observations. */
  get count(): number {
    return this.values.length
  }

  /** Mean, min, max and nearest-rank percentiles (p50, p99); zeros when empty. */
  summary(): SampleSummary {
    const n = this.values.length
    if (n === 0) return { count: 0, mean: 0, min: 0, max: 0, p50: 0, p99: 0 }
    const sorted = Float64Array.from(this.values).sort()
    const rank = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))] as number
    return { count: n, mean: this.sum / n, min: sorted[0] as number, max: sorted[n - 1] as number, p50: rank(0.5), p99: rank(0.99) }
  }
}

/** A value a scenario reports: a number, a string, or a sample summary. */
export type MetricValue = number | string | boolean | SampleSummary

/**
 * The run's named metrics: counters, gauges and samples registered by name.
 * `snapshot()` gives a plain, JSON-ready object with keys in registration order.
 */
export class Metrics {
  private readonly counters = new Map<string, number>()
  private readonly samples = new Map<string, Sample>()
  private readonly order: string[] = []
  private readonly values = new Map<string, MetricValue>()

  private register(name: string): void {
    if (!this.counters.has(name) && !this.samples.has(name) && !this.values.has(name)) this.order.push(name)
  }

  /** Adds `by` (default 1) to a counter. */
  inc(name: string, by = 1): void {
    this.register(name)
    this.counters.set(name, (this.counters.get(name) ?? 0) + by)
  }

  /** Current value of a counter (0 if never incremented). */
  count(name: string): number {
    return this.counters.get(name) ?? 0
  }

  /** Sets a reported value (overwrites). */
  set(name: string, value: MetricValue): void {
    this.register(name)
    this.values.set(name, value)
  }

  /** The named sample, created on first use. */
  sample(name: string): Sample {
    let s = this.samples.get(name)
    if (s === undefined) {
      this.register(name)
      s = new Sample()
      this.samples.set(name, s)
    }
    return s
  }

  /** All metrics as a plain object. */
  snapshot(): Record<string, MetricValue> {
    const out: Record<string, MetricValue> = {}
    for (const name of this.order) {
      const c = this.counters.get(name)
      if (c !== undefined) out[name] = c
      const s = this.samples.get(name)
      if (s !== undefined) out[name] = s.summary()
      const v = this.values.get(name)
      if (v !== undefined) out[name] = v
    }
    return out
  }
}
