# fieldnet: `asyncio` / `uasyncio`, MicroPython's flavour (docs/library/asyncio.rst),
# on the simulator's clock and sockets. The interpreter's own asyncio runs on
# JavaScript timers, which a simulated board does not have; this one is a
# scheduler of its own with MicroPython's semantics:
#
# - Tasks wait in one run queue ordered by their tick (time.ticks_ms, compared
#   with the wrap-safe ticks difference) and, for equal ticks, by the order
#   they were queued, as MicroPython's pairing heap orders them.
# - A task is a coroutine that reschedules itself before it yields (a sleep
#   queues it at its deadline, an Event keeps it on its waiting queue, a stream
#   registers it with the I/O queue). Cancelling throws CancelledError into it;
#   an exception nobody awaited goes to the loop's exception handler.
# - When no task is ready the loop makes exactly one blocking host call that
#   ends at the earliest of the next deadline and any awaited socket becoming
#   ready: `poll.wait` with the sockets and the timeout, or `time.sleep_us`
#   when no stream is awaited (see _idle). A 10-minute sleep is one call.
# - Clock reads cost sim time (10 µs each), so the loop reads the clock only
#   when it must: once per round of newly queued tasks, and before it waits
#   on a deadline. After a sleep that ran its full length it knows the tick
#   without reading it.
#
# Module-level helpers are private, so dir(asyncio) shows what the board's does.
import io as _io

import _fn_core as _core
import sys as _sys
import time as _time

_call = _core.call
_ticks_ms = _time.ticks_ms
_ticks_add = _time.ticks_add

# MicroPython's tick period on 32-bit ports (as in the time shim).
_PERIOD = 1 << 30
_MAX = _PERIOD - 1
_HALF = _PERIOD >> 1

_POLL = 3  # MP_STREAM_POLL
_IN = 1
_OUT = 4
_ERRS = 8 | 16 | 32  # POLLERR, POLLHUP, POLLNVAL: always reported

# While a task waits on a flag or a stream the simulator cannot watch (any
# object with a stream ioctl), the wait is sliced so that the object is asked
# again every millisecond, as MicroPython's poll loop asks it on a board.
_STEP_MS = 1
# Nothing queued, nothing awaited, but the main task is not done: MicroPython
# looks again every 3 ms (a soft interrupt might queue something).
_STALL_MS = 3
# Sim time one clock read costs (CLOCK_COST_US, docs/python.md).
_READ_US = 10

__version__ = (3, 0, 0)


def _diff(a, b):
    return ((a - b + _HALF) & _MAX) - _HALF


################################################################################
# Exceptions


class CancelledError(BaseException):
    pass


class TimeoutError(Exception):
    pass


################################################################################
# Task queue: a binary heap of tasks ordered by (tick, order queued)


def _before(a, b):
    d = ((a.ph_key - b.ph_key + _HALF) & _MAX) - _HALF
    return d < 0 or (d == 0 and a._seq < b._seq)


class TaskQueue:
    def __init__(self):
        self._h = []

    def _up(self, i):
        h = self._h
        t = h[i]
        while i > 0:
            p = (i - 1) >> 1
            u = h[p]
            if not _before(t, u):
                break
            h[i] = u
            u._at = i
            i = p
        h[i] = t
        t._at = i

    def _down(self, i):
        h = self._h
        n = len(h)
        t = h[i]
        while True:
            c = 2 * i + 1
            if c >= n:
                break
            if c + 1 < n and _before(h[c + 1], h[c]):
                c += 1
            u = h[c]
            if not _before(u, t):
                break
            h[i] = u
            u._at = i
            i = c
        h[i] = t
        t._at = i

    def peek(self):
        h = self._h
        return h[0] if h else None

    def push(self, v, key=None):
        # Queued tasks have no pending data; the caller sets it (a queue to be
        # removed from, CancelledError) after pushing.
        global _order
        v.data = None
        v.ph_key = _now if key is None else key
        _order += 1
        v._seq = _order
        v._q = self
        self._h.append(v)
        self._up(len(self._h) - 1)

    def pop(self):
        h = self._h
        if not h:
            raise IndexError("empty heap")
        v = h[0]
        last = h.pop()
        if h:
            h[0] = last
            self._down(0)
        v._q = None
        v._at = -1
        return v

    def remove(self, v):
        if v._q is not self:
            return
        h = self._h
        i = v._at
        last = h.pop()
        if i < len(h):
            h[i] = last
            last._at = i
            self._up(i)
            self._down(last._at)
        v._q = None
        v._at = -1


################################################################################
# Task


