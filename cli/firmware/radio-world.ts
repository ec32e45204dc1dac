import type { MetricValue, Simulation } from "../../sim/index.ts"
import { Gateway } from "../../radio/index.ts"
import { Medium } from "../../radio/medium.ts"
import { NetworkServer } from "../../stack/lorawan/server/index.ts"
import type { Board } from "../../stack/python/boards.ts"
import { provisionOnJoin } from "../../stack/python/lora-join-hook.ts"
import type { PythonDevice } from "../../stack/python/python-device.ts"
import { SigfoxBackend, echoDownlink } from "../../stack/sigfox/backend.ts"

/** Options of the default world's radio side. */
export interface RadioWorldOptions {
  /** Ground distance board–gateway (m); the gateway antenna is 15 m up. */
  readonly gatewayDistanceM: number
  /** Ground distance board–Sigfox base station (m); the station antenna is 30 m up. */
  readonly sigfoxDistanceM: number
}

/**
 * The radio infrastructure of the default firmware world, for the radios the
 * board has. LoRa: one SX1301 gateway and a network server that provisions
 * whatever credentials the script joins with (OTAA or ABP, {@link provisionOnJoin})
 * and answers every uplink with a downlink carrying the same port and bytes.
 * Sigfox: a base station and a backend that answers every downlink request
 * with the uplink's first 8 bytes ({@link echoDownlink}).
 */
export function buildRadioWorld(world: Simulation, device: PythonDevice, board: Board, o: RadioWorldOptions): { metrics(): Record<string, MetricValue> } {
  const parts: (() => Record<string, MetricValue>)[] = []
  if (board.radios.lora) {
    const ns = new NetworkServer(world)
    ns.addGateway(new Gateway(Medium.of(world), { id: "gateway", position: { x: device.position.x - o.gatewayDistanceM, y: device.position.y, z: 15 } }))
    provisionOnJoin(world, ns)
    ns.app.onUplink((u, app) => {
      if (u.fport >= 1 && u.fport <= 223) app.queueDownlink(u.devEui, u.fport, u.payload)
    })
    parts.push(() => ({
      lorawan_uplinks_delivered: ns.app.delivered,
      lorawan_acks: ns.counters.acks,
      lorawan_downlinks: ns.counters.downlinks,
      lorawan_downlinks_missed: ns.counters.downlinksMissed,
    }))
  }
  if (board.radios.sigfox) {
    const backend = SigfoxBackend.of(world)
    backend.addStation({ id: "sigfox-bs", position: { x: device.position.x, y: device.position.y + o.sigfoxDistanceM, z: 30 } })
    backend.setDefaultDownlink(echoDownlink)
    parts.push(() => ({ sigfox_messages: backend.counters.messages, sigfox_downlinks: backend.counters.downlinks }))
  }
  return { metrics: () => Object.assign({}, ...parts.map((p) => p())) as Record<string, MetricValue> }
}
