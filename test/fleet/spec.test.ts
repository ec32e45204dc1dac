import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { decodeFleetSpec, FleetSpecError } from "../../stack/fleet/spec.ts"

const meters = {
  name: "meters",
  kind: "lorawan",
  count: 100,
  placement: { kind: "disc", radiusM: 2000 },
  traffic: { kind: "periodic", periodS: 600, jitterS: 30 },
  payloadBytes: 20,
}
const trackers = { name: "trackers", kind: "sigfox", count: 50, placement: { kind: "rect", widthM: 1000, heightM: 500 }, traffic: { kind: "poisson", meanS: 900 }, payloadBytes: 12 }
const base = { preset: "fieldnet", groups: [meters, trackers], gateways: { kind: "hex", count: 7, spacingM: 3000 } }

/** The message of the FleetSpecError that decoding `input` throws. */
function error(input: unknown, root?: string): string {
  try {
    decodeFleetSpec(input, root)
  } catch (e) {
    expect(e).toBeInstanceOf(FleetSpecError)
    return (e as Error).message
  }
  throw new Error("decoded without an error")
}

/** `base` with group `i` changed. */
const withGroup = (i: number, change: Record<string, unknown>) => ({ ...base, groups: base.groups.map((g, k) => (k === i ? { ...g, ...change } : g)) })

