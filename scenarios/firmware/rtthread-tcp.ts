/**
 * firmware/rtthread-tcp: the two REPL transcripts of RT-Thread's usocket page
 * (seeds/rt-thread-usocket.md, "示例"), typed unmodified into the REPL of two
 * RT-Thread boards (real MicroPython, board "rt-thread"), with the two peers the
 * transcripts talk to running as MicroPython firmware too — the whole LAN is
 * firmware:
 *
 *   rt-server    192.168.12.32   REPL: the "TCP Server example" (bind 6001, accept, recv(10) → b'rt-thread\r')
 *   rt-client    192.168.12.33   REPL: the "TCP Client example" (connect 192.168.10.110:6000, send → 11)
 *   peer-server  192.168.10.110  main.py rtthread/peer-server.py: listens on 6000, prints what arrives
 *   peer-client  192.168.12.100  main.py rtthread/peer-client.py: connects to 192.168.12.32:6001, sends "rt-thread\r"
 *
 * The doc's bench had a PC with a TCP debugging tool on the other end of each
 * transcript; the two peer boards play that PC (its server and its client).
 * The client transcript's board has no address in the doc (only its server's,
 * 192.168.10.110, which must therefore be the peer), so it gets .12.33.
 *
 * Order, as on the bench: the PC's server is started before the client
 * transcript is typed. RT-Thread boards boot in 0.5 s and the peers (board
 * "micropython") in 1 s, so rt-client powers on at `clientPowerOnMs` (1 s
 * default: its `s.connect` runs at 1.5 s, after peer-server listens at 1 s).
 * The server transcript needs no such care: its `s.accept()` blocks until
 * peer-client connects (which retries every second if the board is not
 * listening yet).
 *
 * `--set peerServer=false` leaves the PC's server out: the client transcript's
 * connect gets no answer and the metrics name the first line that differs.
 *
 * Metrics: whether each board's REPL echo and output match the transcript
 * line by line (trailing whitespace aside), the first differing line if not,
 * what `sock.recv(10)` and `s.send(...)` printed, and what the peer server got.
 *
 *   npx fieldnet run scenarios/firmware/rtthread-tcp.ts --json
 */
import { fileURLToPath } from "node:url"
import { defineScenario, ms, Network, param, PythonDevice, Schema, type MetricValue, type Simulation } from "fieldnet"

/** The seed's "TCP Server example", line for line (trailing spaces included). */
export const SERVER_TRANSCRIPT: readonly string[] = [
  ">>> import usocket ",
  ">>> s = usocket.socket(usocket.AF_INET,usocket.SOCK_STREAM)  # Create STREAM TCP socket",
  ">>> s.bind(('192.168.12.32', 6001))   ",
  ">>> s.listen(5)",
  ">>> s.setblocking(True)",
  ">>> sock,addr=s.accept()              ",
  ">>> sock.recv(10)                    ",
  "b'rt-thread\\r'",
  ">>> s.close()",
]

/** The seed's "TCP Client example", line for line (trailing spaces included). */
export const CLIENT_TRANSCRIPT: readonly string[] = [
  ">>> import usocket ",
  ">>> s = usocket.socket(usocket.AF_INET,usocket.SOCK_STREAM)",
  '>>> s.connect(("192.168.10.110",6000))  ',
  '>>> s.send("micropython")               ',
  "11",
  ">>> s.close()",
]

/** The lines typed at the REPL: every `>>> ` / `... ` line without its prompt (comments stay). */
export function replInput(transcript: readonly string[]): string[] {
  return transcript.filter((l) => l.startsWith(">>>") || l.startsWith("...")).map((l) => l.replace(/^(>>>|\.\.\.) ?/, ""))
}

/** The first line where a board's REPL session departs from a transcript. */
export interface TranscriptMismatch {
  /** 0-based line of the transcript (or of the session, past the transcript's end). */
  readonly line: number
  readonly expected: string | undefined
  readonly got: string | undefined
}

/**
 * Compares what a board printed in REPL mode with a transcript, line by line.
 * The banner the interpreter prints first (up to the first `>>> ` prompt) is
 * not part of the session; `skipInputs` leading inputs (a preamble the
 * transcript assumes, with their echo and output) are skipped too. Only
 * trailing whitespace is normalised. Returns undefined when they match.
 */
export function compareTranscript(transcript: readonly string[], printed: readonly string[], skipInputs = 0): TranscriptMismatch | undefined {
  let start = printed.findIndex((l) => l.startsWith(">>>"))
  if (start < 0) start = printed.length
  let session = printed.slice(start)
  if (skipInputs > 0) {
    let seen = 0
    const at = session.findIndex((l) => l.startsWith(">>>") && ++seen > skipInputs)
    session = at < 0 ? [] : session.slice(at)
  }
  const norm = (l: string | undefined): string | undefined => l?.replace(/\s+$/, "")
  const n = Math.max(transcript.length, session.length)
  for (let i = 0; i < n; i++) {
    const expected = norm(transcript[i])
    const got = norm(session[i])
    if (expected !== got) return { line: i, expected, got }
  }
  return undefined
}

