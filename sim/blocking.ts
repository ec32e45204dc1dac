import { Park, SLEEP, TIMED_OUT, type Process, type ProcessBody, type SleepCommand, type TimedOut } from "./process.ts"
import type { Micros } from "./time.ts"

/**
 * Blocks the calling process for `duration` µs of sim time. Both forms work:
 * `yield* sleep(ms(10))` (delegation, like every blocking call) and the cheaper
 * `yield sleep(ms(10))` for hot loops; see {@link SleepCommand}.
 */
export function sleep(duration: Micros): SleepCommand {
  SLEEP.duration = duration
  return SLEEP
}

/**
 * Blocks until the process is woken (`proc.wake(v)` → returns v), failed
 * (`proc.fail(e)` → throws e), or `timeout` µs pass (→ {@link TIMED_OUT}).
 * `onPark` receives the parked process so it can be registered with a waker;
 * `onCancel` unregisters it if the park ends by timeout or interrupt.
 */
export function* park<T = unknown>(
  timeout?: Micros,
  onPark?: (proc: Process) => void,
  onCancel?: (proc: Process) => void,
): ProcessBody<T | TimedOut> {
  return (yield new Park(timeout, onPark, onCancel)) as T | TimedOut
}

/**
 * Waits for another process to end and returns its result; rethrows its error if
 * it failed. With a timeout, returns {@link TIMED_OUT} if it is still running.
 */
export function* join<R>(proc: Process<R>, timeout?: Micros): ProcessBody<R | TimedOut> {
  if (proc.alive) {
    const r = yield* park(
      timeout,
      (me) => proc.addJoiner(me),
      (me) => proc.removeJoiner(me),
    )
    if (r === TIMED_OUT) return TIMED_OUT
  }
  if (proc.state === "failed" || proc.state === "interrupted") throw proc.error
  return proc.result as R
}
