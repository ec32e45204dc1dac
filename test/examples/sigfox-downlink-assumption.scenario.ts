/**
 * Worked example (c): a SiPy that reports every 6 hours with `SO_RX` set, to
 * pick up configuration (4 downlinks a day, the subscription's limit). The
 * naive firmware assumes every `SO_RX` send yields a downlink: when none comes
 * (`send` raises OSError(ENETDOWN): the base stations were down, or the frame
 * was lost) the exception escapes and the device stops reporting. The fixed
 * firmware catches ENETDOWN and keeps its last configuration.
 */
import { AF_SIGFOX, Device, ErrnoError, SOL_SIGFOX, SO_RX, Sigfox, SigfoxBackend, defineScenario, hours, param, Schema, sleep, type SigfoxSocket } from "fieldnet"
import { applyFaults, FaultSchedule } from "fieldnet/testing"

export default defineScenario({
  name: "sigfox-downlink-assumption",
  description: "a Sigfox device that assumes every SO_RX request yields a downlink",
  until: "2d",
  params: {
    faults: param(FaultSchedule, [], "fault schedule (base-station outages)"),
    handleNoDownlink: param(Schema.Boolean, false, "the fix: catch OSError(ENETDOWN) and keep the last configuration"),
  },
  build(world, p) {
    const backend = SigfoxBackend.of(world)
    const stations = [backend.addStation({ id: "bs-1", position: { x: 0, y: 0, z: 30 } }), backend.addStation({ id: "bs-2", position: { x: 1500, y: 0, z: 30 } })]
    applyFaults(world, p.faults, { setGatewayUp: (id, up) => stations.find((s) => s.id === id)?.setUp(up) })
    const dev = new Device(world, "sipy", { profile: "pycom", position: { x: 700, y: 200 } })
    const sigfox = new Sigfox(dev, { mode: Sigfox.SIGFOX, rcz: Sigfox.RCZ1 })
    let config = 0
    backend.setDownlink(sigfox.endpoint.deviceId, () => Uint8Array.of(1, 2, 3, 4, 5, 6, 7, ++config % 256))
    let reports = 0
    let noDownlink = 0
    world.spawn(function* () {
      const sock = dev.socket(AF_SIGFOX, 3) as SigfoxSocket
      sock.setsockopt(SOL_SIGFOX, SO_RX, true)
      for (;;) {
        try {
          yield* sock.send(Uint8Array.of(0x42, reports & 0xff))
          yield* sock.recv(8)
        } catch (e) {
          if (!p.handleNoDownlink || !(e instanceof ErrnoError) || e.code !== "ENETDOWN") throw e
          noDownlink++
        }
        reports++
        yield* sleep(hours(6))
      }
    }, { node: dev.name, name: "main" })
    return { metrics: () => ({ reports, no_downlink: noDownlink, backend_messages: backend.counters.messages }) }
  },
})
