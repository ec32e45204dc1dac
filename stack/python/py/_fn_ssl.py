# fieldnet: `ssl` / `ussl`, on the modelled TLS session of stack/tls (TLS.md:
# real record sizes and round trips, the firmware's exceptions, no
# cryptography). The board's profile picks the API:
# - Pycom boards: Pycom's `ussl` (esp32/mods/modussl.c): wrap_socket with
#   keyword-only options, save_session, SSLError, SSL_TIMEOUT; the SSL socket
#   (type `ussl`) handshakes at wrap when its socket is connected, else in
#   `connect`.
# - every other board: MicroPython 1.27's `ssl` (micropython-lib ssl.py over
#   extmod/modtls_mbedtls.c): SSLContext and wrap_socket; the SSL socket is an
#   `SSLSocket`.
# The SSL socket holds the handle of a simulator TlsSocket and forwards each
# call to it; it has exactly the methods its firmware's SSL socket has (others
# raise AttributeError) plus an ioctl, so select.poll and asyncio work on it.
# Keys, certificates and CA data are checked for type (and files for
# existence) as the firmware does, then ignored: there is no cryptography.
import io as _io

import _fn_core as _core

_call = _core.call
_INFO = _call("ssl.info")
_PYCOM = _INFO["flavour"] == "pycom"
_POLL = 3  # MP_STREAM_POLL

globals().update(_INFO["constants"])


################################################################################
# The SSL socket


def _fwd(s, name, *args):
    return _call("ssl.m", s._h, name, *args)


def _span(buf, args):
    # stream write's optional (max_len) or (off, max_len) (py/stream.c stream_write_method).
    b = _core.buffer(buf)
    if type(b) is str:
        b = b.encode()
    if not args:
        return b
    if len(args) == 1:
        return memoryview(b)[: _core.as_int(args[0])]
    off = min(_core.as_int(args[0]), len(b))
    return memoryview(b)[off : off + _core.as_int(args[1])]


def _into(buf, data):
    # Copies what was read into a writable buffer; None (would block) passes through.
    if data is None:
        return None
    buf[: len(data)] = data
    return len(data)


def _writable(buf):
    t = type(buf)
    if t is bytes or t is str or t is int or buf is None:
        raise TypeError("object with buffer protocol required")
    return buf


def _limit(buf, nbytes):
    n = len(buf)
    return n if nbytes is None else max(0, min(n, _core.as_int(nbytes)))


def _read(self, size=-1):
    n = _core.as_int(size)
    return _fwd(self, "read") if n < 0 else _fwd(self, "read", n)


def _readinto(self, buf, nbytes=None):
    _writable(buf)
    return _into(buf, _fwd(self, "read", _limit(buf, nbytes)))


def _readline(self, size=-1):
    return _fwd(self, "readline", _core.as_int(size))


def _write(self, buf, *args):
    return _fwd(self, "write", _span(buf, args))


def _recv(self, bufsize):
    return _fwd(self, "recv", _core.as_int(bufsize))


def _recv_into(self, buf, nbytes=None):
    _writable(buf)
    return _into(buf, _fwd(self, "recv", _limit(buf, nbytes)))


def _send(self, buf, *args):
    return _fwd(self, "send", _span(buf, args))


def _sendall(self, buf, *args):
    return _fwd(self, "sendall", _span(buf, args))


def _setblocking(self, flag):
    _fwd(self, "setblocking", flag)


def _settimeout(self, value):
    _fwd(self, "settimeout", value)


def _close(self):
    _fwd(self, "close")


def _getpeercert(self, binary_form):
    return _fwd(self, "getpeercert", bool(binary_form))


def _cipher(self):
    return tuple(_fwd(self, "cipher"))


def _connect(self, address):
    _call("ssl.connect", self._h, address)


def _ioctl(self, request, arg):
    # select.poll and asyncio ask each object for its readiness; the simulator
    # computed it (TlsSocket.pollEvents) when their wait ended.
    if request == _POLL:
        return self._ev & (arg | 8 | 16 | 32)
    return -1


_METHODS = {
    "read": _read,
    "readinto": _readinto,
    "readline": _readline,
    "write": _write,
    "recv": _recv,
    "recv_into": _recv_into,
    "send": _send,
    "sendall": _sendall,
    "setblocking": _setblocking,
    "settimeout": _settimeout,
    "close": _close,
    "getpeercert": _getpeercert,
    "cipher": _cipher,
    "connect": _connect,
}


def _ssl_socket_type():
    # The firmware's SSL socket type: exactly its methods (TLS_SOCKET_METHODS),
    # named as the firmware names the type.
    name = "ussl" if _PYCOM else "SSLSocket"
    ns = {}
    for m in _INFO["methods"]:
        ns[m] = _METHODS[m]
    ns["ioctl"] = _ioctl
    ns["__repr__"] = lambda self: "<%s>" % name
    return type(name, (_io.IOBase,), ns)


