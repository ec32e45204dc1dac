/**
 * Fleet builder: device groups (LoRaWAN class A, raw LoRa, Sigfox) placed and
 * driven by traffic models around gateway and base-station layouts, as compact
 * state machines on the fleet medium; the spec format users write, and the
 * report a planner reads.
 */
export { Fleet, LORASIM_ENERGY, type FleetOptions } from "./fleet.ts"
export { DEFAULT_BATTERY, fleetMetrics, fleetReport, type DeliveryRow, type FleetDeviceRow, type FleetReport } from "./report.ts"
export { DownlinkPlanner } from "./downlink-planner.ts"
export type { FleetGroup } from "./group.ts"
export { LorawanGroup, DATA_OVERHEAD_BYTES, JOIN_ACCEPT_BYTES, JOIN_REQUEST_BYTES } from "./lorawan-group.ts"
export { RawLoraGroup, type RawRadioSettings } from "./raw-group.ts"
export { SigfoxGroup } from "./sigfox-group.ts"
export { initialSf, lorasimBestSetting } from "./sf-assignment.ts"
export { describePlacement, placeDevices, type Placement, type Positions } from "./placement.ts"
export { describeGatewayLayout, hexSites, layoutGateways, type GatewayLayout, type GatewaySite } from "./gateway-layout.ts"
export { loadPointsCsv, parsePointsCsv, type CsvPoint } from "./points-csv.ts"
export { burstSenders, describeTraffic, firstDelayUs, meanIntervalUs, nextDelayUs, type Bursts, type StreamBank, type Traffic } from "./traffic.ts"
export { DEFAULT_SF, FleetSpecError, decodeFleetSpec, type DeviceGroupSpec, type FleetSpec, type ResolvedDeviceGroupSpec, type ResolvedFleetSpec, type SfAssignment } from "./spec.ts"
