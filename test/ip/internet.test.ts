import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import {
  Device, DnsTable, Internet, Network, Simulation, ms, s, usocket,
  type InetSocket, type InternetOptions, type ProcessBody, type ProfileName,
} from "../../index.ts"
import { hashString } from "../../sim/hash.ts"
import { errName, str } from "./world.ts"

const WILD_BASE = 0xc6120000 // 198.18.0.0
const WILD_SIZE = 1 << 17 // a /15
const ip2n = (a: string): number => a.split(".").reduce((n, o) => n * 256 + Number(o), 0)
const inRange = (a: string): boolean => ip2n(a) >= WILD_BASE && ip2n(a) < WILD_BASE + WILD_SIZE
const hashed = (name: string): number => WILD_BASE + (hashString(name.toLowerCase()) % WILD_SIZE)

/** A device "dev" at 10.0.0.2 on a network with an Internet. */
function internetWorld(opts: { seed?: number; profile?: ProfileName; trace?: boolean; internet?: InternetOptions } = {}) {
  const world = new Simulation({ seed: opts.seed ?? 1, trace: opts.trace === true ? { sink: { kind: "memory" } } : { enabled: false } })
  const net = new Network(world)
  const dev = new Device(world, "dev", { profile: opts.profile ?? "micropython" })
  net.addHost(dev, "10.0.0.2")
  const internet = new Internet(net, opts.internet)
  return { world, net, dev, internet, m: usocket(dev) }
}

/** Runs `script` as the device's program for `until`; fails the test if any process failed. */
function runScript(w: ReturnType<typeof internetWorld>, script: () => ProcessBody<void>, until = s(60)): void {
  let error: unknown
  w.net.host(w.dev).run(function* () {
    try {
      yield* script()
    } catch (e) {
      error = e
    }
  }, "script")
  const out = w.world.run({ until })
  if (error !== undefined) throw error
  expect(out.reason).toBe("until")
}

/** Reads one HTTP response: the head (lines up to the empty one) and a Content-Length body. */
function* readResponse(sock: InetSocket, withBody = true): ProcessBody<{ head: string[]; body: string }> {
  const head: string[] = []
  for (;;) {
    const line = str(yield* sock.readline())
    if (line === "\r\n" || line === "") break
    head.push(line.replace(/\r\n$/, ""))
  }
  const len = Number(head.find((h) => h.startsWith("Content-Length: "))?.slice(16) ?? 0)
  return { head, body: withBody ? str(yield* sock.read(len)) : "" }
}

const PAGE = (host: string) => `<html><body><h1>fieldnet</h1><p>Simulated internet host ${host}</p></body></html>`

