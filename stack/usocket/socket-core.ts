import type { Micros, ProcessBody } from "../../sim/index.ts"
import type { Device } from "../device.ts"
import { formatIPv4 } from "../ip/address.ts"
import { UDP_HEADER, IPV4_HEADER, UDP_MAX_PAYLOAD, TCP_DEFAULT_BACKLOG } from "../ip/constants.ts"
import type { IpHost } from "../ip/host.ts"
import { Notifier, waitAny } from "../ip/notifier.ts"
import { TcpConnection } from "../ip/tcp.ts"
import { TcpListener } from "../ip/tcp-listener.ts"
import { TcpState } from "../ip/tcp-state.ts"
import { UdpEndpoint } from "../ip/udp.ts"
import { parseSockAddr, sockAddr, toInt, type Endpoint, type SockAddr } from "./args.ts"
import {
  IPPROTO_SEC, IPPROTO_TCP_SER, KEEPIDLE_DEFAULT_US, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM,
  SOL_SOCKET, SO_KEEPALIVE, SO_REUSEADDR, TCP_CUSTOMIZE_PORT, TCP_KEEPALIVE,
} from "./constants.ts"
import type { ErrnoName } from "../errors/errno.ts"
import { oserror, PyTypeError, TimeoutError, ValueError, type OSError } from "../errors/errors.ts"
import type { Profile } from "../profile.ts"

/** Returned by an attempt that would block. */
export const WOULD_BLOCK: unique symbol = Symbol("fieldnet.wouldBlock")
export type WouldBlock = typeof WOULD_BLOCK
export const EMPTY = new Uint8Array(0)

/** What a non-blocking attempt that would block does: raise EAGAIN, or return a value (Pycom's b''). */
export type OnWouldBlock<T> = { readonly value: T } | undefined

/**
 * The state and the non-stream calls of an AF_INET socket (TCP or UDP) over
 * the simulated IP network, with the semantics of MicroPython's modlwip and the
 * per-port differences of the device's {@link Profile}. See `ERRORS.md` for
 * the misuse → exception table. Stream calls are in {@link InetSocket}.
 */
export class SocketCore {
  readonly kind: "tcp" | "udp"
  readonly profile: Profile
  protected readonly host: IpHost
  private readonly epoch: number
  /** undefined: blocking; 0: non-blocking; else timeout in µs. */
  protected timeoutUs: Micros | undefined = undefined
  protected closed = false
  protected local: Endpoint | undefined = undefined
  protected conn: TcpConnection | undefined = undefined
  protected listener: TcpListener | undefined = undefined
  protected udp: UdpEndpoint | undefined = undefined
  protected remote: Endpoint | undefined = undefined
  /** The connection's error was already raised once (later calls see EOF / EPIPE, as on Linux). */
  protected errorReported = false
  private reuseAddr = false
  private keepIdle = 0
  private readonly fd: number
  /** Fires when this socket's own state changes (connect started, closed), for pollers. */
  readonly notifier = new Notifier()

  constructor(device: Device, type: unknown, proto: unknown) {
    this.profile = device.profile
    const t = toInt(type)
    const p = toInt(proto)
    const host = device.get<IpHost>("ip")
    if (host === undefined) throw oserror(this.profile.errno, "ENETDOWN")
    if (t === SOCK_RAW) throw oserror(this.profile.errno, "EOPNOTSUPP")
    if (t !== SOCK_STREAM && t !== SOCK_DGRAM) throw oserror(this.profile.errno, "EINVAL")
    if (p === IPPROTO_SEC) throw oserror(this.profile.errno, "EPROTONOSUPPORT")
    if ((p === IPPROTO_TCP_SER || p === TCP_CUSTOMIZE_PORT) && (!this.profile.quecpythonExtensions || t !== SOCK_STREAM)) throw oserror(this.profile.errno, "EPROTONOSUPPORT")
    this.kind = t === SOCK_STREAM ? "tcp" : "udp"
    this.host = host
    this.epoch = host.epoch
    this.fd = host.allocFd()
  }

  protected err(name: ErrnoName): OSError {
    return oserror(this.profile.errno, name)
  }

  protected timeoutError(): OSError {
    return this.profile.timeoutRaisesTimeoutError ? new TimeoutError() : this.err("ETIMEDOUT")
  }

  /** Is the trace on? (Check before building fields on hot paths.) */
  protected get tracing(): boolean {
    return this.host.world.trace.enabled
  }

  protected trace(kind: string, fields: Record<string, unknown>): void {
    const w = this.host.world
    if (w.trace.enabled) w.log(this.host.name, kind, { fd: this.fd, ...fields })
  }

