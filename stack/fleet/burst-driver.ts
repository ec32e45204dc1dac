import type { Rng, Simulation } from "../../sim/index.ts"
import type { FleetGroup } from "./group.ts"
import { burstSenders, nextBurstDelayUs, type Bursts } from "./traffic.ts"

/**
 * Drives a group's shared burst events (traffic.ts `Bursts`): at exponential
 * intervals an event makes each device, with probability `share`, send one
 * extra message within `spreadS`. One kernel event per burst event plus one
 * per chosen device; draws from the group's stream `fleet/<group>/bursts`.
 */
export class BurstDriver {
  private eventIndex = 0
  private readonly send = { onEvent: (i: number): void => this.group.extraMessage(i) }
  /** Burst events so far. */
  get events(): number {
    return this.eventIndex
  }

  constructor(
    readonly world: Simulation,
    readonly group: FleetGroup,
    readonly bursts: Bursts,
    private readonly rng: Rng,
  ) {
    world.schedule(world.now + nextBurstDelayUs(bursts, rng), this)
  }

  /** @internal Kernel event: a shared burst event happens. */
  onEvent(): void {
    const w = this.world
    const s = burstSenders(this.bursts, this.group.count, this.rng, this.eventIndex++)
    w.log(this.group.spec.name, "fleet.burst", { event: this.eventIndex - 1, senders: s.device.length })
    for (let k = 0; k < s.device.length; k++) w.schedule(w.now + s.delayUs[k]!, this.send, s.device[k]!)
    w.schedule(w.now + nextBurstDelayUs(this.bursts, this.rng), this)
  }
}
