import type { ConsoleLine } from "../../stack/python/python-runtime.ts"

/** `[    12.345678 lopy4] text`: sim time in seconds (µs precision) and the device, as a board's serial console would be read with timestamps. */
export function formatConsoleLine(line: ConsoleLine): string {
  const s = Math.floor(line.t / 1_000_000)
  const us = String(line.t % 1_000_000).padStart(6, "0")
  return `[${String(s).padStart(6)}.${us} ${line.device}] ${line.text}`
}

/** Streams every printed line to stdout as it is printed (in sim-time order). */
export function consolePrinter(write: (text: string) => void = (t) => process.stdout.write(t)): (line: ConsoleLine) => void {
  return (line) => write(formatConsoleLine(line) + "\n")
}
