import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["bin/fieldnet.js", ...args], { encoding: "utf8" })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

const dir = mkdtempSync(join(tmpdir(), "fieldnet-tools-"))
const a = join(dir, "a.ndjson")
const b = join(dir, "b.ndjson")
const replay = join(dir, "r.json")

describe("trace, diff and replay commands", () => {
  beforeAll(() => {
    expect(run("run", "scenarios/ping-pong.ts", "--seed", "3", "--until", "30s", "--trace", a, "--save-replay", replay, "--quiet").code).toBe(0)
    expect(run("run", "scenarios/ping-pong.ts", "--seed", "3", "--until", "30s", "--set", "loss=0.2", "--trace", b, "--quiet").code).toBe(0)
  })

  it("trace filters by node, kind and time range", () => {
    const r = run("trace", a, "--node", "ping", "--kind", "timeout", "--from", "5s", "--to", "25s")
    expect(r.code).toBe(0)
    const lines = r.out.trim().split("\n").map((l) => JSON.parse(l) as { t: number; node: string; kind: string })
    expect(lines.length).toBeGreaterThan(0)
    for (const l of lines) {
      expect(l.node).toBe("ping")
      expect(l.kind).toBe("timeout")
      expect(l.t).toBeGreaterThanOrEqual(5_000_000)
      expect(l.t).toBeLessThanOrEqual(25_000_000)
    }
    const all = readFileSync(a, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { t: number; node: string; kind: string })
    expect(lines.length).toBe(all.filter((l) => l.node === "ping" && l.kind === "timeout" && l.t >= 5e6 && l.t <= 25e6).length)
    const pretty = run("trace", a, "--node", "ping*", "--kind", "msg.*", "--pretty")
    expect(pretty.out).toMatch(/^\s+\d+\.\d{6}s {2}ping(->pong)? {2}msg\.\w+/m)
  })

  it("diff names the first diverging event, and says when traces are identical", () => {
    const same = run("diff", a, a)
    expect(same.code).toBe(0)
    expect(same.out).toContain("traces are identical")
    const d = run("diff", a, b)
    expect(d.code).toBe(1)
    const la = readFileSync(a, "utf8").split("\n")
    const lb = readFileSync(b, "utf8").split("\n")
    let i = 0
    while (la[i] === lb[i]) i++
    expect(d.out).toContain(`first divergence at line ${i + 1}`)
    expect(d.out).toContain(la[i] as string)
    expect(d.out).toContain(lb[i] as string)
  })

  it("replay reproduces the recorded digest and shows a node's trace", () => {
    const rec = JSON.parse(readFileSync(replay, "utf8")) as { digest: string; seed: number; fieldnet: string }
    expect(rec.fieldnet).toBe("replay/1")
    const r = run("replay", replay, "--node", "ping", "--window", "2s")
    expect(r.code).toBe(0)
    expect(r.out).toContain(`reproduced: digest ${rec.digest} matches the recording`)
    expect(r.out).toMatch(/trace of ping from .* \(\d+ lines\):/)
  })

  it("replay exits 1 when the run no longer reproduces the recording", () => {
    const rec = JSON.parse(readFileSync(replay, "utf8")) as Record<string, unknown>
    const tampered = join(dir, "tampered.json")
    writeFileSync(tampered, JSON.stringify({ ...rec, digest: "0".repeat(64) }))
    const r = run("replay", tampered)
    expect(r.code).toBe(1)
    expect(r.out).toContain("NOT reproduced")
  })

  it("bad replay and trace files give clear errors with exit 2", () => {
    const junk = join(dir, "junk.json")
    writeFileSync(junk, JSON.stringify({ hello: 1 }))
    const r = run("replay", junk)
    expect(r.code).toBe(2)
    expect(r.err).toContain("is not a fieldnet replay file")
    const t = run("trace", join(dir, "missing.ndjson"))
    expect(t.code).toBe(2)
    expect(t.err).toContain("trace file not found")
  })
})
