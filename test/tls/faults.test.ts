import { describe, expect, it } from "vitest"
import { ms, s, InetSocket, OSError, ValueError, tls, type ProfileName } from "../../index.ts"
import { caught, connect, lines, tlsWorld } from "./world.ts"

const NOT_TRUSTED = "\nThe certificate is not correctly signed by the trusted CA\n"
const VERIFY_TEXT = "X509 - Certificate verification failed, e.g. CRL, CA or signature check failed"

/** One client wrap against the echo server; returns what wrap raised (or "ok") and when. */
function attempt(
  setup: (w: ReturnType<typeof tlsWorld>) => void,
  opts: tls.WrapOptions & { profile?: ProfileName; at?: number; timeoutS?: number } = {},
) {
  const { profile, at = 0, timeoutS, ...wrap } = opts
  const w = tlsWorld(profile === undefined ? {} : { profile })
  tls.tlsEchoServer(w.srv, { version: "1.2" })
  setup(w)
  const out: { result: unknown; t: number; t0: number } = { result: undefined, t: 0, t0: 0 }
  w.world.spawn(function* () {
    if (at > 0) yield at
    const sock = yield* connect(w.dev)
    if (timeoutS !== undefined) sock.settimeout(timeoutS)
    out.t0 = w.world.now
    out.result = yield* caught(() => tls.wrapSocket(sock, { serverHostname: "example.com", certReqs: tls.CERT_REQUIRED, ...wrap }))
    out.t = w.world.now
  })
  w.world.run({ until: s(60) })
  return { ...out, world: w.world }
}

const args = (e: unknown) => (e as OSError).args

describe("certificate verification failure", () => {
  it("MicroPython ≥ 1.22: ValueError with mbedtls_x509_crt_verify_info text; traced; a fatal unknown_ca alert reaches the server", () => {
    const r = attempt((w) => tls.tlsFaults(w.world).certificateFailure({ host: "example.com", until: s(10) }))
    expect(r.result).toBeInstanceOf(ValueError)
    expect((r.result as Error).message).toBe(NOT_TRUSTED)
    expect(lines(r.world, "fault.tls.certificate")).toEqual([expect.objectContaining({ node: "tls", host: "example.com", reason: "not-trusted", at: 0, until: 10_000_000 })])
    expect(lines(r.world, "fault.tls.applied")).toEqual([expect.objectContaining({ node: "dev", fault: "certificate", verify: "required" })])
    expect(lines(r.world, "tls.alert").map((l) => [l.node, l.dir, l.level, l.description])).toEqual([
      ["dev", "out", "fatal", "unknown_ca"],
      ["srv", "in", "fatal", "unknown_ca"],
    ])
    expect(lines(r.world, "tls.error").map((l) => [l.node, l.failure])).toEqual([
      ["dev", "verify"],
      ["srv", "mbedtls"],
    ])
    expect(lines(r.world, "tls.server_error")).toHaveLength(1)
  })

  it("after the fault window the same handshake succeeds", () => {
    const r = attempt((w) => tls.tlsFaults(w.world).certificateFailure({ until: s(10) }), { at: s(10) })
    expect(r.result).toBe("ok")
    expect(lines(r.world, "fault.tls.applied")).toEqual([])
  })

  it("other reasons give their own text; other hosts are not affected", () => {
    const cn = attempt((w) => tls.tlsFaults(w.world).certificateFailure({ host: "10.0.0.1", reason: "cn-mismatch" }))
    expect((cn.result as Error).message).toBe("\nThe certificate Common Name (CN) does not match with the expected CN\n")
    const exp = attempt((w) => tls.tlsFaults(w.world).certificateFailure({ host: "srv", reason: "expired" }))
    expect((exp.result as Error).message).toBe("\nThe certificate validity has expired\n")
    expect(lines(exp.world, "tls.alert")[0]).toMatchObject({ description: "certificate_expired" })
    expect(attempt((w) => tls.tlsFaults(w.world).certificateFailure({ host: "other.example" })).result).toBe("ok")
  })

  it("MicroPython ≤ 1.21: OSError(-9984, text); Pycom: OSError(-9984)", () => {
    const old = attempt((w) => tls.tlsFaults(w.world).certificateFailure(), { flavour: "micropython-1.21" })
    expect(old.result).toBeInstanceOf(OSError)
    expect(args(old.result)).toEqual([-0x2700, VERIFY_TEXT])
    const pycom = attempt((w) => tls.tlsFaults(w.world).certificateFailure(), { profile: "pycom" })
    expect(args(pycom.result)).toEqual([-9984])
  })

  it("CERT_NONE (MicroPython's default) does not verify: the handshake succeeds; the fault is traced as ignored", () => {
    const r = attempt((w) => tls.tlsFaults(w.world).certificateFailure(), { certReqs: tls.CERT_NONE })
    expect(r.result).toBe("ok")
    expect(lines(r.world, "fault.tls.applied")).toEqual([expect.objectContaining({ verify: "none" })])
    // Pycom with CERT_OPTIONAL completes the handshake, then its verify-result check fails wrap with OSError(-1).
    const p = attempt((w) => tls.tlsFaults(w.world).certificateFailure(), { profile: "pycom", certReqs: tls.CERT_OPTIONAL })
    expect(args(p.result)).toEqual([-1])
  })

  it("CERT_REQUIRED without server_hostname raises ValueError before any byte is sent", () => {
    const r = attempt(() => undefined, { serverHostname: null })
    expect(r.result).toBeInstanceOf(ValueError)
    expect((r.result as Error).message).toBe("CERT_REQUIRED requires server_hostname")
    expect(lines(r.world, "tls.handshake").filter((l) => l.node === "dev")).toEqual([])
  })

  it("a deferred handshake raises the verification failure from the first read/write", () => {
    const w = tlsWorld()
    tls.tlsEchoServer(w.srv)
    tls.tlsFaults(w.world).certificateFailure()
    const seen: unknown[] = []
    w.world.spawn(function* () {
      const ss = yield* tls.wrapSocket(yield* connect(w.dev), { serverHostname: "example.com", certReqs: tls.CERT_REQUIRED, doHandshake: false })
      seen.push(yield* caught(() => ss.write("x")))
      seen.push(yield* caught(() => ss.read(1)))
    })
    w.world.run({ until: s(5) })
    expect((seen[0] as Error).message).toBe(NOT_TRUSTED)
    // mbedTLS keeps last_error: later calls raise the raw code through py/stream.c.
    expect(args(seen[1])).toEqual([-9984])
  })
})

