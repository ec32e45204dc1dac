import { Device, Network, Simulation, usocket, select, type HostOptions, type LinkSpec, type ProfileName } from "../../index.ts"

/** A world with a network and `n` devices at 10.0.0.1… (profiles optional). */
export function ipWorld(opts: { seed?: number; link?: Partial<LinkSpec>; profiles?: ProfileName[]; n?: number; trace?: boolean; host?: HostOptions } = {}) {
  const world = new Simulation({ seed: opts.seed ?? 1, trace: { enabled: opts.trace ?? false } })
  const net = new Network(world, { link: opts.link ?? {} })
  const n = opts.n ?? 2
  const devs: Device[] = []
  for (let i = 0; i < n; i++) {
    const d = new Device(world, `h${i + 1}`, { profile: opts.profiles?.[i] ?? "micropython" })
    net.addHost(d, `10.0.0.${i + 1}`, opts.host ?? {})
    devs.push(d)
  }
  const mods = devs.map((d) => usocket(d))
  const sel = devs.map((d) => select(d))
  return { world, net, devs, mods, sel }
}

/** Bytes of a string. */
export const b = (s: string): Uint8Array => new TextEncoder().encode(s)
/** String of bytes. */
export const str = (u: Uint8Array | null): string => (u === null ? "<None>" : new TextDecoder().decode(u))

/** Runs `fn`, returning the errno name (OSError code) / error name it threw, or "ok". */
export function* outcome<T>(fn: () => Generator<any, T, any>): Generator<any, string, any> {
  try {
    yield* fn()
    return "ok"
  } catch (e) {
    return errName(e)
  }
}

/** "EAGAIN" for an ErrnoError, "TimeoutError", "TypeError", "ValueError", or the args for OSError(n). */
export function errName(e: unknown): string {
  const x = e as { code?: string; name?: string; args?: unknown[] }
  if (x.code !== undefined) return x.code
  if (x.name === "OSError") return `OSError(${String(x.args?.[0])})`
  return x.name ?? String(e)
}
