import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { s, type ProfileName } from "../../index.ts"
import { ipWorld } from "../ip/world.ts"

/** Rows of stack/usocket/ERRORS.md: id → [default-profile outcome, pycom outcome]. */
function table(): Map<string, [string, string]> {
  const text = readFileSync(new URL("../../stack/usocket/ERRORS.md", import.meta.url), "utf8")
  const rows = new Map<string, [string, string]>()
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((c) => c.trim())
    if (cells.length < 6 || cells[1] === "id" || cells[1]?.startsWith("---")) continue
    rows.set((cells[1] as string).replace(/ †$/, ""), [cells[3] as string, cells[4] as string])
  }
  return rows
}

/** Python-style name of what a call did. */
function describeOutcome(r: { value?: unknown; error?: unknown }): string {
  if ("error" in r) {
    const e = r.error as { name?: string; code?: string; args?: unknown[] }
    if (e.name === "TimeoutError") return "TimeoutError"
    if (e.name === "OSError") return `OSError(${e.code ?? String(e.args?.[0])})`
    if (e.name === "TypeError" || e.name === "ValueError") return e.name
    return `JS ${String(e.name)}: ${String((e as Error).message)}`
  }
  if (r.value instanceof Uint8Array && r.value.length === 0) return "returns b''"
  if (r.value === undefined || r.value === null) return "returns None"
  return `returns ${String(r.value)}`
}

type Mod = ReturnType<typeof ipWorld>["mods"][number]
type Ctx = { m: Mod; w: ReturnType<typeof ipWorld> }
type Case = (c: Ctx) => Generator<any, unknown, any>

const any = (v: unknown) => v as never
const connected = function* (m: Mod) {
  const sock = m.socket()
  yield* sock.connect(["10.0.0.1", 80])
  return sock
}
const closedSock = (m: Mod) => {
  const sock = m.socket()
  sock.close()
  return sock
}

