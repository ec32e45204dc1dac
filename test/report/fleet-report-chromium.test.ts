import { spawn } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import { chromium, type Page } from "playwright-core"
import { CHROMIUM, CHROMIUM_ARGS, hasChromium } from "./browser.ts"

/** Runs the CLI without blocking (the two report runs share the 2 cores). */
const run = (...args: string[]) =>
  new Promise<{ code: number | null; err: string }>((done) => {
    const p = spawn(process.execPath, ["bin/fieldnet.js", ...args], { stdio: ["ignore", "ignore", "pipe"] })
    let err = ""
    p.stderr.on("data", (b: Buffer) => (err += b.toString()))
    p.on("close", (code) => done({ code, err }))
  })

const FLEET_CHARTS = ["delivery-vs-distance", "delivery-per-sf", "airtime-cdf", "channel-occupancy", "map"]
const EVIL = "<b>x</b><script>window.__pwned=1</script>"

/** Opens a report with a console watch; returns the page and the problems seen. */
async function open(page: Page, file: string): Promise<string[]> {
  const problems: string[] = []
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`)
  })
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`))
  await page.goto(pathToFileURL(file).href)
  return problems
}

describe("fleet report in headless Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "fieldnet-fleet-report-"))

  it.skipIf(!hasChromium)("fleet-city: every fleet chart renders an SVG with content, the console stays clean; a hostile group name is shown as text", async () => {
    const city = join(dir, "city")
    const evil = join(dir, "evil")
    const spec = join(dir, "evil.json")
    writeFileSync(spec, JSON.stringify({ preset: "fieldnet", gateways: { kind: "single" }, groups: [{ name: EVIL, kind: "lorawan", count: 6, placement: { kind: "disc", radiusM: 150 }, traffic: { kind: "periodic", periodS: 300 }, payloadBytes: 10 }] }))
    const runs = await Promise.all([
      run("run", "scenarios/fleet-city.ts", "--set", "devices=300", "--set", "sigfox=50", "--until", "3h", "--out", city, "--quiet"),
      run("run", "scenarios/fleet.ts", "--set", `spec=${spec}`, "--until", "1h", "--out", evil, "--quiet"),
    ])
    for (const r of runs) expect(r).toEqual({ code: 0, err: "" })
    expect(readFileSync(join(evil, "report.html"), "utf8")).not.toContain("<b>x</b>")

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
      const problems = await open(page, join(city, "report.html"))
      const charts = await page.$$eval("figure[data-chart]", (figs) =>
        figs.map((f) => {
          const svg = f.querySelector("svg")
          const box = svg?.getBoundingClientRect()
          return { id: f.getAttribute("data-chart"), paths: svg?.querySelectorAll("path").length ?? 0, texts: svg?.querySelectorAll("text").length ?? 0, w: box?.width ?? 0, h: box?.height ?? 0 }
        }),
      )
      expect(charts.map((c) => c.id)).toEqual(FLEET_CHARTS)
      for (const c of charts) {
        expect(c.paths, c.id ?? "").toBeGreaterThan(3)
        expect(c.texts, c.id ?? "").toBeGreaterThan(2) // axis labels / title
        expect(c.w).toBeGreaterThan(100)
        expect(c.h).toBeGreaterThan(100)
      }
      // The map draws one symbol per device (350) plus the 7 gateways.
      expect(charts.find((c) => c.id === "map")!.paths).toBeGreaterThan(350)
      const body = await page.textContent("body")
      expect(body).toContain("meters")
      expect(body).toContain("Sigfox message success with 1, 2, 3 frames")
      mkdirSync(resolve("results"), { recursive: true })
      await page.screenshot({ path: resolve("results/report-fleet-city.png"), fullPage: true })
      expect(problems).toEqual([])

      const page2 = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
      const problems2 = await open(page2, join(evil, "report.html"))
      expect(await page2.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
      expect(await page2.$$eval("b", (bs) => bs.filter((b) => b.textContent === "x").length)).toBe(0)
      expect(await page2.textContent("body")).toContain(EVIL) // shown literally
      expect(problems2).toEqual([])
    } finally {
      await browser.close()
    }
  })

  if (!hasChromium) console.warn(`fleet report browser test SKIPPED: ${CHROMIUM} not found (install Debian's chromium; .ci/run does)`)
})
