// The README's "Property-test your firmware" example, kept here so CI runs it:
// a LoPy4 running its own MicroPython (python-client.py) against a UDP echo
// server, under a generated fault schedule.
import { Device, defineScenario, Network, param, PythonDevice, Schema, usocket } from "fieldnet"
import { applyFaults, FaultSchedule } from "fieldnet/testing"

export default defineScenario({
  name: "my-firmware", description: "my MicroPython uplink loop under faults", until: "5min",
  params: {
    faults: param(FaultSchedule, [], "fault schedule"),
    firmware: param(Schema.Literals(["python-client.py", "python-client-naive.py"]), "python-client.py", "which firmware"),
  },
  build(world, { faults, firmware }) {
    const net = new Network(world)
    const dev = new PythonDevice(world, "dev", { board: "lopy4", firmware: { path: new URL(`./${firmware}`, import.meta.url) } })
    const srv = new Device(world, "srv")
    net.addHost(dev, "10.0.0.2"), net.addHost(srv, "10.0.0.1")
    const echo = function* () {
      const s = usocket(srv).socket(2, 2)
      s.bind(["", 5683])
      for (;;) { const [m, from] = yield* s.recvfrom(64); yield* s.sendto(m, from) }
    }
    net.host(srv).run(echo, "echo")
    applyFaults(world, faults, { network: net, programs: { srv: echo } })
    // What the firmware printed last: "acked 20" when every reading got through.
    return { metrics: () => ({ acked: Number(/^acked (\d+)$/.exec(dev.lastLines.at(-1) ?? "")?.[1] ?? -1) }) }
  },
})
