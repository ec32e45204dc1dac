import type { Micros, ProcessBody, Simulation } from "../../sim/index.ts"
import type { Board } from "./boards.ts"
import type { HandleTable } from "./handles.ts"
import type { PythonDevice } from "./python-device.ts"

/** What an op sees: the device, its world, this boot's handle table, and how to raise soft interrupts. */
export interface OpContext {
  readonly device: PythonDevice
  readonly world: Simulation
  readonly board: Board
  /** Objects the script holds (sockets, LoRa, timers …) by number; emptied at every boot. */
  readonly handles: HandleTable
  /** Queues a call of the Python callback `id` with `arg` (a soft interrupt, run when the script next waits). */
  readonly softIrq: (id: number, arg?: unknown) => void
  /**
   * Declares a source of soft interrupts (a callback was registered) or its
   * end; while any exists, blocking calls run so that callbacks can interleave.
   */
  readonly callbackSources: (delta: number) => void
}

/**
 * One host call: takes the decoded arguments and returns the result, or a
 * generator when the call takes sim time (the driver runs it as the device's
 * blocking call), or a {@link Lifecycle} request.
 */
export type Op = (ctx: OpContext, args: readonly unknown[]) => unknown

/** An op's answer that ends this boot of the device (reset, deep sleep, power off). */
export class Lifecycle {
  constructor(
    readonly action: "reset" | "deepsleep" | "halt",
    /** Reset cause the next boot reports (`machine.reset_cause()` names). */
    readonly cause: string,
    /** Deep sleep: how long the device stays off before it boots again. */
    readonly sleepUs: Micros = 0,
  ) {}
}

const registry = new Map<string, Op>()
const bootHooks: ((ctx: OpContext) => void)[] = []

/**
 * Registers something every boot of every Python device does before its
 * script runs (what the board's firmware starts by itself: a watchdog armed
 * by its boot configuration, a cellular module registering).
 */
export function registerBootHook(hook: (ctx: OpContext) => void): void {
  bootHooks.push(hook)
}

/** @internal Runs the boot hooks for a new boot. */
export function runBootHooks(ctx: OpContext): void {
  for (const h of bootHooks) h(ctx)
}
/** Sim time a non-blocking host call costs, by op; see {@link costOf}. */
const costs = new Map<string, Micros>()

/**
 * Registers host calls, e.g. `registerOps({ "time.ticks_us": (c) => c.world.now })`.
 * `cost` (µs) is the sim time each call of these ops takes when it does not
 * block (default {@link CALL_COST_US}).
 */
export function registerOps(ops: Readonly<Record<string, Op>>, cost?: Micros): void {
  for (const [name, op] of Object.entries(ops)) {
    if (registry.has(name)) throw new Error(`python op "${name}" registered twice`)
    registry.set(name, op)
    if (cost !== undefined) costs.set(name, cost)
  }
}

/** The op registered under `name`. */
export function opOf(name: string): Op | undefined {
  return registry.get(name)
}

/**
 * Sim time a non-blocking host call (a socket option, a non-blocking recv,
 * `socket.socket()`) costs: 50 µs, the order of an lwIP socket call on a
 * 240 MHz ESP32 (docs/python.md). Without it a polling loop would spin at one
 * instant of sim time forever.
 */
export const CALL_COST_US: Micros = 50

/** Sim time a clock read costs (`ticks_ms`, `time.time()`): 10 µs, about one MicroPython loop iteration on an ESP32 (docs/python.md). */
export const CLOCK_COST_US: Micros = 10

/** The non-blocking cost of an op. */
export function costOf(name: string): Micros {
  return costs.get(name) ?? CALL_COST_US
}

/** True for the generator objects blocking ops return. */
export function isBlocking(value: unknown): value is ProcessBody<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { next?: unknown }).next === "function" && typeof (value as { throw?: unknown }).throw === "function"
}
