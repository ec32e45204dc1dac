/**
 * Sigfox radio: RC1–RC4 configurations, frame sizes and airtime, the UNB
 * medium with time-and-frequency collisions and capture, base stations, and the
 * analytic ALOHA model the medium is validated against (docs/models.md §4).
 */
export { CARRIER_HALF_SPAN_HZ, MACRO_CHANNEL_GUARD_HZ, MACRO_CHANNEL_HZ, RADIO_CONFIGURATIONS, carrierRange, radioConfiguration, type RadioConfiguration } from "./rc.ts"
export {
  DEFAULT_FRAMES,
  DOWNLINK_AIRTIME_US,
  DOWNLINK_BANDWIDTH_HZ,
  DOWNLINK_BPS,
  DOWNLINK_DEVIATION_HZ,
  DOWNLINK_FLAG_FRAME_OFFSET_HZ,
  DOWNLINK_FLAG_GAP_US,
  DOWNLINK_FRAME_BYTES,
  DOWNLINK_PAYLOAD,
  DOWNLINK_SYNC_WORD,
  DOWNLINK_WAIT_US,
  DOWNLINK_WINDOW_US,
  MAX_UPLINK_PAYLOAD,
  OOB_ACK_DELAY_US,
  OOB_PAYLOAD,
  PAYLOAD_CLASSES,
  UPLINK_ONLY_GAP_US,
  uplinkAirtimeUs,
  uplinkBandwidthHz,
  uplinkFrameBytes,
} from "./frame.ts"
export { UNB_CAPTURE_MARGIN_DB, UnbMedium, type StationReception, type UnbCounters, type UnbKind, type UnbListener, type UnbMediumOptions, type UnbObserver, type UnbTransmission, type UnbTxRequest } from "./unb-medium.ts"
export { BaseStation, DEFAULT_BS_DOWNLINK_DBM, DEFAULT_BS_SENSITIVITY_DBM, type BaseStationOptions, type StationSubscriber } from "./base-station.ts"
export { messageSuccess, unbAlohaSuccess, type UnbAlohaParams } from "./aloha.ts"
