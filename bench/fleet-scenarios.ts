import type { ResolvedFleetSpec } from "../stack/fleet/index.ts"

/**
 * The fleets the fleet benchmarks run (shared with the child process of the
 * million-device benchmark).
 */

/** (a) LoRaSim experiment 0: `nodes` nodes, mean inter-send 1,000,000 ms, 20-byte packets, one gateway. */
export function lorasimSpec(nodes: number, radiusM: number): ResolvedFleetSpec {
  return {
    preset: "lorasim",
    lorasim: { experiment: 0 },
    gateways: { kind: "single" },
    groups: [{ name: "nodes", kind: "lora-raw", count: nodes, placement: { kind: "disc", radiusM }, traffic: { kind: "poisson", meanS: 1000 }, payloadBytes: 20, sf: "smallest" }],
  }
}

/** Layout of a LoRaWAN city fleet. */
export interface CityLayout {
  /** Radius of the disc the devices are uniform in (m). */
  readonly radiusM: number
  /** Gateways on a hexagonal grid, this far apart (m); as many as fill the disc unless `gateways` is given. */
  readonly gatewaySpacingM: number
  readonly gateways?: number
}

/** Hexagonal sites with `spacingM` needed to cover a disc of `radiusM` (one per hexagon cell, at least 1). */
export function hexCount(radiusM: number, spacingM: number): number {
  const cell = (Math.sqrt(3) / 2) * spacingM * spacingM
  return Math.max(1, Math.round((Math.PI * radiusM * radiusM) / cell))
}

/**
 * A city of LoRaWAN devices: `devices` ABP class A devices (activated, so the
 * figures are those of the uplinks, not of a join storm) sending 12 bytes
 * every `periodS` (± 5 %), static smallest-SF assignment at 14 dBm, uniform in
 * a disc, gateways on a hexagonal grid (fieldnet preset: LoRaSim's urban path
 * loss with 3.57 dB shadowing, SX1301 gateways, Goursaud interference).
 */
export function citySpec(devices: number, periodS: number, layout: CityLayout): ResolvedFleetSpec {
  return {
    preset: "fieldnet",
    gateways: { kind: "hex", count: layout.gateways ?? hexCount(layout.radiusM, layout.gatewaySpacingM), spacingM: layout.gatewaySpacingM },
    groups: [{ name: "devices", kind: "lorawan", count: devices, placement: { kind: "disc", radiusM: layout.radiusM }, traffic: { kind: "periodic", periodS, jitterS: periodS / 20 }, payloadBytes: 12, sf: "smallest", activation: "abp" }],
  }
}

/** 1,000 devices per km², gateways 2 km apart: the layout of the million-device benchmark at any size. */
export function denseCity(devices: number): CityLayout {
  return { radiusM: Math.sqrt(devices / 1000 / Math.PI) * 1000, gatewaySpacingM: 2000 }
}
