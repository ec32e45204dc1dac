/**
 * sigfox-uplink: Pycom's Sigfox uplink example (PD `sigfox.md`) on a SiPy
 * 600 m from a base station:
 *
 *   sigfox = Sigfox(mode=Sigfox.SIGFOX, rcz=Sigfox.RCZ1)
 *   s = socket.socket(socket.AF_SIGFOX, socket.SOCK_RAW)
 *   s.setblocking(True)
 *   s.setsockopt(socket.SOL_SIGFOX, socket.SO_RX, False)
 *   s.send(bytes([1, 2, 3]))
 *
 * repeated `messages` times, one every `periodS`. Metrics: messages the backend
 * received, frames per message that reached it, RSSI, how long each blocking
 * send lasted.
 *
 *   npx fieldnet run scenarios/sigfox-uplink.ts --seed 3 --json
 */
import { AF_SIGFOX, Device, SOL_SIGFOX, SO_RX, Sigfox, SigfoxBackend, defineScenario, param, s, Schema, sleep, type MetricValue, type SigfoxSocket, type UplinkMessage } from "fieldnet"

export default defineScenario({
  name: "sigfox-uplink",
  description: "Pycom SiPy sending the Sigfox uplink example (3 bytes, RCZ1) to a base station and the backend",
  until: "2h",
  params: {
    messages: param(Schema.Int.check(Schema.isGreaterThan(0)), 10, "messages to send"),
    periodS: param(Schema.Number.check(Schema.isGreaterThan(0)), 600, "time between messages (s)"),
    distanceM: param(Schema.Number.check(Schema.isGreaterThan(0)), 600, "device to base-station distance (m)"),
  },
  build(world, p) {
    const backend = SigfoxBackend.of(world)
    backend.addStation({ id: "bs-1", position: { x: 0, y: 0, z: 30 } })
    const got: UplinkMessage[] = []
    backend.onUplink((m) => {
      got.push(m)
      world.log("app", "sigfox.app.uplink", { device: m.deviceId.toString(16), seq: m.seq, data: Buffer.from(m.payload).toString("hex") })
    })
    const dev = new Device(world, "sipy", { profile: "pycom", position: { x: p.distanceM, y: 0 } })
    const sigfox = new Sigfox(dev, { mode: Sigfox.SIGFOX, rcz: Sigfox.RCZ1 })
    world.metrics.set("device_id", sigfox.endpoint.deviceId.toString(16).padStart(8, "0"))
    const sock = dev.socket(AF_SIGFOX, 3) as SigfoxSocket
    sock.setblocking(true)
    sock.setsockopt(SOL_SIGFOX, SO_RX, false)
    let durationUs = 0
    let sent = 0
    world.spawn(
      function* () {
        for (let i = 0; i < p.messages; i++) {
          const t0 = world.now
          yield* sock.send(Uint8Array.of(1, 2, 3))
          durationUs += world.now - t0
          sent++
          yield* sleep(Math.max(0, t0 + s(p.periodS) - world.now))
        }
      },
      { node: dev.name, name: "main" },
    )
    return {
      metrics: (): Record<string, MetricValue> => {
        const received = got.length
        let frames = 0
        for (const st of backend.medium.stations) frames += st.counters.received
        // Best RSSI of each message across its frames (the stations map keeps the best per station).
        const rssi = received === 0 ? 0 : round(got.reduce((a, m) => a + Math.max(...m.stations.values()), 0) / received)
        return {
          messages_sent: sent,
          messages_received: received,
          message_success: sent === 0 ? 0 : round(received / sent),
          frames_on_air: backend.medium.counters.transmitted,
          frames_received: frames,
          frames_per_message: received === 0 ? 0 : round(frames / received),
          send_duration_s: sent === 0 ? 0 : round(durationUs / sent / 1e6),
          mean_rssi_dbm: rssi,
        }
      },
    }
  },
})

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
