/**
 * A Sigfox base station: a wide-band software receiver that demodulates every
 * uplink frame in the macro channel at once (no demodulator limit), above its
 * sensitivity unless a collision destroys it; it forwards what it receives to
 * its subscribers (the backend) and transmits downlinks.
 */
import type { Micros } from "../../sim/index.ts"
import type { Point } from "../propagation.ts"
import { DOWNLINK_AIRTIME_US, DOWNLINK_BANDWIDTH_HZ } from "./frame.ts"
import type { UnbMedium, UnbTransmission } from "./unb-medium.ts"

/**
 * Default base-station sensitivity, −142 dBm at 100 bps. ⚠ docs/models.md §4
 * finds this figure only in secondary material (iotclass.org "Sigfox Technology
 * Deep Dive"; the same site elsewhere says ≈ −130 dBm) and no primary source.
 * It agrees with kTB: −174 dBm/Hz + 10·log10(100 Hz) = −154 dBm, plus ≈ 5 dB
 * noise figure and ≈ 7 dB Eb/N0 for DBPSK → ≈ −142 dBm. It is a parameter.
 */
export const DEFAULT_BS_SENSITIVITY_DBM = -142

/**
 * Default downlink power: 27 dBm (500 mW e.r.p.), the limit of the
 * 869.40–869.65 MHz sub-band where RC1's 869.525 MHz downlink sits (CEPT ERC
 * Recommendation 70-03 Annex 1 band h1.6/g3). A parameter.
 */
export const DEFAULT_BS_DOWNLINK_DBM = 27

/** A frame a base station received. */
export type StationSubscriber = (tx: UnbTransmission, station: BaseStation, rssiDbm: number, time: Micros) => void

/** Options of a base station. */
export interface BaseStationOptions {
  readonly id: string
  readonly position: Point
  readonly sensitivityDbm?: number
  readonly antennaGainDb?: number
  readonly downlinkPowerDbm?: number
}

/** A Sigfox base station on a {@link UnbMedium}. */
export class BaseStation {
  readonly id: string
  readonly position: Point
  readonly sensitivityDbm: number
  readonly antennaGainDb: number
  readonly downlinkPowerDbm: number
  readonly counters = { received: 0, collided: 0, downlinks: 0 }
  private readonly subscribers: StationSubscriber[] = []
  /** Path loss per sender id (positions are static; call {@link forget} when one moves). */
  private readonly loss = new Map<string, number>()
  private isUp = true

  constructor(
    readonly medium: UnbMedium,
    options: BaseStationOptions,
  ) {
    this.id = options.id
    this.position = options.position
    this.sensitivityDbm = options.sensitivityDbm ?? DEFAULT_BS_SENSITIVITY_DBM
    this.antennaGainDb = options.antennaGainDb ?? 0
    this.downlinkPowerDbm = options.downlinkPowerDbm ?? DEFAULT_BS_DOWNLINK_DBM
    medium.addStation(this)
  }

  /** Received power (dBm) of a frame here. */
  rxPowerDbm(tx: UnbTransmission): number {
    let l = this.loss.get(tx.sender)
    if (l === undefined) {
      l = this.medium.propagation.lossDb(tx.sender, tx.position, this.id, this.position, tx.freqHz)
      this.loss.set(tx.sender, l)
    }
    return tx.powerDbm + this.antennaGainDb - l
  }

  /** Forgets the cached loss of a sender that moved. */
  forget(sender: string): void {
    this.loss.delete(sender)
  }

  /** Subscribes to the frames this station receives. */
  onFrame(fn: StationSubscriber): void {
    this.subscribers.push(fn)
  }

  /** Whether the station is on the air (false during an outage). */
  get up(): boolean {
    return this.isUp
  }

  /** Takes the station off the air (an outage: it hears nothing and sends no downlink) or back on; traced. */
  setUp(up: boolean): void {
    if (up === this.isUp) return
    this.isUp = up
    this.medium.world.log(this.id, up ? "sigfox.station.up" : "sigfox.station.down", {})
  }

  /** Called by the medium for a frame received here (ignored while the station is down). */
  receive(tx: UnbTransmission, rssiDbm: number): void {
    if (!this.isUp) return
    this.counters.received++
    for (const fn of this.subscribers) fn(tx, this, rssiDbm, this.medium.world.now)
  }

  /** Transmits a downlink frame (GFSK 600 bps, 15 B) at `freqHz` now. */
  transmitDownlink<M>(freqHz: number, meta: M): UnbTransmission<M> {
    this.counters.downlinks++
    return this.medium.transmit({
      kind: "downlink",
      sender: this.id,
      position: this.position,
      freqHz,
      bandwidthHz: DOWNLINK_BANDWIDTH_HZ,
      powerDbm: this.downlinkPowerDbm + this.antennaGainDb,
      durationUs: DOWNLINK_AIRTIME_US,
      meta,
    })
  }
}
