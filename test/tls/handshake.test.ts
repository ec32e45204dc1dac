import { describe, expect, it } from "vitest"
import { ms, s, InetSocket, tls } from "../../index.ts"
import { connect, lines, tcpPayloadFrom, tlsWorld } from "./world.ts"

/*
 * Expected sizes, written out from the RFC layouts and the model parameters in
 * TLS.md (20 cipher suites, 8 groups, 10 signature algorithms, P-256 points,
 * RSA-2048, a 2 × 1250-byte chain, SNI "example.com" = 11 bytes), independently
 * of the code that builds the messages.
 */
const HDR = 5 // record header
const HS = 4 // handshake header
const SNI = 4 + 2 + 1 + 2 + 11
const EXT12 = SNI + (4 + 2 + 2 * 8) + (4 + 2) + (4 + 2 + 2 * 10) + 4
const CH12 = HDR + HS + (2 + 32 + 1 + (2 + 2 * 20) + (1 + 1) + 2 + EXT12)
const CKE = HDR + HS + 1 + 65
const CCS = HDR + 1
const FIN12 = HDR + 8 + (HS + 12) + 16
const SH12 = HDR + HS + (2 + 32 + 1 + 32 + 2 + 1 + 2 + 5 + 6 + 4)
const CERT12 = HDR + HS + 3 + 2 * (3 + 1250)
const SKE = HDR + HS + (1 + 2 + 1 + 65 + 2 + 2 + 256)
const SHD = HDR + HS
const CLIENT12 = CH12 + CKE + CCS + FIN12
const SERVER12 = SH12 + CERT12 + SKE + SHD + CCS + FIN12

const EXT13 = EXT12 + (4 + 1 + 4) + (4 + 2) + (4 + 2 + 2 + 2 + 65)
const CH13 = HDR + HS + (2 + 32 + 1 + 32 + (2 + 2 * 23) + (1 + 1) + 2 + EXT13)
const T13 = 1 + 16 // inner content type + tag
const FIN13 = HDR + HS + 32 + T13
const SH13 = HDR + HS + (2 + 32 + 1 + 32 + 2 + 1 + 2 + (4 + 2) + (4 + 2 + 2 + 65))
const EE = HDR + HS + 2 + T13
const CERT13 = HDR + HS + 1 + 3 + 2 * (3 + 1250 + 2) + T13
const CV = HDR + HS + 2 + 2 + 256 + T13
const CLIENT13 = CH13 + CCS + FIN13
const SERVER13 = SH13 + CCS + EE + CERT13 + CV + FIN13

/** Runs one handshake; returns both sides' stats, the client's wrap duration and both TCP payload totals. */
function handshake(o: { latency: number; bandwidth?: number; client: "1.2" | "1.3"; server: "1.2" | "1.3" }) {
  const w = tlsWorld({ latency: o.latency, bandwidth: o.bandwidth ?? 0, tracePackets: true })
  const res: { duration?: number; client?: tls.TlsSocket; server?: tls.TlsSocket } = {}
  const l = new InetSocket(w.srv, 1, 0)
  l.bind(["", 443])
  l.listen()
  tls.serveTls(
    l,
    function* (t) {
      res.server = t
      yield* t.read(1) // keep the session open
    },
    { version: o.server },
  )
  w.world.spawn(function* () {
    const sock = yield* connect(w.dev)
    const t0 = w.world.now
    res.client = yield* tls.wrapSocket(sock, { serverHostname: "example.com", version: o.client })
    res.duration = w.world.now - t0
  })
  w.world.run({ until: s(30) })
  return { ...res, clientTcp: tcpPayloadFrom(w.world, "dev"), serverTcp: tcpPayloadFrom(w.world, "srv"), world: w.world }
}

