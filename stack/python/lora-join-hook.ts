/**
 * Who joins a LoRaWAN network with what: a world-level hook called when a
 * Python device's script calls `LoRa.join(...)`, before the JoinRequest (or
 * the first ABP uplink) goes out, with the credentials the script passes. A
 * world that does not know the firmware in advance (the default world of
 * `fieldnet run main.py`) provisions its network server from it; see
 * {@link provisionOnJoin}.
 */
import type { Simulation } from "../../sim/index.ts"
import type { NetworkServer } from "../lorawan/server/network-server.ts"
import type { PythonDevice } from "./python-device.ts"

/** The credentials of a `join()` call (Pycom `LoRa.join`, PF `modlora.c` `lora_join`). */
export type LoraJoinCredentials =
  | {
      readonly activation: "otaa"
      /** The auth tuple's first item, or `LoRa.mac()` when the tuple has 2 items (the firmware's `config_get_lpwan_mac`). */
      readonly devEui: Uint8Array
      readonly appEui: Uint8Array
      readonly appKey: Uint8Array
      /** Pycom region code of the LoRa object (`LoRa.EU868` = 5, …). */
      readonly region: number
    }
  | {
      readonly activation: "abp"
      /** `LoRa.mac()`: ABP has no DevEUI on air; a network server still files the device under one. */
      readonly devEui: Uint8Array
      /** Unsigned 32 bits (the script's `struct.unpack(">l", …)` may give a negative int). */
      readonly devAddr: number
      readonly nwkSKey: Uint8Array
      readonly appSKey: Uint8Array
      readonly region: number
    }

/** A subscriber to the joins of a world's Python devices. */
export type LoraJoinHook = (device: PythonDevice, creds: LoraJoinCredentials) => void

const hooks = new WeakMap<Simulation, LoraJoinHook[]>()

/**
 * Calls `hook(device, creds)` each time a Python device of `world` calls
 * `join()` with well-formed credentials, before anything goes on the air.
 * Returns a function that unsubscribes.
 */
export function onLoraJoin(world: Simulation, hook: LoraJoinHook): () => void {
  let list = hooks.get(world)
  if (list === undefined) {
    list = []
    hooks.set(world, list)
  }
  list.push(hook)
  return () => {
    const l = hooks.get(world)
    const i = l?.indexOf(hook) ?? -1
    if (l !== undefined && i >= 0) l.splice(i, 1)
  }
}

/** @internal Called by the `LoRa.join` host call. */
export function notifyLoraJoin(world: Simulation, device: PythonDevice, creds: LoraJoinCredentials): void {
  const list = hooks.get(world)
  if (list === undefined) return
  for (const h of list.slice()) h(device, creds)
}

/**
 * Provisions `ns` with whatever a world's Python devices join with: OTAA
 * devices in its join server (a repeated join re-provisions, harmlessly), ABP
 * devices as activated sessions. An ABP device that joins again with the same
 * address and keys (the script runs again after a reset) keeps the server's
 * frame counters, as a real network server's device record does, so a device
 * that reboots without `nvram_restore()` has its uplinks dropped as replays.
 */
export function provisionOnJoin(world: Simulation, ns: NetworkServer): () => void {
  return onLoraJoin(world, (_device, c) => {
    if (c.activation === "otaa") {
      ns.registerOtaa(c.devEui, c.appEui, c.appKey)
      return
    }
    const known = [...ns.devices.values()].find((d) => d.devAddr === c.devAddr)
    if (known !== undefined && sameBytes(known.keys.nwkSKey, c.nwkSKey) && sameBytes(known.keys.appSKey, c.appSKey)) return
    ns.registerAbp(c.devEui, c.devAddr, { nwkSKey: c.nwkSKey, appSKey: c.appSKey })
  })
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
