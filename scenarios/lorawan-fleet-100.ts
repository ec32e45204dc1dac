/**
 * lorawan-fleet-100: 100 class A devices around one gateway (LoRaSim propagation
 * with shadowing), OTAA, then periodic uplinks with ADR. Each device is the
 * event-driven MAC (no process per device). Each joins at the lowest DR (highest
 * SF) it needs: the fastest DR whose gateway sensitivity its mean uplink RSSI
 * clears by `marginDb` (a static SF assignment as in LoRaSim; ADR then adapts).
 * Prints delivery ratio, retransmissions, airtime and energy per device; with
 * `--out DIR` writes one row per device to devices.csv.
 *
 *   npx fieldnet run scenarios/lorawan-fleet-100.ts --seed 3 --json
 */
import { ClassADevice, EU868_DEFAULT_CHANNELS_HZ, Gateway, LoraRadio, Medium, NetworkServer, defineScenario, lorawan, minutes, param, Schema, sensitivityDbm, type UplinkResult } from "fieldnet"

interface Row {
  id: string
  distanceM: number
  joinDr: number
  mac: ClassADevice
  sent: number
  ok: number
  delivered: number
  joinedAtS: number
}

export default defineScenario({
  name: "lorawan-fleet-100",
  description: "100 OTAA class A devices, one gateway, periodic uplinks with ADR: delivery, retransmissions, airtime, energy per device",
  until: "6h",
  params: {
    devices: param(Schema.Int.check(Schema.isGreaterThan(0)), 100, "number of devices"),
    radiusM: param(Schema.Number.check(Schema.isGreaterThan(0)), 400, "devices are placed uniformly in a disc of this radius (m)"),
    periodMin: param(Schema.Number.check(Schema.isGreaterThan(0)), 10, "mean minutes between a device's uplinks"),
    payload: param(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 51 })), 12, "application payload (bytes)"),
    confirmedShare: param(Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1 })), 0.1, "share of devices sending confirmed uplinks"),
    adr: param(Schema.Boolean, true, "devices set the ADR bit"),
    dutyCycle: param(Schema.Boolean, false, "enforce ETSI duty cycle on devices (Pycom default off)"),
    marginDb: param(Schema.Number, 10, "link margin (dB) used to pick each device's join DR"),
  },
  build(world, p) {
    const medium = Medium.of(world)
    const ns = new NetworkServer(world)
    const gw = new Gateway(medium, { id: "gw", position: { x: 0, y: 0, z: 15 }, channelsHz: EU868_DEFAULT_CHANNELS_HZ })
    ns.addGateway(gw)
    const place = world.rng("fleet/placement")
    const rows: Row[] = []
    const byEui = new Map<string, Row>()
    ns.app.onUplink((u) => {
      const r = byEui.get(u.devEui)
      if (r !== undefined) r.delivered++
    })
    const appEui = lorawan.fromHex("70b3d57ed0000100")
    for (let i = 0; i < p.devices; i++) {
      const id = `dev${String(i).padStart(4, "0")}`
      const rr = p.radiusM * Math.sqrt(place.random())
      const a = 2 * Math.PI * place.random()
      const pos = { x: rr * Math.cos(a), y: rr * Math.sin(a) }
      const radio = new LoraRadio(medium, { id, position: pos })
      // Mean RSSI at the gateway (EU868 max EIRP 16 dBm − 2.15 dBi, docs/models.md §3.2) → fastest DR with margin.
      const rssi = 16 - 2.15 - medium.propagation.lossDb(id, pos, gw.id, gw.radio.position, 868_100_000)
      let joinDr = 0
      for (let dr = 5; dr >= 0; dr--) {
        if (rssi >= sensitivityDbm("sx1301", 12 - dr, 125_000) + p.marginDb) {
          joinDr = dr
          break
        }
      }
      const devEui = new Uint8Array(8)
      devEui[6] = i >> 8
      devEui[7] = i & 0xff
      const appKey = new Uint8Array(16).map((_, k) => (i * 31 + k * 7) & 0xff)
      ns.registerOtaa(devEui, appEui, appKey)
      const confirmed = place.random() < p.confirmedShare
      const row: Row = { id, distanceM: Math.round(Math.hypot(pos.x, pos.y)), joinDr, mac: undefined as unknown as ClassADevice, sent: 0, ok: 0, delivered: 0, joinedAtS: -1 }
      const period = world.rng(`fleet/${id}/period`)
      const send = {
        onEvent(): void {
          if (row.mac.joined && row.mac.idle) {
            row.sent++
            row.mac.send({ fport: 1, payload: new Uint8Array(p.payload), confirmed, dr: joinDr })
          }
          world.after(Math.max(1, Math.round(period.exponential(minutes(p.periodMin)))), send)
        },
      }
      row.mac = new ClassADevice(world, {
        region: lorawan.EU868,
        radio,
        adr: p.adr,
        dutyCycle: p.dutyCycle,
        listener: {
          onJoined: () => {
            row.joinedAtS = Math.round(world.now / 1000) / 1000
            world.after(Math.round(period.uniform(0, minutes(p.periodMin))), send)
          },
          onUplinkDone: (r: UplinkResult) => {
            if (r.ok) row.ok++
          },
        },
      })
      rows.push(row)
      byEui.set(lorawan.toHex(devEui), row)
      const startAt = Math.round(place.uniform(0, minutes(5)))
      world.schedule(startAt, () => row.mac.joinOtaa({ devEui, appEui, appKey }, joinDr))
    }
    const r3 = (x: number): number => Math.round(x * 1000) / 1000
    return {
      metrics: () => {
        const sent = rows.reduce((a, r) => a + r.sent, 0)
        const delivered = rows.reduce((a, r) => a + r.delivered, 0)
        const joined = rows.filter((r) => r.mac.joined).length
        const retx = rows.reduce((a, r) => a + r.mac.counters.retransmissions, 0)
        const air = rows.reduce((a, r) => a + r.mac.counters.airtimeUs, 0)
        const joules = rows.reduce((a, r) => a + r.mac.radio.energy.joules(world.now), 0)
        const m = medium.counters
        return {
          devices: rows.length,
          joined,
          uplinks_sent: sent,
          uplinks_delivered: delivered,
          delivery_ratio: sent === 0 ? 0 : r3(delivered / sent),
          retransmissions: retx,
          retransmissions_per_device: r3(retx / rows.length),
          airtime_s_per_device: r3(air / 1e6 / rows.length),
          energy_j_per_device: r3(joules / rows.length),
          join_requests: rows.reduce((a, r) => a + r.mac.counters.joinRequests, 0),
          ns_downlinks: ns.counters.downlinks,
          ns_downlinks_missed: ns.counters.downlinksMissed,
          ns_acks: ns.counters.acks,
          lost_interference: m.lost.interference,
          lost_below_sensitivity_at_gw: m.lost["below-sensitivity"],
        }
      },
      devices: () =>
        rows.map((r) => ({
          id: r.id,
          distance_m: r.distanceM,
          join_dr: r.joinDr,
          dr_now: r.mac.session.dr,
          joined: r.mac.joined,
          joined_at_s: r.joinedAtS,
          sent: r.sent,
          delivered: r.delivered,
          delivery_ratio: r.sent === 0 ? 0 : r3(r.delivered / r.sent),
          retransmissions: r.mac.counters.retransmissions,
          airtime_s: r3(r.mac.counters.airtimeUs / 1e6),
          energy_j: r3(r.mac.radio.energy.joules(world.now)),
        })),
    }
  },
})
