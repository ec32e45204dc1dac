/**
 * fieldnet radio layer: the shared LoRa medium (positions, propagation,
 * interference and capture, half-duplex transceivers, 8-path gateways), the LoRa
 * PHY (time on air, sensitivity, SNR), ETSI duty cycle and energy accounting.
 * It imports only from `sim/`.
 */
export { DEFAULT_FORMAT, LORA_BANDWIDTHS_HZ, criticalSectionStartUs, lowDataRateOptimize, payloadSymbols, symbolTimeUs, timeOnAirMs, timeOnAirUs, type LoraFrameFormat } from "./lora-phy.ts"
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
export { CAPTURE_THRESHOLD_DB, SIR_MATRIX_DB, destroyers, type InterferenceModel } from "./interference.ts"
export { SYNC_WORD_PRIVATE, SYNC_WORD_PUBLIC, type Interferer, type LostFrame, type LostReason, type ReceivedFrame, type TransmissionRecord, type TxRequest } from "./frames.ts"
export { SpatialGrid } from "./spatial-grid.ts"
export { DEFAULT_RX, LoraRadio, Reception, type RadioHandler, type RadioOptions, type RxConfig } from "./radio.ts"
export { Medium, type MediumCounters, type MediumOptions } from "./medium.ts"
export { EU868_DEFAULT_CHANNELS_HZ, Gateway, SX1301_PATHS, type FrameSubscriber, type GatewayOptions, type LostSubscriber } from "./gateway.ts"
export { DutyCycleRegulator, EU868_SUBBANDS, type SubBand } from "./duty-cycle.ts"
export { EnergyMeter, SX1276_ENERGY, txCurrentMa, type EnergyProfile, type RadioState } from "./energy.ts"
export * from "./sigfox/index.ts"
export * from "./fleet/index.ts"
