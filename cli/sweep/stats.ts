/** Two-sided 97.5 % Student t quantiles for 1..30 degrees of freedom (standard table). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
]

/** Mean and 95 % confidence half-width (Student t) of a sample; `ci95` is NaN for one value. */
export interface MeanCi {
  readonly n: number
  readonly mean: number
  readonly ci95: number
}

/** Mean and 95 % CI half-width over seeds: t(0.975, n−1) · s/√n (1.96 beyond 30 degrees of freedom). */
export function meanCi(values: readonly number[]): MeanCi {
  const n = values.length
  if (n === 0) return { n, mean: NaN, ci95: NaN }
  const mean = values.reduce((a, b) => a + b, 0) / n
  if (n === 1) return { n, mean, ci95: NaN }
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)
  const t = n - 1 <= 30 ? (T975[n - 2] as number) : 1.96
  return { n, mean, ci95: (t * Math.sqrt(variance)) / Math.sqrt(n) }
}
