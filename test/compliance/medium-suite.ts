/**
 * The LoRa uplink medium's compliance suite: one set of behaviours, run against
 * every implementation through a {@link MediumAdapter} (medium-adapters.ts).
 * Each behaviour picks its interference rule; every RSSI is exact (no
 * shadowing), so thresholds are tested at their edges.
 *
 * Sources of the expected values: the SIR matrix and the 6 dB capture
 * threshold (Goursaud & Gorce 2015 via ns-3 `lora-interference-helper.cc`,
 * `SIR_MATRIX_DB`), SX1301 sensitivity and 8 demodulation paths (ns-3
 * `gateway-lora-phy.cc`, `sensitivityDbm("sx1301", …)`, `SX1301_PATHS`), and
 * LoRaSim's `loraDir.py` for its two rules: `checkcollision` with
 * `full_collision` 0 (any same-SF overlap destroys both) or 1
 * (`timingCollision` + `powerCollision`, checked at each arrival against every
 * frame on the air; the newcomer is marked too when the power rule names it —
 * LoRaSim 0.2.1 r334 sets `col = 1` then; docs/lorasim.md).
 */
import { fc, test as ptest } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { CAPTURE_THRESHOLD_DB, SIR_MATRIX_DB, SX1301_PATHS, sensitivityDbm, symbolTimeUs } from "../../radio/index.ts"
import { DEVICE_HEIGHT_M, exactLossDb, frameToaUs, type MediumAdapter, type MediumHarness, type Outcome, type RuleName } from "./medium-adapters.ts"

export const F0 = 868_100_000
export const F1 = 868_300_000
export const F2 = 868_500_000
const CHANNELS = [F0, F1, F2] as const
/** Loss at 40 m is exactly 127.41 dB: RSSI = P − 127.41 bit for bit on both paths. */
const D0 = 40
const LOSS_D0 = 127.41

/** The next double above / below `x` (to hit an RSSI exactly). */
function nextUp(x: number): number {
  const f = new Float64Array([x])
  const b = new BigInt64Array(f.buffer)
  b[0] = x >= 0 ? b[0]! + 1n : b[0]! - 1n
  return f[0]!
}
function nextDown(x: number): number {
  return -nextUp(-x)
}

/** An EIRP that gives exactly `rssi` at 40 m (P − 127.41 computed as the paths compute it). */
export function powerForRssiAtD0(rssi: number): number {
  let p = rssi + LOSS_D0
  for (let k = 0; k < 8 && p - LOSS_D0 < rssi; k++) p = nextUp(p)
  for (let k = 0; k < 8 && p - LOSS_D0 > rssi; k++) p = nextDown(p)
  if (p - LOSS_D0 !== rssi) throw new Error(`no EIRP gives exactly ${rssi} dBm at 40 m`)
  return p
}

const received = (o: Outcome): boolean => o.received
const reasonOf = (o: Outcome): string => (o.received ? "received" : o.reason)

/**
 * Registers the suite for one implementation. Behaviours are plain vitest
 * `it`s; the properties draw SF, powers and lengths with fast-check.
 */
