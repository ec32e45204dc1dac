# fieldnet: `sys` as the board has it: the interpreter's own sys, with the
# board's platform and a print_exception that names errnos as the port does
# and shows only the firmware's frames.
import _fn_core as _core

_s = _core.real("sys")

argv = _s.argv
byteorder = _s.byteorder
exit = _s.exit
maxsize = _s.maxsize
modules = _s.modules
path = _s.path
stdin = _s.stdin
stdout = _s.stdout
stderr = _s.stderr
version = _s.version
version_info = _s.version_info
implementation = _s.implementation
ps1 = _s.ps1
ps2 = _s.ps2
platform = _core.INFO["platform"]


def print_exception(exc, file=None):
    (file if file is not None else stdout).write(_core.format_exc(exc))


__name__ = "sys"