const CASES: Record<string, Case> = {
  "socket-bad-type": function* ({ m }) { return m.socket(m.AF_INET, 99) },
  "socket-raw": function* ({ m }) { return m.socket(m.AF_INET, m.SOCK_RAW) },
  "socket-type-not-int": function* ({ m }) { return m.socket(m.AF_INET, any("x")) },
  "socket-af": function* ({ m }) { return m.socket(m.AF_INET6) },
  "socket-sec": function* ({ m }) { return m.socket(m.AF_INET, m.SOCK_STREAM, m.IPPROTO_SEC) },
  "socket-tcp-ser": function* ({ m }) { return m.socket(m.AF_INET, m.SOCK_STREAM, m.IPPROTO_TCP_SER) },
  "bind-twice": function* ({ m }) { const x = m.socket(); x.bind(["", 0]); x.bind(["", 0]) },
  "bind-in-use": function* ({ m }) { m.socket().bind(["", 81]); m.socket().bind(["", 81]) },
  "bind-foreign-ip": function* ({ m }) { m.socket().bind(["10.9.9.9", 80]) },
  "bind-not-tuple": function* ({ m }) { m.socket().bind(any(80)) },
  "bind-wrong-length": function* ({ m }) { m.socket().bind(any(["10.0.0.2", 80, 0])) },
  "bind-hostname": function* ({ m }) { m.socket().bind(["www.example.com", 80]) },
  "bind-port-not-int": function* ({ m }) { m.socket().bind(any(["10.0.0.2", "80"])) },
  "bind-port-range": function* ({ m }) { m.socket().bind(["10.0.0.2", 70000]) },
  "connect-refused": function* ({ m }) { yield* m.socket().connect(["10.0.0.1", 9]) },
  "connect-nonblocking": function* ({ m }) { const x = m.socket(); x.setblocking(false); yield* x.connect(["10.0.0.1", 80]) },
  "connect-already": function* ({ m }) {
    const x = m.socket()
    x.setblocking(false)
    try { yield* x.connect(["10.0.0.1", 80]) } catch { /* EINPROGRESS */ }
    yield* x.connect(["10.0.0.1", 80])
  },
  "connect-isconn": function* ({ m }) { const x = yield* connected(m); yield* x.connect(["10.0.0.1", 80]) },
  "connect-timeout": function* ({ m, w }) { w.net.partition(["h1"], ["h2"]); const x = m.socket(); x.settimeout(2); yield* x.connect(["10.0.0.1", 80]) },
  "connect-syn-retries": function* ({ m, w }) { w.net.partition(["h1"], ["h2"]); yield* m.socket().connect(["10.0.0.1", 80]) },
  "send-unconnected": function* ({ m }) { return yield* m.socket().send("x") },
  "send-udp-no-dest": function* ({ m }) { return yield* m.socket(m.AF_INET, m.SOCK_DGRAM).send("x") },
  "send-not-bytes": function* ({ m }) { const x = yield* connected(m); return yield* x.send(any(123)) },
  "send-after-reset": function* ({ m, w }) {
    const x = yield* connected(m)
    w.net.crash("h1")
    w.net.restart("h1")
    yield* x.send("a")
    try { yield* x.recv(1) } catch { /* ECONNRESET */ }
    return yield* x.send("b")
  },
  "recv-unconnected": function* ({ m }) { return yield* m.socket().recv(1) },
  "recv-nonblocking": function* ({ m }) { const x = yield* connected(m); x.setblocking(false); return yield* x.recv(10) },
  "recv-timeout": function* ({ m }) { const x = yield* connected(m); x.settimeout(1); return yield* x.recv(10) },
  "recv-negative": function* ({ m }) { const x = yield* connected(m); return yield* x.recv(-1) },
  "recv-reset": function* ({ m, w }) {
    const x = yield* connected(m)
    w.net.crash("h1")
    w.net.restart("h1")
    yield* x.send("a")
    return yield* x.recv(1)
  },
  "recv-size-not-int": function* ({ m }) { const x = yield* connected(m); return yield* x.recv(any("10")) },
  "accept-not-listening": function* ({ m }) { return yield* m.socket().accept() },
  "accept-nonblocking": function* ({ m }) { const x = m.socket(); x.bind(["", 0]); x.listen(); x.setblocking(false); return yield* x.accept() },
  "listen-udp": function* ({ m }) { m.socket(m.AF_INET, m.SOCK_DGRAM).listen() },
  "listen-connected": function* ({ m }) { const x = yield* connected(m); x.listen() },
  "sendto-too-big": function* ({ m }) { return yield* m.socket(m.AF_INET, m.SOCK_DGRAM).sendto(new Uint8Array(65508), ["10.0.0.1", 9]) },
  "sendto-tcp": function* ({ m }) { const x = yield* connected(m); return yield* x.sendto("x", ["10.0.0.1", 80]) },
  "sendto-bad-addr": function* ({ m }) { return yield* m.socket(m.AF_INET, m.SOCK_DGRAM).sendto("x", any("10.0.0.1")) },
  "settimeout-negative": function* ({ m }) { m.socket().settimeout(-1) },
  "settimeout-not-number": function* ({ m }) { m.socket().settimeout(any("1")) },
  "setsockopt-bad-value": function* ({ m }) { m.socket().setsockopt(m.SOL_SOCKET, m.SO_REUSEADDR, any("1")) },
  "closed-send": function* ({ m }) { return yield* closedSock(m).send("x") },
  "closed-recv": function* ({ m }) { return yield* closedSock(m).recv(1) },
  "closed-bind": function* ({ m }) { closedSock(m).bind(["", 0]) },
  "closed-connect": function* ({ m }) { yield* closedSock(m).connect(["10.0.0.1", 80]) },
  "closed-listen": function* ({ m }) { closedSock(m).listen() },
  "closed-accept": function* ({ m }) { return yield* closedSock(m).accept() },
  "closed-setsockopt": function* ({ m }) { closedSock(m).setsockopt(m.SOL_SOCKET, m.SO_REUSEADDR, 1) },
  "closed-settimeout": function* ({ m }) { closedSock(m).settimeout(1) },
  "closed-close": function* ({ m }) { closedSock(m).close() },
  "crashed-host": function* ({ m, w }) { const x = m.socket(); w.net.crash("h2"); w.net.restart("h2"); x.bind(["", 0]) },
  "poll-modify-unknown": function* ({ m, w }) { w.sel[1]!.poll().modify(m.socket(), 1) },
  "getaddrinfo-unknown": function* ({ m }) { return m.getaddrinfo("nowhere.invalid", 80) },
  "getaddrinfo-not-str": function* ({ m }) { return m.getaddrinfo(any(1234), 80) },
  "inet_pton-bad": function* ({ m }) { return m.inet_pton(m.AF_INET, "1.2.3") },
  "inet_ntop-bad": function* ({ m }) { return m.inet_ntop(m.AF_INET, Uint8Array.of(1, 2)) },
  "makefile-text-mode": function* ({ m }) { return m.socket().makefile("r+t") },
}

function run(id: string, profile: ProfileName): string {
  const w = ipWorld({ profiles: ["micropython", profile] })
  const fn = CASES[id]
  if (fn === undefined) throw new Error(`no case for row ${id}`)
  let result: { value?: unknown; error?: unknown } | undefined
  // Runs as h1's program, so crashing h1 stops it.
  w.net.host("h1").run(function* () {
    const srv = w.mods[0]!.socket()
    srv.bind(["", 80])
    srv.listen()
    for (;;) yield* srv.accept()
  })
  w.world.spawn(function* () {
    try {
      result = { value: yield* fn({ m: w.mods[1]!, w }) }
    } catch (error) {
      result = { error }
    }
  }, { node: "h2" })
  w.world.run({ until: s(600) })
  return result === undefined ? "still blocked" : describeOutcome(result)
}

describe("ERRORS.md: every misuse row raises what the table says", () => {
  const rows = table()
  it("has a test case for every row and a row for every case", () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(CASES).sort())
  })
  for (const [id, [mp, pycom]] of rows) {
    it(`${id}: micropython → ${mp}, pycom → ${pycom}`, () => {
      expect(run(id, "micropython")).toBe(mp)
      expect(run(id, "pycom")).toBe(pycom)
    })
  }
})
