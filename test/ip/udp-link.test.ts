import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { DirectedLink, ms, s, Simulation } from "../../index.ts"
import { b, errName, ipWorld, str } from "./world.ts"

describe("links", () => {
  it("serialise at the bandwidth, add latency, and tail-drop beyond the queue", () => {
    const sim = new Simulation({ seed: 1, trace: { enabled: false } })
    const link = new DirectedLink({ latency: 1000, jitter: { kind: "none" }, loss: 0, bandwidth: 8_000_000, mtu: 1500, queueLimit: 2 }, sim.rng("l"))
    // 1000 bytes at 8 Mbit/s = 1 ms each.
    const v = [0, 1, 2, 3].map(() => link.offer(0, 1000, 1))
    expect(v.map((x) => (x.ok ? x.arrival : x.reason))).toEqual([2000, 3000, 4000, "queue"])
  })

  test.prop([fc.integer({ min: 1, max: 1_000_000 })], { numRuns: 5 })("loss rate matches the configured probability (seeded, ±3σ)", (seed) => {
    const sim = new Simulation({ seed, trace: { enabled: false } })
    const link = new DirectedLink({ latency: 0, jitter: { kind: "none" }, loss: 0.1, bandwidth: 0, mtu: 1500, queueLimit: 1e9 }, sim.rng("l"))
    const n = 20_000
    let lost = 0
    for (let i = 0; i < n; i++) if (!link.offer(0, 100, 1).ok) lost++
    const sd = Math.sqrt(n * 0.1 * 0.9)
    expect(Math.abs(lost - n * 0.1)).toBeLessThan(3 * sd)
  })

  it("uniform jitter stays within [latency, latency+max] and has the right mean", () => {
    const sim = new Simulation({ seed: 3, trace: { enabled: false } })
    const link = new DirectedLink({ latency: 5000, jitter: { kind: "uniform", max: 2000 }, loss: 0, bandwidth: 0, mtu: 1500, queueLimit: 1e9 }, sim.rng("l"))
    let sum = 0
    const n = 10_000
    for (let i = 0; i < n; i++) {
      const v = link.offer(0, 100, 1)
      if (!v.ok) throw new Error("lost")
      if (v.arrival < 5000 || v.arrival > 7000) throw new Error(`arrival ${v.arrival} outside [5000, 7000]`)
      sum += v.arrival
    }
    expect(Math.abs(sum / n - 6000)).toBeLessThan(30)
  })
})

describe("UDP", () => {
  it("bind port 0 picks an ephemeral port; sendto/recvfrom carry data and the sender address", () => {
    const { world, mods } = ipWorld()
    const got: string[] = []
    world.spawn(function* () {
      const srv = mods[0]!.socket(2, 2)
      srv.bind(["", 5683])
      const [data, addr] = yield* srv.recvfrom(100)
      got.push(`${str(data)} from ${addr[0]}:${addr[1]}`)
      yield* srv.sendto(b("ack"), addr)
    })
    world.spawn(function* () {
      const c = mods[1]!.socket(2, 2)
      c.bind(["", 0])
      yield* c.sendto("hello", ["10.0.0.1", 5683])
      const [d] = yield* c.recvfrom(2)
      got.push(`truncated ${str(d)}`)
    })
    world.run({ until: s(1) })
    expect(got).toEqual(["hello from 10.0.0.2:49152", "truncated ac"])
  })

  it("drops datagrams when the receive queue is full, and traces it", () => {
    const { world, mods } = ipWorld({ trace: true })
    let n = 0
    world.spawn(function* () {
      const srv = mods[0]!.socket(2, 2)
      srv.bind(["", 9])
      yield 1_000_000
      srv.setblocking(false)
      for (;;) {
        try {
          yield* srv.recv(10)
          n++
        } catch (e) {
          expect(errName(e)).toBe("EAGAIN")
          break
        }
      }
    })
    world.spawn(function* () {
      const c = mods[1]!.socket(2, 2)
      for (let i = 0; i < 10; i++) yield* c.sendto("x", ["10.0.0.1", 9])
    })
    world.run({ until: s(2) })
    expect(n).toBe(6)
    expect(world.metrics.count("udp.drop.rcvbuf")).toBe(4)
  })

  it("fragments datagrams above the MTU (lost if any fragment is lost) and refuses > 65507 bytes", () => {
    const { world, mods } = ipWorld({ link: { loss: 0.5 }, seed: 5 })
    let received = 0
    let big = ""
    world.spawn(function* () {
      const srv = mods[0]!.socket(2, 2)
      srv.bind(["", 9])
      for (;;) {
        const d = yield* srv.recv(70000)
        expect(d.length).toBe(6000)
        received++
      }
    })
    world.spawn(function* () {
      const c = mods[1]!.socket(2, 2)
      for (let i = 0; i < 400; i++) yield* c.sendto(new Uint8Array(6000), ["10.0.0.1", 9])
      try {
        yield* c.sendto(new Uint8Array(65508), ["10.0.0.1", 9])
      } catch (e) {
        big = errName(e)
      }
    })
    world.run({ until: s(10) })
    // 6000 + 8 bytes → 5 fragments of ≤1480; all survive with p = 0.5^5 ≈ 3.1 % → ~12 of 400.
    expect(received).toBeGreaterThan(2)
    expect(received).toBeLessThan(30)
    expect(big).toBe("EMSGSIZE")
  })
})

