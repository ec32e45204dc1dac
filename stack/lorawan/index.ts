/**
 * LoRaWAN 1.0.2 class A building blocks with no radio dependency: frames and
 * crypto, the MAC command codec, region tables (reference §3).
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
  type DataFrameLayout,
  type JoinAcceptLayout,
} from "./frame-codec.ts"
export {
  buildDataFrame,
  buildJoinAccept,
  buildJoinRequest,
  equalBytes,
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
