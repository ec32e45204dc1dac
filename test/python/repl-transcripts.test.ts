/**
 * The seeds' `>>> ` transcripts, typed into a board's REPL (real MicroPython):
 * the interpreter's echo and output must be the transcript, line by line
 * (trailing whitespace aside). The transcripts are extracted from the seed
 * files themselves (FIELDNET_SEEDS, default ../shared/seeds beside the repo);
 * without them those tests are skipped with a warning, and the copies in
 * scenarios/firmware/rtthread-tcp.ts still run.
 *
 * - rt-thread-usocket.md: the TCP server and TCP client examples, on
 *   "rt-thread" boards, with their peers as in the rtthread-tcp scenario.
 * - micropython-socket.txt: the inet_ntop / inet_pton examples, on a
 *   "micropython" board.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, test } from "vitest"
import { Network, PythonDevice, runScenario, s, Simulation, Trace } from "../../index.ts"
import rtthreadTcp, { buildRtThreadLan, CLIENT_TRANSCRIPT, compareTranscript, replInput, SERVER_TRANSCRIPT, type RtThreadLanOptions } from "../../scenarios/firmware/rtthread-tcp.ts"

const SEEDS = process.env.FIELDNET_SEEDS ?? fileURLToPath(new URL("../../../shared/seeds/", import.meta.url))
const haveSeeds = existsSync(join(SEEDS, "rt-thread-usocket.md")) && existsSync(join(SEEDS, "micropython-socket.txt"))
if (!haveSeeds) console.warn(`repl-transcripts: seed files not found in ${SEEDS} (set FIELDNET_SEEDS); transcripts from the seeds SKIPPED`)

/** A `>>> ` transcript found in a seed: its lines (prompt lines and output, indentation removed) and where it starts. */
interface Transcript {
  readonly line: number
  readonly lines: readonly string[]
}

/**
 * Every `>>> ` transcript of a text: a run of lines starting at a `>>> ` line,
 * at that line's indentation, up to a blank line. A line that is not a prompt
 * is the output of the input before it — except a definition heading of the
 * page (`socket.inet_pton(af, txt_addr)`, `socket.IPPROTO_TCP`): in the
 * flattened HTML of micropython-socket.txt the next entry's title follows an
 * example without a blank line. A REPL never prints such a line (a value's
 * repr is not a dotted name or a call).
 */
function extractTranscripts(text: string): Transcript[] {
  const lines = text.split(/\r?\n/)
  const out: Transcript[] = []
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!
    const indent = first.length - first.trimStart().length
    if (!first.trimStart().startsWith(">>>")) continue
    const block: string[] = []
    let j = i
    for (; j < lines.length; j++) {
      const l = lines[j]!
      if (l.trim() === "" || l.length - l.trimStart().length !== indent) break
      const body = l.slice(indent)
      if (!/^(>>>|\.\.\.)/.test(body) && /^u?socket\.[A-Za-z_]\w*(\(.*\))?\s*$/.test(body)) break
      block.push(body)
    }
    out.push({ line: i + 1, lines: block })
    i = j - 1
  }
  return out
}

const seed = (name: string): string => readFileSync(join(SEEDS, name), "utf8")

/** Runs `input` at the REPL of one board (alone on a network, at 10.0.0.2); what it printed. */
function repl(board: "micropython" | "rt-thread", input: readonly string[]): string[] {
  const world = new Simulation({ seed: 1, trace: { enabled: false } })
  try {
    const net = new Network(world)
    const dev = new PythonDevice(world, "board", { board, firmware: { files: {} }, repl: input })
    net.addHost(dev, "10.0.0.2")
    const printed: string[] = []
    dev.runtime.onConsole((l) => printed.push(l.text))
    world.run({ until: s(10) })
    return printed
  } finally {
    world.dispose()
  }
}

/** The rtthread-tcp LAN fed `server` / `client` for 30 s; the printed lines by device and the trace. */
function runLan(server: readonly string[], client: readonly string[], o: Omit<RtThreadLanOptions, "serverRepl" | "clientRepl"> = {}) {
  const trace = new Trace({ sink: { kind: "memory" } })
  const world = new Simulation({ seed: 1, trace })
  try {
    const lan = buildRtThreadLan(world, { serverRepl: server, clientRepl: client, ...o })
    world.run({ until: s(30) })
    trace.close()
    return { printed: lan.printed, trace: trace.lines.map((l) => JSON.parse(l) as Record<string, unknown>) }
  } finally {
    world.dispose()
  }
}

