import type { Micros, ProcessBody } from "../../sim/index.ts"
import type { Simulation } from "../../sim/index.ts"
import { waitAny, type Notifier } from "../ip/notifier.ts"
import { toInt } from "./args.ts"
import { POLLIN, POLLOUT } from "./constants.ts"
import { oserror } from "../errors/errors.ts"
import type { Profile } from "../profile.ts"

/** Anything `select.poll` can watch (sockets). */
export interface Pollable {
  pollEvents(mask: number): number
  pollNotifiers(): Notifier[]
}

/**
 * `select.poll()` (MicroPython extmod/modselect.c): `register(obj, mask=POLLIN|POLLOUT)`
 * (registering again modifies), `unregister(obj)` (unknown: ignored),
 * `modify(obj, mask)` (unknown: OSError(ENOENT)), `poll(timeout_ms=-1)` →
 * list of `(obj, events)`, `ipoll(timeout_ms=-1, flags=0)` (flags 1: one-shot,
 * a reported object's mask is cleared until `modify`). POLLERR and POLLHUP
 * are reported whatever the mask.
 */
export class Poll<T extends Pollable = Pollable> {
  private readonly entries = new Map<T, number>()

  constructor(
    private readonly world: Simulation,
    private readonly profile: Profile,
  ) {}

  register(obj: T, eventmask: number = POLLIN | POLLOUT): void {
    this.entries.set(obj, toInt(eventmask))
  }

  unregister(obj: T): void {
    this.entries.delete(obj)
  }

  modify(obj: T, eventmask: number): void {
    if (!this.entries.has(obj)) throw oserror(this.profile.errno, "ENOENT")
    this.entries.set(obj, toInt(eventmask))
  }

  private ready(): [T, number][] {
    const out: [T, number][] = []
    for (const [obj, mask] of this.entries) {
      const ev = obj.pollEvents(mask)
      if (ev !== 0) out.push([obj, ev])
    }
    return out
  }

  /** Waits up to `timeout` ms (negative: forever) for a registered object to be ready. */
  *poll(timeout: number = -1): ProcessBody<[T, number][]> {
    const t = toInt(Math.trunc(Number(timeout)))
    const deadline: Micros | undefined = t < 0 ? undefined : this.world.now + t * 1000
    for (;;) {
      const r = this.ready()
      if (r.length > 0) return r
      const left = deadline === undefined ? undefined : deadline - this.world.now
      if (left !== undefined && left <= 0) return r
      const notifiers = [...this.entries.keys()].flatMap((o) => o.pollNotifiers())
      yield* waitAny(notifiers, left)
    }
  }

  /** As {@link poll}; with `flags & 1` (one-shot) each reported object's mask is set to 0. */
  *ipoll(timeout: number = -1, flags = 0): ProcessBody<Iterable<[T, number]>> {
    const r = yield* this.poll(timeout)
    if (toInt(flags) & 1) for (const [obj] of r) this.entries.set(obj, 0)
    return r
  }
}
