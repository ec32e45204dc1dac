import { expect } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { s, tls } from "../../index.ts"
import { connect, tcpPayloadFrom, tlsWorld } from "./world.ts"

/** Handshake bytes per direction (see handshake.test.ts for their derivation). */
const HANDSHAKE = { "1.2": { client: 294, server: 3012 }, "1.3": { client: 360, server: 3078 } } as const
/** Record overhead: 5 + 8 + 16 (TLS 1.2 AES-GCM), 5 + 1 + 16 (TLS 1.3). */
const OVERHEAD = { "1.2": 29, "1.3": 22 } as const
/** close_notify record: 2-byte alert sealed like any record. */
const CLOSE_NOTIFY = { "1.2": 2 + 29, "1.3": 2 + 22 } as const

function echo(payload: Uint8Array, version: "1.2" | "1.3", maxFragment: number, seed: number) {
  const w = tlsWorld({ tracePackets: true, seed })
  tls.tlsEchoServer(w.srv, { version: "1.3" })
  let got: Uint8Array | null = null
  let client: tls.TlsSocket | undefined
  w.world.spawn(function* () {
    const sock = yield* connect(w.dev)
    client = yield* tls.wrapSocket(sock, { serverHostname: "example.com", version, maxFragment })
    // Read the echo concurrently so that neither side's TCP window fills.
    const reader = w.world.spawn(function* () {
      got = yield* client!.read(payload.length)
    })
    yield* client.write(payload)
    while (reader.alive) yield s(0.01)
    client.close()
  })
  w.world.run({ until: s(600) })
  return { got, client, world: w.world }
}

test.prop(
  [fc.integer({ min: 0, max: 50_000 }), fc.constantFrom<"1.2" | "1.3">("1.2", "1.3"), fc.constantFrom(4096, 16384, 1000), fc.integer({ min: 1, max: 1000 })],
  { numRuns: 30 },
)("echo through TLS: everything arrives intact and in order; wire bytes = payload + records × overhead", (n, version, frag, seed) => {
  const payload = new Uint8Array(n)
  for (let i = 0; i < n; i++) payload[i] = (i * 31 + (i >> 8)) & 0xff
  const { got, client, world } = echo(payload, version, frag, seed)
  expect(got).not.toBeNull()
  expect(Buffer.from(got as unknown as Uint8Array).equals(Buffer.from(payload))).toBe(true)
  const records = Math.ceil(n / frag)
  expect(client?.stats).toMatchObject({ appRecordsOut: records, appPlaintextOut: n, appPlaintextIn: n })
  // MicroPython's close sends no close_notify: the device's TCP payload is handshake + records only.
  expect(tcpPayloadFrom(world, "dev")).toBe(HANDSHAKE[version].client + n + records * OVERHEAD[version])
  // The server echoes record by record (each recv returns one client record) and ends with close_notify.
  expect(tcpPayloadFrom(world, "srv")).toBe(HANDSHAKE[version].server + n + records * OVERHEAD[version] + CLOSE_NOTIFY[version])
})

test.prop([fc.integer({ min: 1, max: 30_000 }), fc.double({ min: 0, max: 0.2, noNaN: true }), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 1000 })], {
  numRuns: 15,
})("under loss and jitter (TCP retransmits, reorders) the echoed bytes are still intact and in order", (n, loss, jitterUs, seed) => {
  const payload = new Uint8Array(n)
  for (let i = 0; i < n; i++) payload[i] = (i * 7 + 3) & 0xff
  const w = tlsWorld({ seed })
  w.net.setLink({ loss, jitter: { kind: "uniform", max: jitterUs } })
  tls.tlsEchoServer(w.srv)
  const box: { got: Uint8Array | null } = { got: null }
  w.world.spawn(function* () {
    const ss = yield* tls.wrapSocket(yield* connect(w.dev), { version: seed % 2 ? "1.3" : "1.2" })
    const reader = w.world.spawn(function* () {
      box.got = yield* ss.read(n)
    })
    yield* ss.write(payload)
    while (reader.alive) yield s(0.05)
    ss.close()
  })
  w.world.run({ until: s(3600) })
  expect(box.got).not.toBeNull()
  expect(Buffer.from(box.got as Uint8Array).equals(Buffer.from(payload))).toBe(true)
})
