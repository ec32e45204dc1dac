import type { EventHandler, EventId } from "../../sim/index.ts"
import type { ErrnoName } from "../errors/errno.ts"
import { formatIPv4 } from "./address.ts"
import { ByteQueue } from "./byte-queue.ts"
import { TcpReceiver } from "./tcp-receiver.ts"
import { TcpKeepalive } from "./tcp-keepalive.ts"
import { connKey, sendReset } from "./tcp-reset.ts"
import { DUPACK_THRESHOLD, TCP_MAXRTX, TCP_MSL, TCP_SND_BUF_MSS, TCP_SYNMAXRTX, TCP_WND_MSS, mssForMtu } from "./constants.ts"
import type { IpHost } from "./host.ts"
import { Notifier } from "./notifier.ts"
import { ACK, FIN, PSH, RST, SYN, flagNames, type TcpSegment } from "./packet.ts"
import { RtoEstimator } from "./tcp-rto.ts"
import { TcpState, tcpStateName } from "./tcp-state.ts"
import type { TcpListener } from "./tcp-listener.ts"

const RTX = 1
const TIME_WAIT_OVER = 2
const EMPTY = new Uint8Array(0)
/** RFC 879 default MSS when a SYN carries no MSS option. */
const DEFAULT_PEER_MSS = 536

export { connKey, sendReset }

/**
 * One TCP connection (RFC 793): three-way handshake, sequence and ACK numbers,
 * MSS segmentation, sliding-window flow control with an out-of-order queue,
 * retransmission on an RFC 6298 timer with exponential back-off and Karn's
 * rule, go-back-N after a timeout, fast retransmit on three duplicate ACKs
 * (RFC 5681; no congestion window is modelled), FIN/half-close, RST, TIME_WAIT
 * for 2·MSL, keep-alive probes. ACKs are sent at once (no delayed ACK).
 */
export class TcpConnection implements EventHandler {
  state: number
  /** The error the socket reports next (ECONNRESET, ECONNREFUSED, ETIMEDOUT), once failed. */
  error: ErrnoName | undefined = undefined
  readonly notifier = new Notifier()
  readonly key: string
  /** Our maximum segment size (min of ours and the peer's). */
  mss: number
  iss: number
  sndUna: number
  sndNxt: number
  sndMax: number
  sndWnd = 0
  readonly sndBuf = new ByteQueue()
  private sndBufStart: number
  readonly sndBufLimit: number
  private finQueued = false
  private finSeq = -1
  /** The receive side: RCV.NXT, the receive buffer, the out-of-order queue. */
  readonly rx: TcpReceiver
  private rtxTimer: EventId = -1
  private otherTimer: EventId = -1
  rtxCount = 0
  readonly rto = new RtoEstimator()
  private timing: { seq: number; at: number } | undefined = undefined
  private dupAcks = 0
  private readonly keepalive = new TcpKeepalive(this)
  /** Retransmissions and timeouts, for metrics. */
  retransmits = 0
  listener: TcpListener | undefined

  constructor(
    readonly host: IpHost,
    readonly localPort: number,
    readonly remoteIp: number,
    readonly remotePort: number,
    state: number,
  ) {
    this.state = state
    this.key = connKey(localPort, remoteIp, remotePort)
    this.mss = mssForMtu(host.network.link(host.ip, remoteIp).spec.mtu)
    this.iss = host.world.rng(`tcp/${host.name}/iss`).int(0, 0x7fffffff)
    this.sndUna = this.sndNxt = this.sndMax = this.iss
    this.sndBufStart = this.iss + 1
    this.rx = new TcpReceiver(host.tcpRcvBuf ?? TCP_WND_MSS * this.mss)
    this.sndBufLimit = host.tcpSndBuf ?? TCP_SND_BUF_MSS * this.mss
    host.conns.set(this.key, this)
  }

  /** RCV.NXT. */
  get rcvNxt(): number {
    return this.rx.rcvNxt
  }

  /** Received bytes the application has not read yet. */
  get rcvBuf(): ByteQueue {
    return this.rx.buf
  }

