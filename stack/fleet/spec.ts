import { isAbsolute, resolve } from "node:path"
import { Schema } from "effect"
import { LORASIM_MULTI_BS_COUNTS, type LorasimBaseStationCount } from "../../radio/index.ts"
import type { GatewayLayout } from "./gateway-layout.ts"
import type { Placement } from "./placement.ts"
import { loadPointsCsv } from "./points-csv.ts"
import type { Bursts, Traffic } from "./traffic.ts"
import { REGIONS, maxPayloadOf, type Region, type RegionName } from "../lorawan/index.ts"
import { drOfUplink } from "../lorawan/mac/index.ts"
import { FIXED_PLAN_SUB_BANDS, uplinkDataRates } from "../lorawan/index.ts"

/** A fleet description is invalid: the message starts with the path of the bad field (`fleet.groups[1].traffic.periodS: …`). */
export class FleetSpecError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "FleetSpecError"
  }
}

const Finite = Schema.Finite
const Positive = Schema.Finite.check(Schema.isGreaterThan(0))
const NonNegative = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))
const Point = Schema.Struct({ x: Finite, y: Finite })
const center = Schema.optionalKey(Point)

/** {@link Placement} as an Effect Schema (lengths in metres, all > 0). */
export const PlacementSchema = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("disc"), radiusM: Positive, minRadiusM: Schema.optionalKey(NonNegative), center }),
  Schema.Struct({ kind: Schema.Literal("rect"), widthM: Positive, heightM: Positive, center }),
  Schema.Struct({ kind: Schema.Literal("grid"), spacingM: Positive, center }),
  Schema.Struct({ kind: Schema.Literal("clusters"), clusters: Count, radiusM: Positive, clusterRadiusM: Positive, center }),
  Schema.Struct({ kind: Schema.Literal("points"), points: Schema.Array(Point).check(Schema.isMinLength(1)), source: Schema.optionalKey(Schema.String) }),
])

/** {@link GatewayLayout} as an Effect Schema (counts ≥ 1, lengths in metres > 0). */
export const GatewayLayoutSchema = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("single"), center }),
  Schema.Struct({ kind: Schema.Literal("grid"), count: Count, spacingM: Positive, center }),
  Schema.Struct({ kind: Schema.Literal("hex"), count: Count, spacingM: Positive, center }),
  Schema.Struct({ kind: Schema.Literal("ring"), count: Count, radiusM: Positive, center }),
  Schema.Struct({
    kind: Schema.Literal("points"),
    points: Schema.Array(Schema.Struct({ x: Finite, y: Finite, id: Schema.optionalKey(Schema.NonEmptyString) })).check(Schema.isMinLength(1)),
    source: Schema.optionalKey(Schema.String),
  }),
])

/** Positions read from a CSV file (see `parsePointsCsv`); a relative path is resolved against `baseDir`. */
export const CsvSourceSchema = Schema.Struct({ kind: Schema.Literal("csv"), path: Schema.NonEmptyString })

/** {@link Traffic} as an Effect Schema (seconds; period and mean > 0, jitter ≥ 0). */
export const TrafficSchema = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("periodic"), periodS: Positive, jitterS: Schema.optionalKey(NonNegative) }),
  Schema.Struct({ kind: Schema.Literal("poisson"), meanS: Positive }),
])

/** {@link Bursts} as an Effect Schema (mean interval > 0 s, share in [0, 1], spread ≥ 0 s). */
export const BurstsSchema = Schema.Struct({
  meanIntervalS: Positive,
  share: Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 })),
  spreadS: NonNegative,
})

/** The LoRaWAN regions a group may name (the keys of `REGIONS`, stack/lorawan/regions.ts). */
export const LORAWAN_REGION_NAMES = ["EU868", "US915", "AS923", "AU915"] as const satisfies readonly RegionName[]
/** The region of a lorawan group that names none. */
export const DEFAULT_LORAWAN_REGION: RegionName = "EU868"
/** The sub-band of a fixed-plan (US915/AU915) group that names none: 2, as TTN's and ChirpStack's US915/AU915 plans (FSB 2). */
export const DEFAULT_SUB_BAND = 2

