/**
 * `docs/models.md` is the repo's own reference for every model: code comments
 * cite it as `docs/models.md §x.y`. Each citation must resolve to a numbered
 * heading there, the page must keep the numbering other files cite, and no
 * source may still cite the external facts file it replaced.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const ROOT = fileURLToPath(new URL("../../", import.meta.url))
const SELF = relative(ROOT, fileURLToPath(import.meta.url))
const DOC = join(ROOT, "docs/models.md")
const SOURCE_DIRS = ["sim", "radio", "stack", "scenarios", "cli", "testing", "bench", "test"]

/** Source files (.ts, .mjs, .py) under the folders that may cite the page, relative to the repo root. */
function sources(exts: readonly string[]): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir))) {
      if (name === "node_modules") continue
      const rel = join(dir, name)
      if (statSync(join(ROOT, rel)).isDirectory()) walk(rel)
      else if (exts.some((e) => name.endsWith(e))) out.push(rel)
    }
  }
  for (const d of SOURCE_DIRS) if (existsSync(join(ROOT, d))) walk(d)
  if (exts.includes(".ts")) out.push("index.ts")
  return out
}

/** The section numbers of the page's headings ("### 2.3 Interference…" → "2.3"). */
function headingNumbers(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6}[ \t]+(\d+(?:\.\d+)*)[ \t]/gm)].map((m) => m[1] as string)
}

const SECTION = String.raw`§(\d+(?:\.\d+)*)(?:[–-](\d+(?:\.\d+)*))?`

/**
 * Every section a text cites after "docs/models.md": the first `§x.y`, then any
 * list continuing with `, §…`, `/§…` or ` and §…`; a range `§2.2–2.4` yields
 * both ends. A comment may wrap between the path and the `§`.
 */
function citedSections(text: string): string[] {
  const out: string[] = []
  const head = new RegExp(String.raw`docs/models\.md(?:\s|\*|//|#)*` + SECTION, "g")
  const more = new RegExp(String.raw`^\s*(?:,|/|and)\s*` + SECTION)
  for (const m of text.matchAll(head)) {
    out.push(m[1] as string)
    if (m[2] !== undefined) out.push(m[2])
    let rest = text.slice((m.index ?? 0) + m[0].length)
    for (let n = rest.match(more); n !== null; n = rest.match(more)) {
      out.push(n[1] as string)
      if (n[2] !== undefined) out.push(n[2])
      rest = rest.slice(n[0].length)
    }
  }
  return out
}

describe("docs/models.md", () => {
  const doc = readFileSync(DOC, "utf8")
  const headings = headingNumbers(doc)

  it("keeps the numbering the code cites, each heading once", () => {
    const required = ["0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    required.push(...Array.from({ length: 10 }, (_, i) => `3.${i + 1}`), "4", "5", "6.1", "6.2", "6.3", "7")
    expect(required.filter((n) => !headings.includes(n))).toEqual([])
    expect(headings.filter((n, i) => headings.indexOf(n) !== i)).toEqual([])
  })

  it("stands alone: no pointer to files outside the repository", () => {
    expect(doc).not.toMatch(/\.\.\/shared|shared\/reference|radio-and-api-facts/)
  })

  it("finds citations in all their written forms", () => {
    expect(citedSections("see docs/models.md §2.2–2.4, §3 and §1.3/§5; LoRaWAN 1.0.2 §4.4")).toEqual(["2.2", "2.4", "3", "1.3", "5"])
    expect(citedSections("inside the 45 s docs/models.md\n * §1.6 reports")).toEqual(["1.6"])
    expect(citedSections("(docs/models.md §4.)")).toEqual(["4"])
  })

  it("resolves every `docs/models.md §x.y` cited in the sources", () => {
    const known = new Set(headings)
    const bad: string[] = []
    for (const f of sources([".ts", ".mjs", ".py"])) {
      if (f === SELF) continue
      for (const n of citedSections(readFileSync(join(ROOT, f), "utf8"))) if (!known.has(n)) bad.push(`${f}: §${n}`)
    }
    expect(bad).toEqual([])
  })

  it("no .ts file still cites the external facts file (the word reference before a §)", () => {
    const bad: string[] = []
    for (const f of sources([".ts"])) {
      const text = readFileSync(join(ROOT, f), "utf8")
      for (const m of text.matchAll(/\breference(?:\s|\*|\/\/|#)*\(?§[\d.]*/gi)) bad.push(`${f}:${text.slice(0, m.index).split("\n").length}: ${m[0].replace(/\s+/g, " ")}`)
    }
    expect(bad).toEqual([])
  })
})
