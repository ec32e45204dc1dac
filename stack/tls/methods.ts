import type { TlsFlavour } from "./errors.ts"

/**
 * The methods each flavour's SSL socket object has, for the Python shim to
 * expose (others raise AttributeError there).
 * - MicroPython 1.22–1.27 (`extmod/modtls_mbedtls.c` ssl_socket_locals_dict_table):
 *   read, readinto, readline, write, setblocking, close, getpeercert (when
 *   MBEDTLS_SSL_KEEP_PEER_CERTIFICATE), cipher; recv, recv_into, send, sendall
 *   only on builds with MBEDTLS_SSL_PROTO_DTLS (v1.25+, ports at the
 *   EXTRA_FEATURES ROM level, e.g. esp32, rp2, unix). No settimeout, no
 *   context manager.
 * - MicroPython ≤ 1.21 (`modssl_mbedtls.c` / `modussl_mbedtls.c`): read,
 *   readinto, readline, write, setblocking, close, getpeercert.
 * - Pycom (`esp32/mods/modussl.c`: the SSL type reuses the socket's locals
 *   dict): the socket methods, among which those the model implements.
 */
export const TLS_SOCKET_METHODS: Readonly<Record<TlsFlavour, readonly string[]>> = {
  micropython: ["read", "readinto", "readline", "write", "recv", "recv_into", "send", "sendall", "setblocking", "close", "getpeercert", "cipher"],
  "micropython-1.28": ["read", "readinto", "readline", "write", "recv", "recv_into", "send", "sendall", "setblocking", "close", "getpeercert", "cipher"],
  "micropython-1.21": ["read", "readinto", "readline", "write", "setblocking", "close", "getpeercert"],
  pycom: ["read", "readinto", "readline", "write", "recv", "send", "sendall", "setblocking", "settimeout", "close", "connect"],
}
