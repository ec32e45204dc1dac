import { describe, expect, it } from "vitest"
import { ms, s, Simulation, Network, Device, usocket } from "../../index.ts"
import { ipWorld } from "./world.ts"

/** h2 sends one UDP datagram to h1:9 every 100 ms for 3 s; returns the arrival times at h1. */
function udpStream(setup: (w: ReturnType<typeof ipWorld>) => void, trace = false) {
  const w = ipWorld({ trace, link: { latency: ms(10) } })
  const arrivals: number[] = []
  w.world.spawn(function* () {
    const sock = w.mods[0]!.socket(2, 2)
    sock.bind(["", 9])
    for (;;) {
      yield* sock.recv(10)
      arrivals.push(w.world.now)
    }
  })
  w.world.spawn(function* () {
    const sock = w.mods[1]!.socket(2, 2)
    for (let i = 0; i < 30; i++) {
      yield* sock.sendto("x", ["10.0.0.1", 9])
      yield ms(100)
    }
  })
  setup(w)
  w.world.run({ until: s(10) })
  return { arrivals, w }
}

describe("faults", () => {
  it("partition at a sim time drops traffic until heal, both ways", () => {
    const { arrivals, w } = udpStream((w) => {
      w.net.partition(["h1"], ["h2"], ms(1000))
      w.net.heal(ms(2000))
    })
    expect(arrivals.length).toBe(20)
    expect(arrivals.some((t) => t > ms(1010) && t < ms(2000))).toBe(false)
    expect(w.world.metrics.count("ip.drop.partition")).toBe(10)
  })

  it("a one-way partition cuts one direction only", () => {
    const { arrivals } = udpStream((w) => w.net.partitionOneWay(["h1"], ["h2"]))
    expect(arrivals.length).toBe(30)
    const back = udpStream((w) => w.net.partitionOneWay(["h2"], ["h1"]))
    expect(back.arrivals.length).toBe(0)
  })

  it("hold buffers packets and release delivers them in order", () => {
    const { arrivals } = udpStream((w) => {
      w.net.hold(["h1"], ["h2"], ms(500))
      w.net.release(ms(1500))
    })
    expect(arrivals.length).toBe(30)
    // Nothing arrives while held; the 10 datagrams sent in [500, 1500) arrive together 10 ms
    // after the release, with the one sent at the release instant (11 in all).
    expect(arrivals.filter((t) => t > ms(510) && t < ms(1510)).length).toBe(0)
    const burst = arrivals.filter((t) => t >= ms(1510) && t < ms(1511))
    expect(burst.length).toBe(11)
  })

  it("setLoss and setLatency at a sim time change the links then", () => {
    const { arrivals } = udpStream((w) => {
      w.net.setLatency(ms(200), undefined, { at: ms(1000) })
      w.net.setLoss(1, { at: ms(2000) })
    })
    expect(arrivals.filter((t) => t < ms(1010)).every((t) => (t - 10_000) % 100_000 < 1000)).toBe(true)
    expect(arrivals.filter((t) => t > ms(1010)).every((t) => (t - 200_000) % 100_000 < 1000)).toBe(true)
    expect(arrivals.length).toBe(20)
  })

  it("every fault is traced", () => {
    const sim = new Simulation({ seed: 1, trace: { sink: { kind: "memory" } } })
    const net = new Network(sim)
    const d1 = new Device(sim, "a")
    const d2 = new Device(sim, "b")
    net.addHost(d1, "10.0.0.1")
    net.addHost(d2, "10.0.0.2")
    void usocket(d1)
    net.partition(["a"], ["b"])
    net.partitionOneWay(["a"], ["b"])
    net.heal()
    net.hold(["a"], ["b"])
    net.release()
    net.setLoss(0.5)
    net.setLatency(ms(5))
    net.crash("a")
    net.restart("a")
    sim.run({ until: s(1) })
    const kinds = sim.trace.lines.map((l) => (JSON.parse(l) as { kind: string }).kind).filter((k) => k.startsWith("fault."))
    expect(kinds).toEqual([
      "fault.partition", "fault.partition_one_way", "fault.heal", "fault.hold", "fault.release",
      "fault.link", "fault.link", "fault.crash", "fault.restart",
    ])
  })
})
