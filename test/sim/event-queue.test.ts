import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { EventQueue, Simulation, type EventHandler } from "../../sim/index.ts"

const op = fc.oneof(
  fc.record({ kind: fc.constant("push" as const), time: fc.integer({ min: 0, max: 50 }) }),
  fc.record({ kind: fc.constant("cancel" as const), which: fc.nat() }),
  fc.record({ kind: fc.constant("pop" as const) }),
)

describe("event queue", () => {
  test.prop([fc.array(op, { maxLength: 300 })])(
    "pops live events in (time, insertion) order whatever the insertion order and cancellations",
    (ops) => {
      const q = new EventQueue()
      const h: EventHandler = { onEvent() {} }
      const model: { time: number; seq: number; id: number }[] = []
      const popped: { time: number; seq: number }[] = []
      const ids: number[] = []
      let seq = 0
      let floor = 0 // pushes are never in the past of what has been popped, as in the kernel
      const pushed = new Map<number, number>() // id -> seq
      for (const o of ops) {
        if (o.kind === "push") {
          const t = floor + o.time
          const id = q.push(t, h, seq)
          ids.push(id)
          pushed.set(id, seq)
          model.push({ time: t, seq, id })
          seq++
        } else if (o.kind === "cancel" && ids.length > 0) {
          const id = ids[o.which % ids.length] as number
          q.cancel(id)
          const i = model.findIndex((m) => m.id === id)
          if (i >= 0) model.splice(i, 1)
        } else if (o.kind === "pop") {
          const ok = q.pop()
          model.sort((a, b) => a.time - b.time || a.seq - b.seq)
          const expected = model.shift()
          expect(ok).toBe(expected !== undefined)
          if (expected !== undefined) {
            expect(q.poppedTime).toBe(expected.time)
            expect(q.poppedData).toBe(expected.seq)
            popped.push({ time: q.poppedTime, seq: q.poppedData as number })
            floor = q.poppedTime
          }
        }
      }
      // Drain: the rest comes out sorted too.
      model.sort((a, b) => a.time - b.time || a.seq - b.seq)
      for (const m of model) {
        expect(q.pop()).toBe(true)
        expect([q.poppedTime, q.poppedData]).toEqual([m.time, m.seq])
      }
      expect(q.pop()).toBe(false)
      expect(q.pending).toBe(0)
    },
  )

  it("breaks ties by insertion order, also through the kernel", () => {
    const sim = new Simulation({ seed: 1 })
    const order: number[] = []
    for (let i = 0; i < 100; i++) sim.schedule(i % 3 === 0 ? 10 : 5, () => order.push(i))
    sim.run()
    const fives = [...Array(100).keys()].filter((i) => i % 3 !== 0)
    const tens = [...Array(100).keys()].filter((i) => i % 3 === 0)
    expect(order).toEqual([...fives, ...tens])
  })

  it("compacts many cancellations without losing live events", () => {
    const q = new EventQueue()
    const h: EventHandler = { onEvent() {} }
    const live: number[] = []
    for (let i = 0; i < 5000; i++) {
      const id = q.push(i, h, i)
      if (i % 5 === 0) live.push(i)
      else q.cancel(id)
    }
    expect(q.pending).toBe(live.length)
    const out: number[] = []
    while (q.pop()) out.push(q.poppedData as number)
    expect(out).toEqual(live)
  })

  it("refuses to schedule in the past", () => {
    const sim = new Simulation({ seed: 1 })
    sim.schedule(10, () => {
      expect(() => sim.schedule(5, () => {})).toThrow(RangeError)
    })
    sim.run()
    expect(sim.now).toBe(10)
  })
})
