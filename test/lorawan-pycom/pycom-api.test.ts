import { describe, expect, it } from "vitest"
import { minutes, s, sleep } from "../../sim/index.ts"
import { Device } from "../../stack/device.ts"
import { AF_LORA, LoRa, SOCK_RAW, SOL_LORA, SO_CONFIRMED, SO_DR } from "../../stack/lora/index.ts"
import { ErrnoError, OSError, TimeoutError, ValueError } from "../../stack/usocket/errors.ts"
import { toHex } from "../../stack/lorawan/index.ts"
import "../../stack/lorawan/pycom/index.ts"
import type { LoRaWanSocket } from "../../stack/lorawan/pycom/index.ts"
import { APP_EUI, APP_KEY, program, pycomWorld } from "./world.ts"

const code = (e: unknown) => (e instanceof ErrnoError ? e.code : e instanceof TimeoutError ? "TimeoutError" : String(e))

describe("Pycom LoRa in LORAWAN mode: join", () => {
  it("join(OTAA, timeout=None) blocks until joined; has_joined() then true", () => {
    const { sim, lora } = pycomWorld()
    let joinedAt = -1
    const p = program(sim, function* () {
      expect(lora.has_joined()).toBe(false)
      yield* lora.join(LoRa.OTAA, { auth: [APP_EUI, APP_KEY] })
      joinedAt = sim.now
    })
    sim.run({ until: minutes(1) })
    expect(p.error).toBeUndefined()
    expect(lora.has_joined()).toBe(true)
    expect(joinedAt).toBeGreaterThan(s(5))
  })

  it("timeout=0 returns at once; a timeout with no network raises TimeoutError; bad arguments raise ValueError", () => {
    const { sim, lora } = pycomWorld({ gateway: false })
    const seen: string[] = []
    const p = program(sim, function* () {
      yield* lora.join(LoRa.OTAA, { auth: [APP_EUI, APP_KEY], timeout: 0 })
      seen.push(`t0 ${sim.now} ${lora.has_joined()}`)
      try {
        yield* lora.join(LoRa.OTAA, { auth: [APP_EUI, APP_KEY], timeout: 20_000 })
      } catch (e) {
        seen.push(`${code(e)} ${sim.now}`)
      }
      for (const f of [() => lora.join(7, { auth: [] }), () => lora.join(LoRa.OTAA, { auth: [APP_EUI, APP_KEY], dr: 6 })]) {
        try {
          yield* f()
        } catch (e) {
          seen.push(e instanceof ValueError ? e.message : "other")
        }
      }
    })
    sim.run({ until: minutes(1) })
    expect(p.error).toBeUndefined()
    expect(seen).toEqual(["t0 0 false", `TimeoutError ${s(20)}`, "invalid activation type 7", "invalid join data rate 6"])
  })

  it("join on a raw-mode LoRa is 'not possible'", () => {
    const { sim } = pycomWorld()
    const d = new Device(sim, "raw", { profile: "pycom" })
    const raw = new LoRa(d, { mode: LoRa.LORA })
    const p = program(sim, function* () {
      yield* raw.join(LoRa.ABP, { auth: [1, new Uint8Array(16), new Uint8Array(16)] })
    })
    sim.run({ until: s(1) })
    expect(p.error).toBeInstanceOf(OSError)
    expect((p.error as OSError).message).toContain("not possible")
  })
})

