// The README's "Property-test your protocol code" example, kept here so CI runs it.
import { expect } from "vitest"
import { test } from "@fast-check/vitest"
import { checkScenario, faultSchedule } from "fieldnet/testing"

const faults = faultSchedule({ hosts: ["dev", "srv"], horizonMs: 120_000, quietTailMs: 60_000 })

test.prop([faults], { numRuns: 30 })("every reading is acknowledged once the network heals", (schedule) =>
  checkScenario({
    scenario: new URL("./readme-example.scenario.ts", import.meta.url),
    params: { faults: schedule },
    checkDeterminism: true,
    check: ({ summary }) => expect(summary.metrics.acked).toBe(50),
  }),
)