class Task:
    # state: True running; a TaskQueue of tasks awaiting it; a callable to call
    # when it ends (gather); None ended and not awaited yet; False ended and
    # awaited. data: what it waits on (a queue with remove(), or the Task it
    # awaits), CancelledError to throw in, or when ended the StopIteration or
    # exception it ended with.
    def __init__(self, coro, globals=None):
        self.coro = coro
        self.data = None
        self.state = True
        self.ph_key = 0
        self._seq = 0
        self._q = None
        self._at = -1

    def __iter__(self):
        s = self.state
        if not s:
            self.state = False
        elif s is True:
            self.state = TaskQueue()
        elif type(s) is not TaskQueue:
            raise RuntimeError("can't wait")
        return self

    def __next__(self):
        if not self.state:
            raise self.data
        self.state.push(cur_task)
        cur_task.data = self

    def done(self):
        return not self.state

    def cancel(self):
        global _now, _ticked
        if not self.state:
            return False
        if self is cur_task:
            raise RuntimeError("can't cancel self")
        t = self
        while isinstance(t.data, Task):
            # A task awaiting another task: the cancellation goes to that one.
            t = t.data
        w = t.data
        if w is not None and hasattr(w, "remove"):
            w.remove(t)
            _rq.push(t)
        elif t._q is _rq:
            if _diff(t.ph_key, _now) > 0:
                _now = _ticks_ms()
                _ticked = True
            if _diff(t.ph_key, _now) > 0:
                # Sleeping: it runs now instead of at its deadline.
                _rq.remove(t)
                _rq.push(t)
        t.data = CancelledError
        return True

    def __repr__(self):
        return "<Task>"


################################################################################
# Sleeping


class _Sleep:
    # The awaitable of sleep/sleep_ms: queues the current task at its deadline
    # and yields once.
    def __init__(self, key):
        self._key = key

    def __iter__(self):
        return self

    def __next__(self):
        k = self._key
        if k is None:
            raise StopIteration
        self._key = None
        _rq.push(cur_task, k)


def sleep_ms(t):
    # The deadline is taken when sleep_ms is called, as MicroPython does;
    # beyond half the tick period ticks_add raises OverflowError.
    global _now, _ticked
    now = _ticks_ms()
    _now = now
    _ticked = True
    return _Sleep(_ticks_add(now, max(0, t)))


def sleep(t):
    return sleep_ms(int(t * 1000))


################################################################################
# Streams the loop waits on


def _sim_stream(s):
    # A simulator object (socket) the host can watch: it holds a handle and
    # takes its readiness from the wait's answer (as in the select shim).
    return type(getattr(s, "_h", None)) is int and hasattr(s, "_ev")


def _irqs_possible():
    irqs = getattr(_core, "_irqs", None)
    return irqs is None or len(irqs) > 0


class _IOQueue:
    def __init__(self):
        # [task waiting to read, task waiting to write, stream], in the order
        # the streams were first awaited.
        self.entries = []

    def _add(self, s, idx):
        for e in self.entries:
            if e[2] is s:
                break
        else:
            e = [None, None, s]
            self.entries.append(e)
        if e[idx] is not None:
            # Two tasks reading (or writing) one stream: MicroPython asserts.
            raise AssertionError()
        e[idx] = cur_task
        cur_task.data = self

    def remove(self, task):
        keep = []
        for e in self.entries:
            if e[0] is task:
                e[0] = None
            if e[1] is task:
                e[1] = None
            if e[0] is not None or e[1] is not None:
                keep.append(e)
        self.entries = keep

    def wait(self, dt):
        # Waits up to dt ms (0: a look; -1: no limit) for an awaited stream to
        # become ready, in one host call unless an object the simulator cannot
        # watch is awaited. Returns [(entry, events)] of the ready streams.
        socks = []
        sims = []
        others = []
        slice_ = False
        for e in self.entries:
            s = e[2]
            mask = (_IN if e[0] is not None else 0) | (_OUT if e[1] is not None else 0)
            if _sim_stream(s):
                socks.append([s._h, mask])
                sims.append((e, mask))
            else:
                others.append((e, mask))
                # A flag changes only when a soft interrupt sets it (or a task,
                # which then is ready and no wait happens).
                if not isinstance(s, ThreadSafeFlag) or _irqs_possible():
                    slice_ = True
        left = dt
        while True:
            ready = []
            for e, mask in others:
                ev = e[2].ioctl(_POLL, mask)
                if ev:
                    ready.append((e, ev))
            step = 0 if ready else left
            if slice_ and step != 0:
                step = _STEP_MS if step < 0 else min(step, _STEP_MS)
            if socks:
                res = _call("poll.wait", socks, step)
                for i in range(len(sims)):
                    e, mask = sims[i]
                    ev = res[i][1]
                    e[2]._ev = ev
                    ev &= mask | _ERRS
                    if ev:
                        ready.append((e, ev))
            elif step > 0:
                _call("time.sleep_us", step * 1000)
            elif step < 0:
                _call("poll.wait", [], -1)
            if ready or left == 0:
                return ready
            if step > 0 and left > 0:
                left -= step
                if left == 0:
                    for e, mask in others:
                        ev = e[2].ioctl(_POLL, mask)
                        if ev:
                            ready.append((e, ev))
                    return ready

    def wake(self, ready, key):
        for e, ev in ready:
            if ev & ~_OUT and e[0] is not None:
                _rq.push(e[0], key)
                e[0] = None
            if ev & ~_IN and e[1] is not None:
                _rq.push(e[1], key)
                e[1] = None
        self.entries = [e for e in self.entries if e[0] is not None or e[1] is not None]


