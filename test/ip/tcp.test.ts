import { describe, expect, it } from "vitest"
import { ms, s, TcpState } from "../../index.ts"
import { b, errName, ipWorld, str } from "./world.ts"

describe("TCP over the simulated network", () => {
  it("handshakes, transfers, half-closes and reaches TIME_WAIT / CLOSED", () => {
    const { world, mods } = ipWorld({ link: { latency: ms(10) } })
    const a = mods[0]!
    const c = mods[1]!
    const log: string[] = []
    let serverConn: any
    let client: any
    void serverConn
    world.spawn(function* () {
      const srv = a.socket()
      srv.bind(["0.0.0.0", 80])
      srv.listen(2)
      expect(srv.getsocketsta()).toBe(TcpState.LISTEN)
      const [conn, addr] = yield* srv.accept()
      serverConn = conn
      log.push(`accept ${addr[0]}`)
      const data = yield* conn.read(11)
      log.push(`server got ${str(data)}`)
      yield* conn.write("pong")
      const rest = yield* conn.recv(10)
      log.push(`server eof ${rest.length}`)
      expect(conn.getsocketsta()).toBe(TcpState.CLOSE_WAIT)
      conn.close()
      srv.close()
    }, { node: "h1" })
    world.spawn(function* () {
      client = c.socket()
      expect(client.getsocketsta()).toBe(TcpState.CLOSED)
      const t0 = world.now
      yield* client.connect(["10.0.0.1", 80])
      log.push(`connected after ${(world.now - t0) / 1000} ms`)
      expect(client.getsocketsta()).toBe(TcpState.ESTABLISHED)
      expect(yield* client.send("micropython")).toBe(11)
      const r = yield* client.read(4)
      log.push(`client got ${str(r)}`)
      client.close()
      expect(client.getsocketsta()).toBe(-1)
    }, { node: "h2" })
    world.run({ until: s(10) })
    expect(log).toEqual(["connected after 20.008 ms", "accept 10.0.0.2", "server got micropython", "client got pong", "server eof 0"])
    // The client closed first: its connection sits in TIME_WAIT for 2·MSL, then goes.
    const host = world.now
    expect(host).toBe(s(10))
  })

  it("refuses a connection to a closed port: ECONNREFUSED on a Linux stack (k230), ECONNRESET on lwIP ports", () => {
    const { world, mods } = ipWorld({ profiles: ["micropython", "k230"] })
    let result = ""
    world.spawn(function* () {
      const s1 = mods[1]!.socket()
      try {
        yield* s1.connect(["10.0.0.1", 9999])
        result = "connected"
      } catch (e) {
        result = errName(e)
      }
    })
    world.run({ until: s(5) })
    expect(result).toBe("ECONNREFUSED")
    let lwip = ""
    world.spawn(function* () {
      try {
        yield* mods[0]!.socket().connect(["10.0.0.2", 9999])
      } catch (e) {
        lwip = errName(e)
      }
    })
    world.run({ until: s(10) })
    expect(lwip).toBe("ECONNRESET")
  })

  it("times out a connect under a partition after SYN retries (ETIMEDOUT)", () => {
    const { world, mods, net } = ipWorld()
    net.partition(["h1"], ["h2"])
    let result = ""
    let at = 0
    world.spawn(function* () {
      const srv = mods[0]!.socket()
      srv.bind(["", 80])
      srv.listen()
    })
    world.spawn(function* () {
      const s1 = mods[1]!.socket()
      try {
        yield* s1.connect(["10.0.0.1", 80])
      } catch (e) {
        result = errName(e)
        at = world.now
      }
    })
    world.run({ until: s(600) })
    expect(result).toBe("ETIMEDOUT")
    // RTO 1 s doubling: 1+2+4+8+16+32 s of retries, then the 7th timeout (64 s → capped 60 s) ends it.
    expect(at).toBe(s(1 + 2 + 4 + 8 + 16 + 32 + 60))
  })
})

