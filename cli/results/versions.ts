import { readFileSync } from "node:fs"

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string
  dependencies?: Record<string, string>
}

/** Versions recorded in a manifest: fieldnet, Node and the runtime dependencies. */
export function versions(): Record<string, string> {
  return { fieldnet: pkg.version, node: process.versions.node, ...(pkg.dependencies ?? {}) }
}
