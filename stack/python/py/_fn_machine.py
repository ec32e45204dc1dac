# fieldnet: `machine` / `umachine`. Pycom's (PF esp32/mods/modmachine.c,
# machtimer_alarm.c, machtimer_chrono.c, machrtc.c, machwdt.c, machpin.c,
# esp32/util/mpsleep.h) on Pycom boards, upstream MicroPython's ESP32 one
# (ports/esp32/modmachine.c, machine_timer.c, extmod/machine_wdt.c) elsewhere.
# Resets and sleeps end the boot in the simulator (RAM is lost; /flash, NVS and
# the RTC stay); timers, the watchdog and the RTC run on the sim clock;
# peripherals (Pin, UART, I2C, SPI, ADC, PWM) are harmless stand-ins.
import io as _io

import _fn_core as _core

_call = _core.call
_INFO = _core.INFO
_PYCOM = _INFO["profile"] == "pycom"
_ESP32 = _INFO["board"] == "micropython"
_M = _call("machine.info")
_as_int = _core.as_int
_as_float = _core.as_float
_VALUE = "invalid argument(s) value"


def _nargs(name, args, kw, lo, hi):
    # MicroPython's check for functions defined with a fixed argument range.
    if kw:
        raise TypeError("function doesn't take keyword arguments")
    n = len(args)
    if n < lo:
        raise TypeError("function missing %d required positional arguments" % (lo - n))
    if n > hi:
        raise TypeError("function expected at most %d arguments, got %d" % (hi, n))


def _days_from_civil(y, m, d):
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


_EPOCH_DAYS = _days_from_civil(_INFO["epochYear"], 1, 1)


def _secs(y, mo, d, h, mi, s):
    return (_days_from_civil(y, mo, 1) - _EPOCH_DAYS + d - 1) * 86400 + h * 3600 + mi * 60 + s


def _civil(secs):
    days, rem = divmod(secs, 86400)
    z = days + _EPOCH_DAYS + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    y = yoe + era * 400 + (m <= 2)
    wday = (days + _EPOCH_DAYS + 3) % 7  # 0 is Monday (1970-01-01 was a Thursday)
    return y, m, d, rem // 3600, rem % 3600 // 60, rem % 60, wday


def _seq(v):
    if type(v) is not tuple and type(v) is not list:
        raise TypeError("object '%s' isn't a tuple or list" % _core.typename(v))
    return v


# ---- reset and wake causes -----------------------------------------------------
if _PYCOM:
    # PF esp32/util/mpsleep.h
    PWRON_RESET = 0
    HARD_RESET = 1
    WDT_RESET = 2
    DEEPSLEEP_RESET = 3
    SOFT_RESET = 4
    BROWN_OUT_RESET = 5
    PWRON_WAKE = 0
    PIN_WAKE = 1
    RTC_WAKE = 2
    ULP_WAKE = 3
    WAKEUP_ALL_LOW = 0
    WAKEUP_ANY_HIGH = 1
    _CAUSES = {"PWRON_RESET": 0, "HARD_RESET": 1, "WDT_RESET": 2, "DEEPSLEEP_RESET": 3, "SOFT_RESET": 4,
               "BROWN_OUT_RESET": 5}
else:
    # ports/esp32/modmachine.c: reset_reason_t and the ESP-IDF wake-up causes.
    PWRON_RESET = 1
    HARD_RESET = 2
    WDT_RESET = 3
    DEEPSLEEP_RESET = 4
    SOFT_RESET = 5
    SLEEP = 2
    DEEPSLEEP = 4
    PIN_WAKE = 2
    EXT0_WAKE = 2
    EXT1_WAKE = 3
    TIMER_WAKE = 4
    TOUCHPAD_WAKE = 5
    ULP_WAKE = 6
    # A brown-out reports PWRON_RESET on upstream ESP32 (esp_reset_reason ESP_RST_BROWNOUT).
    _CAUSES = {"PWRON_RESET": 1, "HARD_RESET": 2, "WDT_RESET": 3, "DEEPSLEEP_RESET": 4, "SOFT_RESET": 5,
               "BROWN_OUT_RESET": 1}

