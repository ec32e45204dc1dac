import type { Micros, Simulation } from "../sim/index.ts"
import { LOST_REASONS, type LostFrame, type LostReason, type ReceivedFrame, type TransmissionRecord, type TxRequest } from "./frames.ts"
import { SYNC_WORD_PUBLIC } from "./frames.ts"
import { destroyers, type InterferenceModel } from "./interference.ts"
import { timeOnAirUs } from "./lora-phy.ts"
import { LORASIM, Propagation, type PropagationParams } from "./propagation.ts"
import { Reception, type LoraRadio } from "./radio.ts"
import { sensitivityDbm, snrDb } from "./sensitivity.ts"
import { SpatialGrid } from "./spatial-grid.ts"

/** Options of a world's radio medium. */
export interface MediumOptions {
  /** Propagation model (default LoRaSim's log-distance preset). */
  readonly propagation?: PropagationParams
  /** Interference rule (default `goursaud`, docs/models.md §2.3). */
  readonly interference?: InterferenceModel
  /**
   * Largest link budget in dB any link can have (max EIRP + max RX gain − lowest
   * sensitivity); sets the spatial index cell size. Default 30 dBm EIRP (US915
   * max, docs/models.md §3.2) + 142.5 dB (SX1301 SF12, docs/models.md §2.2) = 172.5 dB.
   */
  readonly maxLinkBudgetDb?: number
}

/** Counters of the medium (cheap, always on). */
export interface MediumCounters {
  transmitted: number
  received: number
  lost: Record<LostReason, number>
}

function zeroLost(): Record<LostReason, number> {
  return Object.fromEntries(LOST_REASONS.map((r) => [r, 0])) as Record<LostReason, number>
}

const NO_IDS: readonly string[] = []
const worlds = new WeakMap<Simulation, Medium>()

/**
 * The shared LoRa radio medium of one world. A transmission is a compact record;
 * the receivers that can hear it are found through a per-frequency spatial grid
 * of listening radios (cell = maximum useful range), and interference is tracked
 * per frequency among receptions in progress — so the cost of a frame depends on
 * the local density and channel load, not on the total number of nodes. Every
 * frame a listening radio does not get is traced (`lora.lost`) with its reason.
 */
export class Medium {
  readonly propagation: Propagation
  readonly interference: InterferenceModel
  readonly cellSizeM: number
  readonly counters: MediumCounters = { transmitted: 0, received: 0, lost: zeroLost() }
  private readonly radios = new Map<string, LoraRadio>()
  private readonly listeners = new Map<number, SpatialGrid<LoraRadio>>()
  private readonly activeTx = new Map<number, TransmissionRecord[]>()
  private readonly activeRx = new Map<number, Reception[]>()
  private readonly receptionsOf = new Map<number, Reception[]>()
  /** RSSI of each frame on the air at the radios it has been evaluated for (dropped when the frame ends). */
  private readonly rssiCache = new Map<number, Map<LoraRadio, number>>()
  private nextId = 1
  private readonly txObservers: ((tx: TransmissionRecord, sender: LoraRadio) => void)[] = []

  constructor(
    readonly world: Simulation,
    options: MediumOptions = {},
  ) {
    this.propagation = new Propagation(options.propagation ?? LORASIM, world.seed)
    this.interference = options.interference ?? "goursaud"
    this.cellSizeM = this.propagation.maxRangeM(options.maxLinkBudgetDb ?? 172.5)
  }

  /**
   * The medium of `world`, created with `options` on first use. Passing options
   * once the medium exists is an error (they would be ignored).
   */
  static of(world: Simulation, options?: MediumOptions): Medium {
    let m = worlds.get(world)
    if (m !== undefined && options !== undefined) throw new RangeError("the world's radio medium already exists: pass its options on the first Medium.of(world, options)")
    if (m === undefined) {
      m = new Medium(world, options)
      worlds.set(world, m)
    }
    return m
  }

  /** @internal Registers a radio (its id must be unique in the world). */
  addRadio(r: LoraRadio): void {
    if (this.radios.has(r.id)) throw new RangeError(`radio id "${r.id}" already on the medium`)
    this.radios.set(r.id, r)
  }

