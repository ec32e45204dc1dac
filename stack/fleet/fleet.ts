import { createHash } from "node:crypto"
import { RngBank, type Simulation } from "../../sim/index.ts"
import {
  BaseStation,
  EU868_DEFAULT_CHANNELS_HZ,
  FleetMedium,
  LORASIM_EXPERIMENTS,
  LORASIM_TX_CURRENT_MA,
  LORASIM_VOLTAGE_V,
  SX1276_ENERGY,
  UnbMedium,
  fleetPreset,
  radioConfiguration,
  SYNC_WORD_PUBLIC,
  type EnergyProfile,
  type Medium,
  type FleetGatewaySite,
  type FleetRadioPreset,
} from "../../radio/index.ts"
import { BurstDriver } from "./burst-driver.ts"
import { DownlinkPlanner } from "./downlink-planner.ts"
import { layoutGateways, type GatewaySite } from "./gateway-layout.ts"
import type { FleetGroup } from "./group.ts"
import { LorawanGroup, lorawanChannels, type FleetChannel } from "./lorawan-group.ts"
import { deviceTxPowerDbm } from "../lorawan/index.ts"
import { REGIONS, type Region } from "../lorawan/index.ts"
import { lorasimMultiBsSetup } from "./lorasim-multi-bs.ts"
import { lorasimRectanglePoints, placeDevices } from "./placement.ts"
import { RawLoraGroup, type RawRadioSettings } from "./raw-group.ts"
import { SigfoxGroup } from "./sigfox-group.ts"
import { DEFAULT_LORAWAN_REGION, DEFAULT_SUB_BAND, type ResolvedFleetSpec } from "./spec.ts"

/**
 * LoRaSim's energy model: only the TX current counts (`loraDir.py` computes
 * energy as airtime × TX[txpow + 2] × V), at 3.0 V; RX and sleep are zero.
 */
export const LORASIM_ENERGY: EnergyProfile = {
  voltageV: LORASIM_VOLTAGE_V,
  sleepMa: 0,
  idleMa: 0,
  rxMa: 0,
  txMa: LORASIM_TX_CURRENT_MA.map((ma, k) => [k - 2, ma] as const),
  source: "LoRaSim loraDir.py TX current table (−2..20 dBm), V = 3.0",
}

/** Options of a fleet beyond its spec. */
export interface FleetOptions {
  /** Trace every LoRa frame (`fleet.tx`, `fleet.rx`, `fleet.lost`); default off (see `FleetMedium.traceFrames`). */
  readonly traceFrames?: boolean
}

/** Default antenna height of a gateway (m) when the layout gives none; LoRaSim's geometry is flat (both ends at 1.5 m). */
const GATEWAY_HEIGHT_M = 15

/**
 * A fleet built from a {@link ResolvedFleetSpec}: gateways from their layout,
 * device groups placed and driven by their traffic models on one
 * {@link FleetMedium} (LoRa kinds) and the world's {@link UnbMedium} (Sigfox),
 * all compact state machines. Scripted devices can share the world: the
 * kernel, the trace and the Sigfox medium (a scripted SiPy's frames and the
 * fleet's Sigfox frames collide); scripted LoRa radios on the full `Medium`
 * and the fleet interfere with each other once `bridgeLora` is called.
 */
export class Fleet {
  readonly preset: FleetRadioPreset
  readonly medium: FleetMedium
  readonly planner: DownlinkPlanner
  /** The LoRaWAN region of the fleet's lorawan groups (EU868 when none names one). */
  readonly region: Region
  readonly gatewaySites: readonly GatewaySite[]
  readonly stationSites: readonly GatewaySite[]
  private unb: UnbMedium | undefined = undefined
  readonly groups: readonly FleetGroup[]
  /** The fleet medium's device index → group index. */
  private readonly groupOfDevice: Uint16Array
  private readonly lorawanGroups: (LorawanGroup | undefined)[] = []
  /** Per group: who is told when one of its tracked frames ends. */
  private readonly endHandlers: ({ onUplinkEnd(i: number, t: number): void } | undefined)[] = []
  private readonly firstOf: number[] = []

