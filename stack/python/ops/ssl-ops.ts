import type { ProcessBody } from "../../../sim/index.ts"
import { TcpState } from "../../ip/tcp-state.ts"
import {
  CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED, MBEDTLS_ERR_SSL_TIMEOUT, NotImplementedError, PROTOCOL_TLS_CLIENT, PROTOCOL_TLS_SERVER, SslContext,
  TLS_SOCKET_METHODS, TlsSocket, flavourOf, wrapSocket, type TlsFlavour,
} from "../../tls/index.ts"
import { Transport } from "../../tls/transport.ts"
import { toInt } from "../../usocket/args.ts"
import { ValueError } from "../../errors/errors.ts"
import { InetSocket } from "../../usocket/inet-socket.ts"
import type { SockAddr } from "../../usocket/args.ts"
import { PyObject, PythonRaise } from "../codec.ts"
import { registerOps, type OpContext } from "../ops.ts"

/**
 * Host calls of the `ssl` / `ussl` shim (py/_fn_ssl.py). Everything TLS does
 * — handshake, records, timeouts, the flavour's exceptions — is the modelled
 * session of stack/tls (TLS.md); these ops only find the objects behind the
 * script's handles and forward. The flavour is the device profile's
 * (`flavourOf`: Pycom boards run Pycom's modussl, every other board
 * MicroPython's `ssl`).
 */

/**
 * `ssl.MBEDTLS_VERSION` of MicroPython 1.27: `MBEDTLS_VERSION_STRING_FULL`
 * (extmod/modtls_mbedtls.c `mbedtls_version_obj`, re-exported by
 * micropython-lib's ssl.py) of the mbedTLS v1.27.0 pins as lib/mbedtls
 * (submodule 107ea89d = Mbed TLS v3.6.2, include/mbedtls/build_info.h). An
 * ESP32 build takes ESP-IDF's mbedTLS, also a 3.6 release.
 */
export const MICROPYTHON_MBEDTLS_VERSION = "Mbed TLS 3.6.2"

/** modtls_mbedtls.c: MP_PROTOCOL_DTLS_CLIENT = MP_TRANSPORT_IS_DTLS (2), MP_PROTOCOL_DTLS_SERVER = 2 | MP_ENDPOINT_IS_SERVER (3). */
const MP_PROTOCOL_DTLS_CLIENT = 2
const MP_PROTOCOL_DTLS_SERVER = 3


function methodsOf(flavour: TlsFlavour): readonly string[] {
  return TLS_SOCKET_METHODS[flavour]
}

const isContext = (o: unknown): o is SslContext => o instanceof SslContext
const isTls = (o: unknown): o is TlsSocket => o instanceof TlsSocket

/** The plain socket a script's socket object holds (undefined for anything else: the TLS layer decides what that raises). */
function plainSocket(c: OpContext, sock: unknown): InetSocket | undefined {
  const o = sock instanceof PyObject ? c.handles.peek(sock) : undefined
  return o instanceof InetSocket ? o : undefined
}

/** Wraps a blocking TLS call so that the new session is handed to the script as a handle. */
function* adopted(c: OpContext, wrap: ProcessBody<TlsSocket>): ProcessBody<number> {
  const tls = yield* wrap
  return c.handles.add(tls)
}

/** `getpeercert(False)` raises MicroPython's NotImplementedError, which crosses as that type. */
function pyErrors<T>(f: () => T): T {
  try {
    return f()
  } catch (e) {
    if (e instanceof NotImplementedError) throw new PythonRaise("NotImplementedError", ...(e.message === "" ? [] : [e.message]))
    throw e
  }
}

/**
 * Is the socket connected, as Pycom's `sock_base.connected` says (set by a
 * completed connect or accept)? modussl.c runs the handshake inside
 * `wrap_socket` only then; otherwise `connect` runs it.
 */
function pycomConnected(sock: InetSocket): boolean {
  const tcp = new Transport(sock).conn
  return tcp !== undefined && tcp.state >= TcpState.ESTABLISHED && tcp.error === undefined
}

