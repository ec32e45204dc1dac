/**
 * Model constants of the IP stack, each with its source.
 *
 * lwIP defaults are from `lwip/src/include/lwip/opt.h` (TCP_WND = 4·TCP_MSS,
 * TCP_MAXRTX 12, TCP_SYNMAXRTX 6, TCP_SND_BUF = 2·TCP_MSS,
 * TCP_DEFAULT_LISTEN_BACKLOG 0xff) and `lwip/src/include/lwip/priv/tcp_priv.h`
 * (TCP_MSL 60000 ms). The RTO rules are RFC 6298.
 */
import { ms, s } from "../../sim/index.ts"

/** Ethernet/Wi-Fi IP MTU in bytes (RFC 894). Links default to it. */
export const DEFAULT_MTU = 1500
/** IPv4 header without options, bytes (RFC 791). */
export const IPV4_HEADER = 20
/** UDP header, bytes (RFC 768). */
export const UDP_HEADER = 8
/** TCP header without options, bytes (RFC 793). */
export const TCP_HEADER = 20
/** Largest UDP payload in one IPv4 datagram: 65535 − 20 − 8 (RFC 768/791); more → EMSGSIZE. */
export const UDP_MAX_PAYLOAD = 65507
/** MSS = MTU − IP − TCP headers (RFC 879). */
export const mssForMtu = (mtu: number): number => mtu - IPV4_HEADER - TCP_HEADER

/** lwIP opt.h TCP_MAXRTX: data retransmissions before the connection is dropped (ETIMEDOUT). */
export const TCP_MAXRTX = 12
/** lwIP opt.h TCP_SYNMAXRTX: SYN retransmissions before connect fails (ETIMEDOUT). */
export const TCP_SYNMAXRTX = 6
/** lwIP tcp_priv.h TCP_MSL: maximum segment lifetime; TIME_WAIT lasts 2·MSL. */
export const TCP_MSL = ms(60_000)
/** lwIP opt.h TCP_WND = 4·TCP_MSS: receive window, as a multiple of the MSS. */
export const TCP_WND_MSS = 4
/** lwIP opt.h TCP_SND_BUF = 2·TCP_MSS: send buffer, as a multiple of the MSS. */
export const TCP_SND_BUF_MSS = 2
/** lwIP opt.h TCP_DEFAULT_LISTEN_BACKLOG (0xff): backlog when `listen()` gets none. */
export const TCP_DEFAULT_BACKLOG = 0xff

/** RFC 6298 §2.1: initial RTO 1 s. */
export const RTO_INITIAL = s(1)
/** RFC 6298 §2.4: RTO lower bound 1 s. */
export const RTO_MIN = s(1)
/** RFC 6298 §2.5: an upper bound may be placed on RTO "provided it is at least 60 seconds". */
export const RTO_MAX = s(60)
/** RFC 6298 §2: α = 1/8, β = 1/4, K = 4. */
export const RTT_ALPHA = 1 / 8
export const RTT_BETA = 1 / 4
export const RTT_K = 4
/** RFC 6298 clock granularity G; sim time is exact, so 1 µs. */
export const RTT_G = 1
/** RFC 5681 §3.2: a fast retransmit after this many duplicate ACKs. */
export const DUPACK_THRESHOLD = 3

/** Default UDP receive buffer, datagrams (lwIP opt.h DEFAULT_UDP_RECVMBOX_SIZE is port-set; ESP-IDF uses 6). */
export const UDP_RECV_QUEUE = 6
/** First ephemeral port (lwIP tcp.c/udp.c TCP_LOCAL_PORT_RANGE_START 0xc000, RFC 6335). */
export const EPHEMERAL_FIRST = 0xc000
/** Last ephemeral port (lwIP TCP_LOCAL_PORT_RANGE_END 0xffff). */
export const EPHEMERAL_LAST = 0xffff
