import { describe, expect, it } from "vitest"
import { runScenario } from "../../index.ts"
import scenario from "../../scenarios/field-bugs/lorawan-join-storm.ts"

const num = (v: number | undefined): number => v ?? Number.NaN

describe("field bug: join storm after a site power outage", () => {
  const bug = runScenario(scenario, { seed: 1 }).metrics as Record<string, number>
  const fixed = runScenario(scenario, { seed: 1, set: ["bootJitterS=60"] }).metrics as Record<string, number>

  it("every sensor joining at boot makes the JoinRequests collide round after round", () => {
    expect(bug.lost_to_interference_after_power_back).toBeGreaterThan(1000)
    expect(bug.rejoin_p50_s).toBeGreaterThan(5 * 60)
    expect(bug.rejoin_max_s).toBeGreaterThan(20 * 60)
  })

  it("a random wait before joining spreads the requests and everyone is back within minutes", () => {
    expect(fixed.not_rejoined).toBe(0)
    expect(fixed.lost_to_interference_after_power_back).toBeLessThan(num(bug.lost_to_interference_after_power_back) / 10)
    expect(fixed.rejoin_max_s).toBeLessThan(10 * 60)
    expect(num(fixed.rejoin_p50_s) * 3).toBeLessThan(num(bug.rejoin_p50_s))
  })
})
