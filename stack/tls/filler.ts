import type { Rng } from "../../sim/index.ts"

/**
 * Deterministic stand-in bytes for what real TLS would fill with random or
 * cryptographic values (hello randoms, key shares, signatures, nonces, tags,
 * certificate contents). Drawn from one named stream per session
 * (`world.rng("tls/<node>/<fd>")`), so a run's bytes depend only on the seed.
 */
export class Filler {
  constructor(private readonly rng: Rng) {}

  /** Fills `buf` with stream bytes. */
  into(buf: Uint8Array): void {
    let i = 0
    while (i + 4 <= buf.length) {
      const x = this.rng.nextUint32()
      buf[i++] = x & 0xff
      buf[i++] = (x >>> 8) & 0xff
      buf[i++] = (x >>> 16) & 0xff
      buf[i++] = x >>> 24
    }
    if (i < buf.length) {
      const x = this.rng.nextUint32()
      for (let k = 0; i < buf.length; k++) buf[i++] = (x >>> (8 * k)) & 0xff
    }
  }

  /** `n` fresh filler bytes. */
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n)
    this.into(b)
    return b
  }
}
