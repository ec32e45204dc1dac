/** Fleet-scale LoRa uplink medium (struct-of-arrays devices, gateways) and the model presets. */
export { FLEET_LOSS_REASONS, FleetMedium, type FleetGatewayCounters, type FleetGatewaySite, type FleetLossReason, type FleetMediumOptions, type FleetUplinkListener } from "./fleet-medium.ts"
export { FIELDNET_PRESET, LORASIM_PRESET, NS3_PRESET, fleetPreset, type FleetCollisionRule, type FleetRadioPreset, type PresetName } from "./presets.ts"
export {
  LORASIM_EXPERIMENTS,
  LORASIM_PACKET_BYTES,
  LORASIM_SENSITIVITY_DBM,
  LORASIM_TX_CURRENT_MA,
  LORASIM_TX_POWER_DBM,
  LORASIM_VOLTAGE_V,
  lorasimMaxDistanceM,
  lorasimSensitivityDbm,
  type LorasimExperiment,
} from "./lorasim.ts"
