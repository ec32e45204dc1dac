import { Device, Network, Simulation, ms, s, usocket, type InetSocket } from "../index.ts"
import { report, wallMs } from "./report.ts"

/**
 * IP stack benchmarks: simulated TCP bulk transfer (MB of payload per wall
 * second) over a 1 % lossy 10 ms link, with 1 and 100 concurrent connections,
 * and UDP datagrams per wall second.
 */
function tcpBulk(connections: number, bytesEach: number): void {
  const world = new Simulation({ seed: 1, trace: { enabled: false } })
  const net = new Network(world, { link: { latency: ms(10), loss: 0.01, bandwidth: 1_000_000_000, queueLimit: 1000 } })
  const server = new Device(world, "server")
  net.addHost(server, "10.0.0.1", { tcpRcvBuf: 65535, tcpSndBuf: 65535 })
  const ss = usocket(server)
  let received = 0
  let lastByteAt = 0
  world.spawn(function* () {
    const srv = ss.socket()
    srv.bind(["", 80])
    srv.listen(connections)
    for (let i = 0; i < connections; i++) {
      const [c] = (yield* srv.accept()) as [InetSocket, unknown]
      world.spawn(function* () {
        for (;;) {
          const d = yield* c.recv(65536)
          if (d.length === 0) break
          received += d.length
          lastByteAt = world.now
        }
        c.close()
      })
    }
  })
  const chunk = new Uint8Array(16384)
  for (let i = 0; i < connections; i++) {
    const d = new Device(world, `c${i}`)
    net.addHost(d, `10.1.${i >> 8}.${(i & 255) + 1}`, { tcpRcvBuf: 65535, tcpSndBuf: 65535 })
    const m = usocket(d)
    world.spawn(function* () {
      const c = m.socket()
      yield* c.connect(["10.0.0.1", 80])
      for (let sent = 0; sent < bytesEach; sent += chunk.length) yield* c.write(chunk)
      c.close()
    })
  }
  const t0 = wallMs()
  const out = world.run({ until: s(36_000) })
  const secs = (wallMs() - t0) / 1000
  report(`ip.tcp_bulk.${connections}conn.sim_MB_per_wall_s`, received / 1e6 / secs, "MB/s", {
    connections, bytes: received, transferSimSeconds: lastByteAt / 1e6, events: out.events, rto: world.metrics.count("tcp.rto"), fastRtx: world.metrics.count("tcp.fast_rtx"),
  })
}

function udpFlood(datagrams: number): void {
  const world = new Simulation({ seed: 1, trace: { enabled: false } })
  const net = new Network(world, { link: { latency: ms(1), bandwidth: 0, queueLimit: 1e9 } })
  const a = new Device(world, "a")
  const b = new Device(world, "b")
  net.addHost(a, "10.0.0.1")
  net.addHost(b, "10.0.0.2", { udpRecvQueue: 1_000_000 })
  const ma = usocket(a)
  const mb = usocket(b)
  let got = 0
  world.spawn(function* () {
    const u = mb.socket(mb.AF_INET, mb.SOCK_DGRAM)
    u.bind(["", 9])
    for (;;) {
      yield* u.recv(100)
      got++
    }
  })
  world.spawn(function* () {
    const u = ma.socket(ma.AF_INET, ma.SOCK_DGRAM)
    const payload = new Uint8Array(64)
    for (let i = 0; i < datagrams; i++) {
      yield* u.sendto(payload, ["10.0.0.2", 9])
      if ((i & 63) === 63) yield 10
    }
  })
  const t0 = wallMs()
  const out = world.run({ until: s(3600) })
  const secs = (wallMs() - t0) / 1000
  report("ip.udp.datagrams_per_wall_s", got / secs, "datagrams/s", { datagrams: got, events: out.events })
}

export function run(): void {
  tcpBulk(1, 20_000_000)
  tcpBulk(100, 500_000)
  udpFlood(500_000)
}