/** {@link DeviceGroupSpec} as an Effect Schema (single-field rules only; cross-field rules are in `decodeFleetSpec`). */
export const DeviceGroupSpecSchema = Schema.Struct({
  name: Schema.NonEmptyString,
  kind: Schema.Literals(["lorawan", "lora-raw", "sigfox"]),
  count: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  placement: Schema.Union([...PlacementSchema.members, CsvSourceSchema]),
  traffic: TrafficSchema,
  bursts: Schema.optionalKey(BurstsSchema),
  payloadBytes: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  sf: Schema.optionalKey(Schema.Literals(["fixed", "random", "smallest", "adr"])),
  fixedSf: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 7, maximum: 12 }))),
  confirmedShare: Schema.optionalKey(Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }))),
  txPowerDbm: Schema.optionalKey(Finite),
  sigfoxFrames: Schema.optionalKey(Schema.Literals([1, 2, 3])),
  activation: Schema.optionalKey(Schema.Literals(["otaa", "abp"])),
  region: Schema.optionalKey(Schema.Literals(LORAWAN_REGION_NAMES)),
  subBand: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: FIXED_PLAN_SUB_BANDS }))),
  joinDr: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 15 }))),
})

const Sites = Schema.Union([...GatewayLayoutSchema.members, CsvSourceSchema])

/** {@link FleetSpec} as an Effect Schema. */
export const FleetSpecSchema = Schema.Struct({
  preset: Schema.Literals(["fieldnet", "lorasim", "ns3"]),
  groups: Schema.Array(DeviceGroupSpecSchema).check(Schema.isMinLength(1)),
  gateways: Sites,
  sigfoxStations: Schema.optionalKey(Sites),
  regionChannelsHz: Schema.optionalKey(Schema.Array(Schema.Int.check(Schema.isGreaterThan(0))).check(Schema.isMinLength(1))),
  lorasim: Schema.optionalKey(
    Schema.Struct({
      experiment: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 5 })),
      collision: Schema.optionalKey(Schema.Literals(["simple", "full"])),
      gateways: Schema.optionalKey(Schema.Literals(LORASIM_MULTI_BS_COUNTS)),
    }),
  ),
})

/** Positions to read from a CSV file. */
export interface CsvSource {
  readonly kind: "csv"
  readonly path: string
}

/** How the spreading factor (LoRa) or data rate (LoRaWAN) of each device is chosen. */
export type SfAssignment = "fixed" | "random" | "smallest" | "adr"

/** One group of identical devices in a fleet: what they are, how many, where, and when they send. */
export interface DeviceGroupSpec {
  /** Label used in metrics and reports ("meters", "trackers"); unique in the fleet. */
  readonly name: string
  readonly kind: "lorawan" | "lora-raw" | "sigfox"
  /** Number of devices (integer ≥ 0). */
  readonly count: number
  readonly placement: Placement | CsvSource
  readonly traffic: Traffic
  readonly bursts?: Bursts
  /** Application payload per message: lorawan 1..N(DR) (51 at DR0..2), lora-raw 1..255, sigfox 0..12. */
  readonly payloadBytes: number
  /** SF/DR assignment for the LoRa kinds; default "smallest" ("adr" is LoRaWAN only). */
  readonly sf?: SfAssignment
  /** The SF (7..12) when `sf` is "fixed". */
  readonly fixedSf?: number
  /** Share (0..1) of uplinks sent confirmed, lorawan only. */
  readonly confirmedShare?: number
  /**
   * LoRa TX power, integer 2..20 dBm (Pycom `tx_power` range). For lorawan
   * groups the MAC sets the power from its TX power index (Pycom ignores
   * `tx_power` in LoRaWAN mode): devices start at the highest index power not
   * above this (`initialTxPowerIndex`; default index 0, the region's maximum).
   */
  readonly txPowerDbm?: number
  /** Frames per Sigfox message, 1..3 (sigfox only; default 3). */
  readonly sigfoxFrames?: 1 | 2 | 3
  /** LoRaWAN activation: "otaa" (default: join first, join time measured) or "abp" (sessions preset). */
  readonly activation?: "otaa" | "abp"
  /**
   * LoRaWAN region (Pycom `LoRa(region=…)`), lorawan only, default EU868: its
   * channel plan, data rates, payload sizes, RX1/RX2, TX power indices, join DRs,
   * ADR range and sub-band duty cycles (stack/lorawan/region-*.ts). All lorawan
   * groups of a fleet share one region (they share the gateways and network server).
   */
  readonly region?: "EU868" | "US915" | "AS923" | "AU915"
  /**
   * For a fixed-plan region (US915, AU915): the sub-band 1..8 whose eight
   * 125 kHz channels and one 500 kHz channel the devices use and the gateways
   * listen to (default 2, as TTN/ChirpStack).
   */
  readonly subBand?: number
  /**
   * DR of the JoinRequests (Pycom `lora.join(dr=…)`, one of the region's join
   * DRs), OTAA lorawan only. Default: the device's first DR (the slowest for
   * "adr"), mapped as Pycom does (`joinDataRate`).
   */
  readonly joinDr?: number
}

