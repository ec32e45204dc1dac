import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["bin/fieldnet.js", ...args], { encoding: "utf8" })
  return { code: r.status, out: r.stdout, err: r.stderr }
}
/** Runs the CLI without blocking, so two runs can share the 2 cores. */
const runAsync = (...args: string[]) =>
  new Promise<{ code: number | null; err: string }>((done) => {
    const p = spawn(process.execPath, ["bin/fieldnet.js", ...args], { stdio: ["ignore", "ignore", "pipe"] })
    let err = ""
    p.stderr.on("data", (b: Buffer) => (err += b.toString()))
    p.on("close", (code) => done({ code, err }))
  })
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)

/** A small fleet-city: a few hundred devices for a couple of hours (~2 s). */
const SMALL_CITY = ["--set", "devices=300", "--set", "sigfox=50", "--until", "2h"]

const dir = mkdtempSync(join(tmpdir(), "fieldnet-fleet-cli-"))

/** A tiny spec: 12 meters from a CSV next to the spec (relative path), 8 raw LoRa beacons, 5 Sigfox sensors. */
function tinySpec(): string {
  writeFileSync(join(dir, "pts.csv"), "x,y\n" + Array.from({ length: 12 }, (_, k) => `${(k - 6) * 80},${(k % 3) * 90}`).join("\n") + "\n")
  const spec = {
    preset: "fieldnet",
    gateways: { kind: "single" },
    groups: [
      { name: "meters", kind: "lorawan", count: 12, placement: { kind: "csv", path: "pts.csv" }, traffic: { kind: "periodic", periodS: 300 }, payloadBytes: 10 },
      { name: "beacons", kind: "lora-raw", count: 8, placement: { kind: "disc", radiusM: 400 }, traffic: { kind: "poisson", meanS: 120 }, payloadBytes: 8, sf: "fixed", fixedSf: 9 },
      { name: "alarms", kind: "sigfox", count: 5, placement: { kind: "disc", radiusM: 2000 }, traffic: { kind: "poisson", meanS: 600 }, payloadBytes: 4 },
    ],
  }
  const path = join(dir, "tiny.json")
  writeFileSync(path, JSON.stringify(spec))
  return path
}

describe("fieldnet run scenarios/fleet.ts", () => {
  it("a bad field exits 2 naming its path on stderr, without a stack trace", () => {
    const bad = join(dir, "bad.json")
    writeFileSync(bad, JSON.stringify({ preset: "fieldnet", gateways: { kind: "single" }, groups: [{ name: "a", kind: "lorawan", count: 5, placement: { kind: "disc", radiusM: 500 }, traffic: { kind: "periodic", periodS: -5 }, payloadBytes: 10 }] }))
    const r = run("run", "scenarios/fleet.ts", "--set", `spec=${bad}`, "--until", "1h")
    expect(r.code).toBe(2)
    expect(r.err).toContain("spec.groups[0].traffic.periodS")
    expect(r.err).toContain("greater than 0")
    expect(r.out).toBe("")
    noStack(r.err)
  })

  it("unreadable JSON exits 2 with a message", () => {
    const broken = join(dir, "broken.json")
    writeFileSync(broken, '{"preset":')
    const r = run("run", "scenarios/fleet.ts", "--set", `spec=${broken}`)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/broken\.json is not valid JSON/)
    noStack(r.err)
  })

  it("a valid tiny spec with --out writes manifest, summary, devices.csv (N + 1 lines) and report.html", () => {
    const out = join(dir, "tiny-out")
    const r = run("run", "scenarios/fleet.ts", "--set", `spec=${tinySpec()}`, "--until", "2h", "--seed", "4", "--out", out, "--quiet")
    expect(r.err).toBe("")
    expect(r.code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { scenario: string; seed: number; files: string[]; digest: string }
    expect(manifest).toMatchObject({ scenario: "fleet", seed: 4 })
    expect(manifest.files).toEqual(expect.arrayContaining(["summary.json", "devices.csv", "report.html", "manifest.json"]))
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { digest: string; metrics: Record<string, number> }
    expect(summary.digest).toBe(manifest.digest)
    expect(summary.metrics.devices).toBe(25)
    expect(summary.metrics["meters.joined"]).toBeGreaterThan(0)
    expect(summary.metrics).toHaveProperty("alarms.success_3_frames")
    const csv = readFileSync(join(out, "devices.csv"), "utf8").trimEnd().split("\n")
    expect(csv).toHaveLength(25 + 1)
    expect(csv[0]).toMatch(/^id,group,kind,x_m,y_m,distance_m,sf,/)
    expect(csv[1]).toMatch(/^meters\/0,meters,lorawan,-480,0,/) // first CSV point
    expect(csv[25]).toMatch(/^alarms\/4,alarms,sigfox,/)
    const html = readFileSync(join(out, "report.html"), "utf8")
    for (const id of ["delivery-vs-distance", "delivery-per-sf", "airtime-cdf", "channel-occupancy", "map"]) expect(html).toContain(`data-chart="${id}"`)
  })
})

describe("fieldnet run scenarios/fleet-city.ts (small)", () => {
  it("--check-determinism passes", () => {
    const r = run("run", "scenarios/fleet-city.ts", ...SMALL_CITY, "--check-determinism")
    expect(r.err).toBe("")
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/deterministic: two runs in separate processes gave digest [0-9a-f]{64}/)
  })

  it("the same run twice writes a byte-identical report.html and devices.csv (351 lines)", async () => {
    const outs = [join(dir, "city-a"), join(dir, "city-b")]
    const runs = await Promise.all(outs.map((o) => runAsync("run", "scenarios/fleet-city.ts", ...SMALL_CITY, "--seed", "7", "--out", o, "--quiet")))
    for (const r of runs) expect(r).toEqual({ code: 0, err: "" })
    for (const f of ["report.html", "devices.csv"]) expect(readFileSync(join(outs[0]!, f)).equals(readFileSync(join(outs[1]!, f)))).toBe(true)
    expect(readFileSync(join(outs[0]!, "devices.csv"), "utf8").trimEnd().split("\n")).toHaveLength(351)
  })
})
