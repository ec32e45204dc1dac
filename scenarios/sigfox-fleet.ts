/**
 * sigfox-fleet: two RC1 fleets of `devices` Sigfox devices (5,000 by default)
 * side by side, each on its own UNB medium around its own 3 base stations, one
 * sending every message as 1 frame, the other as 3 frames on independent random
 * carriers (1 s apart). Devices send 12-byte messages at Poisson times,
 * `msgsPerHour` each on average. The devices use the Sigfox protocol engine
 * directly (the AF_SIGFOX socket always sends uplink-only messages as 3
 * frames, so it cannot make the 1-frame fleet).
 *
 * Metrics per fleet: the measured frame and message success rates (a frame
 * counts when any base station received it; a message when the backend got at
 * least one of its frames), next to the analytic unslotted-ALOHA-in-time-and-
 * frequency values for the same load (radio/sigfox/aloha.ts: one receiver, no
 * capture, every device in range). The measured values differ from the
 * analytic ones by what the model leaves out: capture (6 dB margin), three base
 * stations with different powers, and coverage holes from shadowing.
 *
 *   npx fieldnet run scenarios/sigfox-fleet.ts --seed 3 --json
 */
import {
  CARRIER_HALF_SPAN_HZ,
  SigfoxBackend,
  SigfoxEndpoint,
  UnbMedium,
  defineScenario,
  messageSuccess,
  param,
  radioConfiguration,
  s,
  Schema,
  sleep,
  unbAlohaSuccess,
  uplinkAirtimeUs,
  uplinkBandwidthHz,
  type MetricValue,
  type Simulation,
  type UnbTransmission,
} from "fieldnet"

const RC1 = radioConfiguration(1)
const PAYLOAD = 12

interface FleetStats {
  sent: number
  frames: number
  framesOk: number
  messagesOk: number
}

function buildFleet(world: Simulation, tag: string, frames: number, p: { devices: number; stations: number; msgsPerHour: number; radiusM: number; warmupS: number; captureMarginDb: number }): FleetStats {
  const medium = new UnbMedium(world, { captureMarginDb: p.captureMarginDb })
  const backend = new SigfoxBackend(medium)
  // Base stations on a regular polygon of circumradius radius/2 (one: at the centre), 30 m masts.
  const ring = p.stations === 1 ? 0 : p.radiusM / 2
  for (let k = 0; k < p.stations; k++) {
    const a = (2 * Math.PI * k) / p.stations
    backend.addStation({ id: `${tag}-bs${k}`, position: { x: ring * Math.cos(a), y: ring * Math.sin(a), z: 30 } })
  }
  const stats: FleetStats = { sent: 0, frames: 0, framesOk: 0, messagesOk: 0 }
  // Frames some station received. A message is tallied when its send completes (its last frame is
  // resolved by then: the frame's end event was queued before the sender's wake-up), so runs of any
  // length count only finished messages.
  const received = new WeakSet<UnbTransmission>()
  medium.observe((tx, receptions) => {
    if (receptions.length > 0) received.add(tx)
  })
  const meanGapUs = 3_600_000_000 / p.msgsPerHour
  for (let i = 0; i < p.devices; i++) {
    const node = `${tag}-dev-${String(i).padStart(5, "0")}`
    const r = world.rng(`fleet/${node}/place`)
    const rho = p.radiusM * Math.sqrt(r.random())
    const th = r.uniform(0, 2 * Math.PI)
    const position = { x: rho * Math.cos(th), y: rho * Math.sin(th) }
    const ep = new SigfoxEndpoint(medium, node, () => position, { deviceId: i + 1, rc: RC1 })
    const times = world.rng(`fleet/${node}/times`)
    const payload = new Uint8Array(PAYLOAD)
    world.spawn(
      function* () {
        for (;;) {
          yield sleep(Math.round(times.exponential(meanGapUs)))
          const counts = world.now >= s(p.warmupS)
          const res = yield* ep.send({ payload, frames })
          if (!counts) continue
          stats.sent++
          stats.frames += res.sent.length
          const ok = res.sent.filter((tx) => received.has(tx)).length
          stats.framesOk += ok
          if (ok > 0) stats.messagesOk++
        }
      },
      { node, name: "sender" },
    )
  }
  return stats
}

export default defineScenario({
  name: "sigfox-fleet",
  description: "5,000-device RC1 fleets around 3 base stations: message success with 1 vs 3 frames, with the analytic ALOHA values",
  until: "1h",
  params: {
    devices: param(Schema.Int.check(Schema.isGreaterThan(0)), 5000, "devices per fleet"),
    msgsPerHour: param(Schema.Number.check(Schema.isGreaterThan(0)), 6, "mean messages per device per hour (RC1 allows ≈ 6; 140/day)"),
    stations: param(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 12 })), 3, "base stations per fleet"),
    radiusM: param(Schema.Number.check(Schema.isGreaterThan(0)), 800, "devices uniform in a disk of this radius (m); base stations at half of it"),
    warmupS: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 60, "messages started before this are not counted (s)"),
    captureMarginDb: param(Schema.Number, 6, "capture margin (dB); a huge value disables capture"),
  },
  build(world, p) {
    const one = buildFleet(world, "f1", 1, p)
    const three = buildFleet(world, "f3", 3, p)
    const analytic = (frames: number) =>
      unbAlohaSuccess({
        frameRatePerS: (p.devices * p.msgsPerHour * frames) / 3600,
        airtimeS: uplinkAirtimeUs(PAYLOAD, RC1.uplinkBps) / 1e6,
        bandHz: 2 * CARRIER_HALF_SPAN_HZ,
        collisionHz: uplinkBandwidthHz(RC1.uplinkBps),
      })
    const r = (x: number) => Math.round(x * 10_000) / 10_000
    return {
      metrics: (): Record<string, MetricValue> => {
        const p1 = analytic(1)
        const p3 = analytic(3)
        return {
          "frames1.messages": one.sent,
          "frames1.frame_success": r(one.framesOk / one.frames),
          "frames1.message_success": r(one.messagesOk / one.sent),
          "frames1.analytic_frame_success": r(p1),
          "frames1.analytic_message_success": r(p1),
          "frames3.messages": three.sent,
          "frames3.frame_success": r(three.framesOk / three.frames),
          "frames3.message_success": r(three.messagesOk / three.sent),
          "frames3.analytic_frame_success": r(p3),
          "frames3.analytic_message_success": r(messageSuccess(p3, 3)),
          "frames3.message_success_from_measured_p": r(messageSuccess(three.framesOk / three.frames, 3)),
        }
      },
    }
  },
})
