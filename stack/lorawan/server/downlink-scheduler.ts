/**
 * Picks the window and gateway of a class A downlink: RX1, else RX2, each
 * through the gateways that heard the uplink, best SNR first, skipping a
 * gateway that is already transmitting then (half-duplex, one TX at a time:
 * `Gateway.transmitAt`) or whose sub-band is still closed by its duty cycle
 * (ETSI EN 300 220 via the radio layer's `DutyCycleRegulator`; docs/models.md §3.3).
 */
import type { Simulation } from "../../../sim/index.ts"
import { SYNC_WORD_PUBLIC, timeOnAirUs, type DutyCycleRegulator, type Gateway } from "../../../radio/index.ts"
import { chooseDownlinkWindow, type DownlinkWindow } from "../class-a-rules.ts"
import type { Region } from "../region-types.ts"
import { drFormat } from "../mac/radio-params.ts"

/** A gateway with its downlink duty-cycle state. */
export interface GatewayLink {
  readonly gateway: Gateway
  readonly dutyCycle: DutyCycleRegulator
}

export type { DownlinkWindow } from "../class-a-rules.ts"

/** Where a downlink went. */
export interface ScheduledDownlink {
  readonly window: 1 | 2
  readonly gatewayId: string
  readonly at: number
  readonly dr: number
}

/**
 * Schedules `bytes` (whose FOpts+FRMPayload is `n` bytes) in the first window and
 * gateway that can take it, by the shared rule {@link chooseDownlinkWindow}
 * (gateways must be given best SNR first); undefined when none can. `leadUs` is
 * the time the command needs to reach the gateway (backhaul latency).
 */
export function scheduleDownlink(
  world: Simulation,
  region: Region,
  gateways: readonly GatewayLink[],
  windows: readonly DownlinkWindow[],
  bytes: Uint8Array,
  n: number,
  powerDbm: (freqHz: number) => number,
  leadUs: number,
): ScheduledDownlink | undefined {
  const got = chooseDownlinkWindow(region, windows, gateways, n, world.now + leadUs, (g, w) => {
    const f = drFormat(region, w.dr, false)
    const req = { ...f, freqHz: w.freqHz, txPowerDbm: powerDbm(w.freqHz), payload: bytes, syncWord: SYNC_WORD_PUBLIC, iqInverted: true }
    if (g.dutyCycle.earliestStart(w.freqHz, w.at) > w.at) return false
    if (!g.gateway.transmitAt(w.at, req)) return false
    g.dutyCycle.record(w.freqHz, w.at, timeOnAirUs(bytes.length, req))
    return true
  })
  return got === undefined ? undefined : { window: got.window.window, gatewayId: got.gateway.gateway.id, at: got.window.at, dr: got.window.dr }
}
