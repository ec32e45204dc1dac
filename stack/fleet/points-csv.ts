import { readFileSync } from "node:fs"
import { FleetSpecError } from "./spec.ts"

/** One point read from a CSV file (metres), with its id when the file has an id column. */
export interface CsvPoint {
  x: number
  y: number
  id?: string
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const COLUMNS = ["x", "y", "z", "id"] as const
type Column = (typeof COLUMNS)[number]

function unquote(field: string): string {
  const f = field.trim()
  return f.length >= 2 && f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1).trim() : f
}

/**
 * Parses a list of positions: one point a line, columns `x,y` (metres) with an
 * optional `id` and an optional `z` (ignored: the plane is 2-D).
 * - Separator: `;` if the first data line has one, else `,` (no quoting of
 *   separators; surrounding double quotes are stripped).
 * - Header row: optional. A first row whose x or y field is not a number is a
 *   header; its names (case-insensitive: x, y, z, id) decide the column order.
 *   Without a header the columns are `x,y` or `x,y,id`.
 * - Blank lines and lines starting with `#` are skipped.
 * Bad input throws a {@link FleetSpecError} `source:line: what is wrong`.
 */
export function parsePointsCsv(text: string, source: string): CsvPoint[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/)
  let sep: string | undefined
  let columns: Column[] | undefined
  let headerLine = 0
  const out: CsvPoint[] = []
  const idLine = new Map<string, number>()
  lines.forEach((raw, k) => {
    const line = k + 1
    const trimmed = raw.trim()
    if (trimmed === "" || trimmed.startsWith("#")) return
    const where = `${source}:${line}`
    sep ??= trimmed.includes(";") ? ";" : ","
    const fields = trimmed.split(sep).map(unquote)
    if (columns === undefined) {
      const looksNumeric = NUMBER.test(fields[0] ?? "") && NUMBER.test(fields[1] ?? "")
      if (!looksNumeric) {
        columns = readHeader(fields, where)
        headerLine = line
        return
      }
      if (fields.length > 3) throw new FleetSpecError(`${where}: ${fields.length} columns without a header row (expected x${sep}y or x${sep}y${sep}id; name the columns in a header to add z)`)
      columns = fields.length === 3 ? ["x", "y", "id"] : ["x", "y"]
    }
    if (fields.length !== columns.length) {
      const what = headerLine > 0 ? `the header on line ${headerLine}` : "the first line"
      throw new FleetSpecError(`${where}: expected ${columns.length} fields like ${what} (${columns.join(sep)}), got ${fields.length}`)
    }
    const point: CsvPoint = { x: 0, y: 0 }
    columns.forEach((col, c) => {
      const v = fields[c] as string
      if (col === "id") {
        if (v === "") throw new FleetSpecError(`${where}: empty id`)
        const before = idLine.get(v)
        if (before !== undefined) throw new FleetSpecError(`${where}: duplicate id "${v}" (first on line ${before})`)
        idLine.set(v, line)
        point.id = v
        return
      }
      if (!NUMBER.test(v)) throw new FleetSpecError(`${where}: ${col} is not a number: ${JSON.stringify(v)}`)
      const n = Number(v)
      if (!Number.isFinite(n)) throw new FleetSpecError(`${where}: ${col} is not a finite number: ${JSON.stringify(v)}`)
      if (col === "x") point.x = n
      else if (col === "y") point.y = n
    })
    out.push(point)
  })
  if (out.length === 0) throw new FleetSpecError(`${source}: no points (only ${columns === undefined ? "blank lines or comments" : "a header"})`)
  return out
}

function readHeader(fields: readonly string[], where: string): Column[] {
  const cols: Column[] = []
  for (const f of fields) {
    const name = f.toLowerCase()
    if (!(COLUMNS as readonly string[]).includes(name)) {
      throw new FleetSpecError(`${where}: unknown column ${JSON.stringify(f)} in the header (columns: x, y, optional z and id)`)
    }
    if (cols.includes(name as Column)) throw new FleetSpecError(`${where}: column ${JSON.stringify(f)} appears twice in the header`)
    cols.push(name as Column)
  }
  for (const need of ["x", "y"] as const) {
    if (!cols.includes(need)) throw new FleetSpecError(`${where}: the header has no "${need}" column`)
  }
  return cols
}

/**
 * Reads and parses a points CSV file (build time only, before the simulation
 * starts). A missing file gives `path: no such file`; other read errors name
 * their code.
 */
export function loadPointsCsv(path: string): CsvPoint[] {
  let text: string
  try {
    text = readFileSync(path, "utf8")
  } catch (e) {
    const code = (e as { code?: unknown }).code
    if (code === "ENOENT") throw new FleetSpecError(`${path}: no such file`)
    if (code === "EISDIR") throw new FleetSpecError(`${path}: is a directory, not a CSV file`)
    throw new FleetSpecError(`${path}: cannot read (${typeof code === "string" ? code : String(e)})`)
  }
  return parsePointsCsv(text, path)
}
