import { describe, expect, it } from "vitest"
import { Medium, linkTable, timeOnAirUs } from "../../radio/index.ts"
import { Simulation, type ProcessBody } from "../../sim/index.ts"
import { Device } from "../../stack/device.ts"
import { AF_LORA, LoRa, LoraSocket, SOCK_RAW, STATS_FIELDS } from "../../stack/lora/index.ts"
import { ErrnoError, OSError, TimeoutError, ValueError } from "../../stack/usocket/errors.ts"

function setup(loss = 100, names = ["a", "b"]) {
  const sim = new Simulation({ seed: 1, trace: { sink: { kind: "memory" } }, onProcessError: "record" })
  const links: [string, string, number][] = []
  for (const x of names) for (const y of names) if (x < y) links.push([x, y, loss])
  Medium.of(sim, { propagation: linkTable(links) })
  const devs = names.map((n, i) => new Device(sim, n, { profile: "pycom", position: { x: i * 100, y: 0 } }))
  return { sim, devs }
}

function run<T>(sim: Simulation, body: () => ProcessBody<T>, node = "a"): { get: () => T; error: () => unknown } {
  const p = sim.spawn(body, { node })
  return { get: () => p.result as T, error: () => p.error }
}

describe("network.LoRa construction (docs/models.md §1.2)", () => {
  it("has the firmware defaults: raw mode, EU868 868 MHz, 14 dBm, BW125, SF7, 4/5, preamble 8, public", () => {
    const { devs } = setup()
    const l = new LoRa(devs[0]!)
    expect(l.settings).toMatchObject({ mode: LoRa.LORA, region: LoRa.EU868, frequency: 868_000_000, tx_power: 14, bandwidth: 0, sf: 7, coding_rate: 1, preamble: 8, power_mode: LoRa.ALWAYS_ON, tx_iq: false, rx_iq: false, public: true, tx_retries: 2 })
    expect(new LoRa(devs[1]!, { region: LoRa.US915 }).settings).toMatchObject({ frequency: 915_000_000, tx_power: 20 })
  })

  it("raises the firmware's ValueError texts", () => {
    const { devs } = setup()
    const d = devs[0]!
    const err = (args: object) => {
      try {
        new LoRa(d, args)
      } catch (e) {
        return [(e as Error).name, (e as Error).message]
      }
      return undefined
    }
    expect(err({ mode: 3 })).toEqual(["ValueError", "invalid mode 3"])
    expect(err({ region: 42 })).toEqual(["ValueError", "invalid region 42"])
    expect(err({ frequency: 900_000_000 })).toEqual(["ValueError", "frequency 900000000 out of range"])
    expect(err({ tx_power: 21 })).toEqual(["ValueError", "Tx power 21 out of range"])
    expect(err({ bandwidth: 3 })).toEqual(["ValueError", "bandwidth 3 not supported"])
    expect(err({ sf: 5 })).toEqual(["ValueError", "spreading factor 5 out of range"])
    expect(err({ coding_rate: 0 })).toEqual(["ValueError", "coding rate 0 out of range"])
    expect(err({ power_mode: 7 })).toEqual(["ValueError", "invalid power mode 7"])
    expect(err({ id: 1 })).toEqual(["OSError", "resource not available"])
    expect(new LoRa(d, { sf: 6 }).sf()).toBe(6) // code accepts SF6 (docs say 7..12)
  })

  it("stats() fields are in firmware order and airtime() is the driver's ms", () => {
    const { devs } = setup()
    const l = new LoRa(devs[0]!, { sf: 12 })
    expect(Object.keys(l.stats())).toEqual([...STATS_FIELDS])
    expect(STATS_FIELDS.slice(3, 5)).toEqual(["sfrx", "sftx"])
    expect(l.airtime(13)).toBe(1156)
  })

  it("LoRaWAN mode is not available until its issue registers it", () => {
    const { devs } = setup()
    expect(() => new LoRa(devs[0]!, { mode: LoRa.LORAWAN })).toThrow(OSError)
  })
})

