import { createHash } from "node:crypto"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { defineScenario, runScenario } from "../../index.ts"
import { Simulation, sleep, Trace } from "../../sim/index.ts"

const tmp = () => mkdtempSync(join(tmpdir(), "fieldnet-trace-"))
const sha = (text: string) => createHash("sha256").update(text).digest("hex")

describe("trace", () => {
  it("writes one JSON line per event with t, node, kind first and no pid/hostname/level/time", () => {
    const trace = new Trace({ sink: { kind: "memory" } })
    trace.emit(12, "dev/1", "rx.ok", { rssi: -120.5, sf: 7, note: 'quote " and \\ slash' })
    trace.emit(13, "gw", "tick")
    expect(trace.lines).toEqual([
      '{"t":12,"node":"dev/1","kind":"rx.ok","rssi":-120.5,"sf":7,"note":"quote \\" and \\\\ slash"}',
      '{"t":13,"node":"gw","kind":"tick"}',
    ])
    for (const l of trace.lines) {
      const obj = JSON.parse(l) as Record<string, unknown>
      expect(Object.keys(obj).slice(0, 3)).toEqual(["t", "node", "kind"])
      for (const k of ["pid", "hostname", "level", "time", "msg"]) expect(obj).not.toHaveProperty(k)
    }
  })

  it("the digest is the SHA-256 of the exact NDJSON bytes written", () => {
    const dir = tmp()
    const file = join(dir, "t.ndjson")
    const trace = new Trace({ sink: { kind: "file", path: file } })
    for (let i = 0; i < 5000; i++) trace.emit(i, `n${i % 7}`, "e", { i, text: "x".repeat(i % 50) })
    const digest = trace.close()
    const content = readFileSync(file, "utf8")
    expect(content.split("\n")).toHaveLength(5001)
    expect(digest).toBe(sha(content))
  })

  it("a disabled trace costs nothing and hashes nothing", () => {
    const trace = new Trace({ enabled: false, sink: { kind: "memory" } })
    trace.emit(1, "a", "b")
    expect(trace.count).toBe(0)
    expect(trace.close()).toBe(sha(""))
  })

  it("is complete and flushed when a process throws mid-run", () => {
    const file = join(tmp(), "crash.ndjson")
    const def = defineScenario({
      name: "crash",
      description: "throws after some events",
      until: "1h",
      build(world) {
        world.spawn(function* () {
          for (let i = 0; i < 3000; i++) {
            world.log("n1", "tick", { i })
            yield* sleep(1000)
          }
          throw new Error("scenario bug")
        }, { node: "n1", name: "main" })
      },
    })
    const summary = runScenario(def, { seed: 1, traceSink: { kind: "file", path: file } })
    expect(summary.stop.reason).toBe("error")
    expect(summary.stop.message).toContain("scenario bug")
    const content = readFileSync(file, "utf8")
    const lines = content.trimEnd().split("\n")
    expect(lines.filter((l) => l.includes('"kind":"tick"'))).toHaveLength(3000)
    expect(lines.at(-2)).toContain('"kind":"process.error"')
    expect(lines.at(-1)).toContain('"kind":"run.end"')
    expect(summary.digest).toBe(sha(content))
    expect(summary.traceLines).toBe(lines.length)
  })

  it("is complete and flushed when build() throws", () => {
    const file = join(tmp(), "build.ndjson")
    const def = defineScenario({
      name: "bad-build",
      description: "throws while building",
      build(world) {
        world.log("n1", "before")
        throw new Error("no such gateway")
      },
    })
    expect(() => runScenario(def, { traceSink: { kind: "file", path: file } })).toThrow(/failed while building: Error: no such gateway/)
    const lines = readFileSync(file, "utf8").trimEnd().split("\n")
    expect(lines.map((l) => (JSON.parse(l) as { kind: string }).kind)).toEqual(["run.start", "before", "build.error"])
  })

  it("is complete and flushed when the watchdog fires", () => {
    const file = join(tmp(), "wd.ndjson")
    const def = defineScenario({
      name: "runaway",
      description: "never ends",
      build(world) {
        world.spawn(function* () {
          for (let i = 0; ; i++) {
            world.log("n1", "spin", { i })
            yield* sleep(0)
          }
        })
      },
    })
    const summary = runScenario(def, { maxEvents: 10_000, traceSink: { kind: "file", path: file } })
    expect(summary.stop.reason).toBe("watchdog")
    const content = readFileSync(file, "utf8")
    const lines = content.trimEnd().split("\n")
    expect(lines.filter((l) => l.includes('"kind":"spin"')).length).toBeGreaterThanOrEqual(9_999)
    expect(lines.at(-2)).toContain('"kind":"watchdog"')
    expect(summary.digest).toBe(sha(content))
  })
})

// A generated set of processes: each sleeps random amounts, draws from its own
// stream, signals others and logs. Same seed ⇒ same digest; other seed ⇒ other digest.
const procSpec = fc.record({
  steps: fc.integer({ min: 1, max: 20 }),
  meanSleep: fc.integer({ min: 1, max: 5000 }),
  fires: fc.boolean(),
})

function digestOf(seed: number, specs: readonly { steps: number; meanSleep: number; fires: boolean }[]): string {
  const sim = new Simulation({ seed })
  specs.forEach((spec, i) => {
    const r = sim.rng(`proc/${i}`)
    sim.spawn(function* () {
      for (let k = 0; k < spec.steps; k++) {
        const d = Math.round(r.exponential(spec.meanSleep))
        yield* sleep(d)
        sim.log(`p${i}`, "step", { k, d, x: r.int(0, 1000) })
      }
    }, { node: `p${i}` })
  })
  sim.run()
  return sim.trace.close()
}

describe("determinism", () => {
  test.prop([fc.nat({ max: 1_000_000 }), fc.array(procSpec, { minLength: 1, maxLength: 12 })], { numRuns: 50 })(
    "same seed and process set ⇒ same digest",
    (seed, specs) => {
      expect(digestOf(seed, specs)).toBe(digestOf(seed, specs))
    },
  )

  test.prop([fc.nat({ max: 1_000_000 }), fc.nat({ max: 1_000_000 }), fc.array(procSpec, { minLength: 1, maxLength: 12 })], { numRuns: 50 })(
    "different seeds ⇒ different digests",
    (s1, s2, specs) => {
      fc.pre(s1 !== s2)
      expect(digestOf(s1, specs)).not.toBe(digestOf(s2, specs))
    },
  )

  test.prop([fc.nat({ max: 1_000_000 }), fc.array(procSpec, { minLength: 1, maxLength: 8 }), procSpec])(
    "adding a process never changes another process's draws",
    (seed, specs, extra) => {
      const stepsOf = (list: typeof specs) => {
        const sim = new Simulation({ seed, trace: { sink: { kind: "memory" } } })
        list.forEach((spec, i) => {
          const r = sim.rng(`proc/${i}`)
          sim.spawn(function* () {
            for (let k = 0; k < spec.steps; k++) {
              yield* sleep(Math.round(r.exponential(spec.meanSleep)))
              sim.log(`p${i}`, "step", { k, x: r.int(0, 1000) })
            }
          })
        })
        sim.run()
        return sim.trace.lines.filter((l) => !l.includes(`"node":"p${specs.length}"`))
      }
      expect(stepsOf([...specs, extra])).toEqual(stepsOf(specs))
    },
  )
})
