import { ErrnoError, OSError, PyTypeError, TimeoutError, ValueError } from "../errors/errors.ts"

/**
 * The values that cross between a Python device and the simulator, as JSON.
 * Python → simulator: JSON with tags for what JSON lacks — `{"$b": hex}`
 * bytes-like, `{"$f": x}` a float (so `5.0` stays a float: `"inf"`, `"-inf"`,
 * `"nan"` as strings), `{"$i": "digits"}` an int beyond 2^53, `{"$o": type}`
 * an object the simulator cannot use (its type name, for TypeError texts),
 * `{"$h": n}` an object of ours that holds simulator handle n.
 * Simulator → Python: plain JSON with `{"$b": hex}` for bytes.
 */
export type Wire = null | boolean | number | string | Wire[] | { readonly [k: string]: Wire }

/** A Python object the simulator cannot represent; TS code sees it to raise TypeError with its type name. */
export class PyObject {
  constructor(
    readonly typeName: string,
    readonly handle: number | undefined,
  ) {}
}

/** A float that arrived from Python; unwrapped to a number by {@link fromWire} unless asked to keep it. */
export class PyFloat {
  constructor(readonly value: number) {}
}

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, "hex"))
}

function floatOf(v: Wire): number {
  if (v === "inf") return Infinity
  if (v === "-inf") return -Infinity
  if (v === "nan") return NaN
  return v as number
}

/** Decodes one argument from Python. Floats become numbers (see {@link fromWireKeepFloats} to tell them apart). */
export function fromWire(v: Wire): unknown {
  if (v === null || typeof v !== "object") return v
  if (Array.isArray(v)) return v.map(fromWire)
  const o = v as Record<string, Wire>
  if ("$b" in o) return hexToBytes(o.$b as string)
  if ("$f" in o) return floatOf(o.$f!)
  if ("$i" in o) return Number(o.$i)
  if ("$o" in o) return new PyObject(o.$o as string, typeof o.$h === "number" ? o.$h : undefined)
  if ("$h" in o) return new PyObject("handle", o.$h as number)
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(o)) out[k] = fromWire(x)
  return out
}

/** As {@link fromWire}, but a float is a {@link PyFloat}, for the few calls whose behaviour depends on it. */
export function fromWireKeepFloats(v: Wire): unknown {
  if (v !== null && typeof v === "object" && !Array.isArray(v) && "$f" in v) return new PyFloat(floatOf((v as Record<string, Wire>).$f!))
  return fromWire(v)
}

/** Encodes a result for Python: bytes as `{"$b": hex}`, arrays element-wise, plain objects key-wise. */
export function toWire(v: unknown): Wire {
  if (v === undefined || v === null) return null
  if (typeof v === "number") return Number.isFinite(v) ? v : v > 0 ? { $f: "inf" } : v < 0 ? { $f: "-inf" } : { $f: "nan" }
  if (typeof v === "string" || typeof v === "boolean") return v
  if (typeof v === "bigint") return { $i: v.toString() }
  if (v instanceof Uint8Array) return { $b: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex") }
  if (Array.isArray(v)) return v.map(toWire)
  if (typeof v === "object") {
    const out: Record<string, Wire> = {}
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toWire(x)
    return out
  }
  return String(v)
}

/**
 * The exception a Python shim raises for a simulator error: `[type, ...args]`
 * (an errno `OSError` is `["OSError", n]`; the shim names n from the device's table).
 */
export function errorToWire(error: unknown): Wire[] {
  if (error instanceof TimeoutError) return ["TimeoutError", ...(error.args.map(toWire))]
  if (error instanceof ErrnoError) return ["OSError", error.errno as number]
  if (error instanceof OSError) return ["OSError", ...error.args.map(toWire)]
  if (error instanceof ValueError) return ["ValueError", error.message]
  if (error instanceof PyTypeError) return ["TypeError", error.message]
  if (error instanceof PythonRaise) return [error.pyType, ...error.pyArgs.map(toWire)]
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return ["RuntimeError", `fieldnet internal error: ${text}`]
}

/** An exception of any Python type, raised by an op (`NotImplementedError`, `KeyError`, `ImportError`, …). */
export class PythonRaise extends Error {
  readonly pyArgs: readonly unknown[]
  constructor(
    readonly pyType: string,
    ...args: unknown[]
  ) {
    super(`${pyType}: ${args.map(String).join(", ")}`)
    this.name = "PythonRaise"
    this.pyArgs = args
  }
}
