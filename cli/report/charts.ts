import * as echarts from "echarts"

/** A line chart: one or more series of (x, y) points. */
export interface LineChart {
  readonly kind: "line"
  readonly id: string
  readonly title: string
  readonly xLabel: string
  readonly yLabel: string
  readonly series: readonly { readonly name: string; readonly points: readonly (readonly [number, number])[] }[]
  /** Draw steps instead of straight segments (occupancy over time). */
  readonly step?: boolean
}

/** A bar chart over categories (e.g. per-SF delivery). */
export interface BarChart {
  readonly kind: "bar"
  readonly id: string
  readonly title: string
  readonly xLabel: string
  readonly yLabel: string
  readonly categories: readonly string[]
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[]
}

/** An empirical CDF of samples (e.g. airtime per device). */
export interface CdfChart {
  readonly kind: "cdf"
  readonly id: string
  readonly title: string
  readonly xLabel: string
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[]
}

/** A map: points coloured by a value in [min, max] (e.g. delivery ratio), plus labelled markers (gateways). */
export interface MapChart {
  readonly kind: "map"
  readonly id: string
  readonly title: string
  readonly valueLabel: string
  readonly min: number
  readonly max: number
  readonly points: readonly { readonly x: number; readonly y: number; readonly value: number }[]
  readonly markers: readonly { readonly x: number; readonly y: number; readonly label: string }[]
}

/** Any chart a report can hold. */
export type ChartSpec = LineChart | BarChart | CdfChart | MapChart

const WIDTH = 640
const HEIGHT = 340
const PALETTE = ["#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6", "#dd4477", "#66aa00"]

/** Sorted samples → CDF points; at most `max` points so reports stay small. */
export function cdfPoints(values: readonly number[], max = 400): [number, number][] {
  const sorted = Float64Array.from(values).sort()
  const n = sorted.length
  const out: [number, number][] = []
  if (n === 0) return out
  const step = Math.max(1, Math.floor(n / max))
  for (let i = 0; i < n; i += step) out.push([sorted[i] as number, (i + 1) / n])
  out.push([sorted[n - 1] as number, 1])
  return out
}

function option(spec: ChartSpec): echarts.EChartsCoreOption {
  const base = { animation: false, color: PALETTE, title: { text: spec.title, left: "center", textStyle: { fontSize: 14 } }, grid: { left: 70, right: 30, top: 50, bottom: 60 } }
  const legend = (names: readonly string[]) => (names.length > 1 ? { legend: { bottom: 0, data: [...names] } } : {})
  switch (spec.kind) {
    case "line":
      return {
        ...base,
        ...legend(spec.series.map((s) => s.name)),
        xAxis: { type: "value", name: spec.xLabel, nameLocation: "middle", nameGap: 28, scale: true },
        yAxis: { type: "value", name: spec.yLabel, nameLocation: "middle", nameGap: 50, scale: true },
        series: spec.series.map((s) => ({ type: "line", name: s.name, showSymbol: false, step: spec.step === true ? "end" : false, data: s.points.map((p) => [p[0], p[1]]) })),
      }
    case "cdf":
      return {
        ...base,
        ...legend(spec.series.map((s) => s.name)),
        xAxis: { type: "value", name: spec.xLabel, nameLocation: "middle", nameGap: 28, scale: true },
        yAxis: { type: "value", name: "fraction ≤ x", nameLocation: "middle", nameGap: 50, min: 0, max: 1 },
        series: spec.series.map((s) => ({ type: "line", name: s.name, showSymbol: false, step: "end", data: cdfPoints(s.values) })),
      }
    case "bar":
      return {
        ...base,
        ...legend(spec.series.map((s) => s.name)),
        xAxis: { type: "category", name: spec.xLabel, nameLocation: "middle", nameGap: 28, data: [...spec.categories] },
        yAxis: { type: "value", name: spec.yLabel, nameLocation: "middle", nameGap: 50 },
        series: spec.series.map((s) => ({ type: "bar", name: s.name, data: [...s.values] })),
      }
    case "map":
      return {
        ...base,
        grid: { left: 70, right: 90, top: 50, bottom: 50 },
        xAxis: { type: "value", name: "x (m)", nameLocation: "middle", nameGap: 28, scale: true },
        yAxis: { type: "value", name: "y (m)", nameLocation: "middle", nameGap: 50, scale: true },
        visualMap: { type: "continuous", min: spec.min, max: spec.max, dimension: 2, seriesIndex: 0, right: 5, top: "middle", text: [spec.valueLabel, ""], calculable: false, inRange: { color: ["#d73027", "#fee08b", "#1a9850"] } },
        series: [
          { type: "scatter", name: "devices", symbolSize: 4, data: spec.points.map((p) => [p.x, p.y, p.value]) },
          { type: "scatter", name: "gateways", symbol: "triangle", symbolSize: 14, itemStyle: { color: "#000" }, label: { show: true, position: "top", formatter: "{@[2]}" }, data: spec.markers.map((m) => [m.x, m.y, m.label]) },
        ],
      }
  }
}

/** Renders a chart to a standalone SVG string (server-side, no animation: byte-identical for the same input). */
export function renderChartSvg(spec: ChartSpec): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height: HEIGHT })
  try {
    chart.setOption(option(spec))
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
