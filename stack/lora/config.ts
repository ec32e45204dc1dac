import { ValueError } from "../errors/errors.ts"
import { AS923, AU915, BANDWIDTH_HZ, EU868, IN865, MODE_LORA, MODE_LORAWAN, SLEEP, US915 } from "./constants.ts"

/** Keyword arguments of `network.LoRa(...)` / `LoRa.init(...)` (docs/models.md §1.2). */
export interface LoRaInitArgs {
  readonly id?: number
  readonly mode?: number
  readonly region?: number
  /** Hz. */
  readonly frequency?: number
  readonly tx_power?: number
  readonly bandwidth?: number
  readonly sf?: number
  readonly preamble?: number
  readonly coding_rate?: number
  readonly power_mode?: number
  readonly tx_iq?: boolean
  readonly rx_iq?: boolean
  readonly adr?: boolean
  readonly public?: boolean
  readonly tx_retries?: number
  readonly device_class?: number
}

/** The validated radio settings of a LoRa object. */
export interface LoRaSettings {
  mode: number
  region: number
  frequency: number
  tx_power: number
  bandwidth: number
  sf: number
  preamble: number
  coding_rate: number
  power_mode: number
  tx_iq: boolean
  rx_iq: boolean
  adr: boolean
  public: boolean
  tx_retries: number
  device_class: number
}

interface RegionInfo {
  readonly minHz: number
  readonly maxHz: number
  readonly defaultHz: number
  readonly txPower: number
}

/**
 * Frequency range, default frequency and default TX power per region (PF
 * `modlora.c` `lora_init_helper`, docs/models.md §1.2). ⚠ LoPy4 also accepts EU433 and
 * CN470, whose ranges are not in the reference: they are rejected here.
 */
const REGIONS: ReadonlyMap<number, RegionInfo> = new Map([
  [EU868, { minHz: 863_000_000, maxHz: 870_000_000, defaultHz: 868_000_000, txPower: 14 }],
  [US915, { minHz: 902_000_000, maxHz: 928_000_000, defaultHz: 915_000_000, txPower: 20 }],
  [AU915, { minHz: 915_000_000, maxHz: 928_000_000, defaultHz: 915_000_000, txPower: 20 }],
  [AS923, { minHz: 915_000_000, maxHz: 928_000_000, defaultHz: 923_000_000, txPower: 20 }],
  [IN865, { minHz: 865_000_000, maxHz: 867_000_000, defaultHz: 865_000_000, txPower: 20 }],
])

/** The region a board uses when none is given: its config block; EU868 here. */
export const DEFAULT_REGION = EU868

/**
 * Validates init arguments over `current` (or the firmware defaults) with the
 * firmware's ValueError texts (docs/models.md §1.2). Code defaults are used where the
 * docs differ: mode LORA, SF range 6..12, tx_retries 2.
 */
export function resolveSettings(args: LoRaInitArgs, current?: LoRaSettings): LoRaSettings {
  const mode = args.mode ?? current?.mode ?? MODE_LORA
  if (mode !== MODE_LORA && mode !== MODE_LORAWAN) throw new ValueError(`invalid mode ${mode}`)
  const region = args.region ?? current?.region ?? DEFAULT_REGION
  const info = REGIONS.get(region)
  if (info === undefined) throw new ValueError(`invalid region ${region}`)
  const regionChanged = current !== undefined && current.region !== region
  const frequency = args.frequency ?? (regionChanged ? undefined : current?.frequency) ?? info.defaultHz
  if (!Number.isInteger(frequency) || frequency < info.minHz || frequency > info.maxHz) throw new ValueError(`frequency ${frequency} out of range`)
  const tx_power = args.tx_power ?? (regionChanged ? undefined : current?.tx_power) ?? info.txPower
  if (!Number.isInteger(tx_power) || tx_power < 2 || tx_power > 20) throw new ValueError(`Tx power ${tx_power} out of range`)
  const bandwidth = args.bandwidth ?? current?.bandwidth ?? 0
  if (!Number.isInteger(bandwidth) || BANDWIDTH_HZ[bandwidth] === undefined) throw new ValueError(`bandwidth ${bandwidth} not supported`)
  const sf = args.sf ?? current?.sf ?? 7
  if (!Number.isInteger(sf) || sf < 6 || sf > 12) throw new ValueError(`spreading factor ${sf} out of range`)
  const coding_rate = args.coding_rate ?? current?.coding_rate ?? 1
  if (!Number.isInteger(coding_rate) || coding_rate < 1 || coding_rate > 4) throw new ValueError(`coding rate ${coding_rate} out of range`)
  const power_mode = args.power_mode ?? current?.power_mode ?? 0
  if (!Number.isInteger(power_mode) || power_mode < 0 || power_mode > SLEEP) throw new ValueError(`invalid power mode ${power_mode}`)
  const device_class = args.device_class ?? current?.device_class ?? 0
  if (device_class !== 0 && device_class !== 2) throw new ValueError(`invalid device_class ${device_class}`)
  const preamble = args.preamble ?? current?.preamble ?? 8
  if (!Number.isInteger(preamble) || preamble < 0 || preamble > 65535) throw new ValueError("invalid argument(s) value")
  return {
    mode,
    region,
    frequency,
    tx_power,
    bandwidth,
    sf,
    preamble,
    coding_rate,
    power_mode,
    tx_iq: args.tx_iq ?? current?.tx_iq ?? false,
    rx_iq: args.rx_iq ?? current?.rx_iq ?? false,
    adr: args.adr ?? current?.adr ?? false,
    public: args.public ?? current?.public ?? true,
    tx_retries: args.tx_retries ?? current?.tx_retries ?? 2,
    device_class,
  }
}
