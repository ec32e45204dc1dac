import type { Simulation } from "../sim/index.ts"
import type { Network } from "../stack/index.ts"
import { describeFault, type FaultEvent, type FaultSchedule, type LinkConditions } from "./faults.ts"

/** Where the faults of a schedule land. A fault with no target is refused up front. */
export interface FaultTargets {
  /** The IP network (partitions, one-way partitions, holds, loss bursts, crashes). */
  readonly network?: Network
  /** Programs to start again on a host when it restarts after a crash. */
  readonly programs?: Readonly<Record<string, () => Generator<any, any, unknown>>>
  /** Link loss outside bursts (default 0). */
  readonly baseLoss?: number
  /** Takes a gateway / base station down (`up` false) and back up. */
  readonly setGatewayUp?: (gateway: string, up: boolean) => void
  /** Starts an interferer for the fault's duration. */
  readonly startInterferer?: (fault: Extract<FaultEvent, { kind: "interferer" }>) => void
}

type Window<K extends FaultEvent["kind"]> = Extract<FaultEvent, { kind: K }>

const US_PER_MS = 1000

/**
 * Schedules every fault of `schedule` on the world. Overlapping windows compose:
 * whenever a partition or hold window opens or closes, the set still in force
 * is re-applied, so ending one fault never ends another early. Each change is
 * traced by the network or by the `faults` node.
 */
export function applyFaults(world: Simulation, schedule: FaultSchedule, targets: FaultTargets): void {
  for (const f of schedule) {
    const needsNet = f.kind === "partition" || f.kind === "oneWay" || f.kind === "hold" || f.kind === "lossBurst" || f.kind === "crash"
    if (needsNet && targets.network === undefined) throw new RangeError(`fault "${describeFault(f)}" needs a network target`)
    if (f.kind === "gatewayOutage" && targets.setGatewayUp === undefined) throw new RangeError(`fault "${describeFault(f)}" needs setGatewayUp`)
    if (f.kind === "interferer" && targets.startInterferer === undefined) throw new RangeError(`fault "${describeFault(f)}" needs startInterferer`)
    if (!(f.atMs >= 0 && f.durationMs >= 0)) throw new RangeError(`fault "${describeFault(f)}" has a negative time`)
  }
  const net = targets.network
  const at = (f: FaultEvent) => f.atMs * US_PER_MS
  const end = (f: FaultEvent) => (f.atMs + f.durationMs) * US_PER_MS
  const activeAt = <K extends FaultEvent["kind"]>(kind: K, t: number) => schedule.filter((f): f is Window<K> => f.kind === kind && at(f) <= t && t < end(f))

  if (net !== undefined) {
    // Partitions (both kinds): at every boundary, heal and re-apply what is in force.
    const cuts = schedule.filter((f) => f.kind === "partition" || f.kind === "oneWay")
    const cutTimes = [...new Set(cuts.flatMap((f) => [at(f), end(f)]))].sort((x, y) => x - y)
    for (const t of cutTimes) {
      world.schedule(t, () => {
        net.heal()
        for (const p of activeAt("partition", t)) net.partition(p.a, p.b)
        for (const p of activeAt("oneWay", t)) net.partitionOneWay(p.from, p.to)
      })
    }
    // Holds: release at a boundary, then hold again what is still in force.
    const holds = schedule.filter((f) => f.kind === "hold")
    const holdTimes = [...new Set(holds.flatMap((f) => [at(f), end(f)]))].sort((x, y) => x - y)
    for (const t of holdTimes) {
      world.schedule(t, () => {
        net.release()
        for (const h of activeAt("hold", t)) net.hold(h.a, h.b)
      })
    }
    // Loss bursts: the highest loss in force, else the base loss.
    const bursts = schedule.filter((f) => f.kind === "lossBurst")
    const lossTimes = [...new Set(bursts.flatMap((f) => [at(f), end(f)]))].sort((x, y) => x - y)
    for (const t of lossTimes) {
      world.schedule(t, () => net.setLoss(Math.max(targets.baseLoss ?? 0, ...activeAt("lossBurst", t).map((b) => b.loss))))
    }
    for (const f of schedule) {
      if (f.kind !== "crash") continue
      net.crash(f.host, at(f) === 0 ? undefined : at(f))
      const program = targets.programs?.[f.host]
      world.schedule(end(f), () => net.restart(f.host, undefined, program))
    }
  }
  for (const f of schedule) {
    if (f.kind === "gatewayOutage") {
      const set = targets.setGatewayUp as (g: string, up: boolean) => void
      world.schedule(at(f), () => {
        world.log("faults", "fault.gateway_down", { gateway: f.gateway })
        set(f.gateway, false)
      })
      world.schedule(end(f), () => {
        if (activeAt("gatewayOutage", end(f)).some((g) => g.gateway === f.gateway)) return
        world.log("faults", "fault.gateway_up", { gateway: f.gateway })
        set(f.gateway, true)
      })
    } else if (f.kind === "interferer") {
      const start = targets.startInterferer as (x: Window<"interferer">) => void
      world.schedule(at(f), () => {
        world.log("faults", "fault.interferer", { x: f.x, y: f.y, powerDbm: f.powerDbm, frequencyHz: f.frequencyHz, durationMs: f.durationMs })
        start(f)
      })
    }
  }
}

/** Link conditions as a network link patch (µs, bit/s). */
export function linkSpecOf(l: LinkConditions): { latency: number; jitter: { kind: "none" } | { kind: "uniform"; max: number }; loss: number; bandwidth: number } {
  return {
    latency: Math.round(l.latencyMs * US_PER_MS),
    jitter: l.jitterMs > 0 ? { kind: "uniform", max: Math.round(l.jitterMs * US_PER_MS) } : { kind: "none" },
    loss: l.loss,
    bandwidth: Math.round(l.bandwidthKbps * 1000),
  }
}
