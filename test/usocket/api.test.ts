import { describe, expect, it } from "vitest"
import { ms, s, TcpState, type InetSocket } from "../../index.ts"
import { b, errName, ipWorld, str } from "../ip/world.ts"

/** A server on h1:80 that echoes each chunk until EOF. */
function echoServer(w: ReturnType<typeof ipWorld>) {
  w.net.host("h1").run(function* () {
    const srv = w.mods[0]!.socket()
    srv.bind(["", 80])
    srv.listen(4)
    for (;;) {
      const [c] = (yield* srv.accept()) as [InetSocket, unknown]
      w.world.spawn(function* () {
        for (;;) {
          const d = yield* c.recv(512)
          if (d.length === 0) break
          yield* c.sendall(d)
        }
        c.close()
      })
    }
  })
}

describe("usocket stream calls", () => {
  it("makefile() returns the socket; readline, readinto, read(n) without short reads, readall to EOF", () => {
    const w = ipWorld()
    const out: string[] = []
    w.net.host("h1").run(function* () {
      const srv = w.mods[0]!.socket()
      srv.bind(["", 80])
      srv.listen()
      const [c] = (yield* srv.accept()) as [InetSocket, unknown]
      for (const part of ["line one\nline", " two\n", "0123456789", "tail"]) {
        yield* c.write(part)
        yield ms(50)
      }
      c.close()
    })
    w.world.spawn(function* () {
      const sock = w.mods[1]!.socket()
      yield* sock.connect(["10.0.0.1", 80])
      const f = sock.makefile("rwb")
      expect(f).toBe(sock)
      out.push(str(yield* f.readline()))
      out.push(str(yield* f.readline()))
      const buf = new Uint8Array(8)
      out.push(String(yield* f.readinto(buf, 4)) + ":" + str(buf.subarray(0, 4)))
      out.push(str(yield* f.read(6)))
      out.push(str(yield* f.readall()))
      out.push(String((yield* f.recv(10)).length))
    })
    w.world.run({ until: s(5) })
    expect(out).toEqual(["line one\n", "line two\n", "4:0123", "456789", "tail", "0"])
  })

  it("send may write short on a full buffer; write/sendall never do (blocking)", () => {
    const w = ipWorld()
    const res: number[] = []
    w.net.host("h1").run(function* () {
      const srv = w.mods[0]!.socket()
      srv.bind(["", 80])
      srv.listen()
      const [c] = (yield* srv.accept()) as [InetSocket, unknown]
      yield s(1)
      let n = 0
      for (;;) {
        const d = yield* c.recv(100000)
        if (d.length === 0) break
        n += d.length
      }
      res.push(n)
    })
    w.world.spawn(function* () {
      const sock = w.mods[1]!.socket()
      yield* sock.connect(["10.0.0.1", 80])
      res.push(yield* sock.send(new Uint8Array(100_000)))
      res.push((yield* sock.write(new Uint8Array(20_000))) as number)
      sock.close()
    })
    w.world.run({ until: s(10) })
    // send takes only the free send buffer (2·MSS = 2920 bytes); write blocks until all 20000 are queued.
    expect(res).toEqual([2920, 20_000, 22_920])
  })

  it("non-blocking write returns the count that fit, or None when nothing fit", () => {
    const w = ipWorld()
    const res: (number | null)[] = []
    echoServer(w)
    w.world.spawn(function* () {
      const sock = w.mods[1]!.socket()
      yield* sock.connect(["10.0.0.1", 80])
      sock.setblocking(false)
      res.push(yield* sock.write(new Uint8Array(5000)))
      res.push(yield* sock.write(new Uint8Array(5000)))
    })
    w.world.run({ until: s(1) })
    expect(res).toEqual([2920, null])
  })

  it("a context manager closes the socket", () => {
    const w = ipWorld()
    const sock = w.mods[1]!.socket()
    const fd = sock.fileno()
    expect(fd).toBeGreaterThan(2)
    {
      using _s = sock.__enter__()
    }
    expect(sock.fileno()).toBe(-1)
    const other = w.mods[1]!.socket()
    other.__exit__()
    expect(other.getsocketsta()).toBe(-1)
  })
})

