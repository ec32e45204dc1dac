import { describe, expect, it } from "vitest"
import { ms, s, select, InetSocket, Poll, tls, type Pollable, type ProcessBody } from "../../index.ts"
import { connect, lines, str, tlsWorld } from "./world.ts"

/** select.poll for TLS sockets (`select(dev).poll()` is typed for InetSocket only). */
const tlsPoll = (w: ReturnType<typeof tlsWorld>) => new Poll<Pollable>(w.world, w.dev.profile)

/** A TLS server on srv:443 whose handler is `body`. */
function serve(w: ReturnType<typeof tlsWorld>, body: (t: tls.TlsSocket) => ProcessBody<void>, version: "1.2" | "1.3" = "1.2") {
  const l = new InetSocket(w.srv, 1, 0)
  l.bind(["", 443])
  l.listen()
  tls.serveTls(l, body, { version })
}

describe("reading a TLS stream", () => {
  it("readline, readinto, read(n) without short reads, read() to the peer's close_notify, then b''", () => {
    const w = tlsWorld()
    serve(w, function* (t) {
      for (const part of ["line one\nline", " two\n", "0123456789", "tail"]) {
        yield* t.write(part)
        yield ms(50)
      }
    })
    const out: string[] = []
    w.world.spawn(function* () {
      const ss = yield* tls.wrapSocket(yield* connect(w.dev))
      out.push(str(yield* ss.readline()), str(yield* ss.readline()))
      const buf = new Uint8Array(8)
      out.push(`${yield* ss.readinto(buf, 4)}:${str(buf.subarray(0, 4))}`)
      out.push(str(yield* ss.read(6)), str(yield* ss.read()), String((yield* ss.read(10))?.length))
      ss.close()
    })
    w.world.run({ until: s(5) })
    expect(out).toEqual(["line one\n", "line two\n", "4:0123", "456789", "tail", "0"])
    expect(lines(w.world, "tls.alert").map((l) => [l.node, l.dir, l.description])).toEqual([
      ["srv", "out", "close_notify"],
      ["dev", "in", "close_notify"],
    ])
  })

  it("non-blocking read before a whole record is there → None (mbedTLS WANT_READ → EAGAIN); the record's plaintext once complete", () => {
    // 1 Mbit/s: the 4029-byte record crosses in three segments, 12 ms apart.
    const w = tlsWorld({ bandwidth: 1_000_000 })
    serve(w, function* (t) {
      yield ms(500)
      yield* t.write(new Uint8Array(4000).fill(7))
      yield* t.read(1)
    })
    const seen: unknown[] = []
    w.world.spawn(function* () {
      const sock = yield* connect(w.dev)
      const ss = yield* tls.wrapSocket(sock)
      ss.setblocking(false)
      const raw = select(w.dev).poll()
      raw.register(sock, 1)
      yield* raw.poll(-1) // the first segment has arrived
      seen.push(yield* ss.read(4000), yield* ss.readinto(new Uint8Array(10)), yield* ss.readline(), yield* ss.recv(10))
      let all: Uint8Array | null = null
      let nones = 0
      while (all === null) {
        yield ms(1)
        all = yield* ss.read(4000)
        if (all === null) nones++
      }
      // Two more segments of 12 ms each had to arrive first.
      seen.push(nones >= 20, all.length, all.every((x) => x === 7))
    })
    w.world.run({ until: s(5) })
    expect(seen).toEqual([null, null, null, null, true, 4000, true])
  })

  it("Pycom: a non-blocking recv with no whole record returns b'' (its socket recv), and close sends close_notify", () => {
    const w = tlsWorld({ profile: "pycom", bandwidth: 1_000_000 })
    serve(w, function* (t) {
      yield ms(200)
      yield* t.write(new Uint8Array(3000))
      yield* t.read(1)
    })
    const seen: unknown[] = []
    w.world.spawn(function* () {
      const ss = yield* tls.wrapSocket(yield* connect(w.dev))
      ss.setblocking(false)
      seen.push((yield* ss.recv(100))?.length)
      ss.close()
    })
    w.world.run({ until: s(5) })
    expect(seen).toEqual([0])
    expect(lines(w.world, "tls.alert").filter((l) => l.node === "dev").map((l) => [l.dir, l.description])).toEqual([["out", "close_notify"]])
  })

  it("MicroPython's close sends no close_notify (modtls_mbedtls.c frees the context and closes the socket); the peer reads EOF", () => {
    const w = tlsWorld()
    const got: unknown[] = []
    serve(w, function* (t) {
      got.push((yield* t.read())?.length)
    })
    w.world.spawn(function* () {
      const ss = yield* tls.wrapSocket(yield* connect(w.dev))
      yield* ss.write("abc")
      ss.close()
      ss.close()
    })
    w.world.run({ until: s(5) })
    expect(got).toEqual([3])
    expect(lines(w.world, "tls.alert").filter((l) => l.node === "dev")).toEqual([])
    expect(lines(w.world, "tls.eof").map((l) => [l.node, l.closeNotify])).toEqual([["srv", false]])
  })

  it("a deferred handshake on a non-blocking socket advances inside write/read, which return None until it is done", () => {
    const w = tlsWorld()
    serve(w, function* (t) {
      const q = yield* t.read(4)
      yield* t.write(`re:${str(q)}`)
    })
    const seen: unknown[] = []
    w.world.spawn(function* () {
      const sock = yield* connect(w.dev)
      sock.setblocking(false)
      const ss = yield* tls.wrapSocket(sock, { doHandshake: false })
      const t0 = w.world.now
      const p = tlsPoll(w)
      p.register(ss, 1 | 4)
      let n: number | null = null
      let tries = 0
      while (n === null) {
        n = yield* ss.write("ping")
        tries++
        if (n === null) yield* p.poll(-1)
      }
      seen.push(n, w.world.now - t0, tries > 1)
      p.modify(ss, 1)
      let r: Uint8Array | null = null
      while (r === null) {
        r = yield* ss.read(7)
        if (r === null) yield* p.poll(-1)
      }
      seen.push(str(r))
    })
    w.world.run({ until: s(5) })
    expect(seen).toEqual([4, 40_000, true, "re:ping"])
  })
})