_CAUSE = _CAUSES.get(_M["resetCause"], PWRON_RESET)
_DEEP_WAKE = _M["resetCause"] == "DEEPSLEEP_RESET"


def reset_cause():
    return _CAUSE


def reset():
    # Pycom's machine.reset() fires the TIMERG0 watchdog with a 1-tick timeout
    # (PF modmachine.c machine_reset → machwdt.c machine_wdt_start(1)); the ROM
    # then reports TG0WDT_SYS_RESET, which mpsleep.c maps to WDT_RESET.
    _call("machine.reset", "WDT_RESET" if _PYCOM else "HARD_RESET")


def unique_id():
    return _core.dec({"$b": _M["uid"]})


def idle():
    _call("machine.idle")


def disable_irq():
    return 0


def enable_irq(*args):
    _nargs("enable_irq", args, None, 0 if _PYCOM else 1, 1)


if _PYCOM:

    def wake_reason():
        return (RTC_WAKE if _DEEP_WAKE else PWRON_WAKE, None)

    def remaining_sleep_time():
        return 0

    def freq():
        return _M["freq"]

    def rng():
        return _call("machine.rng")

    def deepsleep(*args, **kw):
        _nargs("deepsleep", args, kw, 0, 1)
        _call("machine.deepsleep", _as_int(args[0]) if args else None)

    def sleep(*args, **kw):
        # PF machine_sleep: light sleep; Wi-Fi is stopped and resumed only with reconnect=True.
        _nargs("sleep", args, kw, 0, 2)
        ms = _as_int(args[0]) if args else None
        reconnect = bool(args[1]) if len(args) > 1 else False
        wifi = _INFO["radios"]["wlan"] and _call("net.status", "wlan")["state"] != "down"
        if wifi:
            _call("net.disconnect", "wlan")
        _call("machine.lightsleep", ms)
        if wifi and reconnect:
            _call("net.connect", "wlan", None, False)

    def pin_sleep_wakeup(pins, mode, enable_pull=False):
        _seq(pins)
        if _as_int(mode) not in (0, 1):
            raise ValueError("invalid wakeup mode %d" % mode)

    _main_file = [None]

    def main(filename):
        if type(filename) is not str:
            raise TypeError("expecting a string file name")
        _main_file[0] = filename

    def info():
        print("---------------------------------------------")
        print("System memory info (in bytes)")
        print("---------------------------------------------")
        print("MPTask stack water mark: 7152")
        print("ServersTask stack water mark: 1028")
        print("TimerTask stack water mark: 2124")
        print("IdleTask stack water mark: 600")
        print("System free heap: 387552")
        print("---------------------------------------------")

    def temperature():
        return 128

    def flash_encrypt():
        return 0

    def secure_boot():
        return 0

else:
    _freq = [_M["freq"]]

    def soft_reset():
        _call("machine.reset", "SOFT_RESET")

    def wake_reason(*args, **kw):
        if _DEEP_WAKE or _call("machine.light_woke"):
            return TIMER_WAKE
        return 0

    def freq(*args):
        _nargs("freq", args, None, 0, 1)
        if not args:
            return _freq[0]
        mhz = _as_int(args[0]) // 1000000
        if mhz not in (20, 40, 80, 160, 240):
            raise ValueError("frequency must be 20MHz, 40MHz, 80Mhz, 160MHz or 240MHz")
        _freq[0] = mhz * 1000000

    def deepsleep(*args, **kw):
        _nargs("deepsleep", args, kw, 0, 1)
        _call("machine.deepsleep", _as_int(args[0]) if args else None)

    def lightsleep(*args, **kw):
        _nargs("lightsleep", args, kw, 0, 1)
        _call("machine.lightsleep", _as_int(args[0]) if args else None)

    sleep = lightsleep


# ---- timers --------------------------------------------------------------------
def _now_us():
    return _call("timer.now")


