/**
 * `npm run bench -- python`: the cost of running real MicroPython firmware in
 * the simulator. Host round trip per blocking call and per clock read (one
 * device, 20 000 calls each), boot time per device (one cold boot; a world of
 * 50 devices whose workers start in parallel), memory per device, and the
 * largest world of Python devices (600 by default, FIELDNET_BENCH_PY_DEVICES
 * to change) in a child process that reports its own peak RSS.
 * Targets: ≤ 60 µs per blocking call, ≤ 50 ms boot, ≥ 600 devices in 8 GB.
 */
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { PythonDevice, PythonRuntime, Simulation, s } from "../index.ts"
import { interpreterVersion } from "../stack/python/index.ts"
import { report, wallMs } from "./report.ts"

const CALLS = 20_000

/** Wall ms to run one device's `body` to the end of its main.py (the boot excluded). */
function timeScript(body: string): number {
  const world = new Simulation({ seed: 1 })
  let t0 = 0
  let t1 = 0
  const dev = new PythonDevice(world, "bench", { board: "micropython", bootMs: 0, firmware: { files: { "main.py": `import time\ntime.sleep_us(1)\n${body}\ntime.sleep_us(1)\n` } } })
  dev.runtime.configure({ guardSeconds: 60 })
  // The first sleep ends the boot; the last marks the end of the loop.
  world.run({ until: 1 })
  t0 = wallMs()
  world.run({ until: s(3600) })
  t1 = wallMs()
  world.dispose()
  return t1 - t0
}

function child(devices: number, simSeconds: number): Record<string, number> {
  const script = fileURLToPath(new URL("./python-world.ts", import.meta.url))
  const r = spawnSync(process.execPath, ["--import", "tsx", script, String(devices), String(simSeconds)], { encoding: "utf8", maxBuffer: 1 << 24 })
  if (r.status !== 0) throw new Error(`python-world ${devices} failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Record<string, number>
}

export async function run(): Promise<void> {
  const version = interpreterVersion()
  // Host round trips: a blocking call (sleep) and a clock read, each a full exchange with the worker.
  const blocking = timeScript(`for i in range(${CALLS}):\n    time.sleep_us(1)`)
  report("python.blocking_call_us", (blocking * 1000) / CALLS, "µs/call", { calls: CALLS, interpreter: version, target: 60 })
  const clock = timeScript(`for i in range(${CALLS}):\n    time.ticks_us()`)
  report("python.clock_read_us", (clock * 1000) / CALLS, "µs/call", { calls: CALLS })

  // One cold boot: a new worker, the interpreter, the shims, boot.py/main.py to the first host call.
  {
    const world = new Simulation({ seed: 1 })
    const t0 = wallMs()
    new PythonDevice(world, "cold", { board: "lopy4", bootMs: 0, firmware: { files: { "main.py": "import socket, time\ntime.sleep(1)\n" } } })
    world.run({ until: 1 })
    report("python.boot_cold_ms", wallMs() - t0, "ms", { note: "worker start + interpreter + shims + main.py to its first call" })
    world.dispose()
  }
  // A warm boot: the worker was started ahead (as the pool does for every device and for the
  // next reboot); what remains is the device's configuration, the shims and main.py.
  {
    const world = new Simulation({ seed: 1 })
    const runtime = PythonRuntime.of(world)
    runtime.prestart(1)
    runtime.take().terminate() // waits until the first worker is ready; the one behind it starts now
    const spare = runtime.take() // …and this waits for the second; put it back as the next spare
    spare.terminate()
    runtime.prestart(1)
    const t = wallMs()
    while (wallMs() - t < 300) {
      /* let the spare load */
    }
    const t0 = wallMs()
    new PythonDevice(world, "warm", { board: "lopy4", bootMs: 0, firmware: { files: { "main.py": "import socket, time\ntime.sleep(1)\n" } } })
    world.run({ until: 1 })
    report("python.boot_warm_ms", wallMs() - t0, "ms", { note: "worker already started: configuration + shims + main.py to its first call" })
    world.dispose()
  }
  // A world of 50: workers start in parallel while the world is built.
  const fifty = child(50, 1)
  report("python.boot_per_device_ms", (fifty.buildMs! + fifty.bootMs!) / 50, "ms", { devices: 50, target: 50, note: "workers prestarted in parallel: (world build + first instant) / devices" })
  report("python.rss_per_device_mb", (fifty.rssBootedMb! - fifty.rssBaseMb!) / 50, "MB", { devices: 50 })

  const n = Number(process.env.FIELDNET_BENCH_PY_DEVICES ?? 600)
  const big = child(n, 60)
  report("python.largest_world.devices", big.booted!, "devices", { ...big, target: 600, targetRssMb: 8192 })
  report("python.largest_world.peak_rss_mb", big.peakRssMb!, "MB", { devices: n, target: 8192 })
  report("python.largest_world.boot_per_device_ms", (big.buildMs! + big.bootMs!) / n, "ms", { devices: n })
}
