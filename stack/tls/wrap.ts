import { s, type ProcessBody } from "../../sim/index.ts"
import { PyTypeError, ValueError } from "../errors/errors.ts"
import { InetSocket } from "../usocket/inet-socket.ts"
import { CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED, MAX_FRAGMENT, MICROPYTHON_OUT_CONTENT_LEN, type TlsVersion } from "./constants.ts"
import { TlsEngine } from "./engine.ts"
import { flavourOf, socketError, type TlsFlavour } from "./errors.ts"
import { Filler } from "./filler.ts"
import { TlsSocket, type PollReadiness } from "./tls-socket.ts"
import { Transport } from "./transport.ts"

/**
 * Default server certificate chain: two DER certificates of 1250 bytes (leaf
 * + intermediate; the root is not sent). A captured TLS 1.2 handshake's
 * Certificate message was 2540 bytes for two certificates of about a thousand
 * bytes each (D. Wong, "How big are TLS records during a handshake?",
 * cryptologie.net, 2017); ~1500 bytes per certificate is the usual estimate,
 * self-signed ones as small as 800 (netsekure.org, "TLS overhead", 2010).
 */
export const DEFAULT_CHAIN: readonly number[] = [1250, 1250]

/** Options of {@link wrapSocket}: MicroPython's `ssl.wrap_socket` keywords plus the model's knobs. */
export interface WrapOptions {
  /** `server_side`: run the server half (on an accepted socket). */
  readonly serverSide?: boolean
  /** `server_hostname`: SNI, and the name certificate faults match. */
  readonly serverHostname?: string | null
  /**
   * Highest TLS version this side speaks (default "1.2": MicroPython's mbedTLS
   * config enables TLS 1.0–1.2 only, extmod/mbedtls/mbedtls_config_common.h).
   * The session uses the lower of the two sides'.
   */
  readonly version?: TlsVersion
  /** `do_handshake` / `do_handshake_on_connect` (default true: the handshake runs inside wrap, blocking). */
  readonly doHandshake?: boolean
  /** Server: total DER bytes of its certificate chain (default 2500 = {@link DEFAULT_CHAIN}). */
  readonly certificateChainBytes?: number
  /** Server: how many certificates the chain holds (default 2; the bytes are split evenly). */
  readonly certificateCount?: number
  /** `cert_reqs` / `verify_mode`: CERT_NONE (default, as MicroPython and Pycom), CERT_OPTIONAL, CERT_REQUIRED. */
  readonly certReqs?: number
  /**
   * Largest plaintext this side puts in one record. Default: 4096 on a client
   * (MicroPython's MBEDTLS_SSL_OUT_CONTENT_LEN), 16384 on a server (RFC 8446
   * §5.1's maximum, what general-purpose servers send).
   */
  readonly maxFragment?: number
  /** Whose exceptions to raise (default from the device profile: `pycom` or `micropython`). */
  readonly flavour?: TlsFlavour
  /** Send close_notify on close (default: Pycom and servers yes; MicroPython no — its close only frees the context). */
  readonly closeNotify?: boolean
  /** How select.poll reports POLLIN once open (default "record"; "transport" = MicroPython's socket_ioctl). */
  readonly pollReadiness?: PollReadiness
  /** Pycom's `timeout` keyword: handshake limit in seconds (default 10 on Pycom, per its ssl docs; ignored elsewhere). */
  readonly timeout?: number
}

function chainOf(o: WrapOptions): number[] {
  if (o.certificateChainBytes === undefined && o.certificateCount === undefined) return [...DEFAULT_CHAIN]
  const count = o.certificateCount ?? DEFAULT_CHAIN.length
  const total = o.certificateChainBytes ?? DEFAULT_CHAIN.reduce((a, b) => a + b, 0)
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`certificateCount must be a positive integer, got ${String(count)}`)
  if (!Number.isInteger(total) || total < count * 4 || total > 0xffff * count) throw new RangeError(`certificateChainBytes out of range: ${String(total)}`)
  const base = Math.floor(total / count)
  return Array.from({ length: count }, (_, i) => base + (i < total - base * count ? 1 : 0))
}

/**
 * `ssl.wrap_socket(sock, …)`: wraps a connected AF_INET stream socket in a
 * modelled TLS session and, unless `doHandshake` is false, runs the handshake
 * before returning (blocking, even on a non-blocking socket, as MicroPython's
 * `ssl_socket_make_new` loops on WANT_READ/WANT_WRITE). Handshake failures
 * raise the flavour's exception (errors.ts, TLS.md) and leave `sock` open.
 */
export function* wrapSocket(sock: InetSocket, options: WrapOptions = {}): ProcessBody<TlsSocket> {
  if (!(sock instanceof InetSocket)) throw new PyTypeError("stream operation not supported")
  const serverSide = options.serverSide ?? false
  const flavour = options.flavour ?? flavourOf(sock.profile)
  const certReqs = options.certReqs ?? CERT_NONE
  if (certReqs !== CERT_NONE && certReqs !== CERT_OPTIONAL && certReqs !== CERT_REQUIRED) throw new ValueError("invalid cert_reqs")
  const hostname = options.serverHostname ?? undefined
  if (hostname !== undefined && typeof hostname !== "string") throw new PyTypeError("can't convert to str")
  // modtls_mbedtls.c (≥ 1.22): a client asked to verify needs the name to verify against.
  if (!serverSide && certReqs === CERT_REQUIRED && hostname === undefined && (flavour === "micropython" || flavour === "micropython-1.28")) {
    throw new ValueError("CERT_REQUIRED requires server_hostname")
  }
  const maxFragment = options.maxFragment ?? (serverSide ? MAX_FRAGMENT : MICROPYTHON_OUT_CONTENT_LEN)
  if (!Number.isInteger(maxFragment) || maxFragment < 1 || maxFragment > MAX_FRAGMENT) throw new RangeError(`maxFragment must be 1..16384, got ${String(maxFragment)}`)
  const transport = new Transport(sock)
  // The handshake's first write fails on a socket that is closed or not connected: OSError(EBADF / ENOTCONN).
  if (!transport.alive) throw socketError(sock.profile, "EBADF")
  if ((options.doHandshake ?? true) && transport.conn === undefined) throw socketError(sock.profile, "ENOTCONN")
  const host = transport.host
  const fd = sock.fileno()
  const engine = new TlsEngine(
    {
      role: serverSide ? "server" : "client",
      version: options.version ?? "1.2",
      hostname,
      chain: chainOf(options),
      maxFragment,
      verifyMode: certReqs,
      optionalFailureRaises: flavour === "pycom",
    },
    transport,
    new Filler(host.world.rng(`tls/${host.name}/${fd}`)),
    host.name,
    fd,
  )
  const pycomTimeout = flavour === "pycom" ? s(options.timeout ?? 10) : undefined
  const tls = new TlsSocket(transport, engine, {
    flavour,
    closeNotify: options.closeNotify ?? (serverSide || flavour === "pycom"),
    pollReadiness: options.pollReadiness ?? "record",
    handshakeTimeoutUs: pycomTimeout,
  })
  if (options.doHandshake ?? true) yield* tls.handshake(true)
  return tls
}
