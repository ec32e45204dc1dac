import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const hasScript = existsSync("/usr/bin/script")
if (!hasScript) console.warn("progress TTY test SKIPPED: /usr/bin/script (util-linux) not found")

describe("progress output", () => {
  it.skipIf(!hasScript)("shows sim time, %, events/s and ETA on stderr when it is a TTY", () => {
    const log = join(mkdtempSync(join(tmpdir(), "fieldnet-tty-")), "tty.txt")
    const cmd = "node bin/fieldnet.js run scenarios/ping-pong.ts --set rounds=400000 --set intervalMs=10 --until 70min"
    const r = spawnSync("/usr/bin/script", ["-qc", cmd, log], { encoding: "utf8" })
    expect(r.status).toBe(0)
    const screen = readFileSync(log, "utf8")
    expect(screen).toMatch(/\r\d+m\d{2}\.\d{6}s \d+\.\d% {2}\d+ events\/s {2}ETA \d+\.\ds/)
  })

  it("prints no progress when stderr is not a TTY", () => {
    const r = spawnSync(process.execPath, ["bin/fieldnet.js", "run", "scenarios/ping-pong.ts", "--set", "rounds=400000", "--set", "intervalMs=10", "--until", "70min", "--quiet"], { encoding: "utf8" })
    expect(r.status).toBe(0)
    expect(r.stderr).toBe("")
  })
})
