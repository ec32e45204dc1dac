import type { Micros, Rng } from "../../sim/index.ts"
import { DEFAULT_MTU } from "./constants.ts"

/**
 * Extra one-way delay drawn per packet on top of the fixed latency. Because each
 * packet draws its own jitter, packets can overtake each other (reordering).
 */
export type Jitter =
  | { readonly kind: "none" }
  | { readonly kind: "uniform"; readonly max: Micros }
  | { readonly kind: "exponential"; readonly mean: Micros }
  /** Normal with this standard deviation, negative draws clamped to 0. */
  | { readonly kind: "normal"; readonly sd: Micros }

/** The properties of a one-way link between two hosts. */
export interface LinkSpec {
  /** Fixed one-way propagation delay, µs. */
  readonly latency: Micros
  readonly jitter: Jitter
  /** Independent loss probability per packet (per IP fragment). */
  readonly loss: number
  /** Bits per second; 0 means no serialisation delay. */
  readonly bandwidth: number
  /** Largest IP packet, bytes; larger UDP datagrams are fragmented, TCP segments fit by MSS. */
  readonly mtu: number
  /** Packets that may wait for the transmitter; one more is dropped (tail drop). */
  readonly queueLimit: number
}

/** A LAN-like default: 1 ms latency, no jitter or loss, 100 Mbit/s, MTU 1500, 100 packets of queue. */
export const DEFAULT_LINK: LinkSpec = {
  latency: 1000,
  jitter: { kind: "none" },
  loss: 0,
  bandwidth: 100_000_000,
  mtu: DEFAULT_MTU,
  queueLimit: 100,
}

/** Outcome of offering a packet to a link. */
export type LinkVerdict = { readonly ok: true; readonly arrival: Micros } | { readonly ok: false; readonly reason: "loss" | "queue" }

/**
 * One direction of a link: a FIFO transmitter (serialisation at `bandwidth`,
 * a tail-drop queue of `queueLimit` packets), then propagation with latency +
 * jitter, then independent loss.
 */
export class DirectedLink {
  private busyUntil = 0
  /** Departure times of packets still queued or being sent (ascending). */
  private readonly departures: number[] = []
  private head = 0

  constructor(
    public spec: LinkSpec,
    private readonly rng: Rng,
  ) {}

  /** Offers a packet of `wireBytes` in `fragments` at time `now`. */
  offer(now: Micros, wireBytes: number, fragments: number): LinkVerdict {
    const d = this.departures
    while (this.head < d.length && (d[this.head] as number) <= now) this.head++
    if (this.head > 256) {
      d.splice(0, this.head)
      this.head = 0
    }
    if (d.length - this.head > this.spec.queueLimit) return { ok: false, reason: "queue" }
    const start = Math.max(now, this.busyUntil)
    const txTime = this.spec.bandwidth > 0 ? Math.ceil((wireBytes * 8 * 1_000_000) / this.spec.bandwidth) : 0
    this.busyUntil = start + txTime
    d.push(this.busyUntil)
    for (let i = 0; i < fragments; i++) if (this.spec.loss > 0 && this.rng.chance(this.spec.loss)) return { ok: false, reason: "loss" }
    return { ok: true, arrival: this.busyUntil + this.spec.latency + this.drawJitter() }
  }

  private drawJitter(): Micros {
    const j = this.spec.jitter
    switch (j.kind) {
      case "none":
        return 0
      case "uniform":
        return Math.round(this.rng.uniform(0, j.max))
      case "exponential":
        return Math.round(this.rng.exponential(j.mean))
      case "normal":
        return Math.max(0, Math.round(this.rng.normal(0, j.sd)))
    }
  }
}