_SSLSocket = _ssl_socket_type()


def _adopt(h):
    s = object.__new__(_SSLSocket)
    s._h = h
    s._ev = 0
    return s


def _str_arg(v):
    # mp_obj_str_get_str / mp_obj_str_get_data: str or bytes, else TypeError.
    t = type(v)
    if t is str or t is bytes:
        return v
    raise TypeError("can't convert '%s' object to str implicitly" % t.__name__)


def _read_file(path, missing=None):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        if missing is None:
            raise
        raise _core.OSError(missing)


################################################################################
# Pycom: ussl


if _PYCOM:
    SSLError = _core.OSError

    def _session_type():
        class SSLSession:
            pass

        return SSLSession

    _SSLSession = _session_type()

    def wrap_socket(sock, *, keyfile=None, certfile=None, server_side=False, cert_reqs=CERT_NONE, ssl_version=0, ca_certs=None, server_hostname=None, saved_session=None, timeout=None):
        # The checks of modussl.c mod_ssl_wrap_socket, in its order.
        verify = _core.as_int(cert_reqs)
        _core.as_int(ssl_version)
        server_side = bool(server_side)
        if verify != CERT_NONE and ca_certs is None:
            raise ValueError("invalid argument(s) value")
        key_path = None if keyfile is None else _str_arg(keyfile)
        cert_path = None if certfile is None else _str_arg(certfile)
        ca_path = None if ca_certs is None or verify == CERT_NONE else _str_arg(ca_certs)
        hostname = None if server_hostname is None else _str_arg(server_hostname)
        if type(hostname) is bytes:
            hostname = hostname.decode()
        if server_side and (key_path is None or cert_path is None):
            raise ValueError("invalid argument(s) value")
        if type(sock).__name__ != "socket" or type(getattr(sock, "_h", None)) is not int:
            raise ValueError("invalid argument(s) value")
        if saved_session is not None and type(saved_session) is not _SSLSession:
            raise ValueError("invalid argument(s) value")
        if timeout is not None:
            timeout = _core.as_int(timeout)
        if ca_path is not None:
            _read_file(ca_path, "CA file not found")
        if cert_path is not None and key_path is not None:
            _read_file(cert_path, "certificate file not found")
            _read_file(key_path, "key file not found")
        # saved_session: accepted; the model has no session resumption (a full handshake every time).
        return _adopt(_call("ssl.pycom_wrap", sock, server_side, verify, hostname, timeout))

    def save_session(ssl_sock):
        if type(ssl_sock) is not _SSLSocket:
            raise TypeError("SSL socket required")
        return _SSLSession()

    __name__ = "ussl"


################################################################################
# MicroPython 1.27: ssl (ssl.py over the tls module)


else:

    class SSLContext:
        def __init__(self, *args):
            if len(args) != 1:
                raise TypeError("function takes 1 positional arguments but %d were given" % len(args))
            # The context starts with CERT_NONE (ssl.py sets it; tls makes clients CERT_REQUIRED).
            self._h = _call("ssl.context", args[0])

        @property
        def verify_mode(self):
            return _call("ssl.verify_mode", self._h)

        @verify_mode.setter
        def verify_mode(self, val):
            _call("ssl.verify_mode", self._h, val)

        def load_cert_chain(self, certfile, keyfile):
            # ssl.py reads a str as a file name (the certificate first); tls then
            # parses the key and the certificate, str or bytes. Contents are not used.
            cert = _read_file(certfile) if type(certfile) is str else certfile
            key = _read_file(keyfile) if type(keyfile) is str else keyfile
            _str_arg(key)
            _str_arg(cert)

        def load_verify_locations(self, cafile=None, cadata=None):
            if cafile:
                cadata = _read_file(cafile)
            _str_arg(cadata)

        def wrap_socket(self, sock, server_side=False, do_handshake_on_connect=True, server_hostname=None):
            h = _call("ssl.context_wrap", self._h, sock, bool(server_side), bool(do_handshake_on_connect), server_hostname)
            return _adopt(h)

    def wrap_socket(sock, server_side=False, key=None, cert=None, cert_reqs=CERT_NONE, cadata=None, server_hostname=None, do_handshake=True):
        # As ssl.py: a context for the side, the key and certificates, the verify mode, then its wrap_socket.
        ctx = SSLContext(PROTOCOL_TLS_SERVER if server_side else PROTOCOL_TLS_CLIENT)
        if key or cert:
            ctx.load_cert_chain(cert, key)
        if cadata:
            ctx.load_verify_locations(cadata=cadata)
        ctx.verify_mode = cert_reqs
        return ctx.wrap_socket(sock, server_side=server_side, do_handshake_on_connect=do_handshake, server_hostname=server_hostname)

    __name__ = "ssl"