describe("Pycom LoRaWAN socket", () => {
  it("ENETDOWN before joining; bind/setsockopt limits", () => {
    const { sim, socket } = pycomWorld()
    const s0 = socket()
    const errs: string[] = []
    const p = program(sim, function* () {
      try {
        yield* s0.send(Uint8Array.of(1))
      } catch (e) {
        errs.push(code(e))
      }
    })
    for (const f of [() => s0.bind(225), () => s0.setsockopt(SOL_LORA, SO_DR, 7), () => s0.setsockopt(1, SO_CONFIRMED, 1)]) {
      try {
        f()
      } catch (e) {
        errs.push(code(e))
      }
    }
    sim.run({ until: s(1) })
    expect(p.error).toBeUndefined()
    expect(errs).toEqual(["EOPNOTSUPP", "EOPNOTSUPP", "EOPNOTSUPP", "ENETDOWN"])
  })

  it("confirmed send blocks for the cycle and returns len; the application's downlink arrives with its port", () => {
    const { sim, lora, socket, ns } = pycomWorld()
    ns.app.onUplink((u, app) => app.queueDownlink(u.devEui, 42, Uint8Array.of(0xca, 0xfe)))
    const events: number[] = []
    lora.callback(LoRa.RX_PACKET_EVENT | LoRa.TX_PACKET_EVENT | LoRa.TX_FAILED_EVENT, (l) => events.push((l as LoRa).events()))
    let got: [Uint8Array, number] | undefined
    const p = program(sim, function* () {
      yield* lora.join(LoRa.OTAA, { auth: [APP_EUI, APP_KEY] })
      const so = socket()
      so.bind(3)
      so.setsockopt(SOL_LORA, SO_CONFIRMED, true)
      expect(yield* so.send("hello")).toBe(5)
      so.setsockopt(SOL_LORA, SO_CONFIRMED, false)
      expect(yield* so.send("again")).toBe(5)
      so.setblocking(false)
      got = yield* so.recvfrom(64)
    })
    sim.run({ until: minutes(2) })
    expect(p.error).toBeUndefined()
    expect(got![1]).toBe(42)
    expect(toHex(got![0])).toBe("cafe")
    expect(events.some((e) => (e & LoRa.RX_PACKET_EVENT) !== 0)).toBe(true)
    expect(events.some((e) => (e & LoRa.TX_PACKET_EVENT) !== 0)).toBe(true)
  })

  it("EMSGSIZE over the DR's limit, and the empty frame still goes out", () => {
    const { sim, lora, socket } = pycomWorld()
    const txLens: number[] = []
    const p = program(sim, function* () {
      yield* lora.join(LoRa.OTAA, { auth: [APP_EUI, APP_KEY] })
      const so = socket()
      so.setsockopt(SOL_LORA, SO_DR, 0)
      const before = sim.trace.lines.length
      try {
        yield* so.send(new Uint8Array(52))
      } catch (e) {
        txLens.push(code(e) === "EMSGSIZE" ? -1 : -2)
      }
      yield* sleep(s(10))
      for (const l of sim.trace.lines.slice(before)) if (l.includes('"lora.tx"') && l.includes('"node":"lopy"')) txLens.push(JSON.parse(l).len as number)
    })
    sim.run({ until: minutes(1) })
    expect(p.error).toBeUndefined()
    expect(txLens).toEqual([-1, 12])
  })

  it("confirmed with no ACK: EAGAIN when blocking, TimeoutError with a timeout; TX_FAILED_EVENT", () => {
    const { sim, lora, socket } = pycomWorld({ gateway: false })
    const errs: string[] = []
    let flags = 0
    lora.callback(LoRa.TX_FAILED_EVENT, (l) => (flags |= (l as LoRa).events()))
    const p = program(sim, function* () {
      yield* lora.join(LoRa.ABP, { auth: [0x26000001, new Uint8Array(16), new Uint8Array(16)] })
      const so = socket()
      so.setsockopt(SOL_LORA, SO_CONFIRMED, 1)
      for (const t of [null, 120]) {
        so.settimeout(t)
        try {
          yield* so.send("x")
        } catch (e) {
          errs.push(code(e))
        }
      }
    })
    sim.run({ until: minutes(3) })
    expect(p.error).toBeUndefined()
    expect(errs).toEqual(["EAGAIN", "TimeoutError"])
    expect(flags & LoRa.TX_FAILED_EVENT).toBeTruthy()
  })

  it("non-blocking send returns len at once; recv with nothing is b''", () => {
    const { sim, lora, socket } = pycomWorld()
    const out: unknown[] = []
    const p = program(sim, function* () {
      yield* lora.join(LoRa.ABP, { auth: [0x26000002, new Uint8Array(16), new Uint8Array(16)] })
      const so = socket()
      so.setblocking(false)
      const t0 = sim.now
      out.push(yield* so.send("abc"), sim.now - t0, (yield* so.recv(10)).length)
    })
    sim.run({ until: s(30) })
    expect(p.error).toBeUndefined()
    expect(out).toEqual([3, 0, 0])
  })
})