describe("select.poll on a TlsSocket", () => {
  function pollRun(mode: tls.PollReadiness) {
    const w = tlsWorld({ bandwidth: 1_000_000 })
    serve(w, function* (t) {
      yield ms(300)
      yield* t.write(new Uint8Array(4000).fill(1))
      yield* t.read(1)
    })
    const wakes: { t: number; data: number | null }[] = []
    w.world.spawn(function* () {
      const sel = select(w.dev)
      const ss = yield* tls.wrapSocket(yield* connect(w.dev), { pollReadiness: mode })
      ss.setblocking(false)
      const p = tlsPoll(w)
      p.register(ss, sel.POLLIN)
      for (let i = 0; i < 5; i++) {
        const r = yield* p.poll(2000)
        if (r.length === 0) break
        const d = yield* ss.read(4000)
        wakes.push({ t: w.world.now, data: d === null ? null : d.length })
        if (d !== null) break
      }
    })
    w.world.run({ until: s(5) })
    return wakes
  }

  it("record mode: poll wakes once, when the whole record is there", () => {
    const wakes = pollRun("record")
    expect(wakes.map((x) => x.data)).toEqual([4000])
  })

  it("transport mode (MicroPython's socket_ioctl): POLLIN on every TCP segment, read → None until the record is whole", () => {
    const rec = pollRun("record")
    const tr = pollRun("transport")
    expect(tr.map((x) => x.data)).toEqual([null, null, 4000])
    // The wakes are one segment time apart ((1460 + 40) · 8 µs at 1 Mbit/s), the last one when record mode wakes.
    expect(tr[1]!.t - tr[0]!.t).toBe(12_000)
    expect(tr[2]!.t).toBe(rec[0]!.t)
  })

  it("a 16 KB record larger than the device's TCP window still completes while the app only polls (record mode drains TCP)", () => {
    const w = tlsWorld()
    serve(w, function* (t) {
      yield* t.write(new Uint8Array(16_000).fill(3))
      yield* t.read(1)
    })
    const seen: unknown[] = []
    w.world.spawn(function* () {
      const sel = select(w.dev)
      const ss = yield* tls.wrapSocket(yield* connect(w.dev))
      ss.setblocking(false)
      const p = tlsPoll(w)
      p.register(ss, sel.POLLIN)
      const r = yield* p.poll(5000)
      seen.push(r.length, (yield* ss.read(16_000))?.length)
    })
    w.world.run({ until: s(10) })
    expect(seen).toEqual([1, 16_000])
  })

  it("POLLIN at EOF, POLLNVAL once closed", () => {
    const w = tlsWorld()
    serve(w, function* () {
      yield ms(100)
    })
    const seen: number[] = []
    w.world.spawn(function* () {
      const sel = select(w.dev)
      const ss = yield* tls.wrapSocket(yield* connect(w.dev))
      const p = tlsPoll(w)
      p.register(ss, sel.POLLIN)
      const r = yield* p.poll(-1)
      seen.push(r[0]![1], (yield* ss.read(10))!.length)
      ss.close()
      seen.push((yield* p.poll(0))[0]![1])
    })
    w.world.run({ until: s(5) })
    expect(seen).toEqual([1, 0, 32])
  })
})
