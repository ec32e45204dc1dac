import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { Device, Internet, Network, Simulation, ms, s, select, usocket, type InetSocket, type ProcessBody, type ProfileName } from "../../index.ts"
import { errName, str } from "./world.ts"

/**
 * h1 (10.0.0.1, "srv.local"): a TCP echo on 80 and a UDP echo on 5683.
 * h2 (10.0.0.2): the device whose link goes down, with the given profile.
 */
function linkWorld(profile: ProfileName = "micropython") {
  const world = new Simulation({ seed: 1, trace: { sink: { kind: "memory" } } })
  const net = new Network(world, { link: { latency: ms(10) } })
  const [d1, d2] = [new Device(world, "h1"), new Device(world, "h2", { profile })]
  net.addHost(d1, "10.0.0.1")
  const dev = net.addHost(d2, "10.0.0.2")
  net.dns.set("srv.local", "10.0.0.1")
  const [m1, m] = [usocket(d1), usocket(d2)]
  net.host("h1").run(function* () {
    const srv = m1.socket()
    srv.bind(["", 80])
    srv.listen()
    for (;;) {
      const [c] = (yield* srv.accept()) as [InetSocket, unknown]
      world.spawn(function* () {
        for (;;) {
          const d = yield* c.recv(512)
          if (d.length === 0) break
          yield* c.sendall(d)
        }
        c.close()
      })
    }
  }, "tcp-echo")
  net.host("h1").run(function* () {
    const u = m1.socket(m1.AF_INET, m1.SOCK_DGRAM)
    u.bind(["", 5683])
    for (;;) {
      const [d, from] = yield* u.recvfrom(512)
      yield* u.sendto(d, from)
    }
  }, "udp-echo")
  const lines = () => world.trace.lines.map((l) => JSON.parse(l) as Record<string, unknown>)
  return { world, net, dev, m, lines, sel: select(d2) }
}

type W = ReturnType<typeof linkWorld>

/** Runs `script` on h2 and returns what it returned or threw. */
function run<T>(w: W, script: () => ProcessBody<T>, until = s(60)): { value?: T; error?: unknown } {
  let r: { value?: T; error?: unknown } | undefined
  w.net.host("h2").run(function* () {
    try {
      r = { value: yield* script() }
    } catch (error) {
      r = { error }
    }
  }, "script")
  w.world.run({ until })
  if (r === undefined) throw new Error("script still blocked")
  return r
}

/** The same wording as ERRORS.md. */
function outcome(r: { value?: unknown; error?: unknown }): string {
  if ("error" in r) {
    const e = r.error as { name?: string; code?: string; args?: unknown[] }
    if (e.name === "TimeoutError") return "TimeoutError"
    if (e.name === "OSError") return `OSError(${e.code ?? String(e.args?.[0])})`
    return `JS ${String(e.name)}`
  }
  if (Array.isArray(r.value)) return `returns ${r.value.length} ${r.value.length === 1 ? "entry" : "entries"}`
  return `returns ${String(r.value)}`
}

/** The rows of ERRORS.md's "Link down" table: id → [lwIP ports' outcome, pycom's]. */
function linkDownRows(): Map<string, [string, string]> {
  const text = readFileSync(new URL("../../stack/usocket/ERRORS.md", import.meta.url), "utf8")
  const section = text.slice(text.indexOf("## Link down"))
  const rows = new Map<string, [string, string]>()
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((c) => c.trim())
    if (cells.length !== 5 || cells[1] === "id" || cells[1]!.startsWith("---")) continue
    const [mp, pycom] = cells[3]!.split(" / ")
    rows.set(cells[1]!, [mp!, pycom!])
  }
  return rows
}

/** Takes h2's link down. */
const down = (w: W): void => w.dev.setLinkUp(false)

