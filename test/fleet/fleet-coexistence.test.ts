import { describe, expect, test } from "vitest"
import { Simulation, hours, s, sleep } from "../../sim/index.ts"
import { AF_SIGFOX, Device, SOL_SIGFOX, SO_RX, Sigfox, SigfoxBackend, type SigfoxSocket } from "../../stack/index.ts"
import { Fleet, fleetReport } from "../../stack/fleet/index.ts"
import { Gateway, LORASIM, LoraRadio, Medium, SYNC_WORD_PUBLIC } from "../../radio/index.ts"

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

/**
 * A scripted gateway and sender on the full Medium (at the fleet gateway's
 * site), and a raw LoRa fleet at SF7 on 868.1 MHz around it; with and without
 * `fleet.bridgeLora(medium)`.
 */
function loraWorld(bridge: boolean, scriptedPerMinute: number): { scriptedGot: number; scriptedSent: number; fleetRatio: number } {
  const world = new Simulation({ seed: 6 })
  const medium = Medium.of(world, { propagation: { ...LORASIM, sigmaDb: 0 } })
  const gw = new Gateway(medium, { id: "scripted-gw", position: { x: 0, y: 0, z: 15 }, channelsHz: [868_100_000] })
  let scriptedGot = 0
  gw.onFrameReceived(() => scriptedGot++)
  const radio = new LoraRadio(medium, { id: "scripted-node", position: { x: 120, y: 0 } })
  const fleet = new Fleet(world, {
    preset: "fieldnet",
    gateways: { kind: "single" },
    regionChannelsHz: [868_100_000],
    groups: [{ name: "nodes", kind: "lora-raw", count: 400, placement: { kind: "disc", radiusM: 150 }, traffic: { kind: "poisson", meanS: 20 }, payloadBytes: 20, sf: "fixed", fixedSf: 7 }],
  })
  if (bridge) fleet.bridgeLora(medium)
  let scriptedSent = 0
  const req = { sf: 7, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: true, freqHz: 868_100_000, txPowerDbm: 14, payload: new Uint8Array(20), syncWord: SYNC_WORD_PUBLIC, iqInverted: false }
  const tick = {
    onEvent(): void {
      if (radio.transmitting === undefined) {
        radio.transmit(req)
        scriptedSent++
      }
      world.after(Math.round(60e6 / scriptedPerMinute), tick)
    },
  }
  world.after(1_000_000, tick)
  world.run({ until: hours(1) })
  const r = fleetReport(fleet, world.now)
  return { scriptedGot, scriptedSent, fleetRatio: r.overall.framesDelivered / r.overall.frames }
}

describe("scripted LoRa devices bridged into a fleet (bridgeLora)", () => {
  test("fleet frames interfere at the scripted gateway only when bridged", () => {
    const apart = loraWorld(false, 6)
    const bridged = loraWorld(true, 6)
    expect(apart.scriptedGot).toBe(apart.scriptedSent)
    expect(bridged.scriptedSent).toBe(apart.scriptedSent)
    expect(bridged.scriptedGot).toBeLessThan(bridged.scriptedSent * 0.95)
  })

  test("a chatty scripted sender costs the fleet frames only when bridged", () => {
    const apart = loraWorld(false, 600)
    const bridged = loraWorld(true, 600)
    expect(bridged.fleetRatio).toBeLessThan(apart.fleetRatio - 0.02)
  })
})
