/** Fleet-scale LoRa uplink medium (struct-of-arrays devices, gateways) and the model presets. */
export { FLEET_LOSS_REASONS, FLEET_PREAMBLE_SYMBOLS, FleetMedium, MAX_CHANNELS, type FleetGatewayCounters, type FleetGatewaySite, type FleetLossReason, type FleetMediumOptions, type FleetUplinkListener } from "./fleet-medium.ts"
export { FIELDNET_PRESET, LORASIM_PRESET, NS3_PRESET, fleetPreset, lorasimMultiBsPreset, type FleetCollisionRule, type FleetRadioPreset, type PresetName } from "./presets.ts"
export {
  LORASIM_EXPERIMENTS,
  LORASIM_MULTI_BS_COUNTS,
  LORASIM_PACKET_BYTES,
  LORASIM_SF6_RANGE_SENSITIVITY_DBM,
  LORASIM_SENSITIVITY_DBM,
  LORASIM_TX_CURRENT_MA,
  LORASIM_TX_POWER_DBM,
  LORASIM_VOLTAGE_V,
  lorasimMaxDistanceM,
  lorasimMinSensitivityDbm,
  lorasimMultiBsArea,
  lorasimMultiBsMinSensitivityDbm,
  lorasimRadiusForSensitivityM,
  lorasimSensitivityDbm,
  type LorasimBaseStationCount,
  type LorasimExperiment,
} from "./lorasim.ts"
