/** Receivers kept per frame (the strongest), enough for a server's downlink choice. */
export const MAX_RECEIVERS = 8

/** Lowest SF with an interference-energy sum per reception (goursaud rule). */
export const ENERGY_MIN_SF = 6
/** Highest SF with an interference-energy sum per reception. */
export const ENERGY_MAX_SF = 12
/** Interference-energy sums per reception: one per interfering SF 6..12. */
export const ENERGY_SLOTS = ENERGY_MAX_SF - ENERGY_MIN_SF + 1

/** Index in `FleetPool.rxEnergy` of reception `r`'s energy sum for interferers of SF `sf`. */
export function energyIndex(r: number, sf: number): number {
  return r * ENERGY_SLOTS + sf - ENERGY_MIN_SF
}

/** A frame's loss state until a gateway hears it: `out-of-range` (= fleet-collisions.ts `OUT_OF_RANGE`, checked there). */
export const NO_GATEWAY_REASON = 6

/**
 * Slot storage of a fleet medium's frames and receptions: typed arrays indexed
 * by slot, with free lists, so a frame costs no allocation once the pool has
 * grown to the channel load. A frame owns a doubly linked list of its
 * receptions (one per gateway in range).
 */
export class FleetPool {
  // Frames.
  txDev = new Int32Array(0)
  txStart = new Float64Array(0)
  txEnd = new Float64Array(0)
  txSf = new Int8Array(0)
  txBw = new Int32Array(0)
  txCh = new Int16Array(0)
  txTrack = new Uint8Array(0)
  txSettling = new Uint8Array(0)
  txPending = new Int32Array(0)
  txFirstRx = new Int32Array(0)
  txBestGw = new Int32Array(0)
  txBestRssi = new Float64Array(0)
  txGwCount = new Int32Array(0)
  txReason = new Int8Array(0)
  /**
   * The gateways that received each frame (at most {@link MAX_RECEIVERS}, the
   * strongest), for a network server choosing its downlink gateway: gateway
   * index and RSSI per slot `t * MAX_RECEIVERS + k`, `txRxN[t]` receptions
   * counted so far (may exceed MAX_RECEIVERS; only the strongest are kept).
   */
  txRxGw = new Int32Array(0)
  txRxRssi = new Float64Array(0)
  txRxN = new Int32Array(0)
  /** {@link MAX_RECEIVERS}, for readers of `txRxGw` / `txRxRssi`. */
  readonly receiversPerFrame = MAX_RECEIVERS
  private txFree: number[] = []
  private txCap = 0

  // Receptions.
  rxTx = new Int32Array(0)
  rxGw = new Int32Array(0)
  rxRssi = new Float64Array(0)
  rxState = new Int8Array(0)
  rxHit = new Uint8Array(0)
  rxAirPos = new Int32Array(0)
  rxNext = new Int32Array(0)
  rxPrev = new Int32Array(0)
  /** Interference energy per interfering SF 6..12 ({@link ENERGY_SLOTS} per reception, see {@link energyIndex}). */
  rxEnergy = new Float64Array(0)
  private rxFree: number[] = []
  private rxCap = 0

  /** A frame slot, initialised; `txSettling` is 1 until the caller clears it. */
  allocTx(dev: number, start: number, end: number, sf: number, ch: number, track: boolean): number {
    if (this.txFree.length === 0) this.growTx()
    const t = this.txFree.pop()!
    this.txDev[t] = dev
    this.txStart[t] = start
    this.txEnd[t] = end
    this.txSf[t] = sf
    this.txCh[t] = ch
    this.txTrack[t] = track ? 1 : 0
    this.txSettling[t] = 1
    this.txPending[t] = 0
    this.txFirstRx[t] = -1
    this.txBestGw[t] = -1
    this.txBestRssi[t] = -Infinity
    this.txGwCount[t] = 0
    this.txReason[t] = NO_GATEWAY_REASON // out-of-range until a gateway says otherwise
    this.txRxN[t] = 0
    return t
  }

  /** Frames allocated and not yet settled. */
  get liveTx(): number {
    return this.txCap - this.txFree.length
  }

  freeTx(t: number): void {
    this.txFree.push(t)
  }

