import { park } from "./blocking.ts"
import { TIMED_OUT, type Process, type ProcessBody, type TimedOut } from "./process.ts"
import type { Micros } from "./time.ts"

/**
 * A FIFO mailbox (SimPy's Store): `put` never blocks (items beyond `capacity`
 * are refused and counted as dropped); `get` blocks until an item is there,
 * handing items to waiting processes in the order they asked.
 */
export class Store<T> {
  private readonly items: T[] = []
  private head = 0
  private readonly getters: Process[] = []
  /** Items refused because the store was full. */
  dropped = 0

  constructor(readonly capacity: number = Infinity) {}

  /** Items waiting to be taken. */
  get length(): number {
    return this.items.length - this.head
  }

  /** Adds an item, or returns false (and counts a drop) when full. */
  put(item: T): boolean {
    while (this.getters.length > 0) {
      const p = this.getters.shift() as Process
      if (p.wake(item)) return true
    }
    if (this.length >= this.capacity) {
      this.dropped++
      return false
    }
    this.items.push(item)
    return true
  }

  /** Takes an item without blocking, or undefined when empty. */
  tryGet(): T | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head] as T
    this.items[this.head++] = undefined as T
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head)
      this.head = 0
    }
    return item
  }

  /** Takes the next item, waiting up to `timeout` µs (→ {@link TIMED_OUT}). */
  *get(timeout?: Micros): ProcessBody<T | TimedOut> {
    if (this.length > 0) return this.tryGet() as T
    const r = yield* park<T>(
      timeout,
      (p) => this.getters.push(p),
      (p) => {
        const i = this.getters.indexOf(p)
        if (i >= 0) this.getters.splice(i, 1)
      },
    )
    return r === TIMED_OUT ? TIMED_OUT : r
  }
}