describe("non-blocking connect and select.poll", () => {
  it("EINPROGRESS, then POLLOUT when connected, EISCONN after; POLLIN on echoed data; POLLHUP on a new socket", () => {
    const w = ipWorld({ link: { latency: ms(10) } })
    echoServer(w)
    const seen: string[] = []
    w.world.spawn(function* () {
      const m = w.mods[1]!
      const sel = w.sel[1]!
      const sock = m.socket()
      const p = sel.poll()
      p.register(sock, sel.POLLIN)
      seen.push(`new: ${JSON.stringify((yield* p.poll(0)).map(([, e]) => e))}`)
      sock.setblocking(false)
      try {
        yield* sock.connect(["10.0.0.1", 80])
      } catch (e) {
        seen.push(errName(e))
      }
      p.modify(sock, sel.POLLOUT)
      const t0 = w.world.now
      const r = yield* p.poll(1000)
      seen.push(`writable after ${(w.world.now - t0) / 1000} ms: ${r[0]?.[1]}`)
      try {
        yield* sock.connect(["10.0.0.1", 80])
      } catch (e) {
        seen.push(errName(e))
      }
      yield* sock.send("ping")
      p.modify(sock, sel.POLLIN)
      const r2 = yield* p.poll(-1)
      seen.push(`readable ${r2[0]?.[1]}: ${str(yield* sock.recv(10))}`)
      const r3 = yield* p.ipoll(0)
      seen.push(`nothing: ${[...r3].length}`)
      p.unregister(sock)
      seen.push(`timeout: ${(yield* p.poll(100)).length} at ${w.world.now}`)
    })
    w.world.run({ until: s(5) })
    expect(seen).toEqual([
      "new: [16]",
      "EINPROGRESS",
      "writable after 20.008 ms: 4",
      "EISCONN",
      "readable 1: ping",
      "nothing: 0",
      "timeout: 0 at 140024",
    ])
  })

  it("ipoll one-shot clears the mask until modify; POLLHUP after the peer resets", () => {
    const w = ipWorld()
    echoServer(w)
    const seen: number[] = []
    w.world.spawn(function* () {
      const sel = w.sel[1]!
      const sock = w.mods[1]!.socket()
      yield* sock.connect(["10.0.0.1", 80])
      const p = sel.poll()
      p.register(sock, sel.POLLOUT)
      seen.push([...(yield* p.ipoll(0, 1))].length)
      seen.push([...(yield* p.ipoll(0, 1))].length)
      p.modify(sock, sel.POLLOUT)
      seen.push([...(yield* p.ipoll(0, 1))].length)
      w.net.crash("h1")
      w.net.restart("h1")
      yield* sock.send("x")
      p.modify(sock, sel.POLLIN)
      const r = yield* p.poll(5000)
      seen.push(r[0]?.[1] ?? -1)
    })
    w.world.run({ until: s(10) })
    expect(seen).toEqual([1, 0, 1, 16])
  })
})

describe("profiles", () => {
  it("QuecPython: accept returns (conn, addr, port); getsocketsta follows the states; TCP_KEEPALIVE probes a dead peer to ETIMEDOUT", () => {
    const w = ipWorld({ profiles: ["quecpython", "quecpython"] })
    const seen: unknown[] = []
    w.net.host("h1").run(function* () {
      const m = w.mods[0]!
      const srv = m.socket(m.AF_INET, m.SOCK_STREAM, m.IPPROTO_TCP_SER)
      srv.bind(["", 80])
      srv.listen(1)
      const r = yield* srv.accept()
      seen.push(r.length, r[1], typeof r[2])
      yield s(100_000)
    })
    w.world.spawn(function* () {
      const m = w.mods[1]!
      const sock = m.socket(m.AF_INET, m.SOCK_STREAM, m.TCP_CUSTOMIZE_PORT)
      sock.bind(["", 6000])
      sock.setsockopt(m.SOL_SOCKET, m.TCP_KEEPALIVE, 1)
      yield* sock.connect(["10.0.0.1", 80])
      seen.push(sock.getsocketsta())
      w.net.partition(["h1"], ["h2"])
      try {
        yield* sock.recv(10)
      } catch (e) {
        seen.push(errName(e), w.world.now / 1e6)
      }
      seen.push(sock.getsocketsta())
      sock.close()
      seen.push(sock.getsocketsta())
    })
    w.world.run({ until: s(3600) })
    // idle 60 s, then 9 probes 75 s apart (lwIP TCP_KEEPINTVL/TCP_KEEPCNT), then ETIMEDOUT.
    expect(seen).toEqual([TcpState.ESTABLISHED, 3, "10.0.0.2", "number", "ETIMEDOUT", 60 + 9 * 75 + 0.002008, TcpState.CLOSED, -1])
  })

  it("Pycom: a connect that times out closes the socket", () => {
    const w = ipWorld({ profiles: ["micropython", "pycom"] })
    w.net.partition(["h1"], ["h2"])
    const seen: string[] = []
    w.world.spawn(function* () {
      const sock = w.mods[1]!.socket()
      sock.settimeout(1)
      try {
        yield* sock.connect(["10.0.0.1", 80])
      } catch (e) {
        seen.push(errName(e))
      }
      seen.push(String(sock.fileno()))
    })
    w.world.run({ until: s(5) })
    expect(seen).toEqual(["TimeoutError", "-1"])
  })
})

describe("Pycom send", () => {
  it("a blocking send on Pycom queues everything (lwIP socket API), unlike modlwip's short write", () => {
    const got: Record<string, number> = {}
    for (const profile of ["micropython", "pycom"] as const) {
      const w = ipWorld({ profiles: ["micropython", profile] })
      w.net.host("h1").run(function* () {
        const srv = w.mods[0]!.socket()
        srv.bind(["", 80])
        srv.listen()
        const [c] = (yield* srv.accept()) as [InetSocket, unknown]
        while ((yield* c.recv(100_000)).length > 0) {}
      })
      w.world.spawn(function* () {
        const sock = w.mods[1]!.socket()
        yield* sock.connect(["10.0.0.1", 80])
        got[profile] = yield* sock.send(new Uint8Array(50_000))
      })
      w.world.run({ until: s(10) })
    }
    expect(got).toEqual({ micropython: 2920, pycom: 50_000 })
  })
})
