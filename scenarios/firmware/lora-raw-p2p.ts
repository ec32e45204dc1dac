/**
 * firmware/lora-raw-p2p: Pycom's "LoRa-MAC (Raw LoRa)" example, unmodified, on
 * two LoPy4 boards a few hundred metres apart (scenarios/firmware/lora-raw/
 * lora-mac.py, the same file on both, as the docs say: "Run the code below on
 * the 2 LoPy modules and you will see the word 'Hello' being received on both
 * sides"). Each board loops: a blocking `send('Hello')`, a non-blocking
 * `recv(64)` that prints what the radio queued meanwhile (`b''` or
 * `b'Hello'`), then `time.sleep(machine.rng() & 0x0F)`. The example needs no
 * node to start first: both boot together, their first frames collide (both
 * transmit at once, half-duplex), and the random sleeps then pull them apart.
 *
 * Propagation: the world's default (LoRaSim, 127.41 dB at 40 m, γ 2.08) lets
 * SF7 at 14 dBm reach only about 115 m, so this scenario uses ns-3's
 * log-distance preset (γ 3.76, 7.7 dB at 1 m; radio/propagation.ts) by
 * default, where 300 m is a comfortable SF7 link (≈ 101 dB).
 *
 *   npx fieldnet run scenarios/firmware/lora-raw-p2p.ts --seed 3 --json
 */
import { fileURLToPath } from "node:url"
import { LORASIM, LoRa, Medium, NS3_LORAWAN, PythonDevice, Schema, defineScenario, ms, param, type MetricValue } from "fieldnet"

const EXAMPLE = fileURLToPath(new URL("./lora-raw/lora-mac.py", import.meta.url))

export default defineScenario({
  name: "firmware-lora-raw-p2p",
  description: "Pycom's raw LoRa (LoRa-MAC) example, unmodified, on two LoPy4 boards a few hundred metres apart",
  until: "10min",
  params: {
    distanceM: param(Schema.Number.check(Schema.isGreaterThan(0)), 300, "distance between the two boards (m)"),
    propagation: param(Schema.Literals(["ns3", "lorasim"]), "ns3", "path loss model: ns-3's log-distance preset (default) or LoRaSim's (the world default, ~115 m at SF7)"),
    startOffsetMs: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 0, "board B powers on this much later than board A (ms)"),
  },
  build(world, p) {
    const medium = Medium.of(world, { propagation: p.propagation === "ns3" ? NS3_LORAWAN : LORASIM })
    const names = ["lopy-a", "lopy-b"] as const
    const boards = names.map(
      (name, i) =>
        new PythonDevice(world, name, {
          board: "lopy4",
          firmware: { path: EXAMPLE },
          position: { x: i * p.distanceM, y: 0 },
          powerOnAt: i === 0 ? 0 : ms(p.startOffsetMs),
        }),
    )
    const st = Object.fromEntries(names.map((n) => [n, { printed: 0, hello: 0, empty: 0, other: 0, framesSent: 0 }]))
    boards[0]!.runtime.onConsole((line) => {
      const b = st[line.device]
      if (b === undefined) return
      b.printed++
      if (line.text === "b'Hello'") b.hello++
      else if (line.text === "b''") b.empty++
      else b.other++
    })
    medium.observeTransmissions((_tx, sender) => {
      const b = st[sender.id]
      if (b !== undefined) b.framesSent++
    })
    return {
      metrics: () => {
        const out: Record<string, MetricValue> = {}
        for (const [i, name] of names.entries()) {
          const b = st[name]!
          const lora = boards[i]!.get<LoRa>("lora")
          out[`${name}.frames_sent`] = b.framesSent
          out[`${name}.printed`] = b.printed
          out[`${name}.printed_hello`] = b.hello
          out[`${name}.printed_empty`] = b.empty
          out[`${name}.printed_other`] = b.other
          out[`${name}.last_rssi_dbm`] = lora?.stats().rssi ?? 0
          out[`${name}.boots`] = boards[i]!.boots
        }
        out["frames_on_air"] = medium.counters.transmitted
        out["frames_received"] = medium.counters.received
        for (const [reason, n] of Object.entries(medium.counters.lost)) if (n > 0) out[`lost.${reason}`] = n
        return out
      },
    }
  },
})
