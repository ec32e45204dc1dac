import { describe, expect, it } from "vitest"
import { Gateway, LORASIM, LoraRadio, Medium, SYNC_WORD_PRIVATE, timeOnAirUs, type LostFrame, type ReceivedFrame } from "../../radio/index.ts"
import { sleep } from "../../sim/index.ts"
import { recordingGateway, sender, tableWorld, uplink, world } from "./helpers.ts"

describe("capture (Goursaud matrix, 6 dB same-SF threshold)", () => {
  it("of two overlapping same-SF frames the one ≥ 6 dB stronger survives and the other is lost", () => {
    const { sim, medium } = tableWorld([["a", "gw", 100], ["b", "gw", 106]])
    const { got, lost } = recordingGateway(medium)
    const a = sender(medium, "a")
    const b = sender(medium, "b")
    a.transmit(uplink(9))
    sim.after(5000, () => b.transmit(uplink(9)))
    sim.run()
    expect(got.map((f) => f.transmitterId)).toEqual(["a"])
    expect(lost).toHaveLength(1)
    expect(lost[0]).toMatchObject({ transmitterId: "b", reason: "interference", interferers: ["a"] })
  })

  it("with less than 6 dB between them both are lost, each naming the other", () => {
    const { sim, medium } = tableWorld([["a", "gw", 100], ["b", "gw", 103]])
    const { got, lost } = recordingGateway(medium)
    sender(medium, "a").transmit(uplink(9))
    sender(medium, "b").transmit(uplink(9))
    sim.run()
    expect(got).toHaveLength(0)
    expect(lost.map((l) => [l.transmitterId, l.interferers])).toEqual([["a", ["b"]], ["b", ["a"]]])
  })

  it("different SFs at equal power both survive (SIR isolation ≤ −16 dB)", () => {
    const { sim, medium } = tableWorld([["a", "gw", 100], ["b", "gw", 100]])
    const { got } = recordingGateway(medium)
    sender(medium, "a").transmit(uplink(7))
    sender(medium, "b").transmit(uplink(10))
    sim.run()
    expect(got.map((f) => f.transmitterId).sort()).toEqual(["a", "b"])
  })

  it("any-overlap destroys both even with 30 dB between them", () => {
    const { sim, medium } = world({ propagation: { kind: "link-table", lossDb: new Map([["a/gw", 90], ["b/gw", 120]]), defaultLossDb: Infinity, sigmaDb: 0, source: "t" }, interference: "any-overlap" })
    const { got, lost } = recordingGateway(medium)
    sender(medium, "a").transmit(uplink(7))
    sender(medium, "b").transmit(uplink(7))
    sim.run()
    expect(got).toHaveLength(0)
    expect(lost.every((l) => l.reason === "interference")).toBe(true)
  })

  it("lorasim: an interferer that ends before the later frame's critical section does not collide", () => {
    const { sim, medium } = world({ propagation: { kind: "link-table", lossDb: new Map([["a/gw", 100], ["b/gw", 100]]), defaultLossDb: Infinity, sigmaDb: 0, source: "t" }, interference: "lorasim" })
    const { got } = recordingGateway(medium)
    const toa = timeOnAirUs(10, uplink(7))
    sender(medium, "a").transmit(uplink(7))
    // b starts 1 µs before a ends: a's tail overlaps only b's first preamble symbols
    sim.after(toa - 1, () => sender(medium, "b").transmit(uplink(7)))
    sim.run()
    expect(got.map((f) => f.transmitterId)).toEqual(["a", "b"])
  })
})

