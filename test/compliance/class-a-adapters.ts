/**
 * Adapters that put the two LoRaWAN class A implementations behind one small
 * interface for the class A compliance suite (class-a-suite.ts):
 * - the object path: one scripted `ClassADevice` on a `LoraRadio`, one
 *   `Gateway`, one `NetworkServer`, on the full `Medium`;
 * - the fleet path: a one-device LoRaWAN group built through `Fleet` from a
 *   fleet spec (`LorawanGroup` + `DownlinkPlanner` on a `FleetMedium`).
 *
 * Same geometry and the same link on both: the device "dev/0" at (d, 0) 1.5 m
 * high, the gateway "gw0" at the origin 15 m high, LoRaSim's log-distance fit
 * with σ = 3.57 dB shadowing (the fieldnet preset) drawn from the same named
 * stream `shadowing/dev/0/gw0` on both paths.
 *
 * What is observed, per path:
 * - uplinks (every frame the device put on the air) and downlinks (every frame
 *   the gateway sent it): object path from the radio callbacks
 *   (`MacListener.onTx`, `Gateway.onDownlinkDone`); fleet path from the
 *   `fleet.tx` trace lines (`FleetMedium.traceFrames`) and the gateway
 *   transmissions the `DownlinkPlanner` books (`planner.book` /
 *   `medium.gatewayTransmit`, observed on the instance);
 * - the device's `lorawan.*` trace events (`ClassADevice`'s kinds and fields;
 *   the fleet group emits them with `FleetMedium.traceFrames` on, node `<group>/<i>`).
 */
import { EU868_DEFAULT_CHANNELS_HZ, Gateway, LORASIM, LoraRadio, Medium, SYNC_WORD_PUBLIC, symbolTimeUs, timeOnAirUs, type TransmissionRecord } from "../../radio/index.ts"
import { Simulation } from "../../sim/index.ts"
import { Fleet, type ResolvedFleetSpec } from "../../stack/fleet/index.ts"
import { EU868, US915, fromHex, type Region } from "../../stack/lorawan/index.ts"
import { ClassADevice } from "../../stack/lorawan/mac/index.ts"
import { NetworkServer } from "../../stack/lorawan/server/index.ts"

export const DEVICE_ID = "dev/0"
export const GATEWAY_ID = "gw0"
export const GATEWAY_Z_M = 15
export const DEVICE_Z_M = 1.5
/** US915 uplink channels both paths use: sub-band 2 (channels 8–15, 903.9–905.3 MHz), as TTN's US915 plan; the fleet medium holds ≤ 64 carriers. */
export const US915_SUB_BAND_2_HZ: readonly number[] = Array.from({ length: 8 }, (_, k) => 903_900_000 + 200_000 * k)
/** A carrier nobody listens on, for the transmissions that keep a gateway busy (EU868 band 865–868 MHz; no RX1/RX2 there). */
const BLOCKER_FREQ_HZ = 867_100_000
/** A blocker: SF7, 100 bytes (≈ 170 ms), starting 20 ms before the window's nominal time. */
const BLOCKER = { sf: 7, len: 100, leadUs: 20_000 }

/** One class A world. */
export interface ClassAWorldSpec {
  readonly region: "EU868" | "US915"
  readonly activation: "otaa" | "abp"
  /** OTAA: the DR the join is requested at; ABP: the session DR; with ADR on, where ADR starts. */
  readonly dr: number
  readonly adr: boolean
  /** Every application message confirmed (true) or not. */
  readonly confirmed: boolean
  readonly payloadBytes: number
  /** Device at (distanceM, 0). */
  readonly distanceM: number
  readonly seed?: number
}

/** A frame on the air. */
export interface AirFrame {
  readonly start: number
  readonly end: number
  readonly freqHz: number
  readonly sf: number
  readonly bwHz: number
  /** Conducted TX power (dBm) the radio used (uplinks only). */
  readonly powerDbm?: number
  /** PHYPayload length (uplinks only). */
  readonly len?: number
}

/** A `lorawan.*` trace event of the device: time, kind and its fields. */
export interface MacEvent {
  readonly t: number
  readonly kind: string
  readonly [field: string]: unknown
}

