/**
 * ping-pong: two nodes exchange numbered messages over a delay channel with a
 * fixed latency, seeded uniform jitter and independent loss. The pinger sends
 * one message per interval and waits for the echo up to a timeout; the metrics
 * are the round-trip time (mean, p99) and the losses.
 *
 *   npx fieldnet run scenarios/ping-pong.ts --seed 3 --json
 */
import { defineScenario, ms, param, Schema, sleep, Store, TIMED_OUT, type Micros, type Simulation } from "fieldnet"

interface Message {
  readonly seq: number
  readonly sentAt: Micros
}

/** A one-way channel: each message arrives after latency + U(0, jitter), or is lost with probability `loss`. */
function delayChannel(world: Simulation, name: string, to: Store<Message>, latency: Micros, jitter: Micros, loss: number) {
  const r = world.rng(`channel/${name}`)
  return (from: string, msg: Message): void => {
    if (r.chance(loss)) {
      world.log(from, "msg.lost", { channel: name, seq: msg.seq })
      return
    }
    const delay = latency + Math.round(r.uniform(0, jitter))
    world.log(from, "msg.send", { channel: name, seq: msg.seq, delay })
    world.after(delay, () => {
      world.log(name, "msg.deliver", { seq: msg.seq })
      to.put(msg)
    })
  }
}

export default defineScenario({
  name: "ping-pong",
  description: "two nodes exchanging messages over a delay channel with seeded jitter and loss",
  until: "10min",
  params: {
    rounds: param(Schema.Int.check(Schema.isGreaterThan(0)), 1000, "messages the pinger sends"),
    intervalMs: param(Schema.Number.check(Schema.isGreaterThan(0)), 200, "time between sends (ms)"),
    latencyMs: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 20, "one-way fixed latency (ms)"),
    jitterMs: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 10, "one-way jitter, uniform in [0, jitter] (ms)"),
    loss: param(Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1 })), 0.05, "probability that a one-way message is lost"),
    timeoutMs: param(Schema.Number.check(Schema.isGreaterThan(0)), 150, "how long the pinger waits for the echo (ms)"),
  },
  build(world, p) {
    const toPong = new Store<Message>()
    const toPing = new Store<Message>()
    const forward = delayChannel(world, "ping->pong", toPong, ms(p.latencyMs), ms(p.jitterMs), p.loss)
    const back = delayChannel(world, "pong->ping", toPing, ms(p.latencyMs), ms(p.jitterMs), p.loss)
    for (const counter of ["sent", "received", "lost", "late"]) world.metrics.inc(counter, 0)
    const rtt = world.metrics.sample("rtt_ms")
    const rttOverTime: [number, number][] = []
    let echoed = 0

    world.spawn(
      function* () {
        for (;;) {
          const msg = yield* toPong.get()
          if (msg === TIMED_OUT) continue
          echoed++
          back("pong", msg)
        }
      },
      { node: "pong", name: "echo" },
    )

    world.spawn(
      function* () {
        for (let seq = 0; seq < p.rounds; seq++) {
          const start = world.now
          world.metrics.inc("sent")
          forward("ping", { seq, sentAt: start })
          // Wait for this round's echo; late echoes of earlier rounds are discarded.
          for (;;) {
            const left = start + ms(p.timeoutMs) - world.now
            const reply = left > 0 ? yield* toPing.get(left) : TIMED_OUT
            if (reply === TIMED_OUT) {
              world.metrics.inc("lost")
              world.log("ping", "timeout", { seq })
              break
            }
            if (reply.seq === seq) {
              world.metrics.inc("received")
              rtt.add((world.now - reply.sentAt) / 1000)
              rttOverTime.push([world.now / 1e6, (world.now - reply.sentAt) / 1000])
              break
            }
            world.metrics.inc("late")
          }
          const wait = start + ms(p.intervalMs) - world.now
          if (wait > 0) yield* sleep(wait)
        }
        world.log("ping", "done", { rounds: p.rounds })
      },
      { node: "ping", name: "pinger" },
    )

    const lossRatio = () => {
      const sent = world.metrics.count("sent")
      return sent === 0 ? 0 : world.metrics.count("lost") / sent
    }
    return {
      metrics: () => ({ loss_ratio: lossRatio() }),
      devices: () => [
        { node: "ping", role: "client", sent: world.metrics.count("sent"), received: world.metrics.count("received"), lost: world.metrics.count("lost") },
        { node: "pong", role: "echo", sent: echoed, received: echoed, lost: 0 },
      ],
      charts: () => [
        { kind: "cdf", id: "rtt-cdf", title: "Round-trip time", xLabel: "RTT (ms)", series: [{ name: "rtt", values: rttOverTime.map((p) => p[1]) }] },
        { kind: "line", id: "rtt-time", title: "Round-trip time over the run", xLabel: "sim time (s)", yLabel: "RTT (ms)", series: [{ name: "rtt", points: rttOverTime }] },
      ],
    }
  },
})