describe("reception rules and loss reasons", () => {
  it("below sensitivity: traced with the reason", () => {
    const { sim, medium } = tableWorld([["a", "gw", 14 + 131]]) // −131 dBm < −130 (SX1301 SF7)
    const { got, lost } = recordingGateway(medium)
    sender(medium, "a").transmit(uplink(7))
    sim.run()
    expect(got).toHaveLength(0)
    expect(lost[0]?.reason).toBe("below-sensitivity")
    expect(sim.trace.lines.some((l) => l.includes('"kind":"lora.lost"') && l.includes('"reason":"below-sensitivity"'))).toBe(true)
  })

  it("a gateway has 8 paths: the 9th simultaneous frame is lost with no-free-path", () => {
    const chans = [868_100_000, 868_300_000, 868_500_000]
    const links: [string, string, number][] = []
    for (let i = 0; i < 9; i++) links.push([`n${i}`, "gw", 100])
    const { sim, medium } = tableWorld(links)
    const { got, lost } = recordingGateway(medium, "gw", chans)
    for (let i = 0; i < 9; i++) sender(medium, `n${i}`).transmit(uplink(7 + (i % 3) * 2, 10, 14, chans[Math.floor(i / 3)]))
    sim.run()
    expect(got).toHaveLength(8)
    expect(lost.map((l) => [l.transmitterId, l.reason])).toEqual([["n8", "no-free-path"]])
  })

  it("an end device locks on one frame at a time (receiver-busy) and only on its SF and sync word", () => {
    const { sim, medium } = tableWorld([["a", "r", 100], ["b", "r", 100], ["c", "r", 100], ["d", "r", 100]])
    const got: ReceivedFrame[] = []
    const lost: LostFrame[] = []
    const r = new LoraRadio(medium, { id: "r", position: { x: 0, y: 0 }, rx: { freqsHz: [868_100_000], sf: 7, bwHz: 125_000, syncWord: 0x34, iqInverted: false }, handler: { onFrame: (f) => got.push(f), onLost: (l) => lost.push(l) } })
    r.listen(true)
    sender(medium, "a").transmit(uplink(7))
    sender(medium, "b").transmit(uplink(9)) // wrong SF (does not take the receiver)
    sender(medium, "c").transmit({ ...uplink(7), syncWord: SYNC_WORD_PRIVATE })
    sim.after(1000, () => sender(medium, "d").transmit(uplink(7)))
    sim.run()
    expect(lost.map((l) => [l.transmitterId, l.reason])).toEqual([
      ["b", "wrong-sf"],
      ["c", "wrong-sync-word"],
      ["d", "receiver-busy"],
      ["a", "interference"], // d at the same power overlaps a (same SF, 0 dB)
    ])
    expect(got).toHaveLength(0)
  })

  it("half-duplex: a radio transmitting cannot receive, and starting to transmit drops a reception", () => {
    const { sim, medium } = tableWorld([["a", "r", 100], ["r", "x", 100]])
    const lost: LostFrame[] = []
    const r = new LoraRadio(medium, { id: "r", position: { x: 0, y: 0 }, handler: { onLost: (l) => lost.push(l) } })
    r.listen(true)
    sender(medium, "a").transmit(uplink(7))
    sim.after(2000, () => r.transmit(uplink(7))) // drops a's frame
    sim.run()
    expect(lost.map((l) => [l.transmitterId, l.reason])).toEqual([["a", "half-duplex"]])
    // and while r transmits, a new frame is half-duplex too
    const t0 = sim.now
    r.transmit(uplink(7, 50))
    sim.after(1000, () => sender(medium, "x").transmit(uplink(7)))
    sim.run()
    expect(sim.now).toBeGreaterThan(t0)
    expect(lost.at(-1)).toMatchObject({ transmitterId: "x", reason: "half-duplex" })
  })

  it("wrong-channel is traced for a listener on another frequency", () => {
    const { sim, medium } = tableWorld([["a", "r", 100]])
    const r = new LoraRadio(medium, { id: "r", position: { x: 0, y: 0 }, rx: { freqsHz: [868_300_000], sf: 7, bwHz: 125_000, syncWord: 0x34, iqInverted: false } })
    r.listen(true)
    sender(medium, "a").transmit(uplink(7))
    sim.run()
    expect(sim.trace.lines.some((l) => l.includes('"reason":"wrong-channel"'))).toBe(true)
  })

  it("a receive window gets a frame that starts inside it, even if it ends after the window", () => {
    const { sim, medium } = tableWorld([["a", "r", 100], ["b", "r", 130]])
    const got: string[] = []
    const ends: boolean[] = []
    const r = new LoraRadio(medium, { id: "r", position: { x: 0, y: 0 }, handler: { onFrame: (f) => got.push(f.transmitterId), onRxWindowEnd: (_r, ok) => ends.push(ok) } })
    const cfg = { freqsHz: [868_100_000], sf: 7, bwHz: 125_000, syncWord: 0x34, iqInverted: false }
    r.openRxWindow(10_000, cfg, 5_000)
    sim.after(5_000, () => sender(medium, "b").transmit(uplink(7))) // starts before the window: not heard (30 dB weaker, so it does not destroy a)
    sim.after(14_000, () => sender(medium, "a").transmit(uplink(7))) // starts inside
    sim.run()
    expect(got).toEqual(["a"])
    expect(ends).toEqual([true])
    expect(r.listening).toBe(false)
    r.openRxWindow(sim.now + 1000, cfg, 1000)
    sim.run()
    expect(ends).toEqual([true, false])
  })

  it("a gateway schedules one downlink at a time and transmitting drops its receptions", () => {
    const { sim, medium } = tableWorld([["a", "gw", 100], ["gw", "d", 100]])
    const { gw, lost } = recordingGateway(medium)
    const d = new LoraRadio(medium, { id: "d", position: { x: 0, y: 0 }, rx: { freqsHz: [869_525_000], sf: 12, bwHz: 125_000, syncWord: 0x34, iqInverted: true } })
    const heard: ReceivedFrame[] = []
    d.handler = { onFrame: (f) => heard.push(f) }
    d.listen(true)
    const down = { ...uplink(12, 10, 14, 869_525_000), iqInverted: true }
    sender(medium, "a").transmit(uplink(7))
    expect(gw.transmitAt(1000, down)).toBe(true)
    expect(gw.transmitAt(2000, down)).toBe(false) // overlaps the first
    expect(gw.transmitAt(-1, down)).toBe(false)
    sim.run()
    expect(lost.map((l) => [l.transmitterId, l.reason])).toEqual([["a", "half-duplex"]])
    expect(heard.map((f) => [f.transmitterId, f.iqInverted])).toEqual([["gw", true]])
    expect(gw).toBeInstanceOf(Gateway)
  })
})

