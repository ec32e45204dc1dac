import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { loadPointsCsv, parsePointsCsv } from "../../stack/fleet/points-csv.ts"
import { FleetSpecError } from "../../stack/fleet/spec.ts"

const err = (text: string) => {
  try {
    parsePointsCsv(text, "gw.csv")
  } catch (e) {
    expect(e).toBeInstanceOf(FleetSpecError)
    return (e as Error).message
  }
  throw new Error("no error")
}

describe("parsePointsCsv", () => {
  it("reads x,y without a header", () => {
    expect(parsePointsCsv("1,2\n3.5,-4e2\n", "a.csv")).toEqual([
      { x: 1, y: 2 },
      { x: 3.5, y: -400 },
    ])
  })

  it("reads x,y,id without a header", () => {
    expect(parsePointsCsv("1,2,roof\n3,4,mast", "a.csv")).toEqual([
      { x: 1, y: 2, id: "roof" },
      { x: 3, y: 4, id: "mast" },
    ])
  })

  it("a header decides the column order, case-insensitively, and z is ignored", () => {
    expect(parsePointsCsv("ID,Z,Y,X\nroof,30,2,1\nmast,12,4,3\n", "a.csv")).toEqual([
      { x: 1, y: 2, id: "roof" },
      { x: 3, y: 4, id: "mast" },
    ])
  })

  it("semicolons, CRLF, blank lines, comments, quotes and a BOM", () => {
    const text = '\uFEFF# gateways of site A\r\n"x";"y";"id"\r\n\r\n  # a comment\r\n10;20;"a"\r\n 30 ; 40 ; b \r\n'
    expect(parsePointsCsv(text, "a.csv")).toEqual([
      { x: 10, y: 20, id: "a" },
      { x: 30, y: 40, id: "b" },
    ])
  })

  test.prop([fc.array(fc.record({ x: fc.double({ noNaN: true, noDefaultInfinity: true }), y: fc.double({ noNaN: true, noDefaultInfinity: true }) }), { minLength: 1, maxLength: 30 }), fc.boolean(), fc.constantFrom(",", ";")])(
    "round trip: points written as CSV read back exactly",
    (points, header, sep) => {
      const lines = points.map((p) => `${p.x}${sep}${p.y}`)
      const text = (header ? [`x${sep}y`, ...lines] : lines).join("\n")
      expect(parsePointsCsv(text, "p.csv")).toEqual(points.map((p) => ({ x: p.x === 0 ? 0 : p.x, y: p.y === 0 ? 0 : p.y })))
    },
  )

  it("names the line and what is wrong", () => {
    expect(err("x,y\n1,2\n3,abc\n")).toBe('gw.csv:3: y is not a number: "abc"')
    expect(err("1,2\n\n# c\n3\n")).toBe("gw.csv:4: expected 2 fields like the first line (x,y), got 1")
    expect(err("x;y;id\n1;2;a\n3;4;5;6\n")).toBe("gw.csv:3: expected 3 fields like the header on line 1 (x;y;id), got 4")
    expect(err("lat,lon\n1,2\n")).toBe('gw.csv:1: unknown column "lat" in the header (columns: x, y, optional z and id)')
    expect(err("x,id\n1,a\n")).toBe('gw.csv:1: the header has no "y" column')
    expect(err("x,x,y\n")).toBe('gw.csv:1: column "x" appears twice in the header')
    expect(err("1,2,a\n3,4,a\n")).toBe('gw.csv:2: duplicate id "a" (first on line 1)')
    expect(err("1,2,\n")).toBe("gw.csv:1: empty id")
    expect(err("x,y\n1,\n")).toBe('gw.csv:2: y is not a number: ""')
    expect(err("1,2,3,4\n")).toMatch(/^gw\.csv:1: 4 columns without a header row/)
    expect(err("1,1e999\n")).toBe('gw.csv:1: y is not a finite number: "1e999"')
    expect(err("# nothing\n\n")).toBe("gw.csv: no points (only blank lines or comments)")
    expect(err("x,y\n")).toBe("gw.csv: no points (only a header)")
  })
})

describe("loadPointsCsv", () => {
  it("reads a file, and a missing file says so", () => {
    const dir = mkdtempSync(join(tmpdir(), "fleet-csv-"))
    const file = join(dir, "meters.csv")
    writeFileSync(file, "x,y\n5,6\n")
    expect(loadPointsCsv(file)).toEqual([{ x: 5, y: 6 }])
    expect(() => loadPointsCsv(join(dir, "nope.csv"))).toThrow(new FleetSpecError(`${join(dir, "nope.csv")}: no such file`))
    expect(() => loadPointsCsv(dir)).toThrow(/is a directory/)
  })
})
