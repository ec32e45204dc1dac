/**
 * Numeric constants of Pycom's `network.LoRa` and the AF_LORA socket
 * (PF `modlora.c`, `modusocket.h`; docs/models.md §1.1).
 */

/** Address family of LoRa sockets (docs/models.md §1.1). */
export const AF_LORA = 0xa0
/** lwIP's SOCK_RAW (docs/models.md §1.1). */
export const SOCK_RAW = 3
/** Socket option level of LoRa sockets (docs/models.md §1.1). */
export const SOL_LORA = 0xfff05
/** LoRaWAN socket options (docs/models.md §1.1). */
export const SO_CONFIRMED = 0xf0002
export const SO_DR = 0xf0003

/** `LoRa.LORA` (raw) and `LoRa.LORAWAN` modes. */
export const MODE_LORA = 0
export const MODE_LORAWAN = 1

/** Power modes. */
export const ALWAYS_ON = 0
export const TX_ONLY = 1
export const SLEEP = 2

/** Bandwidth codes and their Hz. */
export const BW_125KHZ = 0
export const BW_250KHZ = 1
export const BW_500KHZ = 2
export const BANDWIDTH_HZ: readonly number[] = [125_000, 250_000, 500_000]

/** Coding rates 4/5..4/8. */
export const CODING_4_5 = 1
export const CODING_4_6 = 2
export const CODING_4_7 = 3
export const CODING_4_8 = 4

/** Callback trigger bit flags. */
export const RX_PACKET_EVENT = 1
export const TX_PACKET_EVENT = 2
export const TX_FAILED_EVENT = 4

/** Region codes (LoRaMac-node enum, docs/models.md §1.1). */
export const AS923 = 0
export const AU915 = 1
export const CN470 = 2
export const EU433 = 4
export const EU868 = 5
export const IN865 = 7
export const US915 = 8

/** Raw RX queue depth (PF `modlora.c`, docs/models.md §1.4). */
export const RX_QUEUE_DEPTH = 7
/** Depth of the LoRa task's command queue that sends go through (PF `modlora.c` xCmdQueue, docs/models.md §1.4). */
export const CMD_QUEUE_DEPTH = 7
/** Largest raw payload (docs/models.md §1.4). */
export const MAX_PAYLOAD = 255
/** Default FPort of a LoRa socket (docs/models.md §1.4). */
export const DEFAULT_FPORT = 2
/** Listen-before-talk: the channel is busy if RSSI > −85 dBm within 1 ms (PF `modlora.c`, docs/models.md §1.4). */
export const LBT_THRESHOLD_DBM = -85
export const LBT_SENSE_US = 1000