  /** The peer's FIN has been received in order: reads return EOF once the buffer is empty. */
  get eof(): boolean {
    return this.rx.eof
  }

  /** Active open: sends SYN (state SYN_SENT). */
  static connect(host: IpHost, localPort: number, remoteIp: number, remotePort: number): TcpConnection {
    const c = new TcpConnection(host, localPort, remoteIp, remotePort, TcpState.SYN_SENT)
    c.log("tcp.state", { to: "SYN_SENT" })
    c.output()
    return c
  }

  /** Passive open from a listener's SYN: sends SYN|ACK (state SYN_RCVD). */
  static accept(host: IpHost, listener: TcpListener, remoteIp: number, syn: TcpSegment): TcpConnection {
    const c = new TcpConnection(host, syn.dstPort, remoteIp, syn.srcPort, TcpState.SYN_RCVD)
    c.listener = listener
    c.rx.rcvNxt = syn.seq + 1
    c.sndWnd = syn.wnd
    c.mss = Math.min(c.mss, syn.mss || DEFAULT_PEER_MSS)
    c.log("tcp.state", { to: "SYN_RCVD" })
    c.output()
    return c
  }

  private log(kind: string, fields: Record<string, unknown>): void {
    const w = this.host.world
    if (w.trace.enabled) w.log(this.host.name, kind, { lport: this.localPort, peer: `${formatIPv4(this.remoteIp)}:${this.remotePort}`, ...fields })
  }

  private setState(s: number): void {
    if (s === this.state) return
    this.log("tcp.state", { from: tcpStateName(this.state), to: tcpStateName(s) })
    this.state = s
    this.notifier.notify()
  }

  /** Receive window we advertise: free receive-buffer space. */
  rcvWnd(): number {
    return this.rx.window()
  }

  private segment(flags: number, seq: number, data: Uint8Array): void {
    this.host.sendTcp(this.remoteIp, {
      proto: "tcp", srcPort: this.localPort, dstPort: this.remotePort, seq,
      ack: flags & ACK ? this.rcvNxt : 0, flags, wnd: this.rcvWnd(), mss: flags & SYN ? this.mss : 0, data,
    })
  }

  private sendAck(): void {
    this.segment(ACK, this.sndNxt, EMPTY)
  }

  private startTimer(): void {
    const w = this.host.world
    if (this.rtxTimer >= 0) w.cancel(this.rtxTimer)
    this.rtxTimer = w.after(this.rto.rto, this, RTX)
  }

  private stopTimer(): void {
    if (this.rtxTimer >= 0) this.host.world.cancel(this.rtxTimer)
    this.rtxTimer = -1
  }

  /** Sends whatever the window allows: SYN, data segments, FIN. */
  output(): void {
    const s = this.state
    if (s === TcpState.SYN_SENT || s === TcpState.SYN_RCVD) {
      if (this.sndNxt === this.iss) {
        this.segment(s === TcpState.SYN_SENT ? SYN : SYN | ACK, this.iss, EMPTY)
        if (this.timing === undefined && this.rtxCount === 0) this.timing = { seq: this.iss + 1, at: this.host.world.now }
        this.sndNxt = this.iss + 1
        this.sndMax = Math.max(this.sndMax, this.sndNxt)
      }
      if (this.rtxTimer < 0) this.startTimer()
      return
    }
    if (s !== TcpState.ESTABLISHED && s !== TcpState.CLOSE_WAIT && s !== TcpState.FIN_WAIT_1 && s !== TcpState.CLOSING && s !== TcpState.LAST_ACK) return
    for (;;) {
      const off = this.sndNxt - this.sndBufStart
      const avail = this.sndBuf.length - off
      const n = Math.min(this.mss, avail, this.sndUna + this.sndWnd - this.sndNxt)
      if (n > 0) {
        const fresh = this.sndNxt >= this.sndMax
        this.segment(ACK | (n === avail ? PSH : 0), this.sndNxt, this.sndBuf.peek(off, n))
        if (fresh && this.timing === undefined) this.timing = { seq: this.sndNxt + n, at: this.host.world.now }
        if (!fresh) this.retransmits++
        this.sndNxt += n
        this.sndMax = Math.max(this.sndMax, this.sndNxt)
        continue
      }
      if (this.finQueued && avail === 0 && (this.finSeq < 0 || this.sndNxt === this.finSeq)) {
        this.finSeq = this.sndNxt
        this.segment(FIN | ACK, this.sndNxt, EMPTY)
        this.sndNxt += 1
        this.sndMax = Math.max(this.sndMax, this.sndNxt)
      }
      break
    }
    const waitingForWindow = this.sndBuf.length - (this.sndNxt - this.sndBufStart) > 0 && this.sndWnd === 0
    if ((this.sndMax > this.sndUna || waitingForWindow) && this.rtxTimer < 0) this.startTimer()
  }

