import { formatIPv4, parseIPv4 } from "../ip/address.ts"
import { PyTypeError, ValueError } from "../errors/errors.ts"

/** A socket address as scripts pass it: `(ip, port)`. */
export type SockAddr = readonly [string, number]

/** A parsed socket address. */
export interface Endpoint {
  readonly ip: number
  readonly port: number
}

const encoder = new TextEncoder()

function typeName(v: unknown): string {
  if (v === null || v === undefined) return "NoneType"
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float"
  if (typeof v === "string") return "str"
  if (typeof v === "boolean") return "bool"
  if (v instanceof Uint8Array) return "bytes"
  if (Array.isArray(v)) return "tuple"
  return "object"
}

/**
 * Parses an `(ip, port)` tuple the way MicroPython's netutils does:
 * not a tuple/list → TypeError; wrong length → ValueError; ip not a dotted
 * quad → ValueError (domain names must go through getaddrinfo); port not an
 * int → TypeError; "" means any address (QuecPython `bind(("", 0))`).
 * A port outside 0..65535 → ValueError (fieldnet's choice; lwIP would truncate it).
 */
export function parseSockAddr(addr: unknown): Endpoint {
  if (!Array.isArray(addr)) throw new PyTypeError(`object '${typeName(addr)}' isn't a tuple or list`)
  if (addr.length !== 2) throw new ValueError(`requested length 2 but object has length ${addr.length}`)
  const [host, port] = addr as unknown[]
  if (typeof host !== "string") throw new PyTypeError(`can't convert ${typeName(host)} to str`)
  if (typeof port !== "number" || !Number.isInteger(port)) throw new PyTypeError(`can't convert ${typeName(port)} to int`)
  const ip = host === "" ? 0 : parseIPv4(host)
  if (ip === undefined) throw new ValueError("invalid arguments")
  if (port < 0 || port > 65535) throw new ValueError("port out of range")
  return { ip, port }
}

/** The tuple form of an endpoint. */
export function sockAddr(e: Endpoint): SockAddr {
  return [formatIPv4(e.ip), e.port]
}

/** A bytes-like argument: Uint8Array as is, str as UTF-8 (MicroPython str has the buffer protocol); else TypeError. */
export function toBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v
  if (typeof v === "string") return encoder.encode(v)
  throw new PyTypeError("object with buffer protocol required")
}

/** An int argument; else TypeError. */
export function toInt(v: unknown): number {
  if (typeof v === "boolean") return v ? 1 : 0
  if (typeof v !== "number" || !Number.isInteger(v)) throw new PyTypeError(`can't convert ${typeName(v)} to int`)
  return v
}