describe("decodeFleetSpec: valid specs", () => {
  it("decodes, filling the defaults (sf for LoRa, sigfoxFrames for Sigfox)", () => {
    const spec = decodeFleetSpec(base)
    expect(spec.groups[0]).toEqual({ ...meters, sf: "smallest" })
    expect(spec.groups[1]).toEqual({ ...trackers, sigfoxFrames: 3 })
    expect(spec.gateways).toEqual(base.gateways)
    expect(spec.preset).toBe("fieldnet")
  })

  it("accepts every placement, traffic and layout kind and every option", () => {
    const groups = [
      { ...meters, name: "a", placement: { kind: "disc", radiusM: 500, minRadiusM: 100, center: { x: 1, y: 2 } }, sf: "fixed", fixedSf: 9, payloadBytes: 115, confirmedShare: 0.2, txPowerDbm: 14, bursts: { meanIntervalS: 3600, share: 0.3, spreadS: 60 } },
      { ...meters, name: "b", kind: "lora-raw", placement: { kind: "grid", spacingM: 25 }, sf: "random", payloadBytes: 255 },
      { ...meters, name: "c", placement: { kind: "clusters", clusters: 4, radiusM: 3000, clusterRadiusM: 100 }, sf: "adr", traffic: { kind: "poisson", meanS: 60 } },
      { ...meters, name: "d", count: 2, placement: { kind: "points", points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] } },
      { ...trackers, name: "e", sigfoxFrames: 1, payloadBytes: 0 },
    ]
    for (const gateways of [{ kind: "single" }, { kind: "grid", count: 4, spacingM: 1000 }, { kind: "ring", count: 3, radiusM: 800, center: { x: 5, y: 5 } }, { kind: "points", points: [{ x: 0, y: 0, id: "roof" }] }]) {
      const spec = decodeFleetSpec({ preset: "lorasim", groups, gateways, sigfoxStations: { kind: "single" }, regionChannelsHz: [868100000, 868300000] })
      expect(spec.groups.map((g) => g.name)).toEqual(["a", "b", "c", "d", "e"])
      expect(spec.gateways).toEqual(gateways)
      expect(spec.sigfoxStations).toEqual({ kind: "single" })
    }
  })

  it("loads CSV placements and sites (relative to baseDir) into points, keeping the file name", () => {
    const dir = mkdtempSync(join(tmpdir(), "fleet-spec-"))
    writeFileSync(join(dir, "meters.csv"), "x,y\n1,2\n3,4\n5,6\n")
    writeFileSync(join(dir, "gw.csv"), "x;y;id\n0;0;roof\n")
    const spec = decodeFleetSpec(
      { ...base, groups: [{ ...meters, count: 3, placement: { kind: "csv", path: "meters.csv" } }], gateways: { kind: "csv", path: "gw.csv" } },
      "fleet",
      { baseDir: dir },
    )
    expect(spec.groups[0]!.placement).toEqual({ kind: "points", points: [{ x: 1, y: 2 }, { x: 3, y: 4 }, { x: 5, y: 6 }], source: "meters.csv" })
    expect(spec.gateways).toEqual({ kind: "points", points: [{ x: 0, y: 0, id: "roof" }], source: "gw.csv" })
  })

  it("the README example decodes", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8")
    const section = readme.slice(readme.indexOf("## Fleet specs"))
    const json = section.slice(section.indexOf("```json") + 7, section.indexOf("```", section.indexOf("```json") + 7))
    const dir = mkdtempSync(join(tmpdir(), "fleet-readme-"))
    writeFileSync(join(dir, "trackers.csv"), Array.from({ length: 500 }, (_, i) => `${i},${-i}`).join("\n"))
    const spec = decodeFleetSpec(JSON.parse(json), "fleet", { baseDir: dir })
    expect(spec.groups.map((g) => [g.name, g.count, g.placement.kind])).toEqual([
      ["meters", 5000, "disc"],
      ["trackers", 500, "points"],
    ])
  })

  test.prop([
    fc.array(
      fc.record({
        count: fc.nat(10_000),
        radiusM: fc.double({ min: 1, max: 1e5, noNaN: true }),
        periodS: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
        payloadBytes: fc.integer({ min: 1, max: 51 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  ])("any well-formed spec decodes to itself plus defaults", (gs) => {
    const groups = gs.map((g, i) => ({ name: `g${i}`, kind: "lorawan", count: g.count, placement: { kind: "disc", radiusM: g.radiusM }, traffic: { kind: "periodic", periodS: g.periodS }, payloadBytes: g.payloadBytes }))
    const spec = decodeFleetSpec({ preset: "ns3", groups, gateways: { kind: "single" } })
    expect(spec.groups).toEqual(groups.map((g) => ({ ...g, sf: "smallest" })))
  })
})

describe("decodeFleetSpec: a bad field is named by its path", () => {
  it("the example from the issue", () => {
    expect(error(withGroup(1, { traffic: { kind: "periodic", periodS: -5 } }))).toBe("fleet.groups[1].traffic.periodS: Expected a value greater than 0, got -5")
  })

  /** Per field of a group: a bad value and the start of the expected message. */
  const badGroupFields: [string, unknown, string][] = [
    ["name", "", "name: Expected a value with a length of at least 1, got \"\""],
    ["kind", "lte-m", 'kind: Expected "lorawan" | "lora-raw" | "sigfox", got "lte-m"'],
    ["count", -1, "count: Expected a value greater than or equal to 0, got -1"],
    ["count", 2.5, "count: Expected an integer, got 2.5"],
    ["count", "10", 'count: Expected number, got "10"'],
    ["placement", { kind: "disc", radiusM: 0 }, "placement.radiusM: Expected a value greater than 0, got 0"],
    ["placement", { kind: "circle", radiusM: 10 }, 'placement.kind: Expected "disc" | "rect" | "grid" | "clusters" | "points" | "csv", got "circle"'],
    ["placement", { radiusM: 10 }, 'placement.kind: Missing key ("disc" | "rect" | "grid" | "clusters" | "points" | "csv")'],
    ["placement", "disc", 'placement: Expected an object with "kind" "disc" | "rect" | "grid" | "clusters" | "points" | "csv", got "disc"'],
    ["placement", { kind: "rect", widthM: 10 }, "placement.heightM: Missing key (required)"],
    ["placement", { kind: "clusters", clusters: 0, radiusM: 1, clusterRadiusM: 1 }, "placement.clusters: Expected a value greater than or equal to 1, got 0"],
    ["placement", { kind: "disc", radiusM: 10, center: { x: 1, y: null } }, "placement.center.y: Expected number, got null"],
    ["placement", { kind: "points", points: [{ x: 0, y: 0 }, { x: 1 }] }, "placement.points[1].y: Missing key (required)"],
    ["traffic", { kind: "poisson", meanS: 0 }, "traffic.meanS: Expected a value greater than 0, got 0"],
    ["traffic", { kind: "periodic", periodS: 10, jitter: 1 }, "traffic.jitter: unknown field"],
    ["traffic", { kind: "periodic", periodS: 10, jitterS: -1 }, "traffic.jitterS: Expected a value greater than or equal to 0, got -1"],
    ["bursts", { meanIntervalS: 10, share: 1.5, spreadS: 1 }, "bursts.share: Expected a value between 0 and 1, got 1.5"],
    ["payloadBytes", 3.5, "payloadBytes: Expected an integer, got 3.5"],
    ["sf", "slowest", 'sf: Expected "fixed" | "random" | "smallest" | "adr", got "slowest"'],
    ["fixedSf", 6, "fixedSf: Expected a value between 7 and 12, got 6"],
    ["confirmedShare", -0.1, "confirmedShare: Expected a value between 0 and 1, got -0.1"],
    ["sigfoxFrames", 4, "sigfoxFrames: Expected 1 | 2 | 3, got 4"],
    ["colour", "red", "colour: unknown field"],
  ]

  test.prop([fc.constantFrom(...badGroupFields), fc.integer({ min: 1, max: 6 }), fc.nat(5)])("a bad group field anywhere in the list names groups[i].field", ([field, value, message], groupCount, pick) => {
    const i = pick % groupCount
    const groups = Array.from({ length: groupCount }, (_, k) => ({ ...meters, name: `g${k}` }))
    groups[i] = { ...groups[i]!, [field]: value }
    expect(error({ ...base, groups })).toBe(`fleet.groups[${i}].${message}`)
  })

  test.prop([
    fc.constantFrom<[string, unknown, string]>(
      ["preset", "omnet", 'preset: Expected "fieldnet" | "lorasim" | "ns3", got "omnet"'],
      ["groups", [], "groups: Expected a value with a length of at least 1, got []"],
      ["groups", {}, "groups: Expected array, got {}"],
      ["gateways", { kind: "hex", count: 0, spacingM: 10 }, "gateways.count: Expected a value greater than or equal to 1, got 0"],
      ["gateways", { kind: "star" }, 'gateways.kind: Expected "single" | "grid" | "hex" | "ring" | "points" | "csv", got "star"'],
      ["gateways", { kind: "points", points: [{ x: 0, y: 0, id: "" }] }, 'gateways.points[0].id: Expected a value with a length of at least 1, got ""'],
      ["sigfoxStations", { kind: "ring", count: 3 }, "sigfoxStations.radiusM: Missing key (required)"],
      ["regionChannelsHz", [868100000, -1], "regionChannelsHz[1]: Expected a value greater than 0, got -1"],
      ["regionChannelsHz", [868100000, 868100000], "regionChannelsHz[1]: duplicate channel 868100000"],
      ["extra", 1, "extra: unknown field"],
    ),
    fc.constantFrom("fleet", "scenario.params.fleet", "spec"),
  ])("a bad top-level field names its path under the given root", ([field, value, message], root) => {
    expect(error({ ...base, [field]: value }, root)).toBe(`${root}.${message}`)
  })

  it("a missing field and a non-object spec", () => {
    const { gateways: _, ...noGateways } = base
    expect(error(noGateways)).toBe("fleet.gateways: Missing key (required)")
    expect(error("meters")).toBe('fleet: Expected object, got "meters"')
    expect(error(null)).toBe("fleet: Expected object, got null")
  })
})

describe("decodeFleetSpec: cross-field rules", () => {
  const cases: [string, number, Record<string, unknown>, string][] = [
    ["fixedSf required with sf fixed", 0, { sf: "fixed" }, 'fleet.groups[0].fixedSf: Missing key (required when sf is "fixed")'],
    ["fixedSf only with sf fixed", 0, { fixedSf: 9 }, 'fleet.groups[0].fixedSf: only used with sf "fixed" (sf is "smallest")'],
    ["adr is LoRaWAN only", 0, { kind: "lora-raw", sf: "adr" }, 'fleet.groups[0].sf: "adr" is for lorawan groups only (this group is lora-raw)'],
    ["lorawan payload at DR0", 0, { payloadBytes: 52 }, "fleet.groups[0].payloadBytes: Expected a value between 1 and 51 (lorawan at DR0, EU868), got 52"],
    ["lorawan payload at SF9", 0, { sf: "fixed", fixedSf: 9, payloadBytes: 116 }, "fleet.groups[0].payloadBytes: Expected a value between 1 and 115 (lorawan at SF9, EU868), got 116"],
    ["lorawan empty payload", 0, { payloadBytes: 0 }, "fleet.groups[0].payloadBytes: Expected a value between 1 and 51 (lorawan at DR0, EU868), got 0"],
    ["raw LoRa payload", 0, { kind: "lora-raw", payloadBytes: 256 }, "fleet.groups[0].payloadBytes: Expected a value between 1 and 255 (raw LoRa packet), got 256"],
    ["sigfox payload", 1, { payloadBytes: 13 }, "fleet.groups[1].payloadBytes: Expected a value between 0 and 12 (sigfox uplink), got 13"],
    ["sigfoxFrames only for sigfox", 0, { sigfoxFrames: 2 }, "fleet.groups[0].sigfoxFrames: only for sigfox groups (this group is lorawan)"],
    ["sf not for sigfox", 1, { sf: "random" }, "fleet.groups[1].sf: only for lorawan and lora-raw groups (this group is sigfox)"],
    ["confirmedShare lorawan only", 1, { confirmedShare: 0.5 }, "fleet.groups[1].confirmedShare: only for lorawan groups (this group is sigfox)"],
    ["tx power range", 0, { txPowerDbm: 27 }, "fleet.groups[0].txPowerDbm: Expected an integer between 2 and 20 (Pycom tx_power range), got 27"],
    ["tx power for sigfox", 1, { txPowerDbm: 14 }, "fleet.groups[1].txPowerDbm: not settable for sigfox (Pycom's network.Sigfox has no TX power argument)"],
    ["jitter below the period", 0, { traffic: { kind: "periodic", periodS: 60, jitterS: 60 } }, "fleet.groups[0].traffic.jitterS: Expected a value less than periodS (60), got 60"],
    ["annulus", 0, { placement: { kind: "disc", radiusM: 100, minRadiusM: 200 } }, "fleet.groups[0].placement.minRadiusM: Expected a value less than radiusM (100), got 200"],
    ["enough points", 0, { count: 3, placement: { kind: "points", points: [{ x: 0, y: 0 }] } }, "fleet.groups[0].count: 3 devices but only 1 points"],
    ["unique names", 1, { name: "meters" }, 'fleet.groups[1].name: duplicate group name "meters" (also groups[0])'],
  ]
  for (const [what, i, change, message] of cases) it(what, () => expect(error(withGroup(i, change))).toBe(message))

  it("gateway ids are unique", () => {
    expect(error({ ...base, gateways: { kind: "points", points: [{ x: 0, y: 0 }, { x: 1, y: 0, id: "gw0" }] } })).toBe('fleet.gateways.points[1].id: duplicate gateway id "gw0" (also points[0])')
  })

  it("CSV sources: a missing file and a parse error name the field and the CSV line", () => {
    const dir = mkdtempSync(join(tmpdir(), "fleet-spec-"))
    writeFileSync(join(dir, "bad.csv"), "x,y\n1,2\n3,four\n")
    writeFileSync(join(dir, "two.csv"), "1,2\n3,4\n")
    const opts = { baseDir: dir }
    const decode = (input: unknown) => () => decodeFleetSpec(input, "fleet", opts)
    expect(decode(withGroup(0, { placement: { kind: "csv", path: "nope.csv" } }))).toThrow(new FleetSpecError(`fleet.groups[0].placement.path: ${join(dir, "nope.csv")}: no such file`))
    expect(decode(withGroup(0, { placement: { kind: "csv", path: "bad.csv" } }))).toThrow(new FleetSpecError(`fleet.groups[0].placement.path: ${join(dir, "bad.csv")}:3: y is not a number: "four"`))
    expect(decode({ ...base, sigfoxStations: { kind: "csv", path: "bad.csv" } })).toThrow(/^fleet\.sigfoxStations\.path: .*bad\.csv:3: y is not a number/)
    expect(decode(withGroup(0, { count: 5, placement: { kind: "csv", path: "two.csv" } }))).toThrow(new FleetSpecError("fleet.groups[0].count: 5 devices but only 2 points in two.csv"))
    expect(decode(withGroup(0, { placement: { kind: "csv", path: "" } }))).toThrow(/^fleet\.groups\[0\]\.placement\.path: Expected a value with a length of at least 1/)
  })
})
