/**
 * echo-partition: an echo service under a partition that heals. A device sends
 * a numbered line to an echo server every second and waits for it with a
 * timeout; at `partitionAtS` the network is cut between them and healed at
 * `healAtS`. The client treats a timeout or a connection error as a broken
 * connection: it closes and reconnects (with the socket timeout on connect).
 * Metrics: echoes, timeouts, reconnects, and how long after the heal the first
 * echo came back.
 *
 *   npx fieldnet run scenarios/echo-partition.ts --json
 */
import { defineScenario, Device, ms, Network, param, s, Schema, usocket, type InetSocket } from "fieldnet"

const dec = (u: Uint8Array): string => new TextDecoder().decode(u)

export default defineScenario({
  name: "echo-partition",
  description: "echo client/server over TCP with a network partition that heals",
  until: "3min",
  params: {
    partitionAtS: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 20, "partition starts (s)"),
    healAtS: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 60, "partition heals (s)"),
    timeoutS: param(Schema.Number.check(Schema.isGreaterThan(0)), 3, "client socket timeout (s)"),
    latencyMs: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 20, "one-way latency (ms)"),
    loss: param(Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 0.9 })), 0.01, "loss probability per packet"),
    profile: param(Schema.Literals(["micropython", "pycom", "quecpython", "rt-thread", "k230"]), "pycom", "client device profile"),
  },
  build(world, p) {
    const net = new Network(world, { link: { latency: ms(p.latencyMs), loss: p.loss, jitter: { kind: "uniform", max: ms(p.latencyMs / 2) } } })
    const client = new Device(world, "client", { profile: p.profile })
    const server = new Device(world, "server")
    net.addHost(client, "10.1.0.2")
    net.addHost(server, "10.1.0.1")
    net.dns.set("echo.local", "10.1.0.1")
    net.partition([client], [server], s(p.partitionAtS))
    net.heal(s(p.healAtS))
    const cs = usocket(client)
    const ss = usocket(server)
    let firstEchoAfterHeal = -1
    const rtt = world.metrics.sample("echo_rtt_ms")

    net.host(server).run(function* () {
      const srv = ss.socket()
      srv.setsockopt(ss.SOL_SOCKET, ss.SO_REUSEADDR, 1)
      srv.bind(["", 7])
      srv.listen(4)
      for (;;) {
        const [conn] = (yield* srv.accept()) as [InetSocket, unknown]
        world.metrics.inc("server_accepts")
        world.spawn(function* () {
          try {
            for (;;) {
              const line = yield* conn.readline()
              if (line === null || line.length === 0) break
              yield* conn.write(line)
            }
          } catch (e) {
            world.log("server", "echo.conn_error", { error: String(e) })
          }
          conn.close()
        }, { node: "server", name: "echo-conn" })
      }
    }, "echo-server")

    net.host(client).run(function* () {
      const addr = cs.getaddrinfo("echo.local", 7)[0]![4]
      let sock: InetSocket | undefined
      for (let seq = 0; ; seq++) {
        const start = world.now
        try {
          if (sock === undefined) {
            sock = cs.socket()
            sock.settimeout(p.timeoutS)
            yield* sock.connect(addr)
            world.metrics.inc("connects")
          }
          yield* sock.write(`echo ${seq}\n`)
          const reply = dec((yield* sock.readline()) ?? new Uint8Array(0))
          if (reply !== `echo ${seq}\n`) throw new Error(`bad echo ${JSON.stringify(reply)}`)
          world.metrics.inc("echoes")
          rtt.add((world.now - start) / 1000)
          if (world.now > s(p.healAtS) && firstEchoAfterHeal < 0) firstEchoAfterHeal = world.now - s(p.healAtS)
        } catch (e) {
          const name = (e as { name?: string; code?: string }).code ?? (e as Error).name
          world.metrics.inc(`client_error.${name}`)
          world.log("client", "echo.error", { seq, error: name })
          sock?.close()
          sock = undefined
        }
        const wait = start + s(1) - world.now
        if (wait > 0) yield wait
      }
    }, "echo-client")

    return {
      metrics: () => ({
        recovered_after_heal_s: firstEchoAfterHeal < 0 ? -1 : firstEchoAfterHeal / 1e6,
      }),
    }
  },
})
