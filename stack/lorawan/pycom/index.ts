/**
 * Pycom `network.LoRa` in LORAWAN mode: importing this module registers the mode
 * (`LoRa.LORAWAN`), adds the LoRaWAN methods to `LoRa`, and makes AF_LORA
 * sockets of LoRaWAN-mode objects {@link LoRaWanSocket}s (raw-mode objects keep
 * `stack/lora`'s socket).
 */
import { registerSocketFamily } from "../../device.ts"
import { AF_LORA, MODE_LORAWAN, SOCK_RAW } from "../../lora/constants.ts"
import { createLoraSocket, LoRa, registerLoRaMode } from "../../lora/index.ts"
import { OSError, oserror } from "../../errors/errors.ts"
import "./lora-methods.ts"
import { LoRaWanMode } from "./lorawan-mode.ts"
import { LoRaWanSocket } from "./lorawan-socket.ts"

registerLoRaMode(MODE_LORAWAN, (host) => new LoRaWanMode(host))
registerSocketFamily(AF_LORA, (device, type) => {
  const lora = device.get<LoRa>("lora")
  if (lora !== undefined && lora.mode instanceof LoRaWanMode) {
    if (type !== SOCK_RAW) throw new OSError("incorrect socket type")
    return new LoRaWanSocket(device, lora, lora.mode)
  }
  if (lora === undefined && type === SOCK_RAW) throw oserror(device.profile.errno, "ENETDOWN")
  return createLoraSocket(device, type)
})

export { ABP, OTAA, type JoinArgs } from "./lora-methods.ts"
export { LoRaWanMode, regionOfCode, type LoRaWanCommand } from "./lorawan-mode.ts"
export { LoRaWanSocket } from "./lorawan-socket.ts"
export { NVRAM_KEY, nvramErase, nvramRestore, nvramSave } from "./nvram.ts"
