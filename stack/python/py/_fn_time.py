# fieldnet: `time` / `utime` on the simulator's clock. Sleeping is a host call
# answered in sim time; reading a clock costs a little sim time, so a loop that
# polls the clock advances (docs/python.md). Tick arithmetic wraps as MicroPython's.
import _fn_core as _core

_call = _core.call
_as_int = _core.as_int
_as_float = _core.as_float

# MicroPython's ticks are small ints: the period is 2**30 on 32-bit ports
# (MICROPY_PY_TIME_TICKS_PERIOD = MP_SMALL_INT_POSITIVE_MASK + 1).
_PERIOD = 1 << 30
_MAX = _PERIOD - 1
_HALF = _PERIOD >> 1


def sleep(seconds):
    s = _as_float(seconds)
    _call("time.sleep_us", int(s * 1000000 + 0.5) if s > 0 else 0)


def sleep_ms(ms):
    n = _as_int(ms)
    _call("time.sleep_us", n * 1000 if n > 0 else 0)


def sleep_us(us):
    n = _as_int(us)
    _call("time.sleep_us", n if n > 0 else 0)


def ticks_ms():
    return _call("time.ticks_ms")


def ticks_us():
    return _call("time.ticks_us")


def ticks_cpu():
    return _call("time.ticks_cpu")


def ticks_add(ticks, delta):
    t = _as_int(ticks)
    d = _as_int(delta)
    if d < -_HALF or d >= _HALF:
        raise OverflowError("ticks interval overflow")
    return (t + d) & _MAX


def ticks_diff(ticks1, ticks2):
    return ((_as_int(ticks1) - _as_int(ticks2) + _HALF) & _MAX) - _HALF


def time():
    return _call("time.time")


def time_ns():
    return _call("time.time_ns")


# ---- calendar (proleptic Gregorian, as MicroPython's timeutils) ---------------
_EPOCH = _core.INFO["epochYear"]
_DAYS_BEFORE = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def _leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _days_from_civil(y, m, d):
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


_EPOCH_DAYS = _days_from_civil(_EPOCH, 1, 1)


def _tuple(secs):
    days, rem = divmod(secs, 86400)
    days += _EPOCH_DAYS
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    y += m <= 2
    yday = _DAYS_BEFORE[m - 1] + d + (1 if m > 2 and _leap(y) else 0)
    wday = (days + 3) % 7  # 1970-01-01 was a Thursday; 0 is Monday
    return (y, m, d, rem // 3600, rem % 3600 // 60, rem % 60, wday, yday)


_tz = [0]


def gmtime(secs=None):
    return _tuple(time() if secs is None else _as_int(secs))


def localtime(secs=None):
    return _tuple((time() if secs is None else _as_int(secs)) + _tz[0])


def mktime(t):
    if type(t) is not tuple and type(t) is not list:
        raise TypeError("object '%s' isn't a tuple or list" % _core.typename(t))
    if len(t) != 8 and len(t) != 9:
        raise TypeError("mktime needs a tuple of length 8 or 9 (%d given)" % len(t))
    y, m, d, hh, mm, ss = [_as_int(x) for x in t[:6]]
    # Out-of-range fields carry over, as timeutils_mktime does.
    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    return (_days_from_civil(y, m, 1) - _EPOCH_DAYS + d - 1) * 86400 + hh * 3600 + mm * 60 + ss


if _core.INFO["profile"] == "pycom":

    def timezone(secs=None):
        # Pycom: the offset localtime() adds (esp32/mods/modutime.c).
        if secs is not None:
            _tz[0] = _as_int(secs)
        return _tz[0]


__name__ = "time"