  /** The radio with this id. */
  radio(id: string): LoraRadio | undefined {
    return this.radios.get(id)
  }

  /** @internal Puts a listening radio into the index of each frequency it is tuned to. */
  index(r: LoraRadio): void {
    for (const f of r.rx.freqsHz) {
      let g = this.listeners.get(f)
      if (g === undefined) {
        g = new SpatialGrid<LoraRadio>(this.cellSizeM)
        this.listeners.set(f, g)
      }
      g.add(r, r.position)
    }
  }

  /** @internal Removes a radio from the listening index. */
  unindex(r: LoraRadio): void {
    for (const f of r.rx.freqsHz) this.listeners.get(f)?.remove(r, r.position)
  }

  /** Received power (dBm) of `tx` at `r`: P_tx + G_tx + G_rx − path loss (with the link's shadowing). */
  rssiAt(tx: TransmissionRecord, r: LoraRadio): number {
    const ext = tx.externalPosition
    if (ext !== undefined) return tx.txPowerDbm + r.antennaGainDb - this.propagation.lossDb(tx.senderId, ext, r.id, r.position, tx.freqHz)
    const sender = this.radios.get(tx.senderId)
    if (sender === undefined) return -Infinity
    const loss = this.propagation.lossDb(sender.id, sender.position, r.id, r.position, tx.freqHz)
    return tx.txPowerDbm + sender.antennaGainDb + r.antennaGainDb - loss
  }

  /** `rssiAt` memoised for frames on the air (shadowing draws are not free). */
  private cachedRssi(tx: TransmissionRecord, r: LoraRadio): number {
    const m = this.rssiCache.get(tx.id)
    if (m === undefined) return this.rssiAt(tx, r)
    let v = m.get(r)
    if (v === undefined) {
      v = this.rssiAt(tx, r)
      m.set(r, v)
    }
    return v
  }

  /** Strongest signal (dBm) on `freqHz` at `r` right now, −Infinity if the channel is silent. */
  channelRssiDbm(r: LoraRadio, freqHz: number): number {
    let max = -Infinity
    const list = this.activeTx.get(freqHz)
    if (list !== undefined) for (const tx of list) if (tx.senderId !== r.id) max = Math.max(max, this.cachedRssi(tx, r))
    return max
  }

  /** Calls `fn` for every frame a radio of this medium starts (a fleet bridges scripted frames into its own medium this way). */
  observeTransmissions(fn: (tx: TransmissionRecord, sender: LoraRadio) => void): void {
    this.txObservers.push(fn)
  }

  /**
   * Puts a frame from outside this medium on the air now (a fleet device's
   * uplink), for interference only: it overlaps the receptions in progress on
   * its channel and those that start before it ends, with its RSSI computed
   * from `position` (EIRP `txPowerDbm`), but no radio locks on it and it is
   * not traced or counted.
   */
  injectInterferer(senderId: string, position: { readonly x: number; readonly y: number; readonly z?: number }, req: TxRequest, durationUs: Micros): void {
    const now = this.world.now
    const tx: TransmissionRecord = { ...req, id: this.nextId++, senderId, start: now, end: now + durationUs, externalPosition: position }
    const f = tx.freqHz
    this.rssiCache.set(tx.id, new Map())
    const recs = this.activeRx.get(f)
    if (recs !== undefined) for (const rec of recs) rec.interferers.push({ tx, rssiDbm: this.cachedRssi(tx, rec.radio) })
    let txs = this.activeTx.get(f)
    if (txs === undefined) {
      txs = []
      this.activeTx.set(f, txs)
    }
    txs.push(tx)
    this.world.schedule(tx.end, this, tx)
  }

