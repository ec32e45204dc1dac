/**
 * lorawan-otaa: Pycom's LoRaWAN OTAA example (PD `lora.md` "LoRaWAN (OTAA)") on one
 * LoPy4 and one gateway: `join(activation=LoRa.OTAA, auth=(app_eui, app_key),
 * timeout=0)`, poll `has_joined()` every 2.5 s, then a confirmed uplink on FPort 2
 * at DR5 every N minutes followed by a non-blocking `recv`. The application
 * answers every uplink with a downlink on FPort 3 carrying the uplink's counter,
 * which the board reads after its next send.
 *
 *   npx fieldnet run scenarios/lorawan-otaa.ts --seed 3 --json
 */
import { AF_LORA, Device, Gateway, LoRa, Medium, NetworkServer, OTAA, SOCK_RAW, SOL_LORA, SO_CONFIRMED, SO_DR, defineScenario, lorawan, minutes, ms, param, Schema, sleep, type LoRaWanSocket } from "fieldnet"

export default defineScenario({
  name: "lorawan-otaa",
  description: "Pycom OTAA example: join, confirmed uplinks every N minutes, downlinks answered by the application",
  until: "2h",
  params: {
    periodMin: param(Schema.Number.check(Schema.isGreaterThan(0)), 5, "minutes between uplinks"),
    distanceM: param(Schema.Number.check(Schema.isGreaterThan(0)), 40, "board–gateway distance (m); LoRaSim path loss is steep: the board hears SF7 downlinks to about 100 m"),
    confirmed: param(Schema.Boolean, true, "send confirmed uplinks (SO_CONFIRMED)"),
  },
  build(world, p) {
    Medium.of(world)
    const medium = Medium.of(world)
    const ns = new NetworkServer(world)
    ns.addGateway(new Gateway(medium, { id: "gw", position: { x: 0, y: 0, z: 15 } }))
    const board = new Device(world, "lopy4", { profile: "pycom", position: { x: p.distanceM, y: 0 } })
    const lora = new LoRa(board, { mode: LoRa.LORAWAN, region: LoRa.EU868 })
    const appEui = lorawan.fromHex("70b3d57ed0001234")
    const appKey = lorawan.fromHex("2b7e151628aed2a6abf7158809cf4f3c")
    ns.registerOtaa(lora.mac(), appEui, appKey)
    const st = { joinedAtMs: -1, sent: 0, sendErrors: 0, downlinks: 0, answered: 0, lastEcho: -1 }
    ns.app.onUplink((u, app) => {
      app.queueDownlink(u.devEui, 3, Uint8Array.of(0xac, u.payload[0] ?? 0))
      st.answered++
    })
    world.spawn(
      function* () {
        yield* lora.join(OTAA, { auth: [appEui, appKey], timeout: 0 })
        while (!lora.has_joined()) {
          world.log(board.name, "app.print", { text: "Not yet joined..." })
          yield* sleep(ms(2500))
        }
        st.joinedAtMs = Math.round(world.now / 1000)
        const s = board.socket(AF_LORA, SOCK_RAW) as LoRaWanSocket
        s.setsockopt(SOL_LORA, SO_DR, 5)
        s.setsockopt(SOL_LORA, SO_CONFIRMED, p.confirmed)
        for (let n = 0; ; n++) {
          s.setblocking(true)
          try {
            yield* s.send(Uint8Array.of(n & 0xff, 0x02, 0x03))
            st.sent++
          } catch (e) {
            st.sendErrors++
            world.log(board.name, "app.send.error", { error: String(e) })
          }
          s.setblocking(false)
          const [data, port] = yield* s.recvfrom(64)
          if (data.length > 0) {
            st.downlinks++
            st.lastEcho = data[1] ?? -1
            world.log(board.name, "app.recv", { port, data: lorawan.toHex(data) })
          }
          yield* sleep(minutes(p.periodMin))
        }
      },
      { node: board.name, name: "main" },
    )
    return {
      metrics: () => ({
        joined_at_s: st.joinedAtMs / 1000,
        uplinks_sent: st.sent,
        send_errors: st.sendErrors,
        downlinks_read: st.downlinks,
        last_echo: st.lastEcho,
        app_uplinks: ns.app.delivered,
        app_answers: st.answered,
        ns_acks: ns.counters.acks,
        ns_downlinks: ns.counters.downlinks,
        ns_downlinks_missed: ns.counters.downlinksMissed,
        tx_counter: lora.stats().tx_counter,
        board_joules: Math.round(lora.radio.energy.joules(world.now) * 1000) / 1000,
      }),
    }
  },
})
