import type { ProcessBody } from "../../sim/index.ts"
import type { Device } from "../device.ts"
import { formatIPv4 } from "../ip/address.ts"
import type { TcpConnection } from "../ip/tcp.ts"
import { TcpState } from "../ip/tcp-state.ts"
import { parseSockAddr, toBytes, toInt, type SockAddr } from "./args.ts"
import { PyTypeError, ValueError } from "../errors/errors.ts"
import { EMPTY, SocketCore, WOULD_BLOCK, type WouldBlock } from "./socket-core.ts"

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/**
 * An AF_INET socket as MicroPython scripts see it: every method of the seed
 * documents. Blocking calls are generators (`yield* s.recv(64)`), the others
 * plain calls. Profiles select the port differences (errno numbers, Pycom's
 * b'' from a non-blocking recv and TimeoutError, QuecPython's accept triple
 * and getsocketsta). Misuse raises what MicroPython raises (ERRORS.md).
 */
export class InetSocket extends SocketCore {
  constructor(device: Device, type: unknown = 1, proto: unknown = 0) {
    super(device, type, proto)
  }

  protected override adopt(c: TcpConnection): InetSocket {
    const device = this.host.device
    if (device === undefined) throw new Error("accept on a host without a device")
    const s = new InetSocket(device, 1, 0)
    s.setAccepted(c, this.timeoutUs)
    return s
  }

  /** `accept()` → `(conn, (ip, port))`, or `(conn, ip, port)` on QuecPython. Not listening → EINVAL. */
  override *accept(): ProcessBody<[InetSocket, SockAddr] | [InetSocket, string, number]> {
    return (yield* super.accept()) as [InetSocket, SockAddr] | [InetSocket, string, number]
  }

  /** One attempt to take up to `n` received bytes (TCP), or WOULD_BLOCK. */
  private tcpTake(n: number, wantLine = false): Uint8Array | WouldBlock {
    const c = this.conn
    if (c === undefined) throw this.err("ENOTCONN")
    if (c.rcvBuf.length > 0) {
      if (wantLine) {
        const i = c.rcvBuf.indexOf(10)
        if (i >= 0) return c.read(Math.min(n, i + 1))
        if (c.rcvBuf.length < n && !c.eof && c.error === undefined && !this.isNonBlocking) return WOULD_BLOCK
      }
      return c.read(n)
    }
    if (c.eof) return EMPTY
    const e = this.takeError(c)
    if (e !== undefined) throw this.err(e)
    if (c.state === TcpState.CLOSED) return EMPTY
    return WOULD_BLOCK
  }

  private checkConnectedForRead(): void {
    if (this.kind === "tcp" && this.conn === undefined) throw this.err("ENOTCONN")
  }

  /** `recv(bufsize)`: up to bufsize bytes; b'' at EOF. No data: blocks / EAGAIN (Pycom: b'') / timeout. */
  *recv(bufsize: number): ProcessBody<Uint8Array> {
    this.check()
    const n = toInt(bufsize)
    if (n < 0) throw new ValueError("negative buffersize in recv")
    if (this.kind === "udp") return (yield* this.recvfrom(n))[0]
    this.checkConnectedForRead()
    if (n === 0) return EMPTY
    const data = yield* this.block(() => this.tcpTake(n), this.profile.nonBlockingRecvReturnsEmpty ? { value: EMPTY } : undefined)
    if (this.tracing) this.trace("usocket.recv", { bytes: data.length })
    return data
  }

