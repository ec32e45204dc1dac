import {
  EXT_EC_POINT_FORMATS, EXT_EXTENDED_MASTER_SECRET, EXT_KEY_SHARE, EXT_PSK_KEY_EXCHANGE_MODES, EXT_RENEGOTIATION_INFO, EXT_SERVER_NAME,
  EXT_SIGNATURE_ALGORITHMS, EXT_SUPPORTED_GROUPS, EXT_SUPPORTED_VERSIONS, HS_CERTIFICATE, HS_CERTIFICATE_VERIFY, HS_CLIENT_HELLO,
  HS_CLIENT_KEY_EXCHANGE, HS_ENCRYPTED_EXTENSIONS, HS_FINISHED, HS_SERVER_HELLO, HS_SERVER_HELLO_DONE, HS_SERVER_KEY_EXCHANGE,
  LEGACY_VERSION, TLS13_VERSION, type TlsVersion,
} from "./constants.ts"
import type { Filler } from "./filler.ts"

/**
 * Sizes of the modelled handshake. Field layouts are the RFCs'; list lengths
 * and key sizes are the model's choices, stated here once (see TLS.md):
 * ECDHE on secp256r1 (65-byte uncompressed point, RFC 8422 §5.4 / SEC 1 §2.3.3),
 * an RSA-2048 server key (256-byte signatures), AES-128-GCM with SHA-256.
 */
export const HANDSHAKE_MODEL = {
  /** Cipher suites a TLS 1.2 ClientHello offers (incl. TLS_EMPTY_RENEGOTIATION_INFO_SCSV). */
  clientCipherSuites: 20,
  /** Extra TLS 1.3 suites offered when the client allows 1.3 (RFC 8446 §B.4 lists five; mbedTLS offers three AES/ChaCha). */
  tls13CipherSuites: 3,
  /** Named groups offered: the 8 ECP curves MicroPython's mbedTLS config enables. */
  clientGroups: 8,
  /** Signature algorithms offered (RFC 5246 §7.4.1.4.1 pairs). */
  clientSignatureAlgorithms: 10,
  /** Uncompressed secp256r1 point. */
  ecPointBytes: 65,
  /** RSA-2048 signature. */
  rsaSignatureBytes: 256,
  /** Session ID a TLS 1.2 server assigns (mbedTLS server: 32 bytes); TLS 1.3 compatibility mode echoes the client's 32. */
  sessionIdBytes: 32,
  /** TLS 1.2 Finished verify_data (RFC 5246 §7.4.9). */
  finished12: 12,
  /** TLS 1.3 Finished = Hash.length of SHA-256 (RFC 8446 §4.4.4). */
  finished13: 32,
} as const

/** A little byte writer with TLS's big-endian 8/16/24-bit fields. */
class Writer {
  private readonly parts: number[] = []
  u8(v: number): this {
    this.parts.push(v & 0xff)
    return this
  }
  u16(v: number): this {
    return this.u8(v >> 8).u8(v)
  }
  u24(v: number): this {
    return this.u8(v >> 16).u8(v >> 8).u8(v)
  }
  bytes(b: Uint8Array): this {
    for (const x of b) this.parts.push(x)
    return this
  }
  get length(): number {
    return this.parts.length
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts)
  }
}

/** A handshake message: type (1) + length (3) + body (RFC 5246 §7.4, RFC 8446 §4). */
function message(type: number, body: Uint8Array): Uint8Array {
  return new Writer().u8(type).u24(body.length).bytes(body).done()
}

/** An extension: type (2) + length (2) + data. */
function ext(w: Writer, type: number, data: Uint8Array): void {
  w.u16(type).u16(data.length).bytes(data)
}

/** A vector of `n` 2-byte filler entries behind a 2-byte (or 1-byte) length. */
function list16(fill: Filler, n: number, lenBytes: 1 | 2 = 2): Uint8Array {
  const w = new Writer()
  if (lenBytes === 2) w.u16(2 * n)
  else w.u8(2 * n)
  return w.bytes(fill.bytes(2 * n)).done()
}

/** What a ClientHello offers. */
export interface ClientHelloOptions {
  /** SNI host name (RFC 6066 §3); omitted when undefined. */
  readonly hostname?: string | undefined
  /** Offer TLS 1.3 too (supported_versions, key_share, 32-byte legacy_session_id: RFC 8446 §4.1.2, §4.2.1, §4.2.8, §D.4). */
  readonly offer13: boolean
}

