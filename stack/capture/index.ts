/**
 * Packet captures: classic pcap files and the LoRaTap v0 encapsulation that
 * Wireshark/tshark decode as LoRaWAN (reference captures-and-gateways.md).
 */
export { LINKTYPE, PCAP_SNAPLEN, PcapFile, PcapWriter, pcapGlobalHeader, pcapRecord, type LinkType, type PcapWriterOptions } from "./pcap.ts"
export {
  LORATAP_RSSI_OFFSET_DB,
  LORATAP_V0_HEADER_LENGTH,
  LORAWAN_PUBLIC_SYNC_WORD,
  LORA_PRIVATE_SYNC_WORD,
  decodeLoraTapV0,
  encodeLoraTapV0,
  loraTapRssi,
  loraTapSnr,
  type LoraCaptureRecord,
} from "./loratap.ts"
export { LoraCapture, loraCaptureToBytes, openLoraCaptureFile, type LoraCaptureOptions } from "./lora-capture.ts"