describe("AF_LORA raw socket (docs/models.md §1.4)", () => {
  it("sends peer to peer: blocking send lasts the time on air, the peer's recv gets it, events fire", () => {
    const { sim, devs } = setup()
    const la = new LoRa(devs[0]!, { frequency: 868_100_000 })
    const lb = new LoRa(devs[1]!, { frequency: 868_100_000 })
    const events: number[] = []
    lb.callback(LoRa.RX_PACKET_EVENT, (arg) => events.push((arg as LoRa).events()))
    const sa = devs[0]!.socket(AF_LORA, SOCK_RAW) as LoraSocket
    const sb = devs[1]!.socket(AF_LORA, SOCK_RAW) as LoraSocket
    let sentAt = 0
    const tx = run(sim, function* () {
      const n = yield* sa.send(new Uint8Array([1, 2, 3]))
      sentAt = sim.now
      return n
    })
    const rx = run(sim, function* () {
      return yield* sb.recvfrom(64)
    }, "b")
    sim.run()
    const toa = timeOnAirUs(3, { sf: 7, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: true })
    expect(tx.get()).toBe(3)
    expect(sentAt).toBe(1000 + toa) // 1 ms listen-before-talk, then the frame
    expect([...rx.get()[0]]).toEqual([1, 2, 3])
    expect(events).toEqual([LoRa.RX_PACKET_EVENT])
    expect(lb.stats()).toMatchObject({ rssi: -86, sfrx: 7, rx_timestamp: sentAt })
    expect(la.stats()).toMatchObject({ sftx: 7, tx_counter: 1, tx_power: 14, tx_frequency: 868_100_000, tx_time_on_air: Math.ceil(toa / 1000) })
  })

  it("limits: > 255 B → EMSGSIZE (newlib 122), empty → 0, closed → EBADF, SLEEP → ENETDOWN", () => {
    const { sim, devs } = setup()
    const l = new LoRa(devs[0]!)
    const s = devs[0]!.socket(AF_LORA, SOCK_RAW) as LoraSocket
    const big = run(sim, function* () {
      return yield* s.send(new Uint8Array(256))
    })
    const empty = run(sim, function* () {
      return yield* s.send(new Uint8Array(0))
    })
    sim.run()
    expect(big.error()).toBeInstanceOf(ErrnoError)
    expect((big.error() as OSError).errno).toBe(122)
    expect(empty.get()).toBe(0)
    l.power_mode(LoRa.SLEEP)
    const slept = run(sim, function* () {
      return yield* s.send("hi")
    })
    sim.run()
    expect((slept.error() as OSError).errno).toBe(115)
    s.close()
    expect(() => s.setblocking(false)).toThrow(/\[Errno 9\]/)
  })

  it("recv: b'' when non-blocking and empty, TimeoutError after a timeout, partial reads keep the tail", () => {
    const { sim, devs } = setup()
    new LoRa(devs[0]!)
    new LoRa(devs[1]!)
    const sa = devs[0]!.socket(AF_LORA, SOCK_RAW) as LoraSocket
    const sb = devs[1]!.socket(AF_LORA, SOCK_RAW) as LoraSocket
    sb.setblocking(false)
    const nb = run(sim, function* () {
      return yield* sb.recv(10)
    }, "b")
    sim.run()
    expect(nb.get()).toEqual(new Uint8Array(0))
    sb.settimeout(0.5)
    const to = run(sim, function* () {
      return yield* sb.recv(10)
    }, "b")
    sim.run()
    expect(to.error()).toBeInstanceOf(TimeoutError)
    expect((to.error() as OSError).args).toEqual(["timed out"])
    run(sim, function* () {
      yield* sa.send(new Uint8Array([1, 2, 3, 4, 5]))
    })
    sim.run()
    sb.setblocking(true)
    const parts = run(sim, function* () {
      const x = yield* sb.recv(2)
      const y = yield* sb.recv(10)
      return [[...x], [...y]]
    }, "b")
    sim.run()
    expect(parts.get()).toEqual([[1, 2], [3, 4, 5]])
  })

  it("the RX queue is 7 deep: the 8th unread packet is dropped", () => {
    const { sim, devs } = setup()
    new LoRa(devs[0]!)
    new LoRa(devs[1]!)
    const sa = devs[0]!.socket(AF_LORA, SOCK_RAW) as LoraSocket
    const sb = devs[1]!.socket(AF_LORA, SOCK_RAW) as LoraSocket
    run(sim, function* () {
      for (let i = 0; i < 9; i++) yield* sa.send(new Uint8Array([i]))
    })
    sim.run()
    sb.setblocking(false)
    const got = run(sim, function* () {
      const out: number[] = []
      for (;;) {
        const b = yield* sb.recv(8)
        if (b.length === 0) return out
        out.push(b[0]!)
      }
    }, "b")
    sim.run()
    expect(got.get()).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(sim.trace.lines.filter((l) => l.includes("lora.rxq.drop"))).toHaveLength(2)
  })

  it("listen-before-talk holds a send while the channel is busy above −85 dBm; ischannel_free senses", () => {
    const { sim, devs } = setup(90, ["a", "b", "c"])
    const la = new LoRa(devs[0]!)
    new LoRa(devs[1]!)
    new LoRa(devs[2]!, { sf: 12 })
    const sb = devs[1]!.socket(AF_LORA, SOCK_RAW) as LoraSocket
    const sc = devs[2]!.socket(AF_LORA, SOCK_RAW) as LoraSocket
    let cEnd = 0
    run(sim, function* () {
      yield* sc.send(new Uint8Array(20)) // SF12, long; −76 dBm at b
      cEnd = sim.now
    }, "c")
    let bStart = -1
    run(sim, function* () {
      yield* sb.send(new Uint8Array(1))
      bStart = sim.now
    }, "b")
    const free = run(sim, function* () {
      return yield* la.ischannel_free(-90, 5)
    }, "a")
    sim.run()
    expect(bStart).toBeGreaterThan(cEnd)
    expect(sim.trace.lines.some((l) => l.includes("lora.lbt.busy"))).toBe(true)
    expect(free.get()).toBe(false)
  })

  it("the command queue is 7 deep: a non-blocking 8th send → EAGAIN, with a timeout → TimeoutError", () => {
    const { sim, devs } = setup()
    new LoRa(devs[0]!, { sf: 12 })
    const s = devs[0]!.socket(AF_LORA, SOCK_RAW) as LoraSocket
    s.setblocking(false)
    const nb = run(sim, function* () {
      const out: number[] = []
      for (let i = 0; i < 7; i++) out.push(yield* s.send(new Uint8Array([i])))
      return out
    })
    sim.run({ until: 10 })
    expect(nb.get()).toEqual([1, 1, 1, 1, 1, 1, 1])
    const eighth = run(sim, function* () {
      return yield* s.send(new Uint8Array([8]))
    })
    sim.run({ until: 20 })
    expect((eighth.error() as OSError).errno).toBe(11)
    sim.run({ until: 2000 }) // after 1 ms of LBT the first frame leaves the queue (SF12: on air ~1 s)
    const refill = run(sim, function* () {
      return yield* s.send(new Uint8Array([8]))
    })
    sim.run({ until: 2010 })
    expect(refill.get()).toBe(1)
    s.settimeout(0.01)
    const timed = run(sim, function* () {
      return yield* s.send(new Uint8Array([9]))
    })
    sim.run({ until: 50_000 })
    expect(timed.error()).toBeInstanceOf(TimeoutError)
    s.settimeout(null)
    const blocking = run(sim, function* () {
      return yield* s.send(new Uint8Array([10]))
    })
    sim.run()
    expect(blocking.get()).toBe(1)
  })

  it("socket() needs SOCK_RAW and an initialised LoRa", () => {
    const { devs } = setup()
    expect(() => devs[0]!.socket(AF_LORA, SOCK_RAW)).toThrow(/\[Errno 115\]/)
    new LoRa(devs[0]!)
    expect(() => devs[0]!.socket(AF_LORA, 2)).toThrow("incorrect socket type")
    expect(() => new LoRa(devs[0]!, { sf: 13 })).toThrow(ValueError)
  })
})