  /** A reception of frame `t` at gateway `g`, linked into the frame's list. */
  allocRx(t: number, g: number, rssi: number, state: number, clearEnergy: boolean): number {
    if (this.rxFree.length === 0) this.growRx()
    const r = this.rxFree.pop()!
    this.rxTx[r] = t
    this.rxGw[r] = g
    this.rxRssi[r] = rssi
    this.rxState[r] = state
    this.rxHit[r] = 0
    this.rxAirPos[r] = -1
    if (clearEnergy) {
      const e = this.rxEnergy
      for (let k = r * ENERGY_SLOTS, k1 = k + ENERGY_SLOTS; k < k1; k++) e[k] = 0
    }
    const head = this.txFirstRx[t]!
    this.rxNext[r] = head
    this.rxPrev[r] = -1
    if (head >= 0) this.rxPrev[head] = r
    this.txFirstRx[t] = r
    this.txPending[t]!++
    return r
  }

  /** Unlinks reception `r` from its frame and frees it. */
  unlinkRx(r: number): void {
    const t = this.rxTx[r]!
    // The medium counts a reception that survived (txGwCount) just before unlinking it: record it as a receiver.
    if (this.txGwCount[t]! > this.txRxN[t]!) this.recordReceiver(t, this.rxGw[r]!, this.rxRssi[r]!)
    const n = this.rxNext[r]!
    const pv = this.rxPrev[r]!
    if (pv >= 0) this.rxNext[pv] = n
    else this.txFirstRx[t] = n
    if (n >= 0) this.rxPrev[n] = pv
    this.txPending[t]!--
    this.rxFree.push(r)
  }

  /** Keeps gateway `g` (RSSI `rssi`) among frame `t`'s receivers: appended while there is room, else it replaces the weakest if stronger. */
  private recordReceiver(t: number, g: number, rssi: number): void {
    const n = this.txRxN[t]!
    this.txRxN[t] = n + 1
    const base = t * MAX_RECEIVERS
    if (n < MAX_RECEIVERS) {
      this.txRxGw[base + n] = g
      this.txRxRssi[base + n] = rssi
      return
    }
    let weak = base
    for (let k = base + 1; k < base + MAX_RECEIVERS; k++) if (this.txRxRssi[k]! < this.txRxRssi[weak]!) weak = k
    if (rssi > this.txRxRssi[weak]!) {
      this.txRxGw[weak] = g
      this.txRxRssi[weak] = rssi
    }
  }

  private growTx(): void {
    const old = this.txCap
    const cap = Math.max(64, old * 2)
    this.txDev = grow(this.txDev, cap)
    this.txStart = grow(this.txStart, cap)
    this.txEnd = grow(this.txEnd, cap)
    this.txSf = grow(this.txSf, cap)
    this.txBw = grow(this.txBw, cap)
    this.txCh = grow(this.txCh, cap)
    this.txTrack = grow(this.txTrack, cap)
    this.txSettling = grow(this.txSettling, cap)
    this.txPending = grow(this.txPending, cap)
    this.txFirstRx = grow(this.txFirstRx, cap)
    this.txBestGw = grow(this.txBestGw, cap)
    this.txBestRssi = grow(this.txBestRssi, cap)
    this.txGwCount = grow(this.txGwCount, cap)
    this.txReason = grow(this.txReason, cap)
    this.txRxGw = grow(this.txRxGw, cap * MAX_RECEIVERS)
    this.txRxRssi = grow(this.txRxRssi, cap * MAX_RECEIVERS)
    this.txRxN = grow(this.txRxN, cap)
    for (let i = cap - 1; i >= old; i--) this.txFree.push(i)
    this.txCap = cap
  }

  private growRx(): void {
    const old = this.rxCap
    const cap = Math.max(64, old * 2)
    this.rxTx = grow(this.rxTx, cap)
    this.rxGw = grow(this.rxGw, cap)
    this.rxRssi = grow(this.rxRssi, cap)
    this.rxState = grow(this.rxState, cap)
    this.rxHit = grow(this.rxHit, cap)
    this.rxAirPos = grow(this.rxAirPos, cap)
    this.rxNext = grow(this.rxNext, cap)
    this.rxPrev = grow(this.rxPrev, cap)
    this.rxEnergy = grow(this.rxEnergy, cap * ENERGY_SLOTS)
    for (let i = cap - 1; i >= old; i--) this.rxFree.push(i)
    this.rxCap = cap
  }
}

type Typed = Int8Array | Uint8Array | Int16Array | Int32Array | Float64Array
function grow<T extends Typed>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n)
  b.set(a as never)
  return b
}
