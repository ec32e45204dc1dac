/**
 * LoRaWAN 1.0.2 class A building blocks with no radio dependency: frames and
 * crypto, the MAC command codec, region tables (docs/models.md §3).
 */
export { concatBytes, fromHex, readUintLE, reversed, toHex, writeUintLE } from "./bytes.ts"
export { aesCmac, aesDecryptBlocks, aesEncryptBlocks } from "./cmac.ts"
export { cryptFrmPayload, dataMic, decryptJoinAcceptBody, deriveSessionKeys, encryptJoinAcceptBody, joinMic, reconstructFCnt } from "./crypto.ts"
export {
  MAJOR_LORAWAN_R1,
  MType,
  NO_FLAGS,
  directionOf,
  isUplink,
  type DataFrame,
  type DataMType,
  type Direction,
  type EncryptedJoinAccept,
  type FCtrl,
  type JoinAccept,
  type JoinRequest,
  type OpaqueFrame,
  type PhyFrame,
  type SessionKeys,
  type DataFrameLayout,
} from "./frame-types.ts"
export {
  decodeFCtrl,
  decodeJoinAcceptPlain,
  decodePhyPayload,
  encodeDataMessage,
  encodeFCtrl,
  encodeJoinAcceptMessage,
  encodeJoinRequestMessage,
  encodeMhdr,
  encodeProprietary,
  type JoinAcceptLayout,
} from "./frame-codec.ts"
export {
  buildDataFrame,
  buildJoinAccept,
  buildJoinRequest,
  equalBytes,
  macCommandBytes,
  openDataFrame,
  openJoinAccept,
  openJoinRequest,
  verifyDataFrameMic,
  type DataFrameSpec,
  type JoinRequestSpec,
  type OpenedDataFrame,
} from "./frames.ts"
export {
  Cid,
  DOWNLINK_PAYLOAD_LENGTH,
  UPLINK_PAYLOAD_LENGTH,
  type DownlinkMacCommand,
  type ParsedMacCommands,
  type UplinkMacCommand,
} from "./mac-command-types.ts"
export { decodeDownlinkMacCommands, decodeUplinkMacCommands, encodeDownlinkMacCommands, encodeUplinkMacCommands } from "./mac-command-codec.ts"
export type { ChannelPlan, ChannelPlanKind, DataRate, Region, RegionName, SubBand } from "./region-types.ts"
export {
  ACK_TIMEOUT_RND_US,
  ACK_TIMEOUT_US,
  ADR_ACK_DELAY,
  ADR_ACK_LIMIT,
  BACKOFF_DC_10_HOURS,
  BACKOFF_DC_1_HOUR,
  BACKOFF_DC_24_HOURS,
  FRAME_OVERHEAD,
  JOIN_ACCEPT_DELAY1_US,
  JOIN_ACCEPT_DELAY2_US,
  LORAMAC_PHY_MAXPAYLOAD,
  MAX_ACK_RETRIES,
  MAX_FCNT_GAP,
  MAX_FOPTS_LENGTH,
  MAX_RX_WINDOW_US,
  RECEIVE_DELAY1_US,
  RECEIVE_DELAY2_US,
  aggregatedDCycle,
  bandTimeOffUs,
  confirmedRetryDr,
  dataRateOf,
  joinDutyCycleInverse,
  maxPayloadOf,
  nextLowerDr,
  payloadFits,
  rxDelayUs,
  subBandOf,
  txPowerEirpDbm,
  txTimeOffUs,
} from "./region-common.ts"
export {
  JOIN_REQUEST_LENGTH,
  JOIN_RETRY_US,
  RX2_AFTER_RX1_US,
  ackRetryAtUs,
  adrAckBackoff,
  chooseDownlinkWindow,
  confirmedTrials,
  dataFrameLength,
  downlinkWindows,
  joinAcceptLength,
  joinDataRate,
  joinRetryAtUs,
  rxListenUs,
  rxWindowDelaysUs,
  type AdrBackoffResult,
  type AdrBackoffState,
  type DownlinkWindow,
  type DownlinkWindowsInput,
  type JoinRetryInput,
} from "./class-a-rules.ts"
export { ADR_HISTORY, ADR_INSTALLATION_MARGIN_DB, adrDecision, requiredSnrDb, type AdrInput } from "./server/adr.ts"
export { EU868, EU868_DEFAULT_CHANNELS, EU868_SUB_BANDS } from "./region-eu868.ts"
export { US915, US915_CHANNELS, US915_MAX_DWELL_TIME_US } from "./region-us915.ts"
export { AS923, AS923_DEFAULT_CHANNELS, AS923_DWELL_LIMIT_DR, AS923_MAX_DWELL_TIME_US, AS923_SUB_BANDS } from "./region-as923.ts"
export { AU915, AU915_CHANNELS } from "./region-au915.ts"
export { REGIONS, regionByName } from "./regions.ts"
export { CHANNELS_PER_SUB_BAND, FIXED_PLAN_SUB_BANDS, SX1276_PA_BOOST_MAX_DBM, SX1276_PA_BOOST_MIN_DBM, deviceTxPowerDbm, subBandChannelIndices, uplinkDataRates } from "./device-rules.ts"
export { checkFCnt, type FCntCheck, type FCntStatus } from "./fcnt.ts"
export { EU868_CFLIST_CHANNELS, EU868_CFLIST_FIRST_CHANNEL, decodeEu868CfList, encodeEu868CfList } from "./cflist.ts"
