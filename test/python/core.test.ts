import { describe, expect, test } from "vitest"
import { s } from "../../index.ts"
import { kinds, runFirmware } from "./harness.ts"

describe("python devices: boot, clock, output, errors", () => {
  test("main.py runs from /flash after boot.py, printing at sim time", () => {
    const r = runFirmware(`
import os, time
print("main", os.getcwd(), sorted(os.listdir()))
print("shared", from_boot)
time.sleep(2)
print("after", time.ticks_ms())
`, { files: { "boot.py": "from_boot = 42\nprint('boot')\n", "lib/x.py": "" } })
    expect(r.out).toEqual(["boot", "main /flash ['boot.py', 'lib', 'main.py']", "shared 42", expect.stringMatching(/^after 30\d\d$/)])
    const boot = kinds(r, "py.boot")[0]!
    expect(boot.t).toBe(1_000_000)
    const after = r.lines[3]!
    expect(after.t).toBeGreaterThanOrEqual(3_000_000)
    expect(after.t).toBeLessThan(3_001_000)
    expect(kinds(r, "py.main.end")[0]).toMatchObject({ status: "ok" })
  })

  test("sleep is exact in sim time and a clock read costs 10 µs", () => {
    const r = runFirmware(`
import time
a = time.ticks_us(); b = time.ticks_us()
time.sleep_ms(250)
c = time.ticks_us()
print(time.ticks_diff(b, a), time.ticks_diff(c, b))
`)
    expect(r.out).toEqual(["10 250010"])
  })

  test("a busy loop on the clock ends: each read advances sim time", () => {
    const r = runFirmware(`
import time
t0 = time.ticks_ms()
n = 0
while time.ticks_diff(time.ticks_ms(), t0) < 50:
    n += 1
print(n)
`)
    expect(Number(r.out[0])).toBeGreaterThan(4000)
    expect(Number(r.out[0])).toBeLessThan(6000)
  })

  test("ticks wrap as MicroPython's and ticks_add checks its range", () => {
    const r = runFirmware(`
import time
print(time.ticks_add(2**30 - 1, 1), time.ticks_diff(0, 2**30 - 1), time.ticks_diff(5, 10))
try:
    time.ticks_add(0, 2**29)
except OverflowError as e:
    print("overflow", e)
`)
    expect(r.out).toEqual(["0 1 -5", "overflow ticks interval overflow"])
  })

  test("time.time and localtime follow the board's epoch", () => {
    const lopy = runFirmware(`import time\ntime.sleep(3600)\nprint(time.time(), time.localtime())\nprint(time.mktime((2021, 3, 1, 12, 0, 0, 0, 0)))`, { board: "lopy4", until: s(4000) })
    // The RTC starts at the epoch when the board boots (1 s after power-on).
    expect(lopy.out).toEqual(["3600 (1970, 1, 1, 1, 0, 0, 3, 1)", "1614600000"])
    const esp = runFirmware(`import time\nprint(time.localtime(0), time.mktime((2000, 1, 1, 0, 0, 0, 0, 0)))`)
    expect(esp.out).toEqual(["(2000, 1, 1, 0, 0, 0, 5, 1) 0"])
  })

  test("an uncaught exception prints the board's traceback, is traced, and the device idles", () => {
    const r = runFirmware(`
def f():
    raise ValueError("bad value")
print("before")
f()
`)
    expect(r.out).toEqual(["before", "Traceback (most recent call last):", '  File "main.py", line 5, in <module>', '  File "main.py", line 3, in f', "ValueError: bad value"])
    expect(kinds(r, "py.exception")[0]).toMatchObject({ file: "main.py", type: "ValueError" })
    expect(kinds(r, "py.main.end")[0]).toMatchObject({ status: "error" })
  })

  test("a syntax error, a missing import and mixed tabs and spaces behave as on a board", () => {
    expect(runFirmware("x = (1,\n").out).toEqual(["Traceback (most recent call last):", '  File "main.py", line 2', "SyntaxError: invalid syntax"])
    expect(runFirmware("import umqtt_missing\n").out.at(-1)).toBe("ImportError: no module named 'umqtt_missing'")
    // MicroPython compiles indentation that mixes tabs and spaces (the QuecPython example does).
    // A tab advances to the next multiple of 8, so "    \t" continues a block indented by 8 spaces.
    expect(runFirmware("if True:\n        a = 1\n    \tb = 2\n    \tprint(a + b)\n").out).toEqual(["3"])
  })

  test("errnos and OSError texts are the board's: newlib on Pycom, Linux elsewhere", () => {
    const src = `
import errno, socket
print(errno.EINPROGRESS, errno.ETIMEDOUT, errno.errorcode[errno.ENOTCONN])
s = socket.socket()
s.settimeout(0)
try:
    s.connect(("10.9.9.9", 80))
except OSError as e:
    print(e.args[0] == errno.EINPROGRESS, e)
`
    expect(runFirmware(src, { board: "lopy4" }).out).toEqual(["119 116 ENOTCONN", "True [Errno 119] EINPROGRESS"])
    expect(runFirmware(src, { board: "k230" }).out).toEqual(["115 110 ENOTCONN", "True [Errno 115] EINPROGRESS"])
  })

  test("errno.NAME in an imported module also gets the board's number", () => {
    const r = runFirmware("import util\nprint(util.code())\n", { board: "lopy4", files: { "lib/util.py": "import errno\ndef code():\n    return errno.EHOSTUNREACH\n" } })
    expect(r.out).toEqual(["118"])
  })

  test("the script cannot reach the worker's JavaScript or threads", () => {
    const r = runFirmware(`
for name in ("js", "jsffi", "_fieldnet_host", "_thread"):
    try:
        __import__(name)
        print(name, "imported")
    except ImportError as e:
        print(e)
`)
    expect(r.out).toEqual(["no module named 'js'", "no module named 'jsffi'", "no module named '_fieldnet_host'", "no module named '_thread'"])
  })

  test("same seed and files: same digest; random and urandom follow the seed", () => {
    const src = "import random, os\nprint(random.getrandbits(30), os.urandom(4))\n"
    const a = runFirmware(src, { seed: 7 })
    const b = runFirmware(src, { seed: 7 })
    const c = runFirmware(src, { seed: 8 })
    expect(a.digest).toBe(b.digest)
    expect(a.out).toEqual(b.out)
    expect(c.out).not.toEqual(a.out)
  })

  test("sys.exit() in main.py soft-resets the board, which runs main.py again", () => {
    const r = runFirmware(`
print("boot")
import sys
sys.exit()
`, { until: s(3.5) })
    expect(kinds(r, "py.boot").map((b) => b.cause)).toEqual(["PWRON_RESET", "SOFT_RESET", "SOFT_RESET"])
  })
})