/** A whole fleet as users write it: device groups, gateways, Sigfox base stations, channels. */
export interface FleetSpec {
  /** Which radio parameterisation to use: fieldnet's own, LoRaSim's or ns-3's. */
  readonly preset: "fieldnet" | "lorasim" | "ns3"
  /** At least one group. */
  readonly groups: readonly DeviceGroupSpec[]
  readonly gateways: GatewayLayout | CsvSource
  readonly sigfoxStations?: GatewayLayout | CsvSource
  /** Uplink channels (Hz) replacing the region's defaults. */
  readonly regionChannelsHz?: readonly number[]
  /**
   * With the "lorasim" preset: which of LoRaSim's experiments 0–5 sets the raw
   * LoRa groups' SF/BW/CR/channels/power (radio/fleet/lorasim.ts), and its
   * collision rule ("simple", the default, or "full"). Default experiment 0.
   * `gateways` (1, 2, 3, 4, 6, 8 or 24) runs LoRaSim's multi-base-station script
   * `loraDirMulBS.py` instead of `loraDir.py`: its base-station layout and node
   * rectangle replace `gateways` and the raw groups' placement, and a packet is
   * delivered when any base station got it (docs/lorasim.md; experiments 0 and 2 only).
   */
  readonly lorasim?: { readonly experiment: number; readonly collision?: "simple" | "full"; readonly gateways?: LorasimBaseStationCount }
}

/** A group after decoding: CSV placements loaded into `points`, defaults (`sf`, `sigfoxFrames`) filled in. */
export interface ResolvedDeviceGroupSpec extends DeviceGroupSpec {
  readonly placement: Placement
}

/** A fleet after decoding: every CSV source loaded (`kind: "points"` with `source` = the path), defaults filled in. */
export interface ResolvedFleetSpec extends FleetSpec {
  readonly groups: readonly ResolvedDeviceGroupSpec[]
  readonly gateways: GatewayLayout
  readonly sigfoxStations?: GatewayLayout
}

/** SF/DR assignment when a LoRa group gives none. */
export const DEFAULT_SF: SfAssignment = "smallest"
/** Frames per Sigfox message when a sigfox group gives none: 3, as an uplink-only Pycom send (docs/models.md §1.6, PF18 `sigfox_api.h`). */
export const DEFAULT_SIGFOX_FRAMES = 3

/** Raw LoRa: a packet is 1..255 bytes (docs/models.md §1.4: len > 255 → EMSGSIZE, len 0 sends nothing). */
export const LORA_RAW_MAX_PAYLOAD = 255
/** Sigfox uplink: 0..12 bytes (docs/models.md §1.6: > 12 → EMSGSIZE; `send(b'')` is a 1-bit frame). */
export const SIGFOX_MAX_PAYLOAD = 12
/** LoRa `tx_power` range in dBm (docs/models.md §1.2, PF ML `lora_init_helper`: ValueError "Tx power %d out of range"). */
export const LORA_TX_POWER_RANGE_DBM = { min: 2, max: 20 } as const

type Report = (path: string, what: string) => never

function checkTraffic(t: Traffic, at: string, report: Report): void {
  if (t.kind === "periodic" && t.jitterS !== undefined && t.jitterS >= t.periodS) {
    report(`${at}.jitterS`, `Expected a value less than periodS (${t.periodS}), got ${t.jitterS}`)
  }
}

