/**
 * fieldnet radio layer: the shared LoRa medium (positions, propagation,
 * interference and capture, half-duplex transceivers, 8-path gateways), the LoRa
 * PHY (time on air, sensitivity, SNR), ETSI duty cycle and energy accounting.
 * It imports only from `sim/`.
 */
export { DEFAULT_FORMAT, LORA_BANDWIDTHS_HZ, lowDataRateOptimize, payloadSymbols, symbolTimeUs, timeOnAirMs, timeOnAirUs, type LoraFrameFormat } from "./lora-phy.ts"
export { NOISE_FIGURE_DB, noiseFloorDbm, sensitivityDbm, snrDb, snrFloorDb, type ChipModel } from "./sensitivity.ts"
export {
  FREE_SPACE,
  LORASIM,
  NS3_LORAWAN,
  Propagation,
  distanceM,
  linkKey,
  linkTable,
  type FreeSpaceParams,
  type LinkTableParams,
  type LogDistanceParams,
  type Point,
  type PropagationParams,
} from "./propagation.ts"
export {
  CAPTURE_RULES,
  CAPTURE_THRESHOLD_DB,
  LOCK_PREAMBLE_SYMBOLS,
  NEWCOMER_LOST,
  OTHER_LOST,
  SIR_MATRIX_DB,
  SIR_ROUNDING_DB,
  anyOverlapCollides,
  captureRule,
  energy,
  goursaudSurvives,
  lorasimCriticalSectionStartUs,
  lorasimFullCollision,
  lorasimPowerCollision,
  lorasimSimpleCollides,
  lorasimTimingCollides,
  overlapUs,
  sirThresholdDb,
  type CaptureRule,
  type DeprecatedCaptureRuleName,
} from "./capture-rules.ts"
export { destroyers, type InterferenceModel } from "./interference.ts"
export { LOST_REASONS, SYNC_WORD_PRIVATE, SYNC_WORD_PUBLIC, type Interferer, type LostFrame, type LostReason, type ReceivedFrame, type TransmissionRecord, type TxRequest } from "./frames.ts"
export { SpatialGrid } from "./spatial-grid.ts"
export { DEFAULT_RX, LoraRadio, Reception, type RadioHandler, type RadioOptions, type RxConfig } from "./radio.ts"
export { Medium, type MediumCounters, type MediumOptions } from "./medium.ts"
export { EU868_DEFAULT_CHANNELS_HZ, Gateway, SX1301_PATHS, type FrameSubscriber, type GatewayOptions, type LostSubscriber } from "./gateway.ts"
export { DutyCycleRegulator, bandTimeOffUs, subBandIndex, type SubBand } from "./duty-cycle.ts"
export { EnergyMeter, SX1276_ENERGY, txCurrentMa, type EnergyProfile, type RadioState } from "./energy.ts"
export * from "./sigfox/index.ts"
export * from "./fleet/index.ts"
