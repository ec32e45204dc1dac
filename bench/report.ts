/** One benchmark figure as a JSON line: `{"bench","value","unit",...extra}` on stdout. */
export function report(bench: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(JSON.stringify({ bench, value: Number(value.toPrecision(6)), unit, ...extra }) + "\n")
}

/** Forces a full GC when node runs with --expose-gc; returns whether it could. */
export function gc(): boolean {
  const g = (globalThis as { gc?: () => void }).gc
  if (g === undefined) return false
  g()
  g()
  return true
}

/** Wall-clock milliseconds (benchmarks only; never used inside the simulator). */
export const wallMs = (): number => performance.now()
