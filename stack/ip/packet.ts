/**
 * What travels between hosts: an IPv4 packet carrying a TCP segment or a UDP
 * datagram. Only the fields the model needs are kept; `wireBytes` is the size
 * on the link (headers included), used for serialisation delay and queues.
 */

/** TCP header flags (RFC 793 §3.1). */
export const FIN = 1
export const SYN = 2
export const RST = 4
export const PSH = 8
export const ACK = 16

/** A TCP segment (RFC 793). Sequence numbers are not wrapped modulo 2³² (a run never sends 2⁵³ bytes). */
export interface TcpSegment {
  readonly proto: "tcp"
  readonly srcPort: number
  readonly dstPort: number
  readonly seq: number
  readonly ack: number
  readonly flags: number
  /** Advertised receive window, bytes. */
  readonly wnd: number
  /** MSS option, only on SYN segments. */
  readonly mss: number
  readonly data: Uint8Array
}

/** A UDP datagram (RFC 768). */
export interface UdpDatagram {
  readonly proto: "udp"
  readonly srcPort: number
  readonly dstPort: number
  readonly data: Uint8Array
}

/** An IPv4 packet (possibly standing for several IP fragments: `fragments` > 1). */
export interface IpPacket {
  readonly src: number
  readonly dst: number
  readonly payload: TcpSegment | UdpDatagram
  /** Bytes on the wire, all fragments' headers included. */
  readonly wireBytes: number
  /** Number of IP fragments (RFC 791 fragmentation); each can be lost. */
  readonly fragments: number
}

/** Text form of TCP flags for traces, e.g. "SYN|ACK". */
export function flagNames(flags: number): string {
  const out: string[] = []
  if (flags & SYN) out.push("SYN")
  if (flags & FIN) out.push("FIN")
  if (flags & RST) out.push("RST")
  if (flags & PSH) out.push("PSH")
  if (flags & ACK) out.push("ACK")
  return out.join("|")
}