/** ClientHello (RFC 5246 §7.4.1.2; with TLS 1.3 offered, RFC 8446 §4.1.2). */
export function clientHello(fill: Filler, o: ClientHelloOptions): Uint8Array {
  const m = HANDSHAKE_MODEL
  const w = new Writer().u16(LEGACY_VERSION).bytes(fill.bytes(32))
  if (o.offer13) w.u8(m.sessionIdBytes).bytes(fill.bytes(m.sessionIdBytes))
  else w.u8(0)
  w.bytes(list16(fill, m.clientCipherSuites + (o.offer13 ? m.tls13CipherSuites : 0)))
  w.u8(1).u8(0) // compression_methods: null only
  const e = new Writer()
  if (o.hostname !== undefined) {
    const name = new TextEncoder().encode(o.hostname)
    ext(e, EXT_SERVER_NAME, new Writer().u16(name.length + 3).u8(0).u16(name.length).bytes(name).done())
  }
  ext(e, EXT_SUPPORTED_GROUPS, list16(fill, m.clientGroups))
  ext(e, EXT_EC_POINT_FORMATS, new Uint8Array([1, 0]))
  ext(e, EXT_SIGNATURE_ALGORITHMS, list16(fill, m.clientSignatureAlgorithms))
  ext(e, EXT_EXTENDED_MASTER_SECRET, new Uint8Array(0))
  if (o.offer13) {
    ext(e, EXT_SUPPORTED_VERSIONS, new Writer().u8(4).u16(TLS13_VERSION).u16(LEGACY_VERSION).done())
    ext(e, EXT_PSK_KEY_EXCHANGE_MODES, new Uint8Array([1, 1]))
    ext(e, EXT_KEY_SHARE, new Writer().u16(4 + m.ecPointBytes).u16(23).u16(m.ecPointBytes).bytes(fill.bytes(m.ecPointBytes)).done())
  }
  w.u16(e.length).bytes(e.done())
  return message(HS_CLIENT_HELLO, w.done())
}

/** ServerHello (RFC 5246 §7.4.1.3; TLS 1.3 RFC 8446 §4.1.3 with supported_versions and key_share). */
export function serverHello(fill: Filler, version: TlsVersion): Uint8Array {
  const m = HANDSHAKE_MODEL
  const w = new Writer().u16(LEGACY_VERSION).bytes(fill.bytes(32)).u8(m.sessionIdBytes).bytes(fill.bytes(m.sessionIdBytes))
  w.u16(version === "1.3" ? 0x1301 : 0xc02f).u8(0)
  const e = new Writer()
  if (version === "1.3") {
    ext(e, EXT_SUPPORTED_VERSIONS, new Writer().u16(TLS13_VERSION).done())
    ext(e, EXT_KEY_SHARE, new Writer().u16(23).u16(m.ecPointBytes).bytes(fill.bytes(m.ecPointBytes)).done())
  } else {
    ext(e, EXT_RENEGOTIATION_INFO, new Uint8Array([0]))
    ext(e, EXT_EC_POINT_FORMATS, new Uint8Array([1, 0]))
    ext(e, EXT_EXTENDED_MASTER_SECRET, new Uint8Array(0))
  }
  w.u16(e.length).bytes(e.done())
  return message(HS_SERVER_HELLO, w.done())
}

/** A stand-in DER certificate of `n` bytes: a SEQUENCE header (X.690 §8.1.3 long form) then filler. */
export function fakeCertificate(fill: Filler, n: number): Uint8Array {
  const c = fill.bytes(n)
  if (n >= 4) {
    const inner = n - 4
    c.set([0x30, 0x82, (inner >> 8) & 0xff, inner & 0xff], 0)
  }
  return c
}

/** Certificate (RFC 5246 §7.4.2: certificate_list of 3-byte-length entries; RFC 8446 §4.4.2 adds a context byte and 2-byte extensions per entry). */
export function certificate(version: TlsVersion, chain: readonly Uint8Array[]): Uint8Array {
  const list = new Writer()
  for (const c of chain) {
    list.u24(c.length).bytes(c)
    if (version === "1.3") list.u16(0)
  }
  const w = new Writer()
  if (version === "1.3") w.u8(0)
  w.u24(list.length).bytes(list.done())
  return message(HS_CERTIFICATE, w.done())
}

/** ServerKeyExchange for ECDHE_RSA (RFC 8422 §5.4: curve_type, named_curve, point; RFC 5246 §7.4.1.4.1 signature pair + signature). */
export function serverKeyExchange(fill: Filler): Uint8Array {
  const m = HANDSHAKE_MODEL
  const w = new Writer().u8(3).u16(23).u8(m.ecPointBytes).bytes(fill.bytes(m.ecPointBytes))
  w.u16(0x0401).u16(m.rsaSignatureBytes).bytes(fill.bytes(m.rsaSignatureBytes))
  return message(HS_SERVER_KEY_EXCHANGE, w.done())
}

/** ServerHelloDone (RFC 5246 §7.4.5): empty body. */
export function serverHelloDone(): Uint8Array {
  return message(HS_SERVER_HELLO_DONE, new Uint8Array(0))
}

/** ClientKeyExchange with the client's ECDH point (RFC 8422 §5.7). */
export function clientKeyExchange(fill: Filler): Uint8Array {
  const m = HANDSHAKE_MODEL
  return message(HS_CLIENT_KEY_EXCHANGE, new Writer().u8(m.ecPointBytes).bytes(fill.bytes(m.ecPointBytes)).done())
}

