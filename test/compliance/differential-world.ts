/**
 * One seeded LoRaWAN world built twice — from scripted devices (`ClassADevice`
 * + `NetworkServer` + `Gateway`s on the `Medium`) and as a fleet (`Fleet` from
 * a spec: `LorawanGroup`s + `DownlinkPlanner` on a `FleetMedium`) — and what
 * each run did, frame by frame, for differential.test.ts.
 *
 * Same world on both paths:
 * - positions: drawn once (`placeDevices`, a disc) and given to the fleet as
 *   `points`; the same device names (`meters/17`, `alarms/3`) and gateway ids,
 *   so each link's shadowing is the same draw (`shadowing/<device>/<gateway>`);
 *   devices 1.5 m high, gateways 15 m;
 * - one uplink carrier (868.1 MHz): the fleet's `regionChannelsHz`; the
 *   scripted devices use an EU868 variant whose three default channels are all
 *   on 868.1 MHz, so neither path's channel draw changes anything (the two
 *   paths draw channels from different streams by construction);
 * - traffic: the fleet's own model (periodic, `periodS`), which also powers the
 *   devices on (OTAA join at uniform [0, first send)); the scripted devices get
 *   the same join and send times by replaying the fleet's named streams
 *   (`RngBank(seed, count, i => "fleet/<group>/<i>")`: first send, then join
 *   time — lorawan-group.ts `start()`); extra messages every group's `extraEveryS` from
 *   the first send are given to both (`LorawanGroup.extraMessage`, `mac.send`).
 *   A message while not joined is dropped on both (Pycom raises);
 * - ADR on everywhere (the fleet's `sf: "adr"` starts at DR0, so the scripted
 *   devices join at DR0); one group unconfirmed, one confirmed.
 */
import { Gateway, LORASIM, LoraRadio, Medium, type TransmissionRecord } from "../../radio/index.ts"
import { RngBank, Simulation } from "../../sim/index.ts"
import { Fleet, firstDelayUs, placeDevices, type ResolvedDeviceGroupSpec, type ResolvedFleetSpec, type Traffic } from "../../stack/fleet/index.ts"
import { EU868, fromHex, type Region } from "../../stack/lorawan/index.ts"
import { ClassADevice } from "../../stack/lorawan/mac/index.ts"
import { NetworkServer } from "../../stack/lorawan/server/index.ts"

export const CARRIER_HZ = 868_100_000
/** Loss reasons of a frame that no gateway received, in the fleet's precedence (FLEET_LOSS_REASONS). */
export const REASON_ORDER = ["interference", "no-free-path", "half-duplex", "gateway-down", "below-sensitivity", "out-of-range"] as const

export interface DiffGroup {
  readonly name: string
  readonly count: number
  readonly confirmed: boolean
  /** Extra messages every this many seconds after the first send (explicit schedule, both paths). */
  readonly extraEveryS: number
}

export interface DiffWorldSpec {
  readonly seed: number
  readonly groups: readonly DiffGroup[]
  /** Devices uniform in a disc of this radius around the origin. */
  readonly radiusM: number
  readonly gateways: readonly { readonly id: string; readonly x: number; readonly y: number }[]
  /** The groups' own periodic traffic (also spreads the power-on/join times). */
  readonly periodS: number
  readonly payloadBytes: number
  readonly horizonUs: number
}

/** One uplink frame and what became of it. */
export interface FrameOutcome {
  readonly dev: string
  readonly start: number
  readonly end: number
  readonly len: number
  readonly sf: number
  /** "delivered" or the loss reason (REASON_ORDER precedence over the gateways). */
  readonly outcome: string
  /** Best RSSI (dBm) over the gateways that received it (−Infinity when none), and that gateway ("" when none). */
  readonly rssiDbm: number
  readonly bestGw: string
  /** Object path only: who destroyed it (transmitter ids, over the gateways). */
  readonly interferers: readonly string[]
  /** The window the network answered it in (0: no answer), the answer's delay from the uplink end and its PHYPayload length (object path; the fleet books only airtime). */
  window: 0 | 1 | 2
  answerDelayUs: number
  answerToaUs: number
}