function checkGroup(g: DeviceGroupSpec, placement: Placement, at: string, report: Report): void {
  const kind = g.kind
  const only = (field: string, who: string) => report(`${at}.${field}`, `only for ${who} groups (this group is ${kind})`)
  if (kind === "sigfox") {
    if (g.sf !== undefined) only("sf", "lorawan and lora-raw")
    if (g.fixedSf !== undefined) only("fixedSf", "lorawan and lora-raw")
    if (g.txPowerDbm !== undefined) report(`${at}.txPowerDbm`, "not settable for sigfox (Pycom's network.Sigfox has no TX power argument)")
  } else {
    if (g.sigfoxFrames !== undefined) only("sigfoxFrames", "sigfox")
    const sf = g.sf ?? DEFAULT_SF
    if (sf === "fixed" && g.fixedSf === undefined) report(`${at}.fixedSf`, `Missing key (required when sf is "fixed")`)
    if (sf !== "fixed" && g.fixedSf !== undefined) report(`${at}.fixedSf`, `only used with sf "fixed" (sf is "${sf}")`)
    if (sf === "adr" && kind === "lora-raw") report(`${at}.sf`, `"adr" is for lorawan groups only (this group is lora-raw)`)
    const p = g.txPowerDbm
    const { min, max } = LORA_TX_POWER_RANGE_DBM
    if (p !== undefined && !(Number.isInteger(p) && p >= min && p <= max)) report(`${at}.txPowerDbm`, `Expected an integer between ${min} and ${max} (Pycom tx_power range), got ${p}`)
  }
  if (g.confirmedShare !== undefined && kind !== "lorawan") only("confirmedShare", "lorawan")
  if (g.activation !== undefined && kind !== "lorawan") only("activation", "lorawan")
  if (g.region !== undefined && kind !== "lorawan") only("region", "lorawan")
  if (g.subBand !== undefined && kind !== "lorawan") only("subBand", "lorawan")
  if (g.joinDr !== undefined && kind !== "lorawan") only("joinDr", "lorawan")
  const region: Region = REGIONS[g.region ?? DEFAULT_LORAWAN_REGION]
  if (kind === "lorawan") checkLorawanRegion(g, region, at, report)
  const [lo, hi, why] =
    kind === "sigfox"
      ? [0, SIGFOX_MAX_PAYLOAD, "sigfox uplink"]
      : kind === "lora-raw"
        ? [1, LORA_RAW_MAX_PAYLOAD, "raw LoRa packet"]
        : lorawanPayloadLimit(g, region)
  if (g.payloadBytes < lo || g.payloadBytes > hi) report(`${at}.payloadBytes`, `Expected a value between ${lo} and ${hi} (${why}), got ${g.payloadBytes}`)
  if (placement.kind === "disc" && placement.minRadiusM !== undefined && placement.minRadiusM >= placement.radiusM) {
    report(`${at}.placement.minRadiusM`, `Expected a value less than radiusM (${placement.radiusM}), got ${placement.minRadiusM}`)
  }
  if (placement.kind === "points" && g.count > placement.points.length) {
    const from = placement.source === undefined ? "" : ` in ${placement.source}`
    report(`${at}.count`, `${g.count} devices but only ${placement.points.length} points${from}`)
  }
}

/** Largest LoRaWAN payload (N) of a group: at its fixed SF, else at the slowest DR it may end at (the region's lowest assignable DR). */
function lorawanPayloadLimit(g: DeviceGroupSpec, region: Region): [number, number, string] {
  if (g.fixedSf !== undefined) return [1, maxPayloadOf(region, drOfUplink(region, g.fixedSf, 125_000)), `lorawan at SF${g.fixedSf}, ${region.name}`]
  const dr = uplinkDataRates(region)[0]!
  return [1, maxPayloadOf(region, dr), `lorawan at DR${dr}, ${region.name}`]
}

/** Region-dependent rules of a lorawan group: its fixed SF is an uplink DR, `subBand` only for fixed plans, `joinDr` a join DR of an OTAA group. */
function checkLorawanRegion(g: DeviceGroupSpec, region: Region, at: string, report: Report): void {
  if (g.fixedSf !== undefined && drOfUplink(region, g.fixedSf, 125_000) < 0) {
    const sfs = uplinkDataRates(region).map((dr) => (region.dataRates[dr] as { sf: number }).sf)
    report(`${at}.fixedSf`, `SF${g.fixedSf} is not a 125 kHz uplink data rate of ${region.name} (SF${Math.min(...sfs)}..SF${Math.max(...sfs)}), got ${g.fixedSf}`)
  }
  if (g.subBand !== undefined && region.channelPlan !== "fixed") report(`${at}.subBand`, `only for fixed channel plans (US915, AU915; this group is ${region.name})`)
  if (g.joinDr !== undefined) {
    if ((g.activation ?? "otaa") !== "otaa") report(`${at}.joinDr`, `only for OTAA groups (activation is "${g.activation}")`)
    if (!region.joinDrs.includes(g.joinDr)) report(`${at}.joinDr`, `Expected one of ${region.joinDrs.join(", ")} (${region.name} lora.join dr), got ${g.joinDr}`)
  }
}

