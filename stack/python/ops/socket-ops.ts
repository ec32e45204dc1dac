// The socket families a firmware can open register themselves when their modules load.
import "../../lora/index.ts"
import "../../lorawan/pycom/index.ts"
import "../../sigfox/index.ts"
import { waitAny } from "../../ip/notifier.ts"
import * as lora from "../../lora/constants.ts"
import * as sigfox from "../../sigfox/constants.ts"
import { PyTypeError } from "../../errors/errors.ts"
import * as C from "../../usocket/constants.ts"
import { getaddrinfo, inet_ntop, inet_pton } from "../../usocket/module.ts"
import type { Pollable } from "../../usocket/poll.ts"
import { PythonRaise } from "../codec.ts"
import { registerOps, type OpContext } from "../ops.ts"
import type { Micros, ProcessBody } from "../../../sim/index.ts"

/**
 * The socket methods a script may call on any socket object (AF_INET TCP/UDP,
 * AF_LORA raw and LoRaWAN, AF_SIGFOX, TLS): each forwards to the method of
 * the same name of the simulator's socket, which checks its arguments and
 * raises what the port raises. A method the object lacks is an AttributeError,
 * as on the board.
 */
const METHODS = new Set([
  "bind", "listen", "connect", "send", "sendall", "sendto", "recv", "recvfrom", "read", "readall", "readline", "write",
  "setsockopt", "getsockopt", "settimeout", "setblocking", "fileno", "makefile", "getsocketsta", "close",
  "getpeercert", "cipher", "do_handshake",
])

type AnySocket = Record<string, unknown> & { close(): void }

function isSocket(o: unknown): o is AnySocket {
  return typeof o === "object" && o !== null && typeof (o as { close?: unknown }).close === "function"
}

function socketOf(c: OpContext, h: unknown): AnySocket {
  return c.handles.get(h, isSocket, "socket")
}

function isPollable(o: unknown): o is Pollable {
  return typeof o === "object" && o !== null && typeof (o as Pollable).pollEvents === "function" && typeof (o as Pollable).pollNotifiers === "function"
}

/**
 * Registers a new socket object for the script (forgotten with the boot's handle
 * table; its connections vanish without a FIN when the boot ends, as the
 * device's IP host crashes then).
 */
export function adoptSocket(c: OpContext, s: AnySocket): number {
  return c.handles.add(s)
}

/** The constants of the `socket` module on this board: AF_INET for all, LoRa/Sigfox ones where the board has the radio, QuecPython's extras. */
function constants(c: OpContext): Record<string, number> {
  const out: Record<string, number> = {
    AF_INET: C.AF_INET, AF_INET6: C.AF_INET6, SOCK_STREAM: C.SOCK_STREAM, SOCK_DGRAM: C.SOCK_DGRAM, SOCK_RAW: C.SOCK_RAW,
    IPPROTO_IP: C.IPPROTO_IP, IPPROTO_TCP: C.IPPROTO_TCP, IPPROTO_UDP: C.IPPROTO_UDP,
    SOL_SOCKET: C.SOL_SOCKET, SO_REUSEADDR: C.SO_REUSEADDR, SO_KEEPALIVE: C.SO_KEEPALIVE, TCP_NODELAY: C.TCP_NODELAY,
  }
  const p = c.device.profile
  if (p.quecpythonExtensions) Object.assign(out, { IPPROTO_TCP_SER: C.IPPROTO_TCP_SER, TCP_CUSTOMIZE_PORT: C.TCP_CUSTOMIZE_PORT, TCP_KEEPALIVE: C.TCP_KEEPALIVE })
  if (c.board.radios.lora) Object.assign(out, { AF_LORA: lora.AF_LORA, SOL_LORA: lora.SOL_LORA, SO_CONFIRMED: lora.SO_CONFIRMED, SO_DR: lora.SO_DR })
  if (c.board.radios.sigfox) Object.assign(out, { AF_SIGFOX: sigfox.AF_SIGFOX, SOL_SIGFOX: sigfox.SOL_SIGFOX, SO_RX: sigfox.SO_RX, SO_TX_REPEAT: sigfox.SO_TX_REPEAT, SO_OOB: sigfox.SO_OOB, SO_BIT: sigfox.SO_BIT })
  return out
}