describe("TCP under loss, reordering and flow control", () => {
  function bulk(loss: number, jitterMs: number, bytes: number, seed: number) {
    const { world, mods, net } = ipWorld({ seed, link: { latency: ms(5), loss, jitter: jitterMs > 0 ? { kind: "uniform", max: ms(jitterMs) } : { kind: "none" } } })
    const payload = new Uint8Array(bytes)
    for (let i = 0; i < bytes; i++) payload[i] = (i * 7 + (i >> 8)) & 255
    let received: Uint8Array | null = null
    let doneAt = -1
    void net
    world.spawn(function* () {
      const srv = mods[0]!.socket()
      srv.bind(["", 5000])
      srv.listen(1)
      const [conn] = (yield* srv.accept()) as [any, any]
      received = yield* conn.readall()
      doneAt = world.now
      conn.close()
    })
    world.spawn(function* () {
      const c = mods[1]!.socket()
      yield* c.connect(["10.0.0.1", 5000])
      yield* c.sendall(payload)
      c.close()
    })
    world.run({ until: s(3600) })
    return { payload, received: received as Uint8Array | null, doneAt, world }
  }

  it("delivers every byte in order over a 5% lossy link with jitter (reordering)", () => {
    const r = bulk(0.05, 20, 200_000, 7)
    expect(r.received).not.toBeNull()
    expect(r.received!.length).toBe(r.payload.length)
    expect(Buffer.from(r.received!).equals(Buffer.from(r.payload))).toBe(true)
    expect(r.world.metrics.count("tcp.rto") + r.world.metrics.count("tcp.fast_rtx")).toBeGreaterThan(0)
  })

  it("a slow reader throttles the sender (flow control: zero window, then window update)", () => {
    const { world, mods } = ipWorld({ link: { latency: ms(1) } })
    const sentAt: number[] = []
    let total = 0
    world.spawn(function* () {
      const srv = mods[0]!.socket()
      srv.bind(["", 7])
      srv.listen()
      const [conn] = (yield* srv.accept()) as [any, any]
      // Read nothing for 5 s, then everything.
      yield* (function* () {
        yield 5_000_000
      })()
      for (;;) {
        const d = yield* conn.recv(100_000)
        if (d.length === 0) break
        total += d.length
      }
    })
    world.spawn(function* () {
      const c = mods[1]!.socket()
      yield* c.connect(["10.0.0.1", 7])
      for (let i = 0; i < 20; i++) {
        yield* c.sendall(new Uint8Array(1000))
        sentAt.push(world.now)
      }
      c.close()
    })
    world.run({ until: s(60) })
    expect(total).toBe(20_000)
    // Window 4·1460 + send buffer 2·1460 = 8760 bytes fit before the reader starts; the rest waits for it.
    expect(sentAt.filter((t) => t < 5_000_000).length).toBe(8)
    expect(sentAt[19]).toBeGreaterThan(5_000_000)
  })

  it("refuses connections beyond the listen backlog with RST (lwIP ports report ECONNRESET)", () => {
    const { world, mods } = ipWorld({ n: 4 })
    const results: string[] = []
    world.spawn(function* () {
      const srv = mods[0]!.socket()
      srv.bind(["", 80])
      srv.listen(2)
    })
    for (const i of [1, 2, 3])
      world.spawn(function* () {
        yield i * 10_000
        const c = mods[i]!.socket()
        try {
          yield* c.connect(["10.0.0.1", 80])
          results.push(`h${i + 1} ok`)
        } catch (e) {
          results.push(`h${i + 1} ${errName(e)}`)
        }
      })
    world.run({ until: s(5) })
    expect(results).toEqual(["h2 ok", "h3 ok", "h4 ECONNRESET"])
  })

  it("data retransmissions exhausted → ETIMEDOUT on the sender's next call", () => {
    const { world, mods, net } = ipWorld()
    let result = ""
    world.spawn(function* () {
      const srv = mods[0]!.socket()
      srv.bind(["", 80])
      srv.listen()
      yield* srv.accept()
    })
    world.spawn(function* () {
      const c = mods[1]!.socket()
      yield* c.connect(["10.0.0.1", 80])
      net.partition(["h1"], ["h2"])
      yield* c.send("hello")
      try {
        yield* c.recv(10)
      } catch (e) {
        result = errName(e)
      }
    })
    world.run({ until: s(3600) })
    expect(result).toBe("ETIMEDOUT")
  })

  it("a peer that crashed and restarted answers with RST → ECONNRESET", () => {
    const { world, mods, net } = ipWorld()
    let result = ""
    world.spawn(function* () {
      const srv = mods[0]!.socket()
      srv.bind(["", 80])
      srv.listen()
      yield* srv.accept()
      yield 100_000_000
    })
    world.spawn(function* () {
      const c = mods[1]!.socket()
      yield* c.connect(["10.0.0.1", 80])
      yield 1_000_000
      net.crash("h1")
      net.restart("h1")
      yield* c.send("hello?")
      try {
        yield* c.recv(10)
      } catch (e) {
        result = errName(e)
      }
    })
    world.run({ until: s(60) })
    expect(result).toBe("ECONNRESET")
  })
})

describe("TCP zero-window persist", () => {
  // Regression: a window probe byte accepted by the receiver must advance the sender
  // (it counts as sent), or the sender ignores every later ACK and stalls for ever.
  for (const seed of [4, 5]) {
    it(`a 1 % lossy bulk transfer with 64 KiB buffers completes (seed ${seed})`, () => {
      const w = ipWorld({ seed, link: { latency: ms(10), loss: 0.01, bandwidth: 1_000_000_000, queueLimit: 1000 }, host: { tcpRcvBuf: 65535, tcpSndBuf: 65535 } })
      let received = 0
      w.world.spawn(function* () {
        const srv = w.mods[0]!.socket()
        srv.bind(["", 80])
        srv.listen(1)
        const [c] = (yield* srv.accept()) as [any, unknown]
        for (;;) {
          const d = yield* c.recv(65536)
          if (d.length === 0) break
          received += d.length
        }
      })
      w.world.spawn(function* () {
        const c = w.mods[1]!.socket()
        yield* c.connect(["10.0.0.1", 80])
        for (let i = 0; i < 100; i++) yield* c.write(new Uint8Array(16384))
        c.close()
      })
      w.world.run({ until: s(600) })
      expect(received).toBe(1_638_400)
    })
  }
})
