import type { RngBank, Simulation } from "../../sim/index.ts"
import { txCurrentMa, type EnergyProfile, type FleetMedium } from "../../radio/index.ts"
import { captureRawFrame, capturing } from "./capture.ts"
import { GroupBase, type FleetGroup } from "./group.ts"
import { lorasimBestSetting, initialSf } from "./sf-assignment.ts"
import type { ResolvedDeviceGroupSpec } from "./spec.ts"
import { firstDelayUs, nextDelayUs } from "./traffic.ts"

/** Radio settings of a raw LoRa group beyond its spec (the LoRaSim experiments set them). */
export interface RawRadioSettings {
  readonly bwHz: number
  readonly cr: number
  /** Carrier frequencies; each device picks one at random and keeps it. */
  readonly freqsHz: readonly number[]
  /** The next inter-send delay starts when the frame ends (LoRaSim's `transmit` loop), not when it starts. */
  readonly delayAfterAirtime: boolean
  /** LoRaSim experiments 3/5: per device the SF/BW with the smallest airtime that reaches; `powerControl`: experiment 5's power reduction. */
  readonly lorasimBest?: { readonly powerControl: boolean }
}

/**
 * A group of raw LoRa senders (Pycom `LoRa(mode=LoRa.LORA)` + `socket(AF_LORA, SOCK_RAW)`
 * sending blind, nobody listening back): each device sends its payload as one
 * frame on its own fixed carrier, SF and power, at the times its traffic model
 * gives, never while it is still transmitting. One kernel event per frame; the
 * frame is settled lazily by the fleet medium.
 */
export class RawLoraGroup extends GroupBase implements FleetGroup {
  readonly joinDelayUs = undefined
  private readonly bw: Int32Array
  private readonly ch: Int32Array
  private readonly power: Float64Array
  private readonly toa: Float64Array
  private readonly busyUntil: Float64Array
  /** TX energy of one frame (J), per device. */
  private readonly frameJ: Float64Array
  private readonly cr: number
  private readonly payload: number
  /** `--pcap`: frames are tracked to their end and recorded when received. */
  private readonly capture: boolean
  /** Mean inter-send time (µs) when the traffic is Poisson (the hot LoRaSim path), else 0. */
  private readonly poissonMeanUs: number
  private readonly afterAirtime: boolean

  constructor(
    world: Simulation,
    spec: ResolvedDeviceGroupSpec,
    x: Float64Array,
    y: Float64Array,
    bank: RngBank,
    energy: EnergyProfile,
    readonly medium: FleetMedium,
    readonly first: number,
    readonly settings: RawRadioSettings,
  ) {
    super(world, spec, x, y, bank, energy)
    const n = this.count
    this.bw = new Int32Array(n)
    this.ch = new Int32Array(n)
    this.power = new Float64Array(n)
    this.toa = new Float64Array(n)
    this.busyUntil = new Float64Array(n)
    this.frameJ = new Float64Array(n)
    this.cr = settings.cr
    this.capture = capturing(world)
    this.payload = spec.payloadBytes
    this.poissonMeanUs = spec.traffic.kind === "poisson" ? spec.traffic.meanS * 1e6 : 0
    this.afterAirtime = settings.delayAfterAirtime
    const chans = settings.freqsHz.map((f) => medium.channelIndex(f))
    for (let i = 0; i < n; i++) {
      const d = first + i
      let power = spec.txPowerDbm ?? 14
      let bw = settings.bwHz
      let sf: number
      const best = settings.lorasimBest
      if (best !== undefined) {
        const prx = power + medium.bestLinkGainDb(d)
        const s = lorasimBestSetting(prx, spec.payloadBytes)
        sf = s?.sf ?? 12
        bw = s?.bwHz ?? bw
        // loraDir.py experiment 5: txpow = max(2, txpow − floor(Prx − minsensi)).
        if (best.powerControl && s !== undefined) power = Math.max(2, power - Math.floor(prx - s.sensitivityDbm))
      } else sf = initialSf(spec.sf ?? "smallest", spec.fixedSf, medium, d, power, bw, bank, i)
      this.sf[i] = sf
      this.bw[i] = bw
      this.power[i] = power
      this.ch[i] = chans.length === 1 ? chans[0]! : chans[bank.below(i, chans.length)]!
      this.toa[i] = medium.timeOnAirUs(sf, bw, settings.cr, spec.payloadBytes)
      this.frameJ[i] = (txCurrentMa(energy, power) / 1000) * energy.voltageV * (this.toa[i]! / 1e6)
    }
  }

  start(): void {
    for (let i = 0; i < this.count; i++) this.world.schedule(this.world.now + firstDelayUs(this.spec.traffic, this.bank, i), this, i)
  }

  /** @internal Kernel event: device `i` sends. */
  onEvent(i: number): void {
    const w = this.world
    const now = w.now
    const toa = this.toa[i]!
    this.send(i)
    // Poisson inlined (same draw and rounding as traffic.ts nextDelayUs): this runs once per frame.
    const m = this.poissonMeanUs
    let next = now + (m > 0 ? Math.max(1, Math.round(this.bank.exponential(i, m))) : nextDelayUs(this.spec.traffic, this.bank, i))
    if (this.afterAirtime) next += toa
    else if (next < now + toa) next = now + toa
    w.schedule(next, this, i)
  }

  private send(i: number): void {
    const toa = this.toa[i]!
    this.medium.transmit(this.first + i, this.ch[i]!, this.sf[i]!, this.bw[i]!, this.cr, this.power[i]!, this.payload, this.capture)
    this.msgSent[i]!++
    this.busyUntil[i] = this.world.now + toa
    this.en[2 * i]! += this.frameJ[i]!
  }

  /** @internal A tracked frame ended (only with `--pcap`). */
  onUplinkEnd(i: number, t: number): void {
    captureRawFrame(this.world, this.medium, t, this.payload)
  }

  /** A burst message: sent now unless the device is still transmitting (then dropped: a raw LoRa radio cannot queue on air). */
  extraMessage(i: number): void {
    if (this.busyUntil[i]! > this.world.now) this.msgDropped[i]!++
    else this.send(i)
  }

  framesSent(i: number): number {
    return this.medium.devSent[this.first + i]!
  }
  framesDelivered(i: number): number {
    return this.medium.devDelivered[this.first + i]!
  }
  airtimeUs(i: number): number {
    return this.medium.devAirUs[this.first + i]!
  }
  /** Raw frames are not acknowledged: a message is delivered when its frame is. */
  override messagesDelivered(i: number): number {
    return this.framesDelivered(i)
  }
}