describe("determinism", () => {
  function run(seed: number): string[] {
    const { sim, medium } = world({}, seed)
    recordingGateway(medium)
    for (let i = 0; i < 30; i++) {
      const n = new LoraRadio(medium, { id: `n${i}`, position: { x: 100 * i, y: 50 } })
      const r = sim.rng(`t/${i}`)
      sim.after(Math.round(r.uniform(0, 1e6)), () => n.transmit(uplink(7 + (i % 6))))
    }
    sim.run()
    return sim.trace.lines
  }
  it("same seed ⇒ the same trace; shadowing changes with the seed", () => {
    expect(run(3)).toEqual(run(3))
    expect(run(3)).not.toEqual(run(4))
  })
})

describe("blocking helpers for later MAC layers", () => {
  it("send() blocks until TX done and receive() returns the frame of a window (or undefined)", () => {
    const { sim, medium } = tableWorld([["a", "r", 100]])
    const a = sender(medium, "a")
    const r = new LoraRadio(medium, { id: "r", position: { x: 0, y: 0 } })
    const cfg = { freqsHz: [868_100_000], sf: 7, bwHz: 125_000, syncWord: 0x34, iqInverted: false }
    let doneAt = -1
    sim.spawn(function* () {
      yield* sleep(100)
      yield* a.send(uplink(7))
      doneAt = sim.now
    })
    const got = sim.spawn(function* () {
      const first = yield* r.receive(0, cfg, 2_000)
      const second = yield* r.receive(sim.now + 10, cfg, 2_000)
      return [first?.transmitterId, second]
    })
    sim.run()
    expect(doneAt).toBe(100 + timeOnAirUs(10, uplink(7)))
    expect(got.result).toEqual(["a", undefined])
  })

  it("Medium.of refuses options once the medium exists", () => {
    const { sim } = tableWorld([])
    expect(() => Medium.of(sim, {})).toThrow(RangeError)
  })
})

describe("cross-SF isolation (Goursaud matrix)", () => {
  it("an SF7 frame survives an SF12 interferer up to 20 dB stronger and is lost beyond", () => {
    for (const [delta, survives] of [[19, true], [21, false]] as const) {
      const { sim, medium } = tableWorld([["a", "gw", 120], ["b", "gw", 120 - delta]])
      const { got } = recordingGateway(medium)
      sender(medium, "b").transmit(uplink(12, 30))
      sim.after(10_000, () => sender(medium, "a").transmit(uplink(7)))
      sim.run()
      expect(got.some((f) => f.transmitterId === "a")).toBe(survives)
      expect(got.some((f) => f.transmitterId === "b")).toBe(true) // SF12 wanted vs SF7: −36 dB isolation
    }
  })
})

describe("LoRaSim rules", () => {
  it("in the critical section the power rule decides: ≥ 6 dB stronger wins, closer both die", () => {
    for (const [delta, expected] of [[7, ["a"]], [5, []]] as const) {
      const { sim, medium } = world({ propagation: { kind: "link-table", lossDb: new Map([["a/gw", 100], ["b/gw", 100 + delta]]), defaultLossDb: Infinity, sigmaDb: 0, source: "t" }, interference: "lorasim" })
      const { got, lost } = recordingGateway(medium)
      sender(medium, "a").transmit(uplink(7))
      sim.after(2_000, () => sender(medium, "b").transmit(uplink(7)))
      sim.run()
      expect(got.map((f) => f.transmitterId)).toEqual(expected)
      expect(lost.every((l) => l.reason === "interference")).toBe(true)
    }
  })
})

describe("spatial index", () => {
  it("a frame only visits listeners within the model's maximum range (cell size), however many exist far away", () => {
    const { sim, medium } = world({ propagation: LORASIM })
    recordingGateway(medium)
    for (let i = 0; i < 500; i++) {
      const far = new LoraRadio(medium, { id: `far${i}`, position: { x: 1_000_000 + i * 10, y: 0 } })
      far.listen(true)
    }
    let calls = 0
    const orig = medium.propagation.lossDb.bind(medium.propagation)
    medium.propagation.lossDb = (...args) => {
      calls++
      return orig(...args)
    }
    sender(medium, "a", 50).transmit(uplink(7))
    sim.run()
    expect(medium.cellSizeM).toBeLessThan(100_000)
    expect(calls).toBe(1) // the gateway only
    expect(sim.trace.lines.some((l) => l.includes('"node":"far'))).toBe(false)
  })
})
