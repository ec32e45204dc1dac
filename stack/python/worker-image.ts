import { readdirSync, readFileSync, statSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import type { WorkerImage } from "./interpreter.ts"

/** The pinned interpreter: the official MicroPython WebAssembly build (PyScript variant). */
export const INTERPRETER_PACKAGE = "@micropython/micropython-webassembly-pyscript"

const PY_DIR = fileURLToPath(new URL("./py/", import.meta.url))

let cached: WorkerImage | undefined
/** Node's WebAssembly global (its types are in the DOM lib, which this project does not load). */
const wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } }).WebAssembly

function readTree(dir: string, out: Record<string, string>): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) readTree(path, out)
    else if (name.endsWith(".py")) out[relative(PY_DIR, path).split("\\").join("/")] = readFileSync(path, "utf8")
  }
}

/**
 * The compiled interpreter and the Python shim modules (`stack/python/py`),
 * built once per process and shared by every worker: compiling the .wasm once
 * saves each device's boot about 15 ms.
 */
export function workerImage(): WorkerImage {
  if (cached !== undefined) return cached
  const require = createRequire(import.meta.url)
  const wasmPath = join(dirname(require.resolve(INTERPRETER_PACKAGE)), "micropython.wasm")
  const wasmModule = new wasm.Module(readFileSync(wasmPath))
  const shims: Record<string, string> = {}
  readTree(PY_DIR, shims)
  cached = { wasmModule, shims }
  return cached
}

/** The interpreter package's version, for manifests and benchmarks. */
export function interpreterVersion(): string {
  const require = createRequire(import.meta.url)
  return (require(`${INTERPRETER_PACKAGE}/package.json`) as { version: string }).version
}