/**
 * `select.poll`'s wait: blocks until one of `entries` ([handle, mask]) is ready
 * for its mask (POLLERR/POLLHUP/POLLNVAL always count) or `timeoutMs` passes
 * (negative: no limit); returns every entry's current readiness, which the
 * script's sockets report to MicroPython's own poll through `ioctl`.
 */
function* pollWait(c: OpContext, entries: readonly (readonly [unknown, number])[], timeoutMs: number): ProcessBody<[number, number][]> {
  const objs = entries.map(([h, mask]) => {
    const o = c.handles.peek(h)
    return { h: Number(h), mask: Number(mask), o: isPollable(o) ? o : undefined }
  })
  const deadline: Micros | undefined = timeoutMs < 0 ? undefined : c.world.now + Math.round(timeoutMs * 1000)
  const always = C.POLLERR | C.POLLHUP | C.POLLNVAL
  for (;;) {
    const any = objs.some((e) => (e.o === undefined ? C.POLLNVAL : e.o.pollEvents(e.mask)) & (e.mask | always))
    const left = deadline === undefined ? undefined : deadline - c.world.now
    if (any || (left !== undefined && left <= 0)) break
    yield* waitAny(objs.flatMap((e) => (e.o === undefined ? [] : e.o.pollNotifiers())), left)
  }
  return objs.map((e) => [e.h, e.o === undefined ? C.POLLNVAL : e.o.pollEvents(C.POLLIN | C.POLLOUT)])
}

registerOps({
  "sock.constants": (c) => constants(c),
  "sock.new": (c, [af, type, proto]) => {
    const s = c.device.socket(af as number, type as number, proto as number)
    if (!isSocket(s)) throw new PyTypeError("socket family without a socket object")
    return adoptSocket(c, s)
  },
  /** Any allowed method of a socket, by name. A method returning the socket itself (makefile) answers None; the shim returns itself. */
  "sock.m": (c, [h, name, ...args]) => {
    const s = socketOf(c, h)
    const m = typeof name === "string" && METHODS.has(name) ? s[name] : undefined
    if (typeof m !== "function") throw new PythonRaise("AttributeError", `'socket' object has no attribute '${String(name)}'`)
    const r = (m as (...a: unknown[]) => unknown).apply(s, args)
    return r === s ? null : r
  },
  /** `accept()`: the connection as a new handle, then the address as the profile returns it. */
  "sock.accept": (c, [h]) => {
    const s = socketOf(c, h)
    const accept = s.accept as (() => ProcessBody<unknown[]>) | undefined
    if (typeof accept !== "function") throw new PythonRaise("AttributeError", "'socket' object has no attribute 'accept'")
    return (function* (): ProcessBody<unknown[]> {
      const [conn, ...addr] = yield* accept.call(s)
      return [adoptSocket(c, conn as AnySocket), ...addr]
    })()
  },
  "sock.close": (c, [h]) => {
    socketOf(c, h).close()
    return null
  },
  "sock.getaddrinfo": (c, [host, port, af, type, proto, flags]) => getaddrinfo(c.device, host, port, af as number, type as number, proto as number, flags as number),
  "sock.inet_pton": (c, [af, text]) => inet_pton(c.device.profile, af as number, text),
  "sock.inet_ntop": (c, [af, bin]) => inet_ntop(c.device.profile, af as number, bin),
  "poll.wait": (c, [entries, timeoutMs]) => pollWait(c, entries as [unknown, number][], Number(timeoutMs)),
})
