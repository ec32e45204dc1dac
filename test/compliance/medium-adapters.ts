/**
 * Adapters that put the two implementations of the LoRa uplink medium behind
 * one small interface, so that one compliance suite (medium-suite.ts) holds
 * both to the same behaviours (in the manner of js-libp2p's interface
 * compliance tests):
 * - the object path: `Medium` with `LoraRadio` senders and `Gateway`s as the
 *   scripted world builds them;
 * - the fleet fast path: `FleetMedium` (struct-of-arrays devices, gateway sites).
 *
 * Geometry: devices sit 1.5 m high (the fleet's fixed device height), gateways
 * at the site's `z` (default 15 m); propagation is LoRaSim's log-distance fit
 * without shadowing (127.41 dB at 40 m, γ 2.08, σ 0), so every RSSI is exactly
 * P_tx − (127.41 + 20.8·log10(d / 40 m)) on both paths.
 *
 * Imports come from `radio/index.ts` only (and the kernel).
 */
import { FIELDNET_PRESET, FleetMedium, Gateway, LORASIM, LoraRadio, Medium, SYNC_WORD_PUBLIC, timeOnAirUs, type FleetRadioPreset, type LoraFrameFormat, type MediumOptions, type TxRequest } from "../../radio/index.ts"
import { Simulation } from "../../sim/index.ts"

/** The interference rules a behaviour can ask for (the fleet's names, which the radio layer is adopting for both paths). */
export type RuleName = "goursaud" | "lorasim-simple" | "lorasim-full" | "any-overlap"

/**
 * ⚑ THE ONE PLACE where compliance rule names meet the object path's names.
 * Both paths now take the same names (radio/capture-rules.ts `CAPTURE_RULES`),
 * so this is the identity. Before the unification the object path's
 * `InterferenceModel` was "goursaud" | "any-overlap" | "lorasim" (LoRaSim's full
 * rule, symmetric) and had no simple rule; the line was then
 * `({ goursaud: "goursaud", "lorasim-simple": undefined, "lorasim-full": "lorasim", "any-overlap": "any-overlap" })[r]`
 * (`undefined` makes the behaviours that need the rule fail with a message naming the gap).
 */
const OBJECT_RULE = (r: RuleName): string | undefined => r

/** Device height (m): the fleet medium places every device 1.5 m high. */
export const DEVICE_HEIGHT_M = 1.5
/** Gateway antenna height (m) when a site gives none (the fleet's default). */
export const GATEWAY_HEIGHT_M = 15
/** The propagation both adapters use: LoRaSim's fit with no shadowing (exact RSSI). */
export const EXACT_PROPAGATION = { ...LORASIM, sigmaDb: 0 } as const

/** Path loss (dB) of a link `d` metres long under {@link EXACT_PROPAGATION}. */
export function exactLossDb(d: number): number {
  return EXACT_PROPAGATION.refLossDb + 10 * EXACT_PROPAGATION.exponent * Math.log10(Math.max(d, 1e-3) / EXACT_PROPAGATION.refDistanceM)
}

/** A gateway site: where, which uplink carriers it demodulates, and its bandwidth (object path: one per gateway; the fleet has none). */
export interface SiteSpec {
  readonly id: string
  readonly x: number
  readonly y: number
  readonly z?: number
  readonly channelsHz: readonly number[]
  readonly bwHz?: number
}

/** A transmit-only end device at (x, y), 1.5 m high. */
export interface DeviceSpec {
  readonly id: string
  readonly x: number
  readonly y: number
}

/** One world of the medium suite. */
export interface MediumWorldSpec {
  readonly rule: RuleName
  readonly gateways: readonly SiteSpec[]
  readonly devices: readonly DeviceSpec[]
  readonly seed?: number
}

/** An uplink that starts at an exact µs (CR 4/5, preamble 8, explicit header, CRC on). */
export interface FrameSpec {
  readonly from: string
  readonly atUs: number
  readonly freqHz: number
  readonly sf: number
  readonly bwHz?: number
  /** EIRP (dBm): antenna gains are 0 on both paths. */
  readonly powerDbm: number
  readonly len: number
}

/** A gateway's own transmission (a downlink) from an exact µs: it makes the gateway deaf (half-duplex). */
export interface GatewayTxSpec {
  readonly gateway: string
  readonly atUs: number
  readonly freqHz: number
  readonly sf: number
  readonly bwHz?: number
  readonly powerDbm: number
  readonly len: number
}

