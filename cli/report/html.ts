import type { MetricValue } from "../../sim/index.ts"
import { renderChartSvg, type ChartSpec } from "./charts.ts"

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")
}

/** A table in a report. */
export interface ReportTable {
  readonly title: string
  readonly columns: readonly string[]
  readonly rows: readonly (readonly (string | number)[])[]
}

/** Everything a report page shows. */
export interface ReportInput {
  readonly title: string
  readonly subtitle?: string
  /** Key facts shown first (scenario, seed, digest…). */
  readonly facts: readonly (readonly [string, string])[]
  readonly metrics?: Record<string, MetricValue>
  readonly tables?: readonly ReportTable[]
  readonly charts?: readonly ChartSpec[]
}

function formatValue(v: MetricValue): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(6)
  if (typeof v === "object") return `mean ${v.mean.toPrecision(5)}, p50 ${v.p50.toPrecision(5)}, p99 ${v.p99.toPrecision(5)} (n=${v.count})`
  return String(v)
}

function table(t: ReportTable): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(typeof c === "number" && !Number.isInteger(c) ? c.toPrecision(6) : String(c))}</td>`).join("")}</tr>`).join("\n")
  return `<section><h2>${escapeHtml(t.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></section>`
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1400px;color:#222}
h1{margin-bottom:.2rem}.sub{color:#666;margin-top:0}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;font-size:.9rem}th{background:#f3f3f3}
.charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0;border:1px solid #ddd;padding:.5rem}
figcaption{font-size:.8rem;color:#666}code{font-size:.85rem}`

/**
 * A self-contained HTML report: facts, metrics, tables and charts rendered
 * server-side to inline SVG (no scripts, no external resources), so the same
 * run gives the same bytes. Every user-supplied string is escaped.
 */
export function renderReport(input: ReportInput): string {
  const facts = input.facts.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`).join("\n")
  const metrics = Object.entries(input.metrics ?? {})
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(formatValue(v))}</td></tr>`)
    .join("\n")
  const charts = (input.charts ?? [])
    .map((c) => `<figure data-chart="${escapeHtml(c.id)}">${renderChartSvg(c)}<figcaption>${escapeHtml(c.title)}</figcaption></figure>`)
    .join("\n")
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(input.title)}</h1>
${input.subtitle === undefined ? "" : `<p class="sub">${escapeHtml(input.subtitle)}</p>`}
<section><h2>Run</h2><table>${facts}</table></section>
${metrics === "" ? "" : `<section><h2>Metrics</h2><table>${metrics}</table></section>`}
${charts === "" ? "" : `<section><h2>Charts</h2><div class="charts">\n${charts}\n</div></section>`}
${(input.tables ?? []).map(table).join("\n")}
</body></html>
`
}
