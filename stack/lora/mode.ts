import type { Micros, ProcessBody, Simulation, TIMED_OUT } from "../../sim/index.ts"
import type { LoraRadio, Medium, ReceivedFrame, TransmissionRecord } from "../../radio/index.ts"
import type { Notifier } from "../ip/notifier.ts"
import type { LoRaSettings } from "./config.ts"
import type { RxQueue } from "./rx-queue.ts"

/**
 * What a mode implementation (raw LoRa now, LoRaWAN later) sees of its `LoRa`
 * object: settings, radio, medium, and the hooks that keep `stats()` and the
 * callback events up to date.
 */
export interface LoRaHost {
  readonly world: Simulation
  readonly node: string
  readonly medium: Medium
  readonly radio: LoraRadio
  readonly settings: LoRaSettings
  /** Records a finished transmission in `stats()`. */
  noteTx(tx: TransmissionRecord): void
  /** Records a received frame in `stats()`. */
  noteRx(frame: ReceivedFrame): void
  /** Sets event flags and calls the callback if its trigger matches. */
  raise(flags: number): void
}

/**
 * One mode of the `LoRa` class. The AF_LORA socket calls `send` and reads `rx`;
 * everything else is mode-private. LoRaWAN registers its own with
 * {@link registerLoRaMode}.
 */
export interface LoRaModeImpl {
  readonly rx: RxQueue
  /**
   * Whether the command queue a send goes through has room: POLLOUT of an
   * AF_LORA socket (PF `modlora.c` `lora_tx_space`: `uxQueueSpacesAvailable(xCmdQueue) > 0`).
   */
  readonly hasTxSpace: boolean
  /** Fires when the command queue's occupancy changes (POLLOUT may have changed). */
  readonly cmdNotifier: Notifier
  start(): void
  stop(): void
  /**
   * Sends a payload; `timeout` 0 = non-blocking, undefined = block with no limit.
   * Returns the length, {@link QUEUE_FULL} (non-blocking, command queue full) or
   * TIMED_OUT (the queue stayed full for the whole timeout).
   */
  send(payload: Uint8Array, timeout: Micros | undefined): ProcessBody<number | typeof TIMED_OUT | typeof QUEUE_FULL>
}

/** Creates a mode implementation for a `LoRa` object. */
export type LoRaModeFactory = (host: LoRaHost) => LoRaModeImpl

/** A send found the command queue full and could not wait (non-blocking). */
export const QUEUE_FULL: unique symbol = Symbol("fieldnet.lora.queueFull")

const factories = new Map<number, LoRaModeFactory>()

/** Registers the implementation of a `LoRa` mode (`LoRa.LORA` = 0, `LoRa.LORAWAN` = 1). */
export function registerLoRaMode(mode: number, factory: LoRaModeFactory): void {
  factories.set(mode, factory)
}

/** The factory for a mode, if one is registered. */
export function loraModeFactory(mode: number): LoRaModeFactory | undefined {
  return factories.get(mode)
}
