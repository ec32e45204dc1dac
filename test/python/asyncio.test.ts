import { readFileSync } from "node:fs"
import { describe, expect, test } from "vitest"
import { PythonDevice, minutes, s } from "../../index.ts"
import { kinds, runFirmware } from "./harness.ts"

const calls = (r: ReturnType<typeof runFirmware>, op?: string) => kinds(r, "py.call").filter((e) => op === undefined || e.op === op)

describe("python devices: asyncio on the simulator's clock and sockets", () => {
  test("tasks created at the same instant run in creation order, every round", () => {
    const r = runFirmware(`
import asyncio
async def worker(name, rounds):
    for i in range(rounds):
        print(name, i)
        await asyncio.sleep(0)
async def sleeper(name, ms):
    await asyncio.sleep_ms(ms)
    print("woke", name)
async def main():
    for name in "abc":
        asyncio.create_task(worker(name, 2))
    # Equal deadlines wake in the order the tasks went to sleep.
    for name in "xyz":
        asyncio.create_task(sleeper(name, 20))
    t = asyncio.create_task(worker("d", 1))
    print("main first")
    await t
    await asyncio.sleep_ms(50)
    print("main done", asyncio.current_task() is not t)
asyncio.run(main())
`)
    expect(r.out).toEqual(["main first", "a 0", "b 0", "c 0", "d 0", "a 1", "b 1", "c 1", "woke x", "woke y", "woke z", "main done True"])
  })

  test("sleep_ms is exact in sim time: one host call per idle period", () => {
    const r = runFirmware(`
import asyncio, time
async def main():
    a = time.ticks_us()
    await asyncio.sleep_ms(250)
    b = time.ticks_us()
    print(time.ticks_diff(b, a))
    t0 = time.ticks_ms()
    await asyncio.sleep(1.5)
    await asyncio.sleep(-1)
    print(time.ticks_diff(time.ticks_ms(), t0))
    try:
        await asyncio.sleep_ms(2**29)
    except OverflowError as e:
        print("OverflowError", e)
asyncio.run(main())
`, { build: (_w, d) => d.runtime.configure({ traceCalls: true }) })
    // 250 ms plus three clock reads of 10 µs each: ticks_us() for a (its own
    // cost lands after the reading), sleep_ms's ticks_ms() for the deadline,
    // and the loop's ticks_ms() before its one wait (time.sleep_us: no task
    // awaits a stream). After a full wait the loop knows the tick unread.
    expect(r.out).toEqual(["250030", "1500", "OverflowError ticks interval overflow"])
    const waits = calls(r, "time.sleep_us").map((c) => c.args)
    expect(waits).toEqual(["[250000]", "[1500000]"])
    expect(calls(r, "poll.wait")).toHaveLength(0)
  })

  test("a 10-minute sleep is a handful of host calls", () => {
    const r = runFirmware(`
import asyncio, time
async def main():
    await asyncio.sleep(600)
    print("woke", time.ticks_ms())
asyncio.run(main())
`, { until: minutes(11), build: (_w, d) => d.runtime.configure({ traceCalls: true }) })
    expect(r.out).toEqual(["woke 601000"])
    const ops = calls(r).map((c) => c.op)
    expect(ops.filter((o) => o === "time.sleep_us")).toEqual(["time.sleep_us"])
    expect(ops.length).toBeLessThanOrEqual(8)
  })

  test("gather returns results in order; return_exceptions gives the exceptions; a failure raises", () => {
    const r = runFirmware(`
import asyncio
async def value(v, ms):
    await asyncio.sleep_ms(ms)
    return v
async def fail(ms):
    await asyncio.sleep_ms(ms)
    raise ValueError("bad", ms)
async def main():
    print(await asyncio.gather(value(1, 30), value(2, 10), value(3, 20)))
    print(await asyncio.gather())
    print(await asyncio.gather(value(1, 10), fail(5), return_exceptions=True))
    t = asyncio.create_task(value(4, 10))
    t.cancel()
    print(await asyncio.gather(t, value(5, 1), return_exceptions=True))
    try:
        await asyncio.gather(value(6, 50), fail(5))
    except ValueError as e:
        print("raised", repr(e))
asyncio.run(main())
`)
    expect(r.out).toEqual(["[1, 2, 3]", "[]", "[1, ValueError('bad', 5)]", "[CancelledError(), 5]", "raised ValueError('bad', 5)"])
  })

  test("wait_for: a timeout cancels the inner task (its finally runs) and raises TimeoutError", () => {
    const r = runFirmware(`
import asyncio, time
async def slow():
    try:
        await asyncio.sleep(10)
        print("slow finished")
    except asyncio.CancelledError:
        print("slow cancelled")
        raise
    finally:
        print("slow finally")
async def quick():
    await asyncio.sleep_ms(5)
    return 42
async def main():
    t0 = time.ticks_ms()
    try:
        await asyncio.wait_for(slow(), 0.2)
    except asyncio.TimeoutError as e:
        print("TimeoutError", type(e) is asyncio.TimeoutError, time.ticks_diff(time.ticks_ms(), t0))
    print(await asyncio.wait_for(quick(), 1))
    print(await asyncio.wait_for_ms(quick(), 100))
    print(await asyncio.wait_for(quick(), None))
asyncio.run(main())
`)
    expect(r.out).toEqual(["slow cancelled", "slow finally", "TimeoutError True 200", "42", "42", "42"])
  })

  test("cancelling a task that awaits another throws CancelledError into both; waits on Events and Locks cancel too", () => {
    const r = runFirmware(`
import asyncio
async def inner():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("inner cancelled")
        raise
async def outer():
    t = asyncio.create_task(inner())
    try:
        await t
    except asyncio.CancelledError:
        print("outer cancelled", t.done())
        raise
async def on_event(ev):
    try:
        await ev.wait()
    except asyncio.CancelledError:
        print("event wait cancelled")
async def main():
    o = asyncio.create_task(outer())
    await asyncio.sleep_ms(10)
    print("cancel", o.cancel())
    try:
        await o
    except asyncio.CancelledError:
        print("main saw CancelledError", o.done(), o.cancel())
    e = asyncio.create_task(on_event(asyncio.Event()))
    await asyncio.sleep(0)
    e.cancel()
    await e
    try:
        asyncio.current_task().cancel()
    except RuntimeError as err:
        print(err)
asyncio.run(main())
`)
    expect(r.out).toEqual(["cancel True", "inner cancelled", "outer cancelled True", "main saw CancelledError True False", "event wait cancelled", "can't cancel self"])
  })

  test("an exception in a task goes to the default exception handler in MicroPython's format; the loop goes on", () => {
    const r = runFirmware(`
import asyncio
async def bad():
    await asyncio.sleep_ms(10)
    raise ValueError("boom")
async def bad_now():
    raise ValueError("now")
async def main():
    loop = asyncio.get_event_loop()
    print(loop.get_exception_handler())
    asyncio.create_task(bad())
    for i in range(3):
        await asyncio.sleep_ms(10)
        print("tick", i)
    def handler(loop, context):
        print("handler:", context["message"], repr(context["exception"]))
    loop.set_exception_handler(handler)
    asyncio.create_task(bad())
    await asyncio.sleep_ms(20)
    # Awaited before the loop reports it: retrieved, not reported.
    t = asyncio.create_task(bad_now())
    await asyncio.sleep(0)
    print("failed", t.done())
    try:
        await t
    except ValueError as e:
        print("retrieved", e)
    await asyncio.sleep(0)
    raise OSError(5)
asyncio.run(main())
`)
    expect(r.out).toEqual([
      "None",
      "tick 0",
      "Task exception wasn't retrieved",
      expect.stringMatching(/^future: <Task> coro= <generator object 'bad' at [0-9a-f]+>$/),
      "Traceback (most recent call last):",
      '  File "main.py", line 5, in bad',
      "ValueError: boom",
      "tick 1",
      "tick 2",
      "handler: Task exception wasn't retrieved ValueError('boom',)",
      "failed True",
      "retrieved now",
      "Traceback (most recent call last):",
      '  File "main.py", line 30, in <module>',
      '  File "main.py", line 29, in main',
      "OSError: [Errno 5] EIO",
    ])
    expect(kinds(r, "py.exception")[0]).toMatchObject({ type: "OSError" })
  })

  test("Event wakes every waiter; Lock serialises holders in FIFO order; ThreadSafeFlag clears itself", () => {
    const r = runFirmware(`
import asyncio
async def waiter(ev, n):
    print("wait", n, await ev.wait())
async def holder(lock, n):
    async with lock:
        print("hold", n, lock.locked())
        await asyncio.sleep_ms(10)
    print("released", n)
async def flagged(flag):
    await flag.wait()
    print("flag", flag.state)
async def main():
    ev = asyncio.Event()
    ts = [asyncio.create_task(waiter(ev, n)) for n in range(3)]
    await asyncio.sleep_ms(5)
    print("set", ev.is_set())
    ev.set()
    await asyncio.gather(*ts)
    ev.clear()
    print("cleared", ev.is_set())
    lock = asyncio.Lock()
    await asyncio.gather(*[holder(lock, n) for n in range(3)])
    print("locked", lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print(e)
    flag = asyncio.ThreadSafeFlag()
    t = asyncio.create_task(flagged(flag))
    await asyncio.sleep_ms(5)
    flag.set()
    await t
asyncio.run(main())
`)
    expect(r.out).toEqual([
      "set False",
      "wait 0 True",
      "wait 1 True",
      "wait 2 True",
      "cleared False",
      "hold 0 True",
      "released 0",
      "hold 1 True",
      "released 1",
      "hold 2 True",
      "released 2",
      "locked False",
      "Lock not acquired",
      "flag 0",
    ])
  })

  test("ThreadSafeFlag set from a machine.Timer callback wakes its task within a millisecond", () => {
    const r = runFirmware(`
import asyncio, time
from machine import Timer
flag = asyncio.ThreadSafeFlag()
async def main():
    t0 = time.ticks_us()
    tim = Timer(0)
    tim.init(period=100, mode=Timer.PERIODIC, callback=lambda t: flag.set())
    for i in range(3):
        await flag.wait()
        print(time.ticks_diff(time.ticks_us(), t0) // 1000)
    tim.deinit()
asyncio.run(main())
`)
    // The soft interrupt runs while the loop waits; a flag is an object the
    // simulator cannot watch, so the wait is sliced into 1 ms polls of it.
    expect(r.out).toEqual(["100", "200", "300"])
  })

  test("Loop: run_until_complete, stop and run_forever, new_event_loop", () => {
    const r = runFirmware(`
import asyncio
async def task(n):
    await asyncio.sleep_ms(n)
    print("task", n)
    return n
async def stopper(loop):
    await asyncio.sleep_ms(30)
    print("stopping")
    loop.stop()
loop = asyncio.new_event_loop()
print(loop is asyncio.get_event_loop(), loop.run_until_complete(task(5)))
loop.create_task(task(10))
loop.create_task(stopper(loop))
loop.run_forever()
print("stopped")
loop.close()
`)
    expect(r.out).toEqual(["task 5", "True 5", "task 10", "stopping", "stopped"])
  })

  test("open_connection to an internet host: write, drain, readline of the echo, readexactly", () => {
    const r = runFirmware(`
import asyncio, time
async def main():
    t0 = time.ticks_ms()
    reader, writer = await asyncio.open_connection("echo.example.com", 7)
    print("connected", reader is writer, time.ticks_diff(time.ticks_ms(), t0))
    writer.write(b"hello ")
    writer.write(b"asyncio\\n")
    await writer.drain()
    print(await reader.readline())
    writer.write(b"0123456789")
    await writer.drain()
    print(await reader.readexactly(4), await reader.read(6))
    buf = bytearray(3)
    writer.write(b"xyz")
    await writer.drain()
    print(await reader.readinto(buf), buf)
    try:
        await asyncio.wait_for_ms(reader.readline(), 300)
    except asyncio.TimeoutError:
        print("no more data")
    writer.close()
    await writer.wait_closed()
    print("closed", time.ticks_diff(time.ticks_ms(), t0))
asyncio.run(main())
`, { build: (_w, d) => d.runtime.configure({ traceCalls: true }) })
    expect(r.out).toEqual([
      "connected True 41",
      "b'hello asyncio\\n'",
      "b'0123' b'456789'",
      "3 bytearray(b'xyz')",
      "no more data",
      expect.stringMatching(/^closed \d+$/),
    ])
    // Waiting for the echo is one poll.wait per idle period (no timer then: no limit).
    const polls = calls(r, "poll.wait").map((c) => c.args)
    expect(polls.some((a) => a === "[[[1,1]],-1]")).toBe(true)
  })

  test("HTTP GET on port 80 through streams", () => {
    const r = runFirmware(`
import asyncio
async def main():
    reader, writer = await asyncio.open_connection("example.com", 80)
    writer.write(b"GET /hello HTTP/1.0\\r\\nHost: example.com\\r\\n\\r\\n")
    await writer.drain()
    status = await reader.readline()
    headers = {}
    while True:
        line = await reader.readline()
        if line == b"\\r\\n":
            break
        k, v = line.decode().split(":", 1)
        headers[k.lower()] = v.strip()
    body = await reader.read()
    print(status)
    print(len(body) == int(headers["content-length"]), headers.get("connection"))
    print(await reader.read())
    writer.close()
    await writer.wait_closed()
asyncio.run(main())
`)
    expect(r.out[0]).toBe("b'HTTP/1.1 200 OK\\r\\n'")
    expect(r.out.slice(1)).toEqual(["True close", "b''"])
  })

  const SERVER = `
import asyncio
async def handle(reader, writer):
    peer = writer.get_extra_info("peername")
    line = await reader.readline()
    print("server got", line, "from", peer[0])
    writer.write(b"ACK " + line)
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    done.set()
async def main():
    global done
    done = asyncio.Event()
    server = await asyncio.start_server(handle, "0.0.0.0", 8000)
    print("serving")
    async with server:
        await asyncio.wait_for(done.wait(), 30)
    print("server closed", server.task.done())
asyncio.run(main())
`
  const CLIENT = `
import asyncio, time
async def main():
    await asyncio.sleep(1)
    reader, writer = await asyncio.open_connection("10.0.0.2", 8000)
    writer.write(b"reading 21.5\\n")
    await writer.drain()
    print("client got", await asyncio.wait_for(reader.readline(), 5))
    print("client eof", await reader.read())
    await writer.wait_closed()
asyncio.run(main())
`

  test("start_server on the board accepts a connection from another device's asyncio client", () => {
    const r = runFirmware(SERVER, {
      build(world, _device, net) {
        const client = new PythonDevice(world, "client", { firmware: { files: { "main.py": CLIENT } } })
        net.addHost(client, "10.0.0.3")
      },
    })
    expect(r.out).toEqual(["serving", "server got b'reading 21.5\\n' from 10.0.0.3", "server closed True"])
    expect(r.lines.filter((l) => l.device === "client").map((l) => l.text)).toEqual(["client got b'ACK reading 21.5\\n'", "client eof b''"])
  })

  test("the same run twice gives the same digest", () => {
    const src = `
import asyncio, random
async def talker(n):
    reader, writer = await asyncio.open_connection("host%d.example.org" % n, 9000 + n)
    for i in range(3):
        await asyncio.sleep_ms(random.getrandbits(6))
        writer.write(b"%d:%d\\n" % (n, i))
        await writer.drain()
        print(n, await reader.readline())
    await writer.wait_closed()
async def main():
    await asyncio.gather(*[talker(n) for n in range(3)])
asyncio.run(main())
`
    const a = runFirmware(src, { seed: 3 })
    const b = runFirmware(src, { seed: 3 })
    expect(a.out).toHaveLength(9)
    expect(a.digest).toBe(b.digest)
    expect(a.out).toEqual(b.out)
  })

  test("the example firmware scenarios/firmware/asyncio-client.py", () => {
    const src = readFileSync(new URL("../../scenarios/firmware/asyncio-client.py", import.meta.url), "utf8")
    const r = runFirmware(src, { board: "lopy4", until: s(30) })
    expect(r.out).toEqual([
      "connected to collector.example.net",
      "reading 0 21.0 C ack b'0 1000 21.0' after 82 ms",
      "reading 1 21.3 C ack b'1 2000 21.3' after 41 ms",
      "reading 2 21.6 C ack b'2 3000 21.6' after 41 ms",
      "reading 3 21.2 C ack b'3 4000 21.2' after 41 ms",
      "reading 4 21.5 C ack b'4 5000 21.5' after 42 ms",
      "done: 5 of 5 readings acknowledged",
    ])
  })
})