export interface ClassAObservation {
  readonly uplinks: readonly AirFrame[]
  readonly downlinks: readonly AirFrame[]
  readonly events: readonly MacEvent[]
}

/** A built one-device world. */
export interface ClassAHarness {
  readonly region: Region
  /** An application message at `atUs` (ABP, or OTAA once joined). */
  message(atUs: number): void
  /** An application message `delayUs` after the device joined (OTAA). */
  messageAfterJoin(delayUs: number): void
  /** Takes the gateway off the air (or back on) at `atUs`. */
  setGatewayUp(atUs: number, up: boolean): void
  /** The same, `delayUs` after the device joined (OTAA). */
  setGatewayUpAfterJoin(delayUs: number, up: boolean): void
  /**
   * Keeps the gateway's transmitter busy around `delayUs` after the end of the
   * device's `nth` transmission (0-based, JoinRequests included), so that the
   * network cannot answer in that window (RX1) and must use the next (RX2).
   */
  blockWindow(nth: number, delayUs: number): void
  run(untilUs: number): void
  observe(): ClassAObservation
  /** Gain (dB) of the device→gateway link: antenna gains − path loss (with shadowing). */
  linkGainDb(): number
}

export interface ClassAAdapter {
  readonly name: string
  create(spec: ClassAWorldSpec): ClassAHarness
}

export function regionOf(name: "EU868" | "US915"): Region {
  return name === "US915" ? US915 : EU868
}

/** SF of a LoRa DR of `region`. */
export function sfOfDr(region: Region, dr: number): number {
  const d = region.dataRates[dr]
  if (d === undefined || d.modulation !== "lora") throw new RangeError(`DR${dr} of ${region.name} is not LoRa`)
  return d.sf
}

const DEV_EUI = fromHex("00a0b1c2d3e40001")
const APP_EUI = fromHex("70b3d57ed0000001")
const APP_KEY = fromHex("98929b92c49edba9676d646d3b612456")
const NWK_SKEY = fromHex("2b7e151628aed2a6abf7158809cf4f3c")
const APP_SKEY = fromHex("000102030405060708090a0b0c0d0e0f")
const DEV_ADDR = 0x26011234

function eventsOf(lines: readonly string[], nodes: readonly string[]): MacEvent[] {
  const out: MacEvent[] = []
  for (const line of lines) {
    if (!line.includes('"lorawan.')) continue
    const o = JSON.parse(line) as { t: number; node: string; kind: string }
    if (o.kind.startsWith("lorawan.") && !o.kind.startsWith("lorawan.ns") && nodes.includes(o.node)) {
      const { node: _n, ...rest } = o
      out.push(rest)
    }
  }
  return out
}

function uplinkChannels(spec: ClassAWorldSpec): readonly number[] {
  return spec.region === "US915" ? US915_SUB_BAND_2_HZ : EU868_DEFAULT_CHANNELS_HZ
}

// ---------------------------------------------------------------- object path

