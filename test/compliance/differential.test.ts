/**
 * Differential test: one seeded LoRaWAN world (240 devices, 4 gateways, OTAA,
 * a fifth of the devices confirmed, ADR on, 3 simulated hours, one carrier)
 * run from scripted devices (`ClassADevice` + `NetworkServer` on the `Medium`)
 * and as a fleet (`Fleet`: `LorawanGroup` + `DownlinkPlanner` on the
 * `FleetMedium`), with the same positions, gateway sites, links (shadowing
 * draws), carrier and send times (differential-world.ts). The paths must give
 * the same per-frame outcomes, answers and answer windows — or the difference
 * must fall under one of these documented rules, each exercised below:
 *
 * - D2 downlinks on the air: the object path puts every downlink on the
 *   medium, where one on an uplink carrier (RX1) interferes with uplinks at the
 *   other gateways; in the fleet a downlink deafens its gateway (half-duplex)
 *   and meets only other downlinks (at devices).
 * (Former differences, now one rule on both paths: the uplink power of a TX
 * power index, `deviceTxPowerDbm` — 13 dBm conducted at EU868 index 0 — and the
 * join retry time, `joinRetryAtUs` on Pycom's 10 s grid with no random spread,
 * so JoinRequests that once collided on one carrier are retried in lockstep on
 * both paths — a join convoy.)
 * - D7 ACK-timeout draws come from different named streams
 *   (`lorawan/dev/<name>/ack-timeout` vs the fleet bank): a retransmission's
 *   time differs by construction.
 * - D8 device-side reception: scripted devices receive a downlink through the
 *   medium (every frame on its carrier counts, uplinks included); fleet devices
 *   unless it is below their sensitivity or other gateways' downlinks destroy it.
 * - D9 uplink length: scripted uplinks carry the pending MAC answers in FOpts.
 * - D11 link floor: the fleet keeps no link weaker than the gateway's best
 *   sensitivity − 6 dB (`linkMarginDb`), so such frames neither take a path nor
 *   interfere there; the object path sums every interferer's energy, and
 *   several weak ones together can destroy a frame. It also names the loss at
 *   such a gateway (`half-duplex` while it transmits), where the fleet, which
 *   has no link there, names the frame `below-sensitivity`.
 *
 * Anything that follows from an earlier divergence (another device's frames on
 * the air, a gateway's duty-cycle state) is a cascade, not a rule difference.
 */
import { describe, expect, it } from "vitest"
import { hours } from "../../sim/index.ts"
import { LORASIM, Propagation, sensitivityDbm } from "../../radio/index.ts"
import { CARRIER_HZ, plan, runFleet, runObjects, type DiffPlan, type DiffWorldSpec, type FrameOutcome, type PathRun } from "./differential-world.ts"

const SPEC: DiffWorldSpec = {
  seed: 7,
  groups: [
    { name: "meters", count: 170, confirmed: false, extraEveryS: 1800 },
    { name: "alarms", count: 50, confirmed: true, extraEveryS: 1800 },
    { name: "trackers", count: 20, confirmed: false, extraEveryS: 180 },
  ],
  radiusM: 1600,
  gateways: [
    { id: "gw0", x: -700, y: -700 },
    { id: "gw1", x: 700, y: -700 },
    { id: "gw2", x: -700, y: 700 },
    { id: "gw3", x: 700, y: 700 },
  ],
  periodS: 3600,
  payloadBytes: 12,
  horizonUs: hours(3),
}
/** Both paths' conducted power at TX power index 0: floor(EU868 max EIRP 16 dBm − 2.15 dBi) (`deviceTxPowerDbm`). */
const CONDUCTED_DBM = 13

let cached: { p: DiffPlan; obj: PathRun; fleet: PathRun } | undefined
function runs(): { p: DiffPlan; obj: PathRun; fleet: PathRun } {
  if (cached === undefined) {
    const p = plan(SPEC)
    const fleet = runFleet(SPEC, p)
    cached = { p, fleet, obj: runObjects(SPEC, p, 0) }
  }
  return cached
}

