import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, test } from "vitest"
import defaultWorld, { httpsService } from "../../cli/firmware/default-world.ts"
import { Internet, Trace, runScenario, s, type BoardName, type Simulation } from "../../index.ts"
import { TLS12_RECORD_OVERHEAD, TLS_SOCKET_METHODS, tlsFaults, type TlsSocket } from "../../stack/tls/index.ts"
import { kinds, runFirmware, type FirmwareRun } from "./harness.ts"

/**
 * Runs `main` on a board in the harness world, with the default world's
 * HTTPS service on port 443 of every internet host (a second Internet over
 * the harness's own, which it replaces: no host exists before the device
 * talks). Returns the run and the server-side TLS sessions.
 */
function runTls(
  main: string,
  o: { board?: BoardName; files?: Record<string, string>; until?: number; seed?: number; arm?: (w: Simulation) => void } = {},
): FirmwareRun & { sessions: TlsSocket[] } {
  const sessions: TlsSocket[] = []
  const r = runFirmware(main, {
    board: o.board ?? "micropython",
    until: o.until ?? s(30),
    seed: o.seed ?? 1,
    ...(o.files === undefined ? {} : { files: o.files }),
    build: (world, _device, net) => {
      new Internet(net, { services: { 443: httpsService({}, (t) => sessions.push(t)) } })
      o.arm?.(world)
    },
  })
  return { ...r, sessions }
}

const handshakes = (r: FirmwareRun, role: string) => kinds(r, "tls.handshake").filter((e) => e.role === role && e.phase === "done")
/** The SNI of each client handshake the board started. */
const starts = (r: FirmwareRun) => kinds(r, "tls.handshake").filter((e) => e.role === "client" && e.phase === "start").map((e) => e.sni)

const GET = `
import socket, ssl, time
HOST = "example.com"
addr = socket.getaddrinfo(HOST, 443)[0][-1]
s = socket.socket()
t0 = time.ticks_ms()
s.connect(addr)
t1 = time.ticks_ms()
ss = ssl.wrap_socket(s, server_hostname=HOST)
t2 = time.ticks_ms()
print("connect", time.ticks_diff(t1, t0), "handshake", time.ticks_diff(t2, t1))
print(ss.cipher())
ss.write(b"GET / HTTP/1.0\\r\\nHost: example.com\\r\\n\\r\\n")
print(ss.readline())
ss.close()
# The SSL socket owned the plain one: closing it closed the socket (modtls_mbedtls.c socket_ioctl passes MP_STREAM_CLOSE down).
try:
    s.send(b"x")
except OSError as e:
    print("plain socket", e.args[0])
`

