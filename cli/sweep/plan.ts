import { ParamError } from "../scenario.ts"

/** One point of a sweep: a combination of swept parameter values. */
export interface SweepPoint {
  readonly index: number
  /** `key=value` overrides for this point. */
  readonly set: readonly string[]
  /** The swept values, for tables and charts. */
  readonly values: Readonly<Record<string, string>>
}

/** Splits `a,b,c` but keeps JSON arrays/objects (`[1,2]`) whole. */
function splitValues(text: string): string[] {
  const t = text.trim()
  if (t.startsWith("[") || t.startsWith("{")) return [t]
  return t.split(",").map((v) => v.trim()).filter((v) => v.length > 0)
}

/** Cartesian product of `--set key=v1,v2` options, in the order given. */
export function sweepPoints(sets: readonly string[]): SweepPoint[] {
  const axes: [string, string[]][] = []
  for (const item of sets) {
    const eq = item.indexOf("=")
    if (eq <= 0) throw new ParamError(`--set ${item}: expected key=v1,v2,…`)
    const values = splitValues(item.slice(eq + 1))
    if (values.length === 0) throw new ParamError(`--set ${item}: no values`)
    axes.push([item.slice(0, eq), values])
  }
  let combos: Record<string, string>[] = [{}]
  for (const [key, values] of axes) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })))
  return combos.map((values, index) => ({ index, values, set: Object.entries(values).map(([k, v]) => `${k}=${v}`) }))
}

/** Parses `--seeds 1..5` or `1,2,7`. */
export function parseSeeds(text: string): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(text.trim())
  if (range !== null) {
    const a = Number(range[1])
    const b = Number(range[2])
    if (b < a) throw new ParamError(`--seeds ${text}: empty range`)
    if (b - a > 10_000) throw new ParamError(`--seeds ${text}: more than 10000 seeds`)
    return Array.from({ length: b - a + 1 }, (_, i) => a + i)
  }
  const list = text.split(",").map((s) => s.trim())
  if (list.length === 0 || list.some((s) => !/^\d+$/.test(s))) throw new ParamError(`--seeds ${text}: expected N..M or a comma-separated list of non-negative integers`)
  return list.map(Number)
}
