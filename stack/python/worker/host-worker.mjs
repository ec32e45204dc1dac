// One simulated board's MicroPython interpreter, in its own worker thread.
//
// The simulator (main thread) drives it in strict lock-step through shared
// memory (layout.mjs): Python runs only while the main thread waits, and every
// call that takes time is a request the main thread answers in sim time. This
// file keeps the interpreter deterministic and sandboxed before it loads: the
// wall clock reads the sim clock, host randomness is a seeded generator, timers
// are refused, the console goes nowhere, and after boot the `js` bridge sees an
// empty object instead of the worker's globalThis.
//
// Plain JavaScript: a worker cannot load TypeScript without a loader, and a
// loader would cost boot time and memory on every device.
import { workerData } from "node:worker_threads"
import * as L from "./layout.mjs"

const { sab, wasmModule, shims } = workerData
const ctl = new Int32Array(sab, 0, L.CONTROL_WORDS)
const clock = new Float64Array(sab, L.SIM_NOW_OFFSET, 1)
const data = new Uint8Array(sab, L.DATA_OFFSET, L.DATA_BYTES)
const ring = new Uint8Array(sab, L.DATA_OFFSET + L.DATA_BYTES, L.OUT_BYTES)
const RING_MASK = L.OUT_BYTES - 1
const enc = new TextEncoder()
const dec = new TextDecoder()

// ---- determinism ------------------------------------------------------------
// The interpreter's own clocks (mp_js_ticks_ms, mp_js_time_ms) read Date.now.
const simMs = () => Math.floor(clock[0] / 1000)
Date.now = simMs
Object.defineProperty(globalThis.performance, "now", { value: () => clock[0] / 1000, configurable: true, writable: true })

// xorshift128 seeded by the device's named stream (set at boot); it backs
// crypto.getRandomValues (MicroPython seeds `random` from it) and Math.random.
// Node's own crypto module is never loaded here (it would cost every worker
// ~10 ms); the glue's /dev/random and /dev/urandom, which would load it, are
// removed after boot (a board has no such files).
const rs = new Uint32Array([0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x5851f42d])
function nextU32() {
  let t = rs[3]
  const s = rs[0]
  rs[3] = rs[2]
  rs[2] = rs[1]
  rs[1] = s
  t ^= t << 11
  t ^= t >>> 8
  rs[0] = t ^ s ^ (s >>> 19)
  return rs[0]
}
function fillRandom(view) {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  for (let i = 0; i < bytes.length; i++) bytes[i] = nextU32() & 0xff
  return view
}
Object.defineProperty(globalThis, "crypto", { value: Object.freeze({ getRandomValues: fillRandom }), configurable: true, writable: true })
Math.random = () => nextU32() / 4294967296

// Nothing in a device may wait on host time.
const noTimers = () => {
  throw new Error("fieldnet: a simulated device has no host timers")
}
// The emscripten glue prints memory-growth warnings through the console.
const quiet = () => {}
console.log = quiet
console.warn = quiet
console.error = quiet
console.info = quiet

// ---- memory cap ---------------------------------------------------------------
// A refused grow makes MicroPython's allocator fail, and Python raises MemoryError.
let memoryCap = Infinity
const grow = WebAssembly.Memory.prototype.grow
WebAssembly.Memory.prototype.grow = function (pages) {
  if (this.buffer.byteLength + pages * 65536 > memoryCap) throw new RangeError("fieldnet: device memory limit")
  return grow.call(this, pages)
}

// The simulator compiles the .wasm once and hands every worker the module.
if (wasmModule !== undefined) {
  const instantiate = WebAssembly.instantiate
  WebAssembly.instantiate = async (_binary, imports) => ({ module: wasmModule, instance: await instantiate(wasmModule, imports) })
}

// ---- the channel ------------------------------------------------------------------
let outHead = 0

function post(message) {
  const r = enc.encodeInto(message, data)
  if (r.read < message.length) return false
  ctl[L.W_LEN] = r.written
  Atomics.store(ctl, L.W_STATE, L.STATE_REQUEST)
  Atomics.notify(ctl, L.W_STATE)
  return true
}

/** Polls of the state word before sleeping on it: the simulator usually answers within microseconds. */
const SPIN = 20000

function awaitReply() {
  for (let i = 0; i < SPIN && Atomics.load(ctl, L.W_STATE) !== L.STATE_REPLY; i++);
  while (Atomics.load(ctl, L.W_STATE) !== L.STATE_REPLY) Atomics.wait(ctl, L.W_STATE, L.STATE_REQUEST)
  const reply = dec.decode(data.slice(0, ctl[L.W_LEN]))
  Atomics.store(ctl, L.W_STATE, L.STATE_RUNNING)
  return reply
}

/** Posts one message, waits for the answer; control messages ("!…") from the main thread are served in between. */
function exchange(message) {
  if (!post(message)) return 'E["ValueError","fieldnet: a host call larger than the 2 MiB channel"]'
  for (;;) {
    const reply = awaitReply()
    if (reply.charCodeAt(0) !== 33 /* ! */) return reply
    post(control(reply))
  }
}

/** While true, what the interpreter prints is dropped (its own REPL banner). */
let quietOut = false

