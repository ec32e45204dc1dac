/**
 * sigfox-downlink: a SiPy sends an uplink with `SO_RX` set and receives the
 * 8-byte downlink the application queued at the backend:
 *
 *   s.setsockopt(socket.SOL_SIGFOX, socket.SO_RX, True)
 *   s.send(bytes([0x10, 0x20]))   # lasts the whole sequence (≈ 46 s)
 *   s.recv(32)                    # the 8 downlink bytes
 *
 * The backend answers each request with a counter; it allows 4 downlinks a day,
 * so with `messages` > 4 the later sends raise OSError(ENETDOWN). Metrics: how
 * long each blocking send lasted, downlinks received, ENETDOWN count, RSSI.
 * With `--set pcap=FILE` every frame (uplinks, downlinks, OOB acks) goes into a
 * linktype-147 pcap (stack/capture/SIGFOX.md).
 *
 *   npx fieldnet run scenarios/sigfox-downlink.ts --seed 3 --json
 *   npx fieldnet run scenarios/sigfox-downlink.ts --set pcap=sigfox.pcap && tshark -X lua_script:stack/capture/sigfox.lua -r sigfox.pcap
 */
import { AF_SIGFOX, Device, ErrnoError, SOL_SIGFOX, SO_RX, Sigfox, SigfoxBackend, defineScenario, openSigfoxCaptureFile, param, s, Schema, sleep, type MetricValue, type SigfoxSocket } from "fieldnet"

export default defineScenario({
  name: "sigfox-downlink",
  description: "Pycom SiPy sending an SO_RX uplink and receiving the 8-byte downlink (4/day limit)",
  until: "6h",
  params: {
    messages: param(Schema.Int.check(Schema.isGreaterThan(0)), 5, "SO_RX messages to send"),
    periodS: param(Schema.Number.check(Schema.isGreaterThan(0)), 3600, "time between messages (s)"),
    distanceM: param(Schema.Number.check(Schema.isGreaterThan(0)), 600, "device to base-station distance (m)"),
    pcap: param(Schema.String, "", "write every Sigfox frame to this pcap file (linktype 147); empty: none"),
  },
  build(world, p) {
    const backend = SigfoxBackend.of(world)
    const pcap = p.pcap === "" ? undefined : openSigfoxCaptureFile(backend.medium, p.pcap)
    backend.addStation({ id: "bs-1", position: { x: 0, y: 0, z: 30 } })
    backend.addStation({ id: "bs-2", position: { x: 900, y: 400, z: 30 } })
    const dev = new Device(world, "sipy", { profile: "pycom", position: { x: p.distanceM, y: 0 } })
    const sigfox = new Sigfox(dev, { mode: Sigfox.SIGFOX, rcz: Sigfox.RCZ1 })
    let counter = 0
    backend.setDownlink(sigfox.endpoint.deviceId, () => Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0, 0, 0, ++counter))
    const sock = dev.socket(AF_SIGFOX, 3) as SigfoxSocket
    sock.setsockopt(SOL_SIGFOX, SO_RX, true)
    let durationUs = 0
    let ok = 0
    let netdown = 0
    let rssi = 0
    let last = ""
    world.spawn(
      function* () {
        for (let i = 0; i < p.messages; i++) {
          const t0 = world.now
          try {
            yield* sock.send(Uint8Array.of(0x10, 0x20))
            const data = yield* sock.recv(32)
            ok++
            durationUs += world.now - t0
            rssi += sigfox.rssi()
            last = Buffer.from(data).toString("hex")
            world.log(dev.name, "app.downlink", { data: last, rssi: sigfox.rssi() })
          } catch (e) {
            if (!(e instanceof ErrnoError) || e.code !== "ENETDOWN") throw e
            netdown++
            world.log(dev.name, "app.no_downlink", { errno: e.errno })
          }
          yield* sleep(Math.max(0, t0 + s(p.periodS) - world.now))
        }
      },
      { node: dev.name, name: "main" },
    )
    return {
      finish: () => pcap?.close(),
      metrics: (): Record<string, MetricValue> => ({
        downlinks_received: ok,
        enetdown: netdown,
        send_duration_s: ok === 0 ? 0 : Math.round(durationUs / ok / 1e3) / 1e3,
        downlink_rssi_dbm: ok === 0 ? 0 : Math.round(rssi / ok),
        last_downlink_hex: last,
        backend_downlinks: backend.counters.downlinks,
        backend_downlinks_refused: backend.counters.downlinksRefused,
        oob_frames: backend.counters.messages - ok - netdown,
      }),
    }
  },
})