describe("other handshake failures", () => {
  it("the server closes after the ClientHello → OSError(-29312, 'SSL - The connection indicated an EOF')", () => {
    const r = attempt((w) => tls.tlsFaults(w.world).handshakeAbort({ mode: "close" }), { certReqs: tls.CERT_NONE })
    expect(args(r.result)).toEqual([-0x7280, "SSL - The connection indicated an EOF"])
    expect(lines(r.world, "fault.tls.abort")).toHaveLength(1)
    expect(lines(r.world, "fault.tls.applied")).toEqual([expect.objectContaining({ node: "srv", fault: "abort", mode: "close" })])
    expect(r.t - r.t0).toBe(ms(20))
  })

  it("the server resets → OSError(ECONNRESET) (a negated socket errno through mbedtls_raise_error); Pycom: MBEDTLS_ERR_NET_CONN_RESET", () => {
    const r = attempt((w) => tls.tlsFaults(w.world).handshakeAbort({ mode: "reset" }), { certReqs: tls.CERT_NONE })
    expect(args(r.result)).toEqual([104])
    const p = attempt((w) => tls.tlsFaults(w.world).handshakeAbort({ mode: "reset" }), { certReqs: tls.CERT_NONE, profile: "pycom" })
    expect(args(p.result)).toEqual([-0x50])
  })

  it("a silent server and settimeout(2) → OSError(ETIMEDOUT) two seconds after the last byte; Pycom's timeout=3 → OSError(-26624)", () => {
    const r = attempt((w) => tls.tlsFaults(w.world).handshakeAbort({ mode: "silent" }), { certReqs: tls.CERT_NONE, timeoutS: 2 })
    expect(args(r.result)).toEqual([110])
    expect(r.t - r.t0).toBe(s(2))
    const p = attempt((w) => tls.tlsFaults(w.world).handshakeAbort({ mode: "silent" }), { certReqs: tls.CERT_NONE, profile: "pycom", timeout: 3 })
    expect(args(p.result)).toEqual([-0x6800])
    expect(p.t - p.t0).toBe(s(3))
  })

  it("a fault window on the server side ends: later handshakes succeed", () => {
    const r = attempt((w) => tls.tlsFaults(w.world).handshakeAbort({ mode: "reset", at: 0, until: s(1) }), { certReqs: tls.CERT_NONE, at: s(1) })
    expect(r.result).toBe("ok")
  })
})