if _PYCOM:
    _alarms = set()

    class Timer:
        # PF machtimer.c: a namespace type without a constructor.
        def __init__(self, *args, **kw):
            raise TypeError("cannot create 'Timer' instances")

        @staticmethod
        def sleep_us(delay):
            d = _as_int(delay)
            _call("time.sleep_us", d if d > 0 else 0)

        class Alarm:
            def __init__(self, handler, s=None, *, ms=0, us=0, arg=None, periodic=False):
                sec = 0.0 if s is None else _as_float(s)
                ms = _as_int(ms)
                us = _as_int(us)
                if (sec != 0.0) + (ms != 0) + (us != 0) != 1:
                    raise ValueError("please provide a single duration")
                if sec < 0.0 or ms < 0 or us < 0:
                    raise ValueError("please provide a positive number")
                # 40 MHz timer clocks (CLK_FREQ = APB/2), rounded as the firmware, in µs.
                clocks = int(sec * 40000000 + 0.5) + ms * 40000 + us * 40
                self._us = (clocks + 20) // 40
                self._periodic = bool(periodic)
                self._h = None
                self._cb = None
                self._set(handler, arg)

            def _set(self, handler, arg):
                self._disarm()
                target = self if arg is None else arg
                if handler is None:
                    return
                if len(_alarms) >= 16:
                    raise MemoryError("maximum number of 16 alarms already reached")

                def make_arg(_unused):
                    if not self._periodic:
                        self._fired()
                    return target

                self._cb = _core.irq_register(handler, make_arg)
                self._h = _call("timer.arm", self._cb, self._us, self._periodic)
                _alarms.add(self)

            def _fired(self):
                _alarms.discard(self)
                self._h = None
                if self._cb is not None:
                    _core.irq_forget(self._cb)
                    self._cb = None

            def _disarm(self):
                if self._h is not None:
                    _call("timer.cancel", self._h)
                    self._h = None
                if self._cb is not None:
                    _core.irq_forget(self._cb)
                self._cb = None
                _alarms.discard(self)

            def callback(self, handler, *, arg=None):
                self._set(handler, arg)

            def cancel(self):
                self._disarm()

            def __repr__(self):
                return "<Alarm>"

        class Chrono:
            def __init__(self):
                self._acc = 0
                self._start = 0

            def start(self):
                if self._start == 0:
                    self._start = _now_us() or 1

            def stop(self):
                t = _now_us()
                if self._start == 0:
                    return
                self._acc += t - self._start
                self._start = 0

            def _elapsed(self):
                t = _now_us()
                return self._acc if self._start == 0 else t - self._start + self._acc

            def read(self):
                return self._elapsed() / 1000000

            def read_ms(self):
                return self._elapsed() / 1000

            def read_us(self):
                return float(self._elapsed())

            def reset(self):
                self._acc = 0
                if self._start:
                    self._start = _now_us() or 1

else:

    class Timer:
        ONE_SHOT = 0
        PERIODIC = 1

        def __init__(self, *args, **kw):
            tid = _as_int(args[0]) if args else -1
            if _ESP32 and tid >= 4:
                raise ValueError("Timer(%d) doesn't exist, there are only 4 hardware timers" % tid)
            self._id = tid
            self._h = None
            self._cb = None
            self._started = 0
            self._stopped = 0
            if len(args) > 1 or kw:
                self.init(*args[1:], **kw)

        def init(self, *, mode=1, callback=None, period=0xFFFFFFFF, tick_hz=1000, freq=None, hard=False):
            if self._h is not None or self._cb is not None:
                self.deinit()
            if hard:
                raise ValueError("hard Timers are not implemented")
            if freq is not None:
                us = int(1000000 / _as_float(freq))
            else:
                us = _as_int(period) * 1000000 // _as_int(tick_hz)
            if us == 0:
                raise ValueError("Timer period is too short for this timer")
            periodic = bool(_as_int(mode))
            self._started = _now_us()
            self._stopped = 0
            if callback is None:
                return
            timer = self

            def make_arg(_unused):
                if not periodic:
                    timer._h = None
                    timer._stopped = _now_us()
                return timer

            self._cb = _core.irq_register(callback, make_arg)
            self._h = _call("timer.arm", self._cb, us, periodic)

        def deinit(self):
            if self._h is not None:
                _call("timer.cancel", self._h)
                self._h = None
            if self._cb is not None:
                _core.irq_forget(self._cb)
                self._cb = None
            if self._started and not self._stopped:
                self._stopped = _now_us()

        def value(self):
            end = self._stopped or _now_us()
            return (end - self._started) // 1000 if self._started else 0

        def __repr__(self):
            return "Timer(%d)" % self._id