/** What became of one frame at one gateway. `reason` uses the paths' own words (both say interference, no-free-path, half-duplex, below-sensitivity). */
export type Outcome = { readonly received: true; readonly rssiDbm: number } | { readonly received: false; readonly reason: string; readonly rssiDbm?: number }

/** A built world: schedule frames and gateway transmissions, run, read outcomes. */
export interface MediumHarness {
  /** Schedules an uplink; returns its handle. Call before `run()`. */
  send(f: FrameSpec): number
  /** Schedules a gateway transmission. Call before `run()`. */
  gatewayTransmit(t: GatewayTxSpec): void
  /** Runs until every frame has ended. */
  run(): void
  /** The frame's outcome at the gateway (`not-offered` when the gateway never saw it: not listening on its carrier, or no link). */
  outcome(frame: number, gateway: string): Outcome
}

/** One implementation of the medium. */
export interface MediumAdapter {
  readonly name: string
  create(world: MediumWorldSpec): MediumHarness
}

/** The frame format both adapters send (and time on air from it). */
export function frameFormat(sf: number, bwHz = 125_000): LoraFrameFormat {
  return { sf, bwHz, cr: 1, preamble: 8, implicitHeader: false, crc: true }
}

/** Time on air (µs) of a frame of `len` bytes in {@link frameFormat}. */
export function frameToaUs(len: number, sf: number, bwHz = 125_000): number {
  return timeOnAirUs(len, frameFormat(sf, bwHz))
}

function request(freqHz: number, sf: number, bwHz: number, powerDbm: number, len: number, iqInverted: boolean): TxRequest {
  return { ...frameFormat(sf, bwHz), freqHz, txPowerDbm: powerDbm, payload: new Uint8Array(len), syncWord: SYNC_WORD_PUBLIC, iqInverted }
}

const NOT_OFFERED: Outcome = { received: false, reason: "not-offered" }

// ---------------------------------------------------------------- object path

/** `Medium` + `LoraRadio` senders + `Gateway`s (8 multi-SF paths, half-duplex), as the scripted world builds them. */
export const objectMedium: MediumAdapter = {
  name: "object path (Medium + Gateway)",
  create(spec: MediumWorldSpec): MediumHarness {
    const interference = OBJECT_RULE(spec.rule)
    if (interference === undefined) throw new Error(`object path: Medium has no interference rule equivalent to "${spec.rule}" (InterferenceModel lacks it) — see OBJECT_RULE in medium-adapters.ts`)
    const sim = new Simulation({ seed: spec.seed ?? 1 })
    const medium = new Medium(sim, { propagation: EXACT_PROPAGATION, interference: interference as NonNullable<MediumOptions["interference"]> })
    const outcomes = new Map<string, Map<number, Outcome>>()
    const gateways = new Map<string, Gateway>()
    for (const s of spec.gateways) {
      const gw = new Gateway(medium, { id: s.id, position: { x: s.x, y: s.y, z: s.z ?? GATEWAY_HEIGHT_M }, channelsHz: s.channelsHz, ...(s.bwHz === undefined ? {} : { bwHz: s.bwHz }) })
      const m = new Map<number, Outcome>()
      gw.onFrameReceived((f) => m.set(f.txId, { received: true, rssiDbm: f.rssiDbm }))
      gw.onFrameLost((l) => m.set(l.txId, { received: false, reason: l.reason, rssiDbm: l.rssiDbm }))
      outcomes.set(s.id, m)
      gateways.set(s.id, gw)
    }
    const radios = new Map<string, LoraRadio>()
    for (const d of spec.devices) radios.set(d.id, new LoraRadio(medium, { id: d.id, position: { x: d.x, y: d.y, z: DEVICE_HEIGHT_M } }))
    const txIds: number[] = []
    return {
      send(f: FrameSpec): number {
        const radio = radios.get(f.from)
        if (radio === undefined) throw new RangeError(`unknown device ${f.from}`)
        const handle = txIds.length
        txIds.push(-1)
        const req = request(f.freqHz, f.sf, f.bwHz ?? 125_000, f.powerDbm, f.len, false)
        sim.schedule(f.atUs, () => {
          txIds[handle] = radio.transmit(req).id
        })
        return handle
      },
      gatewayTransmit(t: GatewayTxSpec): void {
        const gw = gateways.get(t.gateway)
        if (gw === undefined) throw new RangeError(`unknown gateway ${t.gateway}`)
        if (!gw.transmitAt(t.atUs, request(t.freqHz, t.sf, t.bwHz ?? 125_000, t.powerDbm, t.len, true))) throw new Error(`object path: gateway ${t.gateway} refused a transmission at ${t.atUs} µs`)
      },
      run(): void {
        sim.run()
      },
      outcome(frame: number, gateway: string): Outcome {
        const id = txIds[frame]
        if (id === undefined || id < 0) throw new RangeError(`frame ${frame} was not sent`)
        return outcomes.get(gateway)?.get(id) ?? NOT_OFFERED
      },
    }
  },
}