const PEER_SERVER = fileURLToPath(new URL("./rtthread/peer-server.py", import.meta.url))
const PEER_CLIENT = fileURLToPath(new URL("./rtthread/peer-client.py", import.meta.url))

/** Options of {@link buildRtThreadLan}. */
export interface RtThreadLanOptions {
  /** Lines typed into rt-server's REPL (default: the seed's server transcript). */
  readonly serverRepl?: readonly string[]
  /** Lines typed into rt-client's REPL (default: the seed's client transcript). */
  readonly clientRepl?: readonly string[]
  /** One-way LAN latency (ms). */
  readonly latencyMs?: number
  /** When rt-client powers on (ms). */
  readonly clientPowerOnMs?: number
  /** Is there a server at 192.168.10.110 (default true)? Without it the client transcript's connect fails. */
  readonly peerServer?: boolean
}

/** The LAN of this scenario; `printed` collects every device's console lines. */
export function buildRtThreadLan(world: Simulation, o: RtThreadLanOptions = {}) {
  const net = new Network(world, { link: { latency: ms(o.latencyMs ?? 2) } })
  const server = new PythonDevice(world, "rt-server", { board: "rt-thread", firmware: { files: {} }, repl: o.serverRepl ?? replInput(SERVER_TRANSCRIPT) })
  const client = new PythonDevice(world, "rt-client", {
    board: "rt-thread",
    firmware: { files: {} },
    repl: o.clientRepl ?? replInput(CLIENT_TRANSCRIPT),
    powerOnAt: ms(o.clientPowerOnMs ?? 1000),
  })
  const peerServer = o.peerServer === false ? undefined : new PythonDevice(world, "peer-server", { board: "micropython", firmware: { path: PEER_SERVER } })
  const peerClient = new PythonDevice(world, "peer-client", { board: "k230", firmware: { path: PEER_CLIENT } })
  net.addHost(server, "192.168.12.32")
  net.addHost(client, "192.168.12.33")
  if (peerServer !== undefined) net.addHost(peerServer, "192.168.10.110")
  net.addHost(peerClient, "192.168.12.100")
  const printed: Record<string, string[]> = { "rt-server": [], "rt-client": [], "peer-server": [], "peer-client": [] }
  server.runtime.onConsole((l) => printed[l.device]?.push(l.text))
  return { net, server, client, peerServer, peerClient, printed }
}

/** What the line after `>>> <input>` printed in a REPL session ("" if none). */
function outputOf(printed: readonly string[], input: string): string {
  const i = printed.findIndex((l) => l.startsWith(">>> " + input))
  const next = printed[i + 1]
  return i < 0 || next === undefined || next.startsWith(">>>") ? "" : next
}

export default defineScenario({
  name: "firmware-rtthread-tcp",
  description: "RT-Thread's usocket TCP server and client REPL transcripts, unmodified, on two RT-Thread boards with MicroPython peers",
  until: "1min",
  params: {
    latencyMs: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 2, "one-way LAN latency (ms)"),
    clientPowerOnMs: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 1000, "when the client transcript's board powers on (ms); its connect runs 500 ms later and needs peer-server listening (from ~1000 ms)"),
    peerServer: param(Schema.Boolean, true, "run the server at 192.168.10.110 (false: the PC's debugging tool not started; the client transcript's connect fails)"),
  },
  build(world, p) {
    const lan = buildRtThreadLan(world, { latencyMs: p.latencyMs, clientPowerOnMs: p.clientPowerOnMs, peerServer: p.peerServer })
    return {
      metrics: () => {
        const out: Record<string, MetricValue> = {}
        for (const [name, transcript] of [["server", SERVER_TRANSCRIPT], ["client", CLIENT_TRANSCRIPT]] as const) {
          const got = lan.printed[`rt-${name}`]!
          const diff = compareTranscript(transcript, got)
          out[`${name}_transcript_match`] = diff === undefined ? 1 : 0
          out[`${name}_transcript_lines`] = transcript.length
          if (diff !== undefined) {
            out[`${name}_mismatch_line`] = diff.line
            out[`${name}_mismatch_expected`] = diff.expected ?? "<end>"
            out[`${name}_mismatch_got`] = diff.got ?? "<end>"
          }
        }
        out["server_recv_printed"] = outputOf(lan.printed["rt-server"]!, "sock.recv(10)")
        out["client_send_printed"] = outputOf(lan.printed["rt-client"]!, 's.send("micropython")')
        out["peer_server_printed"] = lan.printed["peer-server"]!.at(-1) ?? ""
        out["peer_client_printed"] = lan.printed["peer-client"]!.at(-1) ?? ""
        return out
      },
    }
  },
})
