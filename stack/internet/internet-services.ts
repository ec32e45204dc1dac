import type { ProcessBody } from "../../sim/index.ts"
import type { SockAddr } from "../usocket/args.ts"
import type { InetSocket } from "../usocket/inet-socket.ts"
import type { IpHost } from "../ip/host.ts"
import { answer, contentLength, errorPage, headEnd, httpResponse, latin1, MAX_HEAD_BYTES, parseRequest } from "./internet-http.ts"

/** The counters an {@link Internet} keeps (each also a world metric `internet.<snake_case name>`). */
export interface InternetCounters {
  /** Internet hosts created. */
  hosts: number
  /** TCP connections accepted, on every port. */
  tcpConnections: number
  /** Bytes sent back by the echo services (TCP and UDP payload). */
  bytesEchoed: number
  /** UDP datagrams echoed. */
  udpDatagrams: number
  /** HTTP request heads read (answered with 200 or an error status). */
  httpRequests: number
  /** Service connections that ended with an OSError (reset, timeout, host crash). */
  serviceErrors: number
}

/** What a service process knows about where it runs. */
export interface ServiceContext {
  /** The internet host serving. */
  readonly host: IpHost
  /** Its DNS name, or its dotted address when it has none. */
  readonly hostname: string
  /** The local port the connection came in on. */
  readonly port: number
  /** The client's address. */
  readonly peer: SockAddr
  /** Adds to one of the internet's counters. */
  count(counter: keyof InternetCounters, by?: number): void
}

/**
 * The program serving one accepted TCP connection of an internet host, given
 * the connection's socket (a usocket `InetSocket` on the host). It may throw
 * an OSError (peer reset, …): the internet counts it and closes the socket.
 * The socket is closed when the program returns, if it did not close it.
 * This is the extension point for further protocols (e.g. TLS on 443):
 * `new Internet(net, { services: { 443: tlsService } })` or `internet.setService(443, tlsService)`.
 */
export type InternetService = (conn: InetSocket, ctx: ServiceContext) => ProcessBody<void>

const READ = 4096

/** TCP echo: every byte received is sent back, until the peer closes; then close. */
export function* echoService(conn: InetSocket, ctx: ServiceContext): ProcessBody<void> {
  for (;;) {
    const data = yield* conn.recv(READ)
    if (data.length === 0) break
    yield* conn.sendall(data)
    ctx.count("bytesEchoed", data.length)
  }
  conn.close()
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

/**
 * Closes after reading what is already buffered, so that unread request bytes
 * do not turn the close into a RST that could overtake the response (a small
 * "lingering close", as HTTP servers do, RFC 9112 §9.6).
 */
function* closeAfterDrain(conn: InetSocket): ProcessBody<void> {
  conn.setblocking(false)
  try {
    while ((yield* conn.recv(READ)).length > 0) {
      /* discard */
    }
  } catch {
    /* EAGAIN: nothing more buffered */
  }
  conn.close()
}

/**
 * HTTP/1.1 on port 80 (see `internet-http.ts` for the messages): reads a
 * request head up to CRLFCRLF, skips a `Content-Length` body, answers
 * GET/HEAD of any path with 200 and the fixed page, serves further requests
 * on the connection while keep-alive holds, and answers a request it cannot
 * parse (or a head over 8 KiB) with 400 and a close. EOF from the client ends
 * the connection.
 */
export function* httpService(conn: InetSocket, ctx: ServiceContext): ProcessBody<void> {
  let buf: Uint8Array = new Uint8Array(0)
  for (;;) {
    let end = headEnd(buf)
    while (end < 0) {
      if (buf.length > MAX_HEAD_BYTES) {
        ctx.count("httpRequests")
        yield* conn.sendall(httpResponse(400, errorPage(400), false))
        return yield* closeAfterDrain(conn)
      }
      const chunk = yield* conn.recv(READ)
      if (chunk.length === 0) return conn.close()
      buf = concat(buf, chunk)
      end = headEnd(buf)
    }
    const parsed = end > MAX_HEAD_BYTES ? ({ ok: false } as const) : parseRequest(latin1(buf.subarray(0, end - 4)))
    buf = buf.slice(end)
    ctx.count("httpRequests")
    const length = parsed.ok ? contentLength(parsed.request) : undefined
    if (!parsed.ok || length === undefined) {
      yield* conn.sendall(httpResponse(400, errorPage(400), false))
      return yield* closeAfterDrain(conn)
    }
    let skip = length
    while (skip > 0) {
      if (buf.length === 0) {
        buf = yield* conn.recv(READ)
        if (buf.length === 0) return conn.close()
      }
      const n = Math.min(skip, buf.length)
      buf = buf.slice(n)
      skip -= n
    }
    const res = answer(parsed.request, ctx.hostname)
    yield* conn.sendall(res.bytes)
    if (res.close) return yield* closeAfterDrain(conn)
  }
}