  /** @internal Starts a transmission from `sender` now. */
  transmit(sender: LoraRadio, req: TxRequest): TransmissionRecord {
    if (sender.transmitting !== undefined) throw new RangeError(`radio "${sender.id}" is already transmitting`)
    const w = this.world
    const now = w.now
    const toa = timeOnAirUs(req.payload.length, req)
    const tx: TransmissionRecord = {
      id: this.nextId++,
      senderId: sender.id,
      start: now,
      end: now + toa,
      freqHz: req.freqHz,
      bwHz: req.bwHz,
      sf: req.sf,
      cr: req.cr,
      preamble: req.preamble,
      implicitHeader: req.implicitHeader,
      crc: req.crc,
      txPowerDbm: req.txPowerDbm,
      payload: req.payload,
      syncWord: req.syncWord,
      iqInverted: req.iqInverted,
    }
    this.counters.transmitted++
    for (const fn of this.txObservers) fn(tx, sender)
    if (w.trace.enabled) {
      w.log(sender.id, "lora.tx", { tx: tx.id, freq: tx.freqHz, sf: tx.sf, bw: tx.bwHz, cr: tx.cr, len: tx.payload.length, toa, power: tx.txPowerDbm })
    }
    this.abortReceptions(sender, "half-duplex")
    this.rssiCache.set(tx.id, new Map())
    sender.transmitting = tx
    sender.updateEnergy()
    const f = tx.freqHz
    // The new frame interferes with every reception in progress on its channel.
    const recs = this.activeRx.get(f)
    if (recs !== undefined) for (const rec of recs) if (rec.radio !== sender) rec.interferers.push({ tx, rssiDbm: this.cachedRssi(tx, rec.radio) })
    let txs = this.activeTx.get(f)
    if (txs === undefined) {
      txs = []
      this.activeTx.set(f, txs)
    }
    txs.push(tx)
    const mine: Reception[] = []
    const grid = this.listeners.get(f)
    if (grid !== undefined) {
      const cands = grid.collect(sender.position, [])
      for (let i = 0; i < cands.length; i++) {
        const r = cands[i]!
        if (r !== sender) this.offer(tx, r, txs, mine)
      }
    }
    if (w.trace.enabled) this.traceWrongChannel(tx, sender)
    if (mine.length > 0) this.receptionsOf.set(tx.id, mine)
    w.schedule(tx.end, this, tx)
    return tx
  }

  /** A listening radio meets a new frame: lock on, or record why not. */
  private offer(tx: TransmissionRecord, r: LoraRadio, txs: readonly TransmissionRecord[], mine: Reception[]): void {
    const rssi = this.cachedRssi(tx, r)
    if (r.sensing && rssi > r.senseMaxDbm) r.senseMaxDbm = rssi
    const cfg = r.rx
    let reason: LostReason | undefined
    // A transmission or a reception ending this µs no longer holds the radio: both are held over [start, end).
    if (r.transmitting !== undefined && r.transmitting.end > tx.start) reason = "half-duplex"
    else if (cfg.bwHz !== tx.bwHz) reason = "wrong-bandwidth"
    else if (cfg.sf !== 0 && cfg.sf !== tx.sf) reason = "wrong-sf"
    else if (cfg.syncWord !== tx.syncWord) reason = "wrong-sync-word"
    else if (cfg.iqInverted !== tx.iqInverted) reason = "wrong-iq"
    else if (rssi < sensitivityDbm(r.chip, tx.sf, tx.bwHz)) reason = "below-sensitivity"
    else if (busyPaths(r.receptions, tx.start) >= r.paths) reason = r.paths > 1 ? "no-free-path" : "receiver-busy"
    if (reason !== undefined) {
      this.emitLost(r, tx, reason, rssi, NO_IDS)
      return
    }
    const rec = new Reception(tx, r, rssi)
    for (const other of txs) if (other !== tx && other.senderId !== r.id) rec.interferers.push({ tx: other, rssiDbm: this.cachedRssi(other, r) })
    r.receptions.push(rec)
    let act = this.activeRx.get(tx.freqHz)
    if (act === undefined) {
      act = []
      this.activeRx.set(tx.freqHz, act)
    }
    act.push(rec)
    mine.push(rec)
  }

  /** Traces `wrong-channel` for radios in range listening on other frequencies (trace on only; cost ∝ channel count). */
  private traceWrongChannel(tx: TransmissionRecord, sender: LoraRadio): void {
    for (const [f, grid] of this.listeners) {
      if (f === tx.freqHz) continue
      const cands = grid.collect(sender.position, [])
      for (let i = 0; i < cands.length; i++) {
        const r = cands[i]!
        if (r === sender || r.rx.freqsHz.includes(tx.freqHz)) continue
        const rssi = this.rssiAt(tx, r)
        if (rssi >= sensitivityDbm(r.chip, tx.sf, tx.bwHz)) this.emitLost(r, tx, "wrong-channel", rssi, NO_IDS)
      }
    }
  }

