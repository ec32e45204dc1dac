import { Interrupt, join, ms, type EventId, type Micros, type Process, type ProcessBody, type Simulation } from "../../sim/index.ts"
import { Device, type Position } from "../device.ts"
import type { IpHost } from "../ip/host.ts"
import type { ProfileName } from "../profile.ts"
import { BootRun } from "./boot-run.ts"
import "./ops/index.ts"
import { BOARDS, boardOf, type Board, type BoardName } from "./boards.ts"
import { FirmwareError } from "./firmware-error.ts"
import { firmwareLabel, flashImageOf, imageToBase64, type FirmwareSource, type FlashImage } from "./firmware.ts"
import { HandleTable } from "./handles.ts"
import { PythonHangError, type Interpreter } from "./interpreter.ts"
import { Lifecycle, runBootHooks } from "./ops.ts"
import { PythonRuntime } from "./python-runtime.ts"

/** Options of a Python device. */
export interface PythonDeviceOptions {
  /** The board (default `micropython`): its profile, `os.uname()`, radios, boot time. */
  readonly board?: BoardName
  /** Overrides the board's socket profile. */
  readonly profile?: ProfileName
  readonly position?: Position
  /** The program: `boot.py`, `main.py`, `lib/…` and data files. */
  readonly firmware: FirmwareSource
  /** Sim time of power-on (default 0); the script starts `bootMs` later. */
  readonly powerOnAt?: Micros
  /** Overrides the board's time from reset to boot.py (ms). */
  readonly bootMs?: number
  /** Overrides the board's interpreter memory cap (MiB). */
  readonly memoryMb?: number
  /** Feed these lines to the REPL instead of running boot.py/main.py (the seeds' `>>>` transcripts). */
  readonly repl?: readonly string[]
  /**
   * Is the device's IP link up when it boots (default true: as if the board's
   * configuration or boot.py had connected it, so a main.py that never calls
   * `WLAN.connect()` can use sockets)? With false, sockets fail until the
   * script brings an interface up (`network.WLAN().connect()`, `LTE`, …).
   */
  readonly ipUpAtBoot?: boolean
}

/** Where a Python device is in its life. */
export type PythonDeviceState = "off" | "booting" | "running" | "halted"

function unameField(board: Board, key: string): string {
  return board.uname.find(([k]) => k === key)?.[1] ?? ""
}

/** How many printed lines a device keeps for error messages. */
const KEPT_LINES = 5

/**
 * A board whose program is real MicroPython: the files of its /flash run as
 * the board runs them (`boot.py` then `main.py`, /flash as the working
 * directory) in an interpreter of its own, driven in lock-step by the kernel
 * (see {@link BootRun}). `machine.reset()`, `machine.deepsleep(ms)` and a power
 * cut end a boot: the worker ends, RAM (the interpreter, its sockets, radios
 * and timers) is lost, /flash and NVS are kept, and the next boot starts
 * `bootMs` (plus the sleep) later. Everything it prints is traced as
 * `py.stdout` at the sim time it was printed.
 */
export class PythonDevice extends Device {
  readonly board: Board
  readonly runtime: PythonRuntime
  /** The /flash the next boot starts from (updated at the end of every boot). */
  flash: FlashImage
  /** NVS key → value (`pycom.nvs_*`); survives resets. */
  readonly nvs = new Map<string, number | string | Uint8Array>()
  /** Boots so far. */
  boots = 0
  /** What `machine.reset_cause()` reports in the current boot. */
  resetCause = "PWRON_RESET"
  /** Why the last boot ended: "reset", "deepsleep", "halt", "hang", "power-off". */
  lastEnd = ""
  state: PythonDeviceState = "off"
  /** The last lines the device printed (for error messages). */
  readonly lastLines: string[] = []
  /** Lines printed since power-on (also traced). */
  printedLines = 0
  /** The interpreter's memory cap in bytes (a MemoryError beyond it). */
  readonly memoryLimitBytes: number
  /** The RTC: µs since the board's epoch at sim time 0 (`machine.RTC().init()` moves it); kept across resets. */
  rtcOffsetUs = 0
  private readonly bootMs: number
  private readonly repl: readonly string[] | undefined
  /** See {@link PythonDeviceOptions.ipUpAtBoot}. */
  readonly ipUpAtBoot: boolean
  private driver: Process<Lifecycle> | undefined = undefined
  private shutdowns: (() => void)[] = []
  private bootEvent: EventId = -1
  /** True while the device itself crashes or restarts its IP host (a reboot), so the host's callbacks do not echo back. */
  private ownCrash = false
  private readonly label: string

