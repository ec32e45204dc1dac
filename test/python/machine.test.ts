import { describe, expect, test } from "vitest"
import { s } from "../../index.ts"
import { apMac, baseMac } from "../../stack/python/machine-state.ts"
import { kinds, runFirmware } from "./harness.ts"

const bootTimes = (r: ReturnType<typeof runFirmware>): number[] => kinds(r, "py.boot").map((b) => b.t as number)
const causes = (r: ReturnType<typeof runFirmware>): unknown[] => kinds(r, "py.boot").map((b) => b.cause)

describe("machine: resets and sleep end the boot; /flash, NVS and the RTC stay", () => {
  test("Pycom reset(): RAM is lost, /flash and NVS are kept, the next boot reports WDT_RESET (the firmware resets through the TG0 watchdog)", () => {
    const r = runFirmware(`
import machine, pycom, os
print("ram", "ram" in globals())
ram = 1
n = pycom.nvs_get("n", 0)
print("boot", n, machine.reset_cause(), "f" in os.listdir(), machine.reset_cause() == machine.WDT_RESET)
if n == 0:
    pycom.nvs_set("n", 1)
    with open("f", "w") as f:
        f.write("x")
    machine.reset()
`, { board: "lopy4", until: s(5) })
    expect(r.out).toEqual(["ram False", "boot 0 0 False False", "ram False", "boot 1 2 True True"])
    expect(causes(r)).toEqual(["PWRON_RESET", "WDT_RESET"])
    expect(r.device.nvs.get("n")).toBe(1)
  })

  test("upstream reset() reports HARD_RESET and soft_reset() SOFT_RESET, with MicroPython's numbering", () => {
    const r = runFirmware(`
import machine, os
c = machine.reset_cause()
print(c, machine.PWRON_RESET, machine.HARD_RESET, machine.WDT_RESET, machine.DEEPSLEEP_RESET, machine.SOFT_RESET)
if "a" not in os.listdir():
    open("a", "w").close()
    machine.reset()
elif "b" not in os.listdir():
    open("b", "w").close()
    machine.soft_reset()
`, { until: s(6) })
    expect(r.out).toEqual(["1 1 2 3 4 5", "2 1 2 3 4 5", "5 1 2 3 4 5"])
  })

  test("deepsleep(ms) keeps the device off for ms of sim time; the next boot says DEEPSLEEP_RESET and why it woke", () => {
    const src = `
import machine
print(machine.reset_cause(), machine.wake_reason())
if machine.reset_cause() != machine.DEEPSLEEP_RESET:
    machine.deepsleep(5000)
`
    const lopy = runFirmware(src, { board: "lopy4", until: s(12) })
    expect(lopy.out).toEqual(["0 (0, None)", "3 (2, None)"])
    const end = kinds(lopy, "py.end")[0]!
    expect(end).toMatchObject({ action: "deepsleep", cause: "DEEPSLEEP_RESET" })
    expect(bootTimes(lopy)[1]! - (end.t as number)).toBe(5_000_000 + 1_000_000)
    expect(runFirmware(src, { until: s(12) }).out).toEqual(["1 0", "4 4"])
  })

  test("deepsleep() without a time: nothing wakes the board", () => {
    const r = runFirmware("import machine\nprint('sleeping')\nmachine.deepsleep()\n", { board: "lopy4", until: s(30) })
    expect(r.out).toEqual(["sleeping"])
    expect(kinds(r, "py.boot")).toHaveLength(1)
    expect(r.device.state).toBe("halted")
  })

  test("lightsleep and idle block in sim time; idle ends on the next 1 ms tick", () => {
    const r = runFirmware(`
import machine, time
a = time.ticks_us()
machine.lightsleep(250)
b = time.ticks_us()
machine.idle()
c = time.ticks_us()
print(time.ticks_diff(b, a), c % 1000, time.ticks_diff(c, b) <= 1000, machine.wake_reason() == machine.TIMER_WAKE)
`)
    const [slept, phase, short, timer] = r.out[0]!.split(" ")
    expect(Number(slept)).toBeGreaterThanOrEqual(250_000)
    expect(Number(slept)).toBeLessThan(250_200)
    expect(Number(phase)).toBeLessThan(50)
    expect([short, timer]).toEqual(["True", "True"])
  })
})

