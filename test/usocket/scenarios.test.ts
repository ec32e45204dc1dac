import { describe, expect, it } from "vitest"
import { runScenario } from "../../index.ts"
import rtthread from "../../scenarios/rtthread-tcp-server-client.ts"
import k230 from "../../scenarios/k230-tcp.ts"
import http from "../../scenarios/quecpython-http-get.ts"
import echo from "../../scenarios/echo-partition.ts"

describe("IP scenarios run and report what the examples do", () => {
  it("rtthread-tcp-server-client: recv(10) → b'rt-thread\\r', send('micropython') → 11", () => {
    const r = runScenario(rtthread, { seed: 1 })
    expect(r.failures).toEqual([])
    expect(r.metrics).toMatchObject({ server_recv: "rt-thread\r", client_send_returned: 11, pc_received_bytes: 11 })
  })

  it("k230-tcp: ten lines arrive in order even over a 20% lossy link", () => {
    const r = runScenario(k230, { seed: 2, set: ["loss=0.2"] })
    expect(r.failures).toEqual([])
    expect(r.metrics).toMatchObject({ writes: 10, bytes_written: 300, lines_received: 10, lines_in_order: 1 })
  })

  it("quecpython-http-get: a 200 response through DNS", () => {
    const r = runScenario(http, { seed: 1 })
    expect(r.failures).toEqual([])
    expect(r.metrics).toMatchObject({ status: "HTTP/1.1 200 OK", request_bytes: 98, server_requests: 1 })
  })

  it("echo-partition: echoes stop during the partition and resume within seconds of the heal", () => {
    const r = runScenario(echo, { seed: 1 })
    expect(r.failures).toEqual([])
    const m = r.metrics as Record<string, number>
    expect(m["client_error.TimeoutError"]).toBeGreaterThan(5)
    expect(m["recovered_after_heal_s"]).toBeGreaterThan(0)
    expect(m["recovered_after_heal_s"]).toBeLessThan(5)
    expect(m["echoes"]).toBeGreaterThan(120)
  })
})
