/** The data types of the fleet medium: gateway sites, options, listener, counters and loss reasons. */
import type { Micros } from "../../sim/index.ts"
import type { LostReason } from "../frames.ts"
import type { FleetMedium } from "./fleet-medium.ts"

/**
 * Why an uplink was not received, in order of precedence when several gateways
 * disagree: a subset of the object path's {@link LostReason} strings (one
 * vocabulary, `radio/frames.ts` `LOST_REASONS`).
 */
export const FLEET_LOSS_REASONS = ["interference", "no-free-path", "half-duplex", "gateway-down", "below-sensitivity", "out-of-range"] as const satisfies readonly LostReason[]
/** A reason an uplink was lost at every gateway. */
export type FleetLossReason = (typeof FLEET_LOSS_REASONS)[number]

/**
 * Preamble length (symbols) of every fleet frame: 8, LoRaWAN's (docs/models.md
 * §2.1) and LoRaSim's `Npream = 8`; used for the time on air and LoRaSim's
 * timing rule.
 */
export const FLEET_PREAMBLE_SYMBOLS = 8

/** A gateway site of a fleet. */
export interface FleetGatewaySite {
  readonly id: string
  readonly x: number
  readonly y: number
  /** Antenna height (m), default 15. */
  readonly z?: number
  readonly antennaGainDb?: number
  /** Uplink carrier frequencies it demodulates. */
  readonly channelsHz: readonly number[]
}

/** Options of a fleet medium. */
export interface FleetMediumOptions {
  /**
   * A link is kept when, at the device's highest TX power, the frame arrives
   * no more than this far below the gateway's best sensitivity (dB, default 6:
   * the same-SF capture threshold, so a dropped frame could not on its own
   * destroy any frame the gateway can receive; the other SIR thresholds are
   * negative). Weaker links are neither receptions nor interferers.
   */
  readonly linkMarginDb?: number
  /** Width of the bins of the channel-occupancy series (µs, default 15 min). */
  readonly occupancyBinUs?: number
}

/** Told when a tracked uplink ends (see `transmit(…, track = true)`). */
export interface FleetUplinkListener {
  onUplinkEnd(device: number, tx: number, medium: FleetMedium): void
}

/** Per-gateway counters. */
export interface FleetGatewayCounters {
  readonly id: string
  readonly received: number
  readonly lost: Record<FleetLossReason, number>
  readonly downlinks: number
}

/** Totals over all frames settled so far. */
export interface FleetTotals {
  readonly sent: number
  readonly delivered: number
  readonly lost: Record<FleetLossReason, number>
  /** Frames still on the air (or not yet settled): sent = delivered + Σ lost + inFlight. */
  readonly inFlight: number
}

export function lostRecord(a: Float64Array, off: number): Record<FleetLossReason, number> {
  const out = {} as Record<FleetLossReason, number>
  FLEET_LOSS_REASONS.forEach((r, i) => (out[r] = a[off + i]!))
  return out
}