describe.skipIf(!haveSeeds)("transcripts extracted from the seeds", () => {
  test("rt-thread-usocket.md holds two transcripts, the scenario's copies verbatim (trailing spaces included)", () => {
    const ts = extractTranscripts(seed("rt-thread-usocket.md"))
    expect(ts.map((t) => t.lines)).toEqual([SERVER_TRANSCRIPT, CLIENT_TRANSCRIPT])
  })

  test("micropython-socket.txt holds two one-line transcripts (inet_ntop, inet_pton), their output without the next entry's heading", () => {
    const ts = extractTranscripts(seed("micropython-socket.txt"))
    expect(ts.map((t) => t.lines)).toEqual([INET_TRANSCRIPT.slice(0, 2), INET_TRANSCRIPT.slice(2)])
  })

  test("RT-Thread: both transcripts, typed into two rt-thread boards with their peers, print what the seed shows", () => {
    const [server, client] = extractTranscripts(seed("rt-thread-usocket.md"))
    const r = runLan(replInput(server!.lines), replInput(client!.lines))
    expect(compareTranscript(server!.lines, r.printed["rt-server"]!)).toBeUndefined()
    expect(compareTranscript(client!.lines, r.printed["rt-client"]!)).toBeUndefined()
    // The output lines come from the peers: recv(10) got the peer client's 10 bytes; the peer server got the 11.
    const at = (node: string, kind: string) => r.trace.filter((e) => e.node === node && e.kind === kind)
    expect(at("rt-server", "usocket.accept")).toEqual([expect.objectContaining({ peer: "192.168.12.100:49152" })])
    expect(at("rt-server", "usocket.recv")).toEqual([expect.objectContaining({ bytes: 10 })])
    expect(at("rt-client", "usocket.connect")).toEqual([expect.objectContaining({ to: "192.168.10.110:6000" })])
    expect(r.printed["peer-server"]).toEqual(["listening on 6000", "accepted ('192.168.12.33', 49152)", "received b'micropython'"])
  })

  test("MicroPython: inet_ntop and inet_pton print what the docs show (after the `import socket` the page assumes)", () => {
    const ts = extractTranscripts(seed("micropython-socket.txt"))
    const lines = ts.flatMap((t) => t.lines)
    // The examples use `socket` without importing it (the page is the socket module's); one session,
    // preceded by `import socket`, whose echo is not part of the comparison.
    const printed = repl("micropython", ["import socket", ...replInput(lines)])
    expect(compareTranscript(lines, printed, 1)).toBeUndefined()
    expect(printed).toContain("'127.0.0.1'")
  })
})

/** The inet_ntop / inet_pton examples of MicroPython's socket docs (micropython-socket.txt), as the seed test above finds them. */
const INET_TRANSCRIPT = ['>>> socket.inet_ntop(socket.AF_INET, b"\\x7f\\0\\0\\1")', "'127.0.0.1'", '>>> socket.inet_pton(socket.AF_INET, "1.2.3.4")', "b'\\x01\\x02\\x03\\x04'"]

describe("MicroPython's socket docs examples (this file's copy, which needs no seed files)", () => {
  test("inet_ntop and inet_pton print what the docs show", () => {
    const printed = repl("micropython", ["import socket", ...replInput(INET_TRANSCRIPT)])
    expect(compareTranscript(INET_TRANSCRIPT, printed, 1)).toBeUndefined()
  })
})

describe("the rtthread-tcp scenario (its own copies of the transcripts)", () => {
  test("runs both transcripts unmodified: metrics report a match and the documented outputs", () => {
    const r = runScenario(rtthreadTcp, { seed: 1 })
    expect(r.failures).toEqual([])
    expect(r.metrics).toMatchObject({
      server_transcript_match: 1,
      client_transcript_match: 1,
      server_recv_printed: "b'rt-thread\\r'",
      client_send_printed: "11",
      peer_server_printed: "received b'micropython'",
      peer_client_printed: "sent 10",
    })
    expect(runScenario(rtthreadTcp, { seed: 1 }).digest).toBe(r.digest)
  })

  test("the comparison catches a session that departs from the transcript: no server at 192.168.10.110", () => {
    // The PC's debugging tool not started: the SYNs go unanswered and, 30 s in, s.connect is still retrying.
    const r = runLan(replInput(SERVER_TRANSCRIPT), replInput(CLIENT_TRANSCRIPT), { peerServer: false })
    expect(compareTranscript(SERVER_TRANSCRIPT, r.printed["rt-server"]!)).toBeUndefined()
    expect(compareTranscript(CLIENT_TRANSCRIPT, r.printed["rt-client"]!)).toEqual({ line: 3, expected: '>>> s.send("micropython")', got: undefined })
    expect(r.trace.filter((e) => e.node === "rt-client" && e.kind === "tcp.rto").length).toBeGreaterThan(0)
  })

  test("the client typed while its server's board is still booting connects once it is up (the SYN is retransmitted)", () => {
    const r = runLan(replInput(SERVER_TRANSCRIPT), replInput(CLIENT_TRANSCRIPT), { clientPowerOnMs: 0 })
    expect(r.trace.filter((e) => e.node === "peer-server" && e.kind === "tcp.rst_sent")).toEqual([])
    expect(compareTranscript(CLIENT_TRANSCRIPT, r.printed["rt-client"]!)).toBeUndefined()
  })
})
