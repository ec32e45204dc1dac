/**
 * lora-raw-p2p: a handful of Pycom boards in raw LoRa mode (`LoRa.LORA`) on one
 * line, pinging a hub at different distances and spreading factors. Each node
 * sends a numbered ping through an AF_LORA socket; the hub answers every ping
 * it hears with a pong on the node's SF. Metrics per link: ping and pong delivery
 * ratios and the mean RSSI/SNR the hub and the node measured.
 *
 *   npx fieldnet run scenarios/lora-raw-p2p.ts --seed 3 --json
 */
import { AF_LORA, Device, LoRa, Medium, SOCK_RAW, defineScenario, ms, param, Schema, sleep, s, type LoraSocket, type MetricValue } from "fieldnet"

/**
 * Node distances (m) from the hub and their spreading factors. LoRaSim's path loss
 * (127.41 dB at 40 m, γ 2.08) is steep: at 14 dBm the mean RSSI reaches the SX1276
 * sensitivity near 116 m at SF7 and 490 m at SF12, so these links run from
 * comfortable to marginal.
 */
const LINKS: readonly (readonly [number, number])[] = [
  [60, 7],
  [110, 8],
  [180, 9],
  [260, 10],
  [340, 11],
  [480, 12],
]

/** Boards per (distance, SF) link class. */
const NODES_PER_LINK = 4

export default defineScenario({
  name: "lora-raw-p2p",
  description: "raw LoRa nodes (4 per distance/SF) pinging a hub at different distances and SFs (LoRaSim propagation with shadowing)",
  until: "2h",
  params: {
    rounds: param(Schema.Int.check(Schema.isGreaterThan(0)), 50, "pings per node"),
    periodS: param(Schema.Number.check(Schema.isGreaterThan(0)), 60, "time between a node's pings (s)"),
    payload: param(Schema.Int.check(Schema.isBetween({ minimum: 2, maximum: 255 })), 12, "ping size (bytes)"),
  },
  build(world, p) {
    Medium.of(world) // default medium: LoRaSim log-distance with shadowing, Goursaud interference
    // One channel per SF so pongs never meet other nodes' pings (868.1/868.3/868.5 MHz, then 867.x).
    const freqOf = (sf: number): number => [868_100_000, 868_300_000, 868_500_000, 867_100_000, 867_300_000, 867_500_000][sf - 7]!
    const hubs: LoRa[] = []
    const per = LINKS.map(([dist, sf]) => ({ dist, sf, sent: 0, hubGot: 0, pongs: 0, hubRssi: 0, hubSnr: 0, nodeRssi: 0, nodeSnr: 0 }))

    // The hub: one radio per SF/channel (a raw LoRa radio listens on one SF at a time).
    LINKS.forEach(([, sf], i) => {
      const hub = new Device(world, `hub-sf${sf}`, { profile: "pycom", position: { x: 0, y: 0, z: 10 } })
      const lora = new LoRa(hub, { frequency: freqOf(sf), sf })
      hubs.push(lora)
      const sock = hub.socket(AF_LORA, SOCK_RAW) as LoraSocket
      const stat = per[i]!
      world.spawn(
        function* () {
          for (;;) {
            const ping = yield* sock.recv(255)
            const st = lora.stats()
            stat.hubGot++
            stat.hubRssi += st.rssi
            stat.hubSnr += st.snr
            yield* sock.send(Uint8Array.from([0x50, ping[0] ?? 0, ping[1] ?? 0]))
          }
        },
        { node: hub.name, name: "hub" },
      )
    })

    // NODES_PER_LINK boards per (distance, SF), spread around the hub: each link has its own shadowing.
    LINKS.forEach(([dist, sf], i) => {
      for (let k = 0; k < NODES_PER_LINK; k++) {
        const angle = (2 * Math.PI * k) / NODES_PER_LINK
        const dev = new Device(world, `node-${dist}m-sf${sf}-${k}`, { profile: "pycom", position: { x: dist * Math.cos(angle), y: dist * Math.sin(angle) } })
        const lora = new LoRa(dev, { frequency: freqOf(sf), sf })
        const sock = dev.socket(AF_LORA, SOCK_RAW) as LoraSocket
        const stat = per[i]!
        const jitter = world.rng(`p2p/${dev.name}/start`)
        world.spawn(
          function* () {
            yield* sleep(Math.round(jitter.uniform(0, s(p.periodS))))
            for (let seq = 0; seq < p.rounds; seq++) {
              const start = world.now
              const ping = new Uint8Array(p.payload)
              ping[0] = k // never 0x50: NODES_PER_LINK < 80
              ping[1] = seq & 0xff
              yield* sock.send(ping)
              stat.sent++
              // Wait for our pong; other nodes' pings and pongs on the channel are read and skipped.
              const deadline = world.now + s(3) + ms(lora.airtime(3))
              for (;;) {
                const wait = deadline - world.now
                if (wait <= 0) break
                sock.settimeout(wait / 1e6)
                try {
                  const pkt = yield* sock.recv(255)
                  if (pkt[0] === 0x50 && pkt[1] === k && pkt[2] === (seq & 0xff)) {
                    const st = lora.stats()
                    stat.pongs++
                    stat.nodeRssi += st.rssi
                    stat.nodeSnr += st.snr
                    break
                  }
                } catch (error) {
                  world.log(dev.name, "ping.timeout", { seq, error: String(error) })
                  break
                }
              }
              const left = start + s(p.periodS) - world.now
              yield* sleep(left > 0 ? left : ms(1))
            }
          },
          { node: dev.name, name: "pinger" },
        )
      }
    })

    return {
      metrics: () => {
        const out: Record<string, MetricValue> = {}
        const m = Medium.of(world)
        for (const l of per) {
          const k = `${l.dist}m_sf${l.sf}`
          out[`${k}.ping_delivery`] = l.sent === 0 ? 0 : round(l.hubGot / l.sent)
          out[`${k}.pong_delivery`] = l.hubGot === 0 ? 0 : round(l.pongs / l.hubGot)
          out[`${k}.hub_rssi_dbm`] = l.hubGot === 0 ? 0 : round(l.hubRssi / l.hubGot)
          out[`${k}.hub_snr_db`] = l.hubGot === 0 ? 0 : round(l.hubSnr / l.hubGot)
          out[`${k}.node_rssi_dbm`] = l.pongs === 0 ? 0 : round(l.nodeRssi / l.pongs)
          out[`${k}.node_snr_db`] = l.pongs === 0 ? 0 : round(l.nodeSnr / l.pongs)
        }
        out["frames_on_air"] = m.counters.transmitted
        out["frames_received"] = m.counters.received
        for (const [reason, n] of Object.entries(m.counters.lost)) if (n > 0) out[`lost.${reason}`] = n
        out["hub_joules"] = round(hubs.reduce((a, h) => a + h.radio.energy.joules(world.now), 0))
        return out
      },
    }
  },
})

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
