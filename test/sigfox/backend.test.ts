/** Backend: de-duplication across stations, the best station answers, non-blocking SO_RX, OOB frames not counted. */
import { describe, expect, it } from "vitest"
import { linkTable } from "../../radio/index.ts"
import { UnbMedium } from "../../radio/sigfox/index.ts"
import { Simulation } from "../../sim/index.ts"
import { Device } from "../../stack/device.ts"
import { AF_SIGFOX, SOL_SIGFOX, SO_RX, Sigfox, SigfoxBackend, type SigfoxSocket } from "../../stack/sigfox/index.ts"

function world() {
  const sim = new Simulation({ seed: 5, trace: { sink: { kind: "memory" } }, onProcessError: "record" })
  const medium = new UnbMedium(sim, {
    propagation: linkTable(
      [
        ["dev", "near", 110],
        ["dev", "far", 135],
      ],
      200,
    ),
  })
  const backend = new SigfoxBackend(medium)
  const near = backend.addStation({ id: "near", position: { x: 0, y: 0 } })
  const far = backend.addStation({ id: "far", position: { x: 0, y: 0 } })
  const dev = new Device(sim, "dev", { profile: "pycom" })
  const sf = new Sigfox(dev, {}, { medium })
  return { sim, medium, backend, near, far, dev, sf }
}

describe("Sigfox backend", () => {
  it("the station that heard the device best sends the downlink; a non-blocking SO_RX send gets it into the RX queue", () => {
    const { sim, backend, near, far, dev, sf } = world()
    backend.setDownlink(sf.endpoint.deviceId, Uint8Array.of(8, 7, 6, 5, 4, 3, 2, 1))
    const sock = dev.socket(AF_SIGFOX, 3) as SigfoxSocket
    sock.setsockopt(SOL_SIGFOX, SO_RX, true)
    sock.setblocking(false)
    const p = sim.spawn(
      function* () {
        const n = yield* sock.send(Uint8Array.of(1))
        const sentAt = sim.now
        sock.setblocking(true)
        const data = yield* sock.recv(8)
        return { n, sentAt, data: Array.from(data), at: sim.now }
      },
      { node: "dev" },
    )
    sim.run()
    const r = p.result as { n: number; sentAt: number; data: number[]; at: number }
    expect(r.n).toBe(1)
    expect(r.sentAt).toBe(0)
    expect(r.data).toEqual([8, 7, 6, 5, 4, 3, 2, 1])
    expect(r.at / 1e6).toBeGreaterThan(40)
    expect(near.counters.downlinks).toBe(1)
    expect(far.counters.downlinks).toBe(0)
    expect(near.counters.received).toBeGreaterThan(0)
    expect(far.counters.received).toBeGreaterThan(0)
    // The OOB confirmation is a message of its own but does not count against the daily uplink limit.
    expect(backend.counters.messages).toBe(2)
    expect(backend.dailyCount(sf.endpoint.deviceId)).toEqual({ ul: 1, dl: 1 })
  })

  it("a malformed downlink from the application is traced, not thrown; the device gets ENETDOWN", () => {
    const { sim, backend, dev, sf } = world()
    backend.setDownlink(sf.endpoint.deviceId, Uint8Array.of(1, 2, 3))
    const sock = dev.socket(AF_SIGFOX, 3) as SigfoxSocket
    sock.setsockopt(SOL_SIGFOX, SO_RX, true)
    const p = sim.spawn(() => sock.send(Uint8Array.of(1)), { node: "dev" })
    sim.run()
    expect((p.error as { errno: number }).errno).toBe(115)
    expect(sim.trace.lines.some((l) => l.includes("sigfox.backend.bad_downlink"))).toBe(true)
    expect(backend.counters.downlinksUnanswered).toBe(1)
  })
})
