/**
 * Field bug: a TCP client keeps a half-open connection after a partition.
 *
 * Symptom (as reported from the field): a QuecPython tracker waits on its
 * command connection and stops receiving commands after a network outage,
 * although the network is back and the server is fine. It never reconnects.
 *
 * Reproduce: `npx fieldnet run scenarios/field-bugs/tcp-half-open.ts --seed 1 --trace t.ndjson`
 * (any seed: the schedule is fixed). `half_open_s` reports how long the client
 * sat on a dead connection; with the default `keepaliveMin=0` it lasts until
 * the end of the run.
 *
 * What the trace shows (`npx fieldnet trace t.ndjson --node server --kind tcp.*`):
 * the partition begins (`fault.partition`), the server's next command is
 * retransmitted (`tcp.rto`, count 1…12) and the server gives up
 * (`tcp.error` errno ETIMEDOUT, `tcp.state` → CLOSED) while the partition lasts.
 * The client has nothing to send, so its side stays ESTABLISHED: no line for
 * node `client` after the heal. With `--set keepaliveMin=1` the client's
 * keep-alive probes (`tcp.keepalive` on node `client`) go unanswered, or draw a
 * RST once the network is back, so the client sees ETIMEDOUT/ECONNRESET
 * (`app.connection_lost`) and reconnects.
 */
import { defineScenario, Device, minutes, Network, param, Schema, sleep, usocket, type InetSocket } from "fieldnet"

export default defineScenario({
  name: "field-bug-tcp-half-open",
  description: "a TCP client keeps a half-open connection after a partition until keep-alive notices",
  until: "2h",
  params: {
    keepaliveMin: param(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 120 })), 0, "QuecPython TCP_KEEPALIVE in minutes (0 = off, the bug)"),
    partitionAtMin: param(Schema.Number, 12, "partition starts (min)"),
    partitionMin: param(Schema.Number, 15, "partition length (min)"),
    commandEveryMin: param(Schema.Number, 5, "server sends a command every … (min)"),
  },
  build(world, p) {
    const net = new Network(world, { link: { latency: 40_000 } })
    const client = new Device(world, "client", { profile: "quecpython" })
    const server = new Device(world, "server")
    net.addHost(client, "10.8.0.2")
    net.addHost(server, "10.8.0.1")
    net.partition([client], [server], minutes(p.partitionAtMin))
    net.heal(minutes(p.partitionAtMin + p.partitionMin))
    const cs = usocket(client)
    const ss = usocket(server)
    let serverLostAt = -1
    let clientNoticedAt = -1
    let commands = 0
    let connects = 0

    net.host(server).run(function* () {
      const srv = ss.socket()
      srv.bind(["", 9000])
      srv.listen(2)
      for (;;) {
        const [conn] = (yield* srv.accept()) as unknown as [InetSocket]
        try {
          for (let n = 0; ; n++) {
            yield* sleep(minutes(p.commandEveryMin))
            yield* conn.write(`cmd ${n}\n`)
          }
        } catch (e) {
          serverLostAt = world.now
          world.log("server", "app.connection_lost", { error: (e as { code?: string }).code ?? String(e) })
        }
        conn.close()
      }
    }, "command-server")

    net.host(client).run(function* () {
      for (;;) {
        const sock = cs.socket(cs.AF_INET, cs.SOCK_STREAM)
        if (p.keepaliveMin > 0) sock.setsockopt(cs.SOL_SOCKET, cs.TCP_KEEPALIVE, p.keepaliveMin)
        try {
          yield* sock.connect(["10.8.0.1", 9000])
          connects++
          for (;;) {
            const line = yield* sock.readline()
            if (line === null || line.length === 0) break
            commands++
          }
        } catch (e) {
          if (serverLostAt >= 0 && clientNoticedAt < 0) clientNoticedAt = world.now
          world.log("client", "app.connection_lost", { error: (e as { code?: string }).code ?? String(e) })
        }
        sock.close()
        yield* sleep(minutes(0.5))
      }
    }, "tracker")

    return {
      metrics: () => ({
        commands_received: commands,
        connects,
        server_gave_up_s: serverLostAt < 0 ? -1 : serverLostAt / 1e6,
        client_noticed_s: clientNoticedAt < 0 ? -1 : clientNoticedAt / 1e6,
        half_open_s: serverLostAt < 0 ? 0 : ((clientNoticedAt < 0 ? world.now : clientNoticedAt) - serverLostAt) / 1e6,
      }),
    }
  },
})