const key = (f: { dev: string; start: number; len: number }): string => `${f.dev}@${f.start}/${f.len}`

/** Longest uplink here: SF12, 25 bytes ≈ 1.5 s. */
const MAX_UPLINK_US = 2_000_000

/** What overlapped frame `f` on the air in a run (`byStart`: the run's frames by start): other uplinks (device@start) and gateway transmissions (gateway@start). */
function overlapping(run: PathRun, byStart: readonly FrameOutcome[], f: FrameOutcome): string {
  const out: string[] = []
  let lo = 0
  let hi = byStart.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (byStart[mid]!.start < f.start - MAX_UPLINK_US) lo = mid + 1
    else hi = mid
  }
  for (let k = lo; k < byStart.length; k++) {
    const g = byStart[k]!
    if (g.start >= f.end) break
    if (g !== f && g.end > f.start) out.push(`${g.dev}@${g.start}`)
  }
  for (const [gw, txs] of run.gatewayTx) for (const t of txs) if (t.start < f.end && t.end > f.start) out.push(`${gw}@${t.start}`)
  return out.sort().join(" ")
}

/** The fleet's link floor: the gateway's best sensitivity (SX1301 SF12/125, −142.5 dBm) − `linkMarginDb` 6 dB. */
const FLEET_LINK_FLOOR_DBM = sensitivityDbm("sx1301", 12, 125_000) - 6
/** Longest band time-off after one downlink here: ToA of a 33-byte SF12 downlink × (1/1 % − 1) < 150 s. */
const GATEWAY_MEMORY_US = 150_000_000
const JOIN_LEN = 23

/** RSSI (dBm) of device `dev`'s uplinks at gateway `gw`: both paths compute EIRP − (mean loss + the link's shadowing). */
function rssiAt(p: DiffPlan, dev: string, gw: string): number {
  const EIRP_DBM = runs().fleet.uplinkPowerDbm
  const prop = new Propagation(LORASIM, SPEC.seed)
  const d = p.devices.find((x) => x.name === dev)!
  const g = SPEC.gateways.find((x) => x.id === gw)!
  return EIRP_DBM - prop.lossDb(dev, { x: d.x, y: d.y, z: 1.5 }, gw, { x: g.x, y: g.y, z: 15 }, CARRIER_HZ)
}

/**
 * Whether gateway `gw` has, on a run, transmitted in the `GATEWAY_MEMORY_US`
 * before `f` ended (band time-off) or transmits something other than `f`'s own
 * answer during `f`'s answer windows (busy transmitter).
 */
function gatewayBusyAround(run: PathRun, gw: string, f: FrameOutcome): boolean {
  const own = f.window === 0 ? -1 : f.end + f.answerDelayUs
  for (const x of run.gatewayTx.get(gw) ?? []) {
    if (x.start < f.end && x.end > f.end - GATEWAY_MEMORY_US) return true
    if (x.start >= f.end && x.start < f.end + 7e6 && x.start !== own) return true
  }
  return false
}

function byDevice(frames: readonly FrameOutcome[]): Map<string, FrameOutcome[]> {
  const m = new Map<string, FrameOutcome[]>()
  for (const f of frames) {
    const l = m.get(f.dev)
    if (l === undefined) m.set(f.dev, [f])
    else l.push(f)
  }
  return m
}

/** D11: an uplink overlapping `f` arrives below the fleet's link floor at a gateway where `f` itself clears the sensitivity. */
/**
 * D11 for loss reasons: a frame below the sensitivity at every gateway, lost on the object path as `half-duplex`
 * at a transmitting gateway far out of its reach (per gateway the object path names half-duplex before
 * sensitivity), while the fleet has no link to that gateway at all and names `below-sensitivity`.
 */
function halfDuplexBeyondLinkFloor(p: DiffPlan, a: FrameOutcome, b: FrameOutcome): boolean {
  return a.outcome === "half-duplex" && b.outcome === "below-sensitivity" && SPEC.gateways.every((g) => rssiAt(p, a.dev, g.id) < sensitivityDbm("sx1301", a.sf, 125_000))
}

