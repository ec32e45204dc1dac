"""Runs the fieldnet conformance cases (JSON on stdin) against the host kernel on
127.0.0.1 with CPython's socket module; prints {case: [outcome, ...]} as JSON."""
import errno, json, socket, sys, time


def run(case):
    socks, ports, out = {}, {}, []

    def port(ref):
        return ports[ref[1:]] if isinstance(ref, str) else ref

    for st in case["steps"]:
        op, name = st["op"], st.get("sock")
        try:
            r = None
            if op == "socket":
                socks[name] = socket.socket(socket.AF_INET, socket.SOCK_STREAM if st["type"] == "stream" else socket.SOCK_DGRAM)
            elif op == "bind":
                socks[name].bind(("127.0.0.1", port(st["port"])))
                ports[name] = socks[name].getsockname()[1]
            elif op == "listen":
                socks[name].listen(st["backlog"]) if "backlog" in st else socks[name].listen()
            elif op == "connect":
                socks[name].connect(("127.0.0.1", port(st["port"])))
            elif op == "accept":
                socks[st["as"]], _ = socks[name].accept()
            elif op == "send":
                r = socks[name].send(st["data"].encode())
            elif op == "sendto":
                r = socks[name].sendto(st["data"].encode(), ("127.0.0.1", port(st["port"])))
            elif op == "sendbig":
                r = socks[name].sendto(bytes(st["size"]), ("127.0.0.1", port(st["port"])))
            elif op == "recv":
                r = "b'" + socks[name].recv(st["n"]).decode() + "'"
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
        except socket.timeout:
            out.append("TimeoutError")
        except OSError as e:
            name_ = errno.errorcode.get(e.errno, str(e.errno))
            # Same numbers, other names on Linux: EWOULDBLOCK = EAGAIN (11), ENOTSUP = EOPNOTSUPP (95).
            out.append({"EWOULDBLOCK": "EAGAIN", "ENOTSUP": "EOPNOTSUPP"}.get(name_, name_))
    for s in socks.values():
        s.close()
    return out


cases = json.load(sys.stdin)
print(json.dumps({c["name"]: run(c) for c in cases}))