export interface PathRun {
  readonly frames: FrameOutcome[]
  /** First JoinRequest start per device. */
  readonly firstJoinAt: Map<string, number>
  readonly counters: {
    readonly joinRequests: number
    readonly joinAccepts: number
    readonly acksReceived: number
    readonly confirmedFailed: number
    readonly messagesSent: number
    readonly messagesDropped: number
  }
  /** SF of each device at the end. */
  readonly finalSf: Map<string, number>
  /** Devices joined at the end. */
  readonly joined: Set<string>
  /** Each gateway's own transmissions (downlinks), by gateway id. */
  readonly gatewayTx: Map<string, { start: number; end: number }[]>
  /** The EIRP (dBm) of the path's first uplink (TX power index 0). */
  readonly uplinkPowerDbm: number
}

/** Positions and the replayed schedule, shared by both builds. */
export interface DiffPlan {
  readonly devices: { readonly name: string; readonly group: DiffGroup; readonly index: number; readonly x: number; readonly y: number; readonly joinAt: number; readonly firstSend: number; readonly sends: readonly number[] }[]
}

export function plan(spec: DiffWorldSpec): DiffPlan {
  const traffic: Traffic = { kind: "periodic", periodS: spec.periodS }
  const placementRng = new Simulation({ seed: spec.seed }).rng("differential/placement")
  const devices: DiffPlan["devices"][number][] = []
  for (const g of spec.groups) {
    const pos = placeDevices({ kind: "disc", radiusM: spec.radiusM }, g.count, placementRng)
    // The fleet's per-device streams, replayed: first send (traffic.ts firstDelayUs), then the power-on/join time.
    const bank = new RngBank(spec.seed, g.count, (i) => `fleet/${g.name}/${i}`)
    for (let i = 0; i < g.count; i++) {
      const firstSend = firstDelayUs(traffic, bank, i)
      const joinAt = Math.round(bank.uniform(i, 0, firstSend))
      const sends: number[] = []
      for (let t = firstSend; t < spec.horizonUs; t += spec.periodS * 1e6) sends.push(t)
      for (let t = firstSend + g.extraEveryS * 1e6; t < spec.horizonUs; t += g.extraEveryS * 1e6) sends.push(t)
      sends.sort((a, b) => a - b)
      devices.push({ name: `${g.name}/${i}`, group: g, index: i, x: pos.x[i]!, y: pos.y[i]!, joinAt, firstSend, sends })
    }
  }
  return { devices }
}

function extraTimes(d: DiffPlan["devices"][number], spec: DiffWorldSpec): number[] {
  const out: number[] = []
  for (let t = d.firstSend + d.group.extraEveryS * 1e6; t < spec.horizonUs; t += d.group.extraEveryS * 1e6) out.push(t)
  return out
}

function frameOutcome(receivedBy: number, reasons: ReadonlySet<string>): string {
  if (receivedBy > 0) return "delivered"
  for (const r of REASON_ORDER) if (reasons.has(r)) return r
  if (reasons.has("radio-off")) return "gateway-down"
  return "out-of-range"
}

/** Marks each frame with the window its answer went in, from (device, uplink end, answer start). */
function attachAnswers(frames: FrameOutcome[], answers: readonly { dev: string | undefined; start: number; toaUs: number }[]): number {
  const byEnd = new Map<number, FrameOutcome[]>()
  for (const f of frames) {
    const l = byEnd.get(f.end)
    if (l === undefined) byEnd.set(f.end, [f])
    else l.push(f)
  }
  let unmatched = 0
  for (const a of answers) {
    let hit: FrameOutcome | undefined
    for (const [delay, w] of [[1e6, 1], [2e6, 2], [5e6, 1], [6e6, 2]] as const) {
      const cands = (byEnd.get(a.start - delay) ?? []).filter((f) => a.dev === undefined || f.dev === a.dev)
      const isJoin = delay >= 5e6
      const c = cands.find((f) => (f.len === 23) === isJoin)
      if (c !== undefined) {
        hit = c
        c.window = w
        c.answerDelayUs = delay
        c.answerToaUs = a.toaUs
        break
      }
    }
    if (hit === undefined) unmatched++
  }
  return unmatched
}

