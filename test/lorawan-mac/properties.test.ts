/**
 * Protocol properties of the class A MAC and the network server (issue 5 §7),
 * checked with fast-check over random traffic, link losses, reboots and replays.
 */
import { describe, expect } from "vitest"
import { fc, test } from "@fast-check/vitest"
import lpModule from "lora-packet"
import { timeOnAirUs } from "../../radio/index.ts"
import { minutes, s, type Simulation } from "../../sim/index.ts"
import { EU868, decodePhyPayload, type DataFrame } from "../../stack/lorawan/index.ts"
import { ClassADevice, cloneSession, type MacSession } from "../../stack/lorawan/mac/index.ts"
import { APP, APPEUI, APPKEY, NWK, device, devEui, net, type DeviceLog } from "./net.ts"

const lp = lpModule as unknown as typeof lpModule.default

/** A scripted uplink: when (s), confirmed, size; the link may be cut for a while. */
const traffic = fc.array(fc.record({ gapS: fc.integer({ min: 1, max: 90 }), confirmed: fc.boolean(), len: fc.integer({ min: 0, max: 40 }), deaf: fc.boolean() }), { minLength: 3, maxLength: 12 })

/** Sends each step's uplink after its gap; `deaf` drops everything the device would receive during that step. */
function drive(sim: Simulation, getMac: () => ClassADevice, steps: { gapS: number; confirmed: boolean; len: number; deaf: boolean }[], onStep?: (i: number) => void): { deaf: boolean } {
  const st = { deaf: false }
  let t = 0
  steps.forEach((step, i) => {
    t += s(step.gapS) + s(30)
    sim.schedule(t, () => {
      st.deaf = step.deaf
      onStep?.(i)
      getMac().send({ fport: 1 + (i % 5), payload: new Uint8Array(step.len).fill(i), confirmed: step.confirmed, dr: 5 })
    })
  })
  return st
}

function deafen(mac: ClassADevice, st: { deaf: boolean }): void {
  const h = mac.radio.handler
  const orig = h.onFrame!.bind(h)
  h.onFrame = (f, r) => {
    if (!st.deaf) orig(f, r)
  }
}

function fcntOf(payload: Uint8Array): number {
  return (decodePhyPayload(payload) as DataFrame).fcnt
}

describe("class A properties", () => {
  test.prop([traffic, fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 3 }), fc.integer({ min: 1, max: 1000 })], { numRuns: 15 })(
    "FCnt strictly increases across uplinks and reboots with nvram; retransmissions keep it",
    (steps, reboots, seed) => {
      const { sim, medium, ns } = net({ seed })
      ns.registerAbp(devEui(0), 0x77, { nwkSKey: NWK, appSKey: APP })
      const first = device(sim, medium, "d0")
      let mac = first.mac
      const log = first.log
      mac.joinAbp({ devAddr: 0x77, nwkSKey: NWK, appSKey: APP })
      let nvram: MacSession = cloneSession(mac.session)
      const listener = mac.listener
      const saveAfter = listener.onUplinkDone!
      listener.onUplinkDone = (r) => {
        saveAfter(r)
        nvram = cloneSession(mac.session) // the firmware saves after each send
      }
      const st = drive(sim, () => mac, steps, (i) => {
        if (reboots.includes(i) && mac.idle) {
          mac.stop()
          mac = new ClassADevice(sim, { region: EU868, radio: mac.radio, listener, session: cloneSession(nvram) })
          deafen(mac, st)
        }
      })
      deafen(mac, st)
      sim.run({ until: minutes(40) })
      // per transmission: FCnt never goes down; equal only for tries of the same uplink
      const fcnts = log.txs.map((t) => fcntOf(t.payload))
      for (let i = 1; i < fcnts.length; i++) expect(fcnts[i]!).toBeGreaterThanOrEqual(fcnts[i - 1]!)
      const done = log.results.map((r) => r.fcnt)
      for (let i = 1; i < done.length; i++) expect(done[i]!).toBeGreaterThan(done[i - 1]!)
      expect(log.txs.length).toBe(log.results.reduce((a, r) => a + r.tries, 0))
    },
  )

  test.prop([traffic, fc.integer({ min: 1, max: 1000 })], { numRuns: 15 })("a confirmed uplink is acknowledged at most once, and every ACK falls in RX1 or RX2", (steps, seed) => {
    const { sim, medium, ns } = net({ seed })
    ns.registerAbp(devEui(0), 0x78, { nwkSKey: NWK, appSKey: APP })
    const { mac, log } = device(sim, medium, "d0")
    mac.joinAbp({ devAddr: 0x78, nwkSKey: NWK, appSKey: APP })
    const acks = new Map<number, number>()
    const ackTimes: number[] = []
    const onRx = mac.listener.onRx!
    mac.listener.onRx = (f) => {
      onRx(f)
      const df = decodePhyPayload(f.payload) as DataFrame
      if (!df.fctrl.ack) return
      const last = log.txs[log.txs.length - 1]!
      const up = fcntOf(last.payload)
      acks.set(up, (acks.get(up) ?? 0) + 1)
      ackTimes.push(f.startUs - last.end)
    }
    const st = drive(sim, () => mac, steps)
    deafen(mac, st)
    sim.run({ until: minutes(40) })
    for (const n of acks.values()) expect(n).toBe(1)
    for (const dt of ackTimes) expect([mac.session.rx1DelayUs, mac.session.rx1DelayUs + s(1)]).toContain(dt)
    const acked = log.results.filter((r) => r.acked).length
    expect(acks.size).toBe(acked)
  })

  test.prop([fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 5, maxLength: 20 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 1000 })], { numRuns: 15 })(
    "with duty-cycle enforcement on, no device transmits while its band is closed",
    (gapsS, dr, seed) => {
      const { sim, medium } = net({ seed })
      const { mac, log } = device(sim, medium, "d0", { dutyCycle: true })
      mac.joinAbp({ devAddr: 0x79, nwkSKey: NWK, appSKey: APP })
      let t = 0
      for (const g of gapsS) {
        t += s(g)
        sim.schedule(t, () => mac.send({ fport: 1, payload: new Uint8Array(20), confirmed: false, dr }))
      }
      sim.run({ until: minutes(60) })
      expect(log.txs.length).toBe(gapsS.length)
      const bands = EU868.subBands
      const bandOf = (f: number) => bands.findIndex((b) => (b.minInclusive ? f >= b.minHz : f > b.minHz) && f <= b.maxHz)
      const lastIn = new Map<number, { start: number; end: number }>()
      for (const tx of log.txs) {
        const b = bandOf(tx.freq)
        const prev = lastIn.get(b)
        if (prev !== undefined) expect(tx.start).toBeGreaterThanOrEqual(prev.start + (prev.end - prev.start) * bands[b]!.dCycle)
        lastIn.set(b, tx)
      }
    },
  )
})

