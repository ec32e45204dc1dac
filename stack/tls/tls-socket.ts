import type { Micros, ProcessBody } from "../../sim/index.ts"
import { Notifier, waitAny } from "../ip/notifier.ts"
import { toBytes, toInt } from "../usocket/args.ts"
import { POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT } from "../usocket/constants.ts"
import { PyTypeError, ValueError } from "../errors/errors.ts"
import { ALERT_CLOSE_NOTIFY, ALERT_WARNING, CIPHER_NAME, VERSION_NAME } from "./constants.ts"
import type { TlsEngine, TlsStats } from "./engine.ts"
import { MBEDTLS_ERR_SSL_BAD_INPUT_DATA, MBEDTLS_ERR_SSL_TIMEOUT, NotImplementedError, socketError, tlsException, type TlsFlavour, type TlsPhase } from "./errors.ts"
import type { Transport } from "./transport.ts"

const EMPTY = new Uint8Array(0)
const WOULD_BLOCK: unique symbol = Symbol("tls.wouldBlock")
type WouldBlock = typeof WOULD_BLOCK

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** How `pollEvents` reports POLLIN once the session is open (see TLS.md). */
export type PollReadiness = "record" | "transport"

/** Per-socket behaviour the wrapper fixes. */
export interface TlsSocketOptions {
  readonly flavour: TlsFlavour
  readonly closeNotify: boolean
  readonly pollReadiness: PollReadiness
  /** Pycom's `timeout` for the handshake (µs), raising MBEDTLS_ERR_SSL_TIMEOUT; undefined: the socket's own timeout per read. */
  readonly handshakeTimeoutUs: Micros | undefined
}

/**
 * A modelled TLS session over a simulated TCP socket, with the methods of
 * MicroPython's SSLSocket (`extmod/modtls_mbedtls.c` locals table: read,
 * readinto, readline, write, setblocking, close, getpeercert, cipher; recv,
 * recv_into, send, sendall on DTLS-enabled builds ≥ 1.25) and Pycom's socket
 * methods (settimeout). Blocking calls are generators (`yield* s.read(10)`).
 * Reads return plaintext only once a whole record has arrived; writes cut data
 * into records of at most the configured fragment. No cryptography is done:
 * see TLS.md for what is modelled. Exceptions follow the flavour (errors.ts).
 */
export class TlsSocket {
  /** Fires on close, for pollers. */
  readonly notifier = new Notifier()
  private closed = false
  /** A record written by a non-blocking write that TCP has not fully taken (mbedTLS keeps it in out_buf). */
  private pendingWrite: number | undefined = undefined
  private reportedOnce = false

  constructor(
    readonly transport: Transport,
    readonly engine: TlsEngine,
    readonly options: TlsSocketOptions,
  ) {}

  /** True for a server-side session. */
  get serverSide(): boolean {
    return this.engine.cfg.role === "server"
  }

  /** Negotiated version ("1.2" / "1.3"), once the hellos are exchanged. */
  get version(): string | undefined {
    return this.engine.version
  }

  /** Byte and record counters, handshake figures included. */
  get stats(): Readonly<TlsStats> {
    return this.engine.stats
  }

  /** The SNI name a client asked for (server side). */
  get serverName(): string | undefined {
    return this.engine.requestedServerName
  }

  // ---- errors and blocking -----------------------------------------------

  private get nonBlocking(): boolean {
    return this.transport.timeoutUs === 0
  }

  /** Closed → MBEDTLS_ERR_SSL_BAD_INPUT_DATA (mbedtls_ssl_read/write on a freed context; MicroPython raises it through ssl_check_async_handshake_failure). Pycom: EBADF. */
  private checkOpen(): void {
    if (!this.closed) return
    if (this.options.flavour === "pycom") throw socketError(this.transport.profile, "EBADF")
    const deferred = this.options.flavour === "micropython" || this.options.flavour === "micropython-1.28"
    throw tlsException(this.options.flavour, this.transport.profile, { kind: "mbedtls", code: MBEDTLS_ERR_SSL_BAD_INPUT_DATA }, deferred ? "deferred" : "stream")
  }

