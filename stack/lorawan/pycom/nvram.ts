/**
 * Pycom's `nvram_save/restore/erase`: the MAC state in the NVS namespace
 * "LORA_NVM" (PF `modlora.c`; docs/models.md §1.3). Stored on the Device under
 * {@link NVRAM_KEY}, outside the LoRa object, so it survives a reboot (a new
 * LoRa object on the same Device).
 */
import type { Device } from "../../device.ts"
import { cloneSession, type MacSession } from "../mac/session.ts"

/** Device interface key of the simulated NVS namespace. */
export const NVRAM_KEY = "nvs:LORA_NVM"

/** Saves a copy of the session. */
export function nvramSave(device: Device, s: MacSession): void {
  device.attach(NVRAM_KEY, cloneSession(s))
}

/** The saved session if its region matches, else undefined (and the store is erased, as the firmware does). */
export function nvramRestore(device: Device, region: MacSession["region"]): MacSession | undefined {
  const s = device.get<MacSession>(NVRAM_KEY)
  if (s === undefined) return undefined
  if (s.region !== region) {
    device.detach(NVRAM_KEY)
    return undefined
  }
  return cloneSession(s)
}

/** Erases the saved state. */
export function nvramErase(device: Device): void {
  device.detach(NVRAM_KEY)
}
