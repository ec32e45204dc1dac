/**
 * usocket / select constants for AF_INET.
 *
 * - AF_INET 2, SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_RAW 3, IPPROTO_TCP 6,
 *   IPPROTO_UDP 17, SOL_SOCKET 0xfff, SO_REUSEADDR 4: lwIP values as Pycom
 *   exports them (docs/models.md §1.1; lwIP `sockets.h`).
 * - SO_KEEPALIVE 8, IPPROTO_IP 0, TCP_NODELAY 1: lwIP `sockets.h`.
 * - AF_INET6 10: lwIP `sockets.h` (IPv6 is not modelled: sockets of that family raise EAFNOSUPPORT).
 * - POLLIN 1, POLLOUT 4, POLLERR 8, POLLHUP 16 (and POLLNVAL 32): MicroPython
 *   `py/stream.h` MP_STREAM_POLL_* (docs/models.md §5).
 * - IPPROTO_TCP_SER, TCP_CUSTOMIZE_PORT, TCP_KEEPALIVE: QuecPython names
 *   (QuecPython usocket docs, `quecpython_api_stubs` usocket.pyi). Their
 *   numeric values are not published (the stub has `...`); the values here are
 *   fieldnet's own and only need to differ from the others.
 * - IPPROTO_SEC: the cc3200 WiPy 1's "SSL socket" protocol (MicroPython docs). Pycom's
 *   ESP32 boards have no such constant (PF `modusocket.c`; `socket.IPPROTO_SEC` is an
 *   AttributeError there: they wrap with `ussl`); a socket of this protocol number raises
 *   EPROTONOSUPPORT. Its value here is fieldnet's own (the WiPy 1's was 100).
 */
export const AF_INET = 2
export const AF_INET6 = 10
export const SOCK_STREAM = 1
export const SOCK_DGRAM = 2
export const SOCK_RAW = 3
export const IPPROTO_IP = 0
export const IPPROTO_TCP = 6
export const IPPROTO_UDP = 17
export const IPPROTO_SEC = 0x102
export const SOL_SOCKET = 0xfff
export const SO_REUSEADDR = 4
export const SO_KEEPALIVE = 8
export const TCP_NODELAY = 1
/** QuecPython: a TCP server socket. Value is fieldnet's own (unpublished). */
export const IPPROTO_TCP_SER = 0x100
/** QuecPython: a TCP client whose local port is chosen by `bind`. Value is fieldnet's own (unpublished). */
export const TCP_CUSTOMIZE_PORT = 0x101
/** QuecPython SOL_SOCKET option: keep-alive interval in minutes (1..120). Value is fieldnet's own (unpublished). */
export const TCP_KEEPALIVE = 0x2000

export const POLLIN = 1
export const POLLOUT = 4
export const POLLERR = 8
export const POLLHUP = 16
export const POLLNVAL = 32

/** getaddrinfo errors. lwIP `netdb.h`: EAI_NONAME 200, EAI_SERVICE 201, EAI_FAIL 202, EAI_MEMORY 203 (Pycom raises them positive, docs/models.md §5); lwIP's getaddrinfo answers a failed DNS lookup with EAI_FAIL. */
export const EAI_FAIL_LWIP = 202
/** MicroPython modlwip's getaddrinfo failure: OSError(-2) (docs/models.md §5). */
export const GAI_ERROR_MICROPYTHON = -2

/** lwIP opt.h TCP_KEEPIDLE_DEFAULT: 7200000 ms idle before keep-alive probes (SO_KEEPALIVE). */
export const KEEPIDLE_DEFAULT_US = 7_200_000_000
