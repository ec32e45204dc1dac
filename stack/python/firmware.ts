import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { basename, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import type { Simulation } from "../../sim/index.ts"
import { FirmwareError } from "./firmware-error.ts"

/**
 * A device's /flash: relative path → content; `null` marks an empty
 * directory. This is what survives a reset or deep sleep.
 */
export type FlashImage = Map<string, Uint8Array | null>

/** Where a device's program comes from: files given inline, or a path on the host (a .py file or a folder). */
export type FirmwareSource = { readonly files: Readonly<Record<string, string | Uint8Array>> } | { readonly path: string | URL }

const utf8 = new TextEncoder()
/** Folders and files skipped when a firmware folder is read. */
const SKIPPED = /^(\.|__pycache__$|node_modules$)/
/** A board's flash holds a few MiB; more than this is a wrong folder, not firmware. */
const MAX_FIRMWARE_BYTES = 16 * 1024 * 1024

/** Firmware each world read from disk, by the path it was given (a replay file embeds it). */
const loadedBy = new WeakMap<Simulation, Map<string, Record<string, string>>>()
/** Firmware to use instead of the disk, by absolute path (a replay carries its firmware). */
const overrides = new Map<string, Record<string, string>>()

function toImage(files: Readonly<Record<string, string>>): FlashImage {
  const out: FlashImage = new Map()
  for (const [k, v] of Object.entries(files)) out.set(k, k.endsWith("/") ? null : Uint8Array.from(Buffer.from(v, "base64")))
  return out
}

function readFolder(root: string, dir: string, out: Record<string, string>, total: { bytes: number }): void {
  for (const name of readdirSync(dir).sort()) {
    if (SKIPPED.test(name)) continue
    const path = join(dir, name)
    const rel = relative(root, path).split("\\").join("/")
    const st = statSync(path)
    if (st.isDirectory()) {
      out[`${rel}/`] = ""
      readFolder(root, path, out, total)
    } else if (st.isFile()) {
      total.bytes += st.size
      if (total.bytes > MAX_FIRMWARE_BYTES) throw new FirmwareError(`firmware folder ${root} holds more than ${MAX_FIRMWARE_BYTES >> 20} MiB: is it the right folder?`)
      out[rel] = readFileSync(path).toString("base64")
    }
  }
}

/**
 * Reads firmware from the host: a `.py` file becomes the device's `main.py`;
 * a folder is copied whole (`boot.py`, `main.py`, `lib/`, data files) and must
 * hold a `main.py` or `boot.py`. Errors are {@link FirmwareError}s naming the path.
 */
export function readFirmware(path: string): Record<string, string> {
  const abs = resolve(path)
  const given = overrides.get(abs)
  if (given !== undefined) return given
  if (!existsSync(abs)) throw new FirmwareError(`firmware not found: ${path}`)
  const st = statSync(abs)
  let files: Record<string, string>
  if (st.isDirectory()) {
    files = {}
    readFolder(abs, abs, files, { bytes: 0 })
    if (files["main.py"] === undefined && files["boot.py"] === undefined) throw new FirmwareError(`firmware folder ${path} has no main.py or boot.py`)
  } else if (st.isFile()) {
    if (!abs.endsWith(".py")) throw new FirmwareError(`firmware ${path}: expected a .py file or a folder holding main.py`)
    files = { "main.py": readFileSync(abs).toString("base64") }
  } else throw new FirmwareError(`firmware ${path} is neither a file nor a folder`)
  return files
}

/** The flash image of a firmware source; files read from disk are remembered for `world`'s replay file. */
export function flashImageOf(source: FirmwareSource, world?: Simulation): FlashImage {
  if ("path" in source) {
    const path = typeof source.path === "string" ? source.path : fileURLToPath(source.path)
    const files = readFirmware(path)
    if (world !== undefined) {
      let m = loadedBy.get(world)
      if (m === undefined) loadedBy.set(world, (m = new Map()))
      m.set(relative(process.cwd(), resolve(path)) || ".", files)
    }
    return toImage(files)
  }
  const out: FlashImage = new Map()
  for (const [k, v] of Object.entries(source.files)) out.set(k, k.endsWith("/") ? null : typeof v === "string" ? utf8.encode(v) : v)
  return out
}

/** The firmware `world`'s devices read from disk (path relative to the working directory → its files, base64), for a replay file. */
export function loadedFirmware(world: Simulation): Record<string, Record<string, string>> {
  return Object.fromEntries(loadedBy.get(world) ?? [])
}

/**
 * Makes later reads of these paths (relative to the working directory)
 * return the given files instead of the disk, so a replay re-runs the
 * firmware it recorded even after the files changed. An empty map clears it.
 */
export function setFirmwareOverrides(files: Readonly<Record<string, Record<string, string>>>): void {
  overrides.clear()
  for (const [k, v] of Object.entries(files)) overrides.set(resolve(k), v)
}

/** The flash image as the worker's boot configuration wants it (relative path → base64). */
export function imageToBase64(image: FlashImage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of image) out[k] = v === null ? "" : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")
  return out
}

/** A name for a firmware source in traces: the file or folder name, or "inline". */
export function firmwareLabel(source: FirmwareSource): string {
  return "path" in source ? basename(typeof source.path === "string" ? resolve(source.path) : fileURLToPath(source.path)) : "inline"
}
