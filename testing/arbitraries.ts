import fc from "fast-check"
import type { FaultEvent, FaultSchedule, LinkConditions } from "./faults.ts"

/**
 * Link conditions. Shrinks toward the ideal link: 1 ms latency, no jitter, no
 * loss, unlimited bandwidth.
 */
export function linkConditions(limits: { maxLatencyMs?: number; maxJitterMs?: number; maxLoss?: number; minBandwidthKbps?: number } = {}): fc.Arbitrary<LinkConditions> {
  const maxLossPermille = Math.round((limits.maxLoss ?? 0.3) * 1000)
  return fc.record({
    latencyMs: fc.integer({ min: 1, max: limits.maxLatencyMs ?? 300 }),
    jitterMs: fc.integer({ min: 0, max: limits.maxJitterMs ?? 50 }),
    loss: fc.integer({ min: 0, max: maxLossPermille }).map(
      (p) => p / 1000,
      (l) => Math.round((l as number) * 1000),
    ),
    bandwidthKbps: fc.option(fc.integer({ min: limits.minBandwidthKbps ?? 64, max: 100_000 }), { nil: undefined, freq: 3 }).map(
      (b) => b ?? 0,
      (b) => ((b as number) === 0 ? undefined : (b as number)),
    ),
  })
}

/** What a fault schedule may touch, and over which horizon. */
export interface FaultScope {
  /** Hosts that can be partitioned, held or crashed. */
  readonly hosts?: readonly string[]
  /** Hosts that may crash (default: none; a crash is only generated for these). */
  readonly crashable?: readonly string[]
  /** Gateways / base stations that may go down. */
  readonly gateways?: readonly string[]
  /** Interferers: the area (metres) and frequencies they may use. */
  readonly interferers?: { readonly maxX: number; readonly maxY: number; readonly frequenciesHz: readonly number[] }
  /** Faults start in [0, horizonMs − quietTailMs] and end by horizonMs − quietTailMs. */
  readonly horizonMs: number
  /** Time at the end with no fault, so that a correct program can recover (default 0). */
  readonly quietTailMs?: number
  /** Longest single fault (default: the whole faultable span). */
  readonly maxDurationMs?: number
  /** Most faults in a schedule (default 4). */
  readonly maxFaults?: number
}

const nonEmptySubset = (items: readonly string[]) => fc.subarray([...items], { minLength: 1 })

/**
 * A schedule of faults over a horizon: partitions, one-way partitions, holds,
 * loss bursts, host crashes/restarts, gateway outages and interferers, drawn
 * only for what `scope` names. Shrinks toward no faults: fewer events, shorter,
 * earlier, touching fewer hosts.
 */
export function faultSchedule(scope: FaultScope): fc.Arbitrary<FaultSchedule> {
  const span = scope.horizonMs - (scope.quietTailMs ?? 0)
  if (!(span > 0)) throw new RangeError("faultSchedule: horizonMs must exceed quietTailMs")
  const maxDur = Math.min(scope.maxDurationMs ?? span, span)
  const timing = fc
    .tuple(fc.integer({ min: 0, max: span - 1 }), fc.integer({ min: 1, max: maxDur }))
    .map(([at, d]) => ({ atMs: at, durationMs: Math.min(d, span - at) }))
  const kinds: fc.Arbitrary<FaultEvent>[] = []
  const hosts = scope.hosts ?? []
  if (hosts.length >= 2) {
    // Two disjoint non-empty host sets.
    const split = nonEmptySubset(hosts)
      .map((a) => (a.length === hosts.length ? a.slice(0, 1) : a))
      .chain((a) => nonEmptySubset(hosts.filter((h) => !a.includes(h))).map((b) => ({ a, b })))
    kinds.push(fc.tuple(timing, split).map(([t, s]) => ({ kind: "partition" as const, ...t, a: s.a, b: s.b })))
    kinds.push(fc.tuple(timing, split).map(([t, s]) => ({ kind: "oneWay" as const, ...t, from: s.a, to: s.b })))
    kinds.push(fc.tuple(timing, split).map(([t, s]) => ({ kind: "hold" as const, ...t, a: s.a, b: s.b })))
    kinds.push(fc.tuple(timing, fc.integer({ min: 1, max: 100 })).map(([t, p]) => ({ kind: "lossBurst" as const, ...t, loss: p / 100 })))
  }
  if ((scope.crashable ?? []).length > 0) {
    kinds.push(fc.tuple(timing, fc.constantFrom(...(scope.crashable as string[]))).map(([t, host]) => ({ kind: "crash" as const, ...t, host })))
  }
  if ((scope.gateways ?? []).length > 0) {
    kinds.push(fc.tuple(timing, fc.constantFrom(...(scope.gateways as string[]))).map(([t, gateway]) => ({ kind: "gatewayOutage" as const, ...t, gateway })))
  }
  const inter = scope.interferers
  if (inter !== undefined && inter.frequenciesHz.length > 0) {
    kinds.push(
      fc
        .tuple(timing, fc.integer({ min: 0, max: inter.maxX }), fc.integer({ min: 0, max: inter.maxY }), fc.integer({ min: -20, max: 27 }), fc.constantFrom(...inter.frequenciesHz))
        .map(([t, x, y, powerDbm, frequencyHz]) => ({ kind: "interferer" as const, ...t, x, y, powerDbm, frequencyHz })),
    )
  }
  if (kinds.length === 0) return fc.constant([])
  return fc.array(fc.oneof(...kinds), { maxLength: scope.maxFaults ?? 4 })
}

/** A fleet layout: how many devices and gateways, placed how, over what radius. Shrinks toward one device next to one gateway. */
export interface FleetLayout {
  readonly devices: number
  readonly gateways: number
  readonly radiusM: number
  readonly placement: "disc" | "grid" | "clusters"
}

/** Fleet layouts within limits. */
export function fleetLayout(limits: { maxDevices?: number; maxGateways?: number; maxRadiusM?: number } = {}): fc.Arbitrary<FleetLayout> {
  return fc.record({
    devices: fc.integer({ min: 1, max: limits.maxDevices ?? 200 }),
    gateways: fc.integer({ min: 1, max: limits.maxGateways ?? 4 }),
    radiusM: fc.integer({ min: 10, max: limits.maxRadiusM ?? 5000 }),
    placement: fc.constantFrom("disc" as const, "grid" as const, "clusters" as const),
  })
}

/** Radio conditions: propagation preset, shadowing and path-loss exponent offsets. Shrinks toward the default preset without shadowing. */
export interface RadioConditions {
  readonly preset: "fieldnet" | "lorasim" | "ns3"
  readonly shadowingSigmaDb: number
  readonly extraPathLossDb: number
}

/** Radio conditions within limits. */
export function radioConditions(limits: { maxSigmaDb?: number; maxExtraLossDb?: number } = {}): fc.Arbitrary<RadioConditions> {
  return fc.record({
    preset: fc.constantFrom("fieldnet" as const, "lorasim" as const, "ns3" as const),
    shadowingSigmaDb: fc.integer({ min: 0, max: limits.maxSigmaDb ?? 8 }),
    extraPathLossDb: fc.integer({ min: 0, max: limits.maxExtraLossDb ?? 20 }),
  })
}
