/** One CSV field, quoted when it holds a comma, quote or newline (RFC 4180). */
export function csvField(v: string | number | boolean | undefined): string {
  if (v === undefined) return ""
  const s = typeof v === "number" && !Number.isInteger(v) ? String(Number(v.toPrecision(10))) : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Rows of records → CSV text; the columns are the union of keys in first-seen order. */
export function toCsv(rows: readonly Record<string, string | number | boolean>[]): string {
  const columns: string[] = []
  const seen = new Set<string>()
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), columns.push(k))
  const lines = [columns.map(csvField).join(",")]
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(","))
  return lines.join("\n") + "\n"
}
