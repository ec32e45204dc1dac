# fieldnet: the one door between a device's Python and the simulator.
#
# Every module the firmware imports (socket, time, network, machine ...) is a
# thin shim that calls call(op, *args). The request goes to the simulator as
# JSON; the answer is R<json> (a result), E<json> (an exception to raise) or
# C<json> (run a soft interrupt, then keep waiting). Errors cross as data and
# are raised here, so Python's except/finally always run.
import builtins
import io
import json
import sys
from binascii import hexlify, unhexlify


def _bind():
    # The host function stays in this closure: no module global holds it.
    import _fieldnet_host
    c = _fieldnet_host.call

    def raw(message):
        return c(message)

    return raw


_raw = _bind()
sys.modules.pop("_fieldnet_host", None)
_dumps = json.dumps
_loads = json.loads
_INF = float("inf")
_MAXSAFE = 9007199254740991


def enc(v):
    t = type(v)
    if t is int:
        if -_MAXSAFE <= v <= _MAXSAFE:
            return v
        return {"$i": str(v)}
    if t is str or v is None or t is bool:
        return v
    if t is float:
        if v != v:
            return {"$f": "nan"}
        if v == _INF:
            return {"$f": "inf"}
        if v == -_INF:
            return {"$f": "-inf"}
        return {"$f": v}
    if t is bytes or t is bytearray or t is memoryview:
        return {"$b": hexlify(v).decode()}
    if t is tuple or t is list:
        return [enc(x) for x in v]
    if t is dict:
        out = {}
        for k, x in v.items():
            if type(k) is not str:
                return {"$o": "dict"}
            out[k] = enc(x)
        return out
    h = getattr(v, "_h", None)
    if type(h) is int:
        return {"$o": type(v).__name__, "$h": h}
    return {"$o": type(v).__name__}


def dec(v):
    t = type(v)
    if t is dict:
        b = v.get("$b")
        if b is not None:
            return unhexlify(b)
        f = v.get("$f")
        if f is not None:
            return float(f)
        i = v.get("$i")
        if i is not None:
            return int(i)
        return {k: dec(x) for k, x in v.items()}
    if t is list:
        return [dec(x) for x in v]
    return v


# Soft interrupts: id -> (handler, make_arg). make_arg turns the simulator's
# argument into what the handler receives (the LoRa object, the alarm ...).
_irqs = {}
_irq_next = [1]


def irq_register(handler, make_arg):
    n = _irq_next[0]
    _irq_next[0] = n + 1
    _irqs[n] = (handler, make_arg)
    return n


def irq_forget(n):
    _irqs.pop(n, None)


def _run_irq(reply):
    n, arg = _loads(reply[1:])
    entry = _irqs.get(n)
    if entry is None:
        return
    handler, make_arg = entry
    try:
        handler(make_arg(dec(arg)))
    except Exception as e:
        # As MicroPython's scheduler does: report it and carry on.
        print("Unhandled exception in callback handler")
        print(format_exc(e), end="")


def call(op, *args):
    r = _raw(_dumps([op] + [enc(a) for a in args]))
    while r[0] == "C":
        _run_irq(r)
        r = _raw('["cb.done"]')
    if r[0] == "R":
        return dec(_loads(r[1:]))
    raise_wire(_loads(r[1:]))


# ---- the board and its errors ------------------------------------------------
INFO = call("sys.info")
ERRNO = INFO["errnos"]
_NAMES = {n: k for k, n in ERRNO.items()}
NEWLIB = INFO["errnoTable"] == "newlib"

if NEWLIB:
    # Pycom's errno numbers are newlib's, but this interpreter names errnos from
    # Linux's table; this OSError prints the board's names ([Errno 119] EINPROGRESS).
    class OSError(builtins.OSError):
        def __str__(self):
            a = self.args
            if len(a) == 1 and type(a[0]) is int:
                name = _NAMES.get(a[0])
                # An errno with no name prints as the bare number (py/objexcept.c).
                return "[Errno %d] %s" % (a[0], name) if name else str(a[0])
            if len(a) == 0:
                return ""
            if len(a) == 1:
                return str(a[0])
            return str(a)

    class TimeoutError(OSError):
        pass

    # Pycom has TimeoutError as a builtin (socket.timeout and LoRa.timeout are it).
    builtins.TimeoutError = TimeoutError
else:
    OSError = builtins.OSError
    TimeoutError = builtins.OSError


# The interpreter's file system is Emscripten's, whose errno numbers are
# WASI's (ENOENT 44); a board's VFS raises its own (ENOENT 2). These are the
# WASI numbers of the errors a file system call can raise.
_WASI = {63: "EPERM", 44: "ENOENT", 29: "EIO", 8: "EBADF", 6: "EAGAIN", 48: "ENOMEM", 2: "EACCES", 20: "EEXIST",
         43: "ENODEV", 54: "ENOTDIR", 31: "EISDIR", 28: "EINVAL", 41: "ENFILE", 33: "EMFILE", 51: "ENOSPC",
         70: "ESPIPE", 69: "EROFS", 55: "ENOTEMPTY", 37: "ENAMETOOLONG"}
# Names not in the socket-oriented errno tables: the same in newlib and Linux but the last two.
_FS_ERRNO = {"ENOTDIR": 20, "ENFILE": 23, "EMFILE": 24, "ENOSPC": 28, "ESPIPE": 29, "EROFS": 30,
             "ENOTEMPTY": 90 if NEWLIB else 39, "ENAMETOOLONG": 91 if NEWLIB else 36}


def fs_error(e):
    # The exception a board's file system raises for an interpreter file error.
    a = e.args
    if len(a) == 1 and type(a[0]) is int and a[0] in _WASI:
        name = _WASI[a[0]]
        return OSError(ERRNO.get(name) or _FS_ERRNO[name])
    return e


def fs_call(f):
    def call_fs(*args):
        try:
            return f(*args)
        except builtins.OSError as e:
            raise fs_error(e)

    return call_fs


def raise_wire(e):
    kind = e[0]
    if kind == "OSError":
        raise OSError(*[dec(x) for x in e[1:]])
    if kind == "TimeoutError":
        raise TimeoutError(*[dec(x) for x in e[1:]])
    cls = getattr(builtins, kind, None)
    if cls is None:
        cls = builtins.RuntimeError
    raise cls(*[dec(x) for x in e[1:]])


def _internal(line):
    return 'File "/_fn/' in line or 'File "<stdin>"' in line


def format_exc(e):
    buf = io.StringIO()
    sys.print_exception(e, buf)
    text = buf.getvalue().replace('File "/_fn/shadow/', 'File "/')
    lines = [x for x in text.split("\n") if x != "" and not _internal(x)]
    if NEWLIB and isinstance(e, OSError) and lines:
        lines[-1] = type(e).__name__ + ": " + str(e)
    return "\n".join(lines) + "\n"


# ---- argument checks with MicroPython's messages ------------------------------
def typename(v):
    return type(v).__name__


def as_int(v):
    t = type(v)
    if t is int or t is bool:
        return int(v)
    raise TypeError("can't convert %s to int" % typename(v))


def as_float(v):
    t = type(v)
    if t is int or t is float or t is bool:
        return float(v)
    raise TypeError("can't convert %s to float" % typename(v))


def buffer(v):
    t = type(v)
    if t is bytes or t is bytearray or t is memoryview or t is str:
        return v
    raise TypeError("object with buffer protocol required")
