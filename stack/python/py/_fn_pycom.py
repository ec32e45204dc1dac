# fieldnet: `pycom` (PF esp32/mods/modpycom.c). NVS lives on the simulated
# device and survives resets; the configuration block (wifi_on_boot, ...) is
# kept across boots as the firmware keeps it in flash; the RGB LED and the
# heartbeat only remember what they were told.
import _fn_core as _core

_call = _core.call
_NOT_POSSIBLE = "the requested operation is not possible"
_led = {"heartbeat": bool(_call("pycom.config_get", "heartbeat_on_boot")), "color": 0}


def _key(key):
    if type(key) is not str:
        raise TypeError("can't convert '%s' object to str implicitly" % _core.typename(key))
    return key


def _nargs(args, hi):
    if len(args) > hi:
        raise TypeError("function expected at most %d arguments, got %d" % (hi, len(args)))


def heartbeat(*args):
    _nargs(args, 1)
    if not args:
        return _led["heartbeat"]
    _led["heartbeat"] = bool(args[0])


def rgbled(*args):
    _nargs(args, 1)
    if _led["heartbeat"]:
        raise _core.OSError(_NOT_POSSIBLE)
    if not args:
        return _led["color"]
    _led["color"] = _core.as_int(args[0]) & 0xFFFFFF


def nvs_set(key, value):
    t = type(value)
    if t is not str and t is not bytes and t is not int:
        raise ValueError("Value must be string, bytes or integer")
    _call("nvs.set", _key(key), value)


def nvs_get(*args):
    if len(args) < 1:
        raise TypeError("function missing 1 required positional arguments")
    _nargs(args, 2)
    found, value = _call("nvs.get", _key(args[0]))
    if found:
        return value
    if len(args) > 1:
        return args[1]
    raise ValueError("No matching object for the provided key")


def nvs_erase(key):
    _call("nvs.erase", _key(key))


def nvs_erase_all():
    _call("nvs.erase_all")


def _config(name, args, check=None):
    if not args:
        return _call("pycom.config_get", name)
    v = args[0] if check is None else check(args[0])
    _call("pycom.config_set", name, v)


def wifi_on_boot(*args):
    _nargs(args, 2)
    if not args:
        return _call("pycom.config_get", "wifi_on_boot")
    _call("pycom.config_set", "wifi_on_boot", bool(args[0]))


def wifi_mode_on_boot(*args):
    _nargs(args, 1)
    if not args:
        return _call("pycom.config_get", "wifi_mode_on_boot")
    m = _core.as_int(args[0])
    if m in (0, 1, 2, 3):
        _call("pycom.config_set", "wifi_mode_on_boot", m)


def _maybe_str(v):
    return v if v is None or type(v) is str else _UNCHANGED


_UNCHANGED = object()


def _str_config(name, args):
    _nargs(args, 1)
    if not args:
        return _call("pycom.config_get", name)
    v = _maybe_str(args[0])
    if v is not _UNCHANGED:
        _call("pycom.config_set", name, v)


def wifi_ssid_sta(*args):
    return _str_config("wifi_ssid_sta", args)


def wifi_pwd_sta(*args):
    return _str_config("wifi_pwd_sta", args)


def wifi_ssid_ap(*args):
    return _str_config("wifi_ssid_ap", args)


def wifi_pwd_ap(*args):
    return _str_config("wifi_pwd_ap", args)


def heartbeat_on_boot(*args):
    _nargs(args, 1)
    return _config("heartbeat_on_boot", args, bool)


def wdt_on_boot(*args):
    _nargs(args, 1)
    return _config("wdt_on_boot", args, bool)


def _wdt_timeout(v):
    t = _core.as_int(v)
    if t < 5000:
        raise ValueError("WDT on boot timeout must be >= 5000 ms")
    return t


def wdt_on_boot_timeout(*args):
    _nargs(args, 1)
    return _config("wdt_on_boot_timeout", args, _wdt_timeout)


def lte_modem_en_on_boot(*args):
    _nargs(args, 1)
    return _config("lte_modem_en_on_boot", args, bool)


def pybytes_on_boot(*args):
    _nargs(args, 1)
    return _config("pybytes_on_boot", args, bool)


def smart_config_on_boot(*args):
    _nargs(args, 1)
    return _config("smart_config_on_boot", args, bool)


def pybytes_force_update(*args):
    _nargs(args, 1)
    return _config("pybytes_force_update", args, bool)


def get_free_heap():
    # LoPy4/FiPy/GPy/WiPy 3 carry 4 MiB of PSRAM (PF mod_pycom_get_free_heap reports it second).
    return (158484, 4096000)


def diff_update_enabled():
    return False


def ota_slot():
    return 0


def ota_verify():
    return True


FACTORY = 0
OTA_0 = 1
FAT = 0
LittleFS = 1

__name__ = "pycom"
