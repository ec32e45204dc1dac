import { expect, it } from "vitest"
import { s, InetSocket, tls, ValueError } from "../../index.ts"
import { connect, lines, str, tlsWorld } from "./world.ts"

it("SSLContext(PROTOCOL_TLS_CLIENT): verify_mode defaults to CERT_NONE; setting CERT_REQUIRED makes wrap_socket verify", () => {
  const w = tlsWorld()
  tls.tlsEchoServer(w.srv)
  tls.tlsFaults(w.world).certificateFailure()
  const seen: unknown[] = []
  w.world.spawn(function* () {
    const ctx = new tls.SslContext(tls.PROTOCOL_TLS_CLIENT)
    seen.push(ctx.verify_mode)
    const a = yield* ctx.wrap_socket(yield* connect(w.dev), { server_hostname: "example.com" })
    seen.push(a.cipher()[1])
    a.close()
    ctx.verify_mode = tls.CERT_REQUIRED
    try {
      yield* ctx.wrap_socket(yield* connect(w.dev), { server_hostname: "example.com" })
    } catch (e) {
      seen.push(e instanceof ValueError)
    }
  })
  w.world.run({ until: s(5) })
  expect(seen).toEqual([tls.CERT_NONE, "TLSv1.2", true])
  expect(() => new tls.SslContext(7)).toThrow(ValueError)
})

it("the flavour's method table: MicroPython's SSLSocket has no settimeout; Pycom's inherits the socket's", () => {
  expect(tls.TLS_SOCKET_METHODS.micropython).not.toContain("settimeout")
  expect(tls.TLS_SOCKET_METHODS["micropython-1.21"]).not.toContain("recv")
  expect(tls.TLS_SOCKET_METHODS.pycom).toContain("settimeout")
})

it("tlsEchoService() is a per-connection service (an internet host's shape); session errors are traced and re-raised", () => {
  const w = tlsWorld()
  const service = tls.tlsEchoService()
  const errors: unknown[] = []
  w.net.host("srv").run(function* () {
    const l = new InetSocket(w.srv, 1, 0)
    l.bind(["", 443])
    l.listen()
    for (;;) {
      const [c] = (yield* l.accept()) as [InetSocket, unknown]
      w.net.host("srv").run(function* () {
        try {
          yield* service(c)
        } catch (e) {
          errors.push(e)
        }
      })
    }
  })
  const got: string[] = []
  w.world.spawn(function* () {
    const ss = yield* tls.wrapSocket(yield* connect(w.dev), { version: "1.3" })
    yield* ss.write("hello")
    got.push(str(yield* ss.read(5)), ss.cipher()[1])
    ss.close()
    // A client that closes in the middle of its ClientHello: the service raises CONN_EOF and traces it.
    const raw = yield* connect(w.dev)
    yield* raw.send(new Uint8Array([22, 3, 3, 0, 200]))
    raw.close()
  })
  w.world.run({ until: s(30) })
  expect(got).toEqual(["hello", "TLSv1.3"])
  expect(errors.map((e) => (e as { args: unknown[] }).args)).toEqual([[-0x7280, "SSL - The connection indicated an EOF"]])
  expect(lines(w.world, "tls.server_error")).toHaveLength(1)
})
