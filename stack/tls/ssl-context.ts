import type { ProcessBody } from "../../sim/index.ts"
import { toInt } from "../usocket/args.ts"
import { ValueError } from "../errors/errors.ts"
import type { InetSocket } from "../usocket/inet-socket.ts"
import { CERT_NONE, PROTOCOL_TLS_CLIENT, PROTOCOL_TLS_SERVER } from "./constants.ts"
import type { TlsSocket } from "./tls-socket.ts"
import { wrapSocket, type WrapOptions } from "./wrap.ts"

/** Keywords of `SSLContext.wrap_socket` (MicroPython docs/library/ssl.rst). */
export interface ContextWrapKeywords {
  readonly server_side?: boolean
  readonly server_hostname?: string | null
  readonly do_handshake_on_connect?: boolean
}

/**
 * `ssl.SSLContext(protocol)` as MicroPython ≥ 1.22 has it: PROTOCOL_TLS_CLIENT
 * or PROTOCOL_TLS_SERVER, a `verify_mode` attribute (CERT_NONE by default on
 * both sides, "to maintain backwards compatibility", modtls_mbedtls.c
 * `ssl_context_make_new`), and `wrap_socket`. `model` carries the model's
 * options (version, chain size, fragment, flavour…) into every wrap.
 */
export class SslContext {
  verify_mode: number = CERT_NONE
  readonly protocol: number

  constructor(
    protocol: number,
    private readonly model: Omit<WrapOptions, "serverSide" | "serverHostname" | "doHandshake" | "certReqs"> = {},
  ) {
    const p = toInt(protocol)
    if (p !== PROTOCOL_TLS_CLIENT && p !== PROTOCOL_TLS_SERVER) throw new ValueError("invalid protocol")
    this.protocol = p
  }

  /** `wrap_socket(sock, *, server_side=False, do_handshake_on_connect=True, server_hostname=None)`; the side is the context's protocol. */
  *wrap_socket(sock: InetSocket, kw: ContextWrapKeywords = {}): ProcessBody<TlsSocket> {
    return yield* wrapSocket(sock, {
      ...this.model,
      // The role comes from the context's endpoint (mbedtls_ssl_config_defaults), not from server_side.
      serverSide: this.protocol === PROTOCOL_TLS_SERVER,
      serverHostname: kw.server_hostname ?? null,
      doHandshake: kw.do_handshake_on_connect ?? true,
      certReqs: this.verify_mode,
    })
  }
}