const CASES: Record<string, (w: W) => ProcessBody<unknown>> = {
  "linkdown-connect": function* (w) { down(w); yield* w.m.socket().connect(["10.0.0.1", 80]) },
  "linkdown-connect-nonblocking": function* (w) { down(w); const x = w.m.socket(); x.setblocking(false); yield* x.connect(["10.0.0.1", 80]) },
  "linkdown-sendto": function* (w) { down(w); return yield* w.m.socket(w.m.AF_INET, w.m.SOCK_DGRAM).sendto("x", ["10.0.0.1", 5683]) },
  "linkdown-send-udp": function* (w) { down(w); const x = w.m.socket(w.m.AF_INET, w.m.SOCK_DGRAM); yield* x.connect(["10.0.0.1", 5683]); return yield* x.send("x") },
  "linkdown-getaddrinfo": function* (w) { down(w); return w.m.getaddrinfo("srv.local", 80) },
  "linkdown-getaddrinfo-numeric": function* (w) { down(w); return w.m.getaddrinfo("10.0.0.1", 80) },
  "linkdown-send-established": function* (w) {
    const x = w.m.socket()
    yield* x.connect(["10.0.0.1", 80]) // established with the link up
    down(w)
    x.setblocking(false)
    return yield* x.send("x")
  },
}

describe("link down: ERRORS.md rows", () => {
  const rows = linkDownRows()
  it("has a case for every row and a row for every case", () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(CASES).sort())
  })
  for (const [id, [mp, pycom]] of rows) {
    it(`${id}: micropython → ${mp}, pycom → ${pycom}`, () => {
      for (const [profile, want] of [["micropython", mp], ["pycom", pycom]] as const) {
        const w = linkWorld(profile)
        expect(outcome(run(w, () => CASES[id]!(w))), profile).toBe(want)
      }
    })
  }
})

