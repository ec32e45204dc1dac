import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { meanCi } from "../../cli/sweep/stats.ts"
import { parseSeeds, sweepPoints } from "../../cli/sweep/plan.ts"

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["bin/fieldnet.js", ...args], { encoding: "utf8" })
  return { code: r.status, out: r.stdout, err: r.stderr }
}
const dir = mkdtempSync(join(tmpdir(), "fieldnet-sweep-"))

describe("sweep planning and statistics", () => {
  it("takes the cartesian product of --set lists", () => {
    const pts = sweepPoints(["a=1,2", "b=x,y,z", "c=[1,2]"])
    expect(pts).toHaveLength(6)
    expect(pts[0]?.set).toEqual(["a=1", "b=x", "c=[1,2]"])
    expect(pts[5]?.values).toEqual({ a: "2", b: "z", c: "[1,2]" })
  })

  it("parses seed ranges and lists", () => {
    expect(parseSeeds("1..5")).toEqual([1, 2, 3, 4, 5])
    expect(parseSeeds("3,9")).toEqual([3, 9])
    expect(() => parseSeeds("5..1")).toThrow(/empty range/)
    expect(() => parseSeeds("a")).toThrow(/--seeds/)
  })

  it("computes mean and a Student-t 95% CI", () => {
    const r = meanCi([1, 2, 3, 4, 5])
    expect(r.mean).toBe(3)
    // s = 1.5811, t(0.975, 4) = 2.776 → 2.776 · 1.5811 / √5 = 1.9630
    expect(r.ci95).toBeCloseTo(1.963, 3)
    expect(Number.isNaN(meanCi([4]).ci95)).toBe(true)
  })
})

describe("fieldnet sweep", () => {
  it("runs every point × seed in workers and writes mean and CI per point", () => {
    const out = join(dir, "pp")
    const r = run("sweep", "scenarios/ping-pong.ts", "--set", "loss=0,0.5", "--set", "rounds=50", "--seeds", "1..3", "--jobs", "2", "--until", "20s", "--out", out, "--json")
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out) as { runs: number; failed: number; points: { values: Record<string, string>; ok: number; metrics: Record<string, { mean: number; ci95: number }> }[] }
    expect(j.runs).toBe(6)
    expect(j.failed).toBe(0)
    expect(j.points.map((p) => p.ok)).toEqual([3, 3])
    expect(j.points[0]?.metrics.loss_ratio?.mean).toBe(0)
    expect(j.points[1]?.metrics.loss_ratio?.mean).toBeGreaterThan(0.5) // either direction may lose: 1 − 0.5²
    const csv = readFileSync(join(out, "sweep.csv"), "utf8").trim().split("\n")
    expect(csv).toHaveLength(3)
    expect(csv[0]).toContain("loss,rounds,seeds_ok,seeds_failed")
    expect(csv[0]).toContain("loss_ratio_mean,loss_ratio_ci95")
    expect(existsSync(join(out, "report.html"))).toBe(true)
  })

  it("a failing point is reported with its seed and replay command and does not lose the others", () => {
    const out = join(dir, "crashy")
    const r = run("sweep", "test/fixtures/crashy.ts", "--set", "n=5,10", "--seeds", "1..4", "--jobs", "2", "--out", out)
    expect(r.code).toBe(1)
    expect(r.out).toContain("2 points × 4 seeds = 8 runs on 2 workers, 4 failed")
    expect(r.err).toMatch(/failed: point \{"n":"5"\} seed 2: .*even seed 2/)
    expect(r.err).toContain(`replay: npx fieldnet replay ${join(out, "replay-point0-seed2.json")}`)
    const csv = readFileSync(join(out, "sweep.csv"), "utf8").trim().split("\n")
    expect(csv[1]).toBe("5,2,2,5,0") // n=5: 2 ok, 2 failed, ticks mean 5, ci 0
    const replay = run("replay", join(out, "replay-point1-seed4.json"))
    expect(replay.code).toBe(0)
    expect(replay.out).toContain("reproduced")
  })

  it("a worker that exits mid-run fails only its job", () => {
    const out = join(dir, "die")
    const r = run("sweep", "test/fixtures/crashy.ts", "--set", "die=true", "--seeds", "1,3,5", "--jobs", "2", "--out", out)
    expect(r.code).toBe(1)
    expect(r.err).toContain("seed 3: worker exited with code 7")
    expect(readFileSync(join(out, "sweep.csv"), "utf8").trim().split("\n")[1]).toMatch(/^true,2,1,/)
  })

  it("rejects a bad value before starting any worker", () => {
    const r = run("sweep", "scenarios/ping-pong.ts", "--set", "loss=0,7")
    expect(r.code).toBe(2)
    expect(r.err).toContain('param "loss"')
  })
})
