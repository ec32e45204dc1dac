/**
 * Wire constants of the modelled TLS session, each with its public source.
 *
 * - Record layer: 5-byte header (ContentType 1, ProtocolVersion 2, length 2),
 *   plaintext fragment at most 2^14 bytes (RFC 5246 §6.2.1, RFC 8446 §5.1).
 * - Content types change_cipher_spec 20, alert 21, handshake 22,
 *   application_data 23 (RFC 5246 §6.2.1 / Appendix A.1; mbedTLS `ssl.h`
 *   MBEDTLS_SSL_MSG_*).
 * - AEAD overhead, TLS 1.2 with AES-128-GCM: 8-byte explicit nonce + 16-byte
 *   tag per record (RFC 5246 §6.2.3.3, RFC 5288 §3). TLS 1.3: 1-byte inner
 *   content type + 16-byte tag, outer type application_data (RFC 8446 §5.2;
 *   AES-128-GCM tag length from RFC 5116 §5.1).
 * - MicroPython's mbedTLS builds send at most 4096 plaintext bytes per record
 *   (`MBEDTLS_SSL_OUT_CONTENT_LEN (4096)` in MicroPython
 *   `extmod/mbedtls/mbedtls_config_common.h`; the ESP32 port's ESP-IDF default
 *   `CONFIG_MBEDTLS_SSL_OUT_CONTENT_LEN` is also 4096, IN 16384).
 */

/** TLS record header: type, legacy version, length (RFC 5246 §6.2.1). */
export const RECORD_HEADER = 5
/** Largest plaintext fragment a record may carry: 2^14 (RFC 8446 §5.1, RFC 5246 §6.2.1). */
export const MAX_FRAGMENT = 16384
/** MicroPython's mbedTLS output record limit: MBEDTLS_SSL_OUT_CONTENT_LEN = 4096 (extmod/mbedtls/mbedtls_config_common.h). */
export const MICROPYTHON_OUT_CONTENT_LEN = 4096

/** ContentType change_cipher_spec (RFC 5246 §6.2.1). */
export const CT_CHANGE_CIPHER_SPEC = 20
/** ContentType alert (RFC 5246 §6.2.1). */
export const CT_ALERT = 21
/** ContentType handshake (RFC 5246 §6.2.1). */
export const CT_HANDSHAKE = 22
/** ContentType application_data (RFC 5246 §6.2.1; the outer type of every protected TLS 1.3 record, RFC 8446 §5.2). */
export const CT_APPLICATION_DATA = 23

/** Legacy record version 0x0303 (TLS 1.2; RFC 8446 §5.1 keeps it for TLS 1.3 records). */
export const LEGACY_VERSION = 0x0303
/** supported_versions value for TLS 1.3 (RFC 8446 §4.2.1). */
export const TLS13_VERSION = 0x0304

/** TLS 1.2 AES-GCM: 8-byte explicit nonce (RFC 5288 §3). */
export const GCM_EXPLICIT_NONCE = 8
/** AES-128-GCM authentication tag (RFC 5116 §5.1). */
export const AEAD_TAG = 16
/** Bytes a TLS 1.2 AES-GCM record adds to its plaintext: header 5 + nonce 8 + tag 16 = 29. */
export const TLS12_RECORD_OVERHEAD = RECORD_HEADER + GCM_EXPLICIT_NONCE + AEAD_TAG
/** Bytes a TLS 1.3 record adds: header 5 + inner content type 1 + tag 16 = 22 (RFC 8446 §5.2, no padding). */
export const TLS13_RECORD_OVERHEAD = RECORD_HEADER + 1 + AEAD_TAG

/** HandshakeType client_hello (RFC 5246 §7.4). */
export const HS_CLIENT_HELLO = 1
/** HandshakeType server_hello (RFC 5246 §7.4). */
export const HS_SERVER_HELLO = 2
/** HandshakeType encrypted_extensions (RFC 8446 §4). */
export const HS_ENCRYPTED_EXTENSIONS = 8
/** HandshakeType certificate (RFC 5246 §7.4). */
export const HS_CERTIFICATE = 11
/** HandshakeType server_key_exchange (RFC 5246 §7.4). */
export const HS_SERVER_KEY_EXCHANGE = 12
/** HandshakeType server_hello_done (RFC 5246 §7.4). */
export const HS_SERVER_HELLO_DONE = 14
/** HandshakeType certificate_verify (RFC 5246 §7.4, RFC 8446 §4). */
export const HS_CERTIFICATE_VERIFY = 15
/** HandshakeType client_key_exchange (RFC 5246 §7.4). */
export const HS_CLIENT_KEY_EXCHANGE = 16
/** HandshakeType finished (RFC 5246 §7.4). */
export const HS_FINISHED = 20

