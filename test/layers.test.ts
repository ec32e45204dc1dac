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

/**
 * stack/'s own sub-layers: which parts of stack/ each part may import, besides
 * itself (and sim/, radio/, node: modules, checked above). A part is a folder
 * under stack/, except `lorawan/pycom` (Pycom's LoRaWAN API, above the LoRaWAN
 * core) and `device` (the root files `device.ts` and `profile.ts`).
 * `stack/index.ts` is the layer's facade and may import anything. An entry
 * naming a file (`ip/notifier.ts`) allows only that file of its folder.
 * Read top to bottom: each part only builds on parts listed above it.
 */
const STACK_RULES: Readonly<Record<string, readonly string[]>> = {
  errors: [],
  device: ["errors"],
  capture: ["errors"],
  ip: ["errors", "device"],
  lorawan: ["errors", "capture"],
  usocket: ["errors", "device", "ip"],
  internet: ["errors", "device", "ip", "usocket"],
  tls: ["errors", "device", "ip", "usocket"],
  lora: ["errors", "device", "ip/notifier.ts", "usocket"],
  sigfox: ["errors", "device", "ip/notifier.ts", "usocket", "capture"],
  "lorawan/pycom": ["errors", "device", "ip/notifier.ts", "usocket", "lora", "lorawan"],
  fleet: ["errors", "capture", "lorawan"],
  python: ["errors", "device", "ip", "internet", "usocket", "tls", "lora", "lorawan", "lorawan/pycom", "sigfox"],
}

/** Every import/export/dynamic-import specifier of a source text, side-effect imports included. */
const allSpecifiers = (text: string) =>
  [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => (m[1] ?? m[2]) as string)

/** The part of stack/ a path relative to stack/ belongs to ("index" for the facade). */
function stackPart(rel: string): string {
  const parts = rel.split("/")
  if (parts.length === 1) return rel === "index.ts" ? "index" : "device"
  if (parts[0] === "lorawan" && parts[1] === "pycom" && parts.length > 2) return "lorawan/pycom"
  return parts[0] as string
}

/** What is wrong with `rel` (a file under stack/) importing `specs`, by the table. */
function stackViolations(rel: string, specs: readonly string[]): string[] {
  const from = stackPart(rel)
  if (from === "index") return []
  const may = STACK_RULES[from]
  if (may === undefined) return [`stack/${rel}: part "${from}" has no rule in STACK_RULES`]
  const bad: string[] = []
  for (const spec of specs) {
    if (!spec.startsWith(".")) continue
    const target = join("stack", rel, "..", spec)
    if (!target.startsWith("stack/")) continue
    const targetRel = target.slice("stack/".length)
    const to = stackPart(targetRel)
    if (to === from || may.includes(to) || may.includes(targetRel)) continue
    bad.push(`stack/${rel} (${from}) imports ${spec} (${to})`)
  }
  return bad
}

describe("stack/ sub-layers", () => {
  const stackFiles = [...files("stack"), ...mjsFiles("stack")].map((f) => f.slice("stack/".length))

  it("every part of stack/ has a rule", () => {
    const parts = new Set(stackFiles.map(stackPart))
    parts.delete("index")
    expect([...parts].filter((p) => STACK_RULES[p] === undefined)).toEqual([])
  })

  for (const [part, may] of Object.entries(STACK_RULES)) {
    it(`${part} imports only from ${may.length === 0 ? "itself" : may.join(", ")}`, () => {
      const bad = stackFiles.filter((rel) => stackPart(rel) === part).flatMap((rel) => stackViolations(rel, allSpecifiers(readFileSync(join("stack", rel), "utf8"))))
      expect(bad).toEqual([])
    })
  }

  it("the table points one way (no part reaches back to itself)", () => {
    const folderOf = (entry: string) => (entry.endsWith(".ts") ? stackPart(entry) : entry)
    const state = new Map<string, "visiting" | "done">()
    const cycles: string[] = []
    const visit = (part: string, path: string[]) => {
      if (state.get(part) === "done") return
      if (state.get(part) === "visiting") return void cycles.push([...path, part].join(" → "))
      state.set(part, "visiting")
      for (const next of STACK_RULES[part] ?? []) visit(folderOf(next), [...path, part])
      state.set(part, "done")
    }
    for (const part of Object.keys(STACK_RULES)) visit(part, [])
    expect(cycles).toEqual([])
  })

  it("keeps the protocol cores off the usocket API and Sigfox off LoRa", () => {
    for (const low of ["errors", "device", "ip", "capture", "lorawan"]) expect(STACK_RULES[low]).not.toContain("usocket")
    expect(STACK_RULES.sigfox).not.toContain("lora")
    expect(STACK_RULES.lorawan).not.toContain("lorawan/pycom")
  })

  it("the checker catches a forbidden import, a file outside its allowance and an unruled part", () => {
    expect(stackViolations("ip/tcp.ts", ["../usocket/errors.ts"])).toHaveLength(1)
    expect(stackViolations("sigfox/sigfox.ts", ["../lora/rx-queue.ts"])).toHaveLength(1)
    expect(stackViolations("lora/lora.ts", ["../ip/tcp.ts"])).toHaveLength(1)
    expect(stackViolations("lorawan/frames.ts", ["./pycom/index.ts"])).toHaveLength(1)
    expect(stackViolations("lorawan/pycom/index.ts", ["../frames.ts", "../../lora/index.ts", "../../ip/notifier.ts"])).toEqual([])
    expect(stackViolations("newpart/x.ts", [])).toHaveLength(1)
    expect(allSpecifiers('import "./a.ts"\nimport type {\n  B,\n} from "../b.ts"\nconst c = await import("./c.ts")')).toEqual(["./a.ts", "../b.ts", "./c.ts"])
  })
})

/** Every .mjs file under a folder (worker entry points). */
function mjsFiles(dir: string): string[] {
  const out: string[] = []
  if (!existsSync(dir)) return out
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...mjsFiles(p))
    else if (p.endsWith(".mjs")) out.push(p)
  }
  return out
}