describe("nvram", () => {
  it("the session survives a reboot: joined, FCnt continues", () => {
    const { sim, lora, socket, dev, ns } = pycomWorld()
    const fcnts: number[] = []
    ns.app.onUplink((u) => fcnts.push(u.fcnt))
    const p = program(sim, function* () {
      yield* lora.join(LoRa.OTAA, { auth: [APP_EUI, APP_KEY] })
      const so = socket()
      for (let i = 0; i < 3; i++) {
        yield* so.send(Uint8Array.of(i))
        lora.nvram_save()
        yield* sleep(s(20))
      }
      // reboot: a new LoRa object on the same board
      const lora2 = new LoRa(dev, { mode: LoRa.LORAWAN, region: LoRa.EU868 })
      expect(lora2.has_joined()).toBe(false)
      lora2.nvram_restore()
      expect(lora2.has_joined()).toBe(true)
      const so2 = dev.socket(AF_LORA, SOCK_RAW) as LoRaWanSocket
      yield* so2.send(Uint8Array.of(9))
      lora2.nvram_erase()
      const lora3 = new LoRa(dev, { mode: LoRa.LORAWAN, region: LoRa.EU868 })
      lora3.nvram_restore()
      expect(lora3.has_joined()).toBe(false)
    })
    sim.run({ until: minutes(3) })
    expect(p.error).toBeUndefined()
    expect(fcnts).toEqual([0, 1, 2, 3])
  })
})

describe("stats() in LORAWAN mode", () => {
  it("reports DRs in sftx/sfrx and the tries of the last uplink in tx_trials", () => {
    const { sim, lora, socket } = pycomWorld({ gateway: false })
    const p = program(sim, function* () {
      yield* lora.join(LoRa.ABP, { auth: [0x26000003, new Uint8Array(16), new Uint8Array(16)] })
      const so = socket()
      so.setsockopt(SOL_LORA, SO_DR, 4)
      so.setsockopt(SOL_LORA, SO_CONFIRMED, true)
      try {
        yield* so.send("x")
      } catch {
        // no ACK: EAGAIN
      }
    })
    sim.run({ until: minutes(2) })
    expect(p.error).toBeUndefined()
    const st = lora.stats()
    expect(st.tx_trials).toBe(3) // tx_retries 2 → 3 tries
    expect(st.sftx).toBe(3) // DR4, DR4, then DR3 on the 3rd try
  })
})

describe("add_channel / remove_channel", () => {
  it("adds and removes EU868 channels with the firmware's checks; uplinks then use only enabled channels", () => {
    const { sim, lora, socket } = pycomWorld()
    const errs: string[] = []
    for (const f of [
      () => lora.add_channel(16, { frequency: 867_100_000, dr_min: 0, dr_max: 5 }),
      () => lora.add_channel(3, { frequency: 867_100_000, dr_min: 0, dr_max: 7 }),
      () => lora.add_channel(3, { frequency: 880_000_000, dr_min: 0, dr_max: 5 }),
    ]) {
      try {
        f()
      } catch (e) {
        errs.push((e as Error).message)
      }
    }
    expect(errs).toEqual(["channel 16 out of range", "invalid argument(s) value", "invalid argument(s) value"])
    lora.add_channel(3, { frequency: 867_100_000, dr_min: 0, dr_max: 5 })
    lora.add_channel(4, { frequency: 867_300_000, dr_min: 0, dr_max: 5 })
    lora.remove_channel(4)
    lora.remove_channel(0) // EU868 channels 0-2 are not removable: nothing happens
    const freqs = new Set<number>()
    const p = program(sim, function* () {
      yield* lora.join(LoRa.ABP, { auth: [0x26000004, new Uint8Array(16), new Uint8Array(16)] })
      const so = socket()
      for (let i = 0; i < 40; i++) {
        yield* so.send(Uint8Array.of(i))
        freqs.add(lora.stats().tx_frequency)
        yield* sleep(s(2))
      }
    })
    sim.run({ until: minutes(5) })
    expect(p.error).toBeUndefined()
    expect([...freqs].sort()).toEqual([867_100_000, 868_100_000, 868_300_000, 868_500_000])
  })
})
