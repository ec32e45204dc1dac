import { AEAD_TAG, CT_APPLICATION_DATA, GCM_EXPLICIT_NONCE, LEGACY_VERSION, RECORD_HEADER, type TlsVersion } from "./constants.ts"
import type { Filler } from "./filler.ts"

/** One TLS record as it travels: outer content type, legacy version, fragment (RFC 5246 §6.2.1, RFC 8446 §5.1). */
export interface TlsRecord {
  readonly type: number
  readonly version: number
  readonly body: Uint8Array
}

/** Frames a fragment: 5-byte header (type, version, length) + body. */
export function encodeRecord(type: number, body: Uint8Array, version = LEGACY_VERSION): Uint8Array {
  const out = new Uint8Array(RECORD_HEADER + body.length)
  out[0] = type
  out[1] = version >> 8
  out[2] = version & 0xff
  out[3] = body.length >> 8
  out[4] = body.length & 0xff
  out.set(body, RECORD_HEADER)
  return out
}

/**
 * Protects a record the way the modelled AEAD lays it out, without real
 * cryptography: TLS 1.2 AES-GCM `explicit nonce (8) ‖ plaintext ‖ tag (16)`
 * under the real content type (RFC 5246 §6.2.3.3, RFC 5288 §3); TLS 1.3
 * `plaintext ‖ inner type (1) ‖ tag (16)` under outer type application_data
 * (RFC 8446 §5.2). The plaintext is carried as is; nonce and tag are filler.
 */
export function sealRecord(version: TlsVersion, type: number, plaintext: Uint8Array, fill: Filler): Uint8Array {
  if (version === "1.2") {
    const body = new Uint8Array(GCM_EXPLICIT_NONCE + plaintext.length + AEAD_TAG)
    fill.into(body.subarray(0, GCM_EXPLICIT_NONCE))
    body.set(plaintext, GCM_EXPLICIT_NONCE)
    fill.into(body.subarray(GCM_EXPLICIT_NONCE + plaintext.length))
    return encodeRecord(type, body)
  }
  const body = new Uint8Array(plaintext.length + 1 + AEAD_TAG)
  body.set(plaintext, 0)
  body[plaintext.length] = type
  fill.into(body.subarray(plaintext.length + 1))
  return encodeRecord(CT_APPLICATION_DATA, body)
}

/** Inverse of {@link sealRecord}: the real content type and the plaintext. */
export function openRecord(version: TlsVersion, r: TlsRecord): { type: number; plaintext: Uint8Array } {
  if (version === "1.2") return { type: r.type, plaintext: r.body.subarray(GCM_EXPLICIT_NONCE, r.body.length - AEAD_TAG) }
  const end = r.body.length - AEAD_TAG - 1
  return { type: r.body[end] as number, plaintext: r.body.subarray(0, end) }
}

/**
 * Reassembles records from a byte stream the way mbedTLS's
 * `mbedtls_ssl_fetch_input` asks for them: the 5-byte header first, then
 * exactly the fragment it announces. `need` says how many bytes the current
 * record still lacks, so the caller takes no more than that from TCP.
 */
export class RecordReader {
  private readonly header = new Uint8Array(RECORD_HEADER)
  private headerGot = 0
  private body: Uint8Array | undefined = undefined
  private bodyGot = 0

  /** Bytes still missing from the current record (header first). */
  get need(): number {
    if (this.body === undefined) return RECORD_HEADER - this.headerGot
    return this.body.length - this.bodyGot
  }

  /** Are some bytes of an unfinished record held? */
  get partial(): boolean {
    return this.headerGot > 0
  }

  /** Appends bytes (at most {@link need}); returns the record once complete. */
  push(chunk: Uint8Array): TlsRecord | undefined {
    if (this.body === undefined) {
      this.header.set(chunk, this.headerGot)
      this.headerGot += chunk.length
      if (this.headerGot < RECORD_HEADER) return undefined
      this.body = new Uint8Array(((this.header[3] as number) << 8) | (this.header[4] as number))
      this.bodyGot = 0
      if (this.body.length > 0) return undefined
    } else {
      this.body.set(chunk, this.bodyGot)
      this.bodyGot += chunk.length
      if (this.bodyGot < this.body.length) return undefined
    }
    const rec: TlsRecord = { type: this.header[0] as number, version: ((this.header[1] as number) << 8) | (this.header[2] as number), body: this.body }
    this.body = undefined
    this.headerGot = 0
    return rec
  }
}
