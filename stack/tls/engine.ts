import type { Micros } from "../../sim/index.ts"
import { ByteQueue } from "../ip/byte-queue.ts"
import { TcpState } from "../ip/tcp-state.ts"
import {
  ALERT_BAD_CERT, ALERT_CERT_EXPIRED, ALERT_CERT_UNKNOWN, ALERT_CLOSE_NOTIFY, ALERT_FATAL, ALERT_NAMES, ALERT_UNEXPECTED_MESSAGE, ALERT_UNKNOWN_CA,
  CERT_OPTIONAL, CERT_REQUIRED, CIPHER_NAME, CT_ALERT, CT_APPLICATION_DATA, CT_CHANGE_CIPHER_SPEC, CT_HANDSHAKE, HS_CERTIFICATE,
  HS_CERTIFICATE_VERIFY, HS_CLIENT_HELLO, HS_CLIENT_KEY_EXCHANGE, HS_ENCRYPTED_EXTENSIONS, HS_FINISHED, HS_SERVER_HELLO,
  HS_SERVER_HELLO_DONE, HS_SERVER_KEY_EXCHANGE, type TlsVersion,
} from "./constants.ts"
import {
  MBEDTLS_ERR_SSL_CONN_EOF, MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY, X509_BADCERT,
  type CertificateFailureReason, type TlsFailure,
} from "./errors.ts"
import { existingTlsFaults } from "./faults.ts"
import type { Filler } from "./filler.ts"
import * as msg from "./messages.ts"
import { encodeRecord, openRecord, RecordReader, sealRecord, type TlsRecord } from "./records.ts"
import type { Transport } from "./transport.ts"

/** MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE (mbedTLS `ssl.h`). */
const ERR_UNEXPECTED_MESSAGE = -0x7700
/** MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE (mbedTLS `ssl.h`): what a server aborted by a fault reports. */
const ERR_HANDSHAKE_FAILURE = -0x6e00

/** How a session is set up. */
export interface EngineConfig {
  readonly role: "client" | "server"
  /** Highest version this side speaks (both speak 1.2). */
  readonly version: TlsVersion
  /** SNI host name the client sends (and matches faults against). */
  readonly hostname: string | undefined
  /** Server: DER sizes of the certificates it sends, leaf first. */
  readonly chain: readonly number[]
  /** Largest plaintext per record this side writes. */
  readonly maxFragment: number
  /** CERT_NONE / CERT_OPTIONAL / CERT_REQUIRED. */
  readonly verifyMode: number
  /** Pycom's CERT_OPTIONAL quirk: a failed verification still fails wrap with OSError(-1). */
  readonly optionalFailureRaises: boolean
}

/** Counters of one session (TLS bytes = whole records, headers included). */
export interface TlsStats {
  bytesOut: number
  bytesIn: number
  recordsOut: number
  recordsIn: number
  /** Application-data records written and their plaintext bytes. */
  appRecordsOut: number
  appPlaintextOut: number
  appRecordsIn: number
  appPlaintextIn: number
  /** Set when the handshake completes. */
  handshake: { bytesOut: number; bytesIn: number; durationUs: Micros; rtts: number } | undefined
}

type Expect = number | "ccs"
type State = "idle" | "handshake" | "open" | "failed" | "stalled"

const ALERT_FOR: Readonly<Record<CertificateFailureReason, number>> = {
  "not-trusted": ALERT_UNKNOWN_CA,
  "cn-mismatch": ALERT_BAD_CERT,
  expired: ALERT_CERT_EXPIRED,
  future: ALERT_CERT_UNKNOWN, // mbedTLS's fallback alert for other verify flags (ssl_tls.c)
}

/**
 * The modelled TLS protocol machine of one side: it emits the handshake
 * flights and application records as real record bytes into `out`, takes
 * records from the TCP stream only as mbedTLS would (header, then body; one
 * application record at a time), and tracks state, failures and counters. It
 * never blocks: the socket layer drives it ({@link TlsSocket}).
 */
