/**
 * The LoRaWAN class A compliance suite: one device, one gateway, one network
 * server, run against every implementation through a {@link ClassAAdapter}
 * (class-a-adapters.ts). Expected values come from the shared rule functions
 * (`stack/lorawan/class-a-rules.ts`: rxWindowDelaysUs, confirmedTrials,
 * confirmedRetryDr, ackRetryAtUs, joinRetryAtUs, joinDataRate, adrAckBackoff,
 * adrDecision) and the region tables, never from either implementation.
 *
 * Two kinds of observation, asserted in separate tests so that a failure says
 * which is missing: what went over the air (uplinks, downlinks: times,
 * carriers, SFs, powers) and the device's `lorawan.*` trace events
 * (`ClassADevice`'s kinds and fields).
 */
import { describe, expect, it } from "vitest"
import { hours, minutes, s } from "../../sim/index.ts"
import { snrDb } from "../../radio/index.ts"
import {
  ACK_TIMEOUT_RND_US,
  JOIN_REQUEST_LENGTH,
  adrAckBackoff,
  adrDecision,
  ackRetryAtUs,
  confirmedRetryDr,
  confirmedTrials,
  joinDataRate,
  joinDutyCycleInverse,
  joinRetryAtUs,
  rxListenUs,
  rxWindowDelaysUs,
} from "../../stack/lorawan/class-a-rules.ts"
import type { Region } from "../../stack/lorawan/index.ts"
import { sfOfDr, type AirFrame, type ClassAAdapter, type ClassAHarness, type ClassAWorldSpec, type MacEvent } from "./class-a-adapters.ts"

/** Close to the gateway: every DR reaches both ways (seed 1: SNR ≈ +8 dB at 14 dBm). */
const NEAR_M = 30
/** Right next to it: SNR ≈ +15 dB, room for ADR to raise the DR to DR5 and lower the power. */
const CLOSE_M = 5
/** Where ADR at DR5 has nothing to change (SNR ≈ 0 dB: margin < 0 at SF7, power already at max). */
const NEUTRAL_M = 80
/** Far enough that ADR at DR0 has nothing to change (SNR ≈ −10 dB: margin < 3 dB at SF12), near enough for SF12 both ways. */
const FAR_M = 220
/** Pycom's default `tx_retries`. */
const TX_RETRIES = 2

const base: ClassAWorldSpec = { region: "EU868", activation: "abp", dr: 5, adr: false, confirmed: true, payloadBytes: 12, distanceM: NEAR_M, seed: 1 }

function eventsOf(ev: readonly MacEvent[], kind: string): MacEvent[] {
  return ev.filter((e) => e.kind === kind)
}

/** The uplink a downlink answers: the last one that ended before it started. */
function answered(ups: readonly AirFrame[], d: AirFrame): number {
  let k = -1
  ups.forEach((u, i) => {
    if (u.end <= d.start) k = i
  })
  return k
}

/** Channel index of an uplink carrier in the region's plan. */
function channelIndex(region: Region, freqHz: number): number {
  return region.defaultChannels.findIndex((c) => c.frequencyHz === freqHz)
}

function drOfSf(region: Region, sf: number, bwHz = 125_000): number {
  return region.dataRates.findIndex((d) => d !== undefined && d.modulation === "lora" && d.sf === sf && d.bandwidthHz === bwHz)
}