  /** Raises the session's failure in the shape the flavour gives it in `phase` (later calls: as a stream error, MicroPython's sticky last_error). */
  private raise(phase: TlsPhase): never {
    const f = this.engine.failure
    if (f === undefined) throw new Error("tls: raise without failure")
    const p: TlsPhase = this.reportedOnce ? "stream" : phase
    this.reportedOnce = true
    throw tlsException(this.options.flavour, this.transport.profile, f, p)
  }

  /**
   * A blocking wait ran out. MicroPython: the socket read raised ETIMEDOUT,
   * which mbedTLS keeps as `last_error` (the session is dead afterwards).
   * Pycom: MBEDTLS_ERR_SSL_TIMEOUT (`ssl.SSL_TIMEOUT`); only a handshake
   * timeout ends the session.
   */
  private timeoutFailure(handshaking: boolean): Error {
    const phase = handshaking ? this.handshakePhase() : "stream"
    if (this.options.flavour === "pycom") {
      if (!handshaking) return tlsException("pycom", this.transport.profile, { kind: "mbedtls", code: MBEDTLS_ERR_SSL_TIMEOUT }, "stream")
      this.engine.fail({ kind: "mbedtls", code: MBEDTLS_ERR_SSL_TIMEOUT })
    } else this.engine.fail({ kind: "socket", errno: "ETIMEDOUT", op: "read" })
    try {
      this.raise(phase)
    } catch (e) {
      return e as Error
    }
  }

  private wrapPhase = false
  private ready = false

  private handshakePhase(): TlsPhase {
    return this.wrapPhase ? "wrap" : "deferred"
  }

  /** The handshake is over and all it wrote was handed to TCP (mbedtls_ssl_handshake returned 0). */
  get handshakeComplete(): boolean {
    if (!this.ready && this.engine.state === "open" && this.engine.out.length === 0) this.ready = true
    return this.ready
  }

  /** One step of the protocol machine: hand queued bytes to TCP, take what arrived, hand any reply. */
  private pump(): void {
    this.engine.flush()
    this.engine.pull()
    this.engine.flush()
  }

  /**
   * Runs `attempt` until it does not return WOULD_BLOCK, first completing the
   * handshake if needed. Blocking waits are per read as on MicroPython (the
   * socket timeout restarts when bytes arrive); non-blocking returns
   * `onWouldBlock` (None) like mbedTLS's WANT_READ → EAGAIN → None.
   */
  private *drive<T>(attempt: () => T | WouldBlock, onWouldBlock: { value: T } | undefined, inWrap = false): ProcessBody<T> {
    const w = this.transport.world
    this.wrapPhase = inWrap
    const perRead = this.transport.timeoutUs
    const hsLimit = this.options.handshakeTimeoutUs
    const hsDeadline = hsLimit === undefined ? undefined : w.now + hsLimit
    let deadline = perRead === undefined || perRead === 0 ? undefined : w.now + perRead
    for (;;) {
      this.checkOpen()
      const before = this.engine.progress
      if (this.engine.state === "idle") this.engine.start()
      this.pump()
      if (this.engine.failed) this.raise(this.ready ? "stream" : this.handshakePhase())
      const handshaking = !this.handshakeComplete
      const r = handshaking ? WOULD_BLOCK : attempt()
      if (r !== WOULD_BLOCK) return r
      if (this.engine.failed) this.raise(this.ready ? "stream" : this.handshakePhase())
      // wrap_socket loops on WANT_READ/WANT_WRITE even on a non-blocking socket (modtls_mbedtls.c ssl_socket_make_new).
      if (this.nonBlocking && !inWrap) {
        if (onWouldBlock !== undefined) return onWouldBlock.value
        throw socketError(this.transport.profile, "EAGAIN")
      }
      if (this.engine.progress !== before && perRead !== undefined && perRead > 0) deadline = w.now + perRead
      const limit = handshaking && hsDeadline !== undefined ? hsDeadline : deadline
      const left = limit === undefined ? undefined : limit - w.now
      if (left !== undefined && left <= 0) throw this.timeoutFailure(handshaking)
      yield* waitAny([this.notifier, ...this.transport.notifiers()], left)
    }
  }

