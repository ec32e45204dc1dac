/**
 * Sigfox end to end on the stack side: the device protocol (frames, downlink
 * flow), the backend (de-duplication, daily limits, downlinks), Pycom's
 * `network.Sigfox` and the AF_SIGFOX socket. Importing this module registers
 * AF_SIGFOX with `Device.socket`.
 */
import { registerSocketFamily } from "../device.ts"
import { AF_SIGFOX } from "./constants.ts"
import { createSigfoxSocket } from "./socket.ts"

registerSocketFamily(AF_SIGFOX, (device, type) => createSigfoxSocket(device, type))

export * as SigfoxConstants from "./constants.ts"
export { AF_SIGFOX, SOL_SIGFOX, SO_BIT, SO_OOB, SO_RX, SO_TX_REPEAT } from "./constants.ts"
export { DEFAULT_DOWNLINKS_PER_DAY, DEFAULT_DOWNLINK_OFFSET_US, DEFAULT_UPLINKS_PER_DAY, SigfoxBackend, echoDownlink, hex as sigfoxIdHex, type DownlinkProvider, type SigfoxBackendOptions, type UplinkMessage } from "./backend.ts"
export { DEFAULT_DEVICE_SENSITIVITY_DBM, SigfoxEndpoint, fskAirtimeUs, type SigfoxEndpointOptions, type UplinkRequest, type UplinkResult } from "./endpoint.ts"
export { isUplinkMeta, type SigfoxDownlinkMeta, type SigfoxFskMeta, type SigfoxMeta, type SigfoxUplinkMeta } from "./frame-meta.ts"
export { Sigfox, deviceIdOf, type SigfoxInitArgs, type SigfoxRadioOptions } from "./sigfox.ts"
export { SigfoxSocket, createSigfoxSocket, txQueueOf } from "./socket.ts"
export { SigfoxTxQueue, type TxJob } from "./tx-queue.ts"
export {
  SIGFOX_NO_RSSI,
  SIGFOX_RECORD_HEADER,
  SIGFOX_RECORD_VERSION,
  SigfoxCapture,
  decodeSigfoxRecord,
  encodeSigfoxRecord,
  openSigfoxCaptureFile,
  sigfoxRecordOf,
  type SigfoxCaptureRecord,
} from "../capture/sigfox-capture.ts"
