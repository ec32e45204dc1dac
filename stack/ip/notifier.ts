import { park, TIMED_OUT, type Micros, type Process, type ProcessBody } from "../../sim/index.ts"

/**
 * Wakes processes when a socket's readiness may have changed (data arrived,
 * window opened, state changed). Several notifiers can wake one process, which
 * is how `select.poll` waits on many sockets at once.
 */
export class Notifier {
  private waiters: Process[] = []

  /** Wakes every process waiting now. */
  notify(): void {
    const list = this.waiters
    if (list.length === 0) return
    this.waiters = []
    for (const p of list) p.wake(undefined)
  }

  /** Registers a parked process (used by `waitAny`). */
  add(p: Process): void {
    this.waiters.push(p)
  }

  /** Unregisters a process that stopped waiting. */
  remove(p: Process): void {
    const i = this.waiters.indexOf(p)
    if (i >= 0) this.waiters.splice(i, 1)
  }
}

/**
 * Waits until any of `notifiers` fires, or `timeout` µs (undefined: forever).
 * Returns false on timeout. The process is unregistered from every notifier
 * afterwards, so a later fire cannot wake it out of some unrelated wait.
 */
export function* waitAny(notifiers: readonly Notifier[], timeout: Micros | undefined): ProcessBody<boolean> {
  let me: Process | undefined
  const r = yield* park(
    timeout,
    (p) => {
      me = p
      for (const n of notifiers) n.add(p)
    },
    (p) => {
      for (const n of notifiers) n.remove(p)
    },
  )
  if (me !== undefined) for (const n of notifiers) n.remove(me)
  return r !== TIMED_OUT
}
