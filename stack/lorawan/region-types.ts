/**
 * Shapes of the regional parameter tables (reference §3.1–3.3; PF
 * `RegionEU868.h`, `RegionUS915.h`; LoRaWAN Regional Parameters 1.0.2rB).
 */

/** One data-rate index: LoRa SF/BW or FSK bit rate (PF `Datarates*` + `Bandwidths*` tables). */
export type DataRate =
  | { readonly modulation: "lora"; readonly sf: number; readonly bandwidthHz: number }
  | { readonly modulation: "fsk"; readonly bitrate: number }

/** A channel: centre frequency and the DR range it allows (PF `ChannelParams_t`). */
export interface ChannelPlan {
  readonly frequencyHz: number
  readonly minDr: number
  readonly maxDr: number
}

/** An ETSI sub-band with its duty-cycle limit, stored as LMN does: the inverse `dCycle` (100 = 1 %). */
export interface SubBand {
  readonly minHz: number
  readonly maxHz: number
  /** Whether `minHz` itself belongs to the band (PF `VerifyRfFreq` mixes `>=` and `>`); `maxHz` is always inclusive. */
  readonly minInclusive: boolean
  readonly dCycle: number
}

/** Regional parameters for one region (data plus small pure functions). */
export interface Region {
  readonly name: "EU868" | "US915"
  /** Data rates by index; `undefined` marks an RFU/unused index. */
  readonly dataRates: readonly (DataRate | undefined)[]
  /** Max FRMPayload+FOpts size N by DR, without repeater (`undefined` = not a valid DR). */
  readonly maxPayload: readonly (number | undefined)[]
  /** The same with repeater compatibility. */
  readonly maxPayloadRepeater: readonly (number | undefined)[]
  readonly txMinDr: number
  readonly txMaxDr: number
  readonly rxMinDr: number
  readonly rxMaxDr: number
  readonly defaultDr: number
  readonly maxRx1DrOffset: number
  /** Channels the device starts with (and may join on). */
  readonly defaultChannels: readonly ChannelPlan[]
  /** Size of the channel table (EU868 16, US915 72). */
  readonly maxChannels: number
  readonly rx2FrequencyHz: number
  readonly rx2Dr: number
  /** Max EIRP (dBm) at TX power index 0; index i gives maxEirp − 2·i. */
  readonly maxEirpDbm: number
  /** Largest TX power index (EU868 7, US915 10). */
  readonly maxTxPowerIndex: number
  /** Antenna gain LMN subtracts from EIRP to get the radio's conducted power (dBi). */
  readonly defaultAntennaGainDbi: number
  /** Whether the region's MAC enforces duty cycle by default (Pycom switches it off regardless). */
  readonly dutyCycleByDefault: boolean
  readonly subBands: readonly SubBand[]
  /** RX1 data rate for an uplink DR and RX1DROffset. Raises ValueError on invalid input. */
  rx1Dr(uplinkDr: number, rx1DrOffset: number): number
  /** RX1 frequency for an uplink on channel `channelIndex` at `uplinkFrequencyHz`. */
  rx1FrequencyHz(channelIndex: number, uplinkFrequencyHz: number): number
}