  /** Kernel entry: a timer fired. */
  onEvent(data: unknown): void {
    if (data === RTX) this.onRtxTimer()
    else if (data === TIME_WAIT_OVER) {
      this.otherTimer = -1
      this.setState(TcpState.CLOSED)
      this.remove()
    }
  }

  private onRtxTimer(): void {
    this.rtxTimer = -1
    if (this.state === TcpState.CLOSED || this.state === TcpState.TIME_WAIT) return
    const pending = this.sndBuf.length - (this.sndUna - this.sndBufStart) > 0
    if (this.sndWnd === 0 && pending && this.state !== TcpState.SYN_SENT && this.state !== TcpState.SYN_RCVD) {
      // Persist timer (RFC 1122 §4.2.2.17): probe the closed window with one byte;
      // a peer that keeps answering is never given up on.
      this.rto.backoff()
      this.timing = undefined
      this.sndNxt = this.sndUna
      this.probe()
      this.startTimer()
      return
    }
    if (this.sndMax <= this.sndUna) return
    this.rtxCount++
    const synState = this.state === TcpState.SYN_SENT || this.state === TcpState.SYN_RCVD
    if (this.rtxCount > (synState ? TCP_SYNMAXRTX : TCP_MAXRTX)) {
      this.fail("ETIMEDOUT")
      return
    }
    this.rto.backoff()
    this.timing = undefined // Karn's rule
    this.dupAcks = 0
    this.log("tcp.rto", { una: this.sndUna, count: this.rtxCount, rto: this.rto.rto })
    this.host.world.metrics.inc("tcp.rto")
    this.sndNxt = synState ? this.iss : this.sndUna
    this.startTimer()
    this.output()
  }

  /** Sends one byte beyond a zero window (a window probe); it counts as sent. */
  private probe(): void {
    const off = this.sndNxt - this.sndBufStart
    if (this.sndBuf.length <= off) return
    this.segment(ACK, this.sndNxt, this.sndBuf.peek(off, 1))
    this.sndNxt += 1
    this.sndMax = Math.max(this.sndMax, this.sndNxt)
  }