describe("Internet: TCP and UDP echo on any port", () => {
  const name = fc.domain().filter((d) => !d.endsWith(".invalid"))
  const port = fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 80 && p !== 23)

  test.prop([fc.uniqueArray(name, { minLength: 2, maxLength: 2, selector: (d) => d.toLowerCase() }), port], { numRuns: 25 })(
    "two arbitrary names resolve and each echoes TCP bytes on an arbitrary port",
    ([n1, n2], p) => {
      const w = internetWorld({ internet: { closedPorts: [23] } })
      const got: string[] = []
      const addrs: string[] = []
      runScript(w, function* () {
        for (const n of [n1!, n2!]) {
          const addr = w.m.getaddrinfo(n, p)[0]![4]
          addrs.push(addr[0])
          const sock = w.m.socket()
          yield* sock.connect(addr)
          yield* sock.write(`hello ${n}:${p}\n`)
          got.push(str(yield* sock.readline()))
          yield* sock.write("x".repeat(3000))
          got.push(String((yield* sock.read(3000))!.length))
          sock.close()
        }
      })
      expect(got).toEqual([`hello ${n1}:${p}\n`, "3000", `hello ${n2}:${p}\n`, "3000"])
      expect(addrs.every(inRange)).toBe(true)
      expect(new Set(addrs).size).toBe(2)
      expect(w.internet.hosts.map((h) => h.name)).toEqual([n1!.toLowerCase(), n2!.toLowerCase()])
      expect(w.internet.counters.tcpConnections).toBe(2)
      expect(w.internet.counters.bytesEchoed).toBe(2 * 3000 + `hello ${n1}:${p}\n`.length + `hello ${n2}:${p}\n`.length)
      expect(w.world.metrics.count("internet.bytes_echoed")).toBe(w.internet.counters.bytesEchoed)
      // The echo side closed once the device closed: no connection is left on the internet hosts.
      expect(w.internet.hosts.every((h) => h.conns.size === 0)).toBe(true)
    },
  )

  test.prop([port], { numRuns: 20 })("UDP datagrams are echoed to their sender on any port", (p) => {
    const w = internetWorld({ internet: { closedPorts: [23] } })
    const got: string[] = []
    runScript(w, function* () {
      const addr = w.m.getaddrinfo("udp.example.net", p)[0]![4]
      const sock = w.m.socket(w.m.AF_INET, w.m.SOCK_DGRAM)
      sock.settimeout(2)
      for (const text of ["one", "two"]) {
        yield* sock.sendto(text, addr)
        const [data, from] = yield* sock.recvfrom(100)
        got.push(`${str(data)} from ${from[0]}:${from[1]}`)
      }
      sock.close()
    })
    const a = w.net.dns.resolve("udp.example.net")!
    const dotted = [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join(".")
    expect(got).toEqual([`one from ${dotted}:${p}`, `two from ${dotted}:${p}`])
    expect(w.internet.counters.udpDatagrams).toBe(2)
  })

  it("the default link is about 20 ms one way (connect takes one RTT ≈ 40 ms); options override it", () => {
    const times: number[] = []
    for (const link of [undefined, { latency: ms(100), jitter: { kind: "none" } as const }]) {
      const w = internetWorld(link === undefined ? {} : { internet: { link } })
      runScript(w, function* () {
        const sock = w.m.socket()
        const t0 = w.world.now
        yield* sock.connect(w.m.getaddrinfo("rtt.example.com", 7)[0]![4])
        times.push(w.world.now - t0)
        sock.close()
      })
    }
    expect(times[0]).toBeGreaterThanOrEqual(ms(40))
    expect(times[0]).toBeLessThanOrEqual(ms(43))
    expect(times[1]).toBeGreaterThanOrEqual(ms(200))
    expect(times[1]).toBeLessThanOrEqual(ms(201))
  })

  it("a literal IP address with no DNS name is a host too (named internet/<ip>)", () => {
    const w = internetWorld()
    const got: string[] = []
    runScript(w, function* () {
      const sock = w.m.socket()
      yield* sock.connect(["93.184.216.34", 7])
      yield* sock.write("ping\n")
      got.push(str(yield* sock.readline()))
      sock.close()
      const web = w.m.socket()
      yield* web.connect(["93.184.216.34", 80])
      yield* web.write("GET / HTTP/1.0\r\n\r\n")
      got.push((yield* readResponse(web)).body)
      web.close()
    })
    expect(got).toEqual(["ping\n", PAGE("93.184.216.34")])
    expect(w.internet.hosts.map((h) => h.name)).toEqual(["internet/93.184.216.34"])
    expect(w.internet.host("93.184.216.34")?.name).toBe("internet/93.184.216.34")
  })

  it("a closed port refuses: ECONNRESET on micropython and pycom (lwIP ERR_RST), ECONNREFUSED on k230", () => {
    const res: string[] = []
    for (const profile of ["micropython", "pycom", "k230"] as const) {
      const w = internetWorld({ profile, internet: { closedPorts: [23] } })
      runScript(w, function* () {
        const sock = w.m.socket()
        try {
          yield* sock.connect(w.m.getaddrinfo("telnet.example.org", 23)[0]![4])
          res.push("connected")
        } catch (e) {
          res.push(errName(e))
        }
      })
    }
    expect(res).toEqual(["ECONNRESET", "ECONNRESET", "ECONNREFUSED"])
  })

  it("addresses that cannot be internet hosts (loopback, multicast) are not created: no-route", () => {
    const w = internetWorld()
    runScript(w, function* () {
      const sock = w.m.socket(w.m.AF_INET, w.m.SOCK_DGRAM)
      yield* sock.sendto("x", ["224.0.0.1", 5353])
      yield* sock.sendto("x", ["127.0.0.9", 7])
      sock.close()
    })
    expect(w.internet.hosts.length).toBe(0)
    expect(w.world.metrics.count("ip.drop.no-route")).toBe(2)
  })

  it("a crashed and restarted internet host serves again (ports reopen on demand)", () => {
    const w = internetWorld()
    const got: string[] = []
    runScript(w, function* () {
      const addr = w.m.getaddrinfo("flaky.example.com", 7)[0]![4]
      const a = w.m.socket()
      yield* a.connect(addr)
      w.net.crash("flaky.example.com")
      w.net.restart("flaky.example.com")
      yield* a.write("lost\n")
      got.push(errName(yield* ((function* () { try { yield* a.recv(10); return "ok" } catch (e) { return e } })())))
      a.close()
      const c = w.m.socket()
      yield* c.connect(addr)
      yield* c.write("again\n")
      got.push(str(yield* c.readline()))
      c.close()
    })
    expect(got).toEqual(["ECONNRESET", "again\n"])
  })

  it("a service put on a port (the extension point, e.g. TLS on 443) runs there instead of echo", () => {
    const w = internetWorld({
      internet: {
        services: {
          443: function* (conn, ctx) {
            yield* conn.write(`hi from ${ctx.hostname}:${ctx.port}\n`)
            conn.close()
          },
        },
      },
    })
    w.internet.setService(8443, function* (conn) {
      yield* conn.write("other\n")
    })
    const got: string[] = []
    runScript(w, function* () {
      for (const p of [443, 8443, 444]) {
        const sock = w.m.socket()
        yield* sock.connect(w.m.getaddrinfo("tls.example.com", p)[0]![4])
        if (p === 444) yield* sock.write("echo\n")
        got.push(str(yield* sock.readline()))
        sock.close()
      }
    })
    expect(got).toEqual(["hi from tls.example.com:443\n", "other\n", "echo\n"])
  })
})

