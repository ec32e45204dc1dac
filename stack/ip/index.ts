/**
 * The simulated IP network: hosts, links with faults, DNS, UDP and TCP.
 * The device-facing socket API over it is in `stack/usocket/inet-socket.ts`.
 */
export { INADDR_ANY, bytesToIPv4, formatIPv4, ipv4ToBytes, parseIPv4 } from "./address.ts"
export * as ipConstants from "./constants.ts"
export { DnsTable, WILDCARD_BASE, WILDCARD_SIZE, inWildcardRange } from "./dns.ts"
export { IpHost, type HostOptions, type PortOpener } from "./host.ts"
export { DEFAULT_LINK, DirectedLink, type Jitter, type LinkSpec, type LinkVerdict } from "./link.ts"
export { Network, type HostRef, type LinkSelector, type NetworkOptions, type UnknownDestinationHandler } from "./network.ts"
export { Notifier, waitAny } from "./notifier.ts"
export { ACK, FIN, PSH, RST, SYN, flagNames, type IpPacket, type TcpSegment, type UdpDatagram } from "./packet.ts"
export { TcpConnection, connKey } from "./tcp.ts"
export { TcpListener } from "./tcp-listener.ts"
export { RtoEstimator } from "./tcp-rto.ts"
export { TcpState, tcpStateName, type TcpStateNumber } from "./tcp-state.ts"
export { UdpEndpoint, type ReceivedDatagram } from "./udp.ts"
export { ByteQueue } from "./byte-queue.ts"
export { TcpReceiver, type ReceiveResult } from "./tcp-receiver.ts"
export { KEEPALIVE_COUNT, KEEPALIVE_INTERVAL, TcpKeepalive } from "./tcp-keepalive.ts"
export { sendReset } from "./tcp-reset.ts"
