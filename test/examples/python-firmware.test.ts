// Property-testing MicroPython firmware: the README's example, and the
// shrink-and-replay of a buggy firmware, written as a user would.
import { spawnSync } from "node:child_process"
import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { checkScenario, faultSchedule, type FaultSchedule } from "fieldnet/testing"

const scenario = new URL("./python-firmware.scenario.ts", import.meta.url)
// Faults in the first 2 minutes; the last 3 minutes are quiet, so a correct firmware finishes.
const faults = faultSchedule({ hosts: ["dev", "srv"], crashable: ["dev", "srv"], horizonMs: 5 * 60_000, quietTailMs: 3 * 60_000, maxFaults: 3 })

const acksAll = (firmware: string) => (schedule: FaultSchedule) =>
  checkScenario({
    scenario,
    params: { faults: schedule, firmware },
    checkDeterminism: firmware === "python-client.py",
    check: ({ summary }) => expect(summary.metrics.acked, "readings acknowledged").toBe(20),
  })

describe("property tests of MicroPython firmware", () => {
  test.prop([faults], { numRuns: 8 })("every reading is acknowledged once the network heals", acksAll("python-client.py"))

  it("finds that the firmware without a socket timeout hangs after a lost datagram, and the replay re-runs that firmware", async () => {
    const details = await fc.check(fc.asyncProperty(faults, acksAll("python-client-naive.py")), { seed: 20261203, numRuns: 40 })
    expect(details.failed).toBe(true)
    const [schedule] = details.counterexample as [FaultSchedule]
    expect(schedule).toHaveLength(1)
    const message = (details.errorInstance as Error).message
    expect(message).toContain('property failed for scenario "my-firmware"')
    const replay = /replay: npx fieldnet replay (\S+)/.exec(message)?.[1] as string
    const r = spawnSync(process.execPath, ["bin/fieldnet.js", "replay", replay], { encoding: "utf8" })
    expect(r.stdout).toContain("reproduced: digest")
    expect(r.status).toBe(0)
  })
})
