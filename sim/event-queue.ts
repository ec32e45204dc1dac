import type { Micros } from "./time.ts"

/** Something the kernel can call when an event fires: a typed record, not a closure per event. */
export interface EventHandler {
  onEvent(data: unknown, time: Micros): void
}

/** Either a handler object (preferred on hot paths) or a plain callback. */
export type EventTarget = EventHandler | ((data: unknown, time: Micros) => void)

/** Identifies a scheduled event so that it can be cancelled. */
export type EventId = number

/**
 * The pending-event set: a binary min-heap ordered by (time, insertion sequence).
 * The heap itself is two typed arrays, times and slot numbers, so sifting moves
 * no pointers; each slot holds the event's sequence number, handler and payload
 * and is reused through a free list. Equal times fire in insertion order (the
 * sequence number breaks ties). Cancellation is lazy: the id goes into a set and
 * the event is skipped when it reaches the top.
 */
export class EventQueue {
  private times = new Float64Array(1024)
  private slotsOf = new Int32Array(1024)
  private count = 0
  private nextSeq = 0
  private seqBySlot = new Float64Array(1024)
  private targets: (EventTarget | undefined)[] = []
  private payloads: unknown[] = []
  private freeSlots = new Int32Array(1024)
  private freeCount = 0
  private readonly cancelled = new Set<EventId>()

  /** Time of the event most recently taken by `pop()`. */
  poppedTime: Micros = 0
  /** Target of the event most recently taken by `pop()`. */
  poppedTarget: EventTarget | undefined = undefined
  /** Payload of the event most recently taken by `pop()`. */
  poppedData: unknown = undefined

  /** Number of entries in the heap, including cancelled ones not yet discarded. */
  get size(): number {
    return this.count
  }

  /** Number of events that will still fire. */
  get pending(): number {
    if (this.cancelled.size === 0) return this.count
    let n = 0
    for (let i = 0; i < this.count; i++) if (this.cancelled.has(this.seqBySlot[this.slotsOf[i] as number] as number)) n++
    return this.count - n
  }

  /** Schedules `target` at `time` with `data`; returns an id for `cancel`. */
  push(time: Micros, target: EventTarget, data?: unknown): EventId {
    const seq = this.nextSeq++
    let slot: number
    if (this.freeCount > 0) {
      slot = this.freeSlots[--this.freeCount] as number
      if (this.targets[slot] !== target) this.targets[slot] = target
      if (data !== undefined) this.payloads[slot] = data
    } else {
      slot = this.targets.length
      this.targets.push(target)
      this.payloads.push(data)
      if (slot >= this.seqBySlot.length) this.growSlots()
    }
    this.seqBySlot[slot] = seq
    if (this.count === this.times.length) this.growHeap()
    const times = this.times
    const slots = this.slotsOf
    let i = this.count++
    // Sift up: a new event has the largest sequence number, so an equal time stops it.
    while (i > 0) {
      const parent = (i - 1) >> 1
      const pt = times[parent] as number
      if (pt <= time) break
      times[i] = pt
      slots[i] = slots[parent] as number
      i = parent
    }
    times[i] = time
    slots[i] = slot
    return seq
  }

  /** Marks an event as cancelled; it will be skipped. Cancelling a fired event is harmless. */
  cancel(id: EventId): void {
    if (id < 0 || id >= this.nextSeq) return
    this.cancelled.add(id)
    if (this.cancelled.size > 1024 && this.cancelled.size > 2 * this.count) this.compact()
  }

  /** Time of the next live event, or `Infinity` when none is pending. */
  peekTime(): Micros {
    if (this.cancelled.size > 0) this.dropCancelledTop()
    return this.count === 0 ? Infinity : (this.times[0] as number)
  }

  /**
   * Takes the next live event into `poppedTime/poppedTarget/poppedData`.
   * Returns false when the queue is empty.
   */
  pop(): boolean {
    return this.popUntil(Infinity)
  }

  /**
   * Like `pop()`, but only when the next live event is at or before `until`;
   * one call on the kernel's hot path instead of `peekTime()` + `pop()`.
   */
  popUntil(until: Micros): boolean {
    if (this.cancelled.size > 0) this.dropCancelledTop()
    if (this.count === 0) return false
    const time = this.times[0] as number
    if (time > until) return false
    const slot = this.slotsOf[0] as number
    this.poppedTime = time
    this.poppedTarget = this.targets[slot]
    this.poppedData = this.payloads[slot]
    this.release(slot)
    this.removeTop()
    return true
  }

  private release(slot: number): void {
    // Handlers are long-lived objects and the slot is reused soon; only a payload is
    // cleared so that the queue never keeps a message alive after it fired.
    if (this.payloads[slot] !== undefined) this.payloads[slot] = undefined
    this.freeSlots[this.freeCount++] = slot
  }

  private dropCancelledTop(): void {
    const cancelled = this.cancelled
    while (this.count > 0 && cancelled.delete(this.seqBySlot[this.slotsOf[0] as number] as number)) {
      this.release(this.slotsOf[0] as number)
      this.removeTop()
    }
  }

  private removeTop(): void {
    const n = --this.count
    if (n === 0) return
    const times = this.times
    const slots = this.slotsOf
    const seqs = this.seqBySlot
    const lt = times[n] as number
    const lslot = slots[n] as number
    let i = 0
    const half = n >> 1
    while (i < half) {
      let c = 2 * i + 1
      let ct = times[c] as number
      const r = c + 1
      if (r < n) {
        const rt = times[r] as number
        if (rt < ct || (rt === ct && (seqs[slots[r] as number] as number) < (seqs[slots[c] as number] as number))) {
          c = r
          ct = rt
        }
      }
      if (lt < ct || (lt === ct && (seqs[lslot] as number) < (seqs[slots[c] as number] as number))) break
      times[i] = ct
      slots[i] = slots[c] as number
      i = c
    }
    times[i] = lt
    slots[i] = lslot
  }

  private growHeap(): void {
    const times = new Float64Array(this.times.length * 2)
    times.set(this.times)
    const slots = new Int32Array(this.slotsOf.length * 2)
    slots.set(this.slotsOf)
    this.times = times
    this.slotsOf = slots
  }

  private growSlots(): void {
    const seqs = new Float64Array(this.seqBySlot.length * 2)
    seqs.set(this.seqBySlot)
    this.seqBySlot = seqs
    const free = new Int32Array(this.freeSlots.length * 2)
    free.set(this.freeSlots)
    this.freeSlots = free
  }

  /** Rebuilds the heap without cancelled entries and forgets stale cancellations. */
  private compact(): void {
    const keep: [number, number, number][] = []
    for (let i = 0; i < this.count; i++) {
      const slot = this.slotsOf[i] as number
      const seq = this.seqBySlot[slot] as number
      if (this.cancelled.has(seq)) this.release(slot)
      else keep.push([this.times[i] as number, seq, slot])
    }
    this.cancelled.clear()
    keep.sort((a, b) => a[0] - b[0] || a[1] - b[1]) // a sorted array is a valid heap
    this.count = keep.length
    for (let i = 0; i < keep.length; i++) {
      const e = keep[i] as [number, number, number]
      this.times[i] = e[0]
      this.slotsOf[i] = e[2]
    }
  }
}