  /** Handles an arriving segment. */
  input(seg: TcpSegment): void {
    this.keepalive.heard()
    const f = seg.flags
    if (f & RST) {
      if (this.state === TcpState.SYN_SENT) {
        if (f & ACK && seg.ack === this.sndNxt) this.fail("ECONNREFUSED")
        return
      }
      if (seg.seq >= this.rcvNxt && seg.seq <= this.rcvNxt + Math.max(1, this.rcvWnd())) {
        if (this.state === TcpState.TIME_WAIT || (this.state === TcpState.SYN_RCVD && this.listener !== undefined)) {
          this.setState(TcpState.CLOSED)
          this.remove()
        } else this.fail("ECONNRESET")
      }
      return
    }
    if (this.state === TcpState.SYN_SENT) {
      if (f & SYN && f & ACK && seg.ack === this.iss + 1) {
        this.rx.rcvNxt = seg.seq + 1
        this.mss = Math.min(this.mss, seg.mss || DEFAULT_PEER_MSS)
        this.newAck(seg)
        this.sndWnd = seg.wnd
        this.setState(TcpState.ESTABLISHED)
        this.sendAck()
        this.output()
      } else if (f & ACK) sendReset(this.host, this.remoteIp, seg)
      return
    }
    if (f & SYN) {
      // A retransmitted SYN or SYN|ACK: our answer was lost.
      if (this.state === TcpState.SYN_RCVD) this.segment(SYN | ACK, this.iss, EMPTY)
      else this.sendAck()
      return
    }
    if (f & ACK) {
      if (seg.ack > this.sndUna && seg.ack <= this.sndMax) {
        this.newAck(seg)
        this.sndWnd = seg.wnd
        if (this.state === TcpState.CLOSED) return
        this.output()
      } else if (seg.ack === this.sndUna) {
        if (seg.wnd === 0) this.rtxCount = 0
        const opened = seg.wnd > this.sndWnd
        if (seg.data.length === 0 && !(f & FIN) && this.sndMax > this.sndUna && !opened) {
          if (++this.dupAcks === DUPACK_THRESHOLD) this.fastRetransmit()
        }
        this.sndWnd = seg.wnd
        if (opened) this.output()
      }
    }
    const s = this.state
    if (s === TcpState.ESTABLISHED || s === TcpState.FIN_WAIT_1 || s === TcpState.FIN_WAIT_2) this.receiveData(seg)
    else if ((s === TcpState.CLOSE_WAIT || s === TcpState.CLOSING || s === TcpState.LAST_ACK || s === TcpState.TIME_WAIT) && (seg.data.length > 0 || f & FIN)) {
      this.sendAck()
      if (s === TcpState.TIME_WAIT) this.enterTimeWait()
    }
  }

  private fastRetransmit(): void {
    const off = this.sndUna - this.sndBufStart
    const n = Math.min(this.mss, this.sndBuf.length - off)
    this.log("tcp.fast_rtx", { una: this.sndUna })
    this.host.world.metrics.inc("tcp.fast_rtx")
    this.timing = undefined
    this.retransmits++
    if (n > 0) this.segment(ACK, this.sndUna, this.sndBuf.peek(off, n))
    else if (this.finSeq === this.sndUna) this.segment(FIN | ACK, this.sndUna, EMPTY)
    this.startTimer()
  }

  private newAck(seg: TcpSegment): void {
    const ack = seg.ack
    if (this.state === TcpState.SYN_RCVD) {
      this.setState(TcpState.ESTABLISHED)
      this.listener?.established(this)
    }
    const acked = Math.min(ack, this.sndBufStart + this.sndBuf.length) - this.sndBufStart
    if (acked > 0) {
      this.sndBuf.drop(acked)
      this.sndBufStart += acked
    }
    this.sndUna = ack
    if (this.sndNxt < ack) this.sndNxt = ack
    if (this.timing !== undefined && ack >= this.timing.seq) {
      this.rto.sample(this.host.world.now - this.timing.at)
      this.timing = undefined
    }
    this.rtxCount = 0
    this.dupAcks = 0
    if (this.sndUna >= this.sndMax) this.stopTimer()
    else this.startTimer()
    if (this.finSeq >= 0 && ack > this.finSeq) {
      if (this.state === TcpState.FIN_WAIT_1) this.setState(TcpState.FIN_WAIT_2)
      else if (this.state === TcpState.CLOSING) this.enterTimeWait()
      else if (this.state === TcpState.LAST_ACK) {
        this.setState(TcpState.CLOSED)
        this.remove()
        return
      }
    }
    this.notifier.notify()
  }

  private receiveData(seg: TcpSegment): void {
    const duplicate = seg.seq < this.rcvNxt
    const r = this.rx.segment(seg.seq, seg.data, (seg.flags & FIN) !== 0)
    if (r.finNow) {
      if (this.state === TcpState.ESTABLISHED) this.setState(TcpState.CLOSE_WAIT)
      else if (this.state === TcpState.FIN_WAIT_1) {
        if (this.finSeq >= 0 && this.sndUna > this.finSeq) this.enterTimeWait()
        else this.setState(TcpState.CLOSING)
      } else if (this.state === TcpState.FIN_WAIT_2) this.enterTimeWait()
    }
    if (seg.data.length > 0 || seg.flags & FIN || duplicate) this.sendAck()
    if (r.progressed) this.notifier.notify()
  }

