import { Schema } from "effect"
import { formatDuration } from "../sim/index.ts"

/**
 * A fault schedule: data that says which faults happen when. Times are whole
 * milliseconds of sim time so a schedule reads well as JSON and in a replay
 * file. Each fault lasts `durationMs` and then ends by itself.
 */
export const FaultEvent = Schema.Union([
  /** Both ways cut between two host sets. */
  Schema.Struct({ kind: Schema.Literal("partition"), atMs: Schema.Int, durationMs: Schema.Int, a: Schema.Array(Schema.String), b: Schema.Array(Schema.String) }),
  /** Only `from` → `to` cut. */
  Schema.Struct({ kind: Schema.Literal("oneWay"), atMs: Schema.Int, durationMs: Schema.Int, from: Schema.Array(Schema.String), to: Schema.Array(Schema.String) }),
  /** Packets between the sets buffered, then delivered when the hold ends. */
  Schema.Struct({ kind: Schema.Literal("hold"), atMs: Schema.Int, durationMs: Schema.Int, a: Schema.Array(Schema.String), b: Schema.Array(Schema.String) }),
  /** Loss probability on every link raised for a while. */
  Schema.Struct({ kind: Schema.Literal("lossBurst"), atMs: Schema.Int, durationMs: Schema.Int, loss: Schema.Number }),
  /** A host crashes (volatile state lost) and restarts after `durationMs`. */
  Schema.Struct({ kind: Schema.Literal("crash"), atMs: Schema.Int, durationMs: Schema.Int, host: Schema.String }),
  /** A LoRa gateway / Sigfox base station stops receiving and sending for a while. */
  Schema.Struct({ kind: Schema.Literal("gatewayOutage"), atMs: Schema.Int, durationMs: Schema.Int, gateway: Schema.String }),
  /** A radio interferer at (x, y) transmitting on a frequency for a while. */
  Schema.Struct({ kind: Schema.Literal("interferer"), atMs: Schema.Int, durationMs: Schema.Int, x: Schema.Number, y: Schema.Number, powerDbm: Schema.Number, frequencyHz: Schema.Int }),
])

/** One fault. */
export type FaultEvent = typeof FaultEvent.Type

/** A schedule of faults, as a scenario parameter: `faults: param(FaultSchedule, [], "…")`. */
export const FaultSchedule = Schema.Array(FaultEvent)

/** A schedule of faults. */
export type FaultSchedule = typeof FaultSchedule.Type

/** Link conditions as a scenario parameter (ms, probability, kbit/s; 0 = unlimited bandwidth). */
export const LinkConditions = Schema.Struct({
  latencyMs: Schema.Number,
  jitterMs: Schema.Number,
  loss: Schema.Number,
  bandwidthKbps: Schema.Number,
})

/** Link conditions. */
export type LinkConditions = typeof LinkConditions.Type

/** The ideal link every link-condition arbitrary shrinks toward. */
export const IDEAL_LINK: LinkConditions = { latencyMs: 1, jitterMs: 0, loss: 0, bandwidthKbps: 0 }

const set = (hosts: readonly string[]) => `[${hosts.join(", ")}]`
const ms = (n: number) => formatDuration(n * 1000)

/** One fault as a line a person reads: `t=1.200000s partition [a] | [b] for 30.000000s`. */
export function describeFault(f: FaultEvent): string {
  const head = `t=${ms(f.atMs)} `
  const tail = ` for ${ms(f.durationMs)}`
  switch (f.kind) {
    case "partition":
      return `${head}partition ${set(f.a)} | ${set(f.b)}${tail}`
    case "oneWay":
      return `${head}one-way partition ${set(f.from)} -> ${set(f.to)}${tail}`
    case "hold":
      return `${head}hold ${set(f.a)} <-> ${set(f.b)}${tail}`
    case "lossBurst":
      return `${head}loss burst p=${f.loss}${tail}`
    case "crash":
      return `${head}crash ${f.host}, restart after${tail.slice(4)}`
    case "gatewayOutage":
      return `${head}gateway ${f.gateway} down${tail}`
    case "interferer":
      return `${head}interferer at (${f.x}, ${f.y}) m, ${f.powerDbm} dBm on ${(f.frequencyHz / 1e6).toFixed(3)} MHz${tail}`
  }
}

/** A whole schedule, one fault per line, in time order; "no faults" when empty. */
export function describeSchedule(schedule: FaultSchedule): string {
  if (schedule.length === 0) return "no faults"
  return [...schedule].sort((x, y) => x.atMs - y.atMs).map(describeFault).join("\n")
}

/** Link conditions in one line. */
export function describeLink(l: LinkConditions): string {
  return `latency ${l.latencyMs} ms, jitter ${l.jitterMs} ms, loss ${l.loss}, bandwidth ${l.bandwidthKbps === 0 ? "unlimited" : `${l.bandwidthKbps} kbit/s`}`
}
