/**
 * TCP states (RFC 793 §3.2) numbered as QuecPython's `socket.getsocketsta()`
 * returns them (QuecPython usocket docs; docs/models.md §5): 0 CLOSED … 10 TIME_WAIT.
 */
export const TcpState = {
  CLOSED: 0,
  LISTEN: 1,
  SYN_SENT: 2,
  SYN_RCVD: 3,
  ESTABLISHED: 4,
  FIN_WAIT_1: 5,
  FIN_WAIT_2: 6,
  CLOSE_WAIT: 7,
  CLOSING: 8,
  LAST_ACK: 9,
  TIME_WAIT: 10,
} as const

/** One of the {@link TcpState} numbers. */
export type TcpStateNumber = (typeof TcpState)[keyof typeof TcpState]

const NAMES = Object.fromEntries(Object.entries(TcpState).map(([k, v]) => [v, k])) as Record<number, string>

/** The RFC 793 name of a state number. */
export function tcpStateName(state: number): string {
  return NAMES[state] ?? `?${state}`
}
