import { spawnSync } from "node:child_process"
import { describe, expect, it } from "vitest"

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["bin/fieldnet.js", ...args], { encoding: "utf8" })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)

describe("fieldnet run", () => {
  it("--json prints exactly one JSON object with the summary fields", () => {
    const r = run("run", "scenarios/ping-pong.ts", "--seed", "3", "--json")
    expect(r.code).toBe(0)
    const lines = r.out.trim().split("\n")
    expect(lines).toHaveLength(1)
    const s = JSON.parse(lines[0] as string) as Record<string, unknown>
    for (const k of ["scenario", "seed", "simTimeUs", "events", "wallMs", "digest", "metrics"]) expect(s).toHaveProperty(k)
    expect(s.scenario).toBe("ping-pong")
    expect(s.seed).toBe(3)
    expect(s.simTimeUs).toBe(600_000_000)
    expect(s.digest).toMatch(/^[0-9a-f]{64}$/)
    const m = s.metrics as Record<string, unknown>
    expect(m.sent).toBe(1000)
    expect((m.received as number) + (m.lost as number)).toBe(1000)
    expect((m.rtt_ms as { mean: number }).mean).toBeGreaterThan(40)
  })

  it("prints a human summary table with the digest by default", () => {
    const r = run("run", "scenarios/ping-pong.ts", "--seed", "3", "--set", "rounds=10", "--until", "5s")
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^digest\s+[0-9a-f]{64}$/m)
    expect(r.out).toMatch(/^sent\s+10$/m)
    expect(r.err).toBe("") // no progress output when stderr is not a TTY
  })

  it("same seed ⇒ same digest; another seed ⇒ another", () => {
    const d = (seed: string) => (JSON.parse(run("run", "scenarios/ping-pong.ts", "--seed", seed, "--json").out) as { digest: string }).digest
    expect(d("5")).toBe(d("5"))
    expect(d("5")).not.toBe(d("6"))
  })

  it("--check-determinism passes on ping-pong", () => {
    const r = run("run", "scenarios/ping-pong.ts", "--seed", "3", "--check-determinism")
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/deterministic: two runs in separate processes gave digest [0-9a-f]{64}/)
  })

  it("--check-determinism exits 1 naming the first differing trace line", () => {
    const r = run("run", "test/fixtures/nondeterministic.ts", "--check-determinism")
    expect(r.code).toBe(1)
    expect(r.err).toContain("NOT deterministic")
    expect(r.err).toContain("first difference at trace line 3")
    expect(r.err).toMatch(/run 1: \{"t":10,"node":"n1","kind":"pid","pid":\d+\}/)
  })

  it.each([
    [["--set", "rounds=abc"], /--set rounds=abc: invalid value for param "rounds": Expected number, got "abc"/],
    [["--set", "loss=2"], /param "loss": Expected a value between 0 and 1/],
    [["--set", "rounds=1.5"], /param "rounds": Expected an integer/],
    [["--set", "nope=1"], /has no param "nope" \(params: rounds, intervalMs/],
    [["--set", "rounds"], /--set rounds: expected key=value/],
    [["--until", "soon"], /--until: invalid duration "soon"/],
    [["--seed", "-1"], /--seed -1: expected a non-negative integer|--seed/],
    [["--bogus"], /Unknown option '--bogus'/],
  ])("bad input %j exits 2 with a clear message and no stack trace", (extra, message) => {
    const r = run("run", "scenarios/ping-pong.ts", ...extra)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
    noStack(r.err)
    expect(r.out).toBe("")
  })

  it("a missing scenario file or command exits 2", () => {
    const a = run("run", "scenarios/nope.ts")
    expect(a.code).toBe(2)
    expect(a.err).toContain("scenario file not found: scenarios/nope.ts")
    const b = run("frobnicate")
    expect(b.code).toBe(2)
    expect(b.err).toContain('unknown command "frobnicate"')
    noStack(a.err + b.err)
  })

  it("the watchdog stops a run cleanly: exit 1, summary printed, reason given", () => {
    const r = run("run", "scenarios/ping-pong.ts", "--max-events", "100", "--json")
    expect(r.code).toBe(1)
    const s = JSON.parse(r.out) as { stop: { reason: string; message: string }; events: number }
    expect(s.stop.reason).toBe("watchdog")
    expect(s.events).toBe(100)
    expect(r.err).toContain("maxEvents")
  })
})

describe("nested parameter errors", () => {
  it("name the path of the bad field inside a structured param", () => {
    const r = run("run", "test/examples/request-response.scenario.ts", "--set", 'faults=[{"kind":"crash","atMs":"soon","durationMs":5,"host":"server"}]')
    expect(r.code).toBe(2)
    expect(r.err).toContain('invalid value for param "faults[0].atMs": Expected number')
    const l = run("run", "test/examples/request-response.scenario.ts", "--set", 'link={"latencyMs":1,"jitterMs":0,"loss":"x","bandwidthKbps":0}')
    expect(l.err).toContain('param "link.loss": Expected number')
  })
})

describe("process errors", () => {
  it("stop the run by default, naming node, process and sim time; --keep-going records them and runs on", () => {
    const stop = run("run", "test/fixtures/crashy.ts", "--seed", "2", "--json")
    expect(stop.code).toBe(1)
    const s = JSON.parse(stop.out) as { stop: { reason: string }; simTimeUs: number }
    expect(s.stop.reason).toBe("error")
    expect(stop.err).toMatch(/process "p0" on node "sim" failed at t=10\.000ms \(10000 µs\): Error: even seed 2/)
    const go = run("run", "test/fixtures/crashy.ts", "--seed", "2", "--keep-going", "--json")
    expect(go.code).toBe(1)
    const g = JSON.parse(go.out) as { stop: { reason: string }; simTimeUs: number; failures: string[] }
    expect(g.stop.reason).toBe("until")
    expect(g.simTimeUs).toBe(1_000_000)
    expect(g.failures).toHaveLength(1)
  })
})