export const objectClassA: ClassAAdapter = {
  name: "object path (ClassADevice + NetworkServer on Medium)",
  create(spec: ClassAWorldSpec): ClassAHarness {
    const region = regionOf(spec.region)
    const sim = new Simulation({ seed: spec.seed ?? 1, trace: { sink: { kind: "memory" } } })
    const medium = new Medium(sim, { propagation: LORASIM })
    const channels = uplinkChannels(spec)
    const gwPos = { x: 0, y: 0, z: GATEWAY_Z_M }
    const gateway = new Gateway(medium, { id: GATEWAY_ID, position: gwPos, channelsHz: channels })
    const ns = new NetworkServer(sim, { region })
    ns.addGateway(gateway)
    const devPos = { x: spec.distanceM, y: 0, z: DEVICE_Z_M }
    const radio = new LoraRadio(medium, { id: DEVICE_ID, position: devPos })
    const uplinks: AirFrame[] = []
    const downlinks: AirFrame[] = []
    const endHooks = new Map<number, (end: number) => void>()
    const joinHooks: (() => void)[] = []
    let sent = 0
    const blockers = new Set<number>()
    const mac = new ClassADevice(sim, {
      region,
      radio,
      adr: spec.adr,
      listener: {
        onTx: (tx: TransmissionRecord) => {
          uplinks.push({ start: tx.start, end: tx.end, freqHz: tx.freqHz, sf: tx.sf, bwHz: tx.bwHz, powerDbm: tx.txPowerDbm, len: tx.payload.length })
          endHooks.get(sent)?.(tx.end)
          sent++
        },
        onJoined: () => {
          for (const h of joinHooks) h()
        },
      },
    })
    if (spec.region === "US915") {
      // The device uses the gateway's 8 channels (sub-band 2), as a US915 Pycom device configured for TTN.
      const mask = mac.session.channels.mask
      for (let i = 0; i < mask.length; i++) mask[i] = channels.includes(mac.session.channels.channels[i]?.frequencyHz ?? -1)
    }
    gateway.onDownlinkDone((tx) => {
      if (!blockers.has(tx.start)) downlinks.push({ start: tx.start, end: tx.end, freqHz: tx.freqHz, sf: tx.sf, bwHz: tx.bwHz })
    })
    if (spec.activation === "otaa") {
      ns.registerOtaa(DEV_EUI, APP_EUI, APP_KEY)
      mac.joinOtaa({ devEui: DEV_EUI, appEui: APP_EUI, appKey: APP_KEY }, spec.dr)
    } else {
      ns.registerAbp(DEV_EUI, DEV_ADDR, { nwkSKey: NWK_SKEY, appSKey: APP_SKEY })
      mac.joinAbp({ devAddr: DEV_ADDR, nwkSKey: NWK_SKEY, appSKey: APP_SKEY }, spec.dr)
    }
    const send = (): void => {
      mac.send({ fport: 2, payload: new Uint8Array(spec.payloadBytes), confirmed: spec.confirmed, dr: spec.dr })
    }
    return {
      region,
      message(atUs: number): void {
        sim.schedule(atUs, send)
      },
      messageAfterJoin(delayUs: number): void {
        joinHooks.push(() => sim.after(delayUs, send))
      },
      setGatewayUp(atUs: number, up: boolean): void {
        sim.schedule(atUs, () => gateway.setUp(up))
      },
      setGatewayUpAfterJoin(delayUs: number, up: boolean): void {
        joinHooks.push(() => sim.after(delayUs, () => gateway.setUp(up)))
      },
      blockWindow(nth: number, delayUs: number): void {
        endHooks.set(nth, (end) => {
          const at = end + delayUs - BLOCKER.leadUs
          blockers.add(at)
          const req = { sf: BLOCKER.sf, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: false, freqHz: BLOCKER_FREQ_HZ, txPowerDbm: 14, payload: new Uint8Array(BLOCKER.len), syncWord: SYNC_WORD_PUBLIC, iqInverted: true }
          if (!gateway.transmitAt(at, req)) throw new Error(`object path: could not block the gateway at ${at} µs`)
        })
      },
      run(untilUs: number): void {
        sim.run({ until: untilUs })
      },
      observe(): ClassAObservation {
        return { uplinks, downlinks, events: eventsOf(sim.trace.lines, [DEVICE_ID]) }
      },
      linkGainDb(): number {
        return radio.antennaGainDb + gateway.radio.antennaGainDb - medium.propagation.lossDb(DEVICE_ID, devPos, GATEWAY_ID, gwPos, channels[0]!)
      },
    }
  },
}

// ---------------------------------------------------------------- fleet path

/** A traffic period so long that the group's own traffic model sends nothing during a test (ABP: messages come from `message()`). */
const QUIET_PERIOD_S = 1e9
/** OTAA: the group powers its device on (and joins) uniformly within the first traffic period; this keeps the join within the first minute. */
const OTAA_PERIOD_S = 60

/** The SF of a downlink of `toaUs` µs at BW125 with CR 4/5 and preamble 8: (n_pre + 4.25 + 8 + 5k) symbols fixes the SF (the .25 symbol). */
export function sfOfToa(toaUs: number, bwHz = 125_000): number {
  for (let sf = 7; sf <= 12; sf++) {
    const n = toaUs / symbolTimeUs(sf, bwHz) - 12.25
    if (Number.isInteger(n) && n >= 8 && (n - 8) % 5 === 0) return sf
  }
  return -1
}