function checkLayout(l: GatewayLayout, at: string, report: Report): void {
  if (l.kind !== "points") return
  const seen = new Map<string, number>()
  l.points.forEach((p, i) => {
    const id = p.id ?? `gw${i}`
    const first = seen.get(id)
    if (first !== undefined) report(`${at}.points[${i}].id`, `duplicate gateway id ${showValue(id)} (also points[${first}])`)
    seen.set(id, i)
  })
}

/** Options of {@link decodeFleetSpec}. */
export interface DecodeFleetSpecOptions {
  /** Directory relative CSV paths are resolved against (default: the working directory). */
  readonly baseDir?: string
}

// The schemas' decoded types and the hand-written types must stay the same.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameTypes: [
  Same<typeof PlacementSchema.Type, Placement>,
  Same<typeof GatewayLayoutSchema.Type, GatewayLayout>,
  Same<typeof TrafficSchema.Type, Traffic>,
  Same<typeof BurstsSchema.Type, Bursts>,
  Same<typeof DeviceGroupSpecSchema.Type, DeviceGroupSpec>,
  Same<typeof FleetSpecSchema.Type, FleetSpec>,
] = [true, true, true, true, true, true]
void sameTypes

const KINDS: readonly { readonly at: (spec: Record<string, unknown>) => [string, unknown][]; readonly kinds: readonly string[] }[] = [
  { at: (s) => eachGroup(s, "placement"), kinds: ["disc", "rect", "grid", "clusters", "points", "csv"] },
  { at: (s) => eachGroup(s, "traffic"), kinds: ["periodic", "poisson"] },
  { at: (s) => [["gateways", s["gateways"]], ["sigfoxStations", s["sigfoxStations"]]], kinds: ["single", "grid", "hex", "ring", "points", "csv"] },
]

function eachGroup(s: Record<string, unknown>, field: string): [string, unknown][] {
  const groups = s["groups"]
  if (!Array.isArray(groups)) return []
  return groups.flatMap((g, i): [string, unknown][] => (isRecord(g) ? [[`groups[${i}].${field}`, g[field]]] : []))
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v)
}

/** A value for an error message: JSON, cut at 60 characters. */
export function showValue(v: unknown): string {
  const s = typeof v === "number" && !Number.isFinite(v) ? String(v) : JSON.stringify(v)
  if (s === undefined) return String(v)
  return s.length > 60 ? `${s.slice(0, 57)}...` : s
}

/**
 * Names the discriminant first: a tagged union whose `kind` is wrong would
 * otherwise fail as a whole ("Expected { kind: "disc", … } | …").
 */
function checkKinds(input: unknown, root: string): void {
  if (!isRecord(input)) return
  for (const { at, kinds } of KINDS) {
    for (const [path, v] of at(input)) {
      if (v === undefined) continue
      const list = kinds.map((k) => `"${k}"`).join(" | ")
      if (!isRecord(v)) throw new FleetSpecError(`${root}.${path}: Expected an object with "kind" ${list}, got ${showValue(v)}`)
      if (!("kind" in v)) throw new FleetSpecError(`${root}.${path}.kind: Missing key (${list})`)
      if (typeof v["kind"] !== "string" || !kinds.includes(v["kind"])) throw new FleetSpecError(`${root}.${path}.kind: Expected ${list}, got ${showValue(v["kind"])}`)
    }
  }
}