  /** EBADF once closed, or once its host crashed (its sockets vanished). */
  protected check(): void {
    if (this.closed || this.epoch !== this.host.epoch) throw this.err("EBADF")
  }

  protected get isNonBlocking(): boolean {
    return this.timeoutUs === 0
  }

  /** Notifiers whose firing may change this socket's readiness. */
  pollNotifiers(): Notifier[] {
    const out = [this.notifier]
    if (this.conn !== undefined) out.push(this.conn.notifier)
    if (this.listener !== undefined) out.push(this.listener.notifier)
    if (this.udp !== undefined) out.push(this.udp.notifier)
    return out
  }

  /**
   * Runs `attempt` until it does not return WOULD_BLOCK, waiting on the socket's
   * notifiers. Non-blocking: EAGAIN (or `onWouldBlock.value`); with a timeout:
   * the profile's timeout error when it expires.
   */
  protected *block<T>(attempt: () => T | WouldBlock, onWouldBlock?: OnWouldBlock<T>): ProcessBody<T> {
    const w = this.host.world
    const deadline = this.timeoutUs === undefined ? undefined : w.now + this.timeoutUs
    for (;;) {
      this.check()
      const r = attempt()
      if (r !== WOULD_BLOCK) return r
      if (this.timeoutUs === 0) {
        if (onWouldBlock !== undefined) return onWouldBlock.value
        throw this.err("EAGAIN")
      }
      const left = deadline === undefined ? undefined : deadline - w.now
      if (left !== undefined && left <= 0) throw this.timeoutError()
      yield* waitAny(this.pollNotifiers(), left)
    }
  }

  /** Raises the connection's pending error once; afterwards returns it as "reported". A refused connect maps to the profile's errno. */
  protected takeError(c: TcpConnection): ErrnoName | undefined {
    if (c.error === undefined || c.error === "EBADF") return c.error
    if (this.errorReported) return undefined
    this.errorReported = true
    return c.error === "ECONNREFUSED" ? this.profile.refusedConnectErrno : c.error
  }

  // ---- binding and connection set-up --------------------------------------

  private portTaken(port: number): boolean {
    return this.kind === "udp" ? this.host.udp.has(port) : this.host.tcpPortInUse(port, this.reuseAddr)
  }

  private claim(ip: number, port: number): void {
    this.local = { ip, port }
    if (this.kind === "udp") {
      this.udp = new UdpEndpoint(port, this.host.udpRecvQueue)
      this.host.udp.set(port, this.udp)
    } else this.host.tcpBound.set(port, (this.host.tcpBound.get(port) ?? 0) + 1)
  }

  private autoBind(): Endpoint {
    if (this.local === undefined) this.claim(0, this.host.ephemeralPort(this.kind))
    return this.local as Endpoint
  }

  /** `bind((ip, port))`: port 0 picks an ephemeral port. Errors: EBADF, EINVAL (bound), EADDRNOTAVAIL, EADDRINUSE. */
  bind(address: SockAddr): void {
    this.check()
    const a = parseSockAddr(address)
    if (this.local !== undefined) throw this.err("EINVAL")
    if (a.ip !== 0 && a.ip !== this.host.ip && a.ip !== 0x7f000001) throw this.err("EADDRNOTAVAIL")
    let port = a.port
    if (port === 0) port = this.host.ephemeralPort(this.kind)
    else if (this.portTaken(port)) throw this.err("EADDRINUSE")
    this.claim(a.ip, port)
    this.trace("usocket.bind", { port })
  }

  /** `listen([backlog])`: backlog < 0 → 0, and 0 → 1 (lwIP tcp_listen_with_backlog); none → lwIP's default 0xff. */
  listen(backlog?: number): void {
    this.check()
    if (this.kind !== "tcp") throw this.err("EOPNOTSUPP")
    const b = backlog === undefined ? TCP_DEFAULT_BACKLOG : Math.max(1, toInt(backlog))
    if (this.conn !== undefined) throw this.err("EINVAL")
    if (this.listener !== undefined) {
      this.listener.backlog = b
      return
    }
    const local = this.autoBind()
    this.listener = new TcpListener(this.host, local.port, b)
    this.host.listeners.set(local.port, this.listener)
    this.trace("usocket.listen", { port: local.port, backlog: b })
    this.notifier.notify()
  }

  /** Builds the accepted socket (a subclass instance) around a connection. */
  protected adopt(c: TcpConnection): SocketCore {
    void c
    throw new Error("adopt() is provided by InetSocket")
  }