  constructor(world: Simulation, name: string, options: PythonDeviceOptions) {
    const board = options.board === undefined ? BOARDS.micropython : boardOf(options.board)
    if (board === undefined) throw new FirmwareError(`unknown board "${String(options.board)}" (boards: ${Object.keys(BOARDS).join(", ")})`)
    super(world, name, { profile: options.profile ?? board.profile, ...(options.position === undefined ? {} : { position: options.position }) })
    this.board = board
    this.runtime = PythonRuntime.of(world)
    this.flash = flashImageOf(options.firmware, world)
    this.label = firmwareLabel(options.firmware)
    this.bootMs = options.bootMs ?? board.bootMs
    this.memoryLimitBytes = Math.round((options.memoryMb ?? board.memoryMb) * 1024 * 1024)
    this.repl = options.repl
    this.ipUpAtBoot = options.ipUpAtBoot ?? true
    // Its worker starts loading now, while the rest of the world is built.
    this.runtime.prestart(1)
    this.powerOn(options.powerOnAt ?? world.now)
  }

  /** Switches the board on at `at` (default now): it boots `bootMs` later. No effect when it is already on. */
  powerOn(at: Micros = this.world.now, cause = "PWRON_RESET"): void {
    if (this.state !== "off" && this.state !== "halted") return
    this.state = "booting"
    this.resetCause = cause
    if (this.boots > 0) this.runtime.prestart(1)
    this.bootEvent = this.world.schedule(Math.max(at, this.world.now) + ms(this.bootMs), () => this.boot())
  }

  /** Cuts the power at `at` (default now): the running boot ends at once; /flash and NVS stay. */
  powerOff(at: Micros = this.world.now): void {
    const off = (): void => {
      this.world.cancel(this.bootEvent)
      if (this.driver?.alive === true) this.driver.interrupt(new Lifecycle("halt", "POWER_OFF"))
      else this.state = "off"
      this.world.log(this.name, "py.power", { on: false })
    }
    if (at <= this.world.now) off()
    else this.world.schedule(at, off)
  }

  /** Resets the board now (a reset button, a watchdog): the boot ends and a new one starts. */
  reset(cause = "HARD_RESET"): void {
    if (this.driver?.alive === true) this.driver.interrupt(new Lifecycle("reset", cause))
  }

  /** True when the device feeds a REPL transcript instead of running main.py. */
  get replMode(): boolean {
    return this.repl !== undefined
  }

  /** An IP host attached to a board that has not booted yet is off (packets to it are dropped, as to a board that is still starting). */
  override attach<T>(key: string, value: T): T {
    super.attach(key, value)
    if (key === "ip" && this.state !== "running") {
      this.ownCrash = true
      ;(value as unknown as IpHost).crash()
      this.ownCrash = false
    }
    return value
  }

  /** A crash fault on the device's IP host is a power cut (see `Network.crash`). */
  override hostCrashed(): void {
    if (!this.ownCrash) this.powerOff()
  }

  /** The IP host restarting after a crash fault switches the board on again (it boots `bootMs` later). */
  override hostRestarted(): void {
    if (!this.ownCrash) this.powerOn(this.world.now)
  }

  /** @internal Ops register the release of what they created (sockets, radios, timers) for the end of the boot. */
  atShutdown(release: () => void): void {
    this.shutdowns.push(release)
  }

