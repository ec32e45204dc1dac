import { OSError, ValueError, oserror } from "../errors/errors.ts"
import type { ErrnoName } from "../errors/errno.ts"
import type { Profile } from "../profile.ts"

/**
 * Whose `ssl` module the session imitates when it raises:
 * - `micropython`: MicroPython 1.22–1.27 (`extmod/modssl_mbedtls.c`, renamed
 *   `extmod/modtls_mbedtls.c` in 1.23; 1.27 is the WebAssembly build fieldnet
 *   pins). Errors of a handshake run by `wrap_socket` go through
 *   `mbedtls_raise_error`: `OSError(errno)` for a socket error, else
 *   `OSError(code, mbedtls_strerror text)`; a certificate that fails
 *   verification is `ValueError(mbedtls_x509_crt_verify_info text)`. A
 *   deferred handshake failing inside read/write is raised the same way
 *   (`ssl_check_async_handshake_failure`, except MBEDTLS_ERR_SSL_CONN_EOF). Any
 *   other stream error is `py/stream.c`'s `mp_raise_OSError(error)` of the raw
 *   code: `OSError(-104)` for a reset, `OSError(-30592)` for a fatal alert.
 * - `micropython-1.28`: as above, but stream errors also go through
 *   `mbedtls_raise_error` (`MP_STREAM_RAISE_ERROR`, py/stream.c, commit
 *   71866edc, first in v1.28.0): `OSError(104)`, `OSError(-30592, text)`.
 * - `micropython-1.21`: MicroPython ≤ 1.21: wrap-time errors through
 *   `mbedtls_raise_error`, a failed verification included
 *   (`OSError(-9984, "X509 - Certificate verification failed, …")`); every
 *   stream error raw.
 * - `pycom`: Pycom's `esp32/mods/modussl.c` + `lwipsocket.c`: the mbedTLS code
 *   alone, `OSError(code)`; socket errors arrive as mbedTLS net codes
 *   (`mbedtls_net_recv`/`send`: MBEDTLS_ERR_NET_CONN_RESET on ECONNRESET/EPIPE,
 *   else NET_RECV_FAILED / NET_SEND_FAILED).
 */
export type TlsFlavour = "micropython" | "micropython-1.28" | "micropython-1.21" | "pycom"

/** The flavour a device profile implies (Pycom boards run Pycom's modussl; every other port MicroPython's). */
export function flavourOf(profile: Profile): TlsFlavour {
  return profile.name === "pycom" ? "pycom" : "micropython"
}

/** -0x2700 (-9984): the peer certificate failed verification (mbedTLS `include/mbedtls/x509.h`). */
export const MBEDTLS_ERR_X509_CERT_VERIFY_FAILED = -0x2700
/** -0x7280 (-29312): the transport reached EOF, e.g. mid-handshake (mbedTLS `ssl.h`; `mbedtls_ssl_fetch_input` when recv returns 0). */
export const MBEDTLS_ERR_SSL_CONN_EOF = -0x7280
/** -0x7780 (-30592): the peer sent a fatal alert (mbedTLS `ssl.h`). */
export const MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE = -0x7780
/** -0x7880 (-30848): the peer sent close_notify; `mbedtls_ssl_read` → MicroPython returns b'' (mbedTLS `ssl.h`). */
export const MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY = -0x7880
/** -0x7100 (-28928): bad input, what `mbedtls_ssl_read/write` return on a freed (closed) context (mbedTLS `ssl.h`, `ssl_msg.c`). */
export const MBEDTLS_ERR_SSL_BAD_INPUT_DATA = -0x7100
/** -0x6800 (-26624): a read timed out (mbedTLS `ssl.h`); Pycom exports it as `ssl.SSL_TIMEOUT`. */
export const MBEDTLS_ERR_SSL_TIMEOUT = -0x6800

/** `mbedtls_strerror` texts (mbedTLS `library/error.c`), all shorter than MicroPython's 80-byte ERR_STR_MAX. */
export const MBEDTLS_ERROR_TEXT: Readonly<Record<number, string>> = {
  [MBEDTLS_ERR_X509_CERT_VERIFY_FAILED]: "X509 - Certificate verification failed, e.g. CRL, CA or signature check failed",
  [MBEDTLS_ERR_SSL_CONN_EOF]: "SSL - The connection indicated an EOF",
  [MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE]: "SSL - A fatal alert message was received from our peer",
  [MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY]: "SSL - The peer notified us that the connection is going to be closed",
  [MBEDTLS_ERR_SSL_BAD_INPUT_DATA]: "SSL - Bad input parameters to function",
  [MBEDTLS_ERR_SSL_TIMEOUT]: "SSL - The operation timed out",
  // mbedTLS library/error.c texts of the other codes a modelled handshake can end with.
  [-0x7700]: "SSL - An unexpected message was received from our peer",
  [-0x6e00]: "SSL - The handshake negotiation failed",
  [-0x7200]: "SSL - An invalid SSL record was received",
}

/** X.509 verify flags (mbedTLS `x509.h` MBEDTLS_X509_BADCERT_*) the certificate fault can set. */
export const X509_BADCERT = { expired: 0x01, "cn-mismatch": 0x04, "not-trusted": 0x08, future: 0x0200 } as const
/** Why a modelled certificate does not verify. */
export type CertificateFailureReason = keyof typeof X509_BADCERT

