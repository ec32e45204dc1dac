import type { RngBank, Simulation } from "../../sim/index.ts"
import { CARRIER_HALF_SPAN_HZ, UPLINK_ONLY_GAP_US, txCurrentMa, uplinkAirtimeUs, uplinkBandwidthHz, type EnergyProfile, type RadioConfiguration, type UnbMedium, type UnbTransmission } from "../../radio/index.ts"
import { GroupBase, type FleetGroup } from "./group.ts"
import type { ResolvedDeviceGroupSpec } from "./spec.ts"
import { firstDelayUs, nextDelayUs } from "./traffic.ts"

/**
 * A group of Sigfox devices sending uplink-only messages of 1–3 frames, each
 * frame on its own random carrier in the macro channel, frames 1 s apart
 * (docs/models.md §4), on the world's UNB medium around the fleet's base stations.
 * Devices are compact (typed arrays; one kernel event per frame). For every
 * message it records which of its frames some base station received, so the
 * report gives the success the same traffic would have had with 1, 2 or 3
 * frames (the load of the frames actually sent is kept).
 */
export class SigfoxGroup extends GroupBase implements FleetGroup {
  readonly joinDelayUs = undefined
  readonly frames: number
  private readonly airUs: number
  private readonly bandwidthHz: number
  private readonly framesSentArr: Uint32Array
  private readonly framesOkArr: Uint32Array
  /** Per device, bit k = frame k of the current message was received. */
  private readonly okBits: Uint8Array
  /** Messages that would have succeeded with 1, 2, 3 frames. */
  readonly successWith = [0, 0, 0]
  /** Messages finished (all frames resolved). */
  finished = 0
  private readonly power: number
  private readonly busyUntil: Float64Array
  private readonly nextFrame = { onEvent: (data: number): void => this.sendFrame(data >> 2, data & 3) }
  private readonly nodes: string[]
  private readonly positions: { x: number; y: number }[]

  constructor(
    world: Simulation,
    spec: ResolvedDeviceGroupSpec,
    x: Float64Array,
    y: Float64Array,
    bank: RngBank,
    energy: EnergyProfile,
    readonly medium: UnbMedium,
    readonly rc: RadioConfiguration,
  ) {
    super(world, spec, x, y, bank, energy)
    this.frames = spec.sigfoxFrames ?? 3
    this.airUs = uplinkAirtimeUs(spec.payloadBytes, rc.uplinkBps)
    this.bandwidthHz = uplinkBandwidthHz(rc.uplinkBps)
    this.framesSentArr = new Uint32Array(this.count)
    this.framesOkArr = new Uint32Array(this.count)
    this.okBits = new Uint8Array(this.count)
    this.busyUntil = new Float64Array(this.count)
    this.power = spec.txPowerDbm ?? rc.maxEirpDbm
    this.nodes = Array.from({ length: this.count }, (_, i) => `${spec.name}/${i}`)
    this.positions = Array.from({ length: this.count }, (_, i) => ({ x: x[i]!, y: y[i]! }))
    medium.observe((tx, receptions) => this.onFrameEnd(tx, receptions.length > 0))
  }

  start(): void {
    for (let i = 0; i < this.count; i++) this.world.schedule(this.world.now + firstDelayUs(this.spec.traffic, this.bank, i), this, i * 4)
  }

  /** @internal Kernel event: frame `data % 4` of device `data >> 2`'s message starts (frame 0 starts a message). */
  onEvent(data: number): void {
    const i = data >> 2
    const k = data & 3
    const w = this.world
    if (k === 0) {
      // Next message: after this one's frames at the earliest.
      w.schedule(w.now + Math.max(this.messageUs(), nextDelayUs(this.spec.traffic, this.bank, i)), this, i * 4)
      if (this.busyUntil[i]! > w.now) {
        this.msgDropped[i]!++ // still sending a burst message
        return
      }
      this.beginMessage(i)
    }
    this.sendFrame(i, k)
  }

  private sendFrame(i: number, k: number): void {
    const w = this.world
    const freq = this.rc.uplinkHz + this.bank.uniform(i, -CARRIER_HALF_SPAN_HZ, CARRIER_HALF_SPAN_HZ)
    this.medium.transmit({ kind: "uplink", sender: this.nodes[i]!, position: this.positions[i]!, freqHz: freq, bandwidthHz: this.bandwidthHz, powerDbm: this.power, durationUs: this.airUs, meta: this.frameTag(i, k) })
    this.framesSentArr[i]!++
    this.en[2 * i]! += (txCurrentMa(this.energy, this.power) / 1000) * this.energy.voltageV * (this.airUs / 1e6)
    if (k + 1 < this.frames) w.schedule(w.now + this.airUs + UPLINK_ONLY_GAP_US, this.nextFrame, i * 4 + k + 1)
  }

  private messageUs(): number {
    return this.frames * this.airUs + (this.frames - 1) * UPLINK_ONLY_GAP_US
  }

  private beginMessage(i: number): void {
    this.msgSent[i]!++
    // okBits is cleared when the previous message's last frame ends, not here: a message that starts the µs the
    // previous one's last frame ends runs before that frame's end event and would wipe its result.
    this.busyUntil[i] = this.world.now + this.messageUs()
  }

  /** A burst message: its frames start now, unless the device is still sending (then dropped). */
  extraMessage(i: number): void {
    if (this.busyUntil[i]! > this.world.now) {
      this.msgDropped[i]!++
      return
    }
    this.beginMessage(i)
    this.sendFrame(i, 0)
  }

  private frameTag(i: number, k: number): FleetSigfoxTag {
    return { fleetGroup: this, device: i, rank: k }
  }

  private onFrameEnd(tx: UnbTransmission, ok: boolean): void {
    const tag = tx.meta as FleetSigfoxTag | undefined
    if (tag === undefined || tag.fleetGroup !== this) return
    const i = tag.device
    if (ok) {
      this.okBits[i]! |= 1 << tag.rank
      this.framesOkArr[i]!++
    }
    if (tag.rank !== this.frames - 1) return
    this.finished++
    const bits = this.okBits[i]!
    this.okBits[i] = 0
    if (bits !== 0) this.msgDelivered[i]!++
    for (let k = 0; k < 3; k++) if ((bits & ((1 << (k + 1)) - 1)) !== 0) this.successWith[k]!++
  }

  framesSent(i: number): number {
    return this.framesSentArr[i]!
  }
  framesDelivered(i: number): number {
    return this.framesOkArr[i]!
  }
  airtimeUs(i: number): number {
    return this.framesSentArr[i]! * this.airUs
  }
}

/** The `meta` of a fleet Sigfox frame. */
interface FleetSigfoxTag {
  readonly fleetGroup: SigfoxGroup
  readonly device: number
  readonly rank: number
}