  constructor(
    readonly world: Simulation,
    readonly spec: ResolvedFleetSpec,
    options: FleetOptions = {},
  ) {
    const multiBs = spec.preset === "lorasim" && spec.lorasim?.gateways !== undefined ? lorasimMultiBsSetup(spec.lorasim.experiment, spec.lorasim.gateways) : undefined
    const base = multiBs?.preset ?? fleetPreset(spec.preset)
    const lorasim = spec.preset === "lorasim" ? (spec.lorasim ?? { experiment: 0 }) : undefined
    const experiment = lorasim === undefined ? undefined : LORASIM_EXPERIMENTS[lorasim.experiment]!
    this.preset = lorasim?.collision === "full" ? { ...base, collision: "lorasim-full" } : base
    const regionChannels = spec.regionChannelsHz ?? EU868_DEFAULT_CHANNELS_HZ
    const rawFreqs = experiment?.freqsHz ?? regionChannels
    // LoRaWAN: one region per fleet (checked by decodeFleetSpec); each group's channels from its plan (and sub-band).
    this.region = REGIONS[spec.groups.find((g) => g.kind === "lorawan")?.region ?? DEFAULT_LORAWAN_REGION]
    const lorawanPlans = spec.groups.map((g) => (g.kind === "lorawan" ? lorawanChannels(this.region, g.subBand ?? DEFAULT_SUB_BAND, spec.regionChannelsHz) : undefined))
    const lorawanFreqs = lorawanPlans.flatMap((p) => (p === undefined ? [] : p.map((c) => c.frequencyHz)))
    // The gateways listen to every channel a group uses (a US915 sub-band: 8 × 125 kHz + 1 × 500 kHz, as an SX1301 gateway does).
    const channels = [...new Set([...lorawanFreqs, ...(spec.groups.some((g) => g.kind === "lora-raw") ? rawFreqs : [])])]
    this.gatewaySites = multiBs?.sites ?? layoutGateways(spec.gateways)
    const z = lorasim === undefined ? GATEWAY_HEIGHT_M : 1.5
    const sites: FleetGatewaySite[] = this.gatewaySites.map((g) => ({ id: g.id, x: g.x, y: g.y, z, channelsHz: channels }))
    // loraDirMulBS.py keeps every copy, however weak, in packetsAtBS: no link is dropped for being far below sensitivity.
    this.medium = new FleetMedium(world, this.preset, sites, multiBs === undefined ? {} : { linkMarginDb: Infinity })
    this.planner = new DownlinkPlanner(world, this.medium, this.region)
    this.medium.listener = this
    this.medium.traceFrames = options.traceFrames ?? false
    this.stationSites = spec.sigfoxStations === undefined ? [] : layoutGateways(spec.sigfoxStations)
    const energy = lorasim === undefined ? SX1276_ENERGY : LORASIM_ENERGY
    const groups: FleetGroup[] = []
    let loraDevices = 0
    for (const g of spec.groups) if (g.kind !== "sigfox") loraDevices += g.count
    this.groupOfDevice = new Uint16Array(loraDevices)
    spec.groups.forEach((g, gi) => {
      const placementRng = world.rng(`fleet/${g.name}/placement`)
      const pos = multiBs !== undefined && g.kind === "lora-raw" ? lorasimRectanglePoints(g.count, multiBs.area.maxXM, multiBs.area.maxYM, placementRng) : placeDevices(g.placement, g.count, placementRng)
      const bank = new RngBank(world.seed, g.count, (i) => `fleet/${g.name}/${i}`)
      const id = (i: number): string => `${g.name}/${i}`
      if (g.kind === "sigfox") {
        const unb = this.sigfoxMedium()
        groups.push(new SigfoxGroup(world, g, pos.x, pos.y, bank, SX1276_ENERGY, unb, radioConfiguration(1)))
        this.lorawanGroups.push(undefined)
        this.endHandlers.push(undefined)
        this.firstOf.push(-1)
        return
      }
      // Links are kept for the highest power a device may use: a LoRaWAN device's TX power index 0.
      const first = this.medium.addDevices(pos.x, pos.y, id, g.kind === "lorawan" ? deviceTxPowerDbm(this.region, 0) : (g.txPowerDbm ?? 14))
      this.groupOfDevice.fill(gi, first, first + g.count)
      this.firstOf.push(first)
      if (g.kind === "lora-raw") {
        const settings: RawRadioSettings =
          experiment === undefined
            ? { bwHz: 125_000, cr: 1, freqsHz: rawFreqs, delayAfterAirtime: false }
            : {
                bwHz: typeof experiment.bwHz === "number" ? experiment.bwHz : 125_000,
                cr: experiment.cr,
                freqsHz: experiment.freqsHz,
                delayAfterAirtime: true,
                ...(experiment.sf === "best" ? { lorasimBest: { powerControl: experiment.powerControl } } : {}),
              }
        const spec2 = experiment !== undefined && typeof experiment.sf === "number" ? { ...g, sf: "fixed" as const, fixedSf: experiment.sf } : g
        const raw = new RawLoraGroup(world, spec2, pos.x, pos.y, bank, energy, this.medium, first, settings)
        groups.push(raw)
        this.lorawanGroups.push(undefined)
        this.endHandlers.push(raw)
      } else {
        const lw = new LorawanGroup(world, g, pos.x, pos.y, bank, energy, this.medium, first, this.preset, this.planner, lorawanPlans[gi] as FleetChannel[], (g.activation ?? "otaa") === "otaa", this.region)
        groups.push(lw)
        this.lorawanGroups.push(lw)
        this.endHandlers.push(lw)
      }
    })
    this.groups = groups
    for (const g of groups) {
      g.start()
      if (g.spec.bursts !== undefined) new BurstDriver(world, g, g.spec.bursts, world.rng(`fleet/${g.spec.name}/bursts`))
    }
  }

