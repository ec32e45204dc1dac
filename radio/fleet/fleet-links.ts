import { firstNormalOf } from "../../sim/index.ts"
import { linkKey, type Propagation } from "../propagation.ts"
import type { FleetGatewaySite } from "./fleet-types.ts"

/**
 * Path loss (dB) of the link between device `name` and gateway `gatewayId`
 * `sqrt(dist2)` metres apart: the propagation's mean loss plus that link's
 * shadowing, the first normal of the stream `shadowing/<a>/<b>` (the draw the
 * full `Medium` makes for the same pair).
 */
export function linkLossDb(propagation: Propagation, seed: number, name: string, dist2: number, gatewayId: string): number {
  const sigma = propagation.params.sigmaDb
  const mean = propagation.meanLossDb(Math.sqrt(dist2), 868e6)
  return sigma === 0 ? mean : mean + sigma * firstNormalOf(seed, `shadowing/${linkKey(name, gatewayId)}`)
}

/**
 * The links of a fleet's devices to its gateways, in compressed rows: device
 * d's links are `gw[k]`, `gain[k]` for k in [start[d], start[d + 1]). A link's
 * gain is antenna gains − (mean path loss + that link's shadowing), the
 * shadowing drawn from the stream `shadowing/<device>/<gateway>` as the full
 * `Medium` draws it.
 */
export class FleetLinks {
  start = new Int32Array(1024)
  gw = new Int32Array(1024)
  gain = new Float64Array(1024)
  private n = 0

  /**
   * Appends device rows for devices `first`… at (x[i], y[i]) (1.5 m high)
   * named `id(i)`, keeping links whose frame at `maxTxPowerDbm` arrives above
   * `floorDbm`; gateways beyond the distance where even a +4σ draw cannot
   * reach are not drawn at all.
   */
  addDevices(first: number, x: Float64Array, y: Float64Array, id: (i: number) => string, gateways: readonly FleetGatewaySite[], gwGain: Float64Array, propagation: Propagation, seed: number, maxTxPowerDbm: number, antennaGainDb: number, floorDbm: number): void {
    const count = x.length
    this.ensureDevices(first + count)
    const maxGw = Math.max(0, ...gwGain)
    const rMax = propagation.maxRangeM(maxTxPowerDbm + antennaGainDb + maxGw - floorDbm)
    const r2 = rMax * rMax
    for (let i = 0; i < count; i++) {
      const d = first + i
      this.start[d] = this.n
      const name = id(i)
      for (let g = 0; g < gateways.length; g++) {
        const s = gateways[g]!
        const dx = x[i]! - s.x
        const dy = y[i]! - s.y
        const dz = (s.z ?? 15) - 1.5
        const dist2 = dx * dx + dy * dy + dz * dz
        if (dist2 > r2) continue
        const gain = antennaGainDb + gwGain[g]! - linkLossDb(propagation, seed, name, dist2, s.id)
        if (maxTxPowerDbm + gain < floorDbm) continue
        this.push(g, gain)
      }
      this.start[d + 1] = this.n
    }
  }

  private push(g: number, gain: number): void {
    if (this.n >= this.gw.length) {
      const gw = new Int32Array(this.n * 2)
      gw.set(this.gw)
      this.gw = gw
      const gn = new Float64Array(this.n * 2)
      gn.set(this.gain)
      this.gain = gn
    }
    this.gw[this.n] = g
    this.gain[this.n] = gain
    this.n++
  }

  private ensureDevices(n: number): void {
    if (n + 1 <= this.start.length) return
    const st = new Int32Array(Math.max(n + 1, this.start.length * 2))
    st.set(this.start)
    this.start = st
  }

  /** Gain (dB) of the link device `d` → gateway `g`, −Infinity when out of range. */
  gainTo(d: number, g: number): number {
    for (let k = this.start[d]!; k < this.start[d + 1]!; k++) if (this.gw[k] === g) return this.gain[k]!
    return -Infinity
  }

  /** The highest link gain of device `d` (dB), −Infinity with no gateway in range. */
  best(d: number): number {
    let b = -Infinity
    for (let k = this.start[d]!; k < this.start[d + 1]!; k++) if (this.gain[k]! > b) b = this.gain[k]!
    return b
  }
}