function underLinkFloor(p: DiffPlan, f: FrameOutcome, overlapKeys: string): boolean {
  const others = overlapKeys.split(" ").filter((k) => k.includes("/"))
  for (const g of SPEC.gateways) {
    if (rssiAt(p, f.dev, g.id) < sensitivityDbm("sx1301", f.sf, 125_000)) continue
    for (const o of others) if (rssiAt(p, o.slice(0, o.indexOf("@")), g.id) < FLEET_LINK_FLOOR_DBM) return true
  }
  return false
}

describe("differential: scripted ClassADevice world vs fleet, same seeded world", () => {
  it("both paths follow one schedule: every device's first JoinRequest starts at the same µs (the fleet's streams replayed)", () => {
    const { p, obj, fleet } = runs()
    expect(p.devices).toHaveLength(240)
    const off = p.devices.filter((d) => obj.firstJoinAt.get(d.name) !== d.joinAt || fleet.firstJoinAt.get(d.name) !== d.joinAt)
    expect(off.map((d) => d.name)).toEqual([])
  })

  it("per-frame outcomes (delivered, or lost + reason) agree whenever the same uplinks and gateway transmissions overlap the frame, except under D2 / D11", () => {
    const { p, obj, fleet } = runs()
    const fk = new Map(fleet.frames.map((f) => [key(f), f]))
    let matched = 0
    let compared = 0
    let same = 0
    const explained = { D2: 0, D11: 0 }
    const wrong: string[] = []
    for (const a of obj.frames) {
      const b = fk.get(key(a))
      if (b === undefined) continue
      matched++
      const ov = overlapping(obj, obj.frames, a)
      if (ov !== overlapping(fleet, fleet.frames, b)) continue
      compared++
      if (a.outcome === b.outcome) same++
      else if (a.outcome === "interference" && a.interferers.some((i) => SPEC.gateways.some((g) => g.id === i))) explained.D2++
      else if (a.outcome === "interference" && b.outcome === "delivered" && underLinkFloor(p, a, ov)) explained.D11++
      else if (halfDuplexBeyondLinkFloor(p, a, b)) explained.D11++
      else wrong.push(`${key(a)}: object ${a.outcome} [${a.interferers.join(",")}], fleet ${b.outcome}`)
    }
    console.info(`differential per-frame: ${obj.frames.length} object / ${fleet.frames.length} fleet frames, ${matched} in both (same device, start, length); ${compared} with the same overlaps: ${same} same outcome, ${explained.D2} differ under D2, ${explained.D11} under D11`)
    expect(compared).toBeGreaterThan(500)
    expect(same).toBeGreaterThan(0.99 * compared)
    expect(wrong).toEqual([])
  })

  it("answers (JoinAccepts, ACKs, MAC commands): an uplink delivered on both paths, best received by a gateway idle for 150 s on both, gets the same answer in the same window with the same airtime", () => {
    const { obj, fleet } = runs()
    const fk = new Map(fleet.frames.map((f) => [key(f), f]))
    let compared = 0
    let same = 0
    let acks = 0
    let joins = 0
    const wrong: string[] = []
    const delays = new Set<number>()
    for (const a of obj.frames) {
      const b = fk.get(key(a))
      if (b === undefined || a.outcome !== "delivered" || b.outcome !== "delivered") continue
      for (const f of [a, b]) if (f.window !== 0) delays.add(f.answerDelayUs - (f.len === JOIN_LEN ? 4e6 : 0))
      if (a.bestGw !== b.bestGw || gatewayBusyAround(obj, a.bestGw, a) || gatewayBusyAround(fleet, b.bestGw, b)) continue
      compared++
      const data = a.len !== JOIN_LEN
      if (a.window === b.window && a.answerToaUs === b.answerToaUs) {
        same++
        if (data && a.dev.startsWith("alarms/") && a.window !== 0) acks++
        if (!data && a.window !== 0) joins++
      } else {
        const show = (f: FrameOutcome): string => (f.window === 0 ? "no answer" : `RX${f.window} (${f.answerToaUs} µs)`)
        wrong.push(`${key(a)} (${data ? "data" : "join"}, best ${b.bestGw} ${b.rssiDbm} dBm): object ${show(a)}, fleet ${show(b)}`)
      }
    }
    console.info(`differential answers: ${compared} uplinks delivered on both at an idle gateway, ${same} same answer, window and airtime (${joins} JoinAccepts, ${acks} ACKs)`)
    // Answers only ever come RECEIVE_DELAY1/2 (data) or JOIN_ACCEPT_DELAY1/2 (joins) after the uplink (4 s subtracted from joins).
    expect([...delays].sort()).toEqual([1e6, 2e6])
    expect(compared).toBeGreaterThan(100)
    expect(acks).toBeGreaterThan(10)
    expect(joins).toBeGreaterThan(0)
    expect(wrong).toEqual([])
  })

  it("every device's first divergence between the paths falls under a documented rule", () => {
    const { p, obj, fleet } = runs()
    const ob = byDevice(obj.frames)
    const fb = byDevice(fleet.frames)
    const fk = new Map(fleet.frames.map((f) => [key(f), f]))
    const causes = new Map<string, number>()
    const wrong: string[] = []
    let identical = 0
    const note = (c: string): void => void causes.set(c, (causes.get(c) ?? 0) + 1)
    for (const d of p.devices) {
      const as = ob.get(d.name) ?? []
      const bs = fb.get(d.name) ?? []
      let k = 0
      while (k < as.length && k < bs.length && key(as[k]!) === key(bs[k]!) && as[k]!.sf === bs[k]!.sf && as[k]!.outcome === bs[k]!.outcome && as[k]!.window === bs[k]!.window) k++
      if (k === as.length && k === bs.length) {
        identical++
        continue
      }
      const a = as[k]
      const b = bs[k]
      const prev = k > 0 ? as[k - 1]! : undefined
      if (a === undefined || b === undefined) {
        // One path sent more frames: the other's last frame came later or not at all before the horizon.
        note("horizon: one path's next frame falls after the end")
        continue
      }
      if (a.start === b.start && a.len !== b.len) {
        if (a.len === b.len + 2 && a.len !== JOIN_LEN) note("D9 uplink FOpts (LinkADRAns)")
        else wrong.push(`${d.name} #${k}: length ${a.len} vs ${b.len}`)
      } else if (a.start !== b.start) {
        if (prev !== undefined && (prev.window === 0 || prev.outcome !== "delivered")) note("D7 retry timing after an unanswered frame (or a convoy cascade)")
        else if (prev !== undefined) note("D8 the device heard the answer on one path only")
        else wrong.push(`${d.name} #${k}: first frame at ${a.start} vs ${b.start}`)
      } else if (a.sf !== b.sf) {
        note("ADR: another decision (another SNR history or answer: cascade)")
      } else if (a.outcome !== b.outcome) {
        const ov = overlapping(obj, obj.frames, a)
        if (ov !== overlapping(fleet, fleet.frames, fk.get(key(a))!)) note("different frames on the air (an earlier divergence of another device)")
        else if (a.interferers.some((i) => SPEC.gateways.some((g) => g.id === i))) note("D2 downlink on the air")
        else if (underLinkFloor(p, a, ov) || halfDuplexBeyondLinkFloor(p, a, b)) note("D11 link floor")
        else wrong.push(`${d.name} #${k}: ${a.outcome} vs ${b.outcome}`)
      } else {
        // Same frame and outcome, another answer.
        if (a.bestGw !== b.bestGw || gatewayBusyAround(obj, a.bestGw, a) || gatewayBusyAround(fleet, b.bestGw, b)) note("gateway state: an earlier downlink differs (cascade)")
        else wrong.push(`${d.name} #${k}: window ${a.window} vs ${b.window}`)
      }
    }
    console.info(`differential first divergences (${p.devices.length} devices, ${identical} identical throughout): ${JSON.stringify(Object.fromEntries([...causes].sort((x, y) => y[1] - x[1])))}`)
    console.info(`differential counts: object ${JSON.stringify(obj.counters)}; fleet ${JSON.stringify(fleet.counters)}`)
    expect(wrong).toEqual([])
  })

  it("join counts: a device joins on one path only when it is caught in a join convoy there, or RX1 cannot reach it (then only a JoinAccept sent in RX2, when RX1 is taken, does: gateway state, a cascade)", () => {
    const { p, obj, fleet } = runs()
    const best = (dev: string): number => Math.max(...SPEC.gateways.map((g) => rssiAt(p, dev, g.id)))
    const sens12 = sensitivityDbm("sx1276", 12, 125_000)
    // A join's RX1 at SF12 from the best gateway (EU868 14 dBm) reaches the device when 14 dBm + link gain ≥ the device's SF12 sensitivity.
    const rx1Reaches = (dev: string): boolean => best(dev) - fleet.uplinkPowerDbm + 14 >= sens12
    const convoy = (run: PathRun, dev: string): boolean => {
      const js = run.frames.filter((f) => f.dev === dev && f.len === JOIN_LEN)
      return js.length > 3 && js.filter((f) => f.outcome === "interference" || f.outcome === "half-duplex").length >= js.length - 1
    }
    const jaSent = (run: PathRun): number => run.frames.filter((f) => f.len === JOIN_LEN && f.window !== 0).length
    const fleetOnly = [...fleet.joined].filter((d) => !obj.joined.has(d))
    const objectOnly = [...obj.joined].filter((d) => !fleet.joined.has(d))
    const why = (run: PathRun) => (d: string): string => (convoy(run, d) ? "convoy" : !rx1Reaches(d) ? "RX2 only" : "unexplained")
    const count = (ds: string[], run: PathRun): Record<string, number> => ds.map(why(run)).reduce<Record<string, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {})
    console.info(`differential joins: JoinAccepts sent object ${jaSent(obj)} / fleet ${jaSent(fleet)}, devices joined object ${obj.joined.size} / fleet ${fleet.joined.size} of ${p.devices.length}; fleet only ${fleetOnly.length} ${JSON.stringify(count(fleetOnly, obj))}, object only ${objectOnly.length} ${JSON.stringify(count(objectOnly, fleet))}`)
    expect(fleet.counters.joinAccepts).toBe(fleet.joined.size)
    expect(obj.counters.joinAccepts).toBe(obj.joined.size)
    expect(fleetOnly.filter((d) => why(obj)(d) === "unexplained")).toEqual([])
    expect(objectOnly.filter((d) => why(fleet)(d) === "unexplained")).toEqual([])
  })

  it("the documented difference D2 occurs in this world, and the former ones (uplink power, join retry spread) are one rule on both paths", () => {
    const { obj, fleet } = runs()
    // Uplink power at TX power index 0: the same on both paths.
    expect(fleet.uplinkPowerDbm).toBe(CONDUCTED_DBM)
    expect(obj.uplinkPowerDbm).toBe(CONDUCTED_DBM)
    // D2: object-path uplinks destroyed by a gateway's downlink on their carrier.
    expect(obj.frames.filter((f) => f.interferers.some((i) => SPEC.gateways.some((g) => g.id === i))).length).toBeGreaterThan(0)
    // Join convoys (≥ 4 JoinRequests in a row lost to interference) happen on both paths alike: retries follow one rule, no spread.
    const convoys = (run: PathRun): number => {
      let n = 0
      for (const fs of byDevice(run.frames).values()) {
        let k = 0
        for (const f of fs) {
          k = f.len === JOIN_LEN && f.outcome === "interference" ? k + 1 : 0
          if (k === 4) n++
        }
      }
      return n
    }
    console.info(`differential join convoys: object ${convoys(obj)}, fleet ${convoys(fleet)}`)
    expect(convoys(obj)).toBeGreaterThan(0)
    expect(convoys(fleet)).toBeGreaterThan(0)
  })
})
