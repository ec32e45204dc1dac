import type { Micros } from "../sim/index.ts"

/** Radio power states for energy accounting. */
export type RadioState = "sleep" | "idle" | "rx" | "tx"

/**
 * Supply currents of a LoRa transceiver (mA) and its supply voltage.
 * `txMa` maps a TX power (dBm) to the current; a power between rows uses the
 * next row up.
 */
export interface EnergyProfile {
  readonly voltageV: number
  readonly sleepMa: number
  readonly idleMa: number
  readonly rxMa: number
  readonly txMa: readonly (readonly [number, number])[]
  readonly source: string
}

/**
 * SX1276 (LoPy4/FiPy radio) supply currents, SX1276/77/78/79 datasheet Table 6
 * "Power Consumption Specification" (band 1, 868 MHz): sleep 0.2 µA, idle 1.5 mA,
 * RX (LnaBoost off, BW125) 10.8 mA, TX on PA_BOOST 17 dBm 87 mA, 20 dBm 120 mA.
 * Pycom boards drive PA_BOOST on every band above 525 MHz (PF `esp32/lora/sx1276-board.c`
 * `SX1276GetPaSelect`), so the datasheet's RFO points (7 dBm 20 mA, 13 dBm 29 mA) do not
 * apply; below 17 dBm the 17 dBm current is used, an upper bound (the datasheet gives no
 * PA_BOOST figure below 17 dBm; docs/models.md §2.6). ⚠ The values are the ones commonly
 * quoted from the datasheet. 3.3 V supply (LoPy).
 */
export const SX1276_ENERGY: EnergyProfile = {
  voltageV: 3.3,
  sleepMa: 0.0002,
  idleMa: 1.5,
  rxMa: 10.8,
  txMa: [
    [17, 87],
    [20, 120],
  ],
  source: "SX1276 datasheet Table 6 (band 1), PA_BOOST points (Pycom selects PA_BOOST above 525 MHz)",
}

/** TX current (mA) at `dbm` for a profile. */
export function txCurrentMa(profile: EnergyProfile, dbm: number): number {
  for (const [p, ma] of profile.txMa) if (dbm <= p) return ma
  const last = profile.txMa[profile.txMa.length - 1]
  return last === undefined ? 0 : last[1]
}

/**
 * Per-state energy accounting for one radio: time in each state (µs) and joules,
 * with TX energy split by power level. Call `set` on every state change.
 */
export class EnergyMeter {
  state: RadioState = "sleep"
  private since: Micros = 0
  private txDbm = 0
  /** Accumulated µs per state. */
  readonly timeUs: Record<RadioState, number> = { sleep: 0, idle: 0, rx: 0, tx: 0 }
  /** Accumulated joules per state. */
  readonly joulesByState: Record<RadioState, number> = { sleep: 0, idle: 0, rx: 0, tx: 0 }
  private txByDbm: Map<number, number> | undefined = undefined

  /** TX joules by power level (dBm → J). */
  get txJoulesByDbm(): ReadonlyMap<number, number> {
    return this.txByDbm ?? new Map()
  }

  constructor(readonly profile: EnergyProfile = SX1276_ENERGY) {}

  private currentMa(): number {
    const p = this.profile
    switch (this.state) {
      case "sleep":
        return p.sleepMa
      case "idle":
        return p.idleMa
      case "rx":
        return p.rxMa
      case "tx":
        return txCurrentMa(p, this.txDbm)
    }
  }

  private accrue(now: Micros): void {
    const dt = now - this.since
    if (dt <= 0) return
    const j = (this.currentMa() / 1000) * this.profile.voltageV * (dt / 1e6)
    this.timeUs[this.state] += dt
    this.joulesByState[this.state] += j
    if (this.state === "tx") {
      const m = (this.txByDbm ??= new Map())
      m.set(this.txDbm, (m.get(this.txDbm) ?? 0) + j)
    }
    this.since = now
  }

  /** Enters `state` at `now` (TX at `txDbm`). */
  set(state: RadioState, now: Micros, txDbm = 0): void {
    this.accrue(now)
    this.since = now
    this.state = state
    this.txDbm = txDbm
  }

  /** Total joules up to `now`. */
  joules(now: Micros): number {
    this.accrue(now)
    const j = this.joulesByState
    return j.sleep + j.idle + j.rx + j.tx
  }
}
