/**
 * Worked example (b): an application that totals rain-gauge readings sent as
 * confirmed LoRaWAN uplinks. The network server hands uplinks to the
 * application at least once (`deliverRetransmissions`, like a webhook that
 * retries), so when an ACK is lost the device's retransmission (same FCnt)
 * arrives a second time. The naive application adds every uplink to the total;
 * the fixed one (`dedup`) ignores an FCnt it has already counted for that device.
 */
import { ABP, AF_LORA, Device, Gateway, LoRa, Medium, NetworkServer, SOCK_RAW, SOL_LORA, SO_CONFIRMED, SO_DR, defineScenario, lorawan, param, s, Schema, sleep, type LoRaWanSocket } from "fieldnet"
import { applyFaults, FaultSchedule } from "fieldnet/testing"

export default defineScenario({
  name: "lorawan-double-count",
  description: "rain-gauge totals from confirmed uplinks under gateway outages",
  until: "1h",
  params: {
    faults: param(FaultSchedule, [], "fault schedule (gateway outages)"),
    dedup: param(Schema.Boolean, false, "the fix: de-duplicate on (device, FCnt)"),
    devices: param(Schema.Int, 3, "rain gauges"),
  },
  build(world, p) {
    const medium = Medium.of(world)
    const ns = new NetworkServer(world, { deliverRetransmissions: true })
    const gw = new Gateway(medium, { id: "gw", position: { x: 0, y: 0, z: 15 } })
    ns.addGateway(gw)
    applyFaults(world, p.faults, { setGatewayUp: (_id, up) => gw.setUp(up) })

    // The application under test.
    let total = 0
    const seen = new Set<string>()
    ns.app.onUplink((u) => {
      if (p.dedup) {
        const key = `${u.devEui}/${u.fcnt}`
        if (seen.has(key)) return
        seen.add(key)
      }
      total += u.payload[0] ?? 0
    })
    // The truth: what each device measured and the network accepted once.
    let truth = 0
    const counted = new Set<string>()
    ns.app.onUplink((u) => {
      const key = `${u.devEui}/${u.fcnt}`
      if (!counted.has(key)) (counted.add(key), (truth += u.payload[0] ?? 0))
    })

    for (let i = 0; i < p.devices; i++) {
      const dev = new Device(world, `gauge${i}`, { profile: "pycom", position: { x: 30 + 10 * i, y: 0 } })
      const lora = new LoRa(dev, { mode: LoRa.LORAWAN, region: LoRa.EU868 })
      const devAddr = 0x26010000 + i
      const keys = { nwkSKey: lorawan.fromHex("44024241ed4ce9a68c6a8bc055233fd3"), appSKey: lorawan.fromHex("ec925802ae430ca77fd3dd73cb2cc588") }
      ns.registerAbp(lora.mac(), devAddr, keys)
      const tips = world.rng(`gauge/${i}/tips`)
      world.spawn(function* () {
        yield* lora.join(ABP, { auth: [devAddr, keys.nwkSKey, keys.appSKey] })
        const sock = dev.socket(AF_LORA, SOCK_RAW) as LoRaWanSocket
        sock.setsockopt(SOL_LORA, SO_DR, 5)
        sock.setsockopt(SOL_LORA, SO_CONFIRMED, true)
        yield* sleep(s(20 * i))
        for (;;) {
          try {
            yield* sock.send(Uint8Array.of(tips.int(1, 3)))
          } catch {
            /* no ACK after all tries: the reading is lost, as the firmware accepts */
          }
          yield* sleep(s(60))
        }
      }, { node: dev.name, name: "main" })
    }
    return { metrics: () => ({ app_total: total, true_total: truth, double_counted: total - truth, ns_retransmissions: ns.counters.retransmissions }) }
  },
})
