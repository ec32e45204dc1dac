/**
 * The HTTP/1.1 messages of the simulated internet's web server (RFC 9112
 * message syntax, RFC 9110 semantics), as pure functions over bytes: parse a
 * request head, build the response. No `Date` header (it would tie the trace
 * to the wall clock); everything else a small real server sends is there.
 */

/** A request head, as far as the server needs it. */
export interface HttpRequest {
  readonly method: string
  readonly target: string
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  readonly minor: number
  /** Header names lower-cased; repeated headers joined with ", " (RFC 9110 §5.3). */
  readonly headers: ReadonlyMap<string, string>
}

/** What parsing a head gave: a request, or the status of the error answer. */
export type HttpParse = { readonly ok: true; readonly request: HttpRequest } | { readonly ok: false; readonly status: 400 }

/** Largest request head read (bytes, CRLFCRLF included); longer → 400. Apache's LimitRequestLine is 8190, nginx's header buffers 8 KiB. */
export const MAX_HEAD_BYTES = 8192

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+"
const REQUEST_LINE = new RegExp(`^(${TOKEN}) (\\S+) HTTP/1\\.([01])$`)
const HEADER_LINE = new RegExp(`^(${TOKEN}):[ \\t]*(.*?)[ \\t]*$`)

/** The reason phrases of the statuses the server sends. */
const REASONS: Readonly<Record<number, string>> = { 200: "OK", 400: "Bad Request", 405: "Method Not Allowed", 501: "Not Implemented" }

/** Bytes → text, one char per byte (ISO-8859-1, as RFC 9112 §2.2 allows for parsing). */
export function latin1(bytes: Uint8Array): string {
  let out = ""
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i] as number)
  return out
}

/** Index just past the first CRLFCRLF in `buf`, or -1. */
export function headEnd(buf: Uint8Array): number {
  for (let i = 3; i < buf.length; i++) if (buf[i] === 10 && buf[i - 1] === 13 && buf[i - 2] === 10 && buf[i - 3] === 13) return i + 1
  return -1
}

/**
 * Parses a request head (without the final empty line). Leading empty lines
 * are skipped (RFC 9112 §2.2); a malformed request line or header line, an
 * obsolete folded line, or an HTTP/1.1 request without `Host` (RFC 9112 §3.2)
 * is a 400.
 */
export function parseRequest(head: string): HttpParse {
  const lines = head.replace(/^(?:\r\n)+/, "").split("\r\n")
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop()
  const m = REQUEST_LINE.exec(lines[0] ?? "")
  if (m === null) return { ok: false, status: 400 }
  const headers = new Map<string, string>()
  for (const line of lines.slice(1)) {
    const h = HEADER_LINE.exec(line)
    if (h === null) return { ok: false, status: 400 }
    const name = (h[1] as string).toLowerCase()
    const prev = headers.get(name)
    headers.set(name, prev === undefined ? (h[2] as string) : `${prev}, ${h[2] as string}`)
  }
  const minor = Number(m[3])
  if (minor === 1 && !headers.has("host")) return { ok: false, status: 400 }
  return { ok: true, request: { method: m[1] as string, target: m[2] as string, minor, headers } }
}

/** Does the connection stay open after answering? HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive` (RFC 9112 §9.3). */
export function keepsAlive(req: HttpRequest): boolean {
  const tokens = (req.headers.get("connection") ?? "").toLowerCase().split(",").map((t) => t.trim())
  if (tokens.includes("close")) return false
  return req.minor === 1 || tokens.includes("keep-alive")
}

/** The body length a request announces: 0 without `Content-Length`, undefined when it is not a plain decimal. */
export function contentLength(req: HttpRequest): number | undefined {
  const v = req.headers.get("content-length")
  if (v === undefined) return 0
  return /^\d{1,15}$/.test(v) ? Number(v) : undefined
}

const escapeHtml = (t: string): string => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** The page every GET answers: `<html><body><h1>fieldnet</h1><p>Simulated internet host HOSTNAME</p></body></html>` (no trailing newline). */
export function internetPage(hostname: string): string {
  return `<html><body><h1>fieldnet</h1><p>Simulated internet host ${escapeHtml(hostname)}</p></body></html>`
}

/** The page of an error status: `<html><body><h1>400 Bad Request</h1></body></html>`. */
export function errorPage(status: number): string {
  return `<html><body><h1>${status} ${REASONS[status] ?? ""}</h1></body></html>`
}

/**
 * A response: status line, `Server: fieldnet`, `Content-Type: text/html`,
 * `Content-Length`, `Connection: keep-alive | close`, (`Allow` for 405), an
 * empty line, then the body unless `headOnly`.
 */
export function httpResponse(status: number, body: string, keepAlive: boolean, headOnly = false): Uint8Array {
  const bodyBytes = new TextEncoder().encode(body)
  const head =
    `HTTP/1.1 ${status} ${REASONS[status] ?? ""}\r\n` +
    "Server: fieldnet\r\n" +
    "Content-Type: text/html\r\n" +
    `Content-Length: ${bodyBytes.length}\r\n` +
    `Connection: ${keepAlive ? "keep-alive" : "close"}\r\n` +
    (status === 405 ? "Allow: GET, HEAD\r\n" : "") +
    "\r\n"
  const headBytes = new TextEncoder().encode(head)
  if (headOnly) return headBytes
  const out = new Uint8Array(headBytes.length + bodyBytes.length)
  out.set(headBytes)
  out.set(bodyBytes, headBytes.length)
  return out
}

/** What the server answers to a parsed request: GET/HEAD → 200 with the page; a body framed by Transfer-Encoding → 501; another method → 405 (both then close). */
export function answer(req: HttpRequest, hostname: string): { readonly bytes: Uint8Array; readonly close: boolean } {
  if (req.headers.has("transfer-encoding")) return { bytes: httpResponse(501, errorPage(501), false), close: true }
  if (req.method !== "GET" && req.method !== "HEAD") return { bytes: httpResponse(405, errorPage(405), false), close: true }
  const keep = keepsAlive(req)
  return { bytes: httpResponse(200, internetPage(hostname), keep, req.method === "HEAD"), close: !keep }
}