describe("python devices: guards", () => {
  test("a script that computes without host calls is stopped by the wall-clock guard, naming the device and its last lines", () => {
    const r = runFirmware(`print("starting")\nprint("spinning")\nwhile True:\n    pass\n`, { guardSeconds: 1 })
    const failure = r.world.failures[0]!
    expect(failure.message).toContain('device "board" (micropython, inline)')
    expect(failure.message).toContain("no host call for 1 s of wall-clock time")
    expect(failure.message).toContain('last printed: "starting", "spinning"')
    expect(failure.message).toContain("t=1.000000s")
    expect(kinds(r, "py.hang")[0]).toMatchObject({ lastLines: ["starting", "spinning"] })
  })

  test("the memory limit raises MemoryError in the script; an uncaught one is traced with the limit", () => {
    const r = runFirmware(`
keep = []
try:
    while True:
        keep.append(bytearray(100000))
except MemoryError:
    n = len(keep)
    keep = None
    print("MemoryError after", n)
big = [bytearray(1000000) for i in range(100)]
`, { device: { memoryMb: 16 } })
    expect(r.out[0]).toMatch(/^MemoryError after \d+$/)
    const n = Number(r.out[0]!.split(" ").at(-1))
    expect(n).toBeGreaterThan(50)
    expect(n).toBeLessThan(170)
    expect(r.out.at(-1)).toBe("MemoryError: memory allocation failed, allocating 1000000 bytes")
    expect(kinds(r, "py.memory")[0]).toMatchObject({ limitMb: 16 })
  })
})