describe("DNS and getaddrinfo", () => {
  it("resolves names of the DNS table and numeric addresses; unknown names raise the profile's error", () => {
    const { mods, net, devs } = ipWorld({ profiles: ["micropython", "pycom"] })
    net.dns.set("www.example.com", "10.0.0.1")
    expect(mods[0]!.getaddrinfo("www.example.com", 80)).toEqual([[2, 1, 0, "", ["10.0.0.1", 80]]])
    expect(mods[0]!.getaddrinfo("WWW.EXAMPLE.COM", 80, 0, 2)[0]![1]).toBe(2)
    expect(mods[0]!.getaddrinfo("127.0.0.1", 80)[0]![4]).toEqual(["127.0.0.1", 80])
    expect(() => mods[0]!.getaddrinfo("nowhere.example", 80)).toThrow(expect.objectContaining({ errno: -2 }))
    expect(() => mods[1]!.getaddrinfo("nowhere.example", 80)).toThrow(expect.objectContaining({ errno: 202 }))
    expect(devs.length).toBe(2)
  })

  it("inet_pton / inet_ntop", () => {
    const { mods } = ipWorld()
    const m = mods[0]!
    expect([...m.inet_pton(m.AF_INET, "1.2.3.4")]).toEqual([1, 2, 3, 4])
    expect(m.inet_ntop(m.AF_INET, Uint8Array.of(127, 0, 0, 1))).toBe("127.0.0.1")
    expect(() => m.inet_pton(m.AF_INET, "1.2.3")).toThrow(expect.objectContaining({ code: "EINVAL" }))
    expect(() => m.inet_pton(m.AF_INET6, "::1")).toThrow(expect.objectContaining({ code: "EAFNOSUPPORT" }))
  })
})

test.prop([fc.integer({ min: 1, max: 2 ** 31 }), fc.double({ min: 0, max: 0.2, noNaN: true }), fc.integer({ min: 1, max: 30_000 })], { numRuns: 15 })(
  "TCP delivers exactly the bytes sent, whatever the loss and jitter",
  (seed, loss, size) => {
    const { world, mods } = ipWorld({ seed, link: { loss, latency: ms(3), jitter: { kind: "exponential", mean: ms(2) } } })
    const payload = new Uint8Array(size).map((_, i) => (i * 31) & 255)
    let got: Uint8Array | null = null
    world.spawn(function* () {
      const srv = mods[0]!.socket()
      srv.bind(["", 1])
      srv.listen()
      const [c] = (yield* srv.accept()) as [any, any]
      got = yield* c.readall()
    })
    world.spawn(function* () {
      const c = mods[1]!.socket()
      yield* c.connect(["10.0.0.1", 1])
      yield* c.write(payload)
      c.close()
    })
    world.run({ until: s(7200) })
    expect(got).not.toBeNull()
    expect(Buffer.from(got!).equals(Buffer.from(payload))).toBe(true)
  },
)