  /** @internal End of a transmission: resolve its receptions, then report TX done. */
  onEvent(tx: TransmissionRecord): void {
    const txs = this.activeTx.get(tx.freqHz)
    if (txs !== undefined) {
      const i = txs.indexOf(tx)
      if (i >= 0) txs.splice(i, 1)
    }
    const mine = this.receptionsOf.get(tx.id)
    if (mine !== undefined) {
      this.receptionsOf.delete(tx.id)
      for (const rec of mine) if (!rec.done) this.finish(rec)
    }
    this.rssiCache.delete(tx.id)
    const sender = this.radios.get(tx.senderId)
    if (sender !== undefined && sender.transmitting === tx) {
      sender.transmitting = undefined
      sender.updateEnergy()
      sender.handler.onTxDone?.(tx, sender)
      sender.txFinished()
    }
  }

  private detach(rec: Reception): void {
    rec.done = true
    const r = rec.radio
    const i = r.receptions.indexOf(rec)
    if (i >= 0) r.receptions.splice(i, 1)
    const act = this.activeRx.get(rec.tx.freqHz)
    if (act !== undefined) {
      const j = act.indexOf(rec)
      if (j >= 0) act.splice(j, 1)
    }
  }

  private finish(rec: Reception): void {
    this.detach(rec)
    const r = rec.radio
    const tx = rec.tx
    const killers = destroyers(this.interference, tx, rec.rssiDbm, rec.interferers)
    if (killers.length > 0) {
      this.emitLost(r, tx, "interference", rec.rssiDbm, killers)
      r.receptionFinished(undefined)
      return
    }
    const snr = snrDb(rec.rssiDbm, tx.bwHz)
    this.counters.received++
    const w = this.world
    if (w.trace.enabled) {
      w.log(r.id, "lora.rx", { tx: tx.id, from: tx.senderId, freq: tx.freqHz, sf: tx.sf, rssi: round2(rec.rssiDbm), snr: round2(snr), len: tx.payload.length })
    }
    const frame: ReceivedFrame = {
      timeUs: w.now,
      startUs: tx.start,
      receiverId: r.id,
      transmitterId: tx.senderId,
      txId: tx.id,
      freqHz: tx.freqHz,
      bwHz: tx.bwHz,
      sf: tx.sf,
      cr: tx.cr,
      rssiDbm: rec.rssiDbm,
      snrDb: snr,
      payload: tx.payload,
      syncWord: tx.syncWord,
      public: tx.syncWord === SYNC_WORD_PUBLIC,
      iqInverted: tx.iqInverted,
    }
    r.handler.onFrame?.(frame, r)
    r.receptionFinished(frame)
  }

  /** @internal Ends every reception of `r` now with `reason` (half-duplex, radio off). */
  abortReceptions(r: LoraRadio, reason: LostReason): void {
    while (r.receptions.length > 0) {
      const rec = r.receptions[0]!
      this.detach(rec)
      this.emitLost(r, rec.tx, reason, rec.rssiDbm, NO_IDS)
    }
  }

  private emitLost(r: LoraRadio, tx: TransmissionRecord, reason: LostReason, rssi: number, interferers: readonly string[]): void {
    this.counters.lost[reason]++
    const w = this.world
    if (w.trace.enabled) {
      const fields: Record<string, unknown> = { tx: tx.id, from: tx.senderId, reason, rssi: round2(rssi) }
      if (interferers.length > 0) fields["interferers"] = interferers
      w.log(r.id, "lora.lost", fields)
    }
    const h = r.handler.onLost
    if (h !== undefined) {
      const lost: LostFrame = { timeUs: w.now, receiverId: r.id, transmitterId: tx.senderId, txId: tx.id, reason, rssiDbm: rssi, interferers }
      h.call(r.handler, lost, r)
    }
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100
}

/** Receptions still holding a demodulation path at `now` (one ending this µs has freed it). */
function busyPaths(receptions: readonly Reception[], now: Micros): number {
  let n = 0
  for (const rec of receptions) if (rec.tx.end > now) n++
  return n
}
