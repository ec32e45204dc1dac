import type { Micros, Simulation } from "../../sim/index.ts"
import { formatIPv4 } from "../ip/address.ts"
import type { IpHost } from "../ip/host.ts"
import type { Notifier } from "../ip/notifier.ts"
import type { TcpConnection } from "../ip/tcp.ts"
import { InetSocket } from "../usocket/inet-socket.ts"
import type { Profile } from "../profile.ts"

/** Reads the protected state of an InetSocket that the TLS layer sits on (never constructed). */
class Peek extends InetSocket {
  static conn(s: InetSocket): TcpConnection | undefined {
    return (s as Peek).conn
  }
  static timeout(s: InetSocket): Micros | undefined {
    return (s as Peek).timeoutUs
  }
  static host(s: InetSocket): IpHost {
    return (s as Peek).host
  }
  static alive(s: InetSocket): boolean {
    try {
      ;(s as Peek).check()
      return true
    } catch {
      return false
    }
  }
}

/**
 * The TCP stream under a TLS session: the wrapped AF_INET socket's connection,
 * timeout and host, as MicroPython's `_mbedtls_ssl_send` / `_mbedtls_ssl_recv`
 * reach the socket below them through its stream protocol.
 */
export class Transport {
  constructor(readonly sock: InetSocket) {}

  /** The TCP connection (undefined before connect / after a refused connect). */
  get conn(): TcpConnection | undefined {
    return Peek.conn(this.sock)
  }

  /** The socket's timeout: undefined blocking, 0 non-blocking, else µs. */
  get timeoutUs(): Micros | undefined {
    return Peek.timeout(this.sock)
  }

  /** Is the socket open (not closed, its host not crashed since)? */
  get alive(): boolean {
    return Peek.alive(this.sock)
  }

  get host(): IpHost {
    return Peek.host(this.sock)
  }

  get world(): Simulation {
    return this.host.world
  }

  get profile(): Profile {
    return this.sock.profile
  }

  /** The names a fault may use for the far end: dotted IP and node name. */
  peerNames(): string[] {
    const c = this.conn
    if (c === undefined) return []
    const peer = this.host.network.hostAt(c.remoteIp)
    return peer === undefined ? [formatIPv4(c.remoteIp)] : [formatIPv4(c.remoteIp), peer.name]
  }

  /** The names a fault may use for this end: dotted IP and node name. */
  ownNames(): string[] {
    return [this.host.address, this.host.name]
  }

  /** Notifiers whose firing may change what the session can do. */
  notifiers(): Notifier[] {
    return this.sock.pollNotifiers()
  }
}
