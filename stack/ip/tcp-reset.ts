import { formatIPv4 } from "./address.ts"
import type { IpHost } from "./host.ts"
import { ACK, FIN, RST, SYN, type TcpSegment } from "./packet.ts"

const EMPTY = new Uint8Array(0)

/** Key of a connection in a host's table. */
export function connKey(localPort: number, remoteIp: number, remotePort: number): string {
  return `${localPort}/${remoteIp}/${remotePort}`
}

/** Answers a segment that matches no connection or listener with RST (RFC 793 §3.4 "Reset Generation"). */
export function sendReset(host: IpHost, dst: number, seg: TcpSegment): void {
  if (seg.flags & RST) return
  const len = seg.data.length + (seg.flags & SYN ? 1 : 0) + (seg.flags & FIN ? 1 : 0)
  const ackFlag = seg.flags & ACK
  host.sendTcp(dst, {
    proto: "tcp", srcPort: seg.dstPort, dstPort: seg.srcPort,
    seq: ackFlag ? seg.ack : 0, ack: ackFlag ? 0 : seg.seq + len,
    flags: ackFlag ? RST : RST | ACK, wnd: 0, mss: 0, data: EMPTY,
  })
  host.world.log(host.name, "tcp.rst_sent", { to: formatIPv4(dst), port: seg.dstPort, sport: seg.srcPort })
}
