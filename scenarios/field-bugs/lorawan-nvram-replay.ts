/**
 * Field bug: after a reboot an ABP device's uplinks silently stop arriving.
 *
 * Symptom (as reported from the field): a LoPy4 on ABP reports every minute;
 * after it reboots (watchdog, brown-out, deep sleep) the application receives
 * nothing for as long as the board had been up before the reboot, while the
 * board's own log says every `send` succeeded.
 *
 * Cause: the firmware calls `lora.join(activation=LoRa.ABP, …)` at boot but
 * never `lora.nvram_restore()` (nor `nvram_save()` after sending), so after the
 * reboot the MAC starts again at FCnt 0. The network server has seen higher
 * counters from this DevAddr and drops each new frame as a replay until the
 * counter passes the old one. Unconfirmed uplinks get no answer either way, so
 * the device cannot tell.
 *
 * Reproduce: `npx fieldnet run scenarios/field-bugs/lorawan-nvram-replay.ts --seed 1 --trace t.ndjson`
 * (any seed shows it). What the trace shows (`npx fieldnet trace t.ndjson --kind lorawan.ns.reject`):
 * from the reboot on, every uplink is `lorawan.ns.reject` with `reason: "replay"`,
 * its `fcnt` restarting at 0 below `last`. With `--set nvram=true` the board
 * saves its session after each send and restores it at boot, and the counter
 * carries on.
 */
import { AF_LORA, ABP, Device, Gateway, LoRa, Medium, NetworkServer, SOCK_RAW, SOL_LORA, SO_DR, defineScenario, lorawan, minutes, param, s, Schema, sleep, type LoRaWanSocket, type ProcessBody } from "fieldnet"

export default defineScenario({
  name: "field-bug-lorawan-nvram-replay",
  description: "an ABP device rebooting without nvram_restore restarts FCnt at 0 and the network server drops its uplinks as replays",
  until: "1h",
  params: {
    nvram: param(Schema.Boolean, false, "the fix: nvram_save() after each send and nvram_restore() at boot"),
    periodS: param(Schema.Number.check(Schema.isGreaterThan(0)), 60, "seconds between uplinks"),
    rebootAtMin: param(Schema.Number.check(Schema.isGreaterThan(0)), 20, "minute of the reboot"),
  },
  build(world, p) {
    const medium = Medium.of(world)
    const ns = new NetworkServer(world)
    ns.addGateway(new Gateway(medium, { id: "gw", position: { x: 0, y: 0, z: 15 } }))
    const board = new Device(world, "lopy4", { profile: "pycom", position: { x: 40, y: 0 } })
    const devAddr = 0x26011234
    const nwkSKey = lorawan.fromHex("44024241ed4ce9a68c6a8bc055233fd3")
    const appSKey = lorawan.fromHex("ec925802ae430ca77fd3dd73cb2cc588")
    let lora = new LoRa(board, { mode: LoRa.LORAWAN, region: LoRa.EU868 })
    ns.registerAbp(lora.mac(), devAddr, { nwkSKey, appSKey })
    const st = { sent: 0, sentAfterReboot: 0, deliveredBeforeReboot: 0, rebooted: false }

    function* firmware(): ProcessBody<void> {
      if (p.nvram) lora.nvram_restore()
      if (!lora.has_joined()) yield* lora.join(ABP, { auth: [devAddr, nwkSKey, appSKey] })
      const sock = board.socket(AF_LORA, SOCK_RAW) as LoRaWanSocket
      sock.setsockopt(SOL_LORA, SO_DR, 5)
      for (let n = 0; ; n++) {
        yield* sock.send(Uint8Array.of(n & 0xff))
        st.sent++
        if (st.rebooted) st.sentAfterReboot++
        if (p.nvram) lora.nvram_save()
        yield* sleep(s(p.periodS))
      }
    }

    let main = world.spawn(firmware, { node: board.name, name: "main" })
    world.schedule(minutes(p.rebootAtMin), () => {
      world.log(board.name, "app.reboot", {})
      main.interrupt("reboot")
      st.rebooted = true
      st.deliveredBeforeReboot = ns.app.delivered
      lora = new LoRa(board, { mode: LoRa.LORAWAN, region: LoRa.EU868 })
      main = world.spawn(firmware, { node: board.name, name: "main" })
    })
    return {
      metrics: () => ({
        uplinks_sent: st.sent,
        sent_after_reboot: st.sentAfterReboot,
        delivered_before_reboot: st.deliveredBeforeReboot,
        delivered_after_reboot: ns.app.delivered - st.deliveredBeforeReboot,
        ns_replays: ns.counters.replays,
      }),
    }
  },
})
