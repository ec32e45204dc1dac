import type { Micros } from "../../sim/index.ts"
import { RTO_INITIAL, RTO_MAX, RTO_MIN, RTT_ALPHA, RTT_BETA, RTT_G, RTT_K } from "./constants.ts"

/**
 * The retransmission timeout of RFC 6298: SRTT/RTTVAR from RTT samples (§2),
 * RTO = SRTT + max(G, K·RTTVAR) clamped to [1 s, 60 s], doubled on each
 * timeout (§5.5). Karn's rule (§3) is the caller's: never sample a
 * retransmitted segment.
 */
export class RtoEstimator {
  srtt: number | undefined = undefined
  rttvar = 0
  rto: Micros = RTO_INITIAL

  /** Takes one RTT measurement (µs). */
  sample(rtt: Micros): void {
    if (this.srtt === undefined) {
      this.srtt = rtt
      this.rttvar = rtt / 2
    } else {
      this.rttvar = (1 - RTT_BETA) * this.rttvar + RTT_BETA * Math.abs(this.srtt - rtt)
      this.srtt = (1 - RTT_ALPHA) * this.srtt + RTT_ALPHA * rtt
    }
    this.rto = clamp(Math.round(this.srtt + Math.max(RTT_G, RTT_K * this.rttvar)))
  }

  /** Exponential back-off after a timeout (RFC 6298 §5.5). */
  backoff(): void {
    this.rto = clamp(this.rto * 2)
  }
}

function clamp(rto: Micros): Micros {
  return Math.min(RTO_MAX, Math.max(RTO_MIN, rto))
}