// ---------------------------------------------------------------- fleet path

/** The fieldnet preset (SX1301 sensitivity, 8 paths, frames below sensitivity interfere) without shadowing, under `rule`. */
export function fleetCompliancePreset(rule: RuleName): FleetRadioPreset {
  return { ...FIELDNET_PRESET, propagation: EXACT_PROPAGATION, collision: rule }
}

/**
 * `FleetMedium` with tracked uplinks. A `FleetMedium` reports one outcome per
 * frame (best gateway, or the loss reason by precedence), not one per gateway;
 * its gateways never interact (each has its own air, paths and transmitter),
 * so the adapter gives each gateway its own `FleetMedium` (same devices, same
 * kernel) and reads that medium's per-frame outcome as the gateway's.
 */
export const fleetMedium: MediumAdapter = {
  name: "fleet path (FleetMedium)",
  create(spec: MediumWorldSpec): MediumHarness {
    const sim = new Simulation({ seed: spec.seed ?? 1 })
    const preset = fleetCompliancePreset(spec.rule)
    const index = new Map<string, number>()
    spec.devices.forEach((d, i) => index.set(d.id, i))
    const xs = Float64Array.from(spec.devices.map((d) => d.x))
    const ys = Float64Array.from(spec.devices.map((d) => d.y))
    const media = new Map<string, { m: FleetMedium; outcomes: Map<number, Outcome>; slots: Map<number, number> }>()
    for (const s of spec.gateways) {
      const m = new FleetMedium(sim, preset, [{ id: s.id, x: s.x, y: s.y, z: s.z ?? GATEWAY_HEIGHT_M, channelsHz: s.channelsHz }])
      // A high "max TX power" keeps every link the suite may use (it only sets the link filter).
      m.addDevices(xs, ys, (i) => spec.devices[i]!.id, 60)
      const entry = { m, outcomes: new Map<number, Outcome>(), slots: new Map<number, number>() }
      m.listener = {
        onUplinkEnd(_d: number, t: number): void {
          const handle = entry.slots.get(t)
          if (handle === undefined) return
          entry.slots.delete(t)
          const reason = m.delivered(t) ? undefined : m.lossReason(t)
          entry.outcomes.set(handle, reason === undefined ? { received: true, rssiDbm: m.bestRssiDbm(t) } : reason === "out-of-range" ? NOT_OFFERED : { received: false, reason })
        },
      }
      media.set(s.id, entry)
    }
    let frames = 0
    return {
      send(f: FrameSpec): number {
        const d = index.get(f.from)
        if (d === undefined) throw new RangeError(`unknown device ${f.from}`)
        const handle = frames++
        for (const e of media.values()) {
          sim.schedule(f.atUs, () => {
            const t = e.m.transmit(d, e.m.channelIndex(f.freqHz), f.sf, f.bwHz ?? 125_000, 1, f.powerDbm, f.len, true)
            e.slots.set(t, handle)
          })
        }
        return handle
      },
      gatewayTransmit(t: GatewayTxSpec): void {
        const e = media.get(t.gateway)
        if (e === undefined) throw new RangeError(`unknown gateway ${t.gateway}`)
        const toa = frameToaUs(t.len, t.sf, t.bwHz ?? 125_000)
        sim.schedule(t.atUs, () => {
          if (!e.m.gatewayTransmit(0, toa)) throw new Error(`fleet path: gateway ${t.gateway} refused a transmission at ${t.atUs} µs`)
        })
      },
      run(): void {
        sim.run()
        for (const e of media.values()) e.m.flush()
      },
      outcome(frame: number, gateway: string): Outcome {
        if (frame >= frames) throw new RangeError(`frame ${frame} was not sent`)
        return media.get(gateway)?.outcomes.get(frame) ?? NOT_OFFERED
      },
    }
  },
}

/** Both implementations, for `describe.each`. */
export const MEDIUM_ADAPTERS: readonly MediumAdapter[] = [objectMedium, fleetMedium]
