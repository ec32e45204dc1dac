import { park, sleep, type EventId, type Micros, type ProcessBody } from "../../../sim/index.ts"
import type { IpHost } from "../../ip/host.ts"
import { INTERNET_LINK } from "../../internet/internet.ts"
import { PyTypeError, ValueError } from "../../errors/errors.ts"
import { PythonRaise } from "../codec.ts"
import type { HandleTable } from "../handles.ts"
import { baseMac, keepOf } from "../machine-state.ts"
import { CLOCK_COST_US, Lifecycle, registerBootHook, registerOps, type OpContext } from "../ops.ts"
import { rtcMicros } from "./time-ops.ts"

/**
 * `machine.idle()` waits for the next FreeRTOS tick: 1 ms (PF `esp32/sdkconfig.h`
 * CONFIG_FREERTOS_HZ 1000; MicroPython docs, `machine.idle`: "execution resumes
 * as soon as any interrupt is triggered (on many ports this includes system
 * timer interrupt occurring at regular intervals on the order of millisecond)").
 * Both ESP32 ports implement it as `taskYIELD()`, which may return sooner when
 * no other task is ready; the tick is the bound modelled (docs/python-network.md).
 */
export const IDLE_TICK_US: Micros = 1000

/** `machine.freq()`: 160 MHz, the ESP32 default (PF `sdkconfig.h` CONFIG_ESP32_DEFAULT_CPU_FREQ_MHZ 160; ESP-IDF's default for upstream). */
export const CPU_HZ = 160_000_000

/**
 * The wall clock `RTC.ntp_sync()` sets: 2024-01-01T00:00:00Z at sim time 0
 * (Unix 1 704 067 200 s), so every device that syncs agrees and every run is
 * the same. Documented in docs/python-network.md.
 */
export const NTP_EPOCH_UNIX_S = 1_704_067_200

/** An SNTP request and its answer over the simulated internet: one round trip of its default link (2 × {@link INTERNET_LINK} latency). */
export const NTP_RTT_US: Micros = 2 * (INTERNET_LINK.latency ?? 20_000)

/** lwIP SNTP retries an unanswered request after SNTP_RETRY_TIMEOUT = SNTP_RECV_TIMEOUT = 15 s (lwIP `sntp_opts.h`). */
export const NTP_RETRY_US: Micros = 15_000_000

/** Seconds from 1970-01-01 to 2000-01-01 (the upstream ports' epoch). */
const Y2K_UNIX_S = 946_684_800

/** A `Timer.Alarm` / upstream `Timer`: fires a soft interrupt after `us`, once or periodically. */
interface Alarm {
  readonly cb: number
  readonly us: Micros
  readonly periodic: boolean
  event: EventId | undefined
}

function isAlarm(o: unknown): o is Alarm {
  return typeof o === "object" && o !== null && "periodic" in o && "cb" in o
}

/** What one boot of a device holds for `machine` (RAM). */
interface Boot {
  wdtUs: Micros
  wdtEvent: EventId | undefined
  ntpEvent: EventId | undefined
  synced: boolean
  /** Upstream `wake_reason()` after a light sleep in this boot. */
  lightWake: boolean
  readonly alarms: Set<Alarm>
}

const boots = new WeakMap<HandleTable, Boot>()

function bootOf(c: OpContext): Boot {
  let b = boots.get(c.handles)
  if (b === undefined) {
    const boot: Boot = { wdtUs: 0, wdtEvent: undefined, ntpEvent: undefined, synced: false, lightWake: false, alarms: new Set() }
    b = boot
    boots.set(c.handles, b)
    c.device.atShutdown(() => {
      if (boot.wdtEvent !== undefined) c.world.cancel(boot.wdtEvent)
      if (boot.ntpEvent !== undefined) c.world.cancel(boot.ntpEvent)
      for (const a of boot.alarms) if (a.event !== undefined) c.world.cancel(a.event)
      boot.alarms.clear()
    })
  }
  return b
}

function armAlarm(c: OpContext, a: Alarm, at: Micros): void {
  a.event = c.world.schedule(at, () => {
    a.event = undefined
    c.softIrq(a.cb, null)
    if (a.periodic) armAlarm(c, a, at + a.us)
    else {
      bootOf(c).alarms.delete(a)
      c.callbackSources(-1)
    }
  })
}

function disarm(c: OpContext, a: Alarm): void {
  if (a.event === undefined) return
  c.world.cancel(a.event)
  a.event = undefined
  bootOf(c).alarms.delete(a)
  c.callbackSources(-1)
}

