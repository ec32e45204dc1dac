/**
 * k230-tcp: the K230 socket example (seeds/k230-socket.md): the board resolves
 * the debug PC with `getaddrinfo("10.100.228.5", 60000)`, connects, writes
 * "K230 tcp client send test {i} \r\n" ten times 0.2 s apart, waits 1 s and
 * closes. The PC runs a TCP debug server that counts the lines it receives.
 *
 *   npx fieldnet run scenarios/k230-tcp.ts --json
 *   npx fieldnet run scenarios/k230-tcp.ts --set loss=0.2 --json
 */
import { defineScenario, Device, ms, Network, param, s, Schema, usocket, type InetSocket } from "fieldnet"

const PORT = 60000

export default defineScenario({
  name: "k230-tcp",
  description: "K230 TCP client example writing ten lines to a PC debug server",
  until: "10min",
  params: {
    latencyMs: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 5, "one-way latency (ms)"),
    loss: param(Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 0.9 })), 0.02, "loss probability per packet"),
  },
  build(world, p) {
    const net = new Network(world, { link: { latency: ms(p.latencyMs), loss: p.loss, jitter: { kind: "uniform", max: ms(p.latencyMs) } } })
    const k230 = new Device(world, "k230", { profile: "k230" })
    const pc = new Device(world, "pc")
    net.addHost(k230, "10.100.228.10")
    net.addHost(pc, "10.100.228.5")
    const socket = usocket(k230)
    const pcSocket = usocket(pc)
    const writes: number[] = []
    const lines: string[] = []
    let closedAt = -1

    net.host(k230).run(function* () {
      const ai = socket.getaddrinfo("10.100.228.5", PORT)
      world.log("k230", "example.print", { text: `Address infos: ${JSON.stringify(ai)}` })
      const addr = ai[0]![4]
      const sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
      yield* sock.connect(addr)
      for (let i = 0; i < 10; i++) {
        const str = `K230 tcp client send test ${i} \r\n`
        writes.push((yield* sock.write(str)) ?? 0)
        yield s(0.2)
      }
      yield s(1)
      sock.close()
      closedAt = world.now
      world.log("k230", "example.print", { text: "end" })
    }, "client")

    net.host(pc).run(function* () {
      const srv = pcSocket.socket()
      srv.bind(["", PORT])
      srv.listen(1)
      const [conn] = (yield* srv.accept()) as [InetSocket, unknown]
      for (;;) {
        const line = yield* conn.readline()
        if (line === null || line.length === 0) break
        lines.push(new TextDecoder().decode(line))
      }
      conn.close()
    }, "debug-server")

    return {
      metrics: () => ({
        writes: writes.length,
        bytes_written: writes.reduce((a, b) => a + b, 0),
        lines_received: lines.length,
        lines_in_order: lines.every((l, i) => l === `K230 tcp client send test ${i} \r\n`) ? 1 : 0,
        client_closed_at_s: closedAt / 1e6,
        tcp_rto: world.metrics.count("tcp.rto"),
        tcp_fast_rtx: world.metrics.count("tcp.fast_rtx"),
      }),
    }
  },
})
