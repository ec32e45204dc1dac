# fieldnet: network.LoRa, Pycom's LoRa class (PF esp32/mods/modlora.c, PD
# firmwareapi/pycom/network/lora). Every rule lives in the simulator's LoRa
# (stack/lora, stack/lorawan/pycom); this shim parses arguments the way the
# firmware's argument tables do (keyword-only names, defaults, int/bool
# conversions) and forwards. An argument the script leaves out is not sent.
import _fn_core as _core

_call = _core.call
_as_int = _core.as_int
_K = _call("lora.constants")
_FIELDS = tuple(_K["stats"])
_NO = object()  # an argument the call did not give
# lora_init_args after `id`, in the firmware's order; all keyword-only.
_INIT_ARGS = (
    "mode",
    "frequency",
    "tx_power",
    "bandwidth",
    "sf",
    "preamble",
    "coding_rate",
    "power_mode",
    "tx_iq",
    "rx_iq",
    "adr",
    "public",
    "tx_retries",
    "device_class",
    "region",
)
_BOOL_ARGS = ("tx_iq", "rx_iq", "adr", "public")
_the = []  # the board's one LoRa object (lora_obj in modlora.c)


def _settings(values):
    # The given arguments only. MP_ARG_INT and MP_ARG_OBJ values go through
    # mp_obj_get_int, MP_ARG_BOOL ones through truth testing (lora_init_args).
    out = {}
    for name, v in zip(_INIT_ARGS, values):
        if v is _NO:
            continue
        out[name] = bool(v) if name in _BOOL_ARGS else _as_int(v)
    return out


def _at_most_one(args):
    # The get/set methods are MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(1, 2).
    if len(args) > 1:
        raise TypeError("function expected at most 2 arguments, got %d" % (len(args) + 1))


def _buffer_or_int(v):
    t = type(v)
    if t is bytes or t is bytearray or t is memoryview:
        return bytes(v)
    if t is str:
        return v.encode()
    return v


class _Stats(tuple):
    # mp_obj_new_attrtuple: a tuple whose items are also attributes, printed
    # as (rx_timestamp=..., rssi=..., ...).
    def __getattr__(self, name):
        try:
            return self[_FIELDS.index(name)]
        except ValueError:
            raise AttributeError(name)

    def __repr__(self):
        return "(" + ", ".join("%s=%r" % (k, v) for k, v in zip(_FIELDS, self)) + ")"

    __str__ = __repr__


