import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { Interrupt, join, park, Signal, Simulation, sleep, Store, TIMED_OUT, waitUntil } from "../../sim/index.ts"

describe("processes", () => {
  it("sleep advances sim time exactly", () => {
    const sim = new Simulation({ seed: 1 })
    const seen: number[] = []
    sim.spawn(function* () {
      for (const d of [5, 0, 17, 1000]) {
        yield* sleep(d)
        seen.push(sim.now)
      }
    })
    sim.run()
    expect(seen).toEqual([5, 5, 22, 1022])
  })

  test.prop([fc.integer({ min: 0, max: 200 }), fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined })])(
    "a wait times out exactly at its deadline, and not when the signal comes first",
    (timeout, fireAt) => {
      const sim = new Simulation({ seed: 1 })
      const sig = new Signal<string>()
      let result: unknown
      let at = -1
      sim.spawn(function* () {
        result = yield* sig.wait(timeout)
        at = sim.now
      })
      if (fireAt !== undefined) sim.schedule(fireAt, () => sig.fire("hit"))
      sim.run()
      // The fire is scheduled before the wait starts, so at exactly the deadline it
      // wins: equal times fire in insertion order.
      if (fireAt !== undefined && fireAt <= timeout) {
        expect(result).toBe("hit")
        expect(at).toBe(fireAt)
      } else {
        expect(result).toBe(TIMED_OUT)
        expect(at).toBe(timeout)
      }
      expect(sig.waiting).toBe(0)
    },
  )

  it("a fire scheduled after the wait began loses to the timeout at the same instant", () => {
    const sim = new Simulation({ seed: 1 })
    const sig = new Signal<string>()
    let result: unknown
    sim.spawn(function* () {
      result = yield* sig.wait(100)
    })
    sim.schedule(50, () => sim.schedule(100, () => sig.fire("late")))
    sim.run()
    expect(result).toBe(TIMED_OUT)
  })

  it("Store.get times out at the deadline and hands items FIFO to waiters", () => {
    const sim = new Simulation({ seed: 1 })
    const box = new Store<number>()
    const got: [string, unknown, number][] = []
    for (const name of ["a", "b", "c"]) {
      sim.spawn(function* () {
        const v = yield* box.get(name === "c" ? 50 : undefined)
        got.push([name, v, sim.now])
      })
    }
    sim.schedule(100, () => {
      box.put(1)
      box.put(2)
      box.put(3)
    })
    sim.run()
    expect(got).toEqual([
      ["c", TIMED_OUT, 50],
      ["a", 1, 100],
      ["b", 2, 100],
    ])
    expect(box.length).toBe(1)
  })

  it("interrupt throws into a sleeping process, cancelling its wake-up", () => {
    const sim = new Simulation({ seed: 1 })
    const log: string[] = []
    const p = sim.spawn(function* () {
      try {
        yield* sleep(1000)
        log.push("woke normally")
      } catch (e) {
        log.push(`caught ${(e as Interrupt).cause} at ${sim.now}`)
        expect(e).toBeInstanceOf(Interrupt)
      }
      yield* sleep(10)
      log.push(`end at ${sim.now}`)
    })
    sim.schedule(300, () => p.interrupt("stop"))
    sim.run()
    expect(log).toEqual(["caught stop at 300", "end at 310"])
    expect(p.state).toBe("done")
  })

  it("interrupt of a waiting process removes it from the signal and cancels its timeout", () => {
    const sim = new Simulation({ seed: 1 })
    const sig = new Signal<number>()
    let caught = false
    const p = sim.spawn(function* () {
      try {
        yield* sig.wait(5000)
      } catch (e) {
        caught = e instanceof Interrupt
      }
    })
    sim.schedule(10, () => {
      expect(sig.waiting).toBe(1)
      p.interrupt()
    })
    sim.run()
    expect(caught).toBe(true)
    expect(sig.waiting).toBe(0)
    expect(sim.now).toBe(10) // the 5000 µs timeout never fired
  })

  it("an unhandled interrupt ends the process without failing the run", () => {
    const sim = new Simulation({ seed: 1, trace: { sink: { kind: "memory" } } })
    const p = sim.spawn(function* () {
      yield* sleep(100)
    }, { node: "n1", name: "worker" })
    sim.schedule(1, () => p.interrupt("kill"))
    const out = sim.run()
    expect(out.reason).toBe("idle")
    expect(p.state).toBe("interrupted")
    expect(sim.trace.lines.some((l) => l.includes('"kind":"process.interrupted"'))).toBe(true)
  })

  it("an interrupt while a wake-up is pending is delivered when the process next blocks", () => {
    const sim = new Simulation({ seed: 1 })
    const sig = new Signal<number>()
    const log: unknown[] = []
    const p = sim.spawn(function* () {
      log.push(yield* sig.wait())
      try {
        yield* sleep(100)
      } catch (e) {
        log.push(e instanceof Interrupt ? `interrupted at ${sim.now}` : e)
      }
    })
    sim.schedule(5, () => {
      sig.fire(42)
      p.interrupt()
    })
    sim.run()
    expect(log).toEqual([42, "interrupted at 5"])
  })

  it("join returns the result, rethrows the failure, and can time out", () => {
    const sim = new Simulation({ seed: 1, onProcessError: "record" })
    const worker = sim.spawn(function* () {
      yield* sleep(50)
      return 7
    })
    const failing = sim.spawn(function* () {
      yield* sleep(20)
      throw new Error("nope")
    })
    const slow = sim.spawn(function* () {
      yield* sleep(10_000)
    })
    const seen: unknown[] = []
    sim.spawn(function* () {
      seen.push(yield* join(worker))
      seen.push(sim.now)
      try {
        yield* join(failing)
      } catch (e) {
        seen.push((e as Error).message)
      }
      seen.push(yield* join(slow, 100))
      seen.push(sim.now)
    })
    sim.run()
    expect(seen).toEqual([7, 50, "nope", TIMED_OUT, 150])
  })

  it("park is woken or failed by others", () => {
    const sim = new Simulation({ seed: 1 })
    const parked: import("../../sim/index.ts").Process[] = []
    const seen: unknown[] = []
    sim.spawn(function* () {
      seen.push(yield* park(undefined, (p) => parked.push(p)))
      try {
        yield* park(undefined, (p) => parked.push(p))
      } catch (e) {
        seen.push((e as Error).message)
      }
    })
    sim.schedule(3, () => parked.shift()?.wake("hello"))
    sim.schedule(4, () => parked.shift()?.fail(new Error("bad")))
    sim.run()
    expect(seen).toEqual(["hello", "bad"])
  })

  it("waitUntil re-checks its condition on each signal and honours the timeout", () => {
    const sim = new Simulation({ seed: 1 })
    const changed = new Signal<void>()
    let counter = 0
    const results: [boolean, number][] = []
    sim.spawn(function* () {
      results.push([yield* waitUntil(() => counter >= 3, changed, 1000, () => sim.now), sim.now])
      results.push([yield* waitUntil(() => counter >= 10, changed, 100, () => sim.now), sim.now])
    })
    for (const t of [10, 20, 30, 40]) {
      sim.schedule(t, () => {
        counter++
        changed.fire()
      })
    }
    sim.run()
    expect(results).toEqual([
      [true, 30],
      [false, 130],
    ])
  })

  it("an error escaping a process stops the run with node, process and sim time", () => {
    const sim = new Simulation({ seed: 1, trace: { sink: { kind: "memory" } } })
    sim.spawn(function* () {
      yield* sleep(1500)
      throw new TypeError("boom")
    }, { node: "dev7", name: "main" })
    sim.spawn(function* () {
      for (;;) yield* sleep(100)
    })
    const out = sim.run({ until: 1_000_000 })
    expect(out.reason).toBe("error")
    expect(out.now).toBe(1500)
    expect(out.message).toContain('process "main" on node "dev7" failed at t=1.500ms (1500 µs): TypeError: boom')
    expect(sim.failures).toHaveLength(1)
    expect(sim.trace.lines.at(-1)).toBe('{"t":1500,"node":"dev7","kind":"process.error","process":"main","error":"TypeError: boom"}')
  })

  it("with onProcessError 'record' the run goes on", () => {
    const sim = new Simulation({ seed: 1, onProcessError: "record" })
    sim.spawn(function* () {
      throw new Error("first")
    })
    let ticks = 0
    sim.spawn(function* () {
      for (let i = 0; i < 5; i++) {
        yield* sleep(10)
        ticks++
      }
    })
    const out = sim.run()
    expect(out.reason).toBe("idle")
    expect(ticks).toBe(5)
    expect(sim.failures.map((f) => f.message)).toEqual([expect.stringContaining("Error: first")])
  })
})

