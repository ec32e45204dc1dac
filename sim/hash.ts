/**
 * Deterministic 32-bit mixing used to derive random streams from (seed, name).
 * MurmurHash3's fmix32 finaliser (public domain, Austin Appleby) over an
 * FNV-1a pass of the UTF-16 code units; no platform or locale dependence.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** FNV-1a over the string's code units, started from `basis`, then finalised with fmix32. */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return fmix32(h)
}

/** Four independent 32-bit words from a seed and a name: a 128-bit generator state. */
export function streamState(seed: number, name: string): [number, number, number, number] {
  const lo = seed >>> 0
  const hi = Math.floor(seed / 0x1_0000_0000) >>> 0
  const a = hashString(name, fmix32(lo ^ 0x9e3779b9))
  const b = hashString(name, fmix32(hi ^ 0x7f4a7c15) ^ a)
  const c = fmix32(a ^ Math.imul(lo, 0x85ebca6b) ^ 0x243f6a88)
  const d = fmix32(b ^ Math.imul(hi + 1, 0xc2b2ae35) ^ 0x13198a2e)
  // xoroshiro128+ must not start from the all-zero state.
  return a === 0 && b === 0 && c === 0 && d === 0 ? [1, 0, 0, 0] : [a | 0, b | 0, c | 0, d | 0]
}