/** Finished: 12 bytes verify_data in TLS 1.2 (RFC 5246 §7.4.9), Hash.length 32 in TLS 1.3 (RFC 8446 §4.4.4). */
export function finished(fill: Filler, version: TlsVersion): Uint8Array {
  return message(HS_FINISHED, fill.bytes(version === "1.2" ? HANDSHAKE_MODEL.finished12 : HANDSHAKE_MODEL.finished13))
}

/** EncryptedExtensions with an empty list (RFC 8446 §4.3.1). */
export function encryptedExtensions(): Uint8Array {
  return message(HS_ENCRYPTED_EXTENSIONS, new Uint8Array([0, 0]))
}

/** CertificateVerify: scheme (rsa_pss_rsae_sha256) + 2-byte length + RSA-2048 signature (RFC 8446 §4.4.3). */
export function certificateVerify(fill: Filler): Uint8Array {
  const n = HANDSHAKE_MODEL.rsaSignatureBytes
  return message(HS_CERTIFICATE_VERIFY, new Writer().u16(0x0804).u16(n).bytes(fill.bytes(n)).done())
}

// ---- parsing ---------------------------------------------------------------

/** One parsed handshake message. */
export interface HandshakeMessage {
  readonly type: number
  readonly body: Uint8Array
}

/** Reassembles handshake messages that records may split or carry several of (RFC 5246 §6.2.1). */
export class HandshakeAssembler {
  private buf = new Uint8Array(0)

  push(fragment: Uint8Array): void {
    const b = new Uint8Array(this.buf.length + fragment.length)
    b.set(this.buf)
    b.set(fragment, this.buf.length)
    this.buf = b
  }

  /** The next complete message, if any. */
  next(): HandshakeMessage | undefined {
    if (this.buf.length < 4) return undefined
    const len = ((this.buf[1] as number) << 16) | ((this.buf[2] as number) << 8) | (this.buf[3] as number)
    if (this.buf.length < 4 + len) return undefined
    const msg = { type: this.buf[0] as number, body: this.buf.slice(4, 4 + len) }
    this.buf = this.buf.slice(4 + len)
    return msg
  }
}

const u16at = (b: Uint8Array, i: number): number => ((b[i] as number) << 8) | (b[i + 1] as number)

/** Walks a hello's extension block starting at `i`; calls `f(type, data)` for each. */
function walkExtensions(b: Uint8Array, i: number, f: (type: number, data: Uint8Array) => void): void {
  if (i + 2 > b.length) return
  const end = i + 2 + u16at(b, i)
  i += 2
  while (i + 4 <= end) {
    const t = u16at(b, i)
    const n = u16at(b, i + 2)
    f(t, b.subarray(i + 4, i + 4 + n))
    i += 4 + n
  }
}

/** Does a ClientHello body offer TLS 1.3 (supported_versions lists 0x0304)? */
export function offersTls13(ch: Uint8Array): boolean {
  let i = 2 + 32
  i += 1 + (ch[i] as number)
  i += 2 + u16at(ch, i)
  i += 1 + (ch[i] as number)
  let yes = false
  walkExtensions(ch, i, (t, d) => {
    if (t !== EXT_SUPPORTED_VERSIONS) return
    for (let k = 1; k + 1 < d.length; k += 2) if (u16at(d, k) === TLS13_VERSION) yes = true
  })
  return yes
}

/** The SNI host name of a ClientHello body, if any. */
export function serverNameOf(ch: Uint8Array): string | undefined {
  let i = 2 + 32
  i += 1 + (ch[i] as number)
  i += 2 + u16at(ch, i)
  i += 1 + (ch[i] as number)
  let name: string | undefined
  walkExtensions(ch, i, (t, d) => {
    if (t === EXT_SERVER_NAME && d.length >= 5) name = new TextDecoder().decode(d.subarray(5, 5 + u16at(d, 3)))
  })
  return name
}

/** The version a ServerHello body selects: 1.3 when its supported_versions says 0x0304 (RFC 8446 §4.2.1), else 1.2. */
export function selectedVersion(sh: Uint8Array): TlsVersion {
  let i = 2 + 32
  i += 1 + (sh[i] as number)
  i += 3
  let v: TlsVersion = "1.2"
  walkExtensions(sh, i, (t, d) => {
    if (t === EXT_SUPPORTED_VERSIONS && d.length === 2 && u16at(d, 0) === TLS13_VERSION) v = "1.3"
  })
  return v
}

/** The first (leaf) certificate of a Certificate body. */
export function leafCertificate(version: TlsVersion, body: Uint8Array): Uint8Array | undefined {
  const i = (version === "1.3" ? 1 : 0) + 3
  if (i + 3 > body.length) return undefined
  const n = ((body[i] as number) << 16) | ((body[i + 1] as number) << 8) | (body[i + 2] as number)
  return body.slice(i + 3, i + 3 + n)
}