  private sigfoxMedium(): UnbMedium {
    if (this.unb !== undefined) return this.unb
    // Scripted Sigfox devices in the same world share this medium (UnbMedium.of): their frames and the
    // fleet's collide. If a scripted device created it first, the fleet uses it as it is.
    let unb: UnbMedium
    try {
      unb = UnbMedium.of(this.world, { propagation: this.preset.propagation })
    } catch {
      unb = UnbMedium.of(this.world)
    }
    const sites = this.stationSites.length > 0 ? this.stationSites : this.gatewaySites
    for (const s of sites) new BaseStation(unb, { id: `sigfox-${s.id}`, position: { x: s.x, y: s.y, z: 30 } })
    this.unb = unb
    return unb
  }

  /** The world's Sigfox medium when the fleet has Sigfox groups. */
  get sigfox(): UnbMedium | undefined {
    return this.unb
  }

  /** @internal FleetUplinkListener: dispatches a tracked uplink's end to its group. */
  onUplinkEnd(device: number, tx: number): void {
    const gi = this.groupOfDevice[device]!
    this.endHandlers[gi]!.onUplinkEnd(device - this.firstOf[gi]!, tx)
  }

  /**
   * SHA-256 over every device's counters (messages, frames, airtime, SF) and the
   * medium's totals: one trace line at the end of a run makes the run's digest
   * depend on every device's outcome without tracing every frame.
   */
  fingerprint(): string {
    this.medium.flush()
    const h = createHash("sha256")
    const add = (a: ArrayBufferView): void => void h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    const n = this.medium.deviceCount
    add(this.medium.devSent.subarray(0, n))
    add(this.medium.devDelivered.subarray(0, n))
    add(this.medium.devAirUs.subarray(0, n))
    for (const g of this.groups) {
      add(g.msgSent)
      add(g.msgDropped)
      add(g.sf)
      const delivered = new Uint32Array(g.count)
      for (let i = 0; i < g.count; i++) delivered[i] = g.messagesDelivered(i)
      add(delivered)
    }
    return h.digest("hex")
  }

  /**
   * Joins this fleet's LoRa traffic with the scripted LoRa devices of `medium`
   * (the world's full `Medium`, e.g. a usocket LoRaWAN device and its
   * `Gateway`s): every frame a scripted radio starts is offered to the fleet's
   * gateways (it interferes there and takes a demodulation path), and every
   * fleet frame is put on `medium` as an interferer at the scripted receivers
   * (nobody locks on it there). A site with a fleet gateway and a scripted
   * `Gateway` thus behaves as two receivers sharing the air, not one. Costs a
   * full-`Medium` interferer per fleet frame, so bridge only worlds that have
   * scripted LoRa devices.
   */
  bridgeLora(medium: Medium): void {
    const EMPTY = new Uint8Array(0)
    medium.observeTransmissions((tx, sender) => {
      this.medium.transmitExternal(sender.id, sender.position.x, sender.position.y, tx.freqHz, tx.sf, tx.bwHz, tx.txPowerDbm + sender.antennaGainDb, tx.end - tx.start)
    })
    this.medium.frameObserver = (d, ch, sf, bwHz, powerDbm, toaUs) => {
      const gi = this.groupOfDevice[d]!
      const g = this.groups[gi]!
      const i = d - this.firstOf[gi]!
      const req = { freqHz: this.medium.channelsHz[ch]!, bwHz, sf, cr: 1, preamble: 8, implicitHeader: false, crc: true, txPowerDbm: powerDbm, payload: EMPTY, syncWord: SYNC_WORD_PUBLIC, iqInverted: false }
      medium.injectInterferer(`fleet:${g.spec.name}/${i}`, { x: g.x[i]!, y: g.y[i]!, z: 1.5 }, req, toaUs)
    }
  }

  /** The LoRaWAN group at index `gi` (undefined for other kinds). */
  lorawanGroup(gi: number): LorawanGroup | undefined {
    return this.lorawanGroups[gi]
  }
}
