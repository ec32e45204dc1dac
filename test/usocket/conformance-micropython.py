# The fieldnet conformance cases (test/usocket/conformance-cases.ts) as MicroPython: the same call
# sequences as test/usocket/conformance.py (CPython on the host kernel) and as the TypeScript runner
# `runInSim` (test/usocket/conformance.test.ts), run by a board's firmware on a simulated board talking
# to itself at its own address. Reads /flash/cases.json ({"addr": "10.0.0.1", "cases": [...]}) and
# prints, for each case, one line `CASE <name> <outcomes as JSON>`, then `DONE`.
#
# Outcomes are strings as the other two runners give them: "ok", a return value, b'...' for data,
# the errno *name* from the board's own errno.errorcode, "TimeoutError" for the board's
# socket.timeout (Pycom; upstream MicroPython has none and raises OSError(ETIMEDOUT)).
#
# One thing the runner cannot do as a board would: learn the port lwIP chose for bind((addr, 0)).
# MicroPython sockets have no getsockname() (extmod/modlwip.c, Pycom's modusocket), and the cases
# connect to "$name", the port socket `name` was bound to. Under fieldnet the runner asks the
# simulator for it through a host call the test registers (`test.local_port`), as the TypeScript
# runner reads the socket's `local.port`: test scaffolding that makes no socket call and takes no
# sim time. Every call in the cases is the board's own socket module.
import errno
import json
import socket
import time

import _fn_core

with open("cases.json") as f:
    SPEC = json.load(f)
ADDR = SPEC["addr"]
_timeout = getattr(socket, "timeout", None)


def local_port(s):
    return _fn_core.call("test.local_port", s._h)


def run(case):
    socks, ports, out = {}, {}, []

    def port(ref):
        return ports.get(ref[1:], -1) if type(ref) is str else ref

    for st in case["steps"]:
        op, name = st["op"], st.get("sock")
        try:
            r = None
            if op == "socket":
                socks[name] = socket.socket(socket.AF_INET, socket.SOCK_STREAM if st["type"] == "stream" else socket.SOCK_DGRAM)
            elif op == "bind":
                socks[name].bind((ADDR, port(st["port"])))
                ports[name] = local_port(socks[name])
            elif op == "listen":
                if "backlog" in st:
                    socks[name].listen(st["backlog"])
                else:
                    socks[name].listen()
            elif op == "connect":
                socks[name].connect((ADDR, port(st["port"])))
            elif op == "accept":
                socks[st["as"]], _ = socks[name].accept()
            elif op == "send":
                r = socks[name].send(st["data"].encode())
            elif op == "sendto":
                r = socks[name].sendto(st["data"].encode(), (ADDR, port(st["port"])))
            elif op == "sendbig":
                r = socks[name].sendto(bytes(st["size"]), (ADDR, port(st["port"])))
            elif op == "recv":
                d = socks[name].recv(st["n"])
                r = "None" if d is None else "b'" + d.decode() + "'"
            elif op == "recvfrom":
                r = "b'" + socks[name].recvfrom(st["n"])[0].decode() + "'"
            elif op == "close":
                socks[name].close()
            elif op == "setblocking":
                socks[name].setblocking(st["flag"])
            elif op == "settimeout":
                socks[name].settimeout(st["seconds"])
            elif op == "sleep":
                time.sleep(st["seconds"])
            out.append("ok" if r is None else str(r))
        except Exception as e:  # noqa: B902  (every outcome is recorded)
            if _timeout is not None and isinstance(e, _timeout):
                out.append("TimeoutError")
            elif isinstance(e, OSError) and len(e.args) > 0 and type(e.args[0]) is int:
                out.append(errno.errorcode.get(e.args[0], str(e.args[0])))
            else:
                out.append("%s: %s" % (type(e).__name__, e))
    for s in socks.values():
        s.close()
    return out


for c in SPEC["cases"]:
    print("CASE", c["name"], json.dumps(run(c)))
print("DONE")
