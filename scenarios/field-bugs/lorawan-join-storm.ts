/**
 * Field bug: after a gateway outage, every device rejoins at once and the join
 * storm collides.
 *
 * Symptom (as reported from the field): a site of mains-powered OTAA sensors
 * and its gateway lose power for half an hour. When power returns, the sensors
 * stay silent for minutes; the gateway's log is full of JoinRequests, few of
 * them answered.
 *
 * Cause: the firmware calls `lora.join()` as soon as it boots, and every sensor
 * boots in the same second when the power comes back. The MAC then retries the
 * join every 10 s (Pycom firmware timer, docs/models.md §1.3) in lockstep: the
 * JoinRequests of a round overlap on the three join channels at one data rate
 * and destroy each other; only a frame ≥ 6 dB stronger than the rest on its
 * channel survives, and the gateway sends one JoinAccept at a time.
 *
 * Reproduce: `npx fieldnet run scenarios/field-bugs/lorawan-join-storm.ts --seed 1 --trace t.ndjson`
 * What the trace shows (`npx fieldnet trace t.ndjson --node gw --from 75min --to 78min --pretty`):
 * `gateway.up` on node `gw`, then every 10 s a burst of `lora.lost` with
 * `reason=interference` naming many interferers, and few `lorawan.ns.join`
 * lines. The fix (`--set bootJitterS=60`): wait a random 0–60 s after boot
 * before joining, which spreads the requests so nearly all get through at the
 * first try.
 */
import { Device, Gateway, LoRa, Medium, NetworkServer, OTAA, defineScenario, lorawan, minutes, param, s, Schema, sleep, type ProcessBody } from "fieldnet"

export default defineScenario({
  name: "field-bug-lorawan-join-storm",
  description: "after a site power outage every OTAA sensor rejoins at once and the join storm collides",
  until: "2h",
  params: {
    devices: param(Schema.Int.check(Schema.isBetween({ minimum: 2, maximum: 1000 })), 60, "OTAA sensors"),
    outageAtMin: param(Schema.Number.check(Schema.isGreaterThan(5)), 45, "power cut at (min)"),
    outageMin: param(Schema.Number.check(Schema.isGreaterThan(0)), 30, "power cut length (min)"),
    bootJitterS: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 0, "the fix: random wait after boot before joining (s); 0 = the bug"),
    radiusM: param(Schema.Number, 60, "sensors placed at random within this radius of the gateway (m)"),
    bootSpreadMs: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 300, "boot time varies by up to this much between boards (hardware, ms)"),
  },
  build(world, p) {
    const medium = Medium.of(world)
    const ns = new NetworkServer(world)
    const gw = new Gateway(medium, { id: "gw", position: { x: 0, y: 0, z: 15 } })
    ns.addGateway(gw)
    const appEui = lorawan.fromHex("70b3d57ed0000001")
    const place = world.rng("placement")
    const powerBack = minutes(p.outageAtMin + p.outageMin)
    const joinDelays: number[] = []
    let lostToInterferenceAfter = 0
    gw.onFrameLost((l) => {
      if (world.now >= powerBack && l.reason === "interference") lostToInterferenceAfter++
    })

    const sensors = Array.from({ length: p.devices }, (_, i) => {
      const r = p.radiusM * Math.sqrt(place.random())
      const a = 2 * Math.PI * place.random()
      const dev = new Device(world, `s${i}`, { profile: "pycom", position: { x: r * Math.cos(a), y: r * Math.sin(a) } })
      const appKey = lorawan.fromHex(`2b7e151628aed2a6abf71588${(0x09cf4f3c + i).toString(16).padStart(8, "0")}`)
      return { dev, appKey, jitter: world.rng(`sensor/${i}/boot`), lora: new LoRa(dev, { mode: LoRa.LORAWAN, region: LoRa.EU868 }) }
    })
    for (const x of sensors) ns.registerOtaa(x.lora.mac(), appEui, x.appKey)

    /** The sensor firmware: join at boot (after the optional jitter), then report every 10 min. */
    const firmware = (x: (typeof sensors)[number], bootJitter: number) =>
      function* (): ProcessBody<void> {
        const booted = world.now
        yield* sleep(Math.round(x.jitter.uniform(0, p.bootSpreadMs * 1000)))
        if (bootJitter > 0) yield* sleep(s(x.jitter.uniform(0, bootJitter)))
        yield* x.lora.join(OTAA, { auth: [appEui, x.appKey], timeout: 0 })
        while (!x.lora.has_joined()) yield* sleep(s(2.5))
        if (booted >= powerBack) joinDelays.push(world.now - booted)
        for (;;) yield* sleep(minutes(10))
      }

    // First power-on: spread over 10 minutes, as installed.
    const mains = sensors.map((x) => world.spawn(firmware(x, 600), { node: x.dev.name, name: "main" }))
    world.schedule(minutes(p.outageAtMin), () => {
      gw.setUp(false)
      sensors.forEach((x, i) => {
        mains[i]?.interrupt("power cut")
        x.lora = new LoRa(x.dev, { mode: LoRa.LORAWAN, region: LoRa.EU868 }) // volatile state gone
      })
    })
    world.schedule(powerBack, () => {
      gw.setUp(true)
      sensors.forEach((x, i) => (mains[i] = world.spawn(firmware(x, p.bootJitterS), { node: x.dev.name, name: "main" })))
    })

    return {
      metrics: () => {
        const sorted = [...joinDelays].sort((x, y) => x - y)
        const at = (q: number) => (sorted.length === 0 ? -1 : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number) / 1e6)
        return {
          rejoined: sorted.length,
          not_rejoined: p.devices - sorted.length,
          rejoin_p50_s: at(0.5),
          rejoin_p90_s: at(0.9),
          rejoin_max_s: at(1),
          lost_to_interference_after_power_back: lostToInterferenceAfter,
          ns_joins_accepted: ns.counters.joinsAccepted,
        }
      },
    }
  },
})
