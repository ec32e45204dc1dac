import type { Device } from "../device.ts"
import { PyTypeError, oserror } from "../usocket/errors.ts"
import { PycomRadioSocket } from "../usocket/pycom-radio-socket.ts"
import { DEFAULT_FPORT, SOL_LORA, SO_CONFIRMED, SO_DR } from "./constants.ts"

/**
 * What both AF_LORA sockets (raw and LoRaWAN) take from the script: `bind(port)`
 * → FPort (> 224 → EOPNOTSUPP, LMN rejects fPort > 224) and
 * `setsockopt(SOL_LORA, SO_CONFIRMED | SO_DR, value)` (other levels/options and
 * a DR out of the region's socket range → EOPNOTSUPP) (PF `modlora.c`; reference §1.4).
 */
export abstract class AfLoraSocket extends PycomRadioSocket {
  /** FPort set by `bind` (default 2). */
  fport = DEFAULT_FPORT
  /** SO_CONFIRMED. */
  confirmed = false
  /** SO_DR (undefined until set, for the raw socket). */
  dr: number | undefined

  constructor(
    device: Device,
    /** Highest SO_DR the region allows (6 EU868/AS923/AU915/IN865, 4 US915). */
    private readonly maxSocketDr: number,
    initialDr: number | undefined,
  ) {
    super(device)
    this.dr = initialDr
  }

  /** `bind(port)`: sets the FPort. */
  bind(port: number): void {
    this.checkOpen()
    if (!Number.isInteger(port)) throw new PyTypeError("can't convert to int")
    if (port > 224 || port < 0) throw oserror(this.errno, "EOPNOTSUPP")
    this.fport = port
  }

  /** `setsockopt(SOL_LORA, SO_CONFIRMED | SO_DR, value)`. */
  setsockopt(level: number, option: number, value: number | boolean): void {
    this.checkOpen()
    if (level !== SOL_LORA) throw oserror(this.errno, "EOPNOTSUPP")
    if (option === SO_CONFIRMED) this.confirmed = Boolean(value)
    else if (option === SO_DR) {
      const dr = Number(value)
      if (!Number.isInteger(dr) || dr < 0 || dr > this.maxSocketDr) throw oserror(this.errno, "EOPNOTSUPP")
      this.dr = dr
    } else throw oserror(this.errno, "EOPNOTSUPP")
  }
}