// ---------------------------------------------------------------- fleet

export function runFleet(spec: DiffWorldSpec, p: DiffPlan): PathRun {
  const sim = new Simulation({ seed: spec.seed, trace: { sink: { kind: "memory" } } })
  const groups: ResolvedDeviceGroupSpec[] = spec.groups.map((g) => {
    const devs = p.devices.filter((d) => d.group === g)
    return {
      name: g.name,
      kind: "lorawan",
      count: g.count,
      placement: { kind: "points", points: devs.map((d) => ({ x: d.x, y: d.y })) },
      traffic: { kind: "periodic", periodS: spec.periodS },
      payloadBytes: spec.payloadBytes,
      sf: "adr",
      confirmedShare: g.confirmed ? 1 : 0,
      activation: "otaa",
    }
  })
  const fleetSpec: ResolvedFleetSpec = { preset: "fieldnet", gateways: { kind: "points", points: spec.gateways.map((g) => ({ x: g.x, y: g.y, id: g.id })) }, regionChannelsHz: [CARRIER_HZ], groups }
  const fleet = new Fleet(sim, fleetSpec, { traceFrames: true })
  const names: string[] = []
  for (const g of spec.groups) for (let i = 0; i < g.count; i++) names.push(`${g.name}/${i}`)
  // Which device a booking is for: the planner books inside the group's onUplinkEnd.
  let current: string | undefined
  const answers: { dev: string | undefined; start: number; toaUs: number }[] = []
  const onUplinkEnd = fleet.onUplinkEnd.bind(fleet)
  fleet.onUplinkEnd = (device: number, tx: number): void => {
    current = names[device]
    onUplinkEnd(device, tx)
    current = undefined
  }
  const gatewayTx = new Map<string, { start: number; end: number }[]>(spec.gateways.map((g) => [g.id, []]))
  // The planner's `book(gateway, start, airtime, carrier, …)`, observed whatever its further arguments.
  const planner = fleet.planner as unknown as { book: (...args: unknown[]) => unknown }
  const book = planner.book.bind(fleet.planner)
  planner.book = (...args: unknown[]): unknown => {
    const r = book(...args)
    const [g, at, toaUs] = args as number[]
    if (typeof r === "number" ? r >= 0 : r === true) {
      answers.push({ dev: current, start: at!, toaUs: toaUs! })
      gatewayTx.get(spec.gateways[g!]!.id)!.push({ start: at!, end: at! + toaUs! })
    }
    return r
  }
  spec.groups.forEach((g, gi) => {
    const lw = fleet.lorawanGroup(gi)!
    for (const d of p.devices.filter((x) => x.group === g)) for (const t of extraTimes(d, spec)) sim.schedule(t, () => lw.extraMessage(d.index))
  })
  sim.run({ until: spec.horizonUs })
  fleet.medium.flush()
  // Frames from the per-frame trace: fleet.tx opens a slot, fleet.rx / fleet.lost settles it.
  const frames: FrameOutcome[] = []
  const open = new Map<number, { dev: string; start: number; end: number; len: number; sf: number }>()
  let firstPower = NaN
  const firstJoinAt = new Map<string, number>()
  for (const line of sim.trace.lines) {
    const o = JSON.parse(line) as { t: number; node: string; kind: string; tx: number; sf: number; len: number; toa: number; power: number; reason?: string; rssi?: number; best?: string }
    if (o.kind === "fleet.tx") {
      if (Number.isNaN(firstPower)) firstPower = o.power
      const dev = names[Number(o.node)]!
      open.set(o.tx, { dev, start: o.t, end: o.t + o.toa, len: o.len, sf: o.sf })
      if (o.len === 23 && !firstJoinAt.has(dev)) firstJoinAt.set(dev, o.t)
    } else if (o.kind === "fleet.rx" || o.kind === "fleet.lost") {
      const f = open.get(o.tx)
      if (f === undefined) continue
      open.delete(o.tx)
      frames.push({ ...f, outcome: o.kind === "fleet.rx" ? "delivered" : o.reason!, rssiDbm: o.rssi ?? -Infinity, bestGw: o.best ?? "", interferers: [], window: 0, answerDelayUs: 0, answerToaUs: 0 })
    }
  }
  attachAnswers(frames, answers)
  let joinAccepts = 0
  let acks = 0
  let failed = 0
  let joinRequests = 0
  let sent = 0
  let dropped = 0
  const finalSf = new Map<string, number>()
  const joined = new Set<string>()
  spec.groups.forEach((g, gi) => {
    const lw = fleet.lorawanGroup(gi)!
    joinAccepts += lw.counters.joinAccepts
    joinRequests += lw.counters.joinRequests
    acks += lw.counters.acksReceived
    failed += lw.counters.confirmedFailed
    for (let i = 0; i < g.count; i++) {
      sent += lw.msgSent[i]!
      dropped += lw.msgDropped[i]!
      finalSf.set(`${g.name}/${i}`, lw.sf[i]!)
      if (Number.isFinite(lw.joinDelayUs?.[i] ?? NaN)) joined.add(`${g.name}/${i}`)
    }
  })
  frames.sort((a, b) => a.start - b.start || a.dev.localeCompare(b.dev))
  return { frames, firstJoinAt, counters: { joinRequests, joinAccepts, acksReceived: acks, confirmedFailed: failed, messagesSent: sent, messagesDropped: dropped }, finalSf, joined, gatewayTx, uplinkPowerDbm: firstPower }
}

