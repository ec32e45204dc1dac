/**
 * The compliance suite: socket-call sequences with observable outcomes (data,
 * return values, errno names), run against the simulator and against the host
 * kernel on loopback (python3's socket module). Every step's outcome must be
 * equal on both, except where {@link DOCUMENTED_DIFFERENCES} says why not.
 */

/** A port argument: a number, or "$name" = the port socket `name` is bound to. */
export type PortRef = number | string

/** One call. `sock` names the socket it is made on (or creates). */
export type Step =
  | { op: "socket"; sock: string; type: "stream" | "dgram" }
  | { op: "bind"; sock: string; port: PortRef }
  | { op: "listen"; sock: string; backlog?: number }
  | { op: "connect"; sock: string; port: PortRef }
  | { op: "accept"; sock: string; as: string }
  | { op: "send"; sock: string; data: string }
  | { op: "sendto"; sock: string; data: string; port: PortRef }
  | { op: "sendbig"; sock: string; size: number; port: PortRef }
  | { op: "recv"; sock: string; n: number }
  | { op: "recvfrom"; sock: string; n: number }
  | { op: "close"; sock: string }
  | { op: "setblocking"; sock: string; flag: boolean }
  | { op: "settimeout"; sock: string; seconds: number | null }
  | { op: "sleep"; seconds: number }

/** A named sequence. */
export interface ConformanceCase {
  readonly name: string
  readonly steps: readonly Step[]
}

const tcpPair = (extra: Step[] = []): Step[] => [
  { op: "socket", sock: "s", type: "stream" },
  { op: "bind", sock: "s", port: 0 },
  { op: "listen", sock: "s", backlog: 2 },
  { op: "socket", sock: "c", type: "stream" },
  { op: "connect", sock: "c", port: "$s" },
  { op: "accept", sock: "s", as: "a" },
  ...extra,
]

export const CASES: readonly ConformanceCase[] = [
  {
    name: "tcp-exchange-and-eof",
    steps: tcpPair([
      { op: "send", sock: "c", data: "hello" },
      { op: "recv", sock: "a", n: 10 },
      { op: "send", sock: "a", data: "world!" },
      { op: "recv", sock: "c", n: 3 },
      { op: "recv", sock: "c", n: 10 },
      { op: "close", sock: "c" },
      { op: "recv", sock: "a", n: 10 },
      { op: "close", sock: "a" },
      { op: "close", sock: "s" },
    ]),
  },
  {
    name: "connect-refused",
    steps: [
      { op: "socket", sock: "x", type: "stream" },
      { op: "bind", sock: "x", port: 0 },
      { op: "socket", sock: "c", type: "stream" },
      { op: "close", sock: "x" },
      { op: "connect", sock: "c", port: "$x" },
    ],
  },
  {
    name: "bind-twice-and-in-use",
    steps: [
      { op: "socket", sock: "s", type: "stream" },
      { op: "bind", sock: "s", port: 0 },
      { op: "bind", sock: "s", port: 0 },
      { op: "listen", sock: "s" },
      { op: "socket", sock: "t", type: "stream" },
      { op: "bind", sock: "t", port: "$s" },
    ],
  },
  {
    name: "unconnected-tcp",
    steps: [
      { op: "socket", sock: "c", type: "stream" },
      { op: "recv", sock: "c", n: 1 },
      { op: "send", sock: "c", data: "x" },
      { op: "accept", sock: "c", as: "z" },
    ],
  },
  {
    name: "non-blocking",
    steps: tcpPair([
      { op: "setblocking", sock: "c", flag: false },
      { op: "recv", sock: "c", n: 10 },
      { op: "setblocking", sock: "s", flag: false },
      { op: "accept", sock: "s", as: "b" },
      { op: "socket", sock: "d", type: "stream" },
      { op: "setblocking", sock: "d", flag: false },
      { op: "connect", sock: "d", port: "$s" },
      { op: "sleep", seconds: 0.1 },
      { op: "connect", sock: "d", port: "$s" },
      { op: "connect", sock: "c", port: "$s" },
    ]),
  },
  {
    name: "timeout",
    steps: tcpPair([
      { op: "settimeout", sock: "c", seconds: 0.2 },
      { op: "recv", sock: "c", n: 10 },
      { op: "send", sock: "a", data: "late" },
      { op: "recv", sock: "c", n: 10 },
    ]),
  },
  {
    name: "use-after-close",
    steps: [
      { op: "socket", sock: "c", type: "stream" },
      { op: "close", sock: "c" },
      { op: "send", sock: "c", data: "x" },
      { op: "recv", sock: "c", n: 1 },
      { op: "bind", sock: "c", port: 0 },
      { op: "close", sock: "c" },
    ],
  },
  {
    name: "close-with-unread-data-resets",
    steps: tcpPair([
      { op: "send", sock: "c", data: "unread" },
      { op: "sleep", seconds: 0.1 },
      { op: "close", sock: "a" },
      { op: "sleep", seconds: 0.1 },
      { op: "recv", sock: "c", n: 10 },
      { op: "recv", sock: "c", n: 10 },
    ]),
  },
  {
    name: "udp",
    steps: [
      { op: "socket", sock: "u", type: "dgram" },
      { op: "bind", sock: "u", port: 0 },
      { op: "socket", sock: "v", type: "dgram" },
      { op: "sendto", sock: "v", data: "hello", port: "$u" },
      { op: "recv", sock: "u", n: 2 },
      { op: "sendto", sock: "v", data: "again", port: "$u" },
      { op: "recvfrom", sock: "u", n: 10 },
      { op: "send", sock: "v", data: "no-destination" },
      { op: "listen", sock: "u" },
      { op: "sendbig", sock: "v", size: 65508, port: "$u" },
      { op: "setblocking", sock: "u", flag: false },
      { op: "recv", sock: "u", n: 10 },
    ],
  },
]

