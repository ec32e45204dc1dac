/**
 * A modelled TLS session (no cryptography) over the simulated TCP: handshake
 * flights, record framing and AEAD overhead with realistic sizes and round
 * trips, MicroPython/Pycom `ssl` socket behaviour and exceptions, and a fault
 * registry. See TLS.md.
 */
export * as tlsConstants from "./constants.ts"
export {
  CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED, CIPHER_NAME, MAX_FRAGMENT, MICROPYTHON_OUT_CONTENT_LEN, PROTOCOL_TLS_CLIENT, PROTOCOL_TLS_SERVER,
  TLS12_RECORD_OVERHEAD, TLS13_RECORD_OVERHEAD, VERSION_NAME, recordOverhead, type TlsVersion,
} from "./constants.ts"
export {
  MBEDTLS_ERR_SSL_BAD_INPUT_DATA, MBEDTLS_ERR_SSL_CONN_EOF, MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, MBEDTLS_ERR_SSL_TIMEOUT,
  MBEDTLS_ERR_X509_CERT_VERIFY_FAILED, MBEDTLS_ERROR_TEXT, NotImplementedError, X509_BADCERT, flavourOf, tlsException, verifyInfo,
  type CertificateFailureReason, type TlsFailure, type TlsFlavour, type TlsPhase,
} from "./errors.ts"
export { TlsFaults, tlsFaults, type CertificateFailureOptions, type FaultWindow, type HandshakeAbortOptions } from "./faults.ts"
export { HANDSHAKE_MODEL } from "./messages.ts"
export { RecordReader, encodeRecord, type TlsRecord } from "./records.ts"
export { TlsEngine, type TlsStats } from "./engine.ts"
export { TlsSocket, type PollReadiness } from "./tls-socket.ts"
export { TLS_SOCKET_METHODS } from "./methods.ts"
export { DEFAULT_CHAIN, wrapSocket, type WrapOptions } from "./wrap.ts"
export { SslContext, type ContextWrapKeywords } from "./ssl-context.ts"
export { echoHandler, serveTls, tlsEchoServer, tlsEchoService, tlsService, type ServeTlsOptions, type TlsEchoOptions, type TlsHandler } from "./server.ts"
