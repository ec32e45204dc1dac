# fieldnet: `errno` / `uerrno` with the device port's numbers (newlib on Pycom,
# MicroPython's Linux-numbered table elsewhere; docs/python.md).
import _fn_core as _core

errorcode = {}
for _name, _n in _core.INFO["errnos"].items():
    globals()[_name] = _n
    errorcode[_n] = _name
del _name, _n

__name__ = "errno"
