/**
 * lorasim: LoRaSim's single-gateway experiments (Bor et al., "Do LoRa
 * Low-Power Wide-Area Networks Scale?", MSWiM 2016, code `loraDir.py`) on the
 * fleet builder's "lorasim" preset: `nodes` raw LoRa nodes placed as LoRaSim
 * places them (uniform in the disc of its `maxDist`), 20-byte packets, an
 * exponential wait of mean `avgSendMs` before each packet, the experiment's
 * SF/BW/CR/channels, LoRaSim's sensitivity table and simple (or full) collision
 * rule. Prints the data extraction rate (DER) next to pure ALOHA's
 * exp(−2·N·T/(C·λ)) for the same load (meaningful for experiments 0, 1, 2, 4,
 * where every node uses the same setting). `gateways` > 0 runs LoRaSim's
 * multi-base-station script `loraDirMulBS.py` instead (its base-station layout
 * and node rectangle; a packet counts when any base station got it;
 * experiments 0 and 2). docs/lorasim.md has the audit and the figures.
 *
 *   npx fieldnet run scenarios/lorasim.ts --seed 1 --set nodes=1000 --set experiment=0 --until 58d
 *   npx fieldnet run scenarios/lorasim.ts --set experiment=0 --set collision=full --until 58d
 *   npx fieldnet run scenarios/lorasim.ts --set experiment=0 --set gateways=4 --until 58d
 */
import { Fleet, LORASIM_EXPERIMENTS, LORASIM_MULTI_BS_COUNTS, LORASIM_PACKET_BYTES, defineScenario, fleetHooks, lorasimMaxDistanceM, param, Schema, timeOnAirUs } from "fieldnet"

/** `gateways` values: 0 = `loraDir.py` (one base station, disc placement); else `loraDirMulBS.py` with that many base stations. */
const GATEWAY_COUNTS = [0, ...LORASIM_MULTI_BS_COUNTS] as const

export default defineScenario({
  name: "lorasim",
  description: "LoRaSim experiments 0-5 (Bor et al. MSWiM 2016) on the lorasim preset: DER vs nodes, with the pure-ALOHA value",
  until: "1d",
  params: {
    nodes: param(Schema.Int.check(Schema.isGreaterThan(0)), 1000, "number of nodes"),
    experiment: param(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 5 })), 0, "LoRaSim experiment 0-5"),
    avgSendMs: param(Schema.Number.check(Schema.isGreaterThan(0)), 1_000_000, "mean time between packets (ms), LoRaSim's avgSendTime"),
    collision: param(Schema.Literals(["simple", "full"]), "simple", "LoRaSim's collision rule: simple (same SF + overlap) or full (timing + capture)"),
    gateways: param(Schema.Literals(GATEWAY_COUNTS), 0, "0: loraDir.py (one base station); 1, 2, 3, 4, 6, 8, 24: loraDirMulBS.py with that many base stations (experiments 0 and 2)"),
  },
  build(world, p) {
    const exp = LORASIM_EXPERIMENTS[p.experiment]!
    const fleet = new Fleet(world, {
      preset: "lorasim",
      lorasim: { experiment: p.experiment, collision: p.collision, ...(p.gateways === 0 ? {} : { gateways: p.gateways }) },
      gateways: { kind: "single" },
      groups: [
        {
          name: "nodes",
          kind: "lora-raw",
          count: p.nodes,
          placement: { kind: "disc", radiusM: lorasimMaxDistanceM(p.experiment) },
          traffic: { kind: "poisson", meanS: p.avgSendMs / 1000 },
          payloadBytes: LORASIM_PACKET_BYTES,
          sf: "smallest",
        },
      ],
    })
    const sf = typeof exp.sf === "number" ? exp.sf : 12
    const bw = typeof exp.bwHz === "number" ? exp.bwHz : 125_000
    const toaMs = timeOnAirUs(LORASIM_PACKET_BYTES, { sf, bwHz: bw, cr: exp.cr, preamble: 8, implicitHeader: sf === 6, crc: true }) / 1000
    return fleetHooks(world, fleet, (r) => ({
      der: r.overall.ratio,
      der_exact: r.overall.sent === 0 ? 0 : r.overall.delivered / r.overall.sent,
      aloha_expected: Math.exp((-2 * p.nodes * toaMs) / (exp.freqsHz.length * p.avgSendMs)),
      packets: r.overall.sent,
      energy_j_total: Math.round(r.byGroup[0]!.energyJPerDevice * p.nodes * 1000) / 1000,
    }))
  },
})
