/**
 * fieldnet kernel: integer-µs time, the event queue, named random streams,
 * generator processes, signals and stores, metrics and the trace. It knows
 * nothing of radios or protocols.
 */
export { DAY, HOUR, MINUTE, MS, SECOND, US, days, formatDuration, hours, minutes, ms, parseDuration, s, type Micros } from "./time.ts"
export { EventQueue, type EventHandler, type EventId, type EventTarget } from "./event-queue.ts"
export { Rng, rng } from "./rng.ts"
export { RngBank, firstNormalOf } from "./rng-bank.ts"
export { Interrupt, Park, Process, SleepCommand, TIMED_OUT, type Command, type ProcessBody, type ProcessState, type TimedOut } from "./process.ts"
export { join, park, sleep } from "./blocking.ts"
export { Signal, waitUntil } from "./signal.ts"
export { Store } from "./store.ts"
export { Metrics, Sample, type MetricValue, type SampleSummary } from "./metrics.ts"
export { Trace, type TraceFields, type TraceOptions, type TraceSink } from "./trace.ts"
export {
  KERNEL_NODE,
  Simulation,
  type ProcessErrorPolicy,
  type ProcessFailure,
  type RunOptions,
  type RunOutcome,
  type SimulationOptions,
  type StopReason,
  type Watchdog,
} from "./simulation.ts"
