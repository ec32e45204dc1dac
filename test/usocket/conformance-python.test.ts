/**
 * The conformance suite (conformance-cases.ts) run as MicroPython firmware on a
 * simulated board (conformance-micropython.py: the same call sequences as
 * conformance.py and the TypeScript runner, one board talking to itself), on a
 * "micropython" board and on a LoPy4 (pycom profile). Each outcome must equal
 * (a) the TypeScript runner's for the same profile — the firmware path through
 * the Python shims must not differ from the TypeScript API — and (b) the host
 * kernel's (python3 on 127.0.0.1), except where the profile's documented
 * differences say why.
 */
import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { Network, PythonDevice, s, Simulation, type BoardName } from "../../index.ts"
import { registerOps } from "../../stack/python/ops.ts"
import { CASES, DOCUMENTED_DIFFERENCES, PYCOM_DIFFERENCES, type ConformanceCase, type Difference } from "./conformance-cases.ts"

const RUNNER = readFileSync(new URL("./conformance-micropython.py", import.meta.url), "utf8")
const ADDR = "10.0.0.1"

// The port a socket is bound to: MicroPython has no getsockname(), so the runner asks the simulator
// (as runInSim reads `local.port`); no socket call, no sim time (see conformance-micropython.py).
registerOps(
  {
    "test.local_port": (c, [h]) => (c.handles.peek(h) as { local?: { port: number } } | undefined)?.local?.port ?? -1,
  },
  0,
)

/** Runs every case in one boot of `board` (at ADDR); outcomes by case name. */
function runOnBoard(board: BoardName): { outcomes: Record<string, string[]>; printed: string[]; done: boolean } {
  const world = new Simulation({ seed: 1, trace: { enabled: false } })
  try {
    const net = new Network(world)
    const dev = new PythonDevice(world, "board", {
      board,
      firmware: { files: { "main.py": RUNNER, "cases.json": JSON.stringify({ addr: ADDR, cases: CASES }) } },
    })
    net.addHost(dev, ADDR)
    const printed: string[] = []
    dev.runtime.onConsole((l) => printed.push(l.text))
    world.run({ until: s(120) })
    const outcomes: Record<string, string[]> = {}
    for (const line of printed) {
      const m = /^CASE (\S+) (.*)$/.exec(line)
      if (m !== null) outcomes[m[1]!] = JSON.parse(m[2]!) as string[]
    }
    return { outcomes, printed, done: printed.includes("DONE") }
  } finally {
    world.dispose()
  }
}

function runOnHost(): Record<string, string[]> | undefined {
  const script = fileURLToPath(new URL("./conformance.py", import.meta.url))
  const r = spawnSync("python3", [script], { input: JSON.stringify(CASES), encoding: "utf8", timeout: 30_000 })
  if (r.error !== undefined || r.status !== 0) {
    console.warn(`conformance-python: python3 not usable (${r.error?.message ?? r.stderr}); host-kernel comparison SKIPPED`)
    return undefined
  }
  return JSON.parse(r.stdout) as Record<string, string[]>
}

const host = runOnHost()

const label = (c: ConformanceCase, i: number): string => {
  const st = c.steps[i]!
  return `${i} ${st.op}${"sock" in st ? " " + st.sock : ""}`
}
const labelled = (c: ConformanceCase, outcomes: readonly (string | undefined)[]): string[] => c.steps.map((_, i) => `${label(c, i)}: ${outcomes[i] ?? "<missing>"}`)

const PROFILES = [
  { board: "micropython", profile: "micropython", diffs: DOCUMENTED_DIFFERENCES },
  { board: "lopy4", profile: "pycom", diffs: PYCOM_DIFFERENCES },
] as const

for (const { board, profile, diffs } of PROFILES) {
  describe(`conformance as MicroPython on a "${board}" board (${profile} profile)`, () => {
    let py: ReturnType<typeof runOnBoard>
    let runInSim: (c: ConformanceCase, profile: "micropython" | "pycom") => string[]
    beforeAll(async () => {
      // Imported here, not at the top: conformance.test.ts's own suites are then not registered
      // (and run) a second time as part of this file.
      ;({ runInSim } = await import("./conformance.test.ts"))
      py = runOnBoard(board)
    })

    it("the runner ran every case to the end in one boot", () => {
      expect(py.printed.filter((l) => /Traceback|Error/.test(l) && !l.startsWith("CASE "))).toEqual([])
      expect(py.done).toBe(true)
      expect(Object.keys(py.outcomes)).toEqual(CASES.map((c) => c.name))
      for (const c of CASES) expect(py.outcomes[c.name], c.name).toHaveLength(c.steps.length)
    })

    for (const c of CASES) {
      it(`${c.name}: the firmware path gives the TypeScript API's outcomes`, () => {
        expect(labelled(c, py.outcomes[c.name] ?? [])).toEqual(labelled(c, runInSim(c, profile)))
      })

      it.skipIf(host === undefined)(`${c.name}: the host kernel's outcomes, but for the documented differences`, () => {
        const real = host![c.name]!
        const expected = c.steps.map((_, i) => {
          const d: Difference | undefined = diffs[`${c.name}#${i}`]
          return d !== undefined && real[i] === d.linux ? d.sim : real[i]
        })
        expect(labelled(c, py.outcomes[c.name] ?? [])).toEqual(labelled(c, expected))
      })
    }
  })
}