describe("Internet: HTTP on port 80", () => {
  function* get(sock: InetSocket, extra = ""): ProcessBody<void> {
    yield* sock.write(`GET /index.html HTTP/1.1\r\nHost: www.example.com\r\n${extra}\r\n`)
  }

  it("GET answers 200 with the documented bytes; keep-alive serves two requests on one connection", () => {
    const w = internetWorld()
    const raw: string[] = []
    const responses: { head: string[]; body: string }[] = []
    let stateAfter = -2
    runScript(w, function* () {
      const sock = w.m.socket()
      yield* sock.connect(w.m.getaddrinfo("www.example.com", 80)[0]![4])
      yield* get(sock)
      const body = PAGE("www.example.com")
      const expected =
        "HTTP/1.1 200 OK\r\nServer: fieldnet\r\nContent-Type: text/html\r\n" +
        `Content-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body}`
      raw.push(str(yield* sock.read(expected.length)), expected)
      yield* get(sock)
      responses.push(yield* readResponse(sock))
      yield ms(500)
      stateAfter = sock.getsocketsta()
      sock.close()
    })
    expect(raw[0]).toBe(raw[1])
    expect(PAGE("www.example.com").length).toBe(89)
    expect(responses[0]!.head[0]).toBe("HTTP/1.1 200 OK")
    expect(responses[0]!.body).toBe(PAGE("www.example.com"))
    expect(stateAfter).toBe(4) // still ESTABLISHED: keep-alive
    expect(w.internet.counters.httpRequests).toBe(2)
    expect(w.internet.counters.tcpConnections).toBe(1)
    expect(w.world.metrics.count("internet.http_requests")).toBe(2)
  })

  it("Connection: close gets Connection: close and the server closes after the response", () => {
    const w = internetWorld()
    const got: string[] = []
    runScript(w, function* () {
      const sock = w.m.socket()
      yield* sock.connect(w.m.getaddrinfo("www.example.com", 80)[0]![4])
      yield* get(sock, "Connection: close\r\n")
      const r = yield* readResponse(sock)
      got.push(r.head[0]!, r.head.find((h) => h.startsWith("Connection:"))!, r.body === PAGE("www.example.com") ? "page" : r.body)
      got.push(`eof:${(yield* sock.recv(10)).length}`)
      sock.close()
    })
    expect(got).toEqual(["HTTP/1.1 200 OK", "Connection: close", "page", "eof:0"])
  })

  it("HEAD gets the head with Content-Length and no body", () => {
    const w = internetWorld()
    const got: string[] = []
    runScript(w, function* () {
      const sock = w.m.socket()
      yield* sock.connect(w.m.getaddrinfo("www.example.com", 80)[0]![4])
      yield* sock.write("HEAD / HTTP/1.1\r\nHost: www.example.com\r\n\r\n")
      const r = yield* readResponse(sock, false)
      got.push(r.head[0]!, r.head.find((h) => h.startsWith("Content-Length:"))!)
      sock.settimeout(1)
      try {
        got.push(`body:${(yield* sock.recv(10)).length}`)
      } catch (e) {
        got.push(errName(e))
      }
      sock.close()
    })
    expect(got).toEqual(["HTTP/1.1 200 OK", "Content-Length: 89", "ETIMEDOUT"])
  })

  const BAD = ["HTTP/1.1 400 Bad Request", "<html><body><h1>400 Bad Request</h1></body></html>"] as const
  for (const [what, request, [status, page]] of [
    ["garbage", "hello there\r\n\r\n", BAD],
    ["an HTTP/1.1 request without Host", "GET / HTTP/1.1\r\n\r\n", BAD],
    ["a bad header line", "GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", BAD],
    ["a head over 8 KiB", `GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ${"p".repeat(9000)}`, BAD],
    ["a POST", "POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", ["HTTP/1.1 405 Method Not Allowed", "<html><body><h1>405 Method Not Allowed</h1></body></html>"]],
  ] as const) {
    it(`${what} gets ${status.slice(9)} and a close`, () => {
      const w = internetWorld()
      const got: string[] = []
      runScript(w, function* () {
        const sock = w.m.socket()
        yield* sock.connect(w.m.getaddrinfo("www.example.com", 80)[0]![4])
        yield* sock.write(request)
        const r = yield* readResponse(sock)
        got.push(r.head[0]!, r.head.find((h) => h.startsWith("Connection:"))!, r.body)
        got.push(`eof:${(yield* sock.recv(10)).length}`)
        sock.close()
      })
      expect(got).toEqual([status, "Connection: close", page, "eof:0"])
    })
  }
})

