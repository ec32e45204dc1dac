/**
 * The seeds' socket examples, unmodified, as firmware on simulated boards in
 * the default firmware world (the simulated internet): what they print, what
 * the trace shows, their timing in sim time, determinism, and `fieldnet run`.
 *
 * - scenarios/firmware/k230-tcp-client.py: K230 "2.示例" (seeds/k230-socket.md)
 * - scenarios/firmware/pycom-usocket.py: Pycom usocket's getaddrinfo example (seeds/pycom-usocket.md)
 * - scenarios/firmware/quecpython-socket.py: QuecPython's usocket example; its
 *   printed output is tested in network-ip.test.ts, its trace and determinism here.
 */
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, test } from "vitest"
import { ms, s } from "../../index.ts"
import { kinds, runFirmware, type FirmwareRun } from "./harness.ts"

const read = (p: string): string => readFileSync(new URL(`../../scenarios/firmware/${p}`, import.meta.url), "utf8")
const K230 = read("k230-tcp-client.py")
const PYCOM = read("pycom-usocket.py")
const QUEC = read("quecpython-socket.py")

const SEEDS = process.env.FIELDNET_SEEDS ?? fileURLToPath(new URL("../../../shared/seeds/", import.meta.url))
const haveSeeds = existsSync(join(SEEDS, "k230-socket.md")) && existsSync(join(SEEDS, "pycom-usocket.md"))
if (!haveSeeds) console.warn(`seeds.test: seed files not found in ${SEEDS} (set FIELDNET_SEEDS); the verbatim checks are SKIPPED`)

/** The fenced code blocks of a markdown file. */
const codeBlocks = (md: string): string[] => [...md.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!)

/** Trace entries of `kind` on `node`. */
const on = (r: FirmwareRun, node: string, kind: string) => kinds(r, kind).filter((e) => e.node === node)