  /** Runs the handshake to completion (what `wrap_socket(do_handshake=True)` does). */
  *handshake(inWrap = true): ProcessBody<void> {
    yield* this.drive(() => true, undefined, inWrap)
    this.wrapPhase = false
  }

  // ---- reading -----------------------------------------------------------

  /** At the end of the stream (close_notify or TCP EOF) with nothing left? */
  private get atEof(): boolean {
    return this.engine.plain.length === 0 && (this.engine.peerClosed || this.engine.transportEof)
  }

  /** One `mbedtls_ssl_read`: up to `n` bytes of the current record, b'' at EOF, or WOULD_BLOCK. */
  private takeOnce(n: number): Uint8Array | WouldBlock {
    if (this.engine.plain.length > 0) return this.engine.plain.take(n)
    if (this.atEof) return EMPTY
    return WOULD_BLOCK
  }

  /** `recv(n)` (MicroPython `read1`, DTLS builds; Pycom socket recv): one read of up to n bytes; b'' at EOF; non-blocking with nothing: None (Pycom b''). */
  *recv(bufsize: number): ProcessBody<Uint8Array | null> {
    const n = toInt(bufsize)
    if (n < 0) throw new ValueError("negative buffersize in recv")
    const none = this.options.flavour === "pycom" ? EMPTY : null
    return yield* this.drive<Uint8Array | null>(() => (n === 0 ? EMPTY : this.takeOnce(n)), { value: none })
  }

  /** `recv_into(buf[, nbytes])`: as recv, into a buffer; returns the count (None when non-blocking and nothing). */
  *recv_into(buf: Uint8Array, nbytes?: number): ProcessBody<number | null> {
    if (!(buf instanceof Uint8Array)) throw new PyTypeError("object with buffer protocol required")
    const d = yield* this.recv(Math.min(buf.length, nbytes === undefined ? buf.length : toInt(nbytes)))
    if (d === null) return null
    buf.set(d)
    return d.length
  }

  /**
   * `read([size])` (py/stream.c `stream_read_generic`): blocking waits for
   * `size` bytes or EOF (no short reads); without size reads to EOF.
   * Non-blocking: what is there, or None if nothing.
   */
  *read(size?: number | null): ProcessBody<Uint8Array | null> {
    const n = size === undefined || size === null ? -1 : toInt(size)
    const parts: Uint8Array[] = []
    let got = 0
    while (n < 0 || got < n) {
      const chunk = yield* this.drive<Uint8Array | null>(() => this.takeOnce(n < 0 ? 65536 : n - got), { value: null })
      if (chunk === null) return got === 0 ? null : concat(parts)
      if (chunk.length === 0) break
      parts.push(chunk)
      got += chunk.length
    }
    return concat(parts)
  }

  /** `readinto(buf[, nbytes])` → bytes stored (no short reads when blocking); None when non-blocking and nothing. */
  *readinto(buf: Uint8Array, nbytes?: number): ProcessBody<number | null> {
    if (!(buf instanceof Uint8Array)) throw new PyTypeError("object with buffer protocol required")
    const d = yield* this.read(Math.max(0, Math.min(buf.length, nbytes === undefined ? buf.length : toInt(nbytes))))
    if (d === null) return null
    buf.set(d)
    return d.length
  }

