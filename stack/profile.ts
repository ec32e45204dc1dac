import { LINUX_ERRNO, NEWLIB_ERRNO, type ErrnoName, type ErrnoTable } from "./errors/errno.ts"

/** The ports whose socket behaviour fieldnet reproduces (the five seed documents). */
export type ProfileName = "micropython" | "pycom" | "quecpython" | "rt-thread" | "k230"

/**
 * Per-device port behaviour: which errno table it raises with and how its
 * socket layer differs. Later stack modules read the flags they need.
 */
export interface Profile {
  readonly name: ProfileName
  readonly errno: ErrnoTable
  /** Non-blocking `recv` with no data returns `b''` (Pycom) instead of raising EAGAIN. */
  readonly nonBlockingRecvReturnsEmpty: boolean
  /** A timed-out socket call raises TimeoutError("timed out") (Pycom) instead of OSError(ETIMEDOUT). */
  readonly timeoutRaisesTimeoutError: boolean
  /** getaddrinfo failures: positive lwIP EAI codes (Pycom: 200 NONAME…) or MicroPython's OSError(-2). */
  readonly getaddrinfoError: "lwip-positive" | "micropython-negative"
  /** `accept()` returns `(conn, addr, port)` (QuecPython) instead of `(conn, (addr, port))`. */
  readonly acceptReturnsTriple: boolean
  /**
   * A blocking `connect` that times out closes the socket (Pycom runs connect in a
   * helper task and closes on timeout or failure; docs/models.md §5).
   */
  readonly connectTimeoutClosesSocket: boolean
  /**
   * What `connect` raises when the peer answers the SYN with RST (closed port,
   * full backlog). lwIP has no "refused" error: it reports ERR_RST (lwIP
   * `err.h`, `tcp_in.c` tcp_process in SYN_SENT), which modlwip and the lwIP
   * socket layer map to ECONNRESET; a Linux stack (K230's little core) says
   * ECONNREFUSED.
   */
  readonly refusedConnectErrno: ErrnoName
  /**
   * A blocking `send` queues all of its data before returning (no short write):
   * Pycom goes through the lwIP socket API, whose blocking netconn write waits
   * for the whole buffer (PF `esp32/mods/lwipsocket.c`; docs/models.md §5); modlwip's send
   * queues only what fits (`lwip_tcp_send`: MIN(available, len)).
   */
  readonly blockingSendWritesAll: boolean
  /** QuecPython extras: `IPPROTO_TCP_SER`, `TCP_CUSTOMIZE_PORT`, `TCP_KEEPALIVE` (QuecPython usocket docs). */
  readonly quecpythonExtensions: boolean
}

/** Upstream MicroPython on lwIP (modlwip) with the Linux errno table: the base the other ports differ from. */
const MICROPYTHON: Profile = {
  name: "micropython",
  errno: LINUX_ERRNO,
  nonBlockingRecvReturnsEmpty: false,
  timeoutRaisesTimeoutError: false,
  getaddrinfoError: "micropython-negative",
  acceptReturnsTriple: false,
  connectTimeoutClosesSocket: false,
  quecpythonExtensions: false,
  refusedConnectErrno: "ECONNRESET",
  blockingSendWritesAll: false,
}

/** The built-in profiles, each stated as its differences from MicroPython (docs/models.md §1.7 and §5; seeds/). */
export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  micropython: MICROPYTHON,
  pycom: {
    ...MICROPYTHON,
    name: "pycom",
    errno: NEWLIB_ERRNO,
    nonBlockingRecvReturnsEmpty: true,
    timeoutRaisesTimeoutError: true,
    getaddrinfoError: "lwip-positive",
    connectTimeoutClosesSocket: true,
    blockingSendWritesAll: true,
  },
  quecpython: { ...MICROPYTHON, name: "quecpython", acceptReturnsTriple: true, quecpythonExtensions: true },
  "rt-thread": { ...MICROPYTHON, name: "rt-thread" },
  k230: { ...MICROPYTHON, name: "k230", refusedConnectErrno: "ECONNREFUSED" },
}
