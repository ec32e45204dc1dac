import { formatIPv4 } from "./address.ts"
import type { IpHost } from "./host.ts"
import { Notifier } from "./notifier.ts"
import { ACK, SYN, type TcpSegment } from "./packet.ts"
import { TcpConnection, sendReset } from "./tcp.ts"
import { TcpState } from "./tcp-state.ts"

/**
 * A listening TCP port: SYNs open connections in SYN_RCVD; once the handshake
 * completes they wait in the accept queue. When half-open plus unaccepted
 * connections reach the backlog, further SYNs are refused with RST (the
 * client's connect fails with ECONNREFUSED).
 */
export class TcpListener {
  readonly acceptQueue: TcpConnection[] = []
  private readonly halfOpen = new Set<TcpConnection>()
  readonly notifier = new Notifier()

  constructor(
    readonly host: IpHost,
    readonly port: number,
    public backlog: number,
  ) {}

  /** A segment for the port with no connection yet. */
  input(src: number, seg: TcpSegment): void {
    if (!(seg.flags & SYN) || seg.flags & ACK) {
      sendReset(this.host, src, seg)
      return
    }
    if (this.acceptQueue.length + this.halfOpen.size >= this.backlog) {
      this.host.world.log(this.host.name, "tcp.backlog_full", { port: this.port, from: formatIPv4(src), backlog: this.backlog })
      this.host.world.metrics.inc("tcp.backlog_refused")
      sendReset(this.host, src, seg)
      return
    }
    const c = TcpConnection.accept(this.host, this, src, seg)
    this.halfOpen.add(c)
  }

  /** A half-open connection completed its handshake. */
  established(c: TcpConnection): void {
    if (!this.halfOpen.delete(c)) return
    this.acceptQueue.push(c)
    this.notifier.notify()
  }

  /** A connection of ours died before or after the handshake. */
  lost(c: TcpConnection): void {
    this.halfOpen.delete(c)
  }

  /** Takes the next established connection. */
  take(): TcpConnection | undefined {
    const c = this.acceptQueue.shift()
    if (c !== undefined) c.listener = undefined
    return c
  }

  /** Closes the port; connections never accepted are reset. */
  close(): void {
    if (this.host.listeners.get(this.port) === this) this.host.listeners.delete(this.port)
    for (const c of [...this.halfOpen, ...this.acceptQueue]) {
      c.listener = undefined
      if (c.state !== TcpState.CLOSED) c.abort()
    }
    this.halfOpen.clear()
    this.acceptQueue.length = 0
    this.notifier.notify()
  }
}