  private boot(): void {
    this.boots++
    this.state = "running"
    const boot = this.boots
    const seed = this.world.rng(`python/${this.name}/boot/${boot}/seed`)
    const interp = this.runtime.take()
    this.ownCrash = true
    this.ip?.restart()
    this.ownCrash = false
    this.ip?.setLinkUp(this.ipUpAtBoot)
    this.world.log(this.name, "py.boot", { boot, board: this.board.name, cause: this.resetCause, firmware: this.label })
    // The RTC restarts from the epoch at power-on; Pycom's firmware also resets it on every boot
    // but a wake from deep sleep or a soft reset (PF esp32/mptask.c: rtc_init0 unless the RTC survived).
    if (this.resetCause === "PWRON_RESET" || (this.board.profile === "pycom" && this.resetCause !== "DEEPSLEEP_RESET" && this.resetCause !== "SOFT_RESET")) this.rtcOffsetUs = -this.world.now
    const handles = new HandleTable()
    const run = new BootRun(interp, this.runtime, { device: this, world: this.world, board: this.board, handles }, (lines) => this.printed(lines))
    runBootHooks(run.opContext)
    const self = this
    const config = {
      seed: [seed.int(0, 0xffffffff), seed.int(0, 0xffffffff), seed.int(0, 0xffffffff), seed.int(0, 0xffffffff)] as [number, number, number, number],
      files: imageToBase64(this.flash),
      memoryLimitBytes: this.memoryLimitBytes,
      // MicroPython's friendly REPL banner: "MicroPython <tag> on <date>; <machine>" (shared/runtime/pyexec.c; PF lib/utils/pyexec.c).
      banner: `MicroPython ${unameField(this.board, "version")}; ${unameField(this.board, "machine")}`,
      ...(this.repl === undefined ? {} : { repl: this.repl }),
    }
    this.driver = this.world.spawn(
      function* (): ProcessBody<Lifecycle> {
        try {
          interp.setClock(self.world.now)
          let first: string
          try {
            first = interp.boot(config, self.runtime.guardMs)
          } finally {
            const lines = interp.takeLines()
            if (lines.length > 0) self.printed(lines)
          }
          return yield* run.run(first)
        } catch (e) {
          if (!(e instanceof PythonHangError)) throw e
          // Say which device, and what it printed last (the kernel adds the sim time).
          const tail = interp.takePartial()
          if (tail.length > 0) self.printed([tail])
          const last = self.lastLines.length === 0 ? "nothing printed" : `last printed: ${self.lastLines.map((l) => JSON.stringify(l)).join(", ")}`
          self.world.log(self.name, "py.hang", { reason: e.message, lastLines: [...self.lastLines] })
          throw new PythonHangError(`device "${self.name}" (${self.board.name}, ${self.label}): ${e.message}; ${last}`)
        }
      },
      { node: this.name, name: `python#${boot}` },
    )
    const driver = this.driver
    this.world.spawn(() => this.watch(driver, interp), { node: this.name, name: `python#${boot}/end` })
  }

  /** Waits for the boot's process to end and turns its outcome into the next state. */
  private *watch(driver: Process<Lifecycle>, interp: Interpreter): ProcessBody<void> {
    let end: Lifecycle
    try {
      end = (yield* join(driver)) as Lifecycle
    } catch (e) {
      if (e instanceof Interrupt && e.cause instanceof Lifecycle) end = e.cause
      else {
        // The boot failed (a hang, an internal fault); the kernel has recorded it.
        this.finishBoot(interp, false)
        this.state = "halted"
        this.lastEnd = e instanceof PythonHangError ? "hang" : "error"
        return
      }
    }
    this.finishBoot(interp, true)
    this.lastEnd = end.action === "halt" && end.cause === "POWER_OFF" ? "power-off" : end.action
    this.world.log(this.name, "py.end", { boot: this.boots, action: end.action, cause: end.cause })
    if (end.action === "halt") {
      this.state = end.cause === "POWER_OFF" ? "off" : "halted"
      return
    }
    this.state = "booting"
    this.resetCause = end.cause
    this.runtime.prestart(1)
    this.bootEvent = this.world.schedule(this.world.now + end.sleepUs + ms(this.bootMs), () => this.boot())
  }

  /** Ends a boot: keeps /flash (read from the interpreter while it still waits), frees the worker and everything RAM held. */
  private finishBoot(interp: Interpreter, responsive: boolean): void {
    if (responsive) {
      try {
        const files = interp.dumpFlash(this.runtime.guardMs)
        const image: FlashImage = new Map()
        for (const [k, v] of Object.entries(files)) image.set(k, k.endsWith("/") ? null : Uint8Array.from(Buffer.from(v, "base64")))
        this.flash = image
      } catch {
        /* the worker is gone: /flash stays as it was at boot */
      }
    }
    const tail = interp.takePartial()
    if (tail.length > 0) this.printed([tail])
    this.runtime.release(interp)
    this.driver = undefined
    const releases = this.shutdowns
    this.shutdowns = []
    for (let i = releases.length - 1; i >= 0; i--) releases[i]!()
    this.ownCrash = true
    this.ip?.crash()
    this.ownCrash = false
  }

  private get ip(): IpHost | undefined {
    return this.get<IpHost>("ip")
  }

  private printed(lines: readonly string[]): void {
    const w = this.world
    for (const text of lines) {
      this.printedLines++
      w.log(this.name, "py.stdout", { text })
      this.runtime.console({ t: w.now, device: this.name, text })
      this.lastLines.push(text)
      if (this.lastLines.length > KEPT_LINES) this.lastLines.shift()
    }
  }
}
