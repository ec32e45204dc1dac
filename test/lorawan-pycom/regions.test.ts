import { describe, expect, it } from "vitest"
import { Gateway, Medium, linkTable } from "../../radio/index.ts"
import { Simulation, minutes } from "../../sim/index.ts"
import { Device } from "../../stack/device.ts"
import { AF_LORA, LoRa, SOCK_RAW } from "../../stack/lora/index.ts"
import { AS923, AU915, type Region } from "../../stack/lorawan/index.ts"
import "../../stack/lorawan/pycom/index.ts"
import type { LoRaWanSocket } from "../../stack/lorawan/pycom/index.ts"
import { NetworkServer } from "../../stack/lorawan/server/index.ts"
import { APP_EUI, APP_KEY, program } from "./world.ts"

/** A Pycom board in `region` next to a gateway listening on `channelsHz` (`bwHz`). */
function world(region: Region, code: number, gws: { channelsHz: number[]; bwHz: number }[]) {
  const sim = new Simulation({ seed: 5, trace: { sink: { kind: "memory" } } })
  const medium = Medium.of(sim, { propagation: linkTable(gws.map((_, i): [string, string, number] => ["lopy", `gw${i}`, 100])) })
  const ns = new NetworkServer(sim, { region })
  gws.forEach((g, i) => ns.addGateway(new Gateway(medium, { id: `gw${i}`, position: { x: 0, y: 0 }, ...g })))
  const dev = new Device(sim, "lopy", { profile: "pycom", position: { x: 100, y: 0 } })
  const lora = new LoRa(dev, { mode: LoRa.LORAWAN, region: code })
  ns.registerOtaa(lora.mac(), APP_EUI, APP_KEY)
  return { sim, dev, lora, ns }
}

describe("network.LoRa(region=LoRa.AS923 / LoRa.AU915) in LORAWAN mode", () => {
  it("AS923: join(dr=…) accepts only DR2; the default join and a send work; the socket's DR is 5 (PF modlora.c)", () => {
    const { sim, dev, lora } = world(AS923, LoRa.AS923, [{ channelsHz: [923_200_000, 923_400_000], bwHz: 125_000 }])
    const seen: string[] = []
    const p = program(sim, function* () {
      try {
        yield* lora.join(LoRa.OTAA, { auth: [APP_EUI, APP_KEY], dr: 5 })
      } catch (e) {
        seen.push((e as Error).message)
      }
      yield* lora.join(LoRa.OTAA, { auth: [APP_EUI, APP_KEY], timeout: 60_000 })
      seen.push(`joined ${lora.has_joined()} sftx ${lora.stats().sftx}`)
      const so = dev.socket(AF_LORA, SOCK_RAW) as LoRaWanSocket
      yield* so.send(Uint8Array.of(1, 2, 3))
      seen.push(`sent sftx ${lora.stats().sftx}`)
    })
    sim.run({ until: minutes(2) })
    expect(p.error).toBeUndefined()
    expect(seen).toEqual(["invalid join data rate 5", "joined true sftx 2", "sent sftx 5"])
  })

  it("AU915: the default join is DR6 (500 kHz); dr=3 raises", () => {
    const { sim, lora } = world(AU915, LoRa.AU915, [
      { channelsHz: Array.from({ length: 64 }, (_, i) => 915_200_000 + 200_000 * i).slice(0, 8), bwHz: 125_000 },
      { channelsHz: Array.from({ length: 8 }, (_, i) => 915_900_000 + 1_600_000 * i), bwHz: 500_000 },
    ])
    const seen: string[] = []
    const p = program(sim, function* () {
      try {
        yield* lora.join(LoRa.OTAA, { auth: [APP_EUI, APP_KEY], dr: 3 })
      } catch (e) {
        seen.push((e as Error).message)
      }
      yield* lora.join(LoRa.OTAA, { auth: [APP_EUI, APP_KEY], timeout: 0 })
    })
    sim.run({ until: minutes(1) })
    expect(p.error).toBeUndefined()
    expect(seen).toEqual(["invalid join data rate 3"])
    expect(lora.has_joined()).toBe(true)
    expect(lora.stats().sftx).toBe(6)
  })
})
