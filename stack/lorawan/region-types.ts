/**
 * Shapes of the regional parameter tables (docs/models.md §3.1–3.3; PF
 * `RegionEU868.h`, `RegionUS915.h`; LoRaWAN Regional Parameters 1.0.2rB).
 */
import type { SubBand } from "../../radio/index.ts"

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

/**
 * A sub-band with its duty-cycle limit (inverse `dCycle`, 100 = 1 %) and LMN band
 * index: the radio layer's type, so a region's `subBands` is the one table both
 * the device's `BandTimer` and the gateways' `DutyCycleRegulator` apply.
 */
export type { SubBand }

/** The regions fieldnet models (the names `network.LoRa(region=…)` uses). */
export type RegionName = "EU868" | "US915" | "AS923" | "AU915"

/**
 * How the device's channel table is managed: `dynamic` — a few default
 * channels plus up to 16 defined by CFList / NewChannelReq (EU868, AS923);
 * `fixed` — 64 + 8 channels enabled or masked by LinkADRReq, NewChannelReq
 * refused (US915, AU915) (LoRaWAN Regional Parameters 1.0.2rB §2; PF
 * `RegionUS915NewChannelReq` / `RegionAU915NewChannelReq` return 0).
 */
export type ChannelPlanKind = "dynamic" | "fixed"

/** Regional parameters for one region (data plus small pure functions). */
export interface Region {
  readonly name: RegionName
  /** Dynamic (CFList/NewChannelReq) or fixed channel plan. */
  readonly channelPlan: ChannelPlanKind
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
  /**
   * Longest uplink (and downlink) frame the region allows, µs, when a dwell-time
   * limit applies (US915 FCC 400 ms; AS923 400 ms with Pycom's default
   * UplinkDwellTime 1); undefined when there is none (EU868, AU915 in RP 1.0.2rB).
   */
  readonly maxDwellTimeUs: number | undefined
  /** A new LoRaWAN socket's DR (PF `modlora.c` `lora_socket_socket`: EU868/AS923 DR5, US915/AU915 DR4). */
  readonly socketDefaultDr: number
  /** Highest `SO_DR` (PF `modlora.c` `lora_validate_data_rate`: 6, US915 4). */
  readonly socketMaxDr: number
  /** Data rate `lora.join()` uses when no `dr` is given (PF `modlora.c` `lora_join`). */
  readonly defaultJoinDr: number
  /** Data rates `lora.join(dr=…)` accepts; any other raises ValueError (PF `modlora.c` `lora_join` dr_error). */
  readonly joinDrs: readonly number[]
  /**
   * DR of a JoinRequest for LMN's 1-based trial counter `nbTrials`
   * (PF `Region*AlternateDr`: EU868 DR5..DR0 by nbTrials % 8/16/24/32/48;
   * US915 DR4 on odd, DR0 on even trials; AU915 DR6/DR0; AS923 always DR2).
   */
  alternateJoinDr(nbTrials: number): number
  /**
   * The trial counter Pycom's `RegionForceJoinDataRate` substitutes so that
   * `alternateJoinDr` yields the requested `joinDr` (EU868 DR0..5 → 48/32/24/16/8/1;
   * US915 DR4 → 1 else 0; AU915 DR6 → 1 else 0; AS923 unchanged).
   */
  forceJoinTrials(joinDr: number, nbTrials: number): number
  /**
   * The LinkADRReq channel mask the network server sends with an ADR decision:
   * all default channels on (EU868 0x0007 / ChMaskCntl 0; AS923 0x0003; US915
   * and AU915 0xFFFF with ChMaskCntl 0: channels 0–15).
   */
  readonly adrChMask: { readonly chMask: number; readonly chMaskCntl: number }
  /** Highest DR the server's ADR asks for: the fastest 125 kHz LoRa DR (EU868/AS923/AU915 DR5, US915 DR3). */
  readonly adrMaxDr: number
  /**
   * Conducted power (dBm) a gateway transmits a downlink with on `freqHz`:
   * ChirpStack's default per band (brocaar/lorawan `band/band_*.go`
   * `GetDownlinkTXPower`): EU868 14 dBm, 27 dBm in 869.4–869.65 MHz (ETSI EN 300
   * 220 / ERC Rec 70-03: 25 mW resp. 500 mW ERP into a 2.15 dBi antenna);
   * US915 20 dBm; AS923 14 dBm; AU915 27 dBm.
   */
  downlinkTxPowerDbm(freqHz: number): number
  /** RX1 data rate for an uplink DR and RX1DROffset. Raises ValueError on invalid input. */
  rx1Dr(uplinkDr: number, rx1DrOffset: number): number
  /** RX1 frequency for an uplink on channel `channelIndex` at `uplinkFrequencyHz`. */
  rx1FrequencyHz(channelIndex: number, uplinkFrequencyHz: number): number
}
