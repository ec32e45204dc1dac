import type { EventHandler, EventId } from "../../sim/index.ts"
import type { TcpConnection } from "./tcp.ts"
import { TcpState } from "./tcp-state.ts"

/** lwIP opt.h TCP_KEEPINTVL_DEFAULT: 75000 ms between keep-alive probes. */
export const KEEPALIVE_INTERVAL = 75_000_000
/** lwIP opt.h TCP_KEEPCNT_DEFAULT: 9 unanswered probes, then the connection fails (ETIMEDOUT). */
export const KEEPALIVE_COUNT = 9

/**
 * TCP keep-alive (RFC 1122 §4.2.3.6, lwIP's timer): after `idle` µs without a
 * segment from the peer, probe every 75 s; 9 unanswered probes fail the
 * connection with ETIMEDOUT. Any segment from the peer re-arms it.
 */
export class TcpKeepalive implements EventHandler {
  private idle = 0
  private probes = 0
  private timer: EventId = -1

  constructor(private readonly conn: TcpConnection) {}

  /** Sets the idle time (0: off) and arms the timer. */
  set(idle: number): void {
    this.idle = idle
    this.heard()
  }

  /** A segment arrived from the peer. */
  heard(): void {
    if (this.idle <= 0) return
    this.stop()
    this.probes = 0
    this.timer = this.conn.host.world.after(this.idle, this, undefined)
  }

  stop(): void {
    if (this.timer >= 0) this.conn.host.world.cancel(this.timer)
    this.timer = -1
  }

  onEvent(): void {
    this.timer = -1
    const s = this.conn.state
    if (s !== TcpState.ESTABLISHED && s !== TcpState.CLOSE_WAIT) return
    if (this.probes >= KEEPALIVE_COUNT) {
      this.conn.fail("ETIMEDOUT")
      return
    }
    this.probes++
    this.conn.sendKeepaliveProbe(this.probes)
    this.timer = this.conn.host.world.after(KEEPALIVE_INTERVAL, this, undefined)
  }
}
