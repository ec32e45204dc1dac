import { describe, expect, it } from "vitest"
import { runScenario } from "../../index.ts"
import scenario from "../../scenarios/field-bugs/tcp-half-open.ts"

describe("field bug: TCP half-open after a partition", () => {
  it("without keep-alive the client sits on a dead connection until the end of the run", () => {
    const s = runScenario(scenario, { seed: 1 })
    const m = s.metrics as Record<string, number>
    expect(m["tcp.error.ETIMEDOUT"]).toBe(1) // the server gave up during the partition
    expect(m.server_gave_up_s).toBeGreaterThan(12 * 60)
    expect(m.server_gave_up_s).toBeLessThan(27 * 60)
    expect(m.client_noticed_s).toBe(-1)
    expect(m.connects).toBe(1)
    expect(m.half_open_s).toBeGreaterThan(90 * 60)
  })

  it("with QuecPython TCP_KEEPALIVE the client notices, reconnects and gets commands again", () => {
    const s = runScenario(scenario, { seed: 1, set: ["keepaliveMin=1"] })
    const m = s.metrics as Record<string, number>
    expect(m.connects).toBe(2)
    expect(m.half_open_s).toBeLessThan(5 * 60)
    expect(m.commands_received).toBeGreaterThan(15)
  })

  it("reproduces: same seed ⇒ same digest", () => {
    expect(runScenario(scenario, { seed: 4 }).digest).toBe(runScenario(scenario, { seed: 4 }).digest)
  })
})