describe("Internet: wildcard DNS", () => {
  it("the same name twice (any case) gives the same address, in 198.18.0.0/15, from the name's hash", () => {
    const w = internetWorld()
    const a = w.m.getaddrinfo("Sensor.Example.COM", 80)[0]![4][0]
    const b2 = w.m.getaddrinfo("sensor.example.com", 443)[0]![4][0]
    expect(a).toBe(b2)
    expect(ip2n(a)).toBe(hashed("sensor.example.com"))
    expect(inRange(a)).toBe(true)
  })

  it("explicit names win: set() before or after a wildcard lookup, and the host is named after it", () => {
    const w = internetWorld()
    w.net.dns.set("api.example.com", "203.0.113.5")
    expect(w.m.getaddrinfo("api.example.com", 80)[0]![4][0]).toBe("203.0.113.5")
    w.m.getaddrinfo("late.example.com", 80)
    w.net.dns.set("late.example.com", "203.0.113.6")
    expect(w.m.getaddrinfo("late.example.com", 80)[0]![4][0]).toBe("203.0.113.6")
    const got: string[] = []
    runScript(w, function* () {
      const sock = w.m.socket()
      yield* sock.connect(["203.0.113.5", 80])
      yield* sock.write("GET / HTTP/1.0\r\n\r\n")
      got.push((yield* readResponse(sock)).body)
      sock.close()
    })
    expect(got).toEqual([PAGE("api.example.com")])
    expect(w.internet.host("api.example.com")?.address).toBe("203.0.113.5")
  })

  it("names under .invalid (RFC 6761) and malformed names still fail like unknown names", () => {
    const w = internetWorld()
    for (const n of ["nowhere.invalid", "bad name.com", "1.2.3", "a..b"]) {
      let e: unknown
      try {
        w.m.getaddrinfo(n, 80)
      } catch (x) {
        e = x
      }
      expect(errName(e), n).toBe("OSError(-2)")
    }
  })

  test.prop([fc.uniqueArray(fc.domain(), { minLength: 1, maxLength: 12, selector: (d) => d.toLowerCase() })], { numRuns: 50 })(
    "addresses do not depend on lookup order unless two names hash to the same address",
    (names) => {
      const forward = new DnsTable()
      const backward = new DnsTable()
      forward.resolveAnyName()
      backward.resolveAnyName()
      const f = names.map((n) => forward.resolve(n)!)
      const r = [...names].reverse().map((n) => backward.resolve(n)!).reverse()
      for (const a of [...f, ...r]) expect(a >= WILD_BASE && a < WILD_BASE + WILD_SIZE).toBe(true)
      expect(new Set(f).size).toBe(names.length)
      const slots = names.map(hashed)
      const clash = new Set(slots).size < slots.length || slots.some((x) => x === WILD_BASE || x === WILD_BASE + WILD_SIZE - 1)
      if (!clash) {
        expect(f).toEqual(slots)
        expect(r).toEqual(slots)
      }
    },
  )

  it("collisions probe upward: the name looked up first keeps the hashed address; hosts' addresses are skipped", () => {
    const seen = new Map<number, string>()
    let pair: [string, string] | undefined
    for (let i = 0; pair === undefined; i++) {
      const n = `n${i}.example`
      const slot = hashed(n)
      if (seen.has(slot) && slot < WILD_BASE + WILD_SIZE - 2) pair = [seen.get(slot)!, n]
      seen.set(slot, n)
    }
    const [x, y] = pair
    const t1 = new DnsTable()
    t1.resolveAnyName()
    expect([t1.resolve(x), t1.resolve(y)]).toEqual([hashed(x), hashed(x) + 1])
    const t2 = new DnsTable()
    t2.resolveAnyName()
    expect([t2.resolve(y), t2.resolve(x)]).toEqual([hashed(x), hashed(x) + 1])
    const t3 = new DnsTable()
    t3.resolveAnyName((ip) => ip === hashed(x))
    expect(t3.resolve(x)).toBe(hashed(x) + 1)
  })

  it("hostFor creates a host ahead of time; internet.host finds it by name and address", () => {
    const w = internetWorld({ trace: true })
    const h = w.internet.hostFor("early.example.com")
    expect(h.name).toBe("early.example.com")
    expect(inRange(h.address)).toBe(true)
    expect(w.internet.hostFor("early.example.com")).toBe(h)
    expect(w.internet.host(h.address)).toBe(h)
    expect(w.internet.host("dev")).toBeUndefined()
    expect(() => w.internet.hostFor("10.0.0.2")).toThrow(RangeError)
    expect(() => w.internet.hostFor("x.invalid")).toThrow(RangeError)
    const line = w.world.trace.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.kind === "internet.host")
    expect(line).toMatchObject({ node: "early.example.com", ip: h.address, dns: "early.example.com" })
  })
})

