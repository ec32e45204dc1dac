/**
 * Numeric constants of Pycom's Sigfox API (PF `modusocket.h`, `modsigfox.h`;
 * docs/models.md §1.1, §1.5, §1.6).
 */

/** `socket.AF_SIGFOX` (docs/models.md §1.1). */
export const AF_SIGFOX = 0xa1
/** `socket.SOCK_RAW` (lwIP value; docs/models.md §1.1). */
export const SOCK_RAW = 3
/** `socket.SOL_SIGFOX` (docs/models.md §1.1). */
export const SOL_SIGFOX = 0xfff06
/** `socket.SO_RX`: request a downlink (docs/models.md §1.1). */
export const SO_RX = 0xf0004
/** `socket.SO_TX_REPEAT`: repeats 0–2 (docs/models.md §1.1). */
export const SO_TX_REPEAT = 0xf0005
/** `socket.SO_OOB`: send the out-of-band keep-alive frame (docs/models.md §1.1). */
export const SO_OOB = 0xf0006
/** `socket.SO_BIT`: the value sent by `send(b'')` (docs/models.md §1.1). */
export const SO_BIT = 0xf0007

/** `Sigfox.SIGFOX` / `Sigfox.FSK` (FSK on SiPy only; docs/models.md §1.1). */
export const MODE_SIGFOX = 0
export const MODE_FSK = 1
/** `Sigfox.RCZ1`…`RCZ4` = 0…3 (no RCZ5+; docs/models.md §1.1). */
export const RCZ1 = 0
export const RCZ2 = 1
export const RCZ3 = 2
export const RCZ4 = 3

/** Socket defaults: SO_RX 0, SO_TX_REPEAT 2, SO_OOB 0, SO_BIT 0 (PF18 MS; docs/models.md §1.6). */
export const DEFAULT_TX_REPEAT = 2
/** Largest FSK payload (bytes): docs/models.md §1.6. */
export const MAX_FSK_PAYLOAD = 64
/** FSK frequency range 863–928 MHz (PF `modsigfox_api.c`; docs/models.md §1.5). */
export const FSK_MIN_HZ = 863_000_000
export const FSK_MAX_HZ = 928_000_000
/** RX queue depth 3 (PF18 MS; docs/models.md §1.6). */
export const RX_QUEUE_DEPTH = 3
/** Non-blocking TX queue depth 2; a third send raises EAGAIN (PF18 MS; docs/models.md §1.6). */
export const TX_QUEUE_DEPTH = 2
/** Pycom's uplink message counter is 12 bits (SEP `sigfox_ep_bitstream.c` LI/BF/MsgCnt; docs/models.md §4). */
export const MESSAGE_COUNTER_MASK = 0xfff

/**
 * `config()` defaults for RCZ2–4: RC2 {1,0,0}, RC4 {0,0x40000000,0}, RC3
 * {3,0x1388,0} (PF18 `sigfox_api.h`; docs/models.md §1.5).
 */
export const CONFIG_DEFAULTS: Readonly<Record<number, readonly [number, number, number]>> = {
  [RCZ2]: [1, 0, 0],
  [RCZ3]: [3, 0x1388, 0],
  [RCZ4]: [0, 0x40000000, 0],
}
