# fieldnet: `socket` / `usocket`. A socket object holds the number of a
# simulator socket (AF_INET TCP/UDP, AF_LORA, AF_SIGFOX) and forwards each call
# to it; the simulator checks arguments and raises what the device's port
# raises (stack/usocket/ERRORS.md). It is an io.IOBase with an ioctl, so
# MicroPython's own select.poll and select.select work on it.
import io

import _fn_core as _core

_call = _core.call
_POLL = 3  # MP_STREAM_POLL
_PROFILE = _core.INFO["profile"]

globals().update(_call("sock.constants"))

if _PROFILE == "pycom":
    # Pycom lists socket.error and socket.timeout (docs: usocket); upstream MicroPython has neither.
    error = _core.OSError
    timeout = _core.TimeoutError


def _no_kw(kw):
    if kw:
        raise TypeError("function doesn't take keyword arguments")


class socket(io.IOBase):
    def __init__(self, *args, **kw):
        _no_kw(kw)
        if len(args) > 3:
            raise TypeError("function expected at most 3 arguments, got %d" % len(args))
        af = args[0] if len(args) > 0 else AF_INET
        type_ = args[1] if len(args) > 1 else SOCK_STREAM
        proto = args[2] if len(args) > 2 else 0
        self._h = _call("sock.new", af, type_, proto)
        self._ev = 0

    def _m(self, name, *args):
        return _call("sock.m", self._h, name, *args)

    def bind(self, address):
        self._m("bind", address)

    def listen(self, *backlog):
        self._m("listen", *backlog)

    def accept(self):
        r = _call("sock.accept", self._h)
        s = object.__new__(socket)
        s._h = r[0]
        s._ev = 0
        addr = r[1:]
        if len(addr) == 1:
            return (s, tuple(addr[0]) if type(addr[0]) is list else addr[0])
        return (s,) + tuple(addr)

    def connect(self, address):
        self._m("connect", address)

    def send(self, data):
        return self._m("send", data)

    def sendall(self, data):
        self._m("sendall", data)

    def sendto(self, data, address):
        return self._m("sendto", data, address)

    def write(self, data):
        return self._m("write", data)

    def recv(self, bufsize):
        return self._m("recv", bufsize)

    def recvfrom(self, bufsize):
        r = self._m("recvfrom", bufsize)
        a = r[1]
        return (r[0], tuple(a) if type(a) is list else a)

    def read(self, size=-1):
        if size is None or (type(size) is int and size < 0):
            return self._m("read")
        return self._m("read", size)

    def readinto(self, buf, nbytes=None):
        n = len(buf) if nbytes is None else min(len(buf), _core.as_int(nbytes))
        data = self._m("read", n)
        if data is None:
            return None
        buf[: len(data)] = data
        return len(data)

    def readline(self):
        return self._m("readline")

    def setsockopt(self, level, optname, value):
        self._m("setsockopt", level, optname, value)

    def settimeout(self, value):
        self._m("settimeout", value)

    def setblocking(self, flag):
        self._m("setblocking", flag)

    def makefile(self, mode="rb", buffering=0):
        self._m("makefile", mode, buffering)
        return self

    def close(self):
        _call("sock.close", self._h)

    def ioctl(self, request, arg):
        # MicroPython's select.poll asks each object for its readiness; the
        # simulator computed it when the poll's wait ended.
        if request == _POLL:
            return self._ev & (arg | 8 | 16 | 32)
        return -1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<socket>"


# Methods only some ports have. None has getsockopt (PF esp32/mods/modusocket.c,
# MicroPython extmod/modlwip.c socket tables). Pycom's firmware has fileno but
# no readall, which its docs list (the firmware is followed); upstream modlwip
# has neither; QuecPython documents readall and getsocketsta.
def _fileno(self):
    return self._m("fileno")


def _readall(self):
    return self._m("readall")


def _getsocketsta(self):
    return self._m("getsocketsta")


if _PROFILE != "micropython":
    socket.fileno = _fileno
if _PROFILE == "quecpython":
    socket.readall = _readall
    socket.getsocketsta = _getsocketsta


def getaddrinfo(host, port, af=0, type=0, proto=0, flags=0):
    out = []
    for e in _call("sock.getaddrinfo", host, port, af, type, proto, flags):
        out.append((e[0], e[1], e[2], e[3], tuple(e[4])))
    return out


def inet_pton(af, text):
    return _call("sock.inet_pton", af, text)


def inet_ntop(af, binary):
    return _call("sock.inet_ntop", af, binary)


__name__ = "socket"
