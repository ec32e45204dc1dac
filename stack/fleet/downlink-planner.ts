import type { Micros, Simulation } from "../../sim/index.ts"
import { DutyCycleRegulator, type FleetMedium } from "../../radio/index.ts"

/**
 * The network server's view of its gateways' transmitters: a downlink is
 * booked on a gateway only if that gateway is up, has no other transmission
 * booked over the same interval (one TX at a time, NS3 `gateway-status.cc`,
 * reference §2.4) and its ETSI sub-band is not in its time-off (band time-off
 * after a TX = ToA·(1/dc − 1), reference §3.3 — gateways obey the duty cycle
 * even though Pycom devices do not). At the booked time the gateway transmits
 * on the fleet medium, which makes it deaf to uplinks for the duration
 * (half-duplex).
 */
export class DownlinkPlanner {
  private readonly booked: number[][]
  /** Per gateway, its ETSI band time-off (the regulator end devices use, radio/duty-cycle.ts). */
  private readonly bands: DutyCycleRegulator[]
  private readonly G: number
  /** Downlinks the server wanted to send but could book in neither window (gateway busy, down or in time-off); counted by the caller. */
  refused = 0
  /** Downlinks booked. */
  bookedCount = 0

  constructor(
    readonly world: Simulation,
    readonly medium: FleetMedium,
  ) {
    this.G = medium.gateways.length
    this.booked = medium.gateways.map(() => [])
    this.bands = medium.gateways.map(() => new DutyCycleRegulator())
  }

  /** Books gateway `g` for a downlink of `toaUs` on `freqHz` starting at `at`; false when it cannot. */
  book(g: number, at: Micros, toaUs: Micros, freqHz: number): boolean {
    if (!this.medium.gatewayUp(g)) return false
    const list = this.booked[g]!
    const now = this.world.now
    // Drop bookings that have ended (pairs start, end).
    let k = 0
    while (k < list.length && list[k + 1]! <= now) k += 2
    if (k > 0) list.splice(0, k)
    const end = at + toaUs
    for (let j = 0; j < list.length; j += 2) if (list[j]! < end && at < list[j + 1]!) return false
    const band = this.bands[g]!
    if (band.earliestStart(freqHz, at) > at) return false
    band.record(freqHz, at, toaUs)
    let pos = list.length
    while (pos >= 2 && list[pos - 2]! > at) pos -= 2
    list.splice(pos, 0, at, end)
    this.bookedCount++
    this.world.schedule(at, this, g + this.G * toaUs)
    return true
  }

  /** @internal Kernel event: a booked downlink starts. */
  onEvent(data: number): void {
    const g = data % this.G
    this.medium.gatewayTransmit(g, (data - g) / this.G)
  }
}
