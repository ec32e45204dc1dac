/**
 * Worked example (a): a request/response client over TCP, the way a firmware
 * author writes it. The server takes `processingMs` to answer each request.
 * With `timeoutS` 0 the client is the naive version: it never sets a socket
 * timeout, so a partition that starts after its request was acknowledged and
 * outlasts the server's retransmissions leaves it blocked in `readline()`
 * forever, even after the network heals (nothing is left for TCP to resend).
 * With a timeout it closes, reconnects and retries.
 */
import { defineScenario, Device, Network, param, Schema, sleep, ms, s, usocket, type InetSocket } from "fieldnet"
import { applyFaults, FaultSchedule, IDEAL_LINK, LinkConditions, linkSpecOf } from "fieldnet/testing"

const dec = (u: Uint8Array) => new TextDecoder().decode(u)

export default defineScenario({
  name: "request-response",
  description: "TCP request/response client under generated faults",
  until: "30min",
  params: {
    faults: param(FaultSchedule, [], "fault schedule"),
    link: param(LinkConditions, IDEAL_LINK, "link conditions"),
    timeoutS: param(Schema.Number, 0, "client socket timeout in s (0 = none: the naive client)"),
    processingMs: param(Schema.Number, 2000, "server time to answer a request (ms)"),
  },
  build(world, p) {
    const net = new Network(world, { link: linkSpecOf(p.link) })
    const client = new Device(world, "client")
    const server = new Device(world, "server")
    net.addHost(client, "10.0.0.2")
    net.addHost(server, "10.0.0.1")
    const cs = usocket(client)
    const ss = usocket(server)

    const serve = function* () {
      const srv = ss.socket()
      srv.setsockopt(ss.SOL_SOCKET, ss.SO_REUSEADDR, 1)
      srv.bind(["", 8080])
      srv.listen(4)
      for (;;) {
        const [conn] = (yield* srv.accept()) as [InetSocket, unknown]
        world.spawn(function* () {
          try {
            for (;;) {
              const req = yield* conn.readline()
              if (req === null || req.length === 0) break
              yield* sleep(ms(p.processingMs))
              yield* conn.write(`re: ${dec(req)}`)
            }
          } catch {
            /* the connection died */
          }
          conn.close()
        }, { node: "server", name: "conn" })
      }
    }
    net.host(server).run(serve, "server")
    applyFaults(world, p.faults, { network: net, baseLoss: p.link.loss, programs: { server: serve } })
    const faultsEnd = Math.max(0, ...p.faults.map((f) => (f.atMs + f.durationMs) * 1000))
    let completed = 0
    let completedAfterFaults = 0

    net.host(client).run(function* () {
      let sock: InetSocket | undefined
      for (let n = 0; ; ) {
        try {
          if (sock === undefined) {
            sock = cs.socket()
            if (p.timeoutS > 0) sock.settimeout(p.timeoutS)
            yield* sock.connect(["10.0.0.1", 8080])
          }
          yield* sock.write(`request ${n}\n`)
          const reply = dec((yield* sock.readline()) ?? new Uint8Array(0))
          if (reply !== `re: request ${n}\n`) throw new Error(`unexpected reply ${JSON.stringify(reply)}`)
          n++
          completed++
          if (world.now > faultsEnd) completedAfterFaults++
        } catch (e) {
          world.metrics.inc("client_errors")
          world.log("client", "request.error", { error: (e as { code?: string }).code ?? (e as Error).name })
          sock?.close()
          sock = undefined
          yield* sleep(s(1))
        }
      }
    }, "client")

    return { metrics: () => ({ completed, completed_after_faults: completedAfterFaults, faults_end_s: faultsEnd / 1e6 }) }
  },
})
