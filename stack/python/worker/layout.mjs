// Shared-memory layout of the channel between the simulator (main thread) and
// one MicroPython worker. Imported by the worker (plain JS) and by the main
// side (interpreter.ts); the .d.mts beside it types it for TypeScript.

/** Int32 word: whose turn it is (see the STATE_* values). */
export const W_STATE = 0
/** Int32 word: byte length of the message in the data region. */
export const W_LEN = 1
/** Int32 word: stdout bytes written by the worker so far (wraps at 2^31). */
export const W_OUT_HEAD = 2
/** Int32 word: stdout bytes consumed by the main thread so far. */
export const W_OUT_TAIL = 3
/** Number of Int32 control words (the Float64 clock follows them). */
export const CONTROL_WORDS = 8
/** Byte offset of the Float64 holding the current sim time in µs. */
export const SIM_NOW_OFFSET = 32
/** Byte offset of the message region. */
export const DATA_OFFSET = 64
/** Size of the message region: the largest request or reply, in UTF-8 bytes. */
export const DATA_BYTES = 2 * 1024 * 1024
/** Size of the stdout ring. */
export const OUT_BYTES = 64 * 1024
/** Total size of the shared buffer. */
export const CHANNEL_BYTES = DATA_OFFSET + DATA_BYTES + OUT_BYTES

/** The worker (Python) is running; the main thread waits. */
export const STATE_RUNNING = 0
/** The worker posted a message and waits for the reply. */
export const STATE_REQUEST = 1
/** The main thread posted a reply; the worker may read it. */
export const STATE_REPLY = 2
