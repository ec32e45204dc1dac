// The README's "Property-test your protocol code" example, kept here so CI runs it.
import { defineScenario, Device, Network, param, usocket } from "fieldnet"
import { applyFaults, FaultSchedule } from "fieldnet/testing"

export default defineScenario({
  name: "my-udp-client", description: "my protocol under faults", until: "5min",
  params: { faults: param(FaultSchedule, [], "fault schedule") },
  build(world, { faults }) {
    const net = new Network(world)
    const [dev, srv] = [new Device(world, "dev"), new Device(world, "srv")]
    net.addHost(dev, "10.0.0.2"), net.addHost(srv, "10.0.0.1")
    applyFaults(world, faults, { network: net })
    const s = usocket(srv).socket(2, 2)
    s.bind(["", 5683])
    let acked = 0
    net.host(srv).run(function* () { for (;;) { const [m, from] = yield* s.recvfrom(64); yield* s.sendto(m, from) } }, "echo")
    net.host(dev).run(function* () {
      const c = usocket(dev).socket(2, 2)
      c.settimeout(2)                           // my protocol: send, wait 2 s for the echo, retry
      for (let i = 0; i < 50; i++) for (;;) {
        yield* c.sendto(new Uint8Array([i]), ["10.0.0.1", 5683])
        try { const [m] = yield* c.recvfrom(64); if (m[0] === i) { acked++; break } } catch { /* timeout */ }
      }
    }, "client")
    return { metrics: () => ({ acked }) }
  },
})