describe("link down: effects", () => {
  it("connect raises EHOSTUNREACH with the profile's number at once; Pycom closes the socket", () => {
    const got: string[] = []
    for (const profile of ["micropython", "rt-thread", "quecpython", "k230", "pycom"] as const) {
      const w = linkWorld(profile)
      w.dev.setLinkUp(false)
      const r = run(w, function* () {
        const x = w.m.socket()
        const t0 = w.world.now
        try {
          yield* x.connect(["10.0.0.1", 80])
        } catch (e) {
          return `${profile}:${String((e as { errno: unknown }).errno)}:${w.world.now - t0}us:fileno ${x.fileno() >= 0 ? "open" : "closed"}`
        }
        return "connected"
      })
      got.push(r.value as string)
    }
    expect(got).toEqual([
      "micropython:113:0us:fileno open",
      "rt-thread:113:0us:fileno open",
      "quecpython:113:0us:fileno open",
      "k230:113:0us:fileno open",
      "pycom:118:0us:fileno closed",
    ])
  })

  it("setLinkUp is traced as ip.link on the host's node, once per change", () => {
    const w = linkWorld()
    w.dev.setLinkUp(false)
    w.dev.setLinkUp(false)
    w.dev.setLinkUp(true)
    expect(w.dev.linkUp).toBe(true)
    expect(w.lines().filter((l) => l.kind === "ip.link")).toEqual([
      { t: 0, node: "h2", kind: "ip.link", up: false, state: "down" },
      { t: 0, node: "h2", kind: "ip.link", up: true, state: "up" },
    ])
  })

  it("packets to a host whose link is down are dropped (reason link-down, on its node) and never delivered", () => {
    const w = linkWorld()
    const got: string[] = []
    const recv = w.m.socket(w.m.AF_INET, w.m.SOCK_DGRAM)
    recv.bind(["", 9000])
    w.dev.setLinkUp(false)
    w.net.host("h1").run(function* () {
      const u = usocket(w.net.host("h1").device!).socket(2, 2)
      yield* u.sendto("to a down host", ["10.0.0.2", 9000])
      yield ms(100)
      w.dev.setLinkUp(true)
      yield* u.sendto("to an up host", ["10.0.0.2", 9000])
    })
    const r = run(w, function* () {
      const [d] = yield* recv.recvfrom(100)
      got.push(str(d))
    })
    expect(r.error).toBeUndefined()
    expect(got).toEqual(["to an up host"])
    expect(w.world.metrics.count("ip.drop.link-down")).toBe(1)
    const drop = w.lines().find((l) => l.kind === "ip.drop")
    expect(drop).toMatchObject({ node: "h2", reason: "link-down", from: "10.0.0.1", proto: "udp", dport: 9000 })
  })

  it("with the link up again, connect, UDP and getaddrinfo work", () => {
    const w = linkWorld()
    const r = run(w, function* () {
      const out: string[] = []
      w.dev.setLinkUp(false)
      try {
        yield* w.m.socket().connect(w.m.getaddrinfo("srv.local", 80)[0]![4])
      } catch (e) {
        out.push(errName(e))
      }
      yield s(1)
      w.dev.setLinkUp(true)
      const addr = w.m.getaddrinfo("srv.local", 80)[0]![4]
      const t = w.m.socket()
      yield* t.connect(addr)
      yield* t.write("tcp\n")
      out.push(str(yield* t.readline()))
      t.close()
      const u = w.m.socket(w.m.AF_INET, w.m.SOCK_DGRAM)
      yield* u.sendto("udp", ["10.0.0.1", 5683])
      out.push(str((yield* u.recvfrom(10))[0]))
      return out
    })
    expect(r.value).toEqual(["OSError(-2)", "tcp\n", "udp"])
  })

  it("an established connection survives a short outage: its segments are dropped, retransmitted, then delivered", () => {
    const w = linkWorld()
    const r = run(w, function* () {
      const sock = w.m.socket()
      yield* sock.connect(["10.0.0.1", 80])
      w.dev.setLinkUp(false)
      yield* sock.write("during the outage\n")
      yield s(3)
      w.dev.setLinkUp(true)
      sock.settimeout(30)
      const line = str(yield* sock.readline())
      sock.close()
      return line
    })
    expect(r.value).toBe("during the outage\n")
    expect(w.world.metrics.count("ip.drop.link-down")).toBeGreaterThanOrEqual(2) // the first send and ≥ 1 retransmission
    expect(w.world.metrics.count("tcp.rto")).toBeGreaterThanOrEqual(2)
  })

  it("an established connection times out on a long outage (retransmissions exhausted: ETIMEDOUT)", () => {
    const w = linkWorld()
    const r = run(
      w,
      function* () {
        const sock = w.m.socket()
        yield* sock.connect(["10.0.0.1", 80])
        w.dev.setLinkUp(false)
        yield* sock.write("into the void\n")
        const t0 = w.world.now
        try {
          yield* sock.recv(10)
          return "data"
        } catch (e) {
          return `${errName(e)} after ${Math.round((w.world.now - t0) / 60e6)} min`
        }
      },
      s(3600),
    )
    expect(r.value).toMatch(/^ETIMEDOUT after \d+ min$/)
    expect(w.world.metrics.count("tcp.error.ETIMEDOUT")).toBe(1)
    expect(w.world.metrics.count("tcp.rto")).toBe(12) // lwIP TCP_MAXRTX
  })

  it("with an Internet, nothing is created while the link is down: names fail, literal addresses are unreachable", () => {
    const w = linkWorld()
    const internet = new Internet(w.net)
    const r = run(w, function* () {
      const out: string[] = []
      w.dev.setLinkUp(false)
      try {
        w.m.getaddrinfo("example.com", 80)
      } catch (e) {
        out.push(errName(e))
      }
      try {
        yield* w.m.socket().connect(["93.184.216.34", 80])
      } catch (e) {
        out.push(errName(e))
      }
      w.dev.setLinkUp(true)
      const sock = w.m.socket()
      yield* sock.connect(w.m.getaddrinfo("example.com", 7)[0]![4])
      yield* sock.write("up\n")
      out.push(str(yield* sock.readline()))
      return out
    })
    expect(r.value).toEqual(["OSError(-2)", "EHOSTUNREACH", "up\n"])
    expect(internet.hosts.map((h) => h.name)).toEqual(["example.com"])
  })
})