/** The planner as the adapter uses it, whatever its exact signature (it is being extended). */
interface PlannerLike {
  book: (...args: unknown[]) => unknown
  addClient?: (c: { onDownlinkEnd(device: number, slot: number): void }) => number
  release?: (slot: number) => void
}
/** A booking succeeded: `true` (boolean API) or a slot ≥ 0. */
function bookedOk(r: unknown): boolean {
  return typeof r === "number" ? r >= 0 : r === true
}

/**
 * ⚑ The fleet spec fields that depend on the fleet helper's work, in one place:
 * the region, US915's sub-band 2 (the eight channels both paths use), and the
 * requested join DR. Before the fleet had regions, US915 needed
 * `regionChannelsHz: US915_SUB_BAND_2_HZ` on the fleet spec instead.
 */
function FLEET_GROUP_EXTRAS(spec: ClassAWorldSpec): Record<string, unknown> {
  return { region: spec.region, ...(spec.region === "US915" ? { subBand: 2 } : {}), ...(spec.activation === "otaa" ? { joinDr: spec.dr } : {}) }
}

export const fleetClassA: ClassAAdapter = {
  name: "fleet path (one-device LorawanGroup via Fleet)",
  create(spec: ClassAWorldSpec): ClassAHarness {
    const region = regionOf(spec.region)
    const sim = new Simulation({ seed: spec.seed ?? 1, trace: { sink: { kind: "memory" } } })
    const fixedSf = sfOfDr(region, spec.dr)
    if (spec.adr && spec.activation === "abp" && spec.dr !== region.txMinDr) throw new Error(`fleet path: a fleet spec cannot start an ADR device at DR${spec.dr} (sf "adr" always starts at the region's slowest DR, sf-assignment.ts initialDr)`)
    const fleetSpec: ResolvedFleetSpec = {
      preset: "fieldnet",
      gateways: { kind: "points", points: [{ x: 0, y: 0, id: GATEWAY_ID }] },
      groups: [
        {
          name: "dev",
          kind: "lorawan",
          count: 1,
          placement: { kind: "points", points: [{ x: spec.distanceM, y: 0 }] },
          traffic: { kind: "periodic", periodS: spec.activation === "otaa" ? OTAA_PERIOD_S : QUIET_PERIOD_S },
          payloadBytes: spec.payloadBytes,
          ...(spec.adr ? { sf: "adr" as const } : { sf: "fixed" as const, fixedSf }),
          confirmedShare: spec.confirmed ? 1 : 0,
          activation: spec.activation,
          ...FLEET_GROUP_EXTRAS(spec),
        },
      ],
    }
    const fleet = new Fleet(sim, fleetSpec, { traceFrames: true })
    const group = fleet.lorawanGroup(0)
    if (group === undefined) throw new Error("fleet path: no LoRaWAN group")
    const m = fleet.medium
    const planner = fleet.planner
    const downlinks: AirFrame[] = []
    const endHooks = new Map<number, (end: number) => void>()
    const joinHooks: (() => void)[] = []
    const blockers = new Set<number>()
    let sent = 0
    let joinedSeen = false
    // Observe the planner's bookings (carrier, SF, BW) and the gateway transmissions they cause. `book`'s
    // signature is the planner's (its first four arguments: gateway, start, airtime, carrier; then SF, BW… when given).
    const pl = planner as unknown as PlannerLike
    const book = pl.book.bind(planner)
    const bookArity = pl.book.length
    const booked = new Map<number, { freqHz: number; sf: number; bwHz: number }>()
    pl.book = (...args: unknown[]): unknown => {
      const r = book(...args)
      const [, at, toaUs, freqHz] = args as number[]
      // The carrier fixes the bandwidth (US915 downlinks are 500 kHz, EU868 125 kHz); the airtime then fixes the SF.
      const bwHz = region.name === "US915" ? 500_000 : 125_000
      if (bookedOk(r)) booked.set(at!, { freqHz: freqHz!, sf: sfOfToa(toaUs!, bwHz), bwHz })
      return r
    }
    const gatewayTransmit = m.gatewayTransmit.bind(m)
    m.gatewayTransmit = (g: number, toaUs: number): boolean => {
      const now = sim.now
      const ok = gatewayTransmit(g, toaUs)
      const b = booked.get(now)
      if (ok && !blockers.has(now)) downlinks.push({ start: now, end: now + toaUs, freqHz: b?.freqHz ?? NaN, sf: b?.sf ?? sfOfToa(toaUs), bwHz: b?.bwHz ?? 125_000 })
      return ok
    }
    // A client for the blocking transmissions, where the planner has clients.
    const blockerClient = typeof pl.addClient === "function" ? pl.addClient({ onDownlinkEnd: (_d: number, slot: number) => pl.release?.(slot) }) : -1
    // The end of each of the device's frames, before the group decides on it.
    const onUplinkEnd = fleet.onUplinkEnd.bind(fleet)
    fleet.onUplinkEnd = (device: number, tx: number): void => {
      endHooks.get(sent)?.(sim.now)
      sent++
      onUplinkEnd(device, tx)
      const jd = group.joinDelayUs
      if (!joinedSeen && jd !== undefined && Number.isFinite(jd[0]!)) {
        joinedSeen = true
        for (const h of joinHooks) h()
      }
    }
    return {
      region,
      message(atUs: number): void {
        sim.schedule(atUs, () => group.extraMessage(0))
      },
      messageAfterJoin(delayUs: number): void {
        joinHooks.push(() => sim.after(delayUs, () => group.extraMessage(0)))
      },
      setGatewayUp(atUs: number, up: boolean): void {
        sim.schedule(atUs, () => m.setGatewayUp(0, up))
      },
      setGatewayUpAfterJoin(delayUs: number, up: boolean): void {
        joinHooks.push(() => sim.after(delayUs, () => m.setGatewayUp(0, up)))
      },
      blockWindow(nth: number, delayUs: number): void {
        endHooks.set(nth, (end) => {
          const at = end + delayUs - BLOCKER.leadUs
          blockers.add(at)
          const toa = timeOnAirUs(BLOCKER.len, { sf: BLOCKER.sf, bwHz: 125_000, cr: 1, preamble: 8, implicitHeader: false, crc: false })
          // book(g, at, toa, freq, …): (…, dr, power, client, device) today; (…, sf, bw, power, client, device) and (g, at, toa, freq) before.
          const dr = region.dataRates.findIndex((d) => d !== undefined && d.modulation === "lora" && d.sf === BLOCKER.sf && d.bandwidthHz === 125_000)
          const args = bookArity === 9 ? [0, at, toa, BLOCKER_FREQ_HZ, BLOCKER.sf, 125_000, 14, blockerClient, -1] : bookArity === 8 ? [0, at, toa, BLOCKER_FREQ_HZ, dr, 14, blockerClient, -1] : [0, at, toa, BLOCKER_FREQ_HZ]
          if (!bookedOk(pl.book(...args))) throw new Error(`fleet path: could not block the gateway at ${at} µs`)
        })
      },
      run(untilUs: number): void {
        sim.run({ until: untilUs })
        m.flush()
      },
      observe(): ClassAObservation {
        const uplinks: AirFrame[] = []
        for (const line of sim.trace.lines) {
          if (!line.includes('"fleet.tx"')) continue
          const o = JSON.parse(line) as { t: number; node: string; ch: number; sf: number; bw: number; power: number; len: number; toa: number }
          if (o.node !== "0") continue
          uplinks.push({ start: o.t, end: o.t + o.toa, freqHz: m.channelsHz[o.ch]!, sf: o.sf, bwHz: o.bw, powerDbm: o.power, len: o.len })
        }
        return { uplinks, downlinks, events: eventsOf(sim.trace.lines, ["0", DEVICE_ID, "dev"]) }
      },
      linkGainDb(): number {
        return m.linkGainDb(0, 0)
      },
    }
  },
}

export const CLASS_A_ADAPTERS: readonly ClassAAdapter[] = [objectClassA, fleetClassA]