/** (Re)starts the watchdog: a reset with WDT_RESET unless fed within the timeout. */
function armWdt(c: OpContext, b: Boot): void {
  if (b.wdtEvent !== undefined) c.world.cancel(b.wdtEvent)
  b.wdtEvent = c.world.schedule(c.world.now + b.wdtUs, () => {
    b.wdtEvent = undefined
    c.world.log(c.device.name, "py.wdt", { timeoutMs: b.wdtUs / 1000 })
    c.device.reset("WDT_RESET")
  })
}

function ntpAttempt(c: OpContext, b: Boot, at: Micros): void {
  b.ntpEvent = c.world.schedule(at, () => {
    b.ntpEvent = undefined
    if (c.device.get<IpHost>("ip")?.linkUp !== true) {
      ntpAttempt(c, b, c.world.now + NTP_RETRY_US)
      return
    }
    const epochS = c.board.epochYear === 2000 ? NTP_EPOCH_UNIX_S - Y2K_UNIX_S : NTP_EPOCH_UNIX_S
    c.device.rtcOffsetUs = epochS * 1_000_000
    b.synced = true
    c.world.log(c.device.name, "py.rtc", { synced: true })
  })
}

function* sleepFor(us: Micros): ProcessBody<null> {
  if (us > 0) yield sleep(us)
  return null
}

registerOps({
  /** `reset()`, `soft_reset()`: the boot ends; the next one reports `cause`. */
  "machine.reset": (_c, [cause]) => new Lifecycle("reset", String(cause)),
  /**
   * `deepsleep(ms)`: the device is off for `ms` and boots with
   * DEEPSLEEP_RESET; without a time (or a negative one, which both ports pass
   * on as a huge unsigned wake-up time) nothing wakes it: it stays off.
   */
  "machine.deepsleep": (_c, [ms]) => {
    if (ms === null || ms === undefined || Number(ms) < 0) return new Lifecycle("halt", "DEEPSLEEP")
    return new Lifecycle("deepsleep", "DEEPSLEEP_RESET", Math.round(Number(ms) * 1000))
  },
  /** `lightsleep(ms)` / Pycom `sleep(ms)`: the CPU stops for `ms` (without a time: until a wake source; none is modelled). */
  "machine.lightsleep": (c, [ms]) => {
    bootOf(c).lightWake = true
    if (ms === null || ms === undefined) {
      return (function* (): ProcessBody<null> {
        yield* park()
        return null
      })()
    }
    return sleepFor(Math.max(0, Math.round(Number(ms) * 1000)))
  },
  "machine.light_woke": (c) => bootOf(c).lightWake,
  /** `idle()`: until the next 1 ms tick. */
  "machine.idle": (c) => sleepFor(IDLE_TICK_US - (c.world.now % IDLE_TICK_US)),
  /** Pycom `rng()`: 24 random bits (PF `esp32/util/random.c`), from the device's own stream. */
  "machine.rng": (c) => c.world.rng(`python/${c.device.name}/rng`).int(0, 0xffffff),

  // ---- RTC ------------------------------------------------------------------
  /** µs since the board's epoch on the RTC. */
  "rtc.get": (c) => rtcMicros(c),
  /** Sets the RTC to `us` since the board's epoch (moves `time.time()` and `localtime()`). */
  "rtc.set": (c, [us]) => {
    c.device.rtcOffsetUs = Math.round(Number(us)) - c.world.now
    return null
  },
  /**
   * Pycom `ntp_sync(server)`: SNTP starts; once a request has been answered
   * (one internet round trip later, or a retry every 15 s while the link is
   * down) the RTC reads the fixed wall clock {@link NTP_EPOCH_UNIX_S} + sim
   * time and `synced()` is True. `server=None` stops it.
   */
  "rtc.ntp_sync": (c, [server]) => {
    const b = bootOf(c)
    b.synced = false
    if (b.ntpEvent !== undefined) c.world.cancel(b.ntpEvent)
    b.ntpEvent = undefined
    if (server !== null && server !== undefined) ntpAttempt(c, b, c.world.now + NTP_RTT_US)
    return null
  },
  "rtc.synced": (c) => bootOf(c).synced,
  /** `RTC.memory([data])`: RTC slow memory (2048 bytes, PF `machrtc.c` MEM_USER_MAXLEN), kept across resets. */
  "rtc.memory": (c, [data]) => {
    const k = keepOf(c.device)
    if (data === undefined) return k.rtcMemory
    const bytes = data instanceof Uint8Array ? data : Uint8Array.from(Buffer.from(String(data), "utf8"))
    if (bytes.length > 2048) throw new ValueError("buffer too long")
    k.rtcMemory = Uint8Array.from(bytes)
    return null
  },

  // ---- timers and the watchdog --------------------------------------------------
  /** Arms an alarm calling soft interrupt `cb` after `us` (periodically if asked); returns its handle. */
  "timer.arm": (c, [cb, us, periodic]) => {
    const a: Alarm = { cb: Number(cb), us: Math.max(1, Math.round(Number(us))), periodic: periodic === true, event: undefined }
    bootOf(c).alarms.add(a)
    c.callbackSources(1)
    armAlarm(c, a, c.world.now + a.us)
    return c.handles.add(a)
  },
  "timer.cancel": (c, [h]) => {
    const a = c.handles.peek(h)
    if (isAlarm(a)) disarm(c, a)
    return null
  },
  /** `WDT(timeout=ms)` / `init(timeout)`: (re)starts the watchdog. */
  "wdt.start": (c, [ms]) => {
    const b = bootOf(c)
    b.wdtUs = Math.max(1, Math.round(Number(ms) * 1000))
    armWdt(c, b)
    return null
  },
  "wdt.feed": (c) => {
    const b = bootOf(c)
    if (b.wdtUs > 0) armWdt(c, b)
    return null
  },
})

