/**
 * Fleet builder: device groups (LoRaWAN class A, raw LoRa, Sigfox) placed and
 * driven by traffic models around gateway and base-station layouts, as compact
 * state machines on the fleet medium; the spec format users write, and the
 * report a planner reads.
 */
export { Fleet, LORASIM_ENERGY, type FleetOptions } from "./fleet.ts"
export { DEFAULT_BATTERY, fleetMetrics, fleetReport, type DeliveryRow, type FleetDeviceRow, type FleetReport } from "./report.ts"
export {
  DOWNLINK_BELOW_SENSITIVITY,
  DOWNLINK_INTERFERENCE,
  DOWNLINK_NOT_SENT,
  DOWNLINK_OUTCOMES,
  DOWNLINK_RECEIVED,
  DOWNLINK_RECEIVER_BUSY,
  DownlinkPlanner,
  type DownlinkClient,
} from "./downlink-planner.ts"
export type { FleetGroup } from "./group.ts"
export { LorawanGroup, DATA_OVERHEAD_BYTES, JOIN_ACCEPT_BYTES, JOIN_REQUEST_BYTES, PYCOM_TX_RETRIES, lorawanChannels, type FleetChannel } from "./lorawan-group.ts"
export { RawLoraGroup, type RawRadioSettings } from "./raw-group.ts"
export { SigfoxGroup } from "./sigfox-group.ts"
export { initialDr, initialSf, initialTxPowerIndex, lorasimBestSetting } from "./sf-assignment.ts"
export { describePlacement, lorasimRectanglePoints, placeDevices, type Placement, type Positions } from "./placement.ts"
export { describeGatewayLayout, hexSites, layoutGateways, lorasimBaseStationSites, type GatewayLayout, type GatewaySite } from "./gateway-layout.ts"
export { lorasimMultiBsSetup, type LorasimMultiBsSetup } from "./lorasim-multi-bs.ts"
export { loadPointsCsv, parsePointsCsv, type CsvPoint } from "./points-csv.ts"
export { burstSenders, describeTraffic, firstDelayUs, meanIntervalUs, nextDelayUs, type Bursts, type StreamBank, type Traffic } from "./traffic.ts"
export { DEFAULT_LORAWAN_REGION, DEFAULT_SF, DEFAULT_SUB_BAND, LORAWAN_REGION_NAMES, FleetSpecError, decodeFleetSpec, type DeviceGroupSpec, type FleetSpec, type ResolvedDeviceGroupSpec, type ResolvedFleetSpec, type SfAssignment } from "./spec.ts"
