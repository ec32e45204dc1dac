/**
 * Simulated time: an integer count of microseconds since the start of the run.
 *
 * A JS number holds integers exactly up to 2^53 µs (about 285 years), so plain
 * numbers are used; every helper here returns an integer. Formulas that produce
 * fractions (time on air, serialisation delay) round once, at their boundary,
 * in a direction they document.
 */
export type Micros = number

/** One microsecond, the unit of sim time. */
export const US: Micros = 1
/** One millisecond in µs. */
export const MS: Micros = 1_000
/** One second in µs. */
export const SECOND: Micros = 1_000_000
/** One minute in µs. */
export const MINUTE: Micros = 60 * SECOND
/** One hour in µs. */
export const HOUR: Micros = 60 * MINUTE
/** One day in µs. */
export const DAY: Micros = 24 * HOUR

/** Milliseconds to µs (rounded to the nearest µs). */
export const ms = (n: number): Micros => Math.round(n * MS)
/** Seconds to µs (rounded to the nearest µs). */
export const s = (n: number): Micros => Math.round(n * SECOND)
/** Minutes to µs (rounded to the nearest µs). */
export const minutes = (n: number): Micros => Math.round(n * MINUTE)
/** Hours to µs (rounded to the nearest µs). */
export const hours = (n: number): Micros => Math.round(n * HOUR)
/** Days to µs (rounded to the nearest µs). */
export const days = (n: number): Micros => Math.round(n * DAY)

const UNITS: Record<string, number> = {
  us: US,
  µs: US,
  ms: MS,
  s: SECOND,
  sec: SECOND,
  m: MINUTE,
  min: MINUTE,
  h: HOUR,
  d: DAY,
}

/**
 * Parses a duration such as `"90s"`, `"1h"`, `"1h30m"`, `"250ms"`, `"2d"` or a
 * bare integer (µs) into µs. Throws a `RangeError` naming the bad text.
 */
export function parseDuration(text: string): Micros {
  const src = text.trim()
  if (/^\d+$/.test(src)) return Number(src)
  const part = /(\d+(?:\.\d+)?)\s*(us|µs|ms|sec|min|s|m|h|d)/gy
  let total = 0
  let consumed = 0
  let match: RegExpExecArray | null
  while ((match = part.exec(src)) !== null) {
    const factor = UNITS[match[2] as string] as number
    total += Number(match[1]) * factor
    consumed = part.lastIndex
  }
  if (consumed === 0 || consumed !== src.length) {
    throw new RangeError(`invalid duration "${text}": expected e.g. 90s, 250ms, 1h30m, 2d or an integer of µs`)
  }
  return Math.round(total)
}

/** Formats µs as a short human duration, e.g. `1h02m03.500000s` or `12.345ms`. */
export function formatDuration(t: Micros): string {
  if (t < MS) return `${t}µs`
  if (t < SECOND) return `${(t / MS).toFixed(3)}ms`
  if (t < MINUTE) return `${(t / SECOND).toFixed(6)}s`
  const h = Math.floor(t / HOUR)
  const m = Math.floor((t % HOUR) / MINUTE)
  const sec = (t % MINUTE) / SECOND
  const secText = sec.toFixed(6).padStart(9, "0")
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m${secText}s` : `${m}m${secText}s`
}