// ---------------------------------------------------------------- scripted devices

/** EU868 with its three default channels all on 868.1 MHz: channel picks cannot differ from the fleet's single carrier. */
export const EU868_ONE_CARRIER: Region = { ...EU868, defaultChannels: EU868.defaultChannels.map((c) => ({ ...c, frequencyHz: CARRIER_HZ })) }

function devEui(k: number): Uint8Array {
  return fromHex(`00a0b1c2d3e4${k.toString(16).padStart(4, "0")}`)
}
const APP_EUI = fromHex("70b3d57ed0000001")
/** Each device its own AppKey: with a shared one, a device in its RX2 window accepts another device's JoinAccept (its MIC checks). */
function appKey(k: number): Uint8Array {
  return fromHex(`98929b92c49edba9676d646d3b61${k.toString(16).padStart(4, "0")}`)
}

/**
 * The scripted devices' run. `antennaGainDb` on their radios (0 in the test: both paths transmit
 * `deviceTxPowerDbm` conducted, so the fleet's devices, which have no antenna gain, radiate the same).
 */
export function runObjects(spec: DiffWorldSpec, p: DiffPlan, antennaGainDb: number): PathRun {
  const sim = new Simulation({ seed: spec.seed, trace: { enabled: false } })
  const medium = new Medium(sim, { propagation: LORASIM })
  const ns = new NetworkServer(sim, { region: EU868_ONE_CARRIER })
  const rx = new Map<number, { got: number; rssi: number; best: string; reasons: Set<string>; interferers: Set<string> }>()
  const rec = (txId: number) => {
    let r = rx.get(txId)
    if (r === undefined) {
      r = { got: 0, rssi: -Infinity, best: "", reasons: new Set(), interferers: new Set() }
      rx.set(txId, r)
    }
    return r
  }
  const answers: { dev: string | undefined; start: number; toaUs: number }[] = []
  const gatewayTx = new Map<string, { start: number; end: number }[]>(spec.gateways.map((g) => [g.id, []]))
  for (const g of spec.gateways) {
    const gw = new Gateway(medium, { id: g.id, position: { x: g.x, y: g.y, z: 15 }, channelsHz: [CARRIER_HZ] })
    ns.addGateway(gw)
    gw.onFrameReceived((f) => {
      const r = rec(f.txId)
      r.got++
      if (f.rssiDbm > r.rssi) {
        r.rssi = f.rssiDbm
        r.best = g.id
      }
    })
    gw.onFrameLost((l) => {
      const r = rec(l.txId)
      r.reasons.add(l.reason)
      for (const i of l.interferers) r.interferers.add(i)
    })
    gw.onDownlinkDone((tx) => {
      answers.push({ dev: undefined, start: tx.start, toaUs: tx.end - tx.start })
      gatewayTx.get(g.id)!.push({ start: tx.start, end: tx.end })
    })
  }
  const sent: { dev: string; tx: TransmissionRecord }[] = []
  const firstJoinAt = new Map<string, number>()
  let joinAccepts = 0
  let acks = 0
  let failed = 0
  let messagesSent = 0
  let dropped = 0
  const macs: { name: string; mac: ClassADevice }[] = []
  p.devices.forEach((d, k) => {
    const radio = new LoraRadio(medium, { id: d.name, position: { x: d.x, y: d.y, z: 1.5 }, antennaGainDb })
    const mac = new ClassADevice(sim, {
      region: EU868_ONE_CARRIER,
      radio,
      adr: true,
      listener: {
        onTx: (tx) => {
          sent.push({ dev: d.name, tx })
          if (tx.payload.length === 23 && !firstJoinAt.has(d.name)) firstJoinAt.set(d.name, tx.start)
        },
        onJoined: () => void joinAccepts++,
        onUplinkDone: (r) => {
          if (!r.request.confirmed) return
          if (r.acked) acks++
          else failed++
        },
      },
    })
    macs.push({ name: d.name, mac })
    ns.registerOtaa(devEui(k), APP_EUI, appKey(k))
    sim.schedule(d.joinAt, () => mac.joinOtaa({ devEui: devEui(k), appEui: APP_EUI, appKey: appKey(k) }, 0))
    for (const t of d.sends) {
      sim.schedule(t, () => {
        if (!mac.joined) {
          dropped++
          return
        }
        messagesSent++
        mac.send({ fport: 2, payload: new Uint8Array(spec.payloadBytes), confirmed: d.group.confirmed, dr: undefined })
      })
    }
  })
  sim.run({ until: spec.horizonUs })
  const frames: FrameOutcome[] = sent
    .filter((s) => s.tx.end <= spec.horizonUs)
    .map((s) => {
      const r = rx.get(s.tx.id)
      const outcome = frameOutcome(r?.got ?? 0, r?.reasons ?? new Set())
      return { dev: s.dev, start: s.tx.start, end: s.tx.end, len: s.tx.payload.length, sf: s.tx.sf, outcome, rssiDbm: r?.rssi ?? -Infinity, bestGw: r?.best ?? "", interferers: outcome === "interference" ? [...(r?.interferers ?? [])] : [], window: 0 as const, answerDelayUs: 0, answerToaUs: 0 }
    })
  attachAnswers(frames, answers)
  frames.sort((a, b) => a.start - b.start || a.dev.localeCompare(b.dev))
  let joinRequests = 0
  const finalSf = new Map<string, number>()
  const joined = new Set<string>()
  for (const { name, mac } of macs) {
    joinRequests += mac.counters.joinRequests
    if (mac.joined) joined.add(name)
    const dr = mac.session.dr
    const d = EU868.dataRates[dr]
    finalSf.set(name, d !== undefined && d.modulation === "lora" ? d.sf : -1)
  }
  return { frames, firstJoinAt, counters: { joinRequests, joinAccepts, acksReceived: acks, confirmedFailed: failed, messagesSent, messagesDropped: dropped }, finalSf, joined, gatewayTx, uplinkPowerDbm: sent[0] === undefined ? NaN : sent[0].tx.txPowerDbm + antennaGainDb }
}
