import { expect, it } from "vitest"
import { ms, s, tls } from "../../index.ts"
import { connect, tlsWorld } from "./world.ts"

/** A run with jitter and loss (so the link draws random numbers), faults, and echoed traffic; returns its trace digest and the peer certificate. */
function run(seed: number) {
  const w = tlsWorld({ seed, latency: ms(15), bandwidth: 2_000_000 })
  w.net.setLink({ jitter: { kind: "uniform", max: ms(5) }, loss: 0.05 })
  tls.tlsEchoServer(w.srv)
  tls.tlsFaults(w.world).certificateFailure({ host: "example.com", until: s(3) })
  const got: { cert: Uint8Array | null } = { cert: null }
  w.world.spawn(function* () {
    for (let i = 0; i < 4; i++) {
      const sock = yield* connect(w.dev)
      try {
        const ss = yield* tls.wrapSocket(sock, { serverHostname: "example.com", certReqs: tls.CERT_REQUIRED, version: i % 2 ? "1.3" : "1.2" })
        got.cert = ss.getpeercert(true)
        yield* ss.write(new Uint8Array(9000 + i))
        yield* ss.read(9000 + i)
        ss.close()
      } catch {
        sock.close()
      }
      yield s(2)
    }
  })
  w.world.run({ until: s(120) })
  return { digest: w.world.trace.digest(), lines: w.world.trace.count, cert: got.cert }
}

it("the same seed gives the same trace digest and the same bytes; another seed another", () => {
  const a = run(7)
  const b = run(7)
  const c = run(8)
  expect(a.lines).toBeGreaterThan(50)
  expect(b.digest).toBe(a.digest)
  expect(a.cert).not.toBeNull()
  expect(Buffer.from(b.cert as Uint8Array).equals(Buffer.from(a.cert as Uint8Array))).toBe(true)
  expect(c.digest).not.toBe(a.digest)
  expect(Buffer.from(c.cert as Uint8Array).equals(Buffer.from(a.cert as Uint8Array))).toBe(false)
})