/** `mbedtls_x509_crt_verify_info` strings (mbedTLS `x509_crt.h` MBEDTLS_X509_CRT_ERROR_INFO_LIST), in the list's order. */
const VERIFY_STRINGS: readonly [number, string][] = [
  [0x01, "The certificate validity has expired"],
  [0x04, "The certificate Common Name (CN) does not match with the expected CN"],
  [0x08, "The certificate is not correctly signed by the trusted CA"],
  [0x0200, "The certificate validity starts in the future"],
]

/** `mbedtls_x509_crt_verify_info(buf, 256, prefix, flags)`: one `prefix + text + "\n"` per flag set (mbedTLS `x509_crt.c`). */
export function verifyInfo(prefix: string, flags: number): string {
  let out = ""
  for (const [code, text] of VERIFY_STRINGS) if (flags & code) out += `${prefix}${text}\n`
  return out
}

/** -0x004C: `mbedtls_net_recv` failed (mbedTLS `net_sockets.h`); Pycom's socket read errors. */
export const MBEDTLS_ERR_NET_RECV_FAILED = -0x004c
/** -0x004E: `mbedtls_net_send` failed (mbedTLS `net_sockets.h`); Pycom's socket write errors. */
export const MBEDTLS_ERR_NET_SEND_FAILED = -0x004e
/** -0x0050: ECONNRESET/EPIPE under `mbedtls_net_recv/send` (mbedTLS `net_sockets.c`); Pycom's reset. */
export const MBEDTLS_ERR_NET_CONN_RESET = -0x0050

/** What went wrong, before it is turned into the flavour's exception. */
export type TlsFailure =
  | { readonly kind: "mbedtls"; readonly code: number }
  | { readonly kind: "socket"; readonly errno: ErrnoName; readonly op: "read" | "write" }
  | { readonly kind: "verify"; readonly flags: number }
  /** Pycom with CERT_OPTIONAL: `mod_ssl_setup_socket` returns -1 when the verify result is not clean. */
  | { readonly kind: "raw"; readonly code: number }

/** Where the failure surfaces: in `wrap_socket`'s handshake, in a deferred handshake inside read/write, or in a stream call after the handshake. */
export type TlsPhase = "wrap" | "deferred" | "stream"

/** `mbedtls_raise_error` (MicroPython): (-256, 0) → `OSError(-err)`, else `OSError(err, mbedtls_strerror text)` (MBEDTLS_ERROR_C is on in MicroPython's config). */
function raiseError(code: number): OSError {
  if (code < 0 && code > -256) return new OSError(-code)
  return new OSError(code, MBEDTLS_ERROR_TEXT[code] ?? `UNKNOWN ERROR CODE (${(-code).toString(16).toUpperCase().padStart(4, "0")})`)
}

/** The raw code MicroPython sees for a failure: mbedTLS codes as they are, socket errnos negated by `_mbedtls_ssl_recv`/`_send`. */
function rawCode(profile: Profile, f: TlsFailure): number {
  switch (f.kind) {
    case "mbedtls":
    case "raw":
      return f.code
    case "verify":
      return MBEDTLS_ERR_X509_CERT_VERIFY_FAILED
    case "socket":
      return -profile.errno[f.errno]
  }
}

/** Pycom: the mbedTLS net layer's code for a socket error (`mbedtls_net_recv`/`mbedtls_net_send`). */
function pycomCode(f: TlsFailure): number {
  if (f.kind === "socket") {
    if (f.errno === "ECONNRESET" || f.errno === "EPIPE") return MBEDTLS_ERR_NET_CONN_RESET
    return f.op === "read" ? MBEDTLS_ERR_NET_RECV_FAILED : MBEDTLS_ERR_NET_SEND_FAILED
  }
  return f.kind === "verify" ? MBEDTLS_ERR_X509_CERT_VERIFY_FAILED : f.code
}

/**
 * The exception a failure raises for a flavour in a phase (see {@link TlsFlavour}
 * for the sources). A socket timeout reaches here as `socket ETIMEDOUT`
 * (modlwip's read returns MP_ETIMEDOUT, which `_mbedtls_ssl_recv` does not
 * treat as "would block").
 */
export function tlsException(flavour: TlsFlavour, profile: Profile, f: TlsFailure, phase: TlsPhase): Error {
  if (flavour === "pycom") return new OSError(pycomCode(f))
  const code = rawCode(profile, f)
  if (f.kind === "verify" && flavour !== "micropython-1.21" && phase !== "stream") return new ValueError(verifyInfo("\n", f.flags))
  if (phase === "wrap") return raiseError(code)
  if (phase === "deferred" && flavour !== "micropython-1.21" && code !== MBEDTLS_ERR_SSL_CONN_EOF) return raiseError(code)
  if (flavour === "micropython-1.28") return raiseError(code)
  return new OSError(code)
}

/** A socket-level error outside mbedTLS (e.g. EBADF on a closed socket, ENOTCONN before connect): `OSError(errno)`. */
export function socketError(profile: Profile, name: ErrnoName): OSError {
  return oserror(profile.errno, name)
}

/** MicroPython's `NotImplementedError` (`getpeercert(False)` raises it: `mp_raise_NotImplementedError(NULL)`). */
export class NotImplementedError extends Error {
  constructor(message = "") {
    super(message)
    this.name = "NotImplementedError"
  }
}
