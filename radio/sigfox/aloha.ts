/**
 * Analytic success probability of a frame in unslotted ALOHA over time AND
 * frequency (the UNB case), used to validate the medium.
 *
 * Derivation. Frames of a fixed duration T start at Poisson times of total rate
 * Λ (frames/s, all devices together); each frame's carrier is independent and
 * uniform on a band of width W. Two frames collide when they overlap in time
 * (their starts are less than T apart) and their carriers are less than B apart.
 * Fix a frame at carrier f. By Slivnyak's theorem the other frames are still a
 * Poisson process of rate Λ; those that can hit ours start within (t − T, t + T)
 * (length 2T) and have a carrier in [f − B, f + B] ∩ [0, W], a fraction
 * q(f) = |[f − B, f + B] ∩ [0, W]| / W of them. Thinning a Poisson process keeps
 * it Poisson, so the number of hitting frames is Poisson with mean 2ΛT·q(f) and
 *
 *   P(success | f) = exp(−2ΛT·q(f)).
 *
 * Away from the band edges (B ≤ f ≤ W − B) q = 2B/W; within B of an edge
 * q = (f' + B)/W with f' the distance to the edge. Averaging over f uniform on
 * [0, W], with a = 2ΛT/W:
 *
 *   p = (W − 2B)/W · e^(−2aB) + (2/W) ∫₀^B e^(−a(x + B)) dx
 *     = (W − 2B)/W · e^(−2aB) + 2·e^(−aB)·(1 − e^(−aB)) / (aW).
 *
 * For W ≫ B this is the familiar e^(−2G) of pure ALOHA with the "channel load"
 * G = ΛT·2B/W. Without capture, a message sent as k frames on independent
 * random frequencies (gaps longer than nothing, so they do not overlap each
 * other) succeeds when at least one frame does: 1 − (1 − p)^k, with Λ counting
 * every frame (k per message).
 */

/** Inputs of {@link unbAlohaSuccess}. */
export interface UnbAlohaParams {
  /** Total frame start rate Λ (frames per second, all devices). */
  readonly frameRatePerS: number
  /** Frame duration T (s). */
  readonly airtimeS: number
  /** Width W of the band the carriers are uniform on (Hz). */
  readonly bandHz: number
  /** Collision distance B: frames collide when |Δf| < B (Hz). */
  readonly collisionHz: number
}

/** Per-frame success probability (no capture), derived above. */
export function unbAlohaSuccess(p: UnbAlohaParams): number {
  const { frameRatePerS: L, airtimeS: T, bandHz: W, collisionHz: B } = p
  if (L <= 0) return 1
  if (2 * B >= W) return Math.exp(-2 * L * T) // every frame within reach (degenerate band)
  const a = (2 * L * T) / W
  return ((W - 2 * B) / W) * Math.exp(-2 * a * B) + (2 * Math.exp(-a * B) * (1 - Math.exp(-a * B))) / (a * W)
}

/** Success of a message sent as `frames` independent frames with per-frame success `p`: 1 − (1 − p)^k. */
export function messageSuccess(p: number, frames: number): number {
  return 1 - (1 - p) ** frames
}