describe("machine: timers, watchdog, RTC", () => {
  test("Timer.Alarm fires as a soft interrupt while the script sleeps: one-shot, periodic, cancel(), callback()", () => {
    const r = runFirmware(`
import time
from machine import Timer
t0 = time.ticks_ms()
hits = []
def tick(a):
    hits.append(time.ticks_diff(time.ticks_ms(), t0))
p = Timer.Alarm(tick, ms=100, periodic=True)
o = Timer.Alarm(lambda a: print("once", time.ticks_diff(time.ticks_ms(), t0), a is o), 0.25)
time.sleep(0.55)
p.cancel()
time.sleep(0.5)
print("periodic", hits)
o2 = Timer.Alarm(None, us=30000)
o2.callback(lambda x: print("arg", x), arg="hello")
time.sleep(0.1)
`, { board: "lopy4" })
    expect(r.out).toEqual(["once 250 True", "periodic [100, 200, 300, 400, 500]", "arg hello"])
  })

  test("upstream machine.Timer: periodic and one-shot callbacks get the timer; deinit stops it", () => {
    const r = runFirmware(`
import time
from machine import Timer
t0 = time.ticks_ms()
log = []
t = Timer(0, mode=Timer.PERIODIC, period=200, callback=lambda tm: log.append((time.ticks_diff(time.ticks_ms(), t0), tm is t)))
one = Timer(1)
one.init(mode=Timer.ONE_SHOT, period=50, callback=lambda tm: log.append(("one", time.ticks_diff(time.ticks_ms(), t0))))
time.sleep(0.7)
t.deinit()
time.sleep(0.5)
print(log)
try:
    Timer(4)
except ValueError as e:
    print(e)
`)
    expect(r.out).toEqual(["[('one', 50), (200, True), (400, True), (600, True)]", "Timer(4) doesn't exist, there are only 4 hardware timers"])
  })

  test("WDT resets an unfed device with WDT_RESET after its timeout; a fed one runs on", () => {
    const r = runFirmware(`
import machine, time
print("cause", machine.reset_cause())
if machine.reset_cause() != machine.WDT_RESET:
    w = machine.WDT(timeout=2000)
    for i in range(5):
        time.sleep(1)
        w.feed()
    print("fed for 5 s")
    time.sleep(10)
    print("not reached")
`, { board: "lopy4", until: s(12) })
    expect(r.out).toEqual(["cause 0", "fed for 5 s", "cause 2"])
    const wdt = kinds(r, "py.wdt")
    expect(wdt).toHaveLength(1)
    const lastFeed = r.lines.find((l) => l.text === "fed for 5 s")!.t
    // The last feed() came just before the print (one 50 µs host call).
    expect((wdt[0]!.t as number) - lastFeed).toBeGreaterThan(1_999_900)
    expect((wdt[0]!.t as number) - lastFeed).toBeLessThanOrEqual(2_000_000)
  })

  test("RTC.init and upstream RTC.datetime move time.time() and localtime(); Chrono reads the sim clock", () => {
    const pycom = runFirmware(`
import time
from machine import RTC, Timer
rtc = RTC()
rtc.init((2021, 3, 1, 12, 0, 0, 0, None))
print(time.time() - 1614600000 < 1, rtc.now()[:6], time.localtime()[:6])
time.sleep(60)
print(rtc.now()[:6])
c = Timer.Chrono()
c.start()
time.sleep_ms(250)
c.stop()
print(round(c.read_ms()), round(c.read(), 2))
`, { board: "lopy4", until: s(120) })
    expect(pycom.out).toEqual([
      "True (2021, 3, 1, 12, 0, 0) (2021, 3, 1, 12, 0, 0)",
      "(2021, 3, 1, 12, 1, 0)",
      "250 0.25",
    ])
    const esp = runFirmware(`
import time, machine
r = machine.RTC()
r.datetime((2022, 1, 2, 0, 3, 4, 5, 0))
print(r.datetime()[:7], time.localtime()[:6], time.time())
`)
    expect(esp.out).toEqual(["(2022, 1, 2, 6, 3, 4, 5) (2022, 1, 2, 3, 4, 5) 694407845"])
  })

  test("RTC.ntp_sync sets the fixed wall clock (2024-01-01 + sim time) one internet round trip later", () => {
    const r = runFirmware(`
import time
from machine import RTC
rtc = RTC()
rtc.ntp_sync("pool.ntp.org")
print(rtc.synced())
time.sleep_ms(100)
print(rtc.synced(), rtc.now()[:6])
try:
    rtc.ntp_sync("pool.ntp.org", update_period=10)
except ValueError as e:
    print(e)
`, { board: "lopy4" })
    expect(r.out).toEqual(["False", "True (2024, 1, 1, 0, 0, 1)", "update period cannot be shorter than 15 s"])
  })

  test("rng() and unique_id() are deterministic: same seed, same values; the id follows the device name", () => {
    const src = "import machine\nprint(machine.rng(), machine.unique_id())\n"
    const a = runFirmware(src, { board: "lopy4", seed: 3 })
    const b = runFirmware(src, { board: "lopy4", seed: 3 })
    const c = runFirmware(src, { board: "lopy4", seed: 4 })
    expect(a.out).toEqual(b.out)
    expect(a.out[0]!.split(" ")[0]).not.toBe(c.out[0]!.split(" ")[0])
    expect(a.out[0]!.split(" ").slice(1)).toEqual(c.out[0]!.split(" ").slice(1))
    expect(Number(a.out[0]!.split(" ")[0])).toBeLessThan(2 ** 24)
    expect(baseMac("board")).toHaveLength(6)
    expect(Buffer.from(baseMac("board")).toString("hex")).not.toBe(Buffer.from(baseMac("other")).toString("hex"))
    expect(apMac("board")[5]).toBe((baseMac("board")[5]! + 1) & 0xff)
  })
})