export class TlsEngine {
  state: State = "idle"
  /** The negotiated version (known after the hellos). */
  version: TlsVersion | undefined = undefined
  /** Bytes queued for TCP. */
  readonly out = new ByteQueue()
  /** Decrypted application data not yet read. */
  readonly plain = new ByteQueue()
  /** The peer sent close_notify. */
  peerClosed = false
  /** TCP ended (FIN, or the connection closed) after the handshake without close_notify. */
  transportEof = false
  failure: TlsFailure | undefined = undefined
  /** Bytes taken from TCP so far (a per-read timeout restarts on progress). */
  progress = 0
  /** The peer's leaf certificate (client side). */
  peerCertificate: Uint8Array | undefined = undefined
  /** SNI the client asked for (server side). */
  requestedServerName: string | undefined = undefined
  readonly stats: TlsStats = {
    bytesOut: 0, bytesIn: 0, recordsOut: 0, recordsIn: 0, appRecordsOut: 0, appPlaintextOut: 0, appRecordsIn: 0, appPlaintextIn: 0, handshake: undefined,
  }
  private readonly reader = new RecordReader()
  private readonly hs = new msg.HandshakeAssembler()
  private readEncrypted = false
  private writeEncrypted = false
  private expect: Expect[] = []
  private then: (() => void) | undefined = undefined
  private startedAt: Micros = 0
  private optionalVerifyFailed = false

  constructor(
    readonly cfg: EngineConfig,
    private readonly t: Transport,
    private readonly fill: Filler,
    private readonly node: string,
    private readonly fd: number,
  ) {}

  /** Has the session failed for good? */
  get failed(): boolean {
    return this.state === "failed"
  }

  /** Handshake finished and everything it wrote handed to TCP. */
  get established(): boolean {
    return this.state === "open" && this.out.length === 0
  }

  // ---- tracing -----------------------------------------------------------

  private log(kind: string, fields: Record<string, unknown>): void {
    const w = this.t.world
    if (w.trace.enabled) w.log(this.node, kind, { fd: this.fd, role: this.cfg.role, ...fields })
  }

  // ---- output ------------------------------------------------------------

  private push(record: Uint8Array): void {
    this.out.push(record)
    this.stats.bytesOut += record.length
    this.stats.recordsOut++
  }

  private emitHandshake(m: Uint8Array): void {
    for (let i = 0; i < m.length; i += this.cfg.maxFragment) {
      const piece = m.subarray(i, Math.min(m.length, i + this.cfg.maxFragment))
      this.push(this.writeEncrypted ? sealRecord(this.version as TlsVersion, CT_HANDSHAKE, piece, this.fill) : encodeRecord(CT_HANDSHAKE, piece.slice()))
    }
  }

  /** ChangeCipherSpec: one byte, never encrypted (RFC 5246 §7.1, RFC 8446 §5). */
  private emitChangeCipherSpec(): void {
    this.push(encodeRecord(CT_CHANGE_CIPHER_SPEC, new Uint8Array([1])))
  }

  /** Queues an alert record (2 bytes: level, description; RFC 5246 §7.2). */
  emitAlert(level: number, description: number): void {
    const body = new Uint8Array([level, description])
    this.push(this.writeEncrypted ? sealRecord(this.version as TlsVersion, CT_ALERT, body, this.fill) : encodeRecord(CT_ALERT, body))
    this.log("tls.alert", { dir: "out", level: level === ALERT_FATAL ? "fatal" : "warning", description: ALERT_NAMES[description] ?? description })
  }

  /** Queues one application-data record carrying `data` (≤ maxFragment). */
  emitAppData(data: Uint8Array): void {
    this.push(sealRecord(this.version as TlsVersion, CT_APPLICATION_DATA, data, this.fill))
    this.stats.appRecordsOut++
    this.stats.appPlaintextOut += data.length
  }

