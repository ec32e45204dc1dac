# fieldnet: the rest of `asyncio` (see _fn_asyncio.py): gather, wait_for and
# the TCP streams. Streams work on the simulator's sockets (non-blocking, from
# the socket shim) and, as in MicroPython, on any object with a stream ioctl.
# The loop's state (cur_task, its queues) lives in _fn_asyncio and is read
# through it, since new_event_loop() replaces the queues.
import _fn_asyncio as _c


################################################################################
# gather


class _Gathering:
    # What a gathering task waits on: cancelling it only has to requeue it.
    @staticmethod
    def remove(t):
        pass


def gather(*aws, return_exceptions=False):
    tasks = [_c._promote(aw) for aw in aws]
    me = _c.cur_task
    box = [0, None]  # [sub-tasks still running, exception to raise]
    skip = False

    def ended(t, er):
        # A sub-task ended with er (StopIteration when it returned).
        if me.data is not _Gathering:
            # The gathering task was already woken (an earlier failure) or cancelled.
            return
        if not return_exceptions and not isinstance(er, StopIteration):
            box[1] = er
        else:
            box[0] -= 1
            if box[0]:
                return
        _c._rq.push(me)

    for t in tasks:
        if t.state is True:
            t.state = ended
            box[0] += 1
        elif not t.state:
            if not isinstance(t.data, StopIteration) and not return_exceptions:
                # A sub-task already failed: no waiting at all.
                skip = True
        else:
            raise RuntimeError("can't gather")

    cancelled = None
    if box[0] > 0 and not skip:
        me.data = _Gathering
        try:
            yield
        except _c.CancelledError as er:
            cancelled = er

    failure = cancelled if cancelled is not None else box[1]
    out = []
    for t in tasks:
        if t.state is ended:
            # Still running: stop listening to it, and cancel it with the gather.
            t.state = True
            if cancelled is not None:
                t.cancel()
            out.append(None)
        elif isinstance(t.data, StopIteration):
            out.append(t.data.value)
        else:
            if return_exceptions:
                out.append(t.data)
            elif failure is None:
                failure = t.data
            else:
                out.append(None)
    if failure is not None:
        raise failure
    return out


################################################################################
# wait_for


async def _runner(waiter, aw):
    # Runs aw for wait_for; when aw ends first, wakes the waiter by cancelling
    # its sleep with a CancelledError that carries aw's outcome.
    try:
        result = await aw
        status = True
    except BaseException as er:
        result = None
        status = er
    if waiter.data is None:
        if waiter.cancel():
            waiter.data = _c.CancelledError(status, result)


async def wait_for(aw, timeout, sleep=_c.sleep):
    aw = _c._promote(aw)
    if timeout is None:
        return await aw
    runner = _c.create_task(_runner(_c.cur_task, aw))
    try:
        await sleep(timeout)
    except _c.CancelledError as er:
        status = er.args[0] if er.args else None
        if status is None:
            # Cancelled from outside: cancel aw too.
            runner.cancel()
            raise er
        if status is True:
            return er.args[1]
        raise status
    # The timeout passed first: cancel aw (its finally blocks run) and wait for it.
    runner.cancel()
    await runner
    raise _c.TimeoutError


def wait_for_ms(aw, timeout):
    return wait_for(aw, timeout, _c.sleep_ms)


################################################################################
# Streams