export function mediumComplianceSuite(adapter: MediumAdapter): void {
  /** Devices `ids` at (x, 0) around one gateway "gw" at the origin, 1.5 m high (distance = x exactly). */
  function world(rule: RuleName, devices: readonly (readonly [string, number])[], opts: { bwHz?: number; gateways?: readonly (readonly [string, number])[] } = {}): MediumHarness {
    const gws = opts.gateways ?? [["gw", 0]]
    return adapter.create({
      rule,
      gateways: gws.map(([id, x]) => ({ id, x, y: 0, z: DEVICE_HEIGHT_M, channelsHz: CHANNELS, ...(opts.bwHz === undefined ? {} : { bwHz: opts.bwHz }) })),
      devices: devices.map(([id, x]) => ({ id, x, y: 0 })),
    })
  }

  describe(`LoRa medium compliance — ${adapter.name}`, () => {
    describe("RSSI without shadowing is P − PL(d), exactly", () => {
      it("at 40 m it is P − 127.41 dB bit for bit; farther, the log-distance loss", () => {
        const ds = [40, 100, 300, 700]
        const h = world("goursaud", ds.map((d, i) => [`d${i}`, d] as const))
        const f = ds.map((_, i) => h.send({ from: `d${i}`, atUs: i * 2_000_000, freqHz: F0, sf: 12, powerDbm: 14, len: 20 }))
        h.run()
        const got = f.map((k) => h.outcome(k, "gw"))
        expect(got.map(received)).toEqual([true, true, true, true])
        expect(got[0]).toEqual({ received: true, rssiDbm: 14 - LOSS_D0 })
        ds.forEach((d, i) => expect((got[i] as { rssiDbm: number }).rssiDbm).toBeCloseTo(14 - exactLossDb(d), 9))
      })
    })

    describe("capture: same SF, goursaud (6 dB threshold)", () => {
      /** Two frames of `sf`, same start and length, `delta` dB apart at the gateway (the weaker at `weakDbm` EIRP, ≥ 0 dBm: above every sensitivity at 40 m): [stronger, weaker] outcomes. */
      function pair(sf: number, weakDbm: number, delta: number, len: number): [Outcome, Outcome] {
        const h = world("goursaud", [["strong", D0], ["weak", D0]])
        const a = h.send({ from: "strong", atUs: 1000, freqHz: F0, sf, powerDbm: weakDbm + delta, len })
        const b = h.send({ from: "weak", atUs: 1000, freqHz: F0, sf, powerDbm: weakDbm, len })
        h.run()
        return [h.outcome(a, "gw"), h.outcome(b, "gw")]
      }

      ptest.prop([fc.integer({ min: 7, max: 12 }), fc.integer({ min: 0, max: 14 }), fc.double({ min: 6.01, max: 30, noNaN: true }), fc.integer({ min: 5, max: 50 })], { numRuns: 25 })(
        "more than 6 dB apart: the stronger is received, the weaker lost to interference",
        (sf, p, delta, len) => {
          const [s, w] = pair(sf, p, delta, len)
          expect(reasonOf(s)).toBe("received")
          expect(reasonOf(w)).toBe("interference")
        },
      )

      it("exactly 6 dB apart (integer EIRPs p and p − 6, full overlap): the stronger is received", () => {
        const wrong: string[] = []
        for (let sf = 7; sf <= 12; sf++) {
          for (let p = 6; p <= 20; p++) {
            const [s, w] = pair(sf, p - CAPTURE_THRESHOLD_DB, CAPTURE_THRESHOLD_DB, 20)
            if (!s.received || reasonOf(w) !== "interference") wrong.push(`SF${sf} ${p}/${p - 6} dBm: stronger ${reasonOf(s)}, weaker ${reasonOf(w)}`)
          }
        }
        expect(wrong, "at the 6 dB threshold (SIR ≥ 6 dB captures) the stronger frame must survive").toEqual([])
      })

      ptest.prop([fc.integer({ min: 7, max: 12 }), fc.integer({ min: 0, max: 14 }), fc.double({ min: 0, max: 5.99, noNaN: true })], { numRuns: 25 })("less than 6 dB apart: both are lost to interference", (sf, p, delta) => {
        const [s, w] = pair(sf, p, delta, 20)
        expect([reasonOf(s), reasonOf(w)]).toEqual(["interference", "interference"])
      })
    })

    describe("SF quasi-orthogonality: the SIR matrix (goursaud)", () => {
      /**
       * A wanted frame (SF `w`, 0 dBm at 40 m → −127.41 dBm) fully covered by
       * back-to-back interferer frames of SF `i` (each from its own device) that
       * arrive `stronger` dB above it: the interference energy over the wanted
       * frame is exactly P_i·T_w, so SIR = −stronger.
       */
      function covered(w: number, i: number, stronger: number): Outcome {
        const lenW = 20
        const lenI = 60
        const tw = frameToaUs(lenW, w)
        const ti = frameToaUs(lenI, i)
        const start = 10_000_000
        const first = start - Math.floor(ti / 2)
        const n = Math.ceil((start + tw - first) / ti)
        const h = world("goursaud", [["wanted", D0], ...Array.from({ length: n }, (_, k) => [`i${k}`, D0] as const)])
        const wanted = h.send({ from: "wanted", atUs: start, freqHz: F0, sf: w, powerDbm: 0, len: lenW })
        for (let k = 0; k < n; k++) h.send({ from: `i${k}`, atUs: first + k * ti, freqHz: F0, sf: i, powerDbm: stronger, len: lenI })
        h.run()
        return h.outcome(wanted, "gw")
      }

      it("a different-SF interferer destroys only when more than X dB stronger, X = −SIR[wanted][interferer] (±0.01 dB)", () => {
        const wrong: string[] = []
        for (let w = 7; w <= 12; w++) {
          for (let i = 7; i <= 12; i++) {
            if (i === w) continue
            const x = -SIR_MATRIX_DB[w - 7]![i - 7]!
            const below = covered(w, i, x - 0.01)
            const above = covered(w, i, x + 0.01)
            if (reasonOf(below) !== "received") wrong.push(`SF${w} vs SF${i} at ${x - 0.01} dB: ${reasonOf(below)} (should be received)`)
            if (reasonOf(above) !== "interference") wrong.push(`SF${w} vs SF${i} at ${x + 0.01} dB: ${reasonOf(above)} (should be interference)`)
          }
        }
        expect(wrong).toEqual([])
      })
    })

    describe(`demodulation paths: ${SX1301_PATHS} per gateway`, () => {
      /** 9 frames from 9 devices on 3 carriers × SF7/9/11 (equal power: the SFs do not destroy each other), started 1 ms apart. */
      function nine(h: MediumHarness, lastAt?: number): number[] {
        return Array.from({ length: 9 }, (_, k) => h.send({ from: `n${k}`, atUs: k === 8 && lastAt !== undefined ? lastAt : k * 1000, freqHz: CHANNELS[Math.floor(k / 3)]!, sf: 7 + 2 * (k % 3), powerDbm: 14, len: 20 }))
      }
      const devices = Array.from({ length: 10 }, (_, k) => [`n${k}`, D0] as const)

      it("the 9th concurrent frame is lost as no-free-path; a path ended frees it for the next frame", () => {
        const h = world("goursaud", devices)
        const f = nine(h)
        // SF7 (20 B) ends after ~57 ms; the SF9/SF11 frames are still on the air at 100 ms.
        const tenth = h.send({ from: "n9", atUs: 100_000, freqHz: F1, sf: 7, powerDbm: 14, len: 20 })
        h.run()
        expect(f.map((k) => reasonOf(h.outcome(k, "gw")))).toEqual([...Array(8).fill("received"), "no-free-path"])
        expect(reasonOf(h.outcome(tenth, "gw"))).toBe("received")
      })

      it("a path is held over [start, end): a frame starting the µs a locked frame ends takes its path", () => {
        const h = world("goursaud", devices)
        const f = nine(h, frameToaUs(20, 7)) // frame 0 (SF7, from 0) ends exactly then
        h.run()
        expect(f.map((k) => reasonOf(h.outcome(k, "gw")))).toEqual(Array(9).fill("received"))
      })
    })

    describe("half-duplex gateways", () => {
      it("a gateway that starts transmitting loses the frame it was receiving and does not lock while it transmits; another gateway still receives", () => {
        const h = world("goursaud", [["a", 40], ["b", 40], ["c", 40]], { gateways: [["g0", 0], ["g1", 80]] })
        const toaA = frameToaUs(20, 9)
        const down = { gateway: "g0", atUs: 1000 + Math.floor(toaA / 2), freqHz: 869_525_000, sf: 12, powerDbm: 14, len: 12 }
        const downEnd = down.atUs + frameToaUs(12, 12)
        const a = h.send({ from: "a", atUs: 1000, freqHz: F0, sf: 9, powerDbm: 14, len: 20 })
        h.gatewayTransmit(down)
        const b = h.send({ from: "b", atUs: down.atUs + 100_000, freqHz: F0, sf: 7, powerDbm: 14, len: 20 })
        const c = h.send({ from: "c", atUs: downEnd + 1000, freqHz: F0, sf: 7, powerDbm: 14, len: 20 })
        h.run()
        expect([a, b, c].map((k) => reasonOf(h.outcome(k, "g0")))).toEqual(["half-duplex", "half-duplex", "received"])
        expect([a, b, c].map((k) => reasonOf(h.outcome(k, "g1")))).toEqual(["received", "received", "received"])
      })

      it("a transmission holds the gateway over [start, end): a frame starting the µs it ends is received", () => {
        const h = world("goursaud", [["a", 40]])
        const down = { gateway: "gw", atUs: 1000, freqHz: 869_525_000, sf: 12, powerDbm: 14, len: 12 }
        h.gatewayTransmit(down)
        const a = h.send({ from: "a", atUs: down.atUs + frameToaUs(12, 12), freqHz: F0, sf: 7, powerDbm: 14, len: 20 })
        h.run()
        expect(reasonOf(h.outcome(a, "gw"))).toBe("received")
      })
    })

    describe("sensitivity edges (SX1301)", () => {
      it("RSSI exactly at the sensitivity is received; 0.01 dB below is below-sensitivity (SF7–12 × 125/250/500 kHz)", () => {
        const wrong: string[] = []
        for (const bwHz of [125_000, 250_000, 500_000]) {
          const h = world("goursaud", [["at", D0], ["under", D0]], { bwHz })
          const cases: [number, number, number, number][] = []
          let t = 1000
          for (let sf = 7; sf <= 12; sf++) {
            const s = sensitivityDbm("sx1301", sf, bwHz)
            const p = powerForRssiAtD0(s)
            const at = h.send({ from: "at", atUs: t, freqHz: F0, sf, bwHz, powerDbm: p, len: 20 })
            const under = h.send({ from: "under", atUs: t + 1_500_000, freqHz: F1, sf, bwHz, powerDbm: p - 0.01, len: 20 })
            cases.push([sf, s, at, under])
            t += 3_000_000
          }
          h.run()
          for (const [sf, s, at, under] of cases) {
            const o = h.outcome(at, "gw")
            if (!o.received || o.rssiDbm !== s) wrong.push(`SF${sf}/${bwHz / 1000}: at ${s} dBm → ${reasonOf(o)}${o.rssiDbm === undefined ? "" : ` (${o.rssiDbm} dBm)`}`)
            const u = h.outcome(under, "gw")
            if (reasonOf(u) !== "below-sensitivity") wrong.push(`SF${sf}/${bwHz / 1000}: 0.01 dB under → ${reasonOf(u)}`)
          }
        }
        expect(wrong).toEqual([])
      })
    })

    // LoRaSim 0.2.1 (Revision 334) `checkcollision`: when `powerCollision` names the newcomer it sets `col = 1`, so the
    // newcomer is marked lost at its own arrival too (docs/lorasim.md; checked against real LoRaSim runs).
    describe("LoRaSim full rule (loraDir.py full_collision = 1)", () => {
      /** Frame `a` from 0, newcomer `b` from `bAt`, both SF `sf`, 20 B; EIRPs in dBm. */
      function two(sf: number, bAt: number, pa = 14, pb = 14): [string, string] {
        const h = world("lorasim-full", [["a", D0], ["b", D0]])
        const a = h.send({ from: "a", atUs: 0, freqHz: F0, sf, powerDbm: pa, len: 20 })
        const b = h.send({ from: "b", atUs: bAt, freqHz: F0, sf, powerDbm: pb, len: 20 })
        h.run()
        return [reasonOf(h.outcome(a, "gw")), reasonOf(h.outcome(b, "gw"))]
      }

      it("timingCollision at its µs boundary: the other frame ending exactly at the newcomer's critical section (start + 3 symbols) is no collision; 1 µs later it is, and both frames (equal power) are lost", () => {
        for (let sf = 7; sf <= 12; sf++) {
          const edge = frameToaUs(20, sf) - 3 * symbolTimeUs(sf, 125_000)
          expect(two(sf, edge), `SF${sf}: overlap ends at the critical section`).toEqual(["received", "received"])
          expect(two(sf, edge - 1), `SF${sf}: overlap 1 µs into the critical section`).toEqual(["interference", "interference"])
        }
      })

      it("powerCollision: a newcomer ≥ 6 dB stronger destroys the frame on the air; a newcomer ≥ 6 dB weaker is itself lost and destroys nothing; within 6 dB both are lost", () => {
        expect(two(9, 20_000, 8, 14), "newcomer 6 dB stronger").toEqual(["interference", "received"])
        expect(two(9, 20_000, 14, 8), "newcomer 6 dB weaker").toEqual(["received", "interference"])
        expect(two(9, 20_000, 14, 10), "within 6 dB").toEqual(["interference", "interference"])
      })

      it("each arrival is checked against every frame on the air: a third frame within 6 dB of the second (the first already ended) loses with it", () => {
        const h = world("lorasim-full", [["a", D0], ["b", D0], ["c", D0]])
        const a = h.send({ from: "a", atUs: 0, freqHz: F0, sf: 9, powerDbm: 14, len: 20 })
        const b = h.send({ from: "b", atUs: 20_000, freqHz: F0, sf: 9, powerDbm: 14, len: 20 })
        const c = h.send({ from: "c", atUs: frameToaUs(20, 9) + 5_000, freqHz: F0, sf: 9, powerDbm: 12, len: 20 })
        h.run()
        // c starts after a ended, while b is still on the air.
        expect([a, b, c].map((k) => reasonOf(h.outcome(k, "gw")))).toEqual(["interference", "interference", "interference"])
      })

      it("different SFs never collide, different carriers never collide", () => {
        const h = world("lorasim-full", [["a", D0], ["b", D0], ["c", D0]])
        const a = h.send({ from: "a", atUs: 0, freqHz: F0, sf: 9, powerDbm: 14, len: 20 })
        const b = h.send({ from: "b", atUs: 10_000, freqHz: F0, sf: 10, powerDbm: 14, len: 20 })
        const c = h.send({ from: "c", atUs: 20_000, freqHz: F1, sf: 9, powerDbm: 14, len: 20 })
        h.run()
        expect([a, b, c].map((k) => reasonOf(h.outcome(k, "gw")))).toEqual(["received", "received", "received"])
      })
    })

    describe("LoRaSim simple rule (loraDir.py full_collision = 0)", () => {
      ptest.prop([fc.integer({ min: 7, max: 12 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 50 })], { numRuns: 15 })(
        "any overlap of two same-SF frames on one carrier destroys both, whatever their powers",
        (sf, delta, overlapMs) => {
          const h = world("lorasim-simple", [["a", D0], ["b", D0]])
          const toa = frameToaUs(20, sf)
          const a = h.send({ from: "a", atUs: 0, freqHz: F0, sf, powerDbm: delta, len: 20 })
          const b = h.send({ from: "b", atUs: toa - Math.min(toa - 1, overlapMs * 1000), freqHz: F0, sf, powerDbm: 0, len: 20 })
          h.run()
          expect([reasonOf(h.outcome(a, "gw")), reasonOf(h.outcome(b, "gw"))]).toEqual(["interference", "interference"])
        },
      )

      it("different SFs or different carriers do not collide", () => {
        const h = world("lorasim-simple", [["a", D0], ["b", D0], ["c", D0]])
        const a = h.send({ from: "a", atUs: 0, freqHz: F0, sf: 9, powerDbm: 14, len: 20 })
        const b = h.send({ from: "b", atUs: 10_000, freqHz: F0, sf: 10, powerDbm: 14, len: 20 })
        const c = h.send({ from: "c", atUs: 20_000, freqHz: F1, sf: 9, powerDbm: 14, len: 20 })
        h.run()
        expect([a, b, c].map((k) => reasonOf(h.outcome(k, "gw")))).toEqual(["received", "received", "received"])
      })
    })

    describe("ALOHA (any-overlap)", () => {
      ptest.prop([fc.integer({ min: 7, max: 12 }), fc.integer({ min: 7, max: 12 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 5, max: 60 })], { numRuns: 20 })(
        "a 1 µs overlap on the carrier destroys both frames whatever their SFs and powers; touching frames ([start, end) intervals) and other carriers do not",
        (sfA, sfB, delta, len) => {
          const h = world("any-overlap", [["a", D0], ["b", D0], ["c", D0], ["d", D0]])
          const toaA = frameToaUs(len, sfA)
          const a = h.send({ from: "a", atUs: 0, freqHz: F0, sf: sfA, powerDbm: delta, len })
          const b = h.send({ from: "b", atUs: toaA - 1, freqHz: F0, sf: sfB, powerDbm: 0, len })
          const later = 10_000_000
          const c = h.send({ from: "c", atUs: later, freqHz: F0, sf: sfA, powerDbm: delta, len })
          const d = h.send({ from: "d", atUs: later + toaA, freqHz: F0, sf: sfB, powerDbm: 0, len })
          const e = h.send({ from: "a", atUs: later + 100, freqHz: F1, sf: sfA, powerDbm: delta, len })
          h.run()
          expect([a, b].map((k) => reasonOf(h.outcome(k, "gw")))).toEqual(["interference", "interference"])
          expect([c, d].map((k) => reasonOf(h.outcome(k, "gw")))).toEqual(["received", "received"])
          expect(reasonOf(h.outcome(e, "gw"))).toBe("received")
        },
      )
    })
  })
}