class LoRa:
    timeout = _core.TimeoutError

    def __new__(cls, *args, **kw):
        if _the:
            return _the[0]
        o = object.__new__(cls)
        o._h = None
        o._cb = None
        return o

    def __init__(
        self,
        id=0,
        *,
        mode=_NO,
        frequency=_NO,
        tx_power=_NO,
        bandwidth=_NO,
        sf=_NO,
        preamble=_NO,
        coding_rate=_NO,
        power_mode=_NO,
        tx_iq=_NO,
        rx_iq=_NO,
        adr=_NO,
        public=_NO,
        tx_retries=_NO,
        device_class=_NO,
        region=_NO,
    ):
        kw = _settings(
            (mode, frequency, tx_power, bandwidth, sf, preamble, coding_rate, power_mode, tx_iq, rx_iq, adr, public, tx_retries, device_class, region)
        )
        if self._h is None:
            self._h = _call("lora.new", _as_int(id), kw, None)
            _the.append(self)
        else:
            _call("lora.new", _as_int(id), kw, self._h)

    def init(
        self,
        *,
        mode=_NO,
        frequency=_NO,
        tx_power=_NO,
        bandwidth=_NO,
        sf=_NO,
        preamble=_NO,
        coding_rate=_NO,
        power_mode=_NO,
        tx_iq=_NO,
        rx_iq=_NO,
        adr=_NO,
        public=_NO,
        tx_retries=_NO,
        device_class=_NO,
        region=_NO,
    ):
        kw = _settings(
            (mode, frequency, tx_power, bandwidth, sf, preamble, coding_rate, power_mode, tx_iq, rx_iq, adr, public, tx_retries, device_class, region)
        )
        _call("lora.init", self._h, kw)

    def _get_set(self, name, args):
        _at_most_one(args)
        if not args:
            return _call("lora.m", self._h, name)
        _call("lora.m", self._h, name, _as_int(args[0]))

    def frequency(self, *args):
        return self._get_set("frequency", args)

    def sf(self, *args):
        return self._get_set("sf", args)

    def bandwidth(self, *args):
        return self._get_set("bandwidth", args)

    def coding_rate(self, *args):
        return self._get_set("coding_rate", args)

    def preamble(self, *args):
        return self._get_set("preamble", args)

    def power_mode(self, *args):
        return self._get_set("power_mode", args)

    def tx_power(self, *args):
        return self._get_set("tx_power", args)

    def stats(self):
        v = _call("lora.stats", self._h)
        v[2] = float(v[2])  # snr is mp_obj_new_float
        return _Stats(v)

    def airtime(self, pack_len):
        return _call("lora.m", self._h, "airtime", _as_int(pack_len))

    def ischannel_free(self, rssi, time_ms):
        return _call("lora.m", self._h, "ischannel_free", _as_int(rssi), _as_int(time_ms))

    def callback(self, trigger, handler=None, arg=None):
        old = self._cb
        if trigger is not None and handler is not None:
            t = _as_int(trigger)
            a = self if arg is None else arg
            n = _core.irq_register(handler, lambda _x, a=a: a)
            try:
                _call("lora.callback", self._h, t, n)
            except BaseException:
                _core.irq_forget(n)
                raise
            self._cb = n
        else:
            _call("lora.callback", self._h, 0, None)
            self._cb = None
        if old is not None:
            _core.irq_forget(old)

    def events(self):
        return _call("lora.m", self._h, "events")

    def mac(self):
        return _call("lora.m", self._h, "mac")

    def join(self, activation, *, auth, dr=None, timeout=None):
        a = _as_int(activation)
        if type(auth) is tuple or type(auth) is list:
            auth = [_buffer_or_int(x) for x in auth]
        d = None if dr is None else _as_int(dr)
        t = None if timeout is None else _as_int(timeout)
        _call("lora.join", self._h, a, auth, d, t)

    def has_joined(self):
        return _call("lora.m", self._h, "has_joined")

    def add_channel(self, index, *, frequency, dr_min, dr_max):
        args = {"frequency": _as_int(frequency), "dr_min": _as_int(dr_min), "dr_max": _as_int(dr_max)}
        _call("lora.m", self._h, "add_channel", _as_int(index), args)

    def remove_channel(self, index):
        _call("lora.m", self._h, "remove_channel", _as_int(index))

    def set_battery_level(self, level):
        _call("lora.m", self._h, "set_battery_level", _as_int(level))

    def nvram_save(self):
        _call("lora.m", self._h, "nvram_save")

    def nvram_restore(self):
        _call("lora.m", self._h, "nvram_restore")

    def nvram_erase(self):
        _call("lora.m", self._h, "nvram_erase")

    # Firmware methods the simulator does not model (modlora.c has them).
    def _unmodelled(self, name):
        raise NotImplementedError("fieldnet does not model LoRa.%s()" % name)

    def reset(self):
        self._unmodelled("reset")

    def compliance_test(self, *args):
        self._unmodelled("compliance_test")

    def join_multicast_group(self, *args, **kw):
        self._unmodelled("join_multicast_group")

    def leave_multicast_group(self, *args):
        self._unmodelled("leave_multicast_group")

    def __repr__(self):
        return "<LoRa>"


for _k, _v in _K["consts"].items():
    setattr(LoRa, _k, _v)
del _k, _v