# ---- RTC -----------------------------------------------------------------------
def _rtc_us():
    return _call("rtc.get")


if _PYCOM:

    class RTC:
        INTERNAL_RC = 0
        XTAL_32KHZ = 1

        def __init__(self, id=0, datetime=None, source=None):
            if _as_int(id) != 0:
                raise _core.OSError("resource not available")
            if datetime is not None:
                self._set(datetime)
            if source is not None:
                _as_int(source)

        def _set(self, dt):
            v = _seq(dt)
            if len(v) < 3 or len(v) > 8:
                raise ValueError(_VALUE)
            f = [_as_int(x) for x in v[:7]] + [0] * (7 - min(len(v), 7))
            # PF machrtc.c: field 6 is microseconds (its comment says milliseconds; the code wins).
            _call("rtc.set", _secs(f[0], f[1], f[2], f[3], f[4], f[5]) * 1000000 + f[6])

        def init(self, datetime=None, source=None):
            if datetime is not None:
                self._set(datetime)

        def now(self):
            us = _rtc_us()
            y, m, d, hh, mm, ss, _w = _civil(us // 1000000)
            return (y, m, d, hh, mm, ss, us % 1000000, None)

        def ntp_sync(self, server, update_period=3600, backup_server=None):
            if _as_int(update_period) * 1000 < 15000:
                raise ValueError("update period cannot be shorter than 15 s")
            if server is not None and type(server) is not str:
                raise TypeError("can't convert '%s' object to str implicitly" % _core.typename(server))
            _call("rtc.ntp_sync", server)

        def synced(self):
            return _call("rtc.synced")

        def memory(self, *args):
            _nargs("memory", args, None, 0, 1)
            if not args:
                return _call("rtc.memory")
            _call("rtc.memory", _core.buffer(args[0]))

else:

    class RTC:
        def __init__(self, *args, **kw):
            pass

        def datetime(self, *args):
            _nargs("datetime", args, None, 0, 1)
            if not args:
                us = _rtc_us()
                y, m, d, hh, mm, ss, wd = _civil(us // 1000000)
                return (y, m, d, wd, hh, mm, ss, us % 1000000)
            v = _seq(args[0])
            if len(v) != 8:
                raise ValueError("requested length 8 but object has length %d" % len(v))
            f = [_as_int(x) for x in v]
            _call("rtc.set", _secs(f[0], f[1], f[2], f[4], f[5], f[6]) * 1000000 + f[7])

        def init(self, datetime):
            self.datetime(datetime)

        def memory(self, *args):
            _nargs("memory", args, None, 0, 1)
            if not args:
                return _call("rtc.memory")
            _call("rtc.memory", _core.buffer(args[0]))


# ---- watchdog ------------------------------------------------------------------
if _PYCOM:

    class WDT:
        def __init__(self, id=0, timeout=None):
            if timeout is None:
                raise TypeError("'timeout' argument required")
            if _as_int(id) != 0:
                raise _core.OSError("resource not available")
            _call("wdt.start", _as_int(timeout))

        def init(self, timeout):
            _call("wdt.start", _as_int(timeout))

        def feed(self):
            _call("wdt.feed")

else:

    class WDT:
        def __init__(self, id=0, timeout=5000):
            if id != 0:
                raise ValueError()
            t = _as_int(timeout)
            if t <= 0:
                raise ValueError("WDT timeout too short")
            _call("wdt.start", t)

        def feed(self):
            _call("wdt.feed")


# ---- peripherals: harmless stand-ins -------------------------------------------
if _PYCOM:

    class Pin:
        # PF machpin.c; modes are ESP-IDF's gpio_mode_t, pulls MACHPIN_PULL_*.
        IN = 1
        OUT = 2
        OPEN_DRAIN = 7
        PULL_UP = 1
        PULL_DOWN = 2
        IRQ_RISING = 1
        IRQ_FALLING = 2
        IRQ_LOW_LEVEL = 4
        IRQ_HIGH_LEVEL = 5

        def __init__(self, id, *args, **kw):
            if isinstance(id, Pin):
                id = id._name
            if type(id) is not str or not (len(id) > 1 and id[0] in "PG" and id[1:].isdigit()):
                raise ValueError(_VALUE)
            self._name = id
            self._value = 0
            self.init(*args, **kw)

        def init(self, mode=None, pull=None, *, value=None, alt=None):
            m = Pin.IN if mode is None else _as_int(mode)
            if m not in (1, 2, 7):
                raise ValueError(_VALUE)
            if pull is not None and _as_int(pull) not in (1, 2):
                raise ValueError(_VALUE)
            self._mode = m
            self._pull = pull
            if value is not None:
                self._value = 1 if value else 0

        def value(self, *args):
            _nargs("value", args, None, 0, 1)
            if not args:
                return self._value if self._mode != Pin.IN else (1 if self._pull == Pin.PULL_UP else 0)
            self._value = 1 if args[0] else 0

        def __call__(self, *args):
            return self.value(*args)

        def toggle(self):
            self._value ^= 1

        def id(self):
            return self._name

        def mode(self, *args):
            if not args:
                return self._mode
            self.init(args[0], self._pull)

        def pull(self, *args):
            if not args:
                return self._pull
            self.init(self._mode, args[0])

        def hold(self, *args):
            return False if not args else None

        def callback(self, trigger, handler=None, arg=None):
            # Registered, never fires: nothing drives simulated pins.
            self._irq = (trigger, handler, arg)
            return None

        def __repr__(self):
            return "Pin('%s', mode=Pin.%s, pull=%s, alt=-1)" % (
                self._name, {1: "IN", 2: "OUT", 7: "OPEN_DRAIN"}[self._mode],
                "None" if self._pull is None else ("Pin.PULL_UP" if self._pull == 1 else "Pin.PULL_DOWN"))

    class _PinNames:
        def __init__(self, prefix):
            self._p = prefix

        def __getattr__(self, name):
            if name[:1] == self._p:
                return Pin(name)
            raise AttributeError(name)

    Pin.module = _PinNames("P")
    Pin.exp_board = _PinNames("G")

else:

    class Pin:
        # ports/esp32/machine_pin.c
        IN = 1
        OUT = 3
        OPEN_DRAIN = 7
        PULL_DOWN = 1
        PULL_UP = 2
        IRQ_RISING = 1
        IRQ_FALLING = 2
        WAKE_LOW = 4
        WAKE_HIGH = 5
        DRIVE_0 = 0
        DRIVE_1 = 1
        DRIVE_2 = 2
        DRIVE_3 = 3

        def __init__(self, id, *args, **kw):
            if isinstance(id, Pin):
                id = id._id
            if _ESP32:
                n = _as_int(id)
                if n < 0 or n > 39 or n in (20, 24, 28, 29, 30, 31):
                    raise ValueError("invalid pin")
            self._id = id
            self._value = 0
            self._mode = Pin.IN
            self._pull = None
            if args or kw:
                self.init(*args, **kw)

        def init(self, mode=None, pull=-1, *, value=None, drive=None, hold=None):
            if mode is not None:
                m = _as_int(mode)
                if _ESP32 and m != Pin.IN and _as_int(self._id) >= 34:
                    raise ValueError("pin can only be input")
                self._mode = m
            if pull is None or pull != -1:
                self._pull = pull
            if value is not None:
                self._value = 1 if value else 0

        def value(self, *args):
            _nargs("value", args, None, 0, 1)
            if not args:
                return self._value if self._mode != Pin.IN else (1 if self._pull == Pin.PULL_UP else 0)
            self._value = 1 if args[0] else 0

        def __call__(self, *args):
            return self.value(*args)

        def on(self):
            self._value = 1

        def off(self):
            self._value = 0

        def toggle(self):
            self._value ^= 1

        def irq(self, handler=None, trigger=3, *, wake=None, hard=False):
            # Registered, never fires: nothing drives simulated pins.
            self._irq = (handler, trigger)
            return _PinIRQ()

        def __repr__(self):
            return "Pin(%s)" % (self._id,)

    class _PinIRQ:
        def trigger(self, *args):
            return 0


class UART(_io.IOBase):
    # No device on the other end: writes are taken, nothing is ever received.
    # A stream (io.IOBase), so print(file=uart) and QuecPython's log.set_output work.
    EVEN = 0
    ODD = 1
    RX_ANY = 1

    def __init__(self, id, *args, **kw):
        self._id = id

    def init(self, *args, **kw):
        pass

    def deinit(self):
        pass

    def any(self):
        return 0

    def read(self, *args):
        return None

    def readall(self):
        return None

    def readline(self):
        return None

    def readinto(self, buf, *args):
        _core.buffer(buf)
        return None

    def write(self, buf):
        return len(_core.buffer(buf))

    def sendbreak(self, *args):
        return None

    def wait_tx_done(self, timeout_ms):
        return True

    def flush(self):
        return None

    def txdone(self):
        return True


class I2C:
    # An empty bus: nothing answers.
    MASTER = 0

    def __init__(self, *args, **kw):
        pass

    def init(self, *args, **kw):
        pass

    def deinit(self):
        pass

    def scan(self):
        return []

    def _nodev(self, *args, **kw):
        raise _core.OSError(_core.ERRNO.get("ENODEV", 19))

    readfrom = writeto = readfrom_into = readfrom_mem = writeto_mem = readfrom_mem_into = _nodev


class SPI:
    MASTER = 0
    MSB = 0
    LSB = 1

    def __init__(self, *args, **kw):
        pass

    def init(self, *args, **kw):
        pass

    def deinit(self):
        pass

    def write(self, buf):
        _core.buffer(buf)
        return None

    def read(self, nbytes, *args, **kw):
        return bytes(_as_int(nbytes))

    def readinto(self, buf, *args, **kw):
        for i in range(len(buf)):
            buf[i] = 0

    def write_readinto(self, wbuf, rbuf):
        self.readinto(rbuf)


class ADC:
    # A floating input reads 0.
    ATTN_0DB = 0
    ATTN_2_5DB = 1
    ATTN_6DB = 2
    ATTN_11DB = 3

    def __init__(self, *args, **kw):
        pass

    def channel(self, *args, **kw):
        return ADC()

    def read(self):
        return 0

    def read_u16(self):
        return 0

    def read_uv(self):
        return 0

    def value(self):
        return 0

    def voltage(self):
        return 0

    def __call__(self):
        return 0

    def init(self, *args, **kw):
        pass

    def deinit(self):
        pass


class PWM:
    def __init__(self, *args, **kw):
        self._duty = 0

    def channel(self, *args, **kw):
        return PWM()

    def duty_cycle(self, *args):
        if not args:
            return self._duty
        self._duty = args[0]

    def freq(self, *args):
        return 5000 if not args else None

    def duty(self, *args):
        return 0 if not args else None

    def duty_u16(self, *args):
        return 0 if not args else None

    def duty_ns(self, *args):
        return 0 if not args else None

    def init(self, *args, **kw):
        pass

    def deinit(self):
        pass


__name__ = "umachine" if _PYCOM else "machine"