  /** Hands queued bytes to TCP as far as its send buffer allows; a dead connection fails the session. */
  flush(): void {
    if (this.out.length === 0) return
    const c = this.t.conn
    if (c === undefined || !this.t.alive) {
      this.fail({ kind: "socket", errno: c === undefined ? "ENOTCONN" : "EBADF", op: "write" })
      return
    }
    while (this.out.length > 0) {
      if (c.error !== undefined) {
        this.fail({ kind: "socket", errno: c.error === "ECONNREFUSED" ? "ECONNRESET" : c.error, op: "write" })
        return
      }
      if (c.state === TcpState.SYN_SENT) return
      if (!c.canSend()) {
        this.fail({ kind: "socket", errno: c.state === TcpState.CLOSED ? "EPIPE" : "ENOTCONN", op: "write" })
        return
      }
      const n = c.write(this.out.peek(0, Math.min(this.out.length, c.sendSpace())))
      if (n === 0) return
      this.out.drop(n)
    }
  }

  // ---- handshake ---------------------------------------------------------

  private expectThen(items: Expect[], then: () => void): void {
    this.expect = items
    this.then = then
  }

  /** Starts the handshake: the client sends its ClientHello; the server waits for one. */
  start(): void {
    if (this.state !== "idle") return
    this.state = "handshake"
    this.startedAt = this.t.world.now
    this.log("tls.handshake", { phase: "start", maxVersion: this.cfg.version, ...(this.cfg.hostname !== undefined ? { sni: this.cfg.hostname } : {}) })
    if (this.cfg.role === "client") {
      this.emitHandshake(msg.clientHello(this.fill, { hostname: this.cfg.hostname, offer13: this.cfg.version === "1.3" }))
      this.expectThen([HS_SERVER_HELLO], () => undefined)
    } else this.expectThen([HS_CLIENT_HELLO], () => undefined)
  }

  private onClientHello(body: Uint8Array): void {
    const v: TlsVersion = this.cfg.version === "1.3" && msg.offersTls13(body) ? "1.3" : "1.2"
    this.version = v
    this.requestedServerName = msg.serverNameOf(body)
    const names = [...(this.requestedServerName !== undefined ? [this.requestedServerName] : []), ...this.t.ownNames()]
    const abort = existingTlsFaults(this.t.world)?.abortFor(names)
    if (abort !== undefined) {
      this.log("fault.tls.applied", { fault: "abort", mode: abort })
      this.abortHandshake(abort)
      return
    }
    const chain = this.cfg.chain.map((n) => msg.fakeCertificate(this.fill, n))
    this.emitHandshake(msg.serverHello(this.fill, v))
    if (v === "1.2") {
      this.emitHandshake(msg.certificate(v, chain))
      this.emitHandshake(msg.serverKeyExchange(this.fill))
      this.emitHandshake(msg.serverHelloDone())
      this.expectThen([HS_CLIENT_KEY_EXCHANGE, "ccs", HS_FINISHED], () => {
        this.emitChangeCipherSpec()
        this.writeEncrypted = true
        this.emitHandshake(msg.finished(this.fill, v))
        this.finish()
      })
    } else {
      this.emitChangeCipherSpec()
      this.writeEncrypted = true
      this.readEncrypted = true
      this.emitHandshake(msg.encryptedExtensions())
      this.emitHandshake(msg.certificate(v, chain))
      this.emitHandshake(msg.certificateVerify(this.fill))
      this.emitHandshake(msg.finished(this.fill, v))
      this.expectThen(["ccs", HS_FINISHED], () => this.finish())
    }
  }

  private abortHandshake(mode: "close" | "reset" | "silent"): void {
    const c = this.t.conn
    if (mode === "silent") {
      this.state = "stalled"
      return
    }
    if (mode === "reset") c?.abort()
    else c?.close()
    this.fail({ kind: "mbedtls", code: ERR_HANDSHAKE_FAILURE })
  }

  private onServerHello(body: Uint8Array): void {
    const v = msg.selectedVersion(body)
    this.version = v
    if (v === "1.2") {
      this.expectThen([HS_CERTIFICATE, HS_SERVER_KEY_EXCHANGE, HS_SERVER_HELLO_DONE], () => {
        this.emitHandshake(msg.clientKeyExchange(this.fill))
        this.emitChangeCipherSpec()
        this.writeEncrypted = true
        this.emitHandshake(msg.finished(this.fill, v))
        this.expectThen(["ccs", HS_FINISHED], () => this.finish())
      })
    } else {
      this.readEncrypted = true
      this.writeEncrypted = true
      this.expectThen(["ccs", HS_ENCRYPTED_EXTENSIONS, HS_CERTIFICATE, HS_CERTIFICATE_VERIFY, HS_FINISHED], () => {
        this.emitChangeCipherSpec()
        this.emitHandshake(msg.finished(this.fill, v))
        this.finish()
      })
    }
  }

