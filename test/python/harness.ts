import { Internet, Network, PythonDevice, Simulation, Trace, s, type BoardName, type ConsoleLine, type Micros, type PythonDeviceOptions } from "../../index.ts"

/** What a firmware test run gives back. */
export interface FirmwareRun {
  /** Every line the devices printed, with its sim time. */
  readonly lines: readonly ConsoleLine[]
  /** The text of the printed lines of the first device, in order. */
  readonly out: readonly string[]
  /** All trace lines (parsed). */
  readonly trace: readonly Record<string, unknown>[]
  readonly digest: string
  readonly world: Simulation
  readonly device: PythonDevice
}

/** Options of {@link runFirmware}. */
export interface FirmwareRunOptions {
  readonly board?: BoardName
  readonly seed?: number
  /** Sim time to run (default 60 s). */
  readonly until?: Micros
  /** Extra files besides main.py. */
  readonly files?: Readonly<Record<string, string | Uint8Array>>
  /** Builds more of the world (the device is "board" at 10.0.0.2 on `net`, which has an Internet). */
  readonly build?: (world: Simulation, device: PythonDevice, net: Network) => void
  readonly device?: Partial<PythonDeviceOptions>
  /** Wall-clock guard (default 10 s). */
  readonly guardSeconds?: number
}

/**
 * Runs `main` as a board's main.py in a small world (an IP network with the
 * simulated internet), to completion of `until`, and returns what it printed
 * and traced. The world is disposed before it returns.
 */
export function runFirmware(main: string, options: FirmwareRunOptions = {}): FirmwareRun {
  const trace = new Trace({ sink: { kind: "memory" } })
  const world = new Simulation({ seed: options.seed ?? 1, trace })
  try {
    const net = new Network(world)
    new Internet(net)
    const device = new PythonDevice(world, "board", {
      board: options.board ?? "micropython",
      firmware: { files: { "main.py": main, ...options.files } },
      ...options.device,
    })
    if (options.guardSeconds !== undefined) device.runtime.configure({ guardSeconds: options.guardSeconds })
    net.addHost(device, "10.0.0.2")
    const lines: ConsoleLine[] = []
    device.runtime.onConsole((l) => lines.push(l))
    options.build?.(world, device, net)
    world.run({ until: options.until ?? s(60) })
    world.dispose()
    trace.close()
    return {
      lines,
      out: lines.filter((l) => l.device === "board").map((l) => l.text),
      trace: trace.lines.map((l) => JSON.parse(l) as Record<string, unknown>),
      digest: trace.digest(),
      world,
      device,
    }
  } finally {
    world.dispose()
  }
}

/** Trace entries of one kind. */
export function kinds(run: FirmwareRun, kind: string): Record<string, unknown>[] {
  return run.trace.filter((e) => e.kind === kind)
}