describe.skipIf(!haveSeeds)("the firmware files are the seeds' examples", () => {
  test("k230-tcp-client.py: the directive, a source comment, then the doc's example byte for byte", () => {
    const lines = K230.split("\n")
    expect(lines[0]).toBe("# fieldnet: --board k230")
    expect(lines[1]).toMatch(/^# Source: .*k230-socket\.md/)
    const md = readFileSync(join(SEEDS, "k230-socket.md"), "utf8")
    const example = codeBlocks(md.slice(md.indexOf("## 2.示例")))[0]!
    expect(example).toContain("client()")
    expect(lines.slice(2).join("\n")).toBe(example)
  })

  test("pycom-usocket.py: the doc's two lines verbatim, with only `import socket` added", () => {
    const example = codeBlocks(readFileSync(join(SEEDS, "pycom-usocket.md"), "utf8")).find((b) => b.includes("getaddrinfo"))!
    const code = PYCOM.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"))
    // The seed is a scraped mirror page: "|" and "||" lines are its gutter, between every source line.
    expect(code).toEqual(["import socket", ...example.split("\n").filter((l) => l.trim() !== "" && !/^\|+$/.test(l))])
    expect(code).toEqual(["import socket", "s = socket.socket()", "s.connect(socket.getaddrinfo('www.micropython.org', 80)[0][-1])"])
  })
})

describe("K230 TCP client example (k230 board, default world)", () => {
  const r = runFirmware(K230, { board: "k230", until: s(30) })
  const board = "board"

  test("prints the address, the ten lines with write()'s 30 each, and end", () => {
    const sends = Array.from({ length: 10 }, (_, i) => [`K230 tcp client send test ${i} `, "", "30"]).flat()
    // print(str) of "...\r\n" shows the line, the \r\n's line break and print's own: an empty line.
    expect(r.out).toEqual([
      "Address infos: [(2, 1, 0, '', ('10.100.228.5', 60000))]",
      "Connect address: ('10.100.228.5', 60000)",
      ...sends,
      "end",
    ])
    expect(kinds(r, "py.main.end")).toEqual([expect.objectContaining({ node: board, file: "main.py", status: "ok" })])
  })

  test("time.sleep(0.2) between writes and time.sleep(1) before close, in sim time", () => {
    const at = (text: string) => r.lines.filter((l) => l.text === text).map((l) => l.t)
    const writes = Array.from({ length: 10 }, (_, i) => at(`K230 tcp client send test ${i} `)[0]!)
    for (let i = 1; i < 10; i++) {
      const gap = writes[i]! - writes[i - 1]!
      expect(gap).toBeGreaterThanOrEqual(s(0.2))
      expect(gap).toBeLessThan(s(0.2) + ms(1)) // a few 50 µs calls (write, print) besides the sleep
    }
    const close = on(r, board, "usocket.close")[0]!.t as number
    expect(close - writes[9]!).toBeGreaterThanOrEqual(s(1.2))
    expect(close - writes[9]!).toBeLessThan(s(1.2) + ms(1))
    expect(at("end")[0]).toBeGreaterThanOrEqual(close)
  })

  test("the trace: one TCP connection to 10.100.228.5:60000, 300 bytes arriving in ten 30-byte reads, echoed", () => {
    expect(on(r, board, "usocket.connect")).toEqual([expect.objectContaining({ to: "10.100.228.5:60000" })])
    expect(on(r, board, "tcp.state").find((e) => e.to === "ESTABLISHED")).toMatchObject({ peer: "10.100.228.5:60000" })
    const host = "internet/10.100.228.5"
    expect(on(r, host, "usocket.accept")).toEqual([expect.objectContaining({ peer: "10.0.0.2:49152" })])
    expect(on(r, host, "usocket.recv").map((e) => e.bytes)).toEqual(Array(10).fill(30))
    expect(r.world.metrics.snapshot()).toMatchObject({ "internet.tcp_connections": 1, "internet.bytes_echoed": 300 })
    // The example never reads the echoes: lwIP's tcp_close with unread data answers with a RST
    // (tcp.c tcp_close_shutdown, rst_on_unacked_data), so the board goes ESTABLISHED → CLOSED and the host sees ECONNRESET.
    expect(on(r, board, "tcp.state").at(-1)).toMatchObject({ from: "ESTABLISHED", to: "CLOSED" })
    expect(on(r, host, "tcp.error")).toEqual([expect.objectContaining({ errno: "ECONNRESET" })])
  })

  test("deterministic: the same digest twice", () => {
    expect(runFirmware(K230, { board: "k230", until: s(30) }).digest).toBe(r.digest)
  })
})

describe("Pycom usocket getaddrinfo example (LoPy4, default world)", () => {
  const r = runFirmware(PYCOM, { board: "lopy4", until: s(10) })

  test("resolves www.micropython.org and connects to its port 80; prints nothing; main.py ends ok", () => {
    expect(r.out).toEqual([])
    const [host] = kinds(r, "internet.host")
    expect(host).toMatchObject({ node: "www.micropython.org", dns: "www.micropython.org" })
    const to = `${String(host!.ip)}:80`
    expect(host!.ip).toMatch(/^198\.1[89]\./) // the simulated internet's wildcard DNS range
    expect(on(r, "board", "usocket.connect")).toEqual([expect.objectContaining({ to })])
    expect(on(r, "board", "tcp.state").map((e) => e.to)).toEqual(["SYN_SENT", "ESTABLISHED"])
    expect(on(r, "www.micropython.org", "usocket.accept")).toEqual([expect.objectContaining({ peer: "10.0.0.2:49152" })])
    expect(kinds(r, "py.main.end")).toEqual([expect.objectContaining({ status: "ok" })])
  })

  test("deterministic: the same digest twice", () => {
    expect(runFirmware(PYCOM, { board: "lopy4", until: s(10) }).digest).toBe(r.digest)
  })
})

describe("QuecPython usocket example (quectel board): trace and determinism", () => {
  const r = runFirmware(QUEC, { board: "quectel", until: s(30) })

  test("one connection to www.tongxinmao.com:80: the 98-byte request, the server's 198-byte answer", () => {
    expect(kinds(r, "internet.host")).toEqual([expect.objectContaining({ dns: "www.tongxinmao.com" })])
    expect(on(r, "board", "usocket.send")).toEqual([expect.objectContaining({ bytes: 98 })])
    expect(on(r, "board", "usocket.recv")).toEqual([expect.objectContaining({ bytes: 198 })])
    expect(r.out).toContain("INFO:SOCKET:HTTP/1.1 200 OK")
    expect(kinds(r, "py.main.end")).toEqual([expect.objectContaining({ status: "ok" })])
  })

  test("deterministic: the same digest twice", () => {
    expect(runFirmware(QUEC, { board: "quectel", until: s(30) }).digest).toBe(r.digest)
  })
})

describe("fieldnet run scenarios/firmware/k230-tcp-client.py --json", () => {
  test("exits 0 on the k230 board (the file's directive) with the run's metrics", () => {
    const p = spawnSync(process.execPath, ["bin/fieldnet.js", "run", "scenarios/firmware/k230-tcp-client.py", "--json"], { encoding: "utf8" })
    expect(p.status, p.stderr).toBe(0)
    const lines = p.stdout.trim().split("\n")
    expect(lines).toHaveLength(1)
    const j = JSON.parse(lines[0]!) as { params: Record<string, unknown>; metrics: Record<string, unknown>; failures: unknown[] }
    expect(j.params).toMatchObject({ board: "k230" })
    expect(j.failures).toEqual([])
    expect(j.metrics).toMatchObject({
      board: "k230",
      boots: 1,
      device_state: "running",
      printed_lines: 33, // 2 + 10 × 3 + "end"
      "internet.tcp_connections": 1,
      "internet.bytes_echoed": 300,
      "tcp.error.ECONNRESET": 1, // the close with the echoes unread (see above)
    })
  })
})
