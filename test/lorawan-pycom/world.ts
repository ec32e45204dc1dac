import { Gateway, Medium, linkTable } from "../../radio/index.ts"
import { Simulation, type ProcessBody } from "../../sim/index.ts"
import { Device } from "../../stack/device.ts"
import { AF_LORA, LoRa, SOCK_RAW } from "../../stack/lora/index.ts"
import { NetworkServer } from "../../stack/lorawan/server/index.ts"
import { LoRaWanSocket } from "../../stack/lorawan/pycom/index.ts"
import { fromHex } from "../../stack/lorawan/index.ts"

export const APP_EUI = fromHex("70b3d57ed0001234")
export const APP_KEY = fromHex("2b7e151628aed2a6abf7158809cf4f3c")

/** One Pycom board "lopy" 110 dB from gateway "gw", a network server (optionally without the gateway). */
export function pycomWorld(opts: { gateway?: boolean; seed?: number } = {}) {
  const sim = new Simulation({ seed: opts.seed ?? 1, trace: { sink: { kind: "memory" } } })
  const medium = Medium.of(sim, { propagation: linkTable([["lopy", "gw", 110]]) })
  const ns = new NetworkServer(sim)
  if (opts.gateway !== false) ns.addGateway(new Gateway(medium, { id: "gw", position: { x: 0, y: 0 } }))
  const dev = new Device(sim, "lopy", { profile: "pycom", position: { x: 100, y: 0 } })
  const lora = new LoRa(dev, { mode: LoRa.LORAWAN, region: LoRa.EU868 })
  ns.registerOtaa(lora.mac(), APP_EUI, APP_KEY)
  const socket = () => dev.socket(AF_LORA, SOCK_RAW) as LoRaWanSocket
  return { sim, medium, ns, dev, lora, socket }
}

/** Runs `body` as the board's program; returns what it threw (or undefined). */
export function program(sim: Simulation, body: () => ProcessBody<void>): { error: unknown; done: boolean } {
  const out: { error: unknown; done: boolean } = { error: undefined, done: false }
  sim.spawn(
    function* () {
      try {
        yield* body()
        out.done = true
      } catch (e) {
        out.error = e
      }
    },
    { node: "lopy", name: "main" },
  )
  return out
}