/** A documented difference: what Linux gives, what the profile gives, and why. */
export type Difference = { linux: string; sim: string; why: string }

/**
 * Where Linux (CPython on the host kernel) and the simulator's `micropython`
 * profile legitimately differ: key "case#step" → outcomes and the reason.
 */
export const DOCUMENTED_DIFFERENCES: Readonly<Record<string, Difference>> = {
  "connect-refused#4": {
    linux: "ECONNREFUSED",
    sim: "ECONNRESET",
    why: "lwIP has no 'refused' error: an RST answering the SYN is ERR_RST, which modlwip maps to ECONNRESET (profile flag refusedConnectErrno; the k230 profile says ECONNREFUSED)",
  },
  "unconnected-tcp#2": {
    linux: "EPIPE",
    sim: "ENOTCONN",
    why: "send on a never-connected TCP socket: Linux tcp_sendmsg answers EPIPE; MicroPython/lwIP report ENOTCONN (ERR_CONN → ENOTCONN in modlwip's table)",
  },
  "non-blocking#14": {
    linux: "ok",
    sim: "EISCONN",
    why: "connect again after a non-blocking connect completed: Linux returns 0 once; modlwip raises EISCONN as soon as the state is CONNECTED (extmod/modlwip.c lwip_socket_connect)",
  },
  "timeout#7": {
    linux: "TimeoutError",
    sim: "ETIMEDOUT",
    why: "CPython raises socket.timeout (TimeoutError without errno); MicroPython raises OSError(ETIMEDOUT) (docs: 'MicroPython raises an OSError directly')",
  },
}

/** The `pycom` profile's differences from Linux (docs/models.md §5; Pycom modusocket/lwipsocket). */
export const PYCOM_DIFFERENCES: Readonly<Record<string, Difference>> = {
  "connect-refused#4": DOCUMENTED_DIFFERENCES["connect-refused#4"]!,
  "unconnected-tcp#2": DOCUMENTED_DIFFERENCES["unconnected-tcp#2"]!,
  "non-blocking#14": DOCUMENTED_DIFFERENCES["non-blocking#14"]!,
  "non-blocking#7": {
    linux: "EAGAIN",
    sim: "b''",
    why: "Pycom's recv on a non-blocking socket with no data returns b'' instead of raising EAGAIN (docs/models.md §5)",
  },
  "udp#11": {
    linux: "EAGAIN",
    sim: "b''",
    why: "the same Pycom rule for a UDP socket",
  },
}