  /** `accept()` → `(conn, (ip, port))`, or `(conn, ip, port)` on QuecPython. Not listening → EINVAL. */
  *accept(): ProcessBody<[SocketCore, SockAddr] | [SocketCore, string, number]> {
    this.check()
    if (this.listener === undefined) throw this.err("EINVAL")
    const l = this.listener
    const c = yield* this.block(() => l.take() ?? WOULD_BLOCK)
    const s = this.adopt(c)
    this.trace("usocket.accept", { peer: `${formatIPv4(c.remoteIp)}:${c.remotePort}` })
    const addr = sockAddr({ ip: c.remoteIp, port: c.remotePort })
    return this.profile.acceptReturnsTriple ? [s, addr[0], addr[1]] : [s, addr]
  }

  /** Initialises a socket returned by accept(). */
  protected setAccepted(c: TcpConnection, timeoutUs: Micros | undefined): void {
    this.conn = c
    this.local = { ip: this.host.ip, port: c.localPort }
    this.remote = { ip: c.remoteIp, port: c.remotePort }
    this.timeoutUs = timeoutUs
    if (this.keepIdle > 0) c.setKeepalive(this.keepIdle)
  }

  /**
   * `connect((ip, port))`. TCP: blocking waits for the handshake; non-blocking
   * raises EINPROGRESS, then EALREADY while in progress, EISCONN once connected.
   * Refused → ECONNREFUSED; SYN retries exhausted → ETIMEDOUT; link down →
   * EHOSTUNREACH at once (Pycom also closes the socket). UDP: sets the
   * default destination and filters what is received.
   */
  *connect(address: SockAddr): ProcessBody<void> {
    this.check()
    const a = parseSockAddr(address)
    if (this.kind === "udp") {
      this.autoBind()
      this.remote = a
      if (this.udp !== undefined) this.udp.remote = a
      return
    }
    if (this.listener !== undefined) throw this.err("EISCONN")
    const existing = this.conn
    if (existing !== undefined) {
      const e = this.takeError(existing)
      if (e !== undefined) {
        this.conn = undefined
        throw this.err(e)
      }
      if (existing.state === TcpState.SYN_SENT) throw this.err("EALREADY")
      throw this.err("EISCONN")
    }
    const ip = a.ip === 0 ? this.host.ip : a.ip
    if (!this.host.linkUp) {
      // lwIP's tcp_connect routes before it binds: no netif up → ERR_RTE → EHOSTUNREACH (modlwip, lwip err_to_errno).
      this.trace("usocket.connect", { to: `${formatIPv4(ip)}:${a.port}`, errno: "EHOSTUNREACH" })
      if (this.profile.connectTimeoutClosesSocket) this.close()
      throw this.err("EHOSTUNREACH")
    }
    const local = this.autoBind()
    this.remote = { ip, port: a.port }
    this.errorReported = false
    const c = TcpConnection.connect(this.host, local.port, ip, a.port)
    if (this.keepIdle > 0) c.setKeepalive(this.keepIdle)
    this.conn = c
    this.trace("usocket.connect", { to: `${formatIPv4(ip)}:${a.port}` })
    this.notifier.notify()
    if (this.isNonBlocking) throw this.err("EINPROGRESS")
    try {
      yield* this.block(() => (c.state === TcpState.SYN_SENT ? WOULD_BLOCK : true))
    } catch (e) {
      if (this.profile.connectTimeoutClosesSocket) this.close()
      else {
        c.close()
        this.conn = undefined
      }
      throw e
    }
    const e = this.takeError(c)
    if (e !== undefined || c.state === TcpState.CLOSED) {
      this.conn = undefined
      if (this.profile.connectTimeoutClosesSocket) this.close()
      throw this.err(e ?? "ECONNABORTED")
    }
  }

  // ---- datagrams ----------------------------------------------------------

  /**
   * Sends one UDP datagram to `to`; EMSGSIZE above 65507 bytes; fragmented above
   * the MTU (RFC 791); EHOSTUNREACH while the link is down (lwIP udp_sendto:
   * ip_route finds no netif → ERR_RTE).
   */
  protected sendDatagram(data: Uint8Array, to: Endpoint): number {
    if (data.length > UDP_MAX_PAYLOAD) throw this.err("EMSGSIZE")
    if (!this.host.linkUp) throw this.err("EHOSTUNREACH")
    const local = this.autoBind()
    const dst = to.ip === 0 ? this.host.ip : to.ip
    const mtu = this.host.network.link(this.host.ip, dst).spec.mtu
    const perFragment = Math.floor((mtu - IPV4_HEADER) / 8) * 8
    const fragments = Math.max(1, Math.ceil((data.length + UDP_HEADER) / perFragment))
    this.host.send({
      src: this.host.ip, dst, fragments, wireBytes: data.length + UDP_HEADER + IPV4_HEADER * fragments,
      payload: { proto: "udp", srcPort: local.port, dstPort: to.port, data: data.slice() },
    })
    return data.length
  }