class Stream:
    def __init__(self, s, e=None):
        self.s = s
        self.e = {} if e is None else e
        self.out_buf = b""

    def get_extra_info(self, v):
        return self.e[v]

    def close(self):
        # As in MicroPython: the socket is closed by wait_closed().
        pass

    async def wait_closed(self):
        self.s.close()

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.close()
        await self.wait_closed()

    async def read(self, n=-1):
        got = b""
        while True:
            await _c._IOWait(self.s, 0)
            r = self.s.read(n)
            if r is None:
                continue
            if n >= 0:
                return r
            if not len(r):
                return got
            got += r

    async def readinto(self, buf):
        await _c._IOWait(self.s, 0)
        return self.s.readinto(buf)

    async def readexactly(self, n):
        got = b""
        while n:
            await _c._IOWait(self.s, 0)
            r = self.s.read(n)
            if r is None:
                continue
            if not len(r):
                raise EOFError
            got += r
            n -= len(r)
        return got

    async def readline(self):
        line = b""
        while True:
            await _c._IOWait(self.s, 0)
            part = self.s.readline()
            if part is None:
                continue
            line += part
            if not part or line[-1] == 10:
                return line

    def write(self, buf):
        if not self.out_buf:
            # Try the stream now; keep what it did not take.
            n = self.s.write(buf)
            if n == len(buf):
                return
            if n is not None:
                buf = buf[n:]
        self.out_buf += buf

    async def drain(self):
        if not self.out_buf:
            # Always yields, so a loop of write() + drain() cannot hog the loop.
            await _c.sleep_ms(0)
            return
        mv = memoryview(self.out_buf)
        off = 0
        while off < len(mv):
            await _c._IOWait(self.s, 1)
            n = self.s.write(mv[off:])
            if n is not None:
                off += n
        self.out_buf = b""

    # Legacy uasyncio names MicroPython keeps.
    async def aclose(self):
        await self.wait_closed()

    async def awrite(self, buf, off=0, sz=-1):
        if off != 0 or sz != -1:
            buf = memoryview(buf)
            if sz == -1:
                sz = len(buf)
            buf = buf[off : off + sz]
        self.write(buf)
        await self.drain()

    awritestr = awrite


StreamReader = Stream
StreamWriter = Stream


async def open_connection(host, port, ssl=None, server_hostname=None):
    import errno
    import socket

    ai = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)[0]  # blocking, as on the board
    s = socket.socket(ai[0], ai[1], ai[2])
    s.setblocking(False)
    try:
        s.connect(ai[-1])
    except OSError as er:
        # getattr: the compiler would fold errno.EINPROGRESS into the
        # interpreter's own (Linux) number; the board's may differ (newlib).
        if er.errno != getattr(errno, "EINPROGRESS"):
            raise er
    if ssl:
        if ssl is True:
            import ssl as _ssl

            ssl = _ssl.SSLContext(_ssl.PROTOCOL_TLS_CLIENT)
        if not server_hostname:
            server_hostname = host
        s = ssl.wrap_socket(s, server_hostname=server_hostname, do_handshake_on_connect=False)
        s.setblocking(False)
    ss = Stream(s)
    # Connected (or failed: the first read or write raises) once writable.
    await _c._IOWait(s, 1)
    return ss, ss


class Server:
    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.close()
        await self.wait_closed()

    def close(self):
        self._closing = True
        self.task.cancel()

    async def wait_closed(self):
        await self.task

    async def _serve(self, s, cb, ssl):
        self._closing = False
        while True:
            try:
                await _c._IOWait(s, 0)
            except _c.CancelledError as er:
                s.close()
                if self._closing:
                    return
                # Cancelled from outside (e.g. its parent task): pass it on.
                raise er
            try:
                s2, addr = s.accept()
            except Exception:
                continue
            if ssl:
                try:
                    s2 = ssl.wrap_socket(s2, server_side=True, do_handshake_on_connect=False)
                except OSError as e:
                    _c._sys.print_exception(e)
                    s2.close()
                    continue
            s2.setblocking(False)
            c = Stream(s2, {"peername": addr})
            _c.create_task(cb(c, c))


async def start_server(cb, host, port, backlog=5, ssl=None):
    import socket

    ai = socket.getaddrinfo(host, port)[0]  # blocking, as on the board
    s = socket.socket(ai[0])
    s.setblocking(False)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(ai[-1])
    s.listen(backlog)
    srv = Server()
    srv.task = _c.create_task(srv._serve(s, cb, ssl))
    try:
        # Let the serving task start, so that it handles its cancellation.
        await _c.sleep_ms(0)
    except _c.CancelledError as er:
        srv.task.cancel()
        raise er
    return srv
