# fieldnet: QuecPython's `dataCall` (docs: API reference, dataCall). The
# module activates PDP context 1 by itself after power-on (modelled by the
# simulator with the registration, stack/python/ops/network-ops.ts);
# getInfo() reports it with the device's real simulated address.
import _fn_core as _core

_call = _core.call
_call("cell.boot")
_NONE4 = "0.0.0.0"
_NONE6 = "::"


def _info(profileIdx, ipType):
    ready = _call("cell.state")[1] and _core.as_int(profileIdx) == 1
    if not ready:
        v4 = [0, 0, _NONE4, _NONE4, _NONE4]
    else:
        c = _call("net.ifconfig")
        v4 = [1, 0, c["address"], c["dns"], _NONE4]
    v6 = [0, 0, _NONE6, _NONE6, _NONE6]
    return v4, v6


def getInfo(profileIdx, ipType):
    pid = _core.as_int(profileIdx)
    t = _core.as_int(ipType)
    if pid < 1 or pid > 7 or t not in (0, 1, 2):
        return -1
    v4, v6 = _info(pid, t)
    if t == 0:
        return (pid, 0, v4)
    if t == 1:
        return (pid, 1, v6)
    return (pid, 2, v4, v6)


def getPDPContext(profileID):
    if _core.as_int(profileID) < 1 or profileID > 3:
        return -1
    return (0, "", "", "", 0)


def setPDPContext(profileID, ipType, apn, username, password, authType):
    return 0


def activate(profileID):
    return 0


def deactivate(profileID):
    return 0


def setAutoActivate(profileID, enable):
    return None


def setAutoConnect(profileID, enable):
    return 0


def setDNSServer(profileID, simID, priDNS, secDNS):
    return 0


def setCallback(fun):
    return 0


def start(profileIdx, ipType, apn, username, password, authType):
    return 0


def setApn(profileIdx, ipType, apn, username, password, authType):
    return 0


def recordApn(profileIdx, ipType, apn, username, password, authType, apnType):
    return 0


def setAsynMode(mode):
    return 0


__name__ = "dataCall"