  // ---- options and modes --------------------------------------------------

  /**
   * `setsockopt(level, optname, value)`: SO_REUSEADDR, SO_KEEPALIVE (lwIP's
   * 2 h idle), QuecPython TCP_KEEPALIVE (minutes, 1..120, else ValueError).
   * Other options are accepted and ignored, as modlwip does (it prints a warning).
   */
  setsockopt(level: number, optname: number, value: number | boolean | Uint8Array): void {
    this.check()
    toInt(level)
    toInt(optname)
    if (!(value instanceof Uint8Array) && typeof value !== "number" && typeof value !== "boolean") throw new PyTypeError("object with buffer protocol required")
    const v = value instanceof Uint8Array ? (value[0] ?? 0) : Number(value)
    if (level === SOL_SOCKET && optname === SO_REUSEADDR) this.reuseAddr = v !== 0
    else if (level === SOL_SOCKET && optname === SO_KEEPALIVE) this.setKeepIdle(v !== 0 ? KEEPIDLE_DEFAULT_US : 0)
    else if (level === SOL_SOCKET && optname === TCP_KEEPALIVE && this.profile.quecpythonExtensions) {
      if (v < 1 || v > 120) throw new ValueError("TCP_KEEPALIVE must be 1..120 minutes")
      this.setKeepIdle(v * 60_000_000)
    } else this.trace("usocket.setsockopt_ignored", { level, optname })
  }

  private setKeepIdle(us: number): void {
    this.keepIdle = us
    this.conn?.setKeepalive(us)
  }

  /** `settimeout(seconds | None)`: None blocking, 0 non-blocking, else a timeout. Negative → ValueError; non-number → TypeError. */
  settimeout(value: number | null | undefined): void {
    this.check()
    if (value === null || value === undefined) this.timeoutUs = undefined
    else if (typeof value !== "number" || Number.isNaN(value)) throw new PyTypeError("can't convert to float")
    else if (value < 0) throw new ValueError("timeout value out of range")
    else this.timeoutUs = Math.round(value * 1_000_000)
  }

  /** `setblocking(flag)` = settimeout(None) or settimeout(0). */
  setblocking(flag: boolean | number): void {
    this.settimeout(flag ? null : 0)
  }

  /** A file-descriptor number; -1 once closed. */
  fileno(): number {
    return this.closed ? -1 : this.fd
  }

  /** QuecPython `getsocketsta()`: TCP state number (0..10), -1 after close. */
  getsocketsta(): number {
    if (this.closed || this.epoch !== this.host.epoch) return -1
    if (this.listener !== undefined) return TcpState.LISTEN
    return this.conn?.state ?? TcpState.CLOSED
  }

  /** `close()`: idempotent. TCP sends FIN after queued data (RST if received data was unread); a listener resets unaccepted connections. */
  close(): void {
    if (this.closed) return
    this.closed = true
    const alive = this.epoch === this.host.epoch
    if (alive) {
      this.conn?.close()
      this.listener?.close()
      if (this.udp !== undefined && this.host.udp.get(this.udp.port) === this.udp) this.host.udp.delete(this.udp.port)
      if (this.kind === "tcp" && this.local !== undefined) {
        const n = (this.host.tcpBound.get(this.local.port) ?? 0) - 1
        if (n > 0) this.host.tcpBound.set(this.local.port, n)
        else this.host.tcpBound.delete(this.local.port)
      }
    }
    this.trace("usocket.close", {})
    this.notifier.notify()
    this.conn?.notifier.notify()
    this.udp?.notifier.notify()
  }

  /** Readiness for select.poll, as modlwip's ioctl(MP_STREAM_POLL) computes it. */
  pollEvents(mask: number): number {
    if (this.closed || this.epoch !== this.host.epoch) return POLLNVAL
    let ev = 0
    if (this.kind === "udp") {
      if (this.udp !== undefined && this.udp.queue.length > 0) ev |= POLLIN
      ev |= POLLOUT
    } else if (this.listener !== undefined) {
      if (this.listener.acceptQueue.length > 0) ev |= POLLIN
    } else if (this.conn === undefined) ev |= POLLHUP
    else {
      const c = this.conn
      if (c.error === "ECONNRESET") ev |= POLLHUP | (mask & POLLOUT)
      else if (c.error !== undefined) ev |= POLLERR
      else {
        if (c.rcvBuf.length > 0 || c.eof) ev |= POLLIN
        if (c.eof) ev |= POLLOUT
        else if (c.canSend() && c.sendSpace() > 0) ev |= POLLOUT
      }
    }
    return ev & (mask | POLLERR | POLLHUP | POLLNVAL)
  }
}