  /** The client checks the server certificate as mbedTLS does while parsing it (ssl_tls.c `mbedtls_ssl_parse_certificate`). */
  private onCertificate(body: Uint8Array): boolean {
    this.peerCertificate = msg.leafCertificate(this.version as TlsVersion, body)
    const names = [...(this.cfg.hostname !== undefined ? [this.cfg.hostname] : []), ...this.t.peerNames()]
    const reason = existingTlsFaults(this.t.world)?.certificateFor(names)
    if (reason === undefined) return true
    const mode = this.cfg.verifyMode
    this.log("fault.tls.applied", { fault: "certificate", reason, verify: mode === CERT_REQUIRED ? "required" : mode === CERT_OPTIONAL ? "optional" : "none" })
    if (mode === CERT_REQUIRED) {
      this.emitAlert(ALERT_FATAL, ALERT_FOR[reason])
      this.flush()
      this.fail({ kind: "verify", flags: X509_BADCERT[reason] })
      return false
    }
    if (mode === CERT_OPTIONAL) this.optionalVerifyFailed = true
    return true
  }

  private finish(): void {
    const v = this.version as TlsVersion
    this.state = "open"
    const durationUs = this.t.world.now - this.startedAt
    const rtts = v === "1.2" ? 2 : 1
    this.stats.handshake = { bytesOut: this.stats.bytesOut, bytesIn: this.stats.bytesIn, durationUs, rtts }
    this.log("tls.handshake", {
      phase: "done", version: v, cipher: CIPHER_NAME[v], rtts, bytesOut: this.stats.bytesOut, bytesIn: this.stats.bytesIn,
      recordsOut: this.stats.recordsOut, recordsIn: this.stats.recordsIn, us: durationUs,
    })
    if (this.optionalVerifyFailed && this.cfg.optionalFailureRaises) this.fail({ kind: "raw", code: -1 })
  }

  // ---- input -------------------------------------------------------------

  /**
   * Takes bytes from TCP as mbedTLS's `mbedtls_ssl_read_record` would: during
   * the handshake as many records as arrive; once open, the next application
   * record only when the previous one has been read. With `reportEnd` false
   * (a poll), TCP end or error is left for the next read to report.
   */
  pull(reportEnd = true): void {
    if (this.state === "failed" || this.state === "stalled" || this.state === "idle") return
    const c = this.t.conn
    if (c === undefined || !this.t.alive) {
      if (reportEnd) this.fail({ kind: "socket", errno: c === undefined ? "ENOTCONN" : "EBADF", op: "read" })
      return
    }
    for (;;) {
      if (this.failed || (this.state as State) === "stalled") return
      if (this.state === "open" && (this.plain.length > 0 || this.peerClosed || this.transportEof)) return
      if (c.rcvBuf.length === 0) {
        if (reportEnd) this.transportEnd()
        return
      }
      const chunk = c.read(Math.min(this.reader.need, c.rcvBuf.length))
      this.progress += chunk.length
      const rec = this.reader.push(chunk)
      if (rec !== undefined) this.onRecord(rec)
    }
  }

  /** Nothing more to read from TCP now: FIN → EOF (handshake: MBEDTLS_ERR_SSL_CONN_EOF); reset → the socket error. */
  private transportEnd(): void {
    const c = this.t.conn
    if (c === undefined) return
    if (c.error !== undefined && c.error !== "EBADF") {
      this.fail({ kind: "socket", errno: c.error === "ECONNREFUSED" ? "ECONNRESET" : c.error, op: "read" })
      return
    }
    if (c.error === "EBADF") {
      this.fail({ kind: "socket", errno: "EBADF", op: "read" })
      return
    }
    if (!c.eof && c.state !== TcpState.CLOSED) return
    if (this.state === "handshake") this.fail({ kind: "mbedtls", code: MBEDTLS_ERR_SSL_CONN_EOF })
    else if (this.state === "open" && !this.transportEof) {
      this.transportEof = true
      this.log("tls.eof", { closeNotify: false })
    }
  }

