// Worked example (c), written as a user would: does my Sigfox firmware keep
// reporting whatever the base stations do?
import { spawnSync } from "node:child_process"
import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { checkScenario, faultSchedule, type FaultSchedule } from "fieldnet/testing"

const scenario = new URL("./sigfox-downlink-assumption.scenario.ts", import.meta.url)
const outages = faultSchedule({ gateways: ["bs-1", "bs-2"], horizonMs: 48 * 3_600_000, maxDurationMs: 3 * 3_600_000, maxFaults: 4 })

const keepsReporting = (handleNoDownlink: boolean) => (faults: FaultSchedule) =>
  checkScenario({
    scenario,
    params: { faults, handleNoDownlink },
    check: ({ summary }) => expect(summary.metrics.reports, "reports in 2 days (one every 6 h)").toBe(8),
  })

describe("worked example (c): Sigfox SO_RX without a downlink", () => {
  it("finds that the naive firmware dies on the first missing downlink, with a minimal schedule", async () => {
    const details = await fc.check(fc.asyncProperty(outages, keepsReporting(false)), { seed: 20261122, numRuns: 60 })
    expect(details.failed).toBe(true)
    const [schedule] = details.counterexample as [FaultSchedule]
    // Shrunk to one short base-station outage that makes a single downlink go missing.
    expect(schedule.length).toBeLessThanOrEqual(2)
    expect(schedule.every((f) => f.kind === "gatewayOutage")).toBe(true)
    const message = (details.errorInstance as Error).message
    expect(message).toContain("the run stopped on an error")
    expect(message).toMatch(/ENETDOWN|\[Errno 115\]/)
    expect(message).toMatch(/replay: npx fieldnet replay \S+/)
    console.log(`shrunk counterexample:\n${message}`)
    // The printed command reproduces the failing run with the same digest.
    const replay = /replay: npx fieldnet replay (\S+)/.exec(message)?.[1] as string
    const r = spawnSync(process.execPath, ["bin/fieldnet.js", "replay", replay], { encoding: "utf8" })
    expect(r.stdout).toContain("reproduced: digest")
  })

  test.prop([outages], { numRuns: 20 })("the fixed firmware (catches ENETDOWN) reports every 6 hours", keepsReporting(true))
})