registerOps({
  /** What the shim needs at import: the flavour, the SSL socket's methods, the module's constants. */
  "ssl.info": (c) => {
    const flavour = flavourOf(c.device.profile)
    const constants: Record<string, number | string> =
      flavour === "pycom"
        ? // esp32/mods/modussl.c mp_module_ussl_globals_table
          { CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED, SSL_TIMEOUT: MBEDTLS_ERR_SSL_TIMEOUT }
        : // micropython-lib python-stdlib/ssl/ssl.py (`from tls import *`): the `tls` module's constants
          // (modtls_mbedtls.c mp_module_tls_globals_table; the DTLS ones on MBEDTLS_SSL_PROTO_DTLS builds,
          // which TLS_SOCKET_METHODS.micropython assumes; DTLS itself is not modelled)
          {
            CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED, MBEDTLS_VERSION: MICROPYTHON_MBEDTLS_VERSION, PROTOCOL_TLS_CLIENT, PROTOCOL_TLS_SERVER,
            PROTOCOL_DTLS_CLIENT: MP_PROTOCOL_DTLS_CLIENT, PROTOCOL_DTLS_SERVER: MP_PROTOCOL_DTLS_SERVER,
          }
    return { flavour, methods: methodsOf(flavour), constants }
  },

  /** `tls.SSLContext(protocol)` (the C object under ssl.py's SSLContext). */
  "ssl.context": (c, [protocol]) => c.handles.add(new SslContext(protocol as number)),

  /** `verify_mode`: read (one argument) or set (two; an int, as `mp_obj_get_int`). */
  "ssl.verify_mode": (c, [h, ...value]) => {
    const ctx = c.handles.get(h, isContext, "SSLContext")
    if (value.length > 0) ctx.verify_mode = toInt(value[0])
    return ctx.verify_mode
  },

  /** `SSLContext.wrap_socket(sock, *, server_side, do_handshake_on_connect, server_hostname)` → the SSL socket's handle. */
  "ssl.context_wrap": (c, [h, sock, serverSide, doHandshake, hostname]) => {
    const ctx = c.handles.get(h, isContext, "SSLContext")
    const plain = plainSocket(c, sock) as InetSocket
    return adopted(c, ctx.wrap_socket(plain, { server_side: serverSide === true, do_handshake_on_connect: doHandshake !== false, server_hostname: hostname as string | null }))
  },

  /**
   * Pycom's `ussl.wrap_socket` once the shim has checked its arguments as
   * modussl.c does: an AF_INET socket (a LoRa/Sigfox socket is not
   * `socket_type`: ValueError), the handshake now when the socket is
   * connected, else at `connect`; `timeout` bounds the handshake (s).
   */
  "ssl.pycom_wrap": (c, [sock, serverSide, certReqs, hostname, timeout]) => {
    const plain = plainSocket(c, sock)
    if (plain === undefined) throw new ValueError("invalid argument(s) value")
    return adopted(c, wrapSocket(plain, {
      serverSide: serverSide === true,
      certReqs: toInt(certReqs),
      serverHostname: hostname as string | null,
      ...(timeout === null || timeout === undefined ? {} : { timeout: toInt(timeout) }),
      doHandshake: pycomConnected(plain),
    }))
  },

  /** Pycom's SSL `connect(address)`: the TCP connect, then the handshake (lwipsocket_socket_connect). */
  "ssl.connect": (c, [h, address]) => {
    const tls = c.handles.get(h, isTls, "SSL socket")
    return (function* (): ProcessBody<null> {
      yield* tls.transport.sock.connect(address as SockAddr)
      yield* tls.handshake(true)
      return null
    })()
  },

  /** A method of the SSL socket, among those its flavour has (others: AttributeError, as on the board). */
  "ssl.m": (c, [h, name, ...args]) => {
    const tls = c.handles.get(h, isTls, "SSL socket")
    const flavour = tls.options.flavour
    const typeName = flavour === "pycom" ? "ussl" : "SSLSocket"
    const allowed = typeof name === "string" && TLS_SOCKET_METHODS[flavour].includes(name)
    const m = allowed ? (tls as unknown as Record<string, unknown>)[name] : undefined
    if (typeof m !== "function") throw new PythonRaise("AttributeError", `'${typeName}' object has no attribute '${String(name)}'`)
    return pyErrors(() => (m as (...a: unknown[]) => unknown).apply(tls, args))
  },
})
