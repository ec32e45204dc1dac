import { Gateway, LORASIM, LoraRadio, Medium, NS3_LORAWAN, SYNC_WORD_PUBLIC, type PropagationParams, type TxRequest } from "../radio/index.ts"
import { Simulation } from "../sim/index.ts"
import { gc, report, wallMs } from "./report.ts"

const CHANNELS = [868_100_000, 868_300_000, 868_500_000]

/**
 * Frames resolved per wall second with `nodes` end devices in range of 8
 * gateways (ns-3 lorawan propagation, nodes in a 2 km square, gateways on a
 * ring). The offered load is the same for every node count (aggregate Poisson,
 * `ratePerS` frames/s over the whole network), so a flat figure across node
 * counts shows the cost per frame does not grow with the number of nodes.
 */
function framesPerSecond(nodes: number, frames: number, ratePerS: number, propagation: PropagationParams = NS3_LORAWAN, sideM = 2000): void {
  gc()
  const heapBefore = process.memoryUsage().heapUsed
  const sim = new Simulation({ seed: 1, trace: { enabled: false } })
  const medium = Medium.of(sim, { propagation })
  let received = 0
  for (let g = 0; g < 8; g++) {
    const a = (2 * Math.PI * g) / 8
    const gw = new Gateway(medium, { id: `gw${g}`, position: { x: sideM / 2 + 0.4 * sideM * Math.cos(a), y: sideM / 2 + 0.4 * sideM * Math.sin(a), z: 15 }, channelsHz: CHANNELS })
    gw.onFrameReceived(() => received++)
  }
  const place = sim.rng("bench/place")
  const radios: LoraRadio[] = []
  const reqs: TxRequest[] = []
  for (let i = 0; i < nodes; i++) {
    radios.push(new LoraRadio(medium, { id: `n${i}`, position: { x: place.uniform(0, sideM), y: place.uniform(0, sideM) } }))
  }
  for (let sf = 7; sf <= 12; sf++) {
    for (const f of CHANNELS) {
      reqs.push({ sf, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: true, freqHz: f, txPowerDbm: 14, payload: new Uint8Array(20), syncWord: SYNC_WORD_PUBLIC, iqInverted: false })
    }
  }
  gc()
  const heapNodes = process.memoryUsage().heapUsed - heapBefore
  const r = sim.rng("bench/traffic")
  let sent = 0
  const meanGapUs = 1e6 / ratePerS
  const source = {
    onEvent(): void {
      const radio = radios[r.int(0, nodes - 1)]!
      if (radio.transmitting === undefined) {
        radio.transmit(reqs[r.int(0, reqs.length - 1)]!)
        sent++
      }
      if (sent < frames) sim.after(Math.max(1, Math.round(r.exponential(meanGapUs))), source)
    },
  }
  sim.schedule(0, source)
  const t0 = wallMs()
  sim.run()
  const secs = (wallMs() - t0) / 1000
  const c = medium.counters
  let lost = 0
  for (const v of Object.values(c.lost)) lost += v
  report("radio.frames_per_s", sent / secs, "frames/s", {
    nodes,
    gateways: 8,
    propagation: propagation === NS3_LORAWAN ? "ns3-lorawan" : propagation === LORASIM ? "lorasim+shadowing" : propagation.kind,
    frames: sent,
    offered_per_s: ratePerS,
    gateway_receptions: received,
    gateway_losses: lost,
    losses_by_reason: Object.fromEntries(Object.entries(c.lost).filter(([, v]) => v > 0)),
    us_per_frame: Number(((secs * 1e6) / sent).toFixed(2)),
    heap_bytes_per_node: Math.round(heapNodes / nodes),
  })
}

/** Runs the radio benchmarks. */
export function run(): void {
  const only = process.env["RADIO_BENCH_NODES"]
  if (only !== undefined) {
    framesPerSecond(Number(only), 200_000, 20)
    return
  }
  framesPerSecond(1_000, 200_000, 20)
  framesPerSecond(100_000, 200_000, 20)
  // LoRaSim's steep path loss with σ = 3.57 dB shadowing drawn per link (a 300 m square keeps everyone in range)
  framesPerSecond(100_000, 200_000, 20, LORASIM, 300)
}
