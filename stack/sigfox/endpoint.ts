/**
 * The device side of the Sigfox protocol (what Pycom's closed `libsigfox.a`
 * does under `socket.send`): a message as 1–3 frames on random carriers of the
 * macro channel with the documented gaps, and, with the downlink flag, the
 * 20 s wait, the 25 s RX window, the 8-byte downlink and the out-of-band
 * confirmation frame (docs/models.md §1.6, §4). Also the FSK peer-to-peer frames.
 */
import { park, sleep, TIMED_OUT, type Micros, type Rng, type Process, type ProcessBody, type Simulation } from "../../sim/index.ts"
import {
  CARRIER_HALF_SPAN_HZ,
  DOWNLINK_BANDWIDTH_HZ,
  DOWNLINK_BPS,
  DOWNLINK_FLAG_FRAME_OFFSET_HZ,
  DOWNLINK_FLAG_GAP_US,
  DOWNLINK_WAIT_US,
  DOWNLINK_WINDOW_US,
  OOB_ACK_DELAY_US,
  OOB_PAYLOAD,
  UPLINK_ONLY_GAP_US,
  uplinkAirtimeUs,
  uplinkBandwidthHz,
  type Point,
  type RadioConfiguration,
  type UnbMedium,
  type UnbTransmission,
} from "../../radio/index.ts"
import { MESSAGE_COUNTER_MASK } from "./constants.ts"
import type { SigfoxDownlinkMeta, SigfoxFskMeta, SigfoxUplinkMeta } from "./frame-meta.ts"

/**
 * Device receiver sensitivity for the 600 bps GFSK downlink (dBm). ⚠ Derived,
 * not sourced: kTB over the 2.2 kHz Carson bandwidth = −140.6 dBm, + 6 dB noise
 * figure, + 8 dB SNR for GFSK → ≈ −127 dBm. A parameter.
 */
export const DEFAULT_DEVICE_SENSITIVITY_DBM = -127

/** One uplink message to send. */
export interface UplinkRequest {
  /** Payload (0–12 bytes; empty = the 1-bit frame). */
  readonly payload: Uint8Array
  /** Value of the 1-bit frame (SO_BIT) when the payload is empty. */
  readonly bit?: boolean
  /** Out-of-band keep-alive frame(s): payload ignored, 7 bytes on air. */
  readonly oob?: boolean
  /** Request a downlink (SO_RX). */
  readonly downlink?: boolean
  /** Frames 1–3 (the socket passes 3 for uplink-only, SO_TX_REPEAT + 1 with SO_RX). */
  readonly frames: number
}

/** What a message's sequence produced. */
export interface UplinkResult {
  readonly seq: number
  /** The frames put on the air. */
  readonly sent: readonly UnbTransmission[]
  /** The 8 downlink bytes (downlink requested and received), else undefined. */
  readonly downlink: Uint8Array | undefined
  /** RSSI of the downlink (dBm). */
  readonly downlinkRssiDbm: number | undefined
}

/** Options of an endpoint. */
export interface SigfoxEndpointOptions {
  readonly deviceId: number
  readonly rc: RadioConfiguration
  /** TX power (dBm EIRP); default the RC's max EIRP (SEP `sigfox_rc.c`; docs/models.md §4). */
  readonly powerDbm?: number
  readonly sensitivityDbm?: number
}

/** A Sigfox device's protocol engine on a medium. */
export class SigfoxEndpoint {
  readonly deviceId: number
  rc: RadioConfiguration
  readonly powerDbm: number
  readonly sensitivityDbm: number
  /** Next 12-bit message counter. */
  seq = 0
  /** RSSI of the last frame received (downlink or FSK), dBm. */
  lastRssiDbm: number | undefined = undefined
  private readonly world: Simulation
  private carrierRng: Rng | undefined = undefined

  constructor(
    readonly medium: UnbMedium,
    readonly node: string,
    readonly position: () => Point,
    options: SigfoxEndpointOptions,
  ) {
    this.world = medium.world
    this.deviceId = options.deviceId
    this.rc = options.rc
    this.powerDbm = options.powerDbm ?? options.rc.maxEirpDbm
    this.sensitivityDbm = options.sensitivityDbm ?? DEFAULT_DEVICE_SENSITIVITY_DBM
  }

  /** A uniform random carrier in the macro channel (stream `sigfox/<node>/carrier`). */
  randomCarrierHz(): number {
    this.carrierRng ??= this.world.rng(`sigfox/${this.node}/carrier`)
    return this.rc.uplinkHz + this.carrierRng.uniform(-CARRIER_HALF_SPAN_HZ, CARRIER_HALF_SPAN_HZ)
  }

