/**
 * A LoRaWAN 1.0.2 join server: the AppKey table, JoinRequest MIC check, DevNonce
 * replay protection (LoRaWAN 1.0.2 §6.2.4: "the network server keeps track of a
 * certain number of DevNonce values used by the end-device in the past, and
 * ignores join requests with any of these DevNonce values"), AppNonce, and the
 * encrypted JoinAccept with the 1.0.x session keys (§6.2.5; docs/models.md §3.6).
 */
import type { Rng } from "../../../sim/index.ts"
import { toHex } from "../bytes.ts"
import { deriveSessionKeys } from "../crypto.ts"
import type { SessionKeys } from "../frame-types.ts"
import { buildJoinAccept, openJoinRequest } from "../frames.ts"
import { decodePhyPayload } from "../frame-codec.ts"
import type { JoinRequest } from "../frame-types.ts"

/** One provisioned OTAA device. */
export interface JoinEntry {
  readonly devEui: Uint8Array
  readonly appEui: Uint8Array
  readonly appKey: Uint8Array
}

/** What the network parameters of a JoinAccept are. */
export interface JoinParams {
  readonly netId: number
  readonly devAddr: number
  readonly rx1DrOffset: number
  readonly rx2Dr: number
  /** RxDelay field (0 or 1 = 1 s). */
  readonly rxDelay: number
  readonly cfList?: Uint8Array
}

/** Outcome of a JoinRequest. */
export type JoinOutcome =
  | { readonly ok: true; readonly devEui: string; readonly keys: SessionKeys; readonly acceptBytes: Uint8Array; readonly devNonce: number }
  | { readonly ok: false; readonly devEui: string; readonly reason: "unknown-device" | "mic" | "devnonce-replay" | "malformed" }

/** The join server. */
export class JoinServer {
  private readonly entries = new Map<string, JoinEntry>()
  private readonly nonces = new Map<string, Set<number>>()

  constructor(private readonly rng: Rng) {}

  /** Provisions a device (AppKey table). */
  add(e: JoinEntry): void {
    this.entries.set(toHex(e.devEui), e)
  }

  /** Whether a DevEUI (hex) is provisioned. */
  has(devEuiHex: string): boolean {
    return this.entries.has(devEuiHex)
  }

  /** Checks a JoinRequest and, if valid, answers it; `params(devEui)` supplies DevAddr and radio settings. */
  handle(bytes: Uint8Array, params: (devEuiHex: string) => JoinParams): JoinOutcome {
    let req: JoinRequest
    try {
      req = decodePhyPayload(bytes) as JoinRequest
    } catch {
      return { ok: false, devEui: "", reason: "malformed" }
    }
    const devEui = toHex(req.devEui)
    const e = this.entries.get(devEui)
    if (e === undefined || toHex(e.appEui) !== toHex(req.appEui)) return { ok: false, devEui, reason: "unknown-device" }
    if (!openJoinRequest(bytes, e.appKey).micValid) return { ok: false, devEui, reason: "mic" }
    let used = this.nonces.get(devEui)
    if (used === undefined) {
      used = new Set()
      this.nonces.set(devEui, used)
    }
    if (used.has(req.devNonce)) return { ok: false, devEui, reason: "devnonce-replay" }
    used.add(req.devNonce)
    const p = params(devEui)
    const appNonce = this.rng.int(0, 0xffffff)
    const keys = deriveSessionKeys(e.appKey, appNonce, p.netId, req.devNonce)
    const acceptBytes = buildJoinAccept({ appNonce, netId: p.netId, devAddr: p.devAddr, rx1DrOffset: p.rx1DrOffset, rx2Dr: p.rx2Dr, rxDelay: p.rxDelay, cfList: p.cfList }, e.appKey)
    return { ok: true, devEui, keys, acceptBytes, devNonce: req.devNonce }
  }
}