  /**
   * `readline()` (py/stream.c `stream_unbuffered_readline`, one byte per read):
   * up to and including "\n", or what is left at EOF; non-blocking: what was
   * read when it would block, None if nothing.
   */
  *readline(limit = -1): ProcessBody<Uint8Array | null> {
    const parts: Uint8Array[] = []
    let got = 0
    while (limit < 0 || got < limit) {
      const b = yield* this.drive<Uint8Array | null>(() => this.takeOnce(1), { value: null })
      if (b === null) return got === 0 ? null : concat(parts)
      if (b.length === 0) break
      parts.push(b)
      got++
      if (b[0] === 10) break
    }
    return concat(parts)
  }

  // ---- writing -----------------------------------------------------------

  /** One `mbedtls_ssl_write`: finishes a pending record, or writes one record of up to maxFragment bytes. */
  private writeOnce(data: Uint8Array): number | WouldBlock {
    const e = this.engine
    if (this.pendingWrite !== undefined) {
      e.flush()
      if (e.out.length > 0) return WOULD_BLOCK
      const n = this.pendingWrite
      this.pendingWrite = undefined
      return n
    }
    if (e.out.length > 0) {
      e.flush()
      if (e.out.length > 0) return WOULD_BLOCK
    }
    const n = Math.min(data.length, e.cfg.maxFragment)
    e.emitAppData(data.subarray(0, n))
    e.flush()
    if (e.state === "failed") return n
    if (e.out.length > 0) {
      this.pendingWrite = n
      return WOULD_BLOCK
    }
    return n
  }

  /**
   * `write(buf)` (py/stream.c `mp_stream_rw`): blocking writes everything,
   * record by record, and returns len(buf); non-blocking returns what was
   * written before it would block, or None if nothing.
   */
  *write(data: Uint8Array | string): ProcessBody<number | null> {
    const b = toBytes(data)
    let done = 0
    while (done < b.length) {
      const n = yield* this.drive<number | null>(() => this.writeOnce(b.subarray(done)), { value: null })
      if (n === null) return done === 0 ? null : done
      done += n
    }
    return done
  }

  /** `send(buf)` (MicroPython `write1`, DTLS builds; Pycom send): one record at most; returns the count (None when non-blocking and it would block). */
  *send(data: Uint8Array | string): ProcessBody<number | null> {
    const b = toBytes(data)
    if (b.length === 0) return 0
    return yield* this.drive<number | null>(() => this.writeOnce(b), { value: null })
  }

  /** `sendall(buf)` = `write` (MicroPython maps it to mp_stream_write_obj). */
  *sendall(data: Uint8Array | string): ProcessBody<number | null> {
    return yield* this.write(data)
  }

  // ---- modes, info, close --------------------------------------------------

  /** `setblocking(flag)`: forwarded to the wrapped socket (modtls_mbedtls.c socket_setblocking). */
  setblocking(flag: boolean | number): void {
    if (this.closed) throw socketError(this.transport.profile, "EBADF")
    this.transport.sock.setblocking(flag)
  }

  /** `settimeout(seconds | None)`: Pycom's SSL socket inherits it; forwarded to the wrapped socket (not in MicroPython's SSLSocket). */
  settimeout(value: number | null | undefined): void {
    if (this.closed) throw socketError(this.transport.profile, "EBADF")
    this.transport.sock.settimeout(value)
  }

  /** `getpeercert(binary_form)`: the peer's DER certificate (client side), None without one; a false binary_form raises NotImplementedError. */
  getpeercert(binaryForm: boolean): Uint8Array | null {
    if (!binaryForm) throw new NotImplementedError()
    return this.engine.peerCertificate?.slice() ?? null
  }

  /** `cipher()` → (ciphersuite, version) as mbedTLS names them, e.g. ("TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256", "TLSv1.2"). */
  cipher(): [string, string] {
    const v = this.engine.version
    return v === undefined ? ["unknown", "unknown"] : [CIPHER_NAME[v], VERSION_NAME[v]]
  }

