/**
 * lorawan-abp: Pycom's LoRaWAN ABP example (PD `lora.md` "LoRaWAN (ABP)"): `join(
 * activation=LoRa.ABP, auth=(dev_addr, nwk_swkey, app_swkey))`, DR5, unconfirmed
 * sends every N seconds and a non-blocking `recv(64)`. The send blocks for the
 * whole cycle (so the frame counter has moved on), then the board calls
 * `nvram_save()`; it reboots once mid-run (a new LoRa object, `nvram_restore()`),
 * so the frame counter carries on and the network server sees no replay. (Saving
 * after a non-blocking send stores the counter of the frame still in flight: after
 * a reboot the next frame reuses it and the server drops it.)
 *
 *   npx fieldnet run scenarios/lorawan-abp.ts --seed 3 --json
 */
import { AF_LORA, ABP, Device, Gateway, LoRa, Medium, NetworkServer, SOCK_RAW, SOL_LORA, SO_DR, defineScenario, lorawan, minutes, param, s, Schema, sleep, type LoRaWanSocket, type ProcessBody } from "fieldnet"

export default defineScenario({
  name: "lorawan-abp",
  description: "Pycom ABP example: unconfirmed uplinks at DR5, nvram_save after each, one reboot with nvram_restore",
  until: "1h",
  params: {
    periodS: param(Schema.Number.check(Schema.isGreaterThan(0)), 60, "seconds between uplinks"),
    rebootAtMin: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 30.5, "minute of the reboot (0 = never)"),
    distanceM: param(Schema.Number.check(Schema.isGreaterThan(0)), 40, "board–gateway distance (m)"),
  },
  build(world, p) {
    const medium = Medium.of(world)
    const ns = new NetworkServer(world)
    ns.addGateway(new Gateway(medium, { id: "gw", position: { x: 0, y: 0, z: 15 } }))
    const board = new Device(world, "lopy4", { profile: "pycom", position: { x: p.distanceM, y: 0 } })
    const devAddr = 0x00000005
    const nwkSKey = lorawan.fromHex("2b7e151628aed2a6abf7158809cf4f3c")
    const appSKey = lorawan.fromHex("2b7e151628aed2a6abf7158809cf4f3c")
    let lora = new LoRa(board, { mode: LoRa.LORAWAN, region: LoRa.EU868 })
    ns.registerAbp(lora.mac(), devAddr, { nwkSKey, appSKey })
    const st = { sent: 0, reboots: 0, fcntAfterReboot: -1 }
    const fcnts: number[] = []
    ns.app.onUplink((u) => fcnts.push(u.fcnt))

    function* firmware(): ProcessBody<void> {
      lora.nvram_restore()
      if (!lora.has_joined()) yield* lora.join(ABP, { auth: [devAddr, nwkSKey, appSKey] })
      const sock = board.socket(AF_LORA, SOCK_RAW) as LoRaWanSocket
      sock.setsockopt(SOL_LORA, SO_DR, 5)
      for (;;) {
        sock.setblocking(true)
        yield* sock.send(Uint8Array.of(0x01, 0x02, 0x03))
        st.sent++
        lora.nvram_save()
        sock.setblocking(false)
        yield* sock.recv(64)
        yield* sleep(s(p.periodS))
      }
    }

    let main = world.spawn(firmware, { node: board.name, name: "main" })
    if (p.rebootAtMin > 0) {
      world.schedule(minutes(p.rebootAtMin), () => {
        main.interrupt("reboot")
        st.reboots++
        st.fcntAfterReboot = fcnts.length
        lora = new LoRa(board, { mode: LoRa.LORAWAN, region: LoRa.EU868 })
        main = world.spawn(firmware, { node: board.name, name: "main" })
      })
    }
    return {
      metrics: () => {
        let increasing = true
        for (let i = 1; i < fcnts.length; i++) if (fcnts[i]! <= fcnts[i - 1]!) increasing = false
        return {
          uplinks_sent: st.sent,
          app_uplinks: ns.app.delivered,
          delivery_ratio: st.sent === 0 ? 0 : Math.round((ns.app.delivered / st.sent) * 1000) / 1000,
          last_fcnt: fcnts[fcnts.length - 1] ?? -1,
          fcnt_strictly_increasing: increasing,
          reboots: st.reboots,
          ns_replays: ns.counters.replays,
          ns_same_fcnt_dropped: ns.counters.retransmissions,
          board_joules: Math.round(lora.radio.energy.joules(world.now) * 1000) / 1000,
        }
      },
    }
  },
})
