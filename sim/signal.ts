import { park } from "./blocking.ts"
import { TIMED_OUT, type Process, type ProcessBody, type TimedOut } from "./process.ts"
import type { Micros } from "./time.ts"

/**
 * A broadcast event that processes wait on. `fire(value)` wakes every process
 * waiting at that moment (in the order they started waiting); later waiters
 * wait for the next fire.
 */
export class Signal<T = void> {
  private waiters: Process[] = []

  /** Number of processes currently waiting. */
  get waiting(): number {
    return this.waiters.length
  }

  /** Wakes all current waiters with `value`. Returns how many were woken. */
  fire(value: T): number {
    const list = this.waiters
    if (list.length === 0) return 0
    this.waiters = []
    let n = 0
    for (const p of list) if (p.wake(value)) n++
    return n
  }

  /** Waits for the next `fire`; returns its value, or {@link TIMED_OUT} after `timeout` µs. */
  *wait(timeout?: Micros): ProcessBody<T | TimedOut> {
    return yield* park<T>(
      timeout,
      (p) => this.waiters.push(p),
      (p) => {
        const i = this.waiters.indexOf(p)
        if (i >= 0) this.waiters.splice(i, 1)
      },
    )
  }
}

/**
 * Waits until `condition()` holds, re-checking it each time `signal` fires.
 * Returns true, or false if `timeout` µs pass first. Does not block if it
 * already holds.
 */
export function* waitUntil(
  condition: () => boolean,
  signal: Signal<unknown> | Signal<void>,
  timeout: Micros | undefined,
  now: () => Micros,
): ProcessBody<boolean> {
  const deadline = timeout === undefined ? undefined : now() + timeout
  while (!condition()) {
    const left = deadline === undefined ? undefined : deadline - now()
    if (left !== undefined && left <= 0) return false
    const r = yield* (signal as Signal<unknown>).wait(left)
    if (r === TIMED_OUT) return condition()
  }
  return true
}
