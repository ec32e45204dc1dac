# fieldnet: network.Sigfox on the boards with a Sigfox radio (SiPy, LoPy4,
# FiPy): Pycom's Sigfox network card (PF esp32/mods/modsigfox_api.c, PF18
# esp32/sigfox/modsigfox.c). The arguments are parsed as the firmware's
# bindings parse them (mp_arg_parse_all, mp_arg_check_num, mp_obj_get_int,
# mp_obj_get_array_fixed_n, with MICROPY_ERROR_REPORTING_NORMAL), so misuse
# raises the board's TypeErrors; everything else is the simulator's Sigfox
# (stack/sigfox/sigfox.ts) through the sigfox.* host calls. The AF_SIGFOX
# socket is the socket module's.
import _fn_core as _core

_call = _core.call
_K = _call("sigfox.consts")
_FSK = _K.get("FSK")

# sigfox_init_args: (name, converted with mp_obj_get_int, default, keyword-only).
# `frequency` exists only where the build has the FSK mode (SiPy).
_INIT = [("mode", True, _K["SIGFOX"], False), ("rcz", True, _K["RCZ1"], False)]
if _FSK is not None:
    _INIT.append(("frequency", False, None, True))
_NEW = [("id", True, 0, False)] + _INIT


def _int(v):
    # mp_obj_get_int on a 32-bit port.
    n = _core.as_int(v)
    if n < -2147483648 or n > 2147483647:
        raise OverflowError("overflow converting long int to machine word")
    return n


def _parse(pos, kw, spec):
    # mp_arg_parse_all (py/argcheck.c).
    out = []
    used = 0
    kws = 0
    for i in range(len(spec)):
        name, is_int, default, kw_only = spec[i]
        if i < len(pos):
            if kw_only:
                raise TypeError("extra positional arguments given")
            used += 1
            v = pos[i]
        elif name in kw:
            kws += 1
            v = kw[name]
        else:
            out.append(default)
            continue
        out.append(_int(v) if is_int else v)
    if used < len(pos):
        raise TypeError("extra positional arguments given")
    if kws < len(kw):
        raise TypeError("extra keyword arguments given")
    return out


def _settings(a):
    # sigfox_init_helper keeps mode and rcz in uint8_t; the frequency is
    # converted (mp_obj_get_int) only in FSK mode, after the mode is checked.
    mode = a[0] & 0xFF
    rcz = a[1] & 0xFF
    f = a[2] if len(a) > 2 else None
    if f is not None and mode == _FSK:
        f = _int(f) & 0xFFFFFFFF
        if f > 2147483647:
            f -= 4294967296
    return mode, rcz, f


def _args(args, kw, lo, hi):
    # mp_arg_check_num for a builtin method taking self plus lo..hi arguments.
    if kw:
        raise TypeError("function doesn't take keyword arguments")
    n = len(args) + 1
    if lo == hi:
        if n != lo + 1:
            raise TypeError("function takes %d positional arguments but %d were given" % (lo + 1, n))
    elif n < lo + 1:
        raise TypeError("function missing %d required positional arguments" % (lo + 1 - n))
    elif n > hi + 1:
        raise TypeError("function expected at most %d arguments, got %d" % (hi + 1, n))


def _words(v):
    # mp_obj_get_array_fixed_n(v, 3) then mp_obj_get_int_truncated (sfx_u32).
    t = type(v)
    if t is not tuple and t is not list:
        raise TypeError("object '%s' isn't a tuple or list" % _core.typename(v))
    if len(v) != 3:
        raise ValueError("requested length 3 but object has length %d" % len(v))
    return [_core.as_int(w) & 0xFFFFFFFF for w in v]


_obj = [None]


class Sigfox:
    SIGFOX = _K["SIGFOX"]
    RCZ1 = _K["RCZ1"]
    RCZ2 = _K["RCZ2"]
    RCZ3 = _K["RCZ3"]
    RCZ4 = _K["RCZ4"]
    if _FSK is not None:
        FSK = _FSK

    def __new__(cls, *args, **kw):
        # One network card (sigfox_obj): every Sigfox(...) is the same object.
        o = _obj[0]
        if o is None:
            o = object.__new__(cls)
            _obj[0] = o
        return o

    def __init__(self, *args, **kw):
        a = _parse(args, kw, _NEW)
        mode, rcz, f = _settings(a[1:])
        self._h = _call("sigfox.new", a[0], mode, rcz, f, len(kw))

    def _m(self, name, *args):
        return _call("sigfox.call", self._h, name, *args)

    def init(self, *args, **kw):
        mode, rcz, f = _settings(_parse(args, kw, _INIT))
        _call("sigfox.init", self._h, mode, rcz, f)

    def mac(self, *args, **kw):
        _args(args, kw, 0, 0)
        return self._m("mac")

    def id(self, *args, **kw):
        _args(args, kw, 0, 0)
        return self._m("id")

    def pac(self, *args, **kw):
        _args(args, kw, 0, 0)
        return self._m("pac")

    def test_mode(self, *args, **kw):
        _args(args, kw, 2, 2)
        self._m("test_mode", _int(args[0]) & 0xFFFFFFFF, _int(args[1]))

    def cw(self, *args, **kw):
        _args(args, kw, 2, 2)
        self._m("cw", _int(args[0]), bool(args[1]))

    def frequencies(self, *args, **kw):
        _args(args, kw, 0, 0)
        return tuple(self._m("frequencies"))

    def config(self, *args, **kw):
        _args(args, kw, 0, 1)
        if not args:
            r = self._m("config")
            return None if r is None else tuple(r)
        # The RCZ is checked before the words are read (sigfox_config).
        err = None
        try:
            words = _words(args[0])
        except (TypeError, ValueError) as e:
            words, err = None, e
        self._m("config", words)
        if err is not None:
            raise err

    def public_key(self, *args, **kw):
        _args(args, kw, 0, 1)
        if not args:
            return self._m("public_key")
        self._m("public_key", bool(args[0]))

    def version(self, *args, **kw):
        _args(args, kw, 0, 0)
        return self._m("version")

    def rssi(self, *args, **kw):
        _args(args, kw, 0, 0)
        return self._m("rssi")

    def rssi_offset(self, *args, **kw):
        _args(args, kw, 0, 1)
        if not args:
            return self._m("rssi_offset")
        self._m("rssi_offset", _int(args[0]))

    def freq_offset(self, *args, **kw):
        _args(args, kw, 0, 1)
        if not args:
            return self._m("freq_offset")
        self._m("freq_offset", _int(args[0]))

    def info(self, *args, **kw):
        _args(args, kw, 0, 0)
        r = self._m("info")
        return None if r is None else tuple(r)

    def reset(self, *args, **kw):
        _args(args, kw, 0, 0)
        self._m("reset")

    def __repr__(self):
        return "<Sigfox>"
