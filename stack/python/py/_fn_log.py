# fieldnet: QuecPython's `log` (the frozen log.py of the QuecPython firmware,
# QuecPython/microPython ports/quectel/core/log.py; docs: API reference, log).
# A record prints as LEVEL:name:message on one line, with no timestamp —
# levels named CRIT, ERROR, WARN, INFO, DEBUG — to stderr (the same REPL
# console as stdout on the module) unless set_output() chose another stream.
import _fn_core as _core

_sys = _core.real("sys")

CRITICAL = 50
ERROR = 40
WARNING = 30
INFO = 20
DEBUG = 10
NOTSET = 0

_NAMES = {CRITICAL: "CRIT", ERROR: "ERROR", WARNING: "WARN", INFO: "INFO", DEBUG: "DEBUG"}
_cfg = {"level": INFO, "stream": _sys.stderr}
_loggers = {}


class Logger:
    level = NOTSET
    handlers = []

    def __init__(self, name):
        self.name = name

    def _level_str(self, level):
        n = _NAMES.get(level)
        return n if n is not None else "LVL%s" % level

    def setLevel(self, level):
        self.level = level

    def isEnabledFor(self, level):
        return level >= (self.level or _cfg["level"])

    def log(self, level, msg, *args):
        if not self.isEnabledFor(level):
            return
        text = msg % args if args else msg
        name = self._level_str(level)
        if self.handlers:
            rec = _Record(name, text, self.name)
            for h in self.handlers:
                h.emit(rec)
            return
        print(name, ":", self.name, ":", text, sep="", file=_cfg["stream"])

    def debug(self, msg, *args):
        self.log(DEBUG, msg, *args)

    def info(self, msg, *args):
        self.log(INFO, msg, *args)

    def warning(self, msg, *args):
        self.log(WARNING, msg, *args)

    def error(self, msg, *args):
        self.log(ERROR, msg, *args)

    def critical(self, msg, *args):
        self.log(CRITICAL, msg, *args)


class _Record:
    def __init__(self, levelname, message, name):
        self.levelname = levelname
        self.message = message
        self.name = name


def getLogger(name="root"):
    lg = _loggers.get(name)
    if lg is None:
        lg = Logger(name)
        _loggers[name] = lg
    return lg


def set_output(out):
    from machine import UART

    if isinstance(out, UART) or out == _sys.stderr or out == _sys.stdout:
        _cfg["stream"] = out
    else:
        raise Exception("{} must extend UART".format(out))


def basicConfig(level=INFO, filename=None, stream=None, format=None):
    _cfg["level"] = level
    if stream:
        _cfg["stream"] = stream
    if filename is not None:
        print("logging.basicConfig: filename arg is not supported")
    if format is not None:
        print("logging.basicConfig: format arg is not supported")


__name__ = "log"