export function classAComplianceSuite(adapter: ClassAAdapter): void {
  const world = (over: Partial<ClassAWorldSpec> = {}): ClassAHarness => adapter.create({ ...base, ...over })

  describe(`LoRaWAN class A compliance — ${adapter.name}`, () => {
    it("both paths see the same link: the fieldnet preset's loss with the link's own shadowing draw", () => {
      const a = world().linkGainDb()
      // 127.41 dB at 40 m, γ 2.08, over the 3-D distance (device 1.5 m, gateway 15 m high), seed 1's draw for dev/0–gw0 is −2.77 dB.
      const d = Math.hypot(NEAR_M, 15 - 1.5)
      expect(a).toBeCloseTo(-(127.41 + 20.8 * Math.log10(d / 40)) + 2.77, 1)
    })

    describe("receive windows", () => {
      it("RX1: the answer to a data uplink starts RECEIVE_DELAY1 after the uplink ends, on the RX1 carrier and DR", () => {
        const h = world()
        h.message(s(10))
        h.run(s(30))
        const { uplinks, downlinks } = h.observe()
        expect(uplinks).toHaveLength(1)
        expect(downlinks).toHaveLength(1)
        const [u, d] = [uplinks[0]!, downlinks[0]!]
        const upDr = drOfSf(h.region, u.sf)
        expect(d.start - u.end).toBe(rxWindowDelaysUs(false).rx1)
        expect(d.freqHz).toBe(h.region.rx1FrequencyHz(channelIndex(h.region, u.freqHz), u.freqHz))
        expect(d.sf).toBe(sfOfDr(h.region, h.region.rx1Dr(upDr, 0)))
      })

      it("RX2: when RX1 cannot be used (gateway transmitter busy), the answer starts 1 s later on the RX2 carrier at the RX2 DR", () => {
        const h = world()
        h.message(s(10))
        h.blockWindow(0, rxWindowDelaysUs(false).rx1)
        h.run(s(30))
        const { uplinks, downlinks } = h.observe()
        expect(downlinks).toHaveLength(1)
        expect(downlinks[0]!.start - uplinks[0]!.end).toBe(rxWindowDelaysUs(false).rx2)
        expect([downlinks[0]!.freqHz, downlinks[0]!.sf]).toEqual([h.region.rx2FrequencyHz, sfOfDr(h.region, h.region.rx2Dr)])
      })

      it("events: the device reports the ACK with the window it came in (lorawan.down.rx window 1, then 2) and the uplink done", () => {
        for (const [block, window] of [[false, 1], [true, 2]] as const) {
          const h = world()
          h.message(s(10))
          if (block) h.blockWindow(0, rxWindowDelaysUs(false).rx1)
          h.run(s(30))
          const ev = h.observe().events
          expect(eventsOf(ev, "lorawan.up.tx").map((e) => [e["fcnt"], e["try"], e["dr"]])).toEqual([[0, 1, 5]])
          expect(eventsOf(ev, "lorawan.down.rx").map((e) => [e["ack"], e["window"]]), `window ${window}`).toEqual([[true, window]])
          expect(eventsOf(ev, "lorawan.up.done").map((e) => [e["fcnt"], e["tries"], e["acked"], e["ok"]])).toEqual([[0, 1, true, true]])
        }
      })
    })

    describe("join", () => {
      it("the JoinAccept comes JOIN_ACCEPT_DELAY1 = 5 s after the JoinRequest ends (RX1), or 6 s (RX2) when RX1 is taken", () => {
        for (const block of [false, true]) {
          const h = world({ activation: "otaa", dr: 5, confirmed: false })
          if (block) h.blockWindow(0, rxWindowDelaysUs(true).rx1)
          h.run(minutes(2))
          const { uplinks, downlinks } = h.observe()
          const join = uplinks[0]!
          expect(join.len).toBe(JOIN_REQUEST_LENGTH)
          const ja = downlinks[0]!
          const upDr = drOfSf(h.region, join.sf)
          if (!block) {
            expect(ja.start - join.end).toBe(rxWindowDelaysUs(true).rx1)
            expect([ja.freqHz, ja.sf]).toEqual([h.region.rx1FrequencyHz(channelIndex(h.region, join.freqHz), join.freqHz), sfOfDr(h.region, h.region.rx1Dr(upDr, 0))])
          } else {
            expect(ja.start - join.end).toBe(rxWindowDelaysUs(true).rx2)
            expect([ja.freqHz, ja.sf]).toEqual([h.region.rx2FrequencyHz, sfOfDr(h.region, h.region.rx2Dr)])
          }
          // Joined: exactly one JoinRequest.
          expect(uplinks.filter((u) => u.len === JOIN_REQUEST_LENGTH)).toHaveLength(1)
        }
      })

      it("events: lorawan.join.tx (try 1, the join DR, its carrier, 23 bytes) then lorawan.join.accept", () => {
        const h = world({ activation: "otaa", dr: 5, confirmed: false })
        h.run(minutes(2))
        const { uplinks, events } = h.observe()
        const jt = eventsOf(events, "lorawan.join.tx")
        expect(jt.map((e) => [e["try"], e["dr"], e["freq"], e["len"], e.t])).toEqual([[1, 5, uplinks[0]!.freqHz, JOIN_REQUEST_LENGTH, uplinks[0]!.start]])
        expect(eventsOf(events, "lorawan.join.accept")).toHaveLength(1)
      })

      for (const adr of [false, true]) {
        it(`the JoinRequest goes out at the requested join DR and the first data uplink uses it (ADR ${adr ? "on" : "off"})`, () => {
          const h = world({ activation: "otaa", dr: 3, adr, confirmed: false })
          h.messageAfterJoin(s(20))
          h.run(minutes(3))
          const { uplinks } = h.observe()
          const joins = uplinks.filter((u) => u.len === JOIN_REQUEST_LENGTH)
          const data = uplinks.filter((u) => u.len !== JOIN_REQUEST_LENGTH)
          const dr = joinDataRate(h.region, 1, 3)
          expect(joins.map((u) => u.sf)).toEqual([sfOfDr(h.region, dr)])
          expect(data.length).toBeGreaterThan(0)
          expect(data[0]!.sf).toBe(sfOfDr(h.region, dr))
        })
      }

      it("join back-off: unanswered JoinRequests are retried per joinRetryAtUs — 1 % duty cycle in the first hour, 0.1 % after", () => {
        const h = world({ activation: "otaa", dr: 0, confirmed: false })
        h.setGatewayUp(0, false)
        h.run(hours(1) + minutes(50))
        const joins = h.observe().uplinks
        expect(joins.every((u) => u.len === JOIN_REQUEST_LENGTH)).toBe(true)
        expect(joins.length).toBeGreaterThan(20)
        const first = joins[0]!.start
        const wrong: string[] = []
        let slow = 0
        for (let k = 0; k + 1 < joins.length; k++) {
          const j = joins[k]!
          const toa = j.end - j.start
          const band = h.region.subBands.find((b) => (b.minInclusive ? j.freqHz >= b.minHz : j.freqHz > b.minHz) && j.freqHz <= b.maxHz)
          // joinRetryAtUs with jitter 0 and origin = the first request (the MAC starts with it on both paths here).
          const at = joinRetryAtUs({ txEndUs: j.end, firstAttemptUs: first, toaUs: toa, windowsEndUs: j.end + rxWindowDelaysUs(true).rx2 + rxListenUs(h.region, h.region.rx2Dr), jitterUs: 0, bandDCycle: band?.dCycle ?? 1, backoffOriginUs: first })
          const dc = joinDutyCycleInverse(j.start - first)
          const next = joins[k + 1]!.start
          // Both paths retry exactly on the rule's time (no random spread, as Pycom's firmware).
          if (next !== at) wrong.push(`join ${k + 1} at ${next} µs: expected ${at} (dc 1/${dc})`)
          if (dc === 1000 && next - j.end >= (dc - 1) * toa) slow++
        }
        expect(wrong).toEqual([])
        expect(slow).toBeGreaterThan(0)
      })
    })

    describe("confirmed uplinks without an ACK", () => {
      function noAck(): ClassAHarness {
        const h = world()
        h.setGatewayUp(0, false)
        for (let k = 0; k < 6; k++) h.message(s(10) + k * minutes(1))
        h.run(minutes(7))
        return h
      }

      it(`NbTrials = tx_retries + 1 = ${confirmedTrials(TX_RETRIES)} transmissions, the DR one step lower every second retry, each retry ACK_TIMEOUT ± 1 s after RX2`, () => {
        const h = noAck()
        const ups = h.observe().uplinks
        const n = confirmedTrials(TX_RETRIES)
        expect(ups).toHaveLength(6 * n)
        const gaps: number[] = []
        for (let m = 0; m < 6; m++) {
          const tries = ups.slice(m * n, (m + 1) * n)
          expect(tries.map((u) => u.sf)).toEqual(Array.from({ length: n }, (_, k) => sfOfDr(h.region, confirmedRetryDr(h.region, 5, k + 1))))
          for (let k = 1; k < n; k++) {
            const prev = tries[k - 1]!
            const lo = ackRetryAtUs(prev.end, rxWindowDelaysUs(false).rx1, -ACK_TIMEOUT_RND_US)
            const hi = ackRetryAtUs(prev.end, rxWindowDelaysUs(false).rx1, ACK_TIMEOUT_RND_US)
            expect(tries[k]!.start).toBeGreaterThanOrEqual(lo)
            expect(tries[k]!.start).toBeLessThanOrEqual(hi)
            gaps.push(tries[k]!.start - prev.end)
          }
        }
        expect(new Set(gaps).size, "the ACK timeout is drawn per retry").toBeGreaterThan(gaps.length / 2)
      })

      it("events: lorawan.up.tx per try (same FCnt, try 1…NbTrials, the DR) and lorawan.up.done not acked", () => {
        const h = noAck()
        const { uplinks, events } = h.observe()
        const n = confirmedTrials(TX_RETRIES)
        const tx = eventsOf(events, "lorawan.up.tx")
        expect(tx.map((e) => [e["fcnt"], e["try"], e["dr"], e["freq"], e["len"]])).toEqual(
          uplinks.map((u, i) => [Math.floor(i / n), (i % n) + 1, confirmedRetryDr(h.region, 5, (i % n) + 1), u.freqHz, u.len]),
        )
        expect(eventsOf(events, "lorawan.up.done").map((e) => [e["fcnt"], e["tries"], e["acked"], e["ok"]])).toEqual(Array.from({ length: 6 }, (_, m) => [m, n, false, false]))
      })
    })

    describe("ADR", () => {
      it("after ADR_HISTORY (20) uplinks with a high SNR the server moves the device up in DR and, with DR5 reached, down in TX power (adrDecision)", () => {
        const h = world({ adr: true, dr: 0, confirmed: false, distanceM: CLOSE_M })
        for (let k = 0; k < 24; k++) h.message(s(10) + k * minutes(1))
        h.run(minutes(26))
        const ups = h.observe().uplinks
        expect(ups).toHaveLength(24)
        const p0 = ups[0]!.powerDbm!
        const snr = snrDb(p0 + h.linkGainDb(), 125_000)
        const want = adrDecision(h.region, { dr: 0, txPowerIndex: 0, snrHistory: Array(20).fill(snr), maxDr: 5 })
        expect([want.dr, want.txPowerIndex > 0], "precondition: the geometry gives DR5 and room to lower the power").toEqual([5, true])
        expect(ups.slice(0, 20).map((u) => u.sf)).toEqual(Array(20).fill(12))
        expect(ups.slice(20).map((u) => [u.sf, u.powerDbm])).toEqual(Array(4).fill([sfOfDr(h.region, want.dr), p0 - 2 * want.txPowerIndex]))
      })

      /** The DR of each uplink and whether it carries ADRACKReq, per adrAckBackoff, given which uplinks a downlink answers. */
      function backoffOracle(region: Region, n: number, dr0: number, downlinkAnswers: (k: number, adrAckReq: boolean) => boolean): { dr: number[]; req: number[] } {
        let cnt = 0
        let dr = dr0
        const drs: number[] = []
        const req: number[] = []
        for (let k = 0; k < n; k++) {
          const r = adrAckBackoff(region, { adrAckCnt: cnt, dr, txPowerIndex: 0 })
          dr = r.dr
          drs.push(dr)
          if (r.adrAckReq) req.push(k)
          cnt = downlinkAnswers(k, r.adrAckReq) ? 0 : r.adrAckCnt + 1
        }
        return { dr: drs, req }
      }

      /**
       * A device joined at DR5 with ADR on (a fleet group can start ADR above the
       * slowest DR only through its join DR), sending every 20 s from 20 s after
       * the join; the first `n` data uplinks and the downlinks that answer them.
       * (The fleet group's own traffic model adds a message a minute: the rules
       * count uplinks, whoever asked for them.)
       */
      function joinedAtDr5(gatewayDown: boolean, n: number) {
        const h = world({ activation: "otaa", adr: true, dr: 5, confirmed: false, distanceM: NEUTRAL_M })
        if (gatewayDown) h.setGatewayUpAfterJoin(s(15), false)
        for (let k = 0; k < n; k++) h.messageAfterJoin(s(20) + k * s(20))
        h.run(minutes(4) + n * s(20))
        const o = h.observe()
        const data = o.uplinks.filter((u) => u.len !== JOIN_REQUEST_LENGTH)
        const firstData = data[0]?.start ?? Infinity
        return { h, ups: data.slice(0, n), downs: o.downlinks.filter((d) => d.start > firstData && d.start < (data[n - 1]?.end ?? Infinity) + s(3)) }
      }

      it("ADRACKReq after ADR_ACK_LIMIT uplinks without a downlink: the server answers exactly those uplinks (adrAckBackoff)", () => {
        const n = 140
        const { h, ups, downs } = joinedAtDr5(false, n)
        expect(ups).toHaveLength(n)
        expect(ups[0]!.sf).toBe(sfOfDr(h.region, 5))
        const snr = snrDb(ups[0]!.powerDbm! + h.linkGainDb(), 125_000)
        expect(adrDecision(h.region, { dr: 5, txPowerIndex: 0, snrHistory: Array(20).fill(snr), maxDr: 5 }), "precondition: ADR has nothing to change").toEqual({ dr: 5, txPowerIndex: 0 })
        const want = backoffOracle(h.region, n, 5, (_k, req) => req)
        expect(want.req.length).toBeGreaterThanOrEqual(2)
        expect(downs.map((d) => answered(ups, d))).toEqual(want.req)
      })

      it("at the lowest DR the device never sets ADRACKReq (the counter resets), so a server with nothing to say never answers", () => {
        const h = world({ adr: true, dr: 0, confirmed: false, distanceM: FAR_M })
        const n = 140
        for (let k = 0; k < n; k++) h.message(s(10) + k * s(20))
        h.run(s(10) + n * s(20))
        const { uplinks, downlinks } = h.observe()
        expect(uplinks).toHaveLength(n)
        const snr = snrDb(uplinks[0]!.powerDbm! + h.linkGainDb(), 125_000)
        expect(adrDecision(h.region, { dr: 0, txPowerIndex: 0, snrHistory: Array(20).fill(snr), maxDr: 5 }), "precondition: ADR has nothing to change").toEqual({ dr: 0, txPowerIndex: 0 })
        expect(backoffOracle(h.region, n, 0, (_k, req) => req).req).toEqual([])
        expect(downlinks.map((d) => answered(uplinks, d))).toEqual([])
        expect(new Set(uplinks.map((u) => u.sf))).toEqual(new Set([12]))
      })

      it("with no downlink at all, the DR steps down one every ADR_ACK_DELAY uplinks from ADR_ACK_LIMIT + ADR_ACK_DELAY on (adrAckBackoff)", () => {
        const n = 140
        const { h, ups } = joinedAtDr5(true, n)
        expect(ups).toHaveLength(n)
        const want = backoffOracle(h.region, n, 5, () => false)
        expect(new Set(want.dr).size).toBeGreaterThanOrEqual(3)
        const steps = (sfs: readonly number[]): string[] => sfs.flatMap((sf, k) => (k > 0 && sf !== sfs[k - 1] ? [`uplink ${k + 1}: SF${sfs[k - 1]}→SF${sf}`] : []))
        expect(steps(ups.map((u) => u.sf)), "where the DR steps down").toEqual(steps(want.dr.map((dr) => sfOfDr(h.region, dr))))
        expect(ups.map((u) => u.sf)).toEqual(want.dr.map((dr) => sfOfDr(h.region, dr)))
      })
    })

    describe("regions: RX1 carrier and DR", () => {
      for (const [region, dr] of [["EU868", 3], ["US915", 0], ["US915", 2]] as const) {
        it(`${region}, uplink DR${dr}: each ACK comes in RX1 on rx1FrequencyHz(channel) at rx1Dr(DR, 0)`, () => {
          const h = world({ region, dr, payloadBytes: 8 }) // US915 DR0 carries at most 11 bytes
          for (let k = 0; k < 4; k++) h.message(s(10) + k * minutes(1))
          h.run(minutes(5))
          const { uplinks, downlinks } = h.observe()
          expect(uplinks).toHaveLength(4)
          expect(downlinks).toHaveLength(4)
          const d1 = h.region.rx1Dr(dr, 0)
          const rx1 = h.region.dataRates[d1]
          if (rx1 === undefined || rx1.modulation !== "lora") throw new Error("RX1 DR is not LoRa")
          downlinks.forEach((d, k) => {
            const u = uplinks[k]!
            expect(u.sf).toBe(sfOfDr(h.region, dr))
            expect([d.start - u.end, d.freqHz, d.sf, d.bwHz]).toEqual([rxWindowDelaysUs(false).rx1, h.region.rx1FrequencyHz(channelIndex(h.region, u.freqHz), u.freqHz), rx1.sf, rx1.bandwidthHz])
          })
        })
      }
    })
  })
}