describe("python devices: ssl / ussl over the modelled TLS session", () => {
  test("HTTPS GET through ssl.wrap_socket on port 443: status line, TLS 1.2 in 2 round trips after the TCP connect", () => {
    const r = runTls(GET)
    expect(r.out[1]).toBe("('TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256', 'TLSv1.2')")
    expect(r.out[2]).toBe("b'HTTP/1.1 200 OK\\r\\n'")
    expect(r.out[3]).toBe("plain socket 9")
    // The internet link is 20 ms one way (+ up to 1 ms jitter): TCP's connect is 1 RTT, TLS 1.2 two more.
    const m = /^connect (\d+) handshake (\d+)$/.exec(r.out[0]!)!
    expect(Number(m[1])).toBeGreaterThanOrEqual(40)
    expect(Number(m[1])).toBeLessThan(43)
    expect(Number(m[2])).toBeGreaterThanOrEqual(80)
    expect(Number(m[2])).toBeLessThan(90)
    const [client] = handshakes(r, "client")
    const [server] = handshakes(r, "server")
    expect(client).toMatchObject({ node: "board", version: "1.2", rtts: 2, bytesOut: 294, bytesIn: 3012 })
    expect(server).toMatchObject({ node: "example.com", version: "1.2", rtts: 2, bytesIn: 294, bytesOut: 3012 })
    expect(client!.us as number).toBeGreaterThanOrEqual(80_000)
    expect(client!.us as number).toBeLessThan(90_000)
    // The handshake starts once TCP is up, with SNI.
    const start = kinds(r, "tls.handshake").find((e) => e.role === "client" && e.phase === "start")!
    expect(start.sni).toBe("example.com")
    const established = kinds(r, "tcp.state").find((e) => e.node === "board" && e.to === "ESTABLISHED")!
    expect(start.t as number).toBeGreaterThanOrEqual(established.t as number)
  })

  test("SSLContext client path: verify_mode, CA data, getpeercert and cipher", () => {
    const r = runTls(`
import socket, ssl
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
print(ctx.verify_mode == ssl.CERT_NONE)
ctx.verify_mode = ssl.CERT_REQUIRED
ctx.load_verify_locations(cadata=b"0\\x82\\x01\\x00 a DER CA certificate")
s = socket.socket()
s.connect(socket.getaddrinfo("iot.example.org", 443)[0][-1])
ss = ctx.wrap_socket(s, server_hostname="iot.example.org")
print(type(ss).__name__, ctx.verify_mode, len(ss.getpeercert(True)), ss.cipher()[1])
ss.write(b"HEAD /x HTTP/1.1\\r\\nHost: iot.example.org\\r\\nConnection: close\\r\\n\\r\\n")
print(ss.readline())
ss.close()
for bad in ((None, b"key"), (b"cert", 5)):
    try:
        ctx.load_cert_chain(*bad)
    except TypeError as e:
        print(e)
try:
    ssl.SSLContext()
except TypeError as e:
    print(e)
print(ssl.MBEDTLS_VERSION, ssl.PROTOCOL_TLS_CLIENT, ssl.PROTOCOL_TLS_SERVER)
`)
    expect(r.out).toEqual([
      "True",
      "SSLSocket 2 1250 TLSv1.2",
      "b'HTTP/1.1 200 OK\\r\\n'",
      "can't convert 'NoneType' object to str implicitly",
      "can't convert 'int' object to str implicitly",
      "function takes 1 positional arguments but 0 were given",
      "Mbed TLS 3.6.2 0 1",
    ])
    expect(starts(r)).toEqual(["iot.example.org"])
    expect(handshakes(r, "client")[0]).toMatchObject({ version: "1.2" })
  })

  test("record overhead: the internet host receives each write as ≤ 4096-byte records of 29 extra bytes", () => {
    const r = runTls(`
import socket, ssl
s = socket.socket()
s.connect(socket.getaddrinfo("upload.example.net", 443)[0][-1])
ss = ssl.wrap_socket(s, server_hostname="upload.example.net")
body = b"x" * 5000
head = b"POST /log HTTP/1.0\\r\\nHost: upload.example.net\\r\\nContent-Length: 5000\\r\\n\\r\\n"
print(ss.write(head + body), len(head) + len(body))
print(ss.readline())
ss.close()
`)
    const sent = Number(r.out[0]!.split(" ")[1])
    expect(r.out[0]).toBe(`${sent} ${sent}`)
    expect(r.sessions).toHaveLength(1)
    const st = r.sessions[0]!.stats
    // 5072 plaintext bytes leave as a 4096-byte record and the rest (MBEDTLS_SSL_OUT_CONTENT_LEN).
    expect(st.appRecordsIn).toBe(2)
    expect(st.appPlaintextIn).toBe(sent)
    expect(st.bytesIn - st.handshake!.bytesIn).toBe(sent + 2 * TLS12_RECORD_OVERHEAD)
    expect(r.out[1]).toMatch(/^b'HTTP\/1\.1 /)
  })

  test("certificate failure with CERT_REQUIRED: MicroPython 1.27's ValueError, the alert on the wire", () => {
    const r = runTls(`
import socket, ssl
addr = socket.getaddrinfo("example.com", 443)[0][-1]
s = socket.socket()
s.connect(addr)
try:
    ssl.wrap_socket(s, cert_reqs=ssl.CERT_REQUIRED)
except ValueError as e:
    print(e)
try:
    ssl.wrap_socket(s, cert_reqs=ssl.CERT_REQUIRED, server_hostname="example.com")
except Exception as e:
    print(type(e).__name__, repr(e.args[0]))
s.close()
s = socket.socket()
s.connect(addr)
ss = ssl.wrap_socket(s, cert_reqs=ssl.CERT_OPTIONAL, server_hostname="example.com")
print("optional goes on", ss.cipher()[1])
ss.close()
`, { arm: (w) => tlsFaults(w).certificateFailure({ host: "example.com" }) })
    expect(r.out).toEqual([
      "CERT_REQUIRED requires server_hostname",
      "ValueError '\\nThe certificate is not correctly signed by the trusted CA\\n'",
      "optional goes on TLSv1.2",
    ])
    expect(kinds(r, "fault.tls.applied").map((e) => e.verify)).toEqual(["required", "optional"])
    expect(kinds(r, "tls.alert").filter((e) => e.node === "board").map((e) => e.description)).toEqual(["unknown_ca"])
  })

  test("the same on a Pycom board: ussl's OSError(-9984), ca_certs required and read from /flash", () => {
    const r = runTls(`
import socket, ssl
addr = socket.getaddrinfo("example.com", 443)[0][-1]
s = socket.socket()
s.connect(addr)
for kw in ({}, {"ca_certs": "/flash/cert/missing.pem"}):
    try:
        ssl.wrap_socket(s, cert_reqs=ssl.CERT_REQUIRED, **kw)
    except (ValueError, OSError) as e:
        print(type(e).__name__, e.args)
try:
    ssl.wrap_socket(s, cert_reqs=ssl.CERT_REQUIRED, ca_certs="/flash/cert/ca.pem", server_hostname="example.com")
except ssl.SSLError as e:
    print("SSLError", e.args[0], e.args[0] == -0x2700)
print(ssl.__name__, ssl.CERT_REQUIRED, ssl.SSL_TIMEOUT)
`, { board: "lopy4", files: { "cert/ca.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" }, arm: (w) => tlsFaults(w).certificateFailure({ host: "example.com", reason: "expired" }) })
    expect(r.out).toEqual([
      "ValueError ('invalid argument(s) value',)",
      "OSError ('CA file not found',)",
      "SSLError -9984 True",
      "ussl 2 -26624",
    ])
    expect(kinds(r, "tls.alert").filter((e) => e.node === "board").map((e) => e.description)).toEqual(["certificate_expired"])
  })

  test("select.poll on an SSL socket: POLLIN when a record is there, POLLNVAL once closed", () => {
    const r = runTls(`
import socket, ssl, select, time
s = socket.socket()
s.connect(socket.getaddrinfo("example.com", 443)[0][-1])
ss = ssl.wrap_socket(s, server_hostname="example.com")
p = select.poll()
p.register(ss, select.POLLIN)
t0 = time.ticks_ms()
print("idle", p.poll(500), time.ticks_diff(time.ticks_ms(), t0))
ss.write(b"GET / HTTP/1.1\\r\\nHost: example.com\\r\\n\\r\\n")
t0 = time.ticks_ms()
ready = p.poll(5000)
print("ready", [(o is ss, ev) for o, ev in ready], time.ticks_diff(time.ticks_ms(), t0))
ss.setblocking(False)
print(ss.readline())
buf = bytearray(8)
print(ss.readinto(buf), bytes(buf))
ss.close()
print("closed", [ev for o, ev in p.poll(0)])
try:
    ss.read(1)
except OSError as e:
    print(e.args)
`)
    expect(r.out).toEqual([
      "idle [] 500",
      "ready [(True, 1)] 40",
      "b'HTTP/1.1 200 OK\\r\\n'",
      "8 b'Server: '",
      "closed [32]",
      "(-28928, 'SSL - Bad input parameters to function')",
    ])
  })

  test("each flavour's SSL socket has exactly its firmware's methods; the rest raise AttributeError", () => {
    const src = `
import socket, ssl
s = socket.socket()
s.connect(socket.getaddrinfo("example.com", 443)[0][-1])
ss = ssl.wrap_socket(s, server_hostname="example.com")
names = ("read", "readinto", "readline", "write", "recv", "recv_into", "send", "sendall", "setblocking", "settimeout",
         "close", "getpeercert", "cipher", "connect", "fileno", "bind", "makefile", "do_handshake")
print(" ".join(n for n in names if hasattr(ss, n)))
try:
    ss.fileno()
except AttributeError as e:
    print(e)
print(repr(ss))
`
    const mp = runTls(src)
    const pycom = runTls(src, { board: "lopy4" })
    const order = (xs: readonly string[]) => ["read", "readinto", "readline", "write", "recv", "recv_into", "send", "sendall", "setblocking", "settimeout", "close", "getpeercert", "cipher", "connect"].filter((n) => xs.includes(n)).join(" ")
    expect(mp.out).toEqual([order(TLS_SOCKET_METHODS.micropython), "'SSLSocket' object has no attribute 'fileno'", "<SSLSocket>"])
    // Pycom's SSL socket also connects (wrap-then-connect, modussl.c).
    expect(pycom.out).toEqual([order([...TLS_SOCKET_METHODS.pycom, "connect"]), "'ussl' object has no attribute 'fileno'", "<ussl>"])
  })

  test("LoPy4: IPPROTO_SEC is refused; Pycom's wrap-then-connect does the TCP connect, then the handshake, in connect()", () => {
    const r = runTls(`
import socket, ssl, time
try:
    socket.socket(socket.AF_INET, socket.SOCK_STREAM, 258)
except OSError as e:
    print(e)
s = socket.socket()
ss = ssl.wrap_socket(s, server_hostname="www.google.com")
t0 = time.ticks_ms()
ss.connect(socket.getaddrinfo("www.google.com", 443)[0][-1])
print("connect", time.ticks_diff(time.ticks_ms(), t0))
print(ss.send(b"GET / HTTP/1.0\\r\\n\\r\\n"))
print(ss.recv(17))
ss.close()
try:
    ss.send(b"x")
except OSError as e:
    print(e)
`, { board: "lopy4" })
    expect(r.out[0]).toBe("[Errno 123] EPROTONOSUPPORT")
    const ms = Number(/^connect (\d+)$/.exec(r.out[1]!)![1])
    expect(ms).toBeGreaterThanOrEqual(120)
    expect(ms).toBeLessThan(135)
    expect(r.out.slice(2)).toEqual(["18", "b'HTTP/1.1 200 OK\\r\\n'", "[Errno 9] EBADF"])
    // Pycom's close sends close_notify.
    expect(kinds(r, "tls.close").find((e) => e.node === "board")).toMatchObject({ closeNotify: true })
    expect(starts(r)).toEqual(["www.google.com"])
    expect(handshakes(r, "client")[0]).toMatchObject({ version: "1.2", rtts: 2 })
  })

  test("Pycom: the handshake timeout (timeout=2) raises OSError(SSL_TIMEOUT) when the server never answers", () => {
    const r = runTls(`
import socket, ssl, time
s = socket.socket()
s.connect(socket.getaddrinfo("slow.example.com", 443)[0][-1])
t0 = time.ticks_ms()
try:
    ssl.wrap_socket(s, timeout=2)
except OSError as e:
    print(e.args[0] == ssl.SSL_TIMEOUT, time.ticks_diff(time.ticks_ms(), t0))
`, { board: "lopy4", arm: (w) => tlsFaults(w).handshakeAbort({ host: "slow.example.com", mode: "silent" }) })
    expect(r.out).toEqual(["True 2000"])
  })

  test("asyncio.open_connection(ssl=True) runs over the SSL socket (deferred handshake, non-blocking)", () => {
    const r = runTls(`
import asyncio
async def main():
    reader, writer = await asyncio.open_connection("example.com", 443, ssl=True)
    writer.write(b"GET / HTTP/1.0\\r\\nHost: example.com\\r\\n\\r\\n")
    await writer.drain()
    print(await reader.readline())
    print(len(await reader.read()) > 0)
    writer.close()
    await writer.wait_closed()
asyncio.run(main())
`)
    expect(r.out).toEqual(["b'HTTP/1.1 200 OK\\r\\n'", "True"])
    // open_connection names the host (SNI) and defers the handshake to the first write.
    expect(starts(r)).toEqual(["example.com"])
    expect(handshakes(r, "client")[0]).toMatchObject({ version: "1.2" })
  })

  test("scenarios/firmware/https-get.py in the default world prints the status line, on Pycom and MicroPython boards; deterministic", () => {
    const firmware = fileURLToPath(new URL("../../scenarios/firmware/https-get.py", import.meta.url))
    expect(readFileSync(firmware, "utf8")).toContain("server_hostname=host")
    const run = (board: string) => {
      const trace = new Trace({ sink: { kind: "memory" } })
      const summary = runScenario(defaultWorld, { seed: 1, until: "10s", set: [`firmware=${firmware}`, `board=${board}`], trace })
      const out = trace.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.kind === "py.stdout").map((e) => e.text)
      return { out, digest: summary.digest, metrics: summary.metrics }
    }
    const lopy = run("lopy4")
    expect(lopy.out).toEqual([expect.stringMatching(/^TLS session in 8\d ms$/), "HTTP/1.1 200 OK", "4 headers, 89 bytes of body"])
    expect(lopy.metrics["internet.http_requests"]).toBe(1)
    expect(run("micropython").out[1]).toBe("HTTP/1.1 200 OK")
    expect(run("lopy4").digest).toBe(lopy.digest)
  })

  test("same seed, same trace", () => {
    const a = runTls(GET, { seed: 5 })
    const b = runTls(GET, { seed: 5 })
    expect(a.digest).toBe(b.digest)
    expect(a.out).toEqual(b.out)
  })
})
