import { expect } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { ErrnoError, OSError, PyTypeError, s, TimeoutError, ValueError, type InetSocket } from "../../index.ts"
import { ipWorld } from "../ip/world.ts"

/** One generated call: op name, target socket slot, and an argument picked from good and bad values. */
type Call = { op: string; slot: number; arg: unknown; arg2: unknown }

const ARGS = fc.oneof(
  fc.constantFrom<unknown>(0, 1, 5, 80, 81, -1, 70000, "x", "10.0.0.1", null, true, 0.1, 2.5),
  fc.constantFrom<unknown>(["10.0.0.1", 80], ["10.0.0.1", 81], ["10.0.0.2", 80], ["", 0], ["10.0.0.1", "80"], ["host.invalid", 80], ["10.0.0.1"], 42),
  fc.constantFrom<unknown>(new Uint8Array(0), new Uint8Array(3000), "hello\n", 123),
)
const OPS = [
  "socket", "dgram", "bind", "listen", "connect", "accept", "send", "sendall", "sendto", "recv", "recvfrom", "close",
  "setblocking", "settimeout", "read", "readall", "readinto", "readline", "write", "makefile", "getsocketsta", "fileno",
  "setsockopt", "poll", "getaddrinfo",
] as const
const CALL = fc.record({ op: fc.constantFrom(...OPS), slot: fc.integer({ min: 0, max: 2 }), arg: ARGS, arg2: ARGS })

/** Is this error one a MicroPython script can get from the socket API? */
function documented(e: unknown): boolean {
  if (e instanceof ErrnoError || e instanceof TimeoutError) return true
  if (e instanceof OSError) return typeof e.args[0] === "number"
  return e instanceof PyTypeError || e instanceof ValueError
}

test.prop([fc.array(CALL, { maxLength: 25 }), fc.array(CALL, { maxLength: 25 }), fc.integer({ min: 1, max: 1000 }), fc.constantFrom(0, 0.1, 0.5)], { numRuns: 150 })(
  "generated call sequences on two devices raise only documented exceptions, never hang or crash",
  (callsA, callsB, seed, loss) => {
    const w = ipWorld({ seed, link: { loss }, profiles: seed % 2 === 0 ? ["micropython", "pycom"] : ["quecpython", "micropython"] })
    const undocumented: string[] = []
    const procs = [0, 1].map((d) =>
      w.world.spawn(function* () {
        const m = w.mods[d]!
        const poller = w.sel[d]!.poll()
        const socks: (InetSocket | undefined)[] = [undefined, undefined, undefined]
        for (const c of d === 0 ? callsA : callsB) {
          const sk = socks[c.slot] ?? (socks[c.slot] = m.socket())
          // After its first call every socket gets a 2 s timeout (below), so no call can block forever.
          const any = c.arg as never
          try {
            switch (c.op) {
              case "socket": socks[c.slot] = m.socket(); break
              case "dgram": socks[c.slot] = m.socket(m.AF_INET, m.SOCK_DGRAM); break
              case "bind": sk.bind(any); break
              case "listen": sk.listen(typeof c.arg === "number" ? c.arg : undefined); break
              case "connect": yield* sk.connect(any); break
              case "accept": yield* sk.accept(); break
              case "send": yield* sk.send(any); break
              case "sendall": yield* sk.sendall(any); break
              case "sendto": yield* sk.sendto(any, c.arg2 as never); break
              case "recv": yield* sk.recv(any); break
              case "recvfrom": yield* sk.recvfrom(any); break
              case "close": sk.close(); break
              case "setblocking": sk.setblocking(false); break
              case "settimeout": sk.settimeout(typeof c.arg === "number" && c.arg > 3 ? 3 : (c.arg as never) ?? 1); break
              case "read": yield* sk.read(typeof c.arg === "number" ? c.arg : 10); break
              case "readall": yield* sk.readall(); break
              case "readinto": yield* sk.readinto(new Uint8Array(8), any); break
              case "readline": yield* sk.readline(); break
              case "write": yield* sk.write(any); break
              case "makefile": sk.makefile(any); break
              case "getsocketsta": sk.getsocketsta(); break
              case "fileno": sk.fileno(); break
              case "setsockopt": sk.setsockopt(m.SOL_SOCKET, m.SO_REUSEADDR, any); break
              // poll(-1) blocks forever by design (MicroPython), so the fuzz bounds it.
              case "poll": poller.register(sk); yield* poller.poll(typeof c.arg === "number" ? Math.max(0, Math.min(c.arg, 500)) : 0); break
              case "getaddrinfo": m.getaddrinfo(any, c.arg2 as never); break
            }
          } catch (e) {
            if (!documented(e)) undocumented.push(`${c.op}(${String(c.arg)}): ${String(e)}`)
          }
          if (socks[c.slot] !== undefined && c.op !== "settimeout" && c.op !== "setblocking") {
            try {
              if (socks[c.slot]!.fileno() >= 0 && (socks[c.slot] as unknown as { timeoutUs?: number }).timeoutUs === undefined) socks[c.slot]!.settimeout(2)
            } catch {
              // closed or crashed: fine
            }
          }
        }
      }, { node: `h${d + 1}`, name: "fuzz" }),
    )
    w.world.run({ until: s(3600) })
    expect(undocumented).toEqual([])
    for (const p of procs) expect(p.state).toBe("done")
  },
)