  /**
   * `close()`: idempotent. Sends close_notify first when the flavour does
   * (Pycom's lwipsocket_socket_close calls mbedtls_ssl_close_notify;
   * MicroPython's SSLSocket close only frees the context and closes the
   * socket), then closes TCP once the queued records are handed over.
   */
  close(): void {
    if (this.closed) return
    this.closed = true
    const e = this.engine
    const sendNotify = this.options.closeNotify && e.state === "open" && this.transport.alive && e.version !== undefined
    if (sendNotify) e.emitAlert(ALERT_WARNING, ALERT_CLOSE_NOTIFY)
    if (e.state !== "failed") e.flush()
    const w = this.transport.world
    if (w.trace.enabled) w.log(this.transport.host.name, "tls.close", { fd: this.transport.sock.fileno(), closeNotify: sendNotify, pending: e.out.length })
    // After a failure MicroPython has already dropped the socket from the SSL object (sock = NULL): close() leaves TCP to its owner.
    const keepTcp = e.failed && this.options.flavour !== "pycom"
    if (keepTcp) {
      /* nothing */
    } else if (e.out.length > 0 && !e.failed && this.transport.alive) this.drainThenClose()
    else this.transport.sock.close()
    this.notifier.notify()
  }

  /** Finishes handing queued records to TCP in the background (as lwIP's tcpip thread would), then closes the socket. */
  private drainThenClose(): void {
    const e = this.engine
    const t = this.transport
    t.host.run(function* () {
      while (e.out.length > 0 && e.state !== "failed" && t.alive) {
        const c = t.conn
        if (c === undefined) break
        yield* waitAny([c.notifier], undefined)
        e.flush()
      }
      t.sock.close()
    }, "tls-close")
  }

  // ---- select.poll ---------------------------------------------------------

  /**
   * Readiness for select.poll. Closed or failed: POLLNVAL (modtls_mbedtls.c
   * socket_ioctl). During the handshake: the TCP socket's readiness. Once
   * open, POLLIN in `record` mode only when a whole record's plaintext (or the
   * end of the stream) is there; in `transport` mode, as MicroPython's ioctl
   * computes it: pending plaintext or any TCP bytes.
   */
  pollEvents(mask: number): number {
    if (this.closed || this.engine.state === "failed") return POLLNVAL
    const sockEv = this.transport.sock.pollEvents(mask)
    if (sockEv & POLLNVAL) return POLLNVAL
    if (!this.handshakeComplete) {
      if (this.engine.state === "idle") return sockEv
      // Mid-handshake mbedTLS needs one direction (poll_mask): only that one is checked, and
      // when it is ready every direction the caller asked for is reported (socket_ioctl).
      const need = this.engine.out.length > 0 ? POLLOUT : POLLIN
      const ev = this.transport.sock.pollEvents(need)
      return ev & need ? (ev & ~need) | (mask & (POLLIN | POLLOUT)) : ev & (POLLHUP | POLLERR)
    }
    let ev = sockEv & (POLLHUP | POLLERR)
    if (mask & POLLIN) {
      if (this.options.pollReadiness === "transport") ev |= (sockEv & POLLIN) | (this.engine.plain.length > 0 ? POLLIN : 0)
      else {
        this.engine.pull(false)
        const c = this.transport.conn
        const ended = c === undefined || (c.rcvBuf.length === 0 && (c.eof || c.error !== undefined))
        if (this.engine.plain.length > 0 || this.engine.peerClosed || this.engine.transportEof || ended) ev |= POLLIN
      }
    }
    if (mask & POLLOUT && sockEv & POLLOUT && this.engine.out.length === 0) ev |= POLLOUT
    return ev
  }

  /** Notifiers whose firing may change readiness. */
  pollNotifiers(): Notifier[] {
    return [this.notifier, ...this.transport.notifiers()]
  }

  /** Context manager (a TypeScript convenience: MicroPython's SSLSocket has no `__enter__`). */
  __enter__(): this {
    return this
  }

  __exit__(): void {
    this.close()
  }

  [Symbol.dispose](): void {
    this.close()
  }
}
