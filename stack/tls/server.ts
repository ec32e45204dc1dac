import type { Process, ProcessBody } from "../../sim/index.ts"
import type { Device } from "../device.ts"
import { formatIPv4 } from "../ip/address.ts"
import type { SockAddr } from "../usocket/args.ts"
import { OSError, ValueError } from "../errors/errors.ts"
import { InetSocket } from "../usocket/inet-socket.ts"
import { MAX_FRAGMENT } from "./constants.ts"
import type { TlsSocket } from "./tls-socket.ts"
import { Transport } from "./transport.ts"
import { wrapSocket, type WrapOptions } from "./wrap.ts"

/** What a TLS service does with one established session. */
export type TlsHandler = (tls: TlsSocket, peer: SockAddr) => ProcessBody<void>

/** Options of {@link serveTls}: the server-side wrap options. */
export type ServeTlsOptions = Omit<WrapOptions, "serverSide" | "doHandshake">

/** Errors a session can raise at a peer's doing (traced and survived by a server); anything else is a bug and stops the run. */
function isSessionError(e: unknown): boolean {
  return e instanceof OSError || e instanceof ValueError
}

/**
 * A TLS server on a listening socket: accepts connections forever and, for
 * each, runs the server half of the handshake and then `handler` in its own
 * process on the listener's host (so a host crash stops them). A failed
 * handshake or a session error is traced (`tls.server_error`) and the
 * connection closed; the server goes on.
 */
export function serveTls(listener: InetSocket, handler: TlsHandler, options: ServeTlsOptions = {}): Process<void> {
  const host = new Transport(listener).host
  return host.run(function* () {
    for (;;) {
      const r = yield* listener.accept()
      const conn = r[0] as InetSocket
      host.run(() => session(conn, handler, options, false), `tls-${peerOf(conn)}`)
    }
  }, "tls-server")
}

/**
 * A per-connection TLS service in the shape of an internet host's service
 * (`(conn, ctx) => ProcessBody<void>`, stack/internet/internet-services.ts): the
 * server half of the handshake on the accepted socket, then `handler`, then
 * close. Session errors are traced (`tls.server_error`) and re-raised so the
 * host can count them.
 */
export function tlsService(handler: TlsHandler, options: ServeTlsOptions = {}): (conn: InetSocket, ctx?: unknown) => ProcessBody<void> {
  return (conn) => session(conn, handler, options, true)
}

function peerOf(conn: InetSocket): string {
  const c = new Transport(conn).conn
  return c === undefined ? "?" : `${formatIPv4(c.remoteIp)}:${c.remotePort}`
}

function* session(conn: InetSocket, handler: TlsHandler, options: ServeTlsOptions, rethrow: boolean): ProcessBody<void> {
  const t = new Transport(conn)
  const c = t.conn
  const peer: SockAddr = c === undefined ? ["0.0.0.0", 0] : [formatIPv4(c.remoteIp), c.remotePort]
  let tls: TlsSocket | undefined
  try {
    tls = yield* wrapSocket(conn, { ...options, serverSide: true })
    yield* handler(tls, peer)
  } catch (e) {
    if (!isSessionError(e)) throw e
    t.world.log(t.host.name, "tls.server_error", { peer: `${peer[0]}:${peer[1]}`, error: String((e as Error).message) })
    if (rethrow) throw e
  } finally {
    if (tls !== undefined) tls.close()
    else conn.close()
  }
}

/** Echoes every record's plaintext until the client closes (the body of {@link tlsEchoServer} / {@link tlsEchoService}). */
export function* echoHandler(tls: TlsSocket): ProcessBody<void> {
  for (;;) {
    const d = yield* tls.recv(MAX_FRAGMENT)
    if (d === null || d.length === 0) return
    yield* tls.write(d)
  }
}

/** A TLS 1.3-capable echo service for an internet host's port 443 (`internet.setService(443, tlsEchoService())`). */
export function tlsEchoService(options: ServeTlsOptions = {}): (conn: InetSocket, ctx?: unknown) => ProcessBody<void> {
  return tlsService(echoHandler, { version: "1.3", ...options })
}

/** Options of {@link tlsEchoServer}. */
export interface TlsEchoOptions extends ServeTlsOptions {
  /** TCP port (default 443). */
  readonly port?: number
}

/**
 * A TLS echo service on `device` (default port 443, TLS 1.3-capable, a
 * 16384-byte record limit, close_notify on close): every record's plaintext is
 * written back; the session ends when the client closes. For tests and for
 * simulated internet hosts.
 */
export function tlsEchoServer(device: Device, options: TlsEchoOptions = {}): Process<void> {
  const { port = 443, ...wrap } = options
  const srv = new InetSocket(device, 1, 0)
  srv.bind(["", port])
  srv.listen()
  return serveTls(srv, echoHandler, { version: "1.3", ...wrap })
}
