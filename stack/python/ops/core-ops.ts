import { park, type ProcessBody } from "../../../sim/index.ts"
import { NEWLIB_ERRNO } from "../../errors/errno.ts"
import type { Board } from "../boards.ts"
import { Lifecycle, registerOps, type OpContext } from "../ops.ts"
import { workerImage } from "../worker-image.ts"

/** Module names a script imports → the shim file that serves them (when the board has it). */
const SHIMS: readonly (readonly [readonly string[], string, (b: Board) => boolean])[] = [
  [["socket", "usocket"], "_fn_socket", () => true],
  [["select", "uselect"], "_fn_select", () => true],
  [["time", "utime"], "_fn_time", () => true],
  [["errno", "uerrno"], "_fn_errno", () => true],
  [["os", "uos"], "_fn_os", () => true],
  [["sys", "usys"], "_fn_sys", () => true],
  [["network"], "_fn_network", () => true],
  [["machine", "umachine"], "_fn_machine", () => true],
  [["pycom"], "_fn_pycom", (b) => b.profile === "pycom"],
  [["ssl"], "_fn_ssl", () => true],
  // MicroPython 1.27 freezes ssl.py (micropython-lib): the u-prefixed alias only covers built-in modules.
  [["ussl"], "_fn_ssl", (b) => b.name !== "micropython"],
  [["asyncio", "uasyncio"], "_fn_asyncio", () => true],
  [["log"], "_fn_log", (b) => b.profile === "quecpython"],
  [["checkNet"], "_fn_checknet", (b) => b.profile === "quecpython"],
  [["dataCall"], "_fn_datacall", (b) => b.profile === "quecpython"],
]

/**
 * Modules a script cannot import: the bridge to the worker's JavaScript
 * (`js`, `jsffi`, the host channel) and `_thread`, which the WebAssembly
 * build does not have — a board built without threads raises the same
 * ImportError (docs/python.md).
 */
export const REFUSED_MODULES = ["js", "jsffi", "_fieldnet_host", "_thread", "pyscript"] as const

function shimTable(board: Board): Record<string, string> {
  const files = workerImage().shims
  const out: Record<string, string> = {}
  for (const [names, file, has] of SHIMS) {
    if (!has(board) || files[`${file}.py`] === undefined) continue
    for (const n of names) out[n] = file
  }
  return out
}

/** Parks forever: the device sits at its REPL; soft interrupts still run while it waits. */
function* idle(): ProcessBody<null> {
  yield* park()
  return null
}

registerOps(
  {
    /** What the shims need to know about the board at import time. */
    "sys.info": (c: OpContext) => ({
      board: c.board.name,
      profile: c.device.profile.name,
      platform: c.board.platform,
      uname: c.board.uname,
      epochYear: c.board.epochYear,
      errnos: c.device.profile.errno,
      errnoTable: c.device.profile.errno === NEWLIB_ERRNO ? "newlib" : "linux",
      radios: c.board.radios,
      shims: shimTable(c.board),
      refused: REFUSED_MODULES,
      repl: c.device.replMode,
    }),
    /** main.py (or boot.py without a main.py) ended; the board idles at its REPL. */
    "main.end": (c: OpContext, [file, status]) => {
      c.world.log(c.device.name, "py.main.end", { file: String(file), status: String(status) })
      return idle()
    },
    /** An exception escaped boot.py or main.py; the script has printed the traceback. */
    "main.error": (c: OpContext, [file, type, traceback]) => {
      c.world.log(c.device.name, "py.exception", { file: String(file), type: String(type), traceback: String(traceback) })
      if (type === "MemoryError") c.world.log(c.device.name, "py.memory", { limitMb: c.device.memoryLimitBytes / 1048576, text: `the script ran out of its ${c.device.memoryLimitBytes / 1048576} MiB memory limit` })
      return null
    },
    /** `sys.exit()` in boot.py/main.py: MicroPython ports soft-reset (pyexec forced exit). */
    "main.soft_reset": () => new Lifecycle("reset", "SOFT_RESET"),
    /** The bootstrap itself ended (an internal fault): the device idles, traced. */
    "main.exit": (c: OpContext, [why]) => {
      c.world.log(c.device.name, "py.internal", { text: String(why) })
      return idle()
    },
    /** A REPL transcript was fed in full. */
    "repl.end": (c: OpContext) => {
      c.world.log(c.device.name, "py.repl.end", {})
      return idle()
    },
  },
  0,
)
