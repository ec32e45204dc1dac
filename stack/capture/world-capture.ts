/**
 * The capture of one world: `fieldnet run --pcap FILE` registers a LoRa capture
 * for the run's Simulation here; gateways connected to a LoRaWAN network server
 * feed it every frame they receive and every downlink they send (reference
 * captures-and-gateways.md: one LoRaTap record per frame as seen by each gateway).
 */
import type { Simulation } from "../../sim/index.ts"
import type { LoraCaptureRecord } from "./loratap.ts"

/** Anything that takes LoRa capture records (a `LoraCapture`). */
export interface LoraRecordSink {
  add(record: LoraCaptureRecord): void
}

const sinks = new WeakMap<Simulation, LoraRecordSink>()

/** Sets (or clears, with undefined) the capture of `world`. */
export function setWorldCapture(world: Simulation, sink: LoraRecordSink | undefined): void {
  if (sink === undefined) sinks.delete(world)
  else sinks.set(world, sink)
}

/** The capture of `world`, if a run asked for one. */
export function worldCapture(world: Simulation): LoraRecordSink | undefined {
  return sinks.get(world)
}
