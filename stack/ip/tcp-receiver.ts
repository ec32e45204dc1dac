import { ByteQueue } from "./byte-queue.ts"

const EMPTY = new Uint8Array(0)

/** What one arriving segment did to the receive side. */
export interface ReceiveResult {
  /** New in-order bytes (or the FIN) became readable. */
  readonly progressed: boolean
  /** The peer's FIN was consumed in order just now. */
  readonly finNow: boolean
}

/**
 * The receive side of a TCP connection (RFC 793 §3.3, §3.9 "SEGMENT ARRIVES"):
 * RCV.NXT, the receive buffer the application reads (its free space is the
 * advertised window), and the out-of-order queue that fills holes when the
 * missing segment arrives (lwIP TCP_QUEUE_OOSEQ).
 */
export class TcpReceiver {
  rcvNxt = 0
  readonly buf = new ByteQueue()
  private readonly ooo = new Map<number, Uint8Array>()
  private peerFinSeq = -1
  /** The peer's FIN has been consumed in order. */
  eof = false

  constructor(readonly limit: number) {}

  /** Free buffer space: the window we advertise. */
  window(): number {
    return Math.max(0, this.limit - this.buf.length)
  }

  /** Takes the data (and FIN) of a segment starting at `seq`. */
  segment(seq: number, data: Uint8Array, fin: boolean): ReceiveResult {
    const finSeq = fin ? seq + data.length : -1
    if (seq < this.rcvNxt) {
      const trim = this.rcvNxt - seq
      data = trim >= data.length ? EMPTY : data.subarray(trim)
      seq = this.rcvNxt
    }
    if (finSeq >= this.rcvNxt) this.peerFinSeq = finSeq
    let progressed = false
    if (seq === this.rcvNxt) {
      progressed = this.append(data)
      for (let again = true; again; ) {
        again = false
        for (const [k, d] of this.ooo) {
          if (k > this.rcvNxt) continue
          this.ooo.delete(k)
          if (k + d.length > this.rcvNxt) progressed = this.append(d.subarray(this.rcvNxt - k)) || progressed
          again = true
        }
      }
    } else if (data.length > 0 && seq < this.rcvNxt + this.window()) {
      const old = this.ooo.get(seq)
      if (old === undefined || old.length < data.length) this.ooo.set(seq, data)
    }
    let finNow = false
    if (this.peerFinSeq >= 0 && this.rcvNxt === this.peerFinSeq && !this.eof) {
      this.rcvNxt++
      this.eof = true
      finNow = true
      progressed = true
    }
    return { progressed, finNow }
  }

  /** Appends in-order bytes, cut at the free space. */
  private append(data: Uint8Array): boolean {
    const n = Math.min(data.length, this.window())
    if (n <= 0) return false
    this.buf.push(n === data.length ? data : data.subarray(0, n))
    this.rcvNxt += n
    return true
  }
}
