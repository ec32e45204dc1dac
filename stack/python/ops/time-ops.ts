import { sleep, type ProcessBody } from "../../../sim/index.ts"
import { CLOCK_COST_US, registerOps, type OpContext } from "../ops.ts"

/** MicroPython's ticks wrap at 2^30 on 32-bit ports (MICROPY_PY_TIME_TICKS_PERIOD). */
const TICKS_MASK = (1 << 30) - 1

function* sleepUs(us: number): ProcessBody<null> {
  yield sleep(us)
  return null
}

/** µs since the board's epoch on its RTC (sim time plus the RTC's offset). */
export function rtcMicros(c: OpContext): number {
  return c.world.now + c.device.rtcOffsetUs
}

registerOps({
  "time.sleep_us": (_c, [us]) => sleepUs(Math.max(0, Math.round(Number(us)))),
})

registerOps(
  {
    "time.ticks_ms": (c) => Math.floor(c.world.now / 1000) & TICKS_MASK,
    "time.ticks_us": (c) => c.world.now & TICKS_MASK,
    /** ESP32's ticks_cpu counts CPU cycles; fieldnet gives µs (documented). */
    "time.ticks_cpu": (c) => c.world.now & TICKS_MASK,
    "time.time": (c) => Math.floor(rtcMicros(c) / 1_000_000),
    "time.time_ns": (c) => BigInt(rtcMicros(c)) * 1000n,
  },
  CLOCK_COST_US,
)