  /** `recvfrom(bufsize)` → (bytes, (ip, port)); a UDP datagram longer than bufsize is truncated. */
  *recvfrom(bufsize: number): ProcessBody<[Uint8Array, SockAddr]> {
    this.check()
    const n = toInt(bufsize)
    if (n < 0) throw new ValueError("negative buffersize in recvfrom")
    if (this.kind === "tcp") {
      this.checkConnectedForRead()
      const data = yield* this.recv(n)
      const c = this.conn as TcpConnection
      return [data, [formatIPv4(c.remoteIp), c.remotePort]]
    }
    const empty: [Uint8Array, SockAddr] = [EMPTY, ["0.0.0.0", 0]]
    return yield* this.block(
      () => {
        const d = this.udp?.queue.shift()
        if (d === undefined) return WOULD_BLOCK
        if (this.tracing) this.trace("usocket.recvfrom", { bytes: d.data.length, from: `${formatIPv4(d.srcIp)}:${d.srcPort}` })
        return [d.data.length > n ? d.data.slice(0, n) : d.data, [formatIPv4(d.srcIp), d.srcPort]] as [Uint8Array, SockAddr]
      },
      this.profile.nonBlockingRecvReturnsEmpty ? { value: empty } : undefined,
    )
  }

  /** One attempt to queue bytes for sending (TCP), or WOULD_BLOCK. */
  private tcpPut(data: Uint8Array): number | WouldBlock {
    const c = this.conn
    if (c === undefined) throw this.err("ENOTCONN")
    if (c.state === TcpState.SYN_SENT) return WOULD_BLOCK
    const e = this.takeError(c)
    if (e !== undefined) throw this.err(e)
    if (!c.canSend()) throw this.err(c.state === TcpState.CLOSED ? "EPIPE" : "ENOTCONN")
    if (data.length === 0) return 0
    const n = c.write(data)
    return n > 0 ? n : WOULD_BLOCK
  }

  /**
   * `send(bytes)` → bytes queued, possibly fewer than given (short write; not on
   * Pycom's blocking sockets, see `Profile.blockingSendWritesAll`). Unconnected
   * TCP → ENOTCONN; UDP without connect → EDESTADDRREQ.
   */
  *send(data: Uint8Array | string): ProcessBody<number> {
    this.check()
    const b = toBytes(data)
    if (this.kind === "udp") {
      if (this.remote === undefined) throw this.err("EDESTADDRREQ")
      return this.sendDatagram(b, this.remote)
    }
    if (this.conn === undefined) throw this.err("ENOTCONN")
    const n = this.profile.blockingSendWritesAll && !this.isNonBlocking ? ((yield* this.write(b)) ?? 0) : yield* this.block(() => this.tcpPut(b))
    if (this.tracing) this.trace("usocket.send", { bytes: n })
    return n
  }

  /** `sendall(bytes)`: sends everything, chunk by chunk (on a non-blocking socket: as `write`). */
  *sendall(data: Uint8Array | string): ProcessBody<void> {
    yield* this.write(data)
  }

  /** `sendto(bytes, (ip, port))` for UDP. On TCP: EISCONN when connected, else ENOTCONN. */
  *sendto(data: Uint8Array | string, address: SockAddr): ProcessBody<number> {
    this.check()
    const b = toBytes(data)
    const a = parseSockAddr(address)
    if (this.kind === "tcp") throw this.err(this.conn !== undefined ? "EISCONN" : "ENOTCONN")
    const n = this.sendDatagram(b, a)
    if (this.tracing) this.trace("usocket.sendto", { bytes: n, to: `${formatIPv4(a.ip)}:${a.port}` })
    return n
  }

  /**
   * `write(buf)`: no short writes on a blocking socket (returns len(buf)); a
   * non-blocking one writes what fits and returns that count, or None (null)
   * when nothing fit. A timeout with nothing written raises the timeout error.
   */
  *write(data: Uint8Array | string): ProcessBody<number | null> {
    this.check()
    const b = toBytes(data)
    if (this.kind === "udp") return yield* this.send(b)
    if (this.conn === undefined) throw this.err("ENOTCONN")
    let done = 0
    while (done < b.length) {
      let n: number
      try {
        n = yield* this.block(() => this.tcpPut(b.subarray(done)))
      } catch (e) {
        if (done > 0 && !this.isNonBlocking) return done
        if (this.isNonBlocking && done === 0 && e instanceof Error && (e as { code?: string }).code === "EAGAIN") return null
        if (this.isNonBlocking && done > 0) return done
        throw e
      }
      done += n
      if (this.isNonBlocking && done < b.length) {
        const more = this.tcpPut(b.subarray(done))
        if (more === WOULD_BLOCK) return done
        done += more
      }
    }
    return done
  }

