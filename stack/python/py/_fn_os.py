# fieldnet: `os` / `uos` as the board shows it: the device's own /flash (kept
# across resets by the simulator), the board's uname, and urandom from the
# device's named random stream. The host's files are never reachable.
import _fn_core as _core

_os = _core.real("os")
_call = _core.call

sep = "/"
_fs = _core.fs_call
chdir = _fs(_os.chdir)
getcwd = _os.getcwd
mkdir = _fs(_os.mkdir)
remove = _fs(_os.remove)
unlink = remove
rmdir = _fs(_os.rmdir)
rename = _fs(_os.rename)
stat = _fs(_os.stat)
statvfs = _fs(_os.statvfs)


def _hidden(path):
    p = path if path.startswith("/") else getcwd().rstrip("/") + "/" + path
    return p.rstrip("/") == ""


def ilistdir(path="."):
    if _hidden(path):
        return iter([("flash", 0x4000, 0, 0)])
    return _fs(_os.ilistdir)(path)


def listdir(path="."):
    if _hidden(path):
        return ["flash"]
    return _fs(_os.listdir)(path)


def sync():
    pass


def dupterm(stream=None, index=0):
    return None


def urandom(n):
    return _call("os.urandom", _core.as_int(n))


_fields = [k for k, v in _core.INFO["uname"]]
_values = tuple(v for k, v in _core.INFO["uname"])


class _UnameResult(tuple):
    # MicroPython's attrtuple: a tuple whose fields are attributes too.
    def __getattr__(self, name):
        try:
            return self[_fields.index(name)]
        except ValueError:
            raise AttributeError(name)

    def __repr__(self):
        return "(" + ", ".join("%s=%r" % (k, v) for k, v in zip(_fields, self)) + ")"

    __str__ = __repr__


def uname():
    return _UnameResult(_values)


if _core.INFO["profile"] == "pycom":

    def getfree(path):
        # Pycom: free space in KiB of the mount at path (esp32/mods/moduos.c).
        st = _os.statvfs(path)
        return st[0] * st[3] // 1024

    def fsformat(path):
        for name in _os.listdir(path):
            _os.remove(path.rstrip("/") + "/" + name)

    mkfs = fsformat

__name__ = "os"
