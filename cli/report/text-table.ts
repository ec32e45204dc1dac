import type { ReportTable } from "./html.ts"

/** A report table as aligned plain text for the terminal (numbers right-aligned); long tables are cut at `maxRows`. */
export function formatTextTable(t: ReportTable, maxRows = 20): string {
  const rows = t.rows.slice(0, maxRows).map((r) => r.map((c) => String(c)))
  const widths = t.columns.map((c, j) => Math.max(c.length, ...rows.map((r) => (r[j] ?? "").length)))
  const line = (cells: readonly string[], numeric: readonly boolean[]): string =>
    cells.map((c, j) => (numeric[j] === true ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join("  ").trimEnd()
  const numeric = t.columns.map((_, j) => t.rows.every((r) => typeof r[j] === "number"))
  const out = [t.title, line(t.columns, numeric), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map((r) => line(r, numeric))]
  if (t.rows.length > maxRows) out.push(`… ${t.rows.length - maxRows} more rows in report.html`)
  return out.join("\n")
}