  private enterTimeWait(): void {
    this.stopTimer()
    this.setState(TcpState.TIME_WAIT)
    const w = this.host.world
    if (this.otherTimer >= 0) w.cancel(this.otherTimer)
    this.otherTimer = w.after(2 * TCP_MSL, this, TIME_WAIT_OVER)
  }

  // ---- keep-alive ------------------------------------------------------------

  /** Starts keep-alive probing after `idle` µs without a segment from the peer (0: off). */
  setKeepalive(idle: number): void {
    this.keepalive.set(idle)
  }

  /** A keep-alive probe: an ACK one below SND.UNA, which the peer must answer (RFC 1122 §4.2.3.6). */
  sendKeepaliveProbe(probe: number): void {
    this.log("tcp.keepalive", { probe })
    this.segment(ACK, this.sndUna - 1, EMPTY)
  }

  // ---- application side ---------------------------------------------------

  /** Space left in the send buffer. */
  sendSpace(): number {
    return Math.max(0, this.sndBufLimit - this.sndBuf.length)
  }

  /** Can the application still send (connection open for writing)? */
  canSend(): boolean {
    return (this.state === TcpState.ESTABLISHED || this.state === TcpState.CLOSE_WAIT) && !this.finQueued
  }

  /** Queues up to the free space of `data`; returns how many bytes were taken. */
  write(data: Uint8Array): number {
    const n = Math.min(data.length, this.sendSpace())
    if (n > 0) {
      this.sndBuf.push(data.slice(0, n))
      this.output()
    }
    return n
  }

  /** Takes up to `n` received bytes; sends a window update when the window reopens. */
  read(n: number): Uint8Array {
    const before = this.rcvWnd()
    const out = this.rcvBuf.take(n)
    if (out.length > 0 && before < this.mss && this.rcvWnd() >= this.mss && this.state !== TcpState.CLOSED) this.sendAck()
    return out
  }

  /** The application closes: FIN after queued data, or RST if received data was never read (as lwIP's tcp_close). */
  close(): void {
    switch (this.state) {
      case TcpState.SYN_SENT:
      case TcpState.CLOSED:
        this.setState(TcpState.CLOSED)
        this.remove()
        return
      case TcpState.SYN_RCVD:
      case TcpState.ESTABLISHED:
      case TcpState.CLOSE_WAIT:
        if (this.rcvBuf.length > 0) {
          this.abort()
          return
        }
        this.finQueued = true
        this.setState(this.state === TcpState.CLOSE_WAIT ? TcpState.LAST_ACK : TcpState.FIN_WAIT_1)
        this.output()
        return
    }
  }

  /** Sends RST and drops the connection. */
  abort(): void {
    if (this.state !== TcpState.CLOSED && this.state !== TcpState.SYN_SENT && this.state !== TcpState.TIME_WAIT) this.segment(RST | ACK, this.sndNxt, EMPTY)
    this.setState(TcpState.CLOSED)
    this.remove()
  }

  /** The connection fails with `errno` (reported by the socket's next call). */
  fail(errno: ErrnoName): void {
    this.log("tcp.error", { errno })
    this.host.world.metrics.inc(`tcp.error.${errno}`)
    this.error = errno
    this.setState(TcpState.CLOSED)
    this.remove()
    this.notifier.notify()
  }

  /** The host crashed: the connection disappears without a packet. */
  vanish(): void {
    this.error = "EBADF"
    this.state = TcpState.CLOSED
    this.stopTimer()
    if (this.otherTimer >= 0) this.host.world.cancel(this.otherTimer)
    this.keepalive.stop()
    this.notifier.notify()
  }

  private remove(): void {
    this.stopTimer()
    if (this.otherTimer >= 0) this.host.world.cancel(this.otherTimer)
    this.otherTimer = -1
    this.keepalive.stop()
    if (this.host.conns.get(this.key) === this) this.host.conns.delete(this.key)
    this.listener?.lost(this)
  }

  /** Trace-friendly flags of a segment. */
  static describe(seg: TcpSegment): string {
    return flagNames(seg.flags)
  }
}
