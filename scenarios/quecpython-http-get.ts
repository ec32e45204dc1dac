/**
 * quecpython-http-get: the QuecPython usocket example (seeds/quecpython-usocket.txt):
 * a cellular module resolves www.tongxinmao.com with getaddrinfo, connects to
 * port 80, sends `GET /News HTTP/1.1 …`, receives up to 256 bytes and closes.
 * The name resolves through the simulated DNS to an HTTP server host that
 * answers with a 200 response (and 404 for other paths). The cellular link has
 * tens of ms of latency and jitter.
 *
 *   npx fieldnet run scenarios/quecpython-http-get.ts --json
 */
import { defineScenario, Device, ms, Network, param, Schema, usocket, type InetSocket } from "fieldnet"

const enc = (t: string): Uint8Array => new TextEncoder().encode(t)
const dec = (u: Uint8Array): string => new TextDecoder().decode(u)
const BODY = "<html><body>QuecPython news: all quiet.</body></html>"

export default defineScenario({
  name: "quecpython-http-get",
  description: "QuecPython HTTP GET example against a simulated HTTP server behind a DNS name",
  until: "2min",
  params: {
    latencyMs: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 40, "one-way cellular latency (ms)"),
    jitterMs: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 20, "exponential jitter mean (ms)"),
    loss: param(Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 0.9 })), 0.01, "loss probability per packet"),
  },
  build(world, p) {
    const net = new Network(world, { link: { latency: ms(p.latencyMs), jitter: { kind: "exponential", mean: ms(p.jitterMs) }, loss: p.loss, bandwidth: 1_000_000 } })
    const module = new Device(world, "ec200u", { profile: "quecpython" })
    const web = new Device(world, "web")
    net.addHost(module, "10.64.0.2")
    net.addHost(web, "203.0.113.80")
    net.dns.set("www.tongxinmao.com", "203.0.113.80")
    const usock = usocket(module)
    const webSock = usocket(web)
    let status = ""
    let received = 0
    let sent = -1
    let ttfbMs = -1
    let requests = 0

    net.host(module).run(function* () {
      world.log("ec200u", "example.info", { text: "Network connection successful!" })
      const sock = usock.socket(usock.AF_INET, usock.SOCK_STREAM)
      const sockaddr = usock.getaddrinfo("www.tongxinmao.com", 80)[0]![4]
      yield* sock.connect(sockaddr)
      const t0 = world.now
      sent = yield* sock.send("GET /News HTTP/1.1\r\nHost: www.tongxinmao.com\r\nAccept-Encoding: deflate\r\nConnection: keep-alive\r\n\r\n")
      world.log("ec200u", "example.info", { text: `send ${sent} bytes` })
      const data = yield* sock.recv(256)
      ttfbMs = (world.now - t0) / 1000
      received = data.length
      status = dec(data).split("\r\n")[0] ?? ""
      world.log("ec200u", "example.info", { text: `recv ${data.length} bytes:`, data: dec(data) })
      sock.close()
    }, "example")

    // A minimal HTTP/1.1 server: reads the request head, answers, keeps serving.
    net.host(web).run(function* () {
      const srv = webSock.socket()
      srv.bind(["", 80])
      srv.listen(8)
      for (;;) {
        const [conn] = (yield* srv.accept()) as [InetSocket, unknown]
        world.spawn(function* () {
          let head = ""
          while (!head.includes("\r\n\r\n")) {
            const chunk = yield* conn.recv(512)
            if (chunk.length === 0) break
            head += dec(chunk)
          }
          requests++
          const path = head.split(" ")[1] ?? "/"
          const body = path === "/News" ? BODY : "not found"
          const code = path === "/News" ? "200 OK" : "404 Not Found"
          yield* conn.sendall(enc(`HTTP/1.1 ${code}\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n\r\n${body}`))
          // Keep-alive: wait for the client to close, then close.
          while ((yield* conn.recv(512)).length > 0) {}
          conn.close()
        }, { node: "web", name: "http-conn" })
      }
    }, "httpd")

    return {
      metrics: () => ({
        status,
        status_ok: status === "HTTP/1.1 200 OK" ? 1 : 0,
        request_bytes: sent,
        response_bytes: received,
        ttfb_ms: ttfbMs,
        server_requests: requests,
        tcp_rto: world.metrics.count("tcp.rto"),
      }),
    }
  },
})
