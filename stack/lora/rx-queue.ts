import { RxQueue as RadioSocketRxQueue } from "../usocket/rx-queue.ts"
import { RX_QUEUE_DEPTH } from "./constants.ts"

/**
 * The LoRa RX queue of Pycom's `modlora.c`: the radio sockets' queue
 * (`stack/usocket/rx-queue.ts`) at LoRa's depth of 7 packets (docs/models.md
 * §1.4). Shared by the raw and LoRaWAN modes.
 */
export class RxQueue extends RadioSocketRxQueue {
  constructor(depth = RX_QUEUE_DEPTH) {
    super(depth)
  }
}