// Pycom's boot configuration can arm the watchdog before boot.py (PF esp32/mptask.c: config_get_wdt_on_boot).
registerBootHook((c) => {
  if (c.board.profile !== "pycom") return
  const cfg = keepOf(c.device).pycomConfig
  if (cfg.get("wdt_on_boot") !== true) return
  const b = bootOf(c)
  b.wdtUs = Math.max(1, Math.round(Number(cfg.get("wdt_on_boot_timeout") ?? 0xffffffff) * 1000))
  armWdt(c, b)
})

/** NVS limits (ESP-IDF NVS: keys of at most 15 characters; PF `modpycom.c`: strings shorter than 1984 bytes). */
const NVS_KEY_MAX = 15
const NVS_STR_MAX = 1984

function nvsKey(key: unknown): string {
  if (typeof key !== "string") throw new PyTypeError(`can't convert '${typeof key === "number" ? "int" : "object"}' object to str implicitly`)
  if (key.length === 0) throw new ValueError("Key is invalid")
  if (key.length > NVS_KEY_MAX) throw new ValueError("Key is too long")
  return key
}

registerOps({
  /**
   * `pycom.nvs_set(key, value)` on the device's NVS (kept across resets): an
   * int is stored as a u32 (truncated), a str or bytes as a string (PF
   * `modpycom.c` mod_pycom_nvs_set).
   */
  "nvs.set": (c, [key, value]) => {
    const k = nvsKey(key)
    if (typeof value === "number") c.device.nvs.set(k, value >>> 0)
    else if (typeof value === "string" || value instanceof Uint8Array) {
      const text = typeof value === "string" ? value : Buffer.from(value).toString("latin1")
      if (Buffer.byteLength(text, "utf8") >= NVS_STR_MAX) throw new ValueError(`value too long (max: ${NVS_STR_MAX})`)
      c.device.nvs.set(k, text)
    } else throw new ValueError("Value must be string, bytes or integer")
    return null
  },
  /** `[found, value]`: the shim returns the default or raises when not found. */
  "nvs.get": (c, [key]) => {
    const k = nvsKey(key)
    const v = c.device.nvs.get(k)
    if (v === undefined) return [false, null]
    return [true, v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : v]
  },
  "nvs.erase": (c, [key]) => {
    const k = nvsKey(key)
    if (!c.device.nvs.delete(k)) throw new PythonRaise("KeyError", "key not found")
    return null
  },
  "nvs.erase_all": (c) => {
    c.device.nvs.clear()
    return null
  },
  "pycom.config_set": (c, [name, value]) => {
    keepOf(c.device).pycomConfig.set(String(name), value as boolean | number | string | null)
    return null
  },
})

registerOps(
  {
    /** Sim time in µs (Pycom `Timer.Chrono`, upstream `Timer.value()`). */
    "timer.now": (c) => c.world.now,
  },
  CLOCK_COST_US,
)

/** Import-time queries of the shims: free, like `sys.info`. */
registerOps(
  {
    /** What `machine` needs at import: why this boot started, the board's identity. */
    "machine.info": (c) => ({
      resetCause: c.device.resetCause,
      uid: Buffer.from(baseMac(c.device.name)).toString("hex"),
      freq: CPU_HZ,
    }),
    /** The Pycom configuration block (kept in flash across resets): read a setting. */
    "pycom.config_get": (c, [name]) => keepOf(c.device).pycomConfig.get(String(name)) ?? null,
  },
  0,
)