describe("run control", () => {
  it("run({until}) stops at the horizon and can be resumed; step() fires one event", () => {
    const sim = new Simulation({ seed: 1 })
    const fired: number[] = []
    for (const t of [10, 20, 30, 40]) sim.schedule(t, () => fired.push(t))
    const a = sim.run({ until: 25 })
    expect(a.reason).toBe("until")
    expect(a.now).toBe(25)
    expect(fired).toEqual([10, 20])
    expect(sim.step()).toBe(true)
    expect(fired).toEqual([10, 20, 30])
    expect(sim.run().reason).toBe("idle")
    expect(sim.step()).toBe(false)
  })

  it("an event exactly at the horizon fires", () => {
    const sim = new Simulation({ seed: 1 })
    let hit = false
    sim.schedule(100, () => (hit = true))
    sim.run({ until: 100 })
    expect(hit).toBe(true)
  })

  it("stop(reason) ends the run after the current event", () => {
    const sim = new Simulation({ seed: 1 })
    let after = 0
    sim.schedule(5, () => sim.stop("enough"))
    sim.schedule(5, () => after++)
    sim.schedule(6, () => after++)
    const out = sim.run()
    expect(out).toMatchObject({ reason: "stopped", message: "enough", now: 5 })
    expect(after).toBe(0)
  })

  it("the event watchdog stops a runaway run cleanly with its reason", () => {
    const sim = new Simulation({ seed: 1, watchdog: { maxEvents: 1000 }, trace: { sink: { kind: "memory" } } })
    sim.spawn(function* () {
      for (;;) yield* sleep(0)
    })
    const out = sim.run()
    expect(out.reason).toBe("watchdog")
    expect(out.events).toBe(1000)
    expect(out.message).toContain("maxEvents")
    expect(sim.trace.lines.at(-1)).toContain('"kind":"watchdog"')
  })

  it("the wall-clock watchdog uses the injected clock", () => {
    let fake = 0
    const sim = new Simulation({ seed: 1, watchdog: { maxWallSeconds: 2, wallClock: () => (fake += 1000) } })
    sim.spawn(function* () {
      for (;;) yield* sleep(1)
    })
    const out = sim.run()
    expect(out.reason).toBe("watchdog")
    expect(out.message).toContain("maxWallSeconds")
    expect(() => new Simulation({ seed: 1, watchdog: { maxWallSeconds: 1 } })).toThrow(/wallClock/)
  })
})
