import { describe, expect, test } from "vitest"
import { Simulation, hours, s, sleep } from "../../sim/index.ts"
import { AF_SIGFOX, Device, SOL_SIGFOX, SO_RX, Sigfox, SigfoxBackend, type SigfoxSocket } from "../../stack/index.ts"
import { Fleet, fleetReport } from "../../stack/fleet/index.ts"

/** A scripted Pycom SiPy (usocket AF_SIGFOX) sending 40 messages, alone or inside a Sigfox fleet: frames its backend got. */
function scriptedSipy(withFleet: boolean): { framesReceived: number; fleetMessages: number } {
  const world = new Simulation({ seed: 4 })
  const backend = SigfoxBackend.of(world)
  backend.addStation({ id: "bs-1", position: { x: 0, y: 0, z: 30 } })
  const fleet = withFleet
    ? new Fleet(world, {
        preset: "fieldnet",
        gateways: { kind: "single" },
        sigfoxStations: { kind: "single" },
        groups: [{ name: "alarms", kind: "sigfox", count: 6000, placement: { kind: "disc", radiusM: 800 }, traffic: { kind: "poisson", meanS: 600 }, payloadBytes: 12, sigfoxFrames: 3 }],
      })
    : undefined
  const dev = new Device(world, "sipy", { profile: "pycom", position: { x: 500, y: 0 } })
  new Sigfox(dev, { mode: Sigfox.SIGFOX, rcz: Sigfox.RCZ1 })
  const sock = dev.socket(AF_SIGFOX, 3) as SigfoxSocket
  sock.setblocking(true)
  sock.setsockopt(SOL_SIGFOX, SO_RX, false)
  world.spawn(
    function* () {
      for (let i = 0; i < 40; i++) {
        yield* sock.send(Uint8Array.of(1, 2, 3))
        yield* sleep(s(60))
      }
    },
    { node: "sipy", name: "main" },
  )
  world.run({ until: hours(1) })
  // The backend counts only Sigfox-protocol frames: the SiPy's, not the fleet's.
  const framesReceived = backend.counters.frames
  return { framesReceived, fleetMessages: fleet === undefined ? 0 : fleetReport(fleet, world.now).overall.sent }
}

describe("scripted devices in a fleet's world", () => {
  test("a scripted SiPy's frames collide with the fleet's Sigfox frames on the shared UNB medium", () => {
    const alone = scriptedSipy(false)
    const crowded = scriptedSipy(true)
    expect(alone.framesReceived).toBe(120) // 40 messages × 3 frames, nothing else on the air
    expect(crowded.fleetMessages).toBeGreaterThan(20_000)
    expect(crowded.framesReceived).toBeLessThan(alone.framesReceived)
    expect(crowded.framesReceived).toBeGreaterThan(0)
  })
})
