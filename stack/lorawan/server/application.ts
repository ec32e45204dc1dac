/**
 * The application side of the network: decrypted uplinks as events a scenario
 * handles, and a per-device downlink queue the network server drains into the
 * device's next RX window (the "application server" role of LoRaWAN
 * Backend Interfaces 1.0, reduced to what class A needs).
 */

/** One uplink delivered to the application (after de-duplication, MIC and FCnt checks). */
export interface AppUplink {
  readonly devEui: string
  readonly devAddr: number
  readonly fport: number
  readonly payload: Uint8Array
  readonly fcnt: number
  readonly confirmed: boolean
  /** Sim time the frame ended at the gateways (µs). */
  readonly timeUs: number
  /** Gateways that heard it, best SNR first. */
  readonly gateways: readonly { readonly id: string; readonly rssiDbm: number; readonly snrDb: number }[]
  readonly dr: number
  /** True for a retransmission delivered again (only with `deliverRetransmissions`). */
  readonly retransmission?: boolean
}

/** A downlink waiting for the device's next uplink. */
export interface AppDownlink {
  readonly fport: number
  readonly payload: Uint8Array
  readonly confirmed: boolean
}

/** A handler of application uplinks. */
export type UplinkHandler = (up: AppUplink, app: Application) => void

/** The application: subscribers to uplinks and downlink queues. */
export class Application {
  private readonly handlers: UplinkHandler[] = []
  private readonly queues = new Map<string, AppDownlink[]>()
  /** Uplinks delivered, total. */
  delivered = 0

  /** Subscribes to uplinks; returns an unsubscribe function. */
  onUplink(fn: UplinkHandler): () => void {
    this.handlers.push(fn)
    return () => {
      const i = this.handlers.indexOf(fn)
      if (i >= 0) this.handlers.splice(i, 1)
    }
  }

  /** Queues a downlink for `devEui` (hex); FPort 1..223. */
  queueDownlink(devEui: string, fport: number, payload: Uint8Array, confirmed = false): void {
    if (!Number.isInteger(fport) || fport < 1 || fport > 223) throw new RangeError(`invalid downlink FPort ${fport}`)
    let q = this.queues.get(devEui)
    if (q === undefined) {
      q = []
      this.queues.set(devEui, q)
    }
    q.push({ fport, payload, confirmed })
  }

  /** @internal The next queued downlink of a device (not removed). */
  peek(devEui: string): AppDownlink | undefined {
    return this.queues.get(devEui)?.[0]
  }

  /** @internal Removes the head of a device's queue once it is scheduled. */
  shift(devEui: string): void {
    this.queues.get(devEui)?.shift()
  }

  /** Downlinks waiting for a device. */
  pending(devEui: string): number {
    return this.queues.get(devEui)?.length ?? 0
  }

  /** @internal Called by the network server. */
  deliver(up: AppUplink): void {
    this.delivered++
    for (const h of this.handlers.slice()) h(up, this)
  }
}
