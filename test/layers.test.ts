import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

/** Every .ts file under a folder. */
function files(dir: string): string[] {
  const out: string[] = []
  if (!existsSync(dir)) return out
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...files(p))
    else if (p.endsWith(".ts")) out.push(p)
  }
  return out
}

const imports = (text: string) => [...text.matchAll(/^\s*(?:import|export)[^"']*from\s+["']([^"']+)["']/gm)].map((m) => m[1] as string)

describe("architecture invariants", () => {
  const allowed: Record<string, string[]> = { sim: ["sim"], radio: ["sim", "radio"], stack: ["sim", "radio", "stack"] }
  for (const [layer, may] of Object.entries(allowed)) {
    it(`${layer}/ imports only from ${may.join(", ")} (layers point one way)`, () => {
      const bad: string[] = []
      for (const f of files(layer)) {
        for (const spec of imports(readFileSync(f, "utf8"))) {
          if (!spec.startsWith(".")) {
            if (spec === "fieldnet" || spec.startsWith("fieldnet/")) bad.push(`${f}: ${spec}`)
            continue
          }
          const target = join(f, "..", spec).split("/")[0] as string
          if (!may.includes(target)) bad.push(`${f} imports ${spec}`)
        }
      }
      expect(bad).toEqual([])
    })
  }

  it("no wall clock or unseeded randomness in sim/, radio/, stack/", () => {
    const bad: string[] = []
    for (const layer of ["sim", "radio", "stack"]) {
      for (const f of files(layer)) {
        readFileSync(f, "utf8")
          .split("\n")
          .forEach((line, i) => {
            if (/^\s*(\/\/|\*)/.test(line)) return
            if (/Math\.random|Date\.now|new Date\(|setTimeout|setInterval|performance\.now|process\.hrtime/.test(line)) bad.push(`${f}:${i + 1}: ${line.trim()}`)
          })
      }
    }
    expect(bad).toEqual([])
  })
})
