import { errnoName, type ErrnoName, type ErrnoTable } from "./errno.ts"

/**
 * MicroPython's `OSError`: `args` as given, and `errno` = `args[0]` (MicroPython's
 * OSError.errno reads args[0], so for `OSError("timed out")` it is that string).
 * Construct with {@link oserror} to get the profile's number for a name.
 */
export class OSError extends Error {
  readonly args: readonly unknown[]
  /** The errno name when raised from a table, for readable traces. */
  readonly code: ErrnoName | undefined

  constructor(...args: unknown[]) {
    super(formatOsError(args))
    this.name = "OSError"
    this.args = args
    this.code = undefined
  }

  /** `args[0]`, as MicroPython's `errno` attribute. */
  get errno(): unknown {
    return this.args[0]
  }
}

function formatOsError(args: readonly unknown[]): string {
  if (args.length === 0) return ""
  if (typeof args[0] === "number" && args.length === 1) return `[Errno ${args[0]}]`
  return args.map(String).join(", ")
}

/** An OSError raised with a numeric errno from a profile's table; prints as MicroPython does: `[Errno 11] EAGAIN`. */
export class ErrnoError extends OSError {
  override readonly code: ErrnoName

  constructor(table: ErrnoTable, code: ErrnoName) {
    super(table[code])
    this.code = code
    this.message = `[Errno ${table[code]}] ${errnoName(table, table[code]) ?? code}`
  }
}

/** Raises-style helper: `throw oserror(profile.errno, "EAGAIN")`. */
export function oserror(table: ErrnoTable, code: ErrnoName): ErrnoError {
  return new ErrnoError(table, code)
}

/**
 * MicroPython's `TimeoutError` (a subclass of OSError). Pycom raises it with the
 * message "timed out" (`mp_raise_msg(&mp_type_TimeoutError, "timed out")`,
 * docs/models.md §1.3/§5); so `args` is `["timed out"]`.
 */
export class TimeoutError extends OSError {
  constructor(message = "timed out") {
    super(message)
    this.name = "TimeoutError"
  }
}

/** MicroPython's `ValueError` (bad argument value); the message is the firmware's text. */
export class ValueError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "ValueError"
  }
}

/** MicroPython's `TypeError` (wrong argument type). Named PyTypeError here so as not to shadow JS's own. */
export class PyTypeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "TypeError"
  }
}
