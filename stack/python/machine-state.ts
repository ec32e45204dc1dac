import { hashString } from "../../sim/hash.ts"
import type { PythonDevice } from "./python-device.ts"

/**
 * What a Python device keeps outside its RAM that `machine`, `pycom` and
 * `network` need across boots: the Pycom configuration block (PF
 * `esp32/pycom_config.c`, written by `pycom.wifi_on_boot()` & co.; it lives in
 * flash and survives every reset) and the RTC slow memory behind
 * `RTC.memory()` (PF `machrtc.c`: `RTC_DATA_ATTR`, kept across resets and
 * deep sleep, lost on power-off — not modelled: a power cut keeps it).
 * NVS itself is `PythonDevice.nvs`.
 */
export interface DeviceKeep {
  /** Pycom configuration block: setting → value. */
  readonly pycomConfig: Map<string, boolean | number | string | null>
  /** `RTC.memory()` contents. */
  rtcMemory: Uint8Array
}

const keeps = new WeakMap<PythonDevice, DeviceKeep>()

/** Pycom's factory configuration (PF `pycom_config.c` `config_init0` defaults; docs.pycom.io `pycom` module). */
const PYCOM_DEFAULTS: Readonly<Record<string, boolean | number | string | null>> = {
  wifi_on_boot: true,
  wifi_mode_on_boot: 2, // AP (PYCOM_WIFI_CONF_MODE_AP): a fresh board starts its own access point
  wifi_ssid_sta: null,
  wifi_pwd_sta: null,
  wifi_ssid_ap: null,
  wifi_pwd_ap: null,
  heartbeat_on_boot: true,
  wdt_on_boot: false,
  wdt_on_boot_timeout: 0xffffffff,
  lte_modem_en_on_boot: true,
  pybytes_on_boot: false,
  smart_config_on_boot: false,
  pybytes_force_update: false,
}

/** The device's kept state (created on first use). */
export function keepOf(device: PythonDevice): DeviceKeep {
  let k = keeps.get(device)
  if (k === undefined) {
    k = { pycomConfig: new Map(Object.entries(PYCOM_DEFAULTS)), rtcMemory: new Uint8Array(0) }
    keeps.set(device, k)
  }
  return k
}

/**
 * The board's base MAC address (`machine.unique_id()`, PF `modmachine.c`:
 * `esp_efuse_mac_get_default`): Espressif's OUI 24:0A:C4 (IEEE registry)
 * followed by 24 bits of a hash of the device name, so it is deterministic
 * and differs between devices.
 */
export function baseMac(name: string): Uint8Array {
  const h = hashString(`python/${name}/mac`)
  return Uint8Array.from([0x24, 0x0a, 0xc4, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff])
}

/** The soft-AP MAC: the base MAC + 1 (ESP-IDF's derivation of the interface MACs). */
export function apMac(name: string): Uint8Array {
  const m = baseMac(name)
  let carry = 1
  for (let i = 5; i >= 3 && carry > 0; i--) {
    const v = m[i]! + carry
    m[i] = v & 0xff
    carry = v >> 8
  }
  return m
}