describe("machine: harmless peripherals and the firmware's argument errors", () => {
  test("Pin, UART, I2C, ADC do nothing harmful", () => {
    const r = runFirmware(`
from machine import Pin, UART, I2C, ADC
p = Pin('P9', mode=Pin.OUT)
p.value(1)
p.toggle()
print(p(), p.id(), p.mode() == Pin.OUT)
p.callback(Pin.IRQ_FALLING, lambda x: print("never"))
b = Pin.exp_board.G16
print(b.id(), b.value())
u = UART(1, baudrate=9600)
print(u.write(b"hello"), u.read(), u.readline(), u.any())
print(I2C(0).scan(), ADC().channel(pin='P13')())
`, { board: "lopy4", until: s(3) })
    expect(r.out).toEqual(["0 P9 True", "G16 0", "5 None None 0", "[] 0"])
    const esp = runFirmware(`
from machine import Pin
p = Pin(2, Pin.OUT)
p.on()
print(p.value(), p())
p.irq(lambda x: print("never"), Pin.IRQ_RISING)
try:
    Pin(20)
except ValueError as e:
    print(e)
`)
    expect(esp.out).toEqual(["1 1", "invalid pin"])
  })

  test("argument errors raise the firmware's exceptions", () => {
    const r = runFirmware(`
import machine, pycom
from machine import Timer, WDT, RTC
def tryit(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
tryit(lambda: Timer(0))
tryit(lambda: Timer.Alarm(print))
tryit(lambda: Timer.Alarm(print, 1, ms=5))
tryit(lambda: Timer.Alarm(print, -1))
tryit(lambda: machine.deepsleep("x"))
tryit(lambda: machine.deepsleep(1, 2))
tryit(lambda: WDT(id=1, timeout=1000))
tryit(lambda: RTC(id=1))
tryit(lambda: RTC().init((2020, 1)))
tryit(lambda: pycom.nvs_get("missing"))
tryit(lambda: pycom.nvs_erase("missing"))
tryit(lambda: pycom.nvs_set("a_key_that_is_too_long", 1))
tryit(lambda: pycom.nvs_set("k", 1.5))
tryit(lambda: pycom.rgbled(0xff0000))
tryit(lambda: machine.main(3))
alarms = [Timer.Alarm(print, 100) for i in range(16)]
tryit(lambda: Timer.Alarm(print, 100))
`, { board: "lopy4", until: s(3) })
    expect(r.out).toEqual([
      "TypeError cannot create 'Timer' instances",
      "ValueError please provide a single duration",
      "ValueError please provide a single duration",
      "ValueError please provide a positive number",
      "TypeError can't convert str to int",
      "TypeError function expected at most 1 arguments, got 2",
      "OSError resource not available",
      "OSError resource not available",
      "ValueError invalid argument(s) value",
      "ValueError No matching object for the provided key",
      "KeyError key not found",
      "ValueError Key is too long",
      "ValueError Value must be string, bytes or integer",
      "OSError the requested operation is not possible",
      "TypeError expecting a string file name",
      "MemoryError maximum number of 16 alarms already reached",
    ])
  })

  test("pycom: NVS values and the boot configuration survive resets; the LED remembers its colour", () => {
    const r = runFirmware(`
import pycom, machine
n = pycom.nvs_get("count", 0)
print(n, pycom.wifi_on_boot(), pycom.heartbeat(), pycom.nvs_get("name", None))
if n == 0:
    pycom.nvs_set("count", 1)
    pycom.nvs_set("name", b"lopy")
    pycom.nvs_set("neg", -1)
    print(pycom.nvs_get("neg"))
    pycom.wifi_on_boot(False)
    pycom.heartbeat(False)
    pycom.rgbled(0x00ff00)
    print(hex(pycom.rgbled()))
    machine.reset()
pycom.nvs_erase("name")
pycom.nvs_erase_all()
print(pycom.nvs_get("count", "gone"))
`, { board: "lopy4", until: s(5) })
    expect(r.out).toEqual(["0 True True None", "4294967295", "0xff00", "1 False True lopy", "gone"])
  })
})
