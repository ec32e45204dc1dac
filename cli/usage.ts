/** The CLI's usage text. */
export const USAGE = `usage:
  fieldnet run <scenario.ts> [--seed N] [--until 1h] [--set key=value]… [--trace [FILE]]
                             [--out DIR] [--json] [--quiet] [--check-determinism] [--save-replay FILE]
                             [--max-events N] [--max-wall-seconds S] [--keep-going]
  fieldnet run <main.py | folder> [--board lopy4|sipy|fipy|wipy|quectel|rt-thread|k230|micropython]
                             [--world scenario.ts] [--python-guard-seconds S]
                             and every option of a scenario run
  fieldnet replay <replay.json> [--until T] [--node NAME]… [--at T] [--window D] [--trace FILE] [--json]
  fieldnet trace <trace.ndjson> [--node NAME]… [--kind KIND]… [--from T] [--to T] [--pretty]
  fieldnet diff <a.ndjson> <b.ndjson>
  fieldnet sweep <scenario.ts> [--set key=v1,v2,…]… [--seeds 1..5] [--jobs N] [--until T] [--out DIR] [--json]
  fieldnet help

Durations: 90s, 250ms, 10min, 1h30m, 2d, or an integer of µs. NAME and KIND accept a
trailing * as a prefix wildcard (dev/*).
exit codes: 0 ok, 1 the run failed / traces differ / replay diverged, 2 bad input`

/** A usage error: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

/** Parses a non-negative integer option or throws a UsageError naming it. */
export function intOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} ${text}: expected a non-negative integer`)
  return Number(text)
}