  private onRecord(rec: TlsRecord): void {
    this.stats.recordsIn++
    this.stats.bytesIn += 5 + rec.body.length
    if (rec.type === CT_CHANGE_CIPHER_SPEC) {
      this.onChangeCipherSpec()
      return
    }
    const { type, plaintext } = this.readEncrypted ? openRecord(this.version as TlsVersion, rec) : { type: rec.type, plaintext: rec.body }
    if (type === CT_ALERT) this.onAlert(plaintext[0] as number, plaintext[1] as number)
    else if (type === CT_HANDSHAKE && this.state === "handshake") {
      this.hs.push(plaintext)
      for (let m = this.hs.next(); m !== undefined && this.state === "handshake"; m = this.hs.next()) this.onHandshake(m)
    } else if (type === CT_APPLICATION_DATA && this.state === "open") {
      this.plain.push(plaintext.slice())
      this.stats.appRecordsIn++
      this.stats.appPlaintextIn += plaintext.length
    } else this.unexpected(type)
  }

  private onChangeCipherSpec(): void {
    if (this.expect[0] === "ccs") {
      this.expect.shift()
      if (this.version === "1.2") this.readEncrypted = true
      this.advance()
    } else if (this.version !== "1.3") this.unexpected(CT_CHANGE_CIPHER_SPEC)
  }

  private onHandshake(m: msg.HandshakeMessage): void {
    if (this.expect[0] === "ccs" && this.version === "1.3") this.expect.shift()
    if (this.expect[0] !== m.type) {
      this.unexpected(m.type)
      return
    }
    this.expect.shift()
    if (m.type === HS_CLIENT_HELLO) this.onClientHello(m.body)
    else if (m.type === HS_SERVER_HELLO) this.onServerHello(m.body)
    else if (m.type === HS_CERTIFICATE && this.cfg.role === "client" && !this.onCertificate(m.body)) return
    this.advance()
  }

  private advance(): void {
    if (this.state !== "handshake" || this.expect.length > 0) return
    const then = this.then
    this.then = undefined
    then?.()
  }

  private onAlert(level: number, description: number): void {
    this.log("tls.alert", { dir: "in", level: level === ALERT_FATAL ? "fatal" : "warning", description: ALERT_NAMES[description] ?? description })
    if (description === ALERT_CLOSE_NOTIFY) {
      if (this.state === "handshake") this.fail({ kind: "mbedtls", code: MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY })
      else {
        this.peerClosed = true
        this.log("tls.eof", { closeNotify: true })
      }
    } else if (level === ALERT_FATAL || this.version === "1.3") this.fail({ kind: "mbedtls", code: MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE })
  }

  /** A record or message the state does not allow: fatal unexpected_message alert, MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE. */
  private unexpected(type: number): void {
    this.log("tls.unexpected", { type })
    this.emitAlert(ALERT_FATAL, ALERT_UNEXPECTED_MESSAGE)
    this.flush()
    this.fail({ kind: "mbedtls", code: ERR_UNEXPECTED_MESSAGE })
  }

  /** The session fails for good (mbedTLS keeps `last_error`); traced `tls.error`. */
  fail(f: TlsFailure): void {
    if (this.state === "failed") return
    const wasHandshake = this.state === "handshake" || this.state === "stalled"
    this.state = "failed"
    this.failure = f
    const detail = f.kind === "socket" ? { errno: f.errno, op: f.op } : f.kind === "verify" ? { flags: f.flags } : { code: f.code }
    this.log("tls.error", { failure: f.kind, ...detail, during: wasHandshake ? "handshake" : "session" })
  }

  /** Was the failure raised during the handshake (for the flavour's exception shape)? */
  get handshakeDone(): boolean {
    return this.stats.handshake !== undefined
  }
}
