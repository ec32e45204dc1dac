/** Internal state records of the class A MAC (see class-a-device.ts). */
import type { UplinkRequest } from "./types.ts"

/** Where the MAC is in its class A cycle. */
export type Phase = "idle" | "pending-tx" | "tx" | "rx1" | "rx2" | "ack-wait" | "join-wait"

/** One uplink (or JoinRequest) cycle: the frame, its tries and what came back. */
export interface Cycle {
  readonly req: UplinkRequest | undefined
  readonly isJoin: boolean
  readonly fcnt: number
  readonly bytes: Uint8Array
  readonly baseDr: number
  tries: number
  dr: number
  chIndex: number
  freqHz: number
  txStart: number
  txEnd: number
  acked: boolean
  gotDownlink: boolean
  devNonce: number
}