describe("network server properties", () => {
  test.prop([traffic, fc.integer({ min: 1, max: 3 }), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 4 }), fc.integer({ min: 1, max: 1000 })], { numRuns: 12 })(
    "never delivers a duplicate or a replay to the application",
    (steps, gwCount, replays, seed) => {
      const gateways = Array.from({ length: gwCount }, (_, i) => `gw${i}`)
      const { sim, medium, ns } = net({ seed, gateways, devices: ["d0", "evil"] })
      ns.registerAbp(devEui(0), 0x7a, { nwkSKey: NWK, appSKey: APP })
      const { mac, log } = device(sim, medium, "d0")
      const evil = device(sim, medium, "evil")
      mac.joinAbp({ devAddr: 0x7a, nwkSKey: NWK, appSKey: APP })
      const seen: number[] = []
      ns.app.onUplink((u) => seen.push(u.fcnt))
      const st = drive(sim, () => mac, steps)
      deafen(mac, st)
      // the attacker re-plays recorded uplinks later
      replays.forEach((k, j) => {
        sim.schedule(minutes(25) + s(20 * j), () => {
          const tx = log.txs[k % Math.max(1, log.txs.length)]
          if (tx === undefined || evil.mac.radio.transmitting !== undefined) return
          evil.mac.radio.transmit({ sf: tx.sf, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: true, freqHz: tx.freq, txPowerDbm: 14, payload: tx.payload, syncWord: 0x34, iqInverted: false })
        })
      })
      sim.run({ until: minutes(40) })
      for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!)
      expect(new Set(seen).size).toBe(seen.length)
    },
  )
})

describe("lora-packet cross-check of emitted frames", () => {
  test.prop([fc.integer({ min: 1, max: 1000 })], { numRuns: 5 })("every frame on the air (join, uplinks, downlinks with MAC commands) decodes and MIC-verifies in lora-packet", (seed) => {
    const { sim, medium, ns } = net({ seed, devices: ["d5"] })
    ns.registerOtaa(devEui(5), APPEUI, APPKEY)
    const { mac } = device(sim, medium, "d5", {}, EU868)
    const frames: Uint8Array[] = []
    const t0 = medium.transmit.bind(medium)
    medium.transmit = (sender, req) => {
      frames.push(req.payload)
      return t0(sender, req)
    }
    mac.joinOtaa({ devEui: devEui(5), appEui: APPEUI, appKey: APPKEY }, 5)
    ns.app.onUplink((u, app) => app.queueDownlink(u.devEui, 9, Uint8Array.of(1, 2, 3)))
    sim.schedule(s(30), () => {
      ns.queueMacCommand([...ns.devices.keys()][0]!, { type: "DevStatusReq" })
      mac.requestLinkCheck()
    })
    for (let i = 0; i < 4; i++) sim.schedule(s(30 + 60 * i), () => mac.send({ fport: 2, payload: Uint8Array.of(i), confirmed: i % 2 === 0, dr: 5 }))
    sim.run({ until: minutes(6) })
    const dev = [...ns.devices.values()][0]!
    expect(frames.length).toBeGreaterThanOrEqual(10)
    for (const f of frames) {
      const p = lp.fromWire(Buffer.from(f))
      const t = p.getMType()
      if (t === "Join Request") expect(lp.verifyMIC(p, undefined, Buffer.from(APPKEY))).toBe(true)
      else if (t === "Join Accept") {
        const plain = lp.fromWire(lp.decryptJoinAccept(p, Buffer.from(APPKEY)))
        expect(lp.verifyMIC(plain, undefined, Buffer.from(APPKEY))).toBe(true)
      } else expect(lp.verifyMIC(p, Buffer.from(dev.keys.nwkSKey)), t).toBe(true)
    }
    void timeOnAirUs
    void ({} as DeviceLog)
  })
})
