import type { Micros, RngBank, Simulation } from "../../sim/index.ts"
import type { EnergyProfile } from "../../radio/index.ts"
import type { ResolvedDeviceGroupSpec } from "./spec.ts"

/** What the fleet report reads from every device group, one entry per device. */
export interface FleetGroup {
  readonly spec: ResolvedDeviceGroupSpec
  readonly count: number
  readonly x: Float64Array
  readonly y: Float64Array
  /** Current SF (LoRa kinds), 0 for Sigfox. */
  readonly sf: Uint8Array
  /** Application messages sent. */
  readonly msgSent: Uint32Array
  /** Messages of device `i` the server got at least once. */
  messagesDelivered(i: number): number
  /** Messages dropped on the device because its queue was full. */
  readonly msgDropped: Uint32Array
  /** Radio frames sent and received by at least one gateway/base station. */
  framesSent(i: number): number
  framesDelivered(i: number): number
  /** Airtime of device `i` so far (µs). */
  airtimeUs(i: number): number
  /** Energy drawn by device `i`'s radio up to `now` (J). */
  energyJ(i: number, now: Micros): number
  /** Join delay (µs) per device, NaN while not joined; undefined for groups that do not join. */
  readonly joinDelayUs: Float64Array | undefined
  /** Starts the group's traffic (called once at build). */
  start(): void
  /** One extra application message from device `i` now (a burst event), outside its own schedule. */
  extraMessage(i: number): void
}

/** Shared per-group state: positions, streams and counters. */
export abstract class GroupBase {
  readonly count: number
  readonly sf: Uint8Array
  readonly msgSent: Uint32Array
  readonly msgDelivered: Uint32Array
  readonly msgDropped: Uint32Array
  /** Per device, interleaved: TX energy (J) at 2i, receive time (µs) at 2i + 1. */
  protected readonly en: Float64Array
  readonly bank: RngBank

  constructor(
    readonly world: Simulation,
    readonly spec: ResolvedDeviceGroupSpec,
    readonly x: Float64Array,
    readonly y: Float64Array,
    bank: RngBank,
    readonly energy: EnergyProfile,
  ) {
    const n = x.length
    this.count = n
    this.sf = new Uint8Array(n)
    this.msgSent = new Uint32Array(n)
    this.msgDelivered = new Uint32Array(n)
    this.msgDropped = new Uint32Array(n)
    this.en = new Float64Array(2 * n)
    this.bank = bank
  }

  abstract airtimeUs(i: number): number

  messagesDelivered(i: number): number {
    return this.msgDelivered[i]!
  }

  /** TX energy + RX time at the RX current + sleep the rest of the time (J), per the energy profile. */
  energyJ(i: number, now: Micros): number {
    const e = this.energy
    const rx = this.en[2 * i + 1]!
    const sleepUs = Math.max(0, now - this.airtimeUs(i) - rx)
    return this.en[2 * i]! + ((e.rxMa / 1000) * e.voltageV * rx) / 1e6 + ((e.sleepMa / 1000) * e.voltageV * sleepUs) / 1e6
  }
}
