import { existsSync } from "node:fs"

/** Debian's Chromium, installed by .ci/run; the report tests skip visibly where it cannot exist. */
export const CHROMIUM = "/usr/bin/chromium"
export const hasChromium = existsSync(CHROMIUM)

/** Launch flags for a sandboxed, offline machine (see env machines/node.md). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]