  /** Sends one message: its frames, then (downlink flag) the RX window and the OOB confirmation. Lasts the whole sequence. */
  *send(req: UplinkRequest): ProcessBody<UplinkResult> {
    const world = this.world
    const frames = Math.max(1, Math.min(3, Math.trunc(req.frames)))
    const downlink = req.downlink === true
    const oob = req.oob === true
    const payload = oob ? new Uint8Array(OOB_PAYLOAD) : req.payload
    const seq = this.nextSeq()
    const duration = uplinkAirtimeUs(payload.length, this.rc.uplinkBps)
    const gap = downlink ? DOWNLINK_FLAG_GAP_US : UPLINK_ONLY_GAP_US
    const f1 = this.randomCarrierHz()
    const sent: UnbTransmission[] = []
    let frame1End = 0
    world.log(this.node, "sigfox.tx", { seq, len: payload.length, frames, dl: downlink, oob })
    for (let k = 0; k < frames; k++) {
      // With the downlink flag frames 2/3 sit at f1 ± 6 kHz; otherwise each carrier is drawn afresh (docs/models.md §4).
      const f = k === 0 ? f1 : downlink ? f1 + (k === 1 ? DOWNLINK_FLAG_FRAME_OFFSET_HZ : -DOWNLINK_FLAG_FRAME_OFFSET_HZ) : this.randomCarrierHz()
      const meta: SigfoxUplinkMeta = { type: "uplink", deviceId: this.deviceId, seq, rank: k, frames, payload, bit: payload.length === 0 && !oob ? req.bit === true : undefined, oob, downlink, rc: this.rc.rc }
      sent.push(this.medium.transmit({ kind: "uplink", sender: this.node, position: this.position(), freqHz: f, bandwidthHz: uplinkBandwidthHz(this.rc.uplinkBps), powerDbm: this.powerDbm, durationUs: duration, meta }))
      yield sleep(duration)
      if (k === 0) frame1End = world.now
      if (k < frames - 1) yield sleep(gap)
    }
    if (!downlink) return { seq, sent, downlink: undefined, downlinkRssiDbm: undefined }
    const wait = frame1End + DOWNLINK_WAIT_US - world.now
    if (wait > 0) yield sleep(wait)
    const got = yield* this.listenDownlink(f1 + (this.rc.downlinkHz - this.rc.uplinkHz), DOWNLINK_WINDOW_US)
    if (got === undefined) {
      world.log(this.node, "sigfox.rx.none", { seq })
      return { seq, sent, downlink: undefined, downlinkRssiDbm: undefined }
    }
    world.log(this.node, "sigfox.rx", { seq, len: got.payload.length, rssi: Math.round(got.rssi * 10) / 10 })
    // Out-of-band confirmation ≈ 2 s after the downlink (Pycom; docs/models.md §4), one frame.
    yield sleep(OOB_ACK_DELAY_US)
    yield* this.send({ payload: new Uint8Array(0), oob: true, frames: 1 })
    return { seq, sent, downlink: got.payload, downlinkRssiDbm: got.rssi }
  }

  private nextSeq(): number {
    const s = this.seq
    this.seq = (s + 1) & MESSAGE_COUNTER_MASK
    return s
  }

  /** Listens on `freqHz` for up to `windowUs` for a downlink addressed to this device. */
  private *listenDownlink(freqHz: number, windowUs: Micros): ProcessBody<{ payload: Uint8Array; rssi: number } | undefined> {
    let stop: (() => void) | undefined
    const r = yield* park<{ payload: Uint8Array; rssi: number }>(
      windowUs,
      (proc: Process) => {
        stop = this.medium.listen({
          id: this.node,
          position: this.position(),
          freqHz,
          sensitivityDbm: this.sensitivityDbm,
          onFrame: (tx, rssi) => {
            const m = tx.meta as SigfoxDownlinkMeta | undefined
            if (tx.kind !== "downlink" || m?.type !== "downlink" || m.deviceId !== this.deviceId) return
            stop?.()
            this.lastRssiDbm = rssi
            proc.wake({ payload: m.payload, rssi })
          },
        })
      },
      () => stop?.(),
    )
    stop?.()
    return r === TIMED_OUT ? undefined : r
  }

  /** Sends an FSK frame at `freqHz`; lasts its airtime. */
  *sendFsk(payload: Uint8Array, freqHz: number): ProcessBody<UnbTransmission> {
    const meta: SigfoxFskMeta = { type: "fsk", deviceId: this.deviceId, payload }
    const tx = this.medium.transmit({ kind: "fsk", sender: this.node, position: this.position(), freqHz, bandwidthHz: DOWNLINK_BANDWIDTH_HZ, powerDbm: this.powerDbm, durationUs: fskAirtimeUs(payload.length), meta })
    yield sleep(tx.durationUs)
    return tx
  }
}

/**
 * FSK frame airtime (µs): ⚠ Pycom does not document its FSK mode's modem
 * settings; fieldnet assumes the downlink's GFSK 600 bps and a 2-byte sync word
 * plus 1 length byte before the payload.
 */
export function fskAirtimeUs(n: number): Micros {
  return Math.round(((3 + n) * 8 * 1_000_000) / DOWNLINK_BPS)
}