/** server_name extension (RFC 6066 §3). */
export const EXT_SERVER_NAME = 0
/** supported_groups (elliptic_curves) extension (RFC 8422 §5.1.1). */
export const EXT_SUPPORTED_GROUPS = 10
/** ec_point_formats extension (RFC 8422 §5.1.2). */
export const EXT_EC_POINT_FORMATS = 11
/** signature_algorithms extension (RFC 5246 §7.4.1.4.1). */
export const EXT_SIGNATURE_ALGORITHMS = 13
/** extended_master_secret extension (RFC 7627 §5.1). */
export const EXT_EXTENDED_MASTER_SECRET = 23
/** supported_versions extension (RFC 8446 §4.2.1). */
export const EXT_SUPPORTED_VERSIONS = 43
/** psk_key_exchange_modes extension (RFC 8446 §4.2.9). */
export const EXT_PSK_KEY_EXCHANGE_MODES = 45
/** key_share extension (RFC 8446 §4.2.8). */
export const EXT_KEY_SHARE = 51
/** renegotiation_info extension (RFC 5746 §3.2). */
export const EXT_RENEGOTIATION_INFO = 0xff01

/** AlertLevel warning (RFC 5246 §7.2). */
export const ALERT_WARNING = 1
/** AlertLevel fatal (RFC 5246 §7.2). */
export const ALERT_FATAL = 2
/** close_notify (RFC 5246 §7.2.1, RFC 8446 §6.1). */
export const ALERT_CLOSE_NOTIFY = 0
/** unexpected_message (RFC 5246 §7.2.2). */
export const ALERT_UNEXPECTED_MESSAGE = 10
/** handshake_failure (RFC 5246 §7.2.2). */
export const ALERT_HANDSHAKE_FAILURE = 40
/** bad_certificate: mbedTLS sends it for a CN mismatch (ssl_tls.c). */
export const ALERT_BAD_CERT = 42
/** certificate_expired: mbedTLS sends it for an expired certificate. */
export const ALERT_CERT_EXPIRED = 45
/** certificate_unknown: mbedTLS's alert for other verify failures. */
export const ALERT_CERT_UNKNOWN = 46
/** unknown_ca: mbedTLS sends it for a certificate not signed by a trusted CA. */
export const ALERT_UNKNOWN_CA = 48

/** Readable names of alert descriptions for the trace. */
export const ALERT_NAMES: Readonly<Record<number, string>> = {
  0: "close_notify",
  10: "unexpected_message",
  40: "handshake_failure",
  42: "bad_certificate",
  45: "certificate_expired",
  46: "certificate_unknown",
  48: "unknown_ca",
}

/** `ssl.CERT_NONE` = MBEDTLS_SSL_VERIFY_NONE (0): no verification (MicroPython's and Pycom's default). */
export const CERT_NONE = 0
/** `ssl.CERT_OPTIONAL` = MBEDTLS_SSL_VERIFY_OPTIONAL (1): verify, but go on (MicroPython docs: does not validate). */
export const CERT_OPTIONAL = 1
/** `ssl.CERT_REQUIRED` = MBEDTLS_SSL_VERIFY_REQUIRED (2): a certificate that does not verify fails the handshake. */
export const CERT_REQUIRED = 2

/** `ssl.PROTOCOL_TLS_CLIENT` = MBEDTLS_SSL_IS_CLIENT (0) (MicroPython modtls_mbedtls.c). */
export const PROTOCOL_TLS_CLIENT = 0
/** `ssl.PROTOCOL_TLS_SERVER` = MBEDTLS_SSL_IS_SERVER (1) (MicroPython modtls_mbedtls.c). */
export const PROTOCOL_TLS_SERVER = 1

/** Protocol versions the model negotiates. */
export type TlsVersion = "1.2" | "1.3"

/** mbedTLS ciphersuite names (`mbedtls_ssl_get_ciphersuite`) and version strings (`mbedtls_ssl_get_version`) as `cipher()` returns them. */
export const CIPHER_NAME: Readonly<Record<TlsVersion, string>> = {
  "1.2": "TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256",
  "1.3": "TLS1-3-AES-128-GCM-SHA256",
}
/** `mbedtls_ssl_get_version` strings, the second item of `cipher()`. */
export const VERSION_NAME: Readonly<Record<TlsVersion, string>> = { "1.2": "TLSv1.2", "1.3": "TLSv1.3" }

/** Record overhead per version (header + AEAD expansion). */
export function recordOverhead(version: TlsVersion): number {
  return version === "1.2" ? TLS12_RECORD_OVERHEAD : TLS13_RECORD_OVERHEAD
}
