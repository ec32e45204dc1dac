import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import { chromium } from "playwright-core"
import { renderReport } from "../../cli/report/html.ts"
import { CHROMIUM, CHROMIUM_ARGS, hasChromium } from "./browser.ts"

const run = (...args: string[]) => spawnSync(process.execPath, ["bin/fieldnet.js", ...args], { encoding: "utf8" })

describe("results directory and report", () => {
  const dir = mkdtempSync(join(tmpdir(), "fieldnet-out-"))

  it("--out writes manifest, summary, devices.csv and report.html; same run ⇒ same report bytes", () => {
    const a = join(dir, "a")
    const b = join(dir, "b")
    for (const d of [a, b]) expect(run("run", "scenarios/ping-pong.ts", "--seed", "2", "--out", d, "--trace", "--quiet").status).toBe(0)
    const manifest = JSON.parse(readFileSync(join(a, "manifest.json"), "utf8")) as Record<string, unknown>
    expect(manifest).toMatchObject({ scenario: "ping-pong", seed: 2, scenarioFile: "scenarios/ping-pong.ts" })
    expect(Object.keys(manifest.versions as object)).toEqual(expect.arrayContaining(["fieldnet", "node", "effect", "pino"]))
    expect(manifest.files).toEqual(expect.arrayContaining(["summary.json", "devices.csv", "report.html", "manifest.json", "trace.ndjson"]))
    const summary = JSON.parse(readFileSync(join(a, "summary.json"), "utf8")) as { digest: string }
    expect(manifest.digest).toBe(summary.digest)
    expect(readFileSync(join(a, "devices.csv"), "utf8").split("\n")[0]).toBe("node,role,sent,received,lost")
    expect(readFileSync(join(a, "report.html"))).toEqual(readFileSync(join(b, "report.html")))
  })

  it("escapes user-supplied strings", () => {
    const html = renderReport({
      title: `<script>alert("t")</script>`,
      facts: [["param <b>", `"><img src=x onerror=alert(1)>`]],
      metrics: { "<i>m</i>": 1 },
      tables: [{ title: "<evil-title>", columns: ["<evil-col>"], rows: [["<evil-cell>"]] }],
      charts: [{ kind: "bar", id: `x"y`, title: "<svg onload=alert(1)>", xLabel: "<evil-x>", yLabel: "y", categories: ["<evil-cat>"], series: [{ name: "<evil-s>", values: [1] }] }],
    })
    expect(html).not.toMatch(/<script>|<img|<b>|<i>m|<evil-|<svg onload/)
    expect(html).toContain("&lt;script&gt;")
    expect(html).toContain('data-chart="x&quot;y"')
  })

  it.skipIf(!hasChromium)("renders every chart in headless Chromium with a clean console", async () => {
    const out = join(dir, "browser")
    expect(run("run", "scenarios/ping-pong.ts", "--seed", "2", "--out", out, "--quiet").status).toBe(0)
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
      const problems: string[] = []
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`)
      })
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`))
      await page.goto(pathToFileURL(join(out, "report.html")).href)
      const charts = await page.$$eval("figure[data-chart]", (figs) =>
        figs.map((f) => {
          const svg = f.querySelector("svg")
          const box = svg?.getBoundingClientRect()
          return { id: f.getAttribute("data-chart"), paths: svg?.querySelectorAll("path").length ?? 0, w: box?.width ?? 0, h: box?.height ?? 0 }
        }),
      )
      expect(charts.map((c) => c.id)).toEqual(["rtt-cdf", "rtt-time"])
      for (const c of charts) {
        expect(c.paths).toBeGreaterThan(3)
        expect(c.w).toBeGreaterThan(100)
        expect(c.h).toBeGreaterThan(100)
      }
      mkdirSync(resolve("results"), { recursive: true })
      await page.screenshot({ path: resolve("results/report-ping-pong.png"), fullPage: true })
      expect(problems).toEqual([])
    } finally {
      await browser.close()
    }
  })

  if (!hasChromium) console.warn(`report browser test SKIPPED: ${CHROMIUM} not found (install Debian's chromium; .ci/run does)`)
})
