/**
 * rtthread-tcp-server-client: the two examples of RT-Thread's usocket page
 * (seeds/rt-thread-usocket.md), each against a "PC" host on the simulated LAN.
 *
 * Server example — the board at 192.168.12.32 runs
 *   s.bind(('192.168.12.32', 6001)); s.listen(5); s.setblocking(True)
 *   sock, addr = s.accept(); sock.recv(10)  → b'rt-thread\r'; s.close()
 * while the PC connects and sends "rt-thread\r".
 *
 * Client example — the board connects to the PC's server at 192.168.10.110:6000
 * and `s.send("micropython")` returns 11.
 *
 *   npx fieldnet run scenarios/rtthread-tcp-server-client.ts --json
 */
import { defineScenario, Device, ms, Network, param, Schema, usocket, type InetSocket } from "fieldnet"

const text = (u: Uint8Array): string => new TextDecoder().decode(u)

export default defineScenario({
  name: "rtthread-tcp-server-client",
  description: "RT-Thread usocket TCP server and client examples against a PC on a simulated LAN",
  until: "1min",
  params: {
    latencyMs: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 2, "one-way LAN latency (ms)"),
    loss: param(Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 0.9 })), 0, "loss probability per packet"),
  },
  build(world, p) {
    const net = new Network(world, { link: { latency: ms(p.latencyMs), loss: p.loss } })
    const board = new Device(world, "rtthread-board", { profile: "rt-thread" })
    const pc = new Device(world, "pc", { profile: "micropython" })
    const boardHost = net.addHost(board, "192.168.12.32")
    const pcHost = net.addHost(pc, "192.168.10.110")
    const m = usocket(board)
    const pcSock = usocket(pc)
    let serverGot = ""
    let clientSent = -1
    let connectMs = -1

    // Server example on the board.
    boardHost.run(function* () {
      const s = m.socket(m.AF_INET, m.SOCK_STREAM)
      s.bind(["192.168.12.32", 6001])
      s.listen(5)
      s.setblocking(true)
      const [sock, addr] = (yield* s.accept()) as [InetSocket, [string, number]]
      world.log("rtthread-board", "example.accept", { addr })
      serverGot = text(yield* sock.recv(10))
      world.log("rtthread-board", "example.recv", { data: serverGot })
      s.close()
      sock.close()

      // Client example on the board.
      const c = m.socket(m.AF_INET, m.SOCK_STREAM)
      const t0 = world.now
      yield* c.connect(["192.168.10.110", 6000])
      connectMs = (world.now - t0) / 1000
      clientSent = yield* c.send("micropython")
      world.log("rtthread-board", "example.send", { returned: clientSent })
      c.close()
    }, "examples")

    // The PC: a client for the server example, a server for the client example.
    pcHost.run(function* () {
      const srv = pcSock.socket()
      srv.bind(["", 6000])
      srv.listen(1)
      const c = pcSock.socket()
      yield* c.connect(["192.168.12.32", 6001])
      yield* c.sendall("rt-thread\r")
      c.close()
      const [conn] = (yield* srv.accept()) as [InetSocket, unknown]
      const got = yield* conn.readall()
      world.metrics.set("pc_received_bytes", got?.length ?? 0)
      conn.close()
      srv.close()
    }, "pc")

    return {
      metrics: () => ({
        server_recv: serverGot,
        server_recv_ok: serverGot === "rt-thread\r" ? 1 : 0,
        client_send_returned: clientSent,
        client_connect_ms: connectMs,
        tcp_rto: world.metrics.count("tcp.rto"),
      }),
    }
  },
})
