import { describe, expect, it } from "vitest"
import { runScenario } from "../../index.ts"
import scenario from "../../scenarios/field-bugs/lorawan-nvram-replay.ts"

describe("field bug: ABP reboot without nvram_restore", () => {
  it("the network server drops the rebooted device's uplinks as replays until its FCnt passes the old one", () => {
    const m = runScenario(scenario, { seed: 1 }).metrics as Record<string, number>
    expect(m.delivered_before_reboot).toBe(20)
    // FCnt restarts at 0: FCnt 0..18 are rejected as replays, and FCnt 19, equal to the last
    // accepted one, is taken as a retransmission; neither reaches the application.
    expect(m.ns_replays).toBe((m.delivered_before_reboot as number) - 1)
    expect(m.delivered_after_reboot).toBe((m.sent_after_reboot as number) - (m.delivered_before_reboot as number))
  })

  it("with nvram_save/nvram_restore the counter carries on and nothing is dropped", () => {
    const m = runScenario(scenario, { seed: 1, set: ["nvram=true"] }).metrics as Record<string, number>
    expect(m.ns_replays).toBe(0)
    expect(m.delivered_after_reboot).toBe(m.sent_after_reboot)
  })
})