describe("stream failures after the handshake", () => {
  it("wrap of an unconnected or closed socket: OSError(ENOTCONN) / OSError(EBADF)", () => {
    const w = tlsWorld()
    const seen: unknown[] = []
    w.world.spawn(function* () {
      const a = new InetSocket(w.dev, 1, 0)
      seen.push(yield* caught(() => tls.wrapSocket(a)))
      a.close()
      seen.push(yield* caught(() => tls.wrapSocket(a)))
    })
    w.world.run({ until: s(1) })
    expect(seen.map(args)).toEqual([[107], [9]])
  })

  it("a read timeout: MicroPython raises OSError(-110) and keeps it (last_error); Pycom raises OSError(-26624) and the session goes on", () => {
    const out: Record<string, unknown[]> = {}
    for (const profile of ["micropython", "pycom"] as const) {
      const w = tlsWorld({ profile })
      const l = new InetSocket(w.srv, 1, 0)
      l.bind(["", 443])
      l.listen()
      tls.serveTls(l, function* (t) {
        yield s(3)
        yield* t.write("late")
        yield* t.read(1)
      })
      const seen: unknown[] = (out[profile] = [])
      w.world.spawn(function* () {
        const ss = yield* tls.wrapSocket(yield* connect(w.dev))
        ss.transport.sock.settimeout(1)
        const t0 = w.world.now
        seen.push(yield* caught(() => ss.read(4)), w.world.now - t0)
        yield s(3)
        seen.push(yield* caught(() => ss.read(4)))
      })
      w.world.run({ until: s(10) })
    }
    expect(args(out.micropython![0])).toEqual([-110])
    expect(out.micropython![1]).toBe(s(1))
    expect(args(out.micropython![2])).toEqual([-110])
    expect(args(out.pycom![0])).toEqual([-0x6800])
    expect(out.pycom![2]).toBe("ok")
  })
})

describe("using a TLS socket after close", () => {
  it("MicroPython: read/write raise OSError(-28928, 'SSL - Bad input parameters to function'), setblocking EBADF, close again is a no-op; Pycom: EBADF", () => {
    const results: Record<string, unknown[]> = {}
    for (const profile of ["micropython", "pycom"] as const) {
      const w = tlsWorld({ profile })
      tls.tlsEchoServer(w.srv)
      const seen: unknown[] = (results[profile] = [])
      w.world.spawn(function* () {
        const ss = yield* tls.wrapSocket(yield* connect(w.dev))
        ss.close()
        seen.push(yield* caught(() => ss.read(1)), yield* caught(() => ss.write("x")))
        try {
          ss.setblocking(false)
        } catch (e) {
          seen.push(e)
        }
        ss.close()
      })
      w.world.run({ until: s(5) })
    }
    expect(results.micropython!.map(args)).toEqual([[-0x7100, "SSL - Bad input parameters to function"], [-0x7100, "SSL - Bad input parameters to function"], [9]])
    expect(results.pycom!.map(args)).toEqual([[9], [9], [9]])
  })

  it("a reset after the handshake: MicroPython 1.22–1.27 raise the raw negative errno from the stream layer; 1.28 OSError(104)", () => {
    const out: unknown[] = []
    for (const flavour of ["micropython", "micropython-1.28"] as const) {
      const w = tlsWorld()
      tls.tlsEchoServer(w.srv)
      w.world.spawn(function* () {
        const ss = yield* tls.wrapSocket(yield* connect(w.dev), { flavour })
        w.net.crash("srv")
        w.net.restart("srv")
        yield* ss.write("x") // the restarted server answers with RST
        out.push(yield* caught(() => ss.read(1)))
      })
      w.world.run({ until: s(5) })
    }
    expect(out.map(args)).toEqual([[-104], [104]])
  })
})
