import { createHash, type Hash } from "node:crypto"
import { closeSync, openSync, writeSync } from "node:fs"
import pino, { type Logger } from "pino"
import type { Micros } from "./time.ts"

/** Where trace lines go: a file (NDJSON), memory (for tests), or nowhere (digest only). */
export type TraceSink = { readonly kind: "file"; readonly path: string } | { readonly kind: "memory" } | { readonly kind: "none" }

/** Options of a run's trace. */
export interface TraceOptions {
  /** Where lines go; default `none` (lines are still hashed into the digest). */
  readonly sink?: TraceSink
  /** False turns tracing off entirely: no line is formatted and the digest is that of an empty trace. */
  readonly enabled?: boolean
}

/** Extra fields of a trace line; values must be JSON-serialisable. */
export type TraceFields = Readonly<Record<string, unknown>>

const FLUSH_BYTES = 1 << 16

/**
 * The run's trace: one JSON line per observable event, `{"t":µs,"node":…,"kind":…,…fields}`,
 * written through pino with no pid, hostname, level or wall-clock fields. Every line is
 * fed, in order, to a SHA-256 whose hex digest identifies the run: the canonical trace
 * is exactly the NDJSON bytes emitted. Lines are buffered in 64 KiB chunks and written
 * synchronously, so `flush()` leaves the file complete up to the last event.
 */
export class Trace {
  /** Whether lines are produced at all; callers on hot paths test this first. */
  readonly enabled: boolean
  /** Lines kept by a memory sink (without their newline). */
  readonly lines: string[] = []
  private readonly hash: Hash = createHash("sha256")
  private readonly logger: Logger
  private readonly sink: TraceSink
  private fd = -1
  private pending: string[] = []
  private pendingBytes = 0
  private lineCount = 0
  private finalDigest: string | undefined

  constructor(options: TraceOptions = {}) {
    this.enabled = options.enabled ?? true
    this.sink = options.sink ?? { kind: "none" }
    if (this.sink.kind === "file") this.fd = openSync(this.sink.path, "w")
    const destination = { write: (line: string) => this.accept(line) }
    this.logger = pino(
      // pino's level formatter returning {} leaves a stray comma ("{,"), fixed up in accept().
      { base: null, timestamp: false, formatters: { level: () => ({}) } },
      destination as unknown as pino.DestinationStream,
    )
  }

  /** Number of lines emitted so far. */
  get count(): number {
    return this.lineCount
  }

  /** Emits one line. `fields` must not use the keys `t`, `node` or `kind`. */
  emit(t: Micros, node: string, kind: string, fields?: TraceFields): void {
    if (!this.enabled) return
    this.logger.info(fields === undefined ? { t, node, kind } : { t, node, kind, ...fields })
  }

  private accept(raw: string): void {
    const line = raw.charCodeAt(1) === 44 /* , */ ? "{" + raw.slice(2) : raw
    this.lineCount++
    if (this.sink.kind === "memory") this.lines.push(line.slice(0, -1))
    this.pending.push(line)
    this.pendingBytes += line.length
    if (this.pendingBytes >= FLUSH_BYTES) this.flush()
  }

  /** Hashes and writes out everything buffered so far. */
  flush(): void {
    if (this.pending.length === 0) return
    const chunk = this.pending.join("")
    this.pending = []
    this.pendingBytes = 0
    this.hash.update(chunk)
    if (this.fd >= 0) writeSync(this.fd, chunk)
  }

  /** SHA-256 (hex) of the trace so far; after `close()` the final digest. */
  digest(): string {
    if (this.finalDigest !== undefined) return this.finalDigest
    this.flush()
    return this.hash.copy().digest("hex")
  }

  /** Flushes, closes the file and fixes the digest. Safe to call twice. */
  close(): string {
    if (this.finalDigest !== undefined) return this.finalDigest
    this.flush()
    this.finalDigest = this.hash.digest("hex")
    if (this.fd >= 0) {
      closeSync(this.fd)
      this.fd = -1
    }
    return this.finalDigest
  }
}
