import { Notifier } from "./notifier.ts"

/** A datagram waiting in a UDP socket's receive queue. */
export interface ReceivedDatagram {
  readonly data: Uint8Array
  readonly srcIp: number
  readonly srcPort: number
}

/**
 * A bound UDP port on a host: a receive queue of at most `capacity` datagrams
 * (lwIP's recvmbox); a datagram arriving to a full queue is dropped (the host
 * traces `udp.drop reason=rcvbuf`).
 */
export class UdpEndpoint {
  readonly queue: ReceivedDatagram[] = []
  readonly notifier = new Notifier()
  /** Default destination after `connect()` (ip, port). */
  remote: { ip: number; port: number } | undefined = undefined
  dropped = 0

  constructor(
    readonly port: number,
    public capacity: number,
  ) {}

  /** Queues a datagram; false when the queue is full. */
  deliver(d: ReceivedDatagram): boolean {
    if (this.queue.length >= this.capacity) {
      this.dropped++
      return false
    }
    this.queue.push(d)
    this.notifier.notify()
    return true
  }
}
