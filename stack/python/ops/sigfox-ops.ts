/**
 * Host calls of `network.Sigfox` (shim `_fn_net_sigfox.py`). The Python class
 * parses arguments as the firmware's bindings do (PF `modsigfox_api.c`); these
 * ops forward to the simulator's `Sigfox` (stack/sigfox/sigfox.ts), which
 * holds the rules. The AF_SIGFOX socket needs nothing here: it goes through
 * the generic socket ops (`sock.new` → the registered AF_SIGFOX factory).
 */
import type { ProcessBody } from "../../../sim/index.ts"
import * as C from "../../sigfox/constants.ts"
import { checkSigfoxId, Sigfox } from "../../sigfox/sigfox.ts"
import { ValueError } from "../../errors/errors.ts"
import type { Board } from "../boards.ts"
import { PythonRaise } from "../codec.ts"
import type { HandleTable } from "../handles.ts"
import { registerOps, type OpContext } from "../ops.ts"

/** Builds without the FSK mode: `#if !defined(FIPY) && !defined(LOPY4)` around FSK (PF `modsigfox_api.c`, PF18 MS; PD `sigfox.md`). */
const NO_FSK_BUILDS: ReadonlySet<string> = new Set(["lopy4", "fipy"])

function hasFsk(board: Board): boolean {
  return !NO_FSK_BUILDS.has(board.name)
}

/** The boot's Sigfox object and its handle: the firmware has one (`sigfox_obj`), which every `Sigfox(...)` returns. */
const current = new WeakMap<HandleTable, { sf: Sigfox; h: number }>()

function isSigfox(o: unknown): o is Sigfox {
  return o instanceof Sigfox
}

function sigfoxOf(c: OpContext, h: unknown): Sigfox {
  return c.handles.get(h, isSigfox, "Sigfox")
}

/** Python's `frequency=None` arrives as null. */
function freqArg(v: unknown): number | null {
  return v === null || v === undefined ? null : (v as number)
}

/** `test_mode(mode, config)`: modes 0–5 (`SFX_TEST_MODE_*`) and 8 (manual TX) exist, else ValueError (PF18 MS `sigfox_test_mode`, `sigfox_api.h`). */
const LAST_SFX_TEST_MODE = 5
const MANUAL_TX_TEST_MODE = 8

function notModelled(what: string): never {
  throw new PythonRaise("NotImplementedError", `fieldnet: Sigfox.${what}() (radio test modes) is not modelled`)
}

/** The methods a script may call on its Sigfox object; the shim has converted the arguments as the firmware's bindings do. */
const METHODS: Readonly<Record<string, (sf: Sigfox, args: readonly unknown[]) => unknown>> = {
  id: (sf) => sf.id(),
  pac: (sf) => sf.pac(),
  mac: (sf) => sf.mac(),
  rssi: (sf) => sf.rssi(),
  frequencies: (sf) => sf.frequencies(),
  /** `config()` reads; `config(words)` sets; `config(None)` is the shim's "words unreadable": only the RCZ check runs, which the firmware does first. */
  config: (sf, a) => {
    if (a.length === 0) return sf.config()
    if (a[0] === null) {
      sf.config()
      return null
    }
    return sf.config(a[0] as number[])
  },
  public_key: (sf, a) => sf.public_key(a.length === 0 ? undefined : Boolean(a[0])),
  version: (sf) => sf.version(),
  info: (sf) => sf.info(),
  reset: (sf) => sf.reset(),
  rssi_offset: (sf, a) => sf.rssi_offset(a.length === 0 ? undefined : (a[0] as number)),
  freq_offset: (sf, a) => sf.freq_offset(a.length === 0 ? undefined : (a[0] as number)),
  test_mode: (_sf, [mode]) => {
    const m = Number(mode)
    if (m < 0 || (m > LAST_SFX_TEST_MODE && m !== MANUAL_TX_TEST_MODE)) throw new ValueError("invalid test mode")
    return notModelled("test_mode")
  },
  cw: () => notModelled("cw"),
}

registerOps({
  /** The class constants on this board: FSK only where the build has it (and with it the `frequency` argument). */
  "sigfox.consts": (c) => ({
    SIGFOX: C.MODE_SIGFOX,
    ...(hasFsk(c.board) ? { FSK: C.MODE_FSK } : {}),
    RCZ1: C.RCZ1,
    RCZ2: C.RCZ2,
    RCZ3: C.RCZ3,
    RCZ4: C.RCZ4,
  }),
  /**
   * `Sigfox(id, mode, rcz, *, frequency)`: id ≠ 0 → OSError; the radio is
   * (re)configured when it is not initialised yet or keyword arguments are
   * given, otherwise the existing object comes back untouched (PF
   * `modsigfox_api.c` `sigfox_make_new`). Created once per boot; released
   * when the boot ends.
   */
  "sigfox.new": (c, [id, mode, rcz, frequency, nKw]) => {
    checkSigfoxId(id as number)
    const cur = current.get(c.handles)
    const args = { mode: mode as number, rcz: rcz as number, frequency: freqArg(frequency) }
    if (cur !== undefined) {
      if (nKw === 0) return cur.h
      if (cur.sf.tx.idle) {
        cur.sf.init(args)
        return cur.h
      }
      return (function* (): ProcessBody<number> {
        yield* cur.sf.initQueued(args)
        return cur.h
      })()
    }
    const sf = new Sigfox(c.device, args, { fsk: hasFsk(c.board) })
    c.device.atShutdown(() => sf.deinit())
    const h = c.handles.add(sf)
    current.set(c.handles, { sf, h })
    return h
  },
  /** `sigfox.init(mode, rcz, *, frequency)`: waits behind queued messages (PF18 MS `sigfox_send_cmd`). */
  "sigfox.init": (c, [h, mode, rcz, frequency]) => {
    const sf = sigfoxOf(c, h)
    const args = { mode: mode as number, rcz: rcz as number, frequency: freqArg(frequency) }
    if (!sf.tx.idle) return sf.initQueued(args)
    sf.init(args)
    return null
  },
  /** Any other method, by name. */
  "sigfox.call": (c, [h, name, ...args]) => {
    const sf = sigfoxOf(c, h)
    const m = typeof name === "string" && Object.hasOwn(METHODS, name) ? METHODS[name] : undefined
    if (m === undefined) throw new PythonRaise("AttributeError", `'Sigfox' object has no attribute '${String(name)}'`)
    return m(sf, args) ?? null
  },
})