describe("TLS handshakes over a link of known latency", () => {
  it.each([1_000, 10_000, 137_000])("TLS 1.2 takes exactly 2 RTT and TLS 1.3 exactly 1 RTT without serialisation (one-way %i µs)", (L) => {
    const a = handshake({ latency: L, client: "1.2", server: "1.3" })
    expect(a.client?.version).toBe("1.2")
    expect(a.duration).toBe(4 * L)
    expect(a.client?.stats.handshake?.rtts).toBe(2)
    const b = handshake({ latency: L, client: "1.3", server: "1.3" })
    expect(b.client?.version).toBe("1.3")
    expect(b.duration).toBe(2 * L)
    expect(b.client?.stats.handshake?.rtts).toBe(1)
  })

  it("bytes on the wire per direction equal the documented model (TLS stats and TCP payload)", () => {
    const a = handshake({ latency: 10_000, client: "1.2", server: "1.2" })
    expect([CLIENT12, SERVER12]).toEqual([294, 3012])
    expect(a.client?.stats.handshake).toMatchObject({ bytesOut: CLIENT12, bytesIn: SERVER12 })
    expect(a.server?.stats.handshake).toMatchObject({ bytesOut: SERVER12, bytesIn: CLIENT12 })
    expect([a.clientTcp, a.serverTcp]).toEqual([CLIENT12, SERVER12])
    const b = handshake({ latency: 10_000, client: "1.3", server: "1.3" })
    expect([CLIENT13, SERVER13]).toEqual([360, 3078])
    expect(b.client?.stats.handshake).toMatchObject({ bytesOut: CLIENT13, bytesIn: SERVER13 })
    expect([b.clientTcp, b.serverTcp]).toEqual([CLIENT13, SERVER13])
  })

  it("with a 1 Mbit/s link the duration is the round trips plus the flights' transmission time (within the ACKs' airtime)", () => {
    const B = 1_000_000
    const tx = (payload: number) => {
      let t = 0
      for (let left = payload; left > 0; left -= 1460) t += Math.ceil(((Math.min(1460, left) + 40) * 8 * 1e6) / B)
      return t
    }
    const ack = Math.ceil((40 * 8 * 1e6) / B)
    const L = 20_000
    const a = handshake({ latency: L, bandwidth: B, client: "1.2", server: "1.2" })
    const low12 = 4 * L + tx(CH12) + tx(SERVER12 - CCS - FIN12) + tx(CKE + CCS + FIN12) + tx(CCS + FIN12)
    expect(a.duration).toBeGreaterThanOrEqual(low12)
    // Up to one 40-byte ACK ahead of each flight on its link (the connect's final ACK before the ClientHello, then the reply ACKs).
    expect(a.duration).toBeLessThanOrEqual(low12 + 4 * ack + 8)
    const b = handshake({ latency: L, bandwidth: B, client: "1.3", server: "1.3" })
    const low13 = 2 * L + tx(CH13) + tx(SERVER13)
    expect(b.duration).toBeGreaterThanOrEqual(low13)
    expect(b.duration).toBeLessThanOrEqual(low13 + 2 * ack + 8)
  })

  it("negotiates the lower of the two versions; cipher() and the trace name it", () => {
    expect(handshake({ latency: 1000, client: "1.3", server: "1.2" }).client?.cipher()).toEqual(["TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256", "TLSv1.2"])
    expect(handshake({ latency: 1000, client: "1.2", server: "1.3" }).client?.cipher()).toEqual(["TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256", "TLSv1.2"])
    const r = handshake({ latency: 1000, client: "1.3", server: "1.3" })
    expect(r.client?.cipher()).toEqual(["TLS1-3-AES-128-GCM-SHA256", "TLSv1.3"])
    const done = lines(r.world, "tls.handshake").filter((l) => l.phase === "done")
    expect(done.map((l) => [l.node, l.role, l.version, l.rtts])).toEqual([
      ["dev", "client", "1.3", 1],
      ["srv", "server", "1.3", 1],
    ])
    expect(done[0]).toMatchObject({ bytesOut: CLIENT13, bytesIn: SERVER13, us: 2000 })
  })

  it("getpeercert(True) is the leaf certificate's DER; getpeercert(False) raises NotImplementedError", () => {
    const r = handshake({ latency: 1000, client: "1.2", server: "1.2" })
    const der = r.client?.getpeercert(true) as Uint8Array
    expect(der.length).toBe(1250)
    expect([...der.subarray(0, 4)]).toEqual([0x30, 0x82, (1246 >> 8) & 0xff, 1246 & 0xff])
    expect(r.server?.getpeercert(true)).toBeNull()
    expect(() => r.client?.getpeercert(false)).toThrow(expect.objectContaining({ name: "NotImplementedError" }))
  })

  it("the bytes are real TLS records: a raw TCP server sees a ClientHello record with SNI", () => {
    const w = tlsWorld()
    const seen: number[][] = []
    w.net.host("srv").run(function* () {
      const l = new InetSocket(w.srv, 1, 0)
      l.bind(["", 443])
      l.listen()
      const [c] = (yield* l.accept()) as [InetSocket, unknown]
      const head = (yield* c.read(5 + 4 + 2)) as Uint8Array
      seen.push([...head])
    })
    w.world.spawn(function* () {
      const sock = yield* connect(w.dev)
      sock.settimeout(0.5)
      try {
        yield* tls.wrapSocket(sock, { serverHostname: "example.com" })
      } catch {
        /* the raw server never answers */
      }
    })
    w.world.run({ until: s(2) })
    const len = CH12 - 5
    expect(seen[0]).toEqual([22, 3, 3, len >> 8, len & 0xff, 1, 0, (len - 4) >> 8, (len - 4) & 0xff, 3, 3])
  })

  it("a larger certificate chain adds its bytes and, past the client's TCP window, a round trip", () => {
    const w = tlsWorld({ latency: ms(10) })
    tls.tlsEchoServer(w.srv, { version: "1.2", certificateChainBytes: 9000, certificateCount: 3 })
    let t: tls.TlsSocket | undefined
    let dur = 0
    w.world.spawn(function* () {
      const sock = yield* connect(w.dev)
      const t0 = w.world.now
      t = yield* tls.wrapSocket(sock)
      dur = w.world.now - t0
    })
    w.world.run({ until: s(5) })
    // Certificate message grows by (9000 − 2500) + 3 (one more entry header); the 5840-byte lwIP window forces one more RTT.
    expect(t?.stats.handshake?.bytesIn).toBe(SERVER12 + 6500 + 3)
    expect(dur).toBe(6 * 10_000)
  })
})