class _IOWait:
    # Awaitable: registers the current task as waiting to read (0) or write
    # (1) on a stream, and yields once.
    def __init__(self, s, idx):
        self._s = s
        self._idx = idx

    def __iter__(self):
        return self

    def __next__(self):
        s = self._s
        if s is None:
            raise StopIteration
        self._s = None
        _ioq._add(s, self._idx)


################################################################################
# The loop


def _promote(aw):
    return aw if isinstance(aw, Task) else create_task(aw)


def create_task(coro):
    if not hasattr(coro, "send"):
        raise TypeError("coroutine expected")
    t = Task(coro, globals())
    _rq.push(t)
    return t


def _idle(dt):
    # The one blocking host call of an idle period: until dt ms have passed
    # (-1: no deadline) or an awaited stream is ready, whichever is first.
    # _now is fresh here when dt >= 0, so after a full wait the tick is known.
    global _now, _fresh
    q = _ioq
    if not q.entries:
        if dt >= 0:
            _call("time.sleep_us", dt * 1000)
            _now = _ticks_add(_now, dt)
            _fresh = True
        elif _irqs_possible():
            # Only a soft interrupt can queue a task now; MicroPython looks
            # every 3 ms.
            _call("time.sleep_us", _STALL_MS * 1000)
            _fresh = False
        else:
            # Only a micropython.schedule callback (it runs between bytecodes)
            # could still queue a task. Look again after 3 ms, as MicroPython
            # does; if no callback used any sim time meanwhile, none is
            # pending and nothing ever can wake a task: the board idles in
            # the loop (one host call that never ends).
            u = _call("time.ticks_us")
            _call("time.sleep_us", _STALL_MS * 1000)
            busy = _diff(_call("time.ticks_us"), u) > _STALL_MS * 1000 + _READ_US
            if not busy and _rq.peek() is None and not q.entries:
                _call("poll.wait", [], -1)
            _fresh = False
        return
    ready = q.wait(dt)
    if ready or dt < 0:
        _now = _ticks_ms()
    else:
        # The wait ran its full length from a fresh reading.
        _now = _ticks_add(_now, dt)
    _fresh = True
    q.wake(ready, _now)


def _next_task(main):
    # The next task to run, waiting for it if none is ready; None when the
    # loop has nothing left to run and no main task to finish.
    global _now, _fresh, _round, _ticked
    q = _rq
    while True:
        t = q.peek()
        if t is not None:
            if t._seq > _round or (not _fresh and _diff(t.ph_key, _now) > 0):
                # A new round (tasks queued since the last look), or a deadline
                # that is in the future only by a stale clock: read the clock
                # (so that every round takes sim time: tasks that only wake
                # each other do not spin at one instant), unless a task of
                # this round read it and the head is due by that reading; and
                # when the head is due look at the awaited streams too (when
                # it is not, the wait below does).
                if not _fresh:
                    if not (_ticked and _diff(t.ph_key, _now) <= 0):
                        _now = _ticks_ms()
                    _ticked = False
                    if _ioq.entries and _diff(t.ph_key, _now) <= 0:
                        ready = _ioq.wait(0)
                        if ready:
                            _ioq.wake(ready, _now)
                    _fresh = True
                _round = _order
                continue
            dt = _diff(t.ph_key, _now)
            if dt <= 0:
                return q.pop()
        elif not _ioq.entries and (main is None or not main.state):
            return None
        else:
            dt = -1
        _idle(dt)


def _report(t):
    Loop.call_exception_handler({"message": "Task exception wasn't retrieved", "exception": t.data, "future": t})


def run_until_complete(main_task=None):
    global cur_task, _fresh
    while True:
        t = _next_task(main_task)
        if t is None:
            cur_task = None
            return None
        cur_task = t
        _fresh = False
        if not t.state:
            # An ended task queued so that its exception is reported unless
            # someone awaited it meanwhile.
            if t.state is None:
                _report(t)
            continue
        try:
            exc = t.data
            if exc is None:
                t.coro.send(None)
            else:
                t.data = None
                t.coro.throw(exc)
        except (CancelledError, Exception) as er:
            waited = t is main_task
            if waited:
                cur_task = None
                if not isinstance(er, StopIteration):
                    t.state = False
                    raise er
            s = t.state
            if s is True:
                t.state = False if waited else None
            elif callable(s):
                s(t, er)
                t.state = False
                waited = True
            else:
                while s.peek():
                    _rq.push(s.pop())
                    waited = True
                t.state = False
            if not waited and not isinstance(er, (CancelledError, StopIteration)):
                _rq.push(t)
            t.data = er
            if t is main_task:
                return er.value


