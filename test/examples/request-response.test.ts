// Worked example (a), written as a user would: property-test a TCP
// request/response client against generated fault schedules.
import { spawnSync } from "node:child_process"
import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { checkScenario, faultSchedule, type FaultSchedule } from "fieldnet/testing"

const scenario = new URL("./request-response.scenario.ts", import.meta.url)
// Faults in the first 20 minutes; the last 10 minutes are quiet so a correct client recovers.
const faults = faultSchedule({ hosts: ["client", "server"], horizonMs: 30 * 60_000, quietTailMs: 10 * 60_000, maxFaults: 3 })

/** The property: once the network is healthy again, the client completes requests. */
const recovers = (timeoutS: number) => (schedule: FaultSchedule) =>
  checkScenario({
    scenario,
    params: { faults: schedule, timeoutS },
    check: ({ summary }) => {
      expect(summary.metrics.completed_after_faults, "requests completed after the last fault").toBeGreaterThan(0)
    },
  })

describe("worked example (a): TCP request/response", () => {
  it("finds that the naive client (no socket timeout) hangs forever after a long partition, with a minimal schedule", async () => {
    const details = await fc.check(fc.asyncProperty(faults, recovers(0)), { seed: 20261122, numRuns: 200 })
    expect(details.failed).toBe(true)
    const [schedule] = details.counterexample as [FaultSchedule]
    // Shrunk to a single fault that cuts the client off from the server's reply
    // for longer than the server keeps retransmitting.
    expect(schedule).toHaveLength(1)
    const f = schedule[0] as FaultSchedule[number]
    expect(["partition", "oneWay", "lossBurst"]).toContain(f.kind)
    expect(f.durationMs).toBeGreaterThan(60_000)
    const message = (details.errorInstance as Error).message
    expect(message).toContain('property failed for scenario "request-response" (seed 1')
    expect(message).toMatch(/faults:\n {4}t=\S+ (partition|one-way partition|loss burst)/)
    const replay = /replay: npx fieldnet replay (\S+)/.exec(message)?.[1] as string
    expect(replay).toBeDefined()
    console.log(`shrunk counterexample:\n${message}`)
    // The printed command reproduces the failing run with the same digest.
    const r = spawnSync(process.execPath, ["bin/fieldnet.js", "replay", replay], { encoding: "utf8" })
    expect(r.stdout).toContain("reproduced: digest")
    expect(r.status).toBe(0)
  })

  test.prop([faults], { numRuns: 40 })("the fixed client (5 s timeout, reconnect) always recovers", recovers(5))
})
