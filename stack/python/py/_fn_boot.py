# fieldnet: what a board's firmware does before the user's code runs, and how
# it runs it: the import table (socket, time, network ... are the simulator's
# shims; js/jsffi are out of reach), /flash as the working directory, then
# boot.py and main.py in the __main__ namespace, as MicroPython ports do.
import builtins
import sys

import _fn_core as core


_NEWLIB = core.NEWLIB
_SHADOW = "/_fn/shadow"


def _word_end(src, i, n):
    while i < n and (src[i].isalpha() or src[i].isdigit() or src[i] == "_"):
        i += 1
    return i


def _rewrite_errno(src):
    # MicroPython's parser folds `errno.NAME` into the interpreter's own
    # (Linux-numbered) constant at compile time (py/parse.c, the
    # MICROPY_COMP_MODULE_CONST table). On a newlib board such as Pycom's the
    # fold yields newlib numbers, so for those boards every `errno.NAME` outside
    # strings and comments becomes a run-time lookup in the board's errno module.
    if "errno" not in src:
        return None
    out = []
    i = 0
    n = len(src)
    changed = False
    while i < n:
        c = src[i]
        if c == "#":
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(src[i:j])
            i = j
        elif c == '"' or c == "'":
            q = src[i : i + 3] if src[i : i + 3] in ('"""', "'''") else c
            j = i + len(q)
            while j < n:
                if src[j] == "\\":
                    j += 2
                elif src.startswith(q, j):
                    j += len(q)
                    break
                else:
                    j += 1
            out.append(src[i:j])
            i = j
        elif c.isalpha() or c == "_":
            j = _word_end(src, i + 1, n)
            if j - i == 5 and src[i:j] == "errno" and (i == 0 or src[i - 1] != "."):
                k = j
                while k < n and (src[k] == " " or src[k] == "\t"):
                    k += 1
                if k < n and src[k] == ".":
                    m = k + 1
                    while m < n and (src[m] == " " or src[m] == "\t"):
                        m += 1
                    e = _word_end(src, m, n)
                    if e > m:
                        out.append('getattr(errno, "%s")' % src[m:e])
                        i = e
                        changed = True
                        continue
            out.append(src[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out) if changed else None


def user_compile(source, name):
    if _NEWLIB:
        r = _rewrite_errno(source)
        if r is not None:
            source = r
    return compile(source, name, "exec")


def _isdir(path):
    try:
        return os_real.stat(path)[0] & 0x4000 != 0
    except OSError:
        return False


def _copy_rewritten(src_path, dst_path):
    with open(src_path) as f:
        text = f.read()
    r = _rewrite_errno(text)
    with open(dst_path, "w") as f:
        f.write(text if r is None else r)


def _mkdirs(path):
    p = ""
    for part in path.strip("/").split("/"):
        p += "/" + part
        if not _isdir(p):
            os_real.mkdir(p)


def _mirror(src_dir, dst_dir):
    _mkdirs(dst_dir)
    for name in os_real.listdir(src_dir):
        s = src_dir + "/" + name
        d = dst_dir + "/" + name
        if _isdir(s):
            _mirror(s, d)
        elif name.endswith(".py"):
            _copy_rewritten(s, d)


def _shadow_dirs():
    out = []
    for d in sys.path:
        if d == "":
            d = os_real.getcwd()
        if d.startswith("/flash"):
            out.append((d, _SHADOW + d))
    return out


def _shadow_for(top):
    # Copies (rewritten) the user module `top` into the shadow tree; returns the
    # sys.path to import it with, or None when it is not a /flash module.
    for real_dir, shadow_dir in _shadow_dirs():
        f = real_dir + "/" + top + ".py"
        try:
            os_real.stat(f)
        except OSError:
            f = None
        if f is not None:
            _mkdirs(shadow_dir)
            _copy_rewritten(f, shadow_dir + "/" + top + ".py")
            return [s for r, s in _shadow_dirs()] + [".frozen"]
        if _isdir(real_dir + "/" + top):
            _mirror(real_dir + "/" + top, shadow_dir + "/" + top)
            return [s for r, s in _shadow_dirs()] + [".frozen"]
    return None


def _install_imports():
    original = builtins.__import__
    shims = core.INFO["shims"]
    refused = core.INFO["refused"]
    cache = {}

    def load(target):
        m = cache.get(target)
        if m is None:
            sys.path.insert(0, "/_fn")
            try:
                m = original(target)
            finally:
                sys.path.pop(0)
            cache[target] = m
        return m

    def hook(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0:
            target = shims.get(name)
            if target is not None:
                # A built-in module that extends itself (the frozen os package
                # importing the built-in os) gets the real one.
                importer = globals.get("__name__") if type(globals) is dict else None
                base = name[1:] if name[0] == "u" and name[1:] in shims else name
                if importer is None or not (importer == base or importer.startswith(base + ".")):
                    return load(target)
                return original(name, globals, locals, fromlist, level)
            if name.startswith("_fn_"):
                return load(name)
            top = name.split(".")[0]
            if top in refused:
                raise ImportError("no module named '%s'" % name)
            if _NEWLIB and top not in sys.modules:
                shadow = _shadow_for(top)
                if shadow is not None:
                    saved = sys.path[:]
                    sys.path[:] = shadow
                    try:
                        return original(name, globals, locals, fromlist, level)
                    finally:
                        sys.path[:] = saved
        return original(name, globals, locals, fromlist, level)

    def real(name):
        # A built-in module under a shim's name, for the shim itself (never js).
        if name.split(".")[0] in refused:
            raise ImportError("no module named '%s'" % name)
        return original(name)

    core.real = real
    builtins.__import__ = hook


_install_imports()
os_real = core.real("os")
# open() raises the board's errno numbers, not the WASI ones of the interpreter's file system.
builtins.open = core.fs_call(builtins.open)

import os  # noqa: E402  (the shim: board's view of /flash)

os.chdir("/flash")
sys.path[:] = ["", "/flash", "/flash/lib", ".frozen"]

import __main__  # noqa: E402

_g = __main__.__dict__
for _k in list(_g.keys()):
    if _k != "__name__":
        del _g[_k]


def _run(name):
    try:
        with open(name) as f:
            source = f.read()
    except OSError:
        return None
    try:
        exec(user_compile(source, name), _g)
    except SystemExit:
        return "exit"
    except BaseException as e:  # noqa: B902  (the board reports everything)
        text = core.format_exc(e)
        print(text, end="")
        core.call("main.error", name, type(e).__name__, text)
        return "error"
    return "ok"


def _main():
    boot = _run("boot.py")
    if boot == "exit":
        core.call("main.soft_reset")
    if core.INFO["repl"]:
        return
    # Pycom's machine.main(file) (called in boot.py) names the file to run instead of main.py.
    chosen = getattr(sys.modules.get("_fn_machine"), "_main_file", [None])[0]
    status = _run(chosen or "main.py")
    if status == "exit":
        core.call("main.soft_reset")
    # Like a board back at its REPL: idle, soft interrupts still run.
    core.call("main.end", "main.py" if status is not None else "boot.py", status or "missing")


_main()
