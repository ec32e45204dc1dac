import { PyTypeError } from "../errors/errors.ts"
import { PyObject } from "./codec.ts"

/**
 * The simulator objects a Python script holds (sockets, polls, LoRa, timers),
 * by number: the Python wrapper keeps the number, the table the object. A new
 * table per boot: a reset forgets every object, as RAM does.
 */
export class HandleTable {
  private readonly objects = new Map<number, unknown>()
  private next = 1

  /** Stores `obj` and returns its number. */
  add(obj: unknown): number {
    const h = this.next++
    this.objects.set(h, obj)
    return h
  }

  /** The object behind `h` if it is a `T` (checked with `is`), else a TypeError naming `what`. */
  get<T>(h: unknown, is: (o: unknown) => o is T, what: string): T {
    const n = h instanceof PyObject ? h.handle : h
    const o = typeof n === "number" ? this.objects.get(n) : undefined
    if (o === undefined || !is(o)) throw new PyTypeError(`expected a ${what}`)
    return o
  }

  /** The object behind `h`, whatever it is (undefined if none). */
  peek(h: unknown): unknown {
    const n = h instanceof PyObject ? h.handle : h
    return typeof n === "number" ? this.objects.get(n) : undefined
  }

  /** Forgets `h`. */
  delete(h: number): void {
    this.objects.delete(h)
  }

  /** Every live object, in creation order. */
  values(): IterableIterator<unknown> {
    return this.objects.values()
  }
}