  /**
   * `read([size])`: no short reads — waits for `size` bytes or EOF. Without
   * size: `readall()`. Non-blocking: what is there, or None (null) if nothing.
   */
  *read(size?: number): ProcessBody<Uint8Array | null> {
    if (size === undefined) return yield* this.readall()
    this.check()
    const n = toInt(size)
    if (n < 0) return yield* this.readall()
    if (this.kind === "udp") return yield* this.recv(n)
    this.checkConnectedForRead()
    const parts: Uint8Array[] = []
    let got = 0
    while (got < n) {
      let chunk: Uint8Array
      try {
        chunk = yield* this.block(() => this.tcpTake(n - got))
      } catch (e) {
        if (this.isNonBlocking && (e as { code?: string }).code === "EAGAIN") return got === 0 ? null : concat(parts)
        throw e
      }
      if (chunk.length === 0) break
      parts.push(chunk)
      got += chunk.length
    }
    return concat(parts)
  }

  /** `readall()`: everything until the peer closes (Pycom; elsewhere `read()` without size). */
  *readall(): ProcessBody<Uint8Array | null> {
    this.check()
    if (this.kind === "udp") return yield* this.recv(65507)
    this.checkConnectedForRead()
    const parts: Uint8Array[] = []
    for (;;) {
      let chunk: Uint8Array
      try {
        chunk = yield* this.block(() => this.tcpTake(65536))
      } catch (e) {
        if (this.isNonBlocking && (e as { code?: string }).code === "EAGAIN") return parts.length === 0 ? null : concat(parts)
        throw e
      }
      if (chunk.length === 0) return concat(parts)
      parts.push(chunk)
    }
  }

  /** `readinto(buf[, nbytes])` → bytes stored (no short reads); None (null) when non-blocking and nothing there. */
  *readinto(buf: Uint8Array, nbytes?: number): ProcessBody<number | null> {
    if (!(buf instanceof Uint8Array)) throw new PyTypeError("object with buffer protocol required")
    const n = Math.min(buf.length, nbytes === undefined ? buf.length : toInt(nbytes))
    const data = yield* this.read(Math.max(0, n))
    if (data === null) return null
    buf.set(data)
    return data.length
  }

  /**
   * `readline()`: bytes up to and including "\n", or what is left at EOF.
   * Non-blocking with nothing to read: None (null), as MicroPython's stream
   * readline does (py/stream.c `stream_unbuffered_readline`); Pycom's socket
   * layer answers b'' there as for `recv` (`Profile.nonBlockingRecvReturnsEmpty`).
   */
  *readline(): ProcessBody<Uint8Array | null> {
    this.check()
    if (this.kind === "udp") return yield* this.recv(65507)
    this.checkConnectedForRead()
    const parts: Uint8Array[] = []
    for (;;) {
      const nothing = parts.length === 0 && !this.profile.nonBlockingRecvReturnsEmpty ? null : EMPTY
      const chunk = yield* this.block<Uint8Array | null>(() => this.tcpTake(65536, true), { value: nothing })
      if (chunk === null) return null
      if (chunk.length === 0) return concat(parts)
      parts.push(chunk)
      if (chunk[chunk.length - 1] === 10 || this.isNonBlocking) return concat(parts)
    }
  }

  /** `makefile(mode='rb', buffering=0)`: MicroPython returns the socket itself (a no-op); only binary modes. */
  makefile(mode = "rb", buffering = 0): this {
    void buffering
    if (typeof mode !== "string") throw new PyTypeError("can't convert to str")
    if (!/^[rwb]+$/.test(mode)) throw new ValueError("invalid mode")
    return this
  }

  /** Context manager: `__enter__` returns the socket. */
  __enter__(): this {
    return this
  }

  /** Context manager: `__exit__` closes the socket. */
  __exit__(): void {
    this.close()
  }

  /** `using s = …` in TypeScript closes the socket at scope end. */
  [Symbol.dispose](): void {
    this.close()
  }
}