/** Turns an Effect Schema issue message into `root.path: expectation, got value`. */
function schemaMessage(message: string, input: unknown, root: string): string {
  const lines = message.split("\n").map((l) => l.trim()).filter((l) => l.length > 0)
  const at = lines.find((l) => l.startsWith("at ["))
  const expected = lines.filter((l) => !l.startsWith("at [")).join(" ")
  const segments = at === undefined ? [] : [...at.slice(3).matchAll(/\[("(?:[^"\\]|\\.)*"|\d+)\]/g)].map((m) => JSON.parse(m[1] as string) as string | number)
  const path = root + segments.map((s) => (typeof s === "number" ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join("")
  if (expected === "Missing key") return `${path}: Missing key (required)`
  if (expected === "Expected no excess property") return `${path}: unknown field`
  let v: unknown = input
  for (const s of segments) v = isRecord(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[s] : undefined
  return `${path}: ${expected}, got ${showValue(v)}`
}

function loadCsv(src: CsvSource, path: string, baseDir: string | undefined): { kind: "points"; points: { x: number; y: number; id?: string }[]; source: string } {
  const file = baseDir === undefined || isAbsolute(src.path) ? src.path : resolve(baseDir, src.path)
  try {
    return { kind: "points", points: loadPointsCsv(file), source: src.path }
  } catch (e) {
    if (e instanceof FleetSpecError) throw new FleetSpecError(`${path}.path: ${e.message}`)
    throw e
  }
}

/**
 * Decodes and checks a fleet description (parsed JSON or a literal). Unknown
 * fields are errors. Besides each field's own rule it checks, with the field's
 * path: `fixedSf` with `sf: "fixed"` only, payload size by kind (and LoRaWAN
 * DR), options that belong to another kind, unique group names, jitter below
 * the period, enough points for the group, and loads every CSV source.
 * The result has CSV sources replaced by `points` and defaults filled in.
 * @throws FleetSpecError `fleet.groups[1].traffic.periodS: Expected a value greater than 0, got -5`
 */
export function decodeFleetSpec(input: unknown, rootPath = "fleet", options: DecodeFleetSpecOptions = {}): ResolvedFleetSpec {
  checkKinds(input, rootPath)
  const r = Schema.decodeUnknownResult(FleetSpecSchema, { onExcessProperty: "error" })(input)
  if (r._tag === "Failure") throw new FleetSpecError(schemaMessage(r.failure.message, input, rootPath))
  const spec = r.success
  const report: Report = (path, what) => {
    throw new FleetSpecError(`${rootPath}.${path}: ${what}`)
  }
  if (spec.lorasim !== undefined && spec.preset !== "lorasim") report("lorasim", `only with preset "lorasim" (preset is "${spec.preset}")`)
  const names = new Map<string, number>()
  const groups = spec.groups.map((g, i): ResolvedDeviceGroupSpec => {
    const at = `groups[${i}]`
    const first = names.get(g.name)
    if (first !== undefined) report(`${at}.name`, `duplicate group name ${showValue(g.name)} (also groups[${first}])`)
    names.set(g.name, i)
    const placement = g.placement.kind === "csv" ? loadCsv(g.placement, `${rootPath}.${at}.placement`, options.baseDir) : g.placement
    checkTraffic(g.traffic, `${at}.traffic`, report)
    checkGroup(g, placement, at, report)
    const isLora = g.kind !== "sigfox"
    return {
      ...g,
      placement,
      ...(isLora && g.sf === undefined ? { sf: DEFAULT_SF } : {}),
      ...(!isLora && g.sigfoxFrames === undefined ? { sigfoxFrames: DEFAULT_SIGFOX_FRAMES } : {}),
    }
  })
  const sites = (l: GatewayLayout | CsvSource, at: string): GatewayLayout => {
    const layout = l.kind === "csv" ? loadCsv(l, `${rootPath}.${at}`, options.baseDir) : l
    checkLayout(layout, at, report)
    return layout
  }
  const gateways = sites(spec.gateways, "gateways")
  const { sigfoxStations, ...rest } = spec
  const out: ResolvedFleetSpec = { ...rest, groups, gateways, ...(sigfoxStations === undefined ? {} : { sigfoxStations: sites(sigfoxStations, "sigfoxStations") }) }
  const lorawan = groups.map((g, i) => [g, i] as const).filter(([g]) => g.kind === "lorawan")
  const firstRegion = lorawan[0]?.[0].region ?? DEFAULT_LORAWAN_REGION
  for (const [g, i] of lorawan) {
    const r = g.region ?? DEFAULT_LORAWAN_REGION
    if (r !== firstRegion) report(`groups[${i}].region`, `all lorawan groups of a fleet share one region (groups[${lorawan[0]![1]}] is ${firstRegion}), got ${r}`)
  }
  if (spec.regionChannelsHz !== undefined && REGIONS[firstRegion].channelPlan === "fixed" && lorawan.length > 0) {
    report("regionChannelsHz", `not for a fixed channel plan (${firstRegion}): choose the groups' subBand`)
  }
  if (spec.regionChannelsHz !== undefined) {
    const seen = new Set<number>()
    spec.regionChannelsHz.forEach((f, i) => {
      if (seen.has(f)) report(`regionChannelsHz[${i}]`, `duplicate channel ${f}`)
      seen.add(f)
    })
  }
  return out
}