describe("Internet: determinism", () => {
  function digest(seed: number): { digest: string; kinds: Set<string> } {
    const w = internetWorld({ seed, trace: true })
    runScript(w, function* () {
      for (const [n, p] of [["a.example.com", 7], ["b.example.org", 80], ["c.example.net", 5683]] as const) {
        const sock = w.m.socket()
        yield* sock.connect(w.m.getaddrinfo(n, p)[0]![4])
        yield* sock.write(p === 80 ? "GET / HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n" : "x".repeat(5000))
        if (p === 80) yield* readResponse(sock)
        else yield* sock.read(5000)
        sock.close()
      }
      const u = w.m.socket(w.m.AF_INET, w.m.SOCK_DGRAM)
      yield* u.sendto("d", w.m.getaddrinfo("d.example.com", 9)[0]![4])
      yield* u.recvfrom(10)
    })
    const kinds = new Set(w.world.trace.lines.map((l) => (JSON.parse(l) as { kind: string }).kind))
    return { digest: w.world.trace.digest(), kinds }
  }

  it("the same script twice gives the same trace digest (and another seed another one)", () => {
    const a = digest(1)
    expect(digest(1).digest).toBe(a.digest)
    expect(digest(2).digest).not.toBe(a.digest)
    for (const k of ["internet.host", "tcp.state", "usocket.connect", "usocket.accept", "usocket.listen"]) expect(a.kinds.has(k), k).toBe(true)
  })
})
