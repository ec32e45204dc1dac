import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { s, type InetSocket, type ProcessBody } from "../../index.ts"
import { ipWorld } from "../ip/world.ts"
import { CASES, DOCUMENTED_DIFFERENCES, PYCOM_DIFFERENCES, type ConformanceCase, type Difference, type PortRef } from "./conformance-cases.ts"

/** Runs a case in the simulator (one host talking to itself, micropython profile). */
export function runInSim(c: ConformanceCase, profile: "micropython" | "pycom" = "micropython"): string[] {
  const w = ipWorld({ n: 1, profiles: [profile] })
  const m = w.mods[0]!
  const out: string[] = []
  const socks = new Map<string, InetSocket>()
  const ports = new Map<string, number>()
  const port = (p: PortRef): number => (typeof p === "string" ? (ports.get(p.slice(1)) ?? -1) : p)
  const addr = (p: PortRef): [string, number] => ["10.0.0.1", port(p)]
  const dec = (u: Uint8Array): string => `b'${new TextDecoder().decode(u)}'`
  w.world.spawn(function* (): ProcessBody<void> {
    for (const st of c.steps) {
      const sk = "sock" in st ? socks.get(st.sock) : undefined
      const S = sk as InetSocket
      try {
        let r: unknown
        switch (st.op) {
          case "socket":
            socks.set(st.sock, m.socket(m.AF_INET, st.type === "stream" ? m.SOCK_STREAM : m.SOCK_DGRAM))
            break
          case "bind":
            S.bind(addr(st.port))
            ports.set(st.sock, (S as unknown as { local: { port: number } }).local.port)
            break
          case "listen":
            S.listen(st.backlog)
            break
          case "connect":
            yield* S.connect(addr(st.port))
            break
          case "accept": {
            const [conn] = yield* S.accept()
            socks.set(st.as, conn)
            break
          }
          case "send":
            r = yield* S.send(st.data)
            break
          case "sendto":
            r = yield* S.sendto(st.data, addr(st.port))
            break
          case "sendbig":
            r = yield* S.sendto(new Uint8Array(st.size), addr(st.port))
            break
          case "recv":
            r = dec(yield* S.recv(st.n))
            break
          case "recvfrom":
            r = dec((yield* S.recvfrom(st.n))[0])
            break
          case "close":
            S.close()
            break
          case "setblocking":
            S.setblocking(st.flag)
            break
          case "settimeout":
            S.settimeout(st.seconds)
            break
          case "sleep":
            yield s(st.seconds)
            break
        }
        out.push(r === undefined ? "ok" : String(r))
      } catch (e) {
        const x = e as { code?: string; name?: string; message?: string }
        out.push(x.code ?? (x.name === "TimeoutError" ? "TimeoutError" : `${x.name}: ${x.message}`))
      }
    }
  })
  w.world.run({ until: s(60) })
  return out
}

function runOnHost(): Record<string, string[]> | undefined {
  const script = fileURLToPath(new URL("./conformance.py", import.meta.url))
  const r = spawnSync("python3", [script], { input: JSON.stringify(CASES), encoding: "utf8", timeout: 30_000 })
  if (r.error !== undefined || r.status !== 0) {
    console.warn(`conformance: python3 not usable (${r.error?.message ?? r.stderr}); host-kernel comparison SKIPPED`)
    return undefined
  }
  return JSON.parse(r.stdout) as Record<string, string[]>
}

const host = runOnHost()

for (const [profile, diffs] of [["micropython", DOCUMENTED_DIFFERENCES], ["pycom", PYCOM_DIFFERENCES]] as const) {
  describe(`conformance: simulator (${profile} profile) vs the host kernel on loopback`, () => {
    for (const c of CASES) {
      it.skipIf(host === undefined)(c.name, () => {
        const sim = runInSim(c, profile)
        const real = host![c.name]!
        expect(sim.length).toBe(c.steps.length)
        const label = (i: number): string => {
          const st = c.steps[i]!
          return `${i} ${st.op}${"sock" in st ? " " + st.sock : ""}`
        }
        const expected = c.steps.map((_, i) => {
          const d: Difference | undefined = diffs[`${c.name}#${i}`]
          return `${label(i)}: ${d !== undefined && real[i] === d.linux ? d.sim : real[i]}`
        })
        expect(c.steps.map((_, i) => `${label(i)}: ${sim[i]}`)).toEqual(expected)
      })
    }

    it("every documented difference is still a difference (not stale)", () => {
      if (host === undefined) return
      for (const [key, d] of Object.entries(diffs)) {
        const [name, idx] = key.split("#") as [string, string]
        expect(host[name]?.[Number(idx)], key).toBe(d.linux)
        expect(runInSim(CASES.find((c) => c.name === name)!, profile)[Number(idx)], key).toBe(d.sim)
      }
    })
  })
}
