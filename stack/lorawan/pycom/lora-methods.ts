/**
 * The LORAWAN-mode methods of Pycom's `network.LoRa` (PF `modlora.c`, PD
 * `lora.md`; docs/models.md §1.3): `join`, `has_joined`, `add_channel`,
 * `remove_channel`, `nvram_save/restore/erase`, `set_battery_level`. Added to the
 * `LoRa` class by declaration merging so `stack/lora` stays mode-agnostic.
 */
import { TIMED_OUT, type ProcessBody } from "../../../sim/index.ts"
import { LoRa } from "../../lora/lora.ts"
import { OSError, TimeoutError, ValueError } from "../../errors/errors.ts"
import { fixedChannelCount } from "../mac/channels.ts"
import { subBandOf } from "../region-common.ts"
import { LoRaWanMode } from "./lorawan-mode.ts"
import { nvramErase, nvramRestore, nvramSave } from "./nvram.ts"

/** `LoRa.OTAA` / `LoRa.ABP` (docs/models.md §1.1). */
export const OTAA = 0
export const ABP = 1

/** Keyword arguments of `join` (timeout in ms; None = block until joined, code behaviour). */
export interface JoinArgs {
  readonly auth: readonly (Uint8Array | number)[]
  readonly timeout?: number | null
  readonly dr?: number | null
}

declare module "../../lora/lora.ts" {
  interface LoRa {
    /** `join(activation, *, auth, timeout=None, dr=None)`: `yield* lora.join(LoRa.OTAA, { auth, timeout })`. */
    join(activation: number, args: JoinArgs): ProcessBody<void>
    has_joined(): boolean
    add_channel(index: number, args: { frequency: number; dr_min: number; dr_max: number }): void
    remove_channel(index: number): void
    nvram_save(): void
    nvram_restore(): void
    nvram_erase(): void
    set_battery_level(level: number): void
  }
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace LoRa {
    /** `LoRa.OTAA` = 0, `LoRa.ABP` = 1, `LoRa.CLASS_A` = 0, `LoRa.CLASS_C` = 2 (docs/models.md §1.1). */
    let OTAA: number
    let ABP: number
    let CLASS_A: number
    let CLASS_C: number
  }
}

Object.assign(LoRa, { OTAA, ABP, CLASS_A: 0, CLASS_C: 2 })

function wan(lora: LoRa): LoRaWanMode {
  const m = lora.mode
  if (!(m instanceof LoRaWanMode)) throw new OSError("the requested operation is not possible")
  return m
}


LoRa.prototype.join = function* (this: LoRa, activation: number, args: JoinArgs): ProcessBody<void> {
  const m = wan(this)
  if (activation !== OTAA && activation !== ABP) throw new ValueError(`invalid activation type ${activation}`)
  // PF modlora.c lora_join: the region's default join DR, or one of the DRs it accepts (EU868 0–5, US915 0/4, AU915 0/6, AS923 2).
  const dr = args.dr ?? m.region.defaultJoinDr
  if (!m.region.joinDrs.includes(dr)) throw new ValueError(`invalid join data rate ${dr}`)
  const a = args.auth
  const bytes = (v: Uint8Array | number | undefined): Uint8Array => {
    if (!(v instanceof Uint8Array)) throw new ValueError("invalid argument(s) value")
    return v
  }
  if (activation === ABP) {
    const addr = a[0]
    if (a.length !== 3 || typeof addr !== "number") throw new ValueError("invalid argument(s) value")
    m.mac.joinAbp({ devAddr: addr, nwkSKey: bytes(a[1]), appSKey: bytes(a[2]) }, dr)
    return
  }
  if (a.length !== 2 && a.length !== 3) throw new ValueError("invalid argument(s) value")
  const devEui = a.length === 3 ? bytes(a[0]) : this.mac()
  const [appEui, appKey] = a.length === 3 ? [bytes(a[1]), bytes(a[2])] : [bytes(a[0]), bytes(a[1])]
  m.mac.joinOtaa({ devEui, appEui, appKey }, dr)
  const t = args.timeout
  if (t === 0) return
  // ⚠ code: timeout None = INT32_MAX ms, i.e. block until joined (the docs say it returns at once).
  const ok = yield* m.waitJoined(t === undefined || t === null ? undefined : Math.round(t * 1000))
  if (!ok) throw new TimeoutError()
  void TIMED_OUT
}

const rawStats = LoRa.prototype.stats
/** In LORAWAN mode `sftx`/`sfrx` are DRs and `tx_trials` counts the last uplink's tries (PF `modlora.c`; docs/models.md §1.3). */
LoRa.prototype.stats = function (this: LoRa) {
  const base = rawStats.call(this)
  const m = this.mode
  return m instanceof LoRaWanMode ? { ...base, ...m.lastStats } : base
}

LoRa.prototype.has_joined = function (this: LoRa): boolean {
  const m = this.mode
  return m instanceof LoRaWanMode && m.mac.joined
}

LoRa.prototype.add_channel = function (this: LoRa, index: number, args: { frequency: number; dr_min: number; dr_max: number }): void {
  const m = wan(this)
  if (!Number.isInteger(index) || index < 0 || index >= m.region.maxChannels) throw new ValueError(`channel ${index} out of range`)
  const ok = (d: number) => Number.isInteger(d) && d >= 0 && d <= m.maxSocketDr
  if (!ok(args.dr_min) || !ok(args.dr_max) || args.dr_min > args.dr_max) throw new ValueError("invalid argument(s) value")
  // LMN ChannelAdd checks the frequency against the region's bands (RegionEU868 VerifyRfFreq; US915 902-928 MHz; AS923/AU915 915-928 MHz).
  const f = args.frequency
  const inBand = subBandOf(m.region.subBands, f) !== undefined
  if (!Number.isInteger(f) || !inBand) throw new ValueError("invalid argument(s) value")
  const st = m.mac.session.channels
  st.channels[index] = { frequencyHz: args.frequency, minDr: args.dr_min, maxDr: args.dr_max }
  st.mask[index] = true
}

LoRa.prototype.remove_channel = function (this: LoRa, index: number): void {
  const m = wan(this)
  if (!Number.isInteger(index) || index < 0 || index >= m.region.maxChannels) throw new ValueError(`channel ${index} out of range`)
  // Default channels of a dynamic plan (EU868 0-2, AS923 0-1) cannot be removed (PD; LMN Region*ChannelsRemove returns false): nothing happens.
  if (index < fixedChannelCount(m.region)) return
  const st = m.mac.session.channels
  // A dynamic plan deletes the channel; a fixed plan (US915/AU915) only masks it.
  if (m.region.channelPlan === "dynamic") st.channels[index] = null
  st.mask[index] = false
}

LoRa.prototype.nvram_save = function (this: LoRa): void {
  nvramSave(this.device, wan(this).mac.session)
}

LoRa.prototype.nvram_restore = function (this: LoRa): void {
  const m = wan(this)
  const s = nvramRestore(this.device, m.region.name)
  if (s !== undefined) m.mac.session = s
}

LoRa.prototype.nvram_erase = function (this: LoRa): void {
  nvramErase(this.device)
}

LoRa.prototype.set_battery_level = function (this: LoRa, level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > 255) throw new ValueError("invalid argument(s) value")
  wan(this).mac.battery = level
}
