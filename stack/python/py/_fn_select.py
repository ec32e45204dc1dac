# fieldnet: `select` / `uselect`. The wait happens in the simulator (sim time,
# woken by the sockets' events); then MicroPython's own poll object does the
# rest — masks, POLLERR/POLLHUP, ipoll's one-shot flag and its reused result
# tuple, select.select's lists — by asking each object's ioctl. Objects that
# are not simulator sockets but implement ioctl take part too: as MicroPython's
# poll loop does, they are asked again every millisecond while the poll waits.
import _fn_core as _core

_call = _core.call
_select = _core.real("select")

POLLIN = 1
POLLOUT = 4
POLLERR = 8
POLLHUP = 16


def _sim(obj):
    return type(getattr(obj, "_h", None)) is int and hasattr(obj, "_ev")


def _ms(timeout):
    if timeout is None:
        return -1
    return _core.as_int(timeout)


class poll:
    def __init__(self):
        self._np = _select.poll()
        self._masks = {}

    def register(self, obj, eventmask=POLLIN | POLLOUT):
        self._np.register(obj, eventmask)
        self._masks[obj] = eventmask

    def unregister(self, obj):
        self._np.unregister(obj)
        self._masks.pop(obj, None)

    def modify(self, obj, eventmask):
        self._np.modify(obj, eventmask)
        self._masks[obj] = eventmask

    def _wait(self, timeout_ms):
        socks = []
        others = False
        for obj, mask in self._masks.items():
            if _sim(obj):
                socks.append((obj._h, mask))
            else:
                others = True
        if not others:
            self._apply(_call("poll.wait", socks, timeout_ms))
            return
        left = timeout_ms
        while True:
            step = 1 if left < 0 else min(left, 1)
            self._apply(_call("poll.wait", socks, step))
            if self._np.poll(0) or left == 0:
                return
            if left > 0:
                left -= step

    def _apply(self, ready):
        by_handle = {}
        for h, ev in ready:
            by_handle[h] = ev
        for obj in self._masks:
            if _sim(obj):
                obj._ev = by_handle.get(obj._h, 0)

    def poll(self, timeout=-1):
        self._wait(_ms(timeout))
        return self._np.poll(0)

    def ipoll(self, timeout=-1, flags=0):
        self._wait(_ms(timeout))
        it = self._np.ipoll(0, flags)
        if not flags & 1:
            return it
        return self._one_shot(it)

    def _one_shot(self, it):
        for entry in it:
            self._masks[entry[0]] = 0
            yield entry


def select(rlist, wlist, xlist, timeout=None):
    p = poll()
    for o in rlist:
        p.register(o, POLLIN)
    for o in wlist:
        p.register(o, POLLOUT | (p._masks.get(o, 0)))
    for o in xlist:
        p.register(o, POLLERR | (p._masks.get(o, 0)))
    ms = -1 if timeout is None else int(_core.as_float(timeout) * 1000)
    p._wait(ms)
    return _select.select(rlist, wlist, xlist, 0)


__name__ = "select"
