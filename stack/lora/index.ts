/**
 * Pycom's `network.LoRa` and the AF_LORA socket (raw LoRa mode). Importing this
 * module registers AF_LORA with `Device.socket`.
 */
import { registerSocketFamily } from "../device.ts"
import { AF_LORA } from "./constants.ts"
import { createLoraSocket } from "./socket.ts"

registerSocketFamily(AF_LORA, (device, type) => createLoraSocket(device, type))

export * as LoRaConstants from "./constants.ts"
export { AF_LORA, SOCK_RAW, SOL_LORA, SO_CONFIRMED, SO_DR } from "./constants.ts"
export { DEFAULT_REGION, resolveSettings, type LoRaInitArgs, type LoRaSettings } from "./config.ts"
export { LoRa, STATS_FIELDS, type LoRaRadioOptions, type LoRaStats } from "./lora.ts"
export { QUEUE_FULL, registerLoRaMode, loraModeFactory, type LoRaHost, type LoRaModeFactory, type LoRaModeImpl } from "./mode.ts"
export { RawLoRaMode } from "./raw-mode.ts"
export { RxQueue } from "./rx-queue.ts"
export { LoraSocket, createLoraSocket } from "./socket.ts"
