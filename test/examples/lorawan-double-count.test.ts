// Worked example (b), written as a user would: does my application count each
// rain-gauge reading exactly once, whatever the gateway does?
import { spawnSync } from "node:child_process"
import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { checkScenario, faultSchedule, type FaultSchedule } from "fieldnet/testing"

const scenario = new URL("./lorawan-double-count.scenario.ts", import.meta.url)
const outages = faultSchedule({ gateways: ["gw"], horizonMs: 60 * 60_000, maxDurationMs: 3_000, maxFaults: 4 })

const countsOnce = (dedup: boolean) => (faults: FaultSchedule) =>
  checkScenario({
    scenario,
    params: { faults, dedup },
    check: ({ summary }) => expect(summary.metrics.double_counted, "readings counted twice").toBe(0),
  })

describe("worked example (b): LoRaWAN double counting", () => {
  it("finds that a lost ACK makes the naive application count a reading twice, with a minimal schedule", async () => {
    const details = await fc.check(fc.asyncProperty(outages, countsOnce(false)), { seed: 20261122, numRuns: 100 })
    expect(details.failed).toBe(true)
    const [schedule] = details.counterexample as [FaultSchedule]
    expect(schedule).toHaveLength(1) // one short gateway outage over one ACK
    expect(schedule[0]?.kind).toBe("gatewayOutage")
    const message = (details.errorInstance as Error).message
    expect(message).toMatch(/faults:\n {4}t=\S+ gateway gw down for \S+/)
    expect(message).toContain("readings counted twice")
    expect(message).toMatch(/replay: npx fieldnet replay \S+/)
    console.log(`shrunk counterexample:\n${message}`)
    // The printed command reproduces the failing run with the same digest.
    const replay = /replay: npx fieldnet replay (\S+)/.exec(message)?.[1] as string
    const r = spawnSync(process.execPath, ["bin/fieldnet.js", "replay", replay], { encoding: "utf8" })
    expect(r.stdout).toContain("reproduced: digest")
  })

  test.prop([outages], { numRuns: 25 })("the fixed application (de-duplicates on FCnt) counts every reading once", countsOnce(true))
})
