/**
 * Child process of the Python benchmark: one world of N Python devices
 * (argv: devices, sim seconds), each a LoPy4 on the IP network running a small
 * firmware that sends a UDP reading to an internet echo host every 10 s and
 * reads the echo. Prints one JSON line: build, boot and run wall times, host
 * calls, and the process's peak RSS (so the peak is this world's alone).
 */
import { Internet, Network, PythonDevice, Simulation, s } from "../index.ts"

const devices = Number(process.argv[2] ?? 600)
const simSeconds = Number(process.argv[3] ?? 60)
const FIRMWARE = `
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
n = 0
while True:
    s.sendto(b'reading %d' % n, ('198.51.100.7', 9000))
    try:
        s.recvfrom(64)
    except OSError:
        pass
    n += 1
    time.sleep(10)
`
const rss = (): number => Math.round(process.memoryUsage().rss / 1048576)
const rss0 = rss()
const t0 = performance.now()
const world = new Simulation({ seed: 1 })
const net = new Network(world)
new Internet(net)
const list: PythonDevice[] = []
for (let i = 0; i < devices; i++) {
  const d = new PythonDevice(world, `dev${i}`, { board: "lopy4", firmware: { files: { "main.py": FIRMWARE } }, bootMs: 0 })
  net.addHost(d, `10.${(i >> 16) & 255}.${((i + 1) >> 8) & 255}.${(i + 1) & 255}`)
  list.push(d)
}
const t1 = performance.now()
// Every device boots at t = 0: running the first instant boots them all.
world.run({ until: 1 })
const t2 = performance.now()
const rssBooted = rss()
world.run({ until: s(simSeconds) })
const t3 = performance.now()
const booted = list.filter((d) => d.boots > 0).length
world.dispose()
process.stdout.write(
  JSON.stringify({
    devices,
    booted,
    simSeconds,
    buildMs: Math.round(t1 - t0),
    bootMs: Math.round(t2 - t1),
    runMs: Math.round(t3 - t2),
    events: world.events,
    rssBaseMb: rss0,
    rssBootedMb: rssBooted,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + "\n",
)
process.exit(0)