def run(coro):
    return run_until_complete(create_task(coro))


################################################################################
# The event loop object


async def _stopper():
    pass


class Loop:
    _exc_handler = None

    @staticmethod
    def create_task(coro):
        return create_task(coro)

    @staticmethod
    def run_forever():
        global _stop_task
        _stop_task = Task(_stopper(), globals())
        run_until_complete(_stop_task)

    @staticmethod
    def run_until_complete(aw):
        return run_until_complete(_promote(aw))

    @staticmethod
    def stop():
        global _stop_task
        if _stop_task is not None:
            _rq.push(_stop_task)
            _stop_task = None

    @staticmethod
    def close():
        pass

    @staticmethod
    def set_exception_handler(handler):
        Loop._exc_handler = handler

    @staticmethod
    def get_exception_handler():
        return Loop._exc_handler

    @staticmethod
    def default_exception_handler(loop, context):
        print(context["message"], file=_sys.stderr)
        print("future:", context["future"], "coro=", context["future"].coro, file=_sys.stderr)
        _sys.print_exception(context["exception"], _sys.stderr)

    @staticmethod
    def call_exception_handler(context):
        (Loop._exc_handler or Loop.default_exception_handler)(Loop, context)


def get_event_loop(runq_len=0, waitq_len=0):
    return Loop


def current_task():
    if cur_task is None:
        raise RuntimeError("no running event loop")
    return cur_task


def new_event_loop():
    global _rq, _ioq
    _rq = TaskQueue()
    _ioq = _IOQueue()
    return Loop


cur_task = None
_stop_task = None
_order = 0  # tasks queued so far: the tie-break of equal ticks
_round = 0  # _order when the loop last looked at the clock and the streams
_now = _ticks_ms()  # the tick as last read (or known after a full sleep)
_fresh = False  # no task has run since _now was read
_ticked = False  # a task read the clock since the loop last did
new_event_loop()



################################################################################
# Event, ThreadSafeFlag, Lock


class Event:
    def __init__(self):
        self.state = False
        self.waiting = TaskQueue()

    def is_set(self):
        return self.state

    def set(self):
        # From a task only (MicroPython: not from an IRQ or a scheduler
        # callback; ThreadSafeFlag is for those).
        w = self.waiting
        while w.peek():
            _rq.push(w.pop())
        self.state = True

    def clear(self):
        self.state = False

    def wait(self):
        if not self.state:
            self.waiting.push(cur_task)
            cur_task.data = self.waiting
            yield
        return True


class ThreadSafeFlag(_io.IOBase):
    # Set from outside the loop (a soft interrupt such as a LoRa or alarm
    # callback); the loop polls it through its ioctl like a stream. It clears
    # itself when a wait returns. One waiting task at a time.
    def __init__(self):
        self.state = 0

    def ioctl(self, req, flags):
        if req == _POLL:
            return flags if self.state else 0
        return -1

    def set(self):
        self.state = 1

    def clear(self):
        self.state = 0

    async def wait(self):
        if not self.state:
            await _IOWait(self, 0)
        self.state = 0


class Lock:
    # state: 0 unlocked, 1 locked, or the Task the lock was handed to on
    # release, which takes it when it runs.
    def __init__(self):
        self.state = 0
        self.waiting = TaskQueue()

    def locked(self):
        return self.state == 1

    def release(self):
        if self.state != 1:
            raise RuntimeError("Lock not acquired")
        w = self.waiting
        if w.peek():
            self.state = w.pop()
            _rq.push(self.state)
        else:
            self.state = 0

    def acquire(self):
        if self.state != 0:
            self.waiting.push(cur_task)
            cur_task.data = self.waiting
            try:
                yield
            except CancelledError as er:
                if self.state is cur_task:
                    # Handed the lock but cancelled before taking it: pass it on.
                    self.state = 1
                    self.release()
                raise er
        self.state = 1
        return True

    async def __aenter__(self):
        return await self.acquire()

    async def __aexit__(self, exc_type, exc, tb):
        return self.release()


from _fn_asyncio_streams import (  # noqa: E402
    Server,
    Stream,
    StreamReader,
    StreamWriter,
    gather,
    open_connection,
    start_server,
    wait_for,
    wait_for_ms,
)

__name__ = "asyncio"