function writeOut(bytes) {
  if (quietOut) return
  for (let i = 0; i < bytes.length; i++) {
    if (((outHead - Atomics.load(ctl, L.W_OUT_TAIL)) | 0) >= L.OUT_BYTES) {
      post("!flush")
      for (;;) {
        const r = awaitReply()
        if (r === "!ok") break
        post(control(r))
      }
    }
    ring[outHead & RING_MASK] = bytes[i]
    outHead = (outHead + 1) | 0
    Atomics.store(ctl, L.W_OUT_HEAD, outHead)
  }
}

// ---- the interpreter ------------------------------------------------------------
let mp

function b64(u8) {
  return Buffer.from(u8).toString("base64")
}

function walk(dir, out, prefix) {
  for (const name of mp.FS.readdir(dir)) {
    if (name === "." || name === "..") continue
    const path = `${dir}/${name}`
    const st = mp.FS.stat(path)
    if (mp.FS.isDir(st.mode)) {
      out[`${prefix}${name}/`] = ""
      walk(path, out, `${prefix}${name}/`)
    } else out[`${prefix}${name}`] = b64(mp.FS.readFile(path))
  }
}

/** Answers a control message from the main thread. */
function control(message) {
  if (message === "!dump") {
    const files = {}
    try {
      walk("/flash", files, "")
    } catch {
      /* no /flash yet */
    }
    return "!files:" + JSON.stringify(files)
  }
  return "!unknown"
}

function writeTree(root, files, binary) {
  mp.FS.mkdirTree(root)
  for (const [rel, content] of Object.entries(files)) {
    const path = `${root}/${rel}`
    if (rel.endsWith("/")) {
      mp.FS.mkdirTree(path.slice(0, -1))
      continue
    }
    const dir = path.slice(0, path.lastIndexOf("/"))
    if (dir.length > 0) mp.FS.mkdirTree(dir)
    // Bytes, not a string: the glue converts a string one character at a time.
    mp.FS.writeFile(path, binary ? Buffer.from(content, "base64") : enc.encode(content))
  }
}

/**
 * A host function Python can call, with no prototype to climb from: no
 * `.constructor`, `.apply` or `.bind` leads back to JavaScript's Function. The
 * bridge invokes some functions as `f.call(thisArg, ...args)`, so `call` is an
 * own property, itself sealed.
 */
function sealed(fn) {
  const f = (...args) => fn(...args)
  const viaCall = (_thisArg, ...args) => fn(...args)
  Object.setPrototypeOf(viaCall, null)
  Object.setPrototypeOf(f, null)
  Object.defineProperty(f, "call", { value: viaCall })
  return f
}

/** Loads the interpreter, waits for the device's configuration, runs its firmware. Never returns. */
async function main() {
  const { loadMicroPython } = await import("@micropython/micropython-webassembly-pyscript")
  mp = await loadMicroPython({ stdout: writeOut, stderr: writeOut, linebuffer: false })
  const host = Object.create(null)
  host.call = sealed((message) => exchange(message))
  mp.registerJsModule("_fieldnet_host", host)
  writeTree("/_fn", shims, false)
  for (const dev of ["/dev/random", "/dev/urandom"]) {
    try {
      mp.FS.unlink(dev)
    } catch {
      /* not there */
    }
  }

  // The bridge's reference 0 is globalThis (the `js` module): replace it before any device code runs.
  globalThis.proxy_js_ref[0] = Object.freeze(Object.create(null))
  globalThis.setTimeout = noTimers
  globalThis.setInterval = noTimers
  globalThis.setImmediate = noTimers

  // Wait for this device's configuration.
  post("!ready")
  let config
  for (;;) {
    const r = awaitReply()
    if (r.startsWith("!boot:")) {
      config = JSON.parse(r.slice(6))
      break
    }
    post(control(r))
  }
  rs.set(config.seed)
  if (rs[0] === 0 && rs[1] === 0 && rs[2] === 0 && rs[3] === 0) rs[0] = 1
  memoryCap = config.memoryLimitBytes
  writeTree("/flash", config.files, true)

  let outcome
  try {
    mp.runPython("import sys\nsys.path.insert(0, '/_fn')\nimport _fn_boot")
    if (config.repl !== undefined) {
      // The interpreter's banner names the WebAssembly build; the board's own is printed instead.
      quietOut = true
      mp.replInit()
      quietOut = false
      writeOut(enc.encode(config.banner + '\r\nType "help()" for more information.\r\n>>> '))
      for (const line of config.repl) {
        for (const ch of enc.encode(line + "\r")) mp.replProcessChar(ch)
      }
      outcome = '["repl.end"]'
    } else outcome = '["main.exit","returned"]'
  } catch (error) {
    outcome = JSON.stringify(["main.exit", String(error && error.message ? error.message : error)])
  }
  // The device stays in its REPL until the simulator ends it; an error here is a fault on the host side.
  for (;;) {
    const r = exchange(outcome)
    if (r.charCodeAt(0) !== 82 /* R */) throw new Error("the simulator refused the end of the script: " + r.slice(0, 300))
  }
}

main().catch((error) => {
  // Tell the simulator instead of dying silently while it waits.
  post("!fatal:" + String(error && error.stack ? error.stack : error))
})
