import { readFileSync } from "node:fs"
import { describe, expect, test } from "vitest"
import { Gateway, Medium, NetworkServer, PythonDevice, minutes, runScenario, s, type Simulation } from "../../index.ts"
import { onLoraJoin, provisionOnJoin, type LoraJoinCredentials } from "../../stack/python/lora-join-hook.ts"
import rawP2p from "../../scenarios/firmware/lora-raw-p2p.ts"
import { kinds, runFirmware, type FirmwareRun } from "./harness.ts"

const example = (name: string) => readFileSync(new URL(`../../scenarios/firmware/${name}`, import.meta.url), "utf8")
const OTAA = example("lorawan-otaa.py")
const ABP = example("lorawan-abp.py")

/** A gateway 15 m high at the origin and a network server provisioned by the join hook; the board is 40 m away. */
function lorawanWorld(options: { answer?: boolean } = {}) {
  const box: { ns?: NetworkServer; creds: LoraJoinCredentials[] } = { creds: [] }
  const build = (world: Simulation) => {
    const ns = new NetworkServer(world)
    ns.addGateway(new Gateway(Medium.of(world), { id: "gw", position: { x: 0, y: 0, z: 15 } }))
    onLoraJoin(world, (_d, c) => box.creds.push(c))
    provisionOnJoin(world, ns)
    if (options.answer !== false) ns.app.onUplink((u, app) => app.queueDownlink(u.devEui, 3, Uint8Array.of(0xac, u.fcnt & 0xff)))
    box.ns = ns
  }
  return { box, build }
}

function lora(main: string, options: { until?: number; files?: Record<string, string>; build?: (w: Simulation, d: PythonDevice) => void; seed?: number } = {}): FirmwareRun {
  return runFirmware(main, {
    board: "lopy4",
    until: options.until ?? s(30),
    device: { position: { x: 40, y: 0 } },
    ...(options.files === undefined ? {} : { files: options.files }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.build === undefined ? {} : { build: (w, d) => options.build!(w, d) }),
  })
}

describe("network.LoRa from Python: Pycom's examples", () => {
  test("the OTAA example joins through a server provisioned by the join hook, sends, and prints the downlink", () => {
    const w = lorawanWorld()
    const r = lora(OTAA, { build: w.build })
    const joinedAt = r.out.indexOf("Joined")
    expect(joinedAt).toBeGreaterThan(0)
    expect(r.out.slice(0, joinedAt).every((l) => l === "Not yet joined...")).toBe(true)
    expect(r.out.slice(joinedAt)).toEqual(["Joined", "b'\\xac\\x00'"])
    // The hook saw the example's credentials, DevEUI = LoRa.mac() (2-item auth).
    expect(w.box.creds).toHaveLength(1)
    const c = w.box.creds[0]!
    expect(c.activation).toBe("otaa")
    if (c.activation === "otaa") {
      expect(Buffer.from(c.appEui).toString("hex")).toBe("ada4dae3ac12676b")
      expect(Buffer.from(c.appKey).toString("hex")).toBe("11b0282a189b75b0b4d2d8c7fa38548b")
    }
    expect(kinds(r, "lorawan.ns.join.accept")).toHaveLength(1)
    expect(kinds(r, "lorawan.join.accept")[0]).toMatchObject({ node: "board" })
    expect(kinds(r, "lorawan.ns.up")).toEqual([expect.objectContaining({ fcnt: 0, port: 2, confirmed: false })])
    expect(kinds(r, "lorawan.ns.down")).toEqual([expect.objectContaining({ fcnt: 0, port: 3 })])
    expect(kinds(r, "lorawan.down.rx")[0]).toMatchObject({ node: "board", port: 3 })
    expect(kinds(r, "py.main.end")[0]).toMatchObject({ status: "ok" })
  })

  test("the ABP example's frames reach the server with increasing FCnt (the example, then more sends on its socket)", () => {
    const w = lorawanWorld({ answer: false })
    const fcnts: number[] = []
    const main = `exec(open("lorawan-abp.py").read())\nimport time\nfor i in range(3):\n    time.sleep(5)\n    s.setblocking(True)\n    s.send(bytes([i]))\nprint("sent", lora.stats().tx_counter)\n`
    const r = lora(main, {
      files: { "lorawan-abp.py": ABP },
      build: (world) => {
        w.build(world)
        w.box.ns!.app.onUplink((u) => fcnts.push(u.fcnt))
      },
      until: s(60),
    })
    expect(r.out).toEqual(["b''", "sent 4"])
    expect(w.box.creds[0]).toMatchObject({ activation: "abp", devAddr: 5 })
    expect(fcnts).toEqual([0, 1, 2, 3])
    expect(kinds(r, "lorawan.ns.reject")).toEqual([])
  })
})

describe("network.LoRa from Python: raw LoRa", () => {
  test("the raw LoRa-MAC example on two boards 300 m apart: each prints the other's 'Hello'", () => {
    const m = runScenario(rawP2p, { seed: 1, until: minutes(3) }).metrics as Record<string, number>
    for (const b of ["lopy-a", "lopy-b"]) {
      expect(m[`${b}.frames_sent`]).toBeGreaterThan(10)
      expect(m[`${b}.printed_hello`]).toBeGreaterThan(3)
      expect(m[`${b}.printed_other`]).toBe(0)
      expect(m[`${b}.printed`]).toBe(m[`${b}.printed_hello`]! + m[`${b}.printed_empty`]!)
    }
    expect(m["frames_received"]).toBeGreaterThan(10)
  })

  test("callbacks run as soft interrupts while the script sleeps; events() reads and clears the flags", () => {
    const peer = `
from network import LoRa
import socket, time
lora = LoRa(mode=LoRa.LORA, region=LoRa.EU868)
s = socket.socket(socket.AF_LORA, socket.SOCK_RAW)
time.sleep(3)
s.send(b'ping')
time.sleep(4)
s.send(b'ping2')
`
    const main = `
from network import LoRa
import socket, time
lora = LoRa(mode=LoRa.LORA, region=LoRa.EU868)
s = socket.socket(socket.AF_LORA, socket.SOCK_RAW)
def cb(obj):
    ev = obj.events()
    print("cb", time.ticks_ms(), obj is lora, ev & LoRa.RX_PACKET_EVENT, ev & LoRa.TX_PACKET_EVENT, obj.events())
lora.callback(trigger=LoRa.RX_PACKET_EVENT | LoRa.TX_PACKET_EVENT, handler=cb)
s.setblocking(False)
s.send(b'hi')
time.sleep(5)
print("woke", s.recv(64), lora.stats().sfrx)
lora.callback(LoRa.RX_PACKET_EVENT, lambda a: print("arg", a, s.recv(64)), "mine")
time.sleep(5)
lora.callback(None)
print("done")
`
    const r = lora(main, {
      until: s(15),
      build: (world) => {
        new PythonDevice(world, "peer", { board: "lopy4", firmware: { files: { "main.py": peer } }, position: { x: 60, y: 0 } })
      },
    })
    expect(r.out).toEqual([expect.stringMatching(/^cb 10\d\d True 0 2 0$/), expect.stringMatching(/^cb 40\d\d True 1 0 0$/), "woke b'ping' 7", "arg mine b'ping2'", "done"])
  })
})

describe("network.LoRa from Python: the API and its errors", () => {
  test("class constants, one LoRa object, getters and setters, init() defaults, stats() attrtuple, blocking ischannel_free", () => {
    const r = lora(`
from network import LoRa
import time
lora = LoRa(mode=LoRa.LORA, region=LoRa.EU868, sf=9)
print(LoRa.LORA, LoRa.LORAWAN, LoRa.OTAA, LoRa.ABP, LoRa.ALWAYS_ON, LoRa.SLEEP, LoRa.BW_500KHZ, LoRa.CODING_4_8, LoRa.TX_FAILED_EVENT, LoRa.CLASS_C, LoRa.EU868, LoRa.US915, LoRa.AS923)
print(LoRa() is lora, lora, LoRa.timeout is TimeoutError)
print(lora.sf(), lora.sf(10), lora.sf(), lora.frequency(), lora.tx_power(), lora.preamble(), lora.coding_rate(), lora.bandwidth(), lora.power_mode())
lora.init(mode=LoRa.LORA, frequency=868100000)
print(lora.sf(), lora.frequency(), lora.airtime(10))
st = lora.stats()
print(st, st.snr, st[0], len(st))
t0 = time.ticks_ms()
print(lora.ischannel_free(-90, 100), time.ticks_diff(time.ticks_ms(), t0) >= 100)
print(len(lora.mac()), lora.events(), lora.has_joined())
`)
    expect(r.out).toEqual([
      "0 1 0 1 0 2 2 4 4 2 5 8 0",
      "True <LoRa> True",
      "9 None 10 868000000 14 8 1 0 0",
      "7 868100000 42",
      "(rx_timestamp=0, rssi=0, snr=0.0, sfrx=0, sftx=0, tx_trials=0, tx_power=0, tx_time_on_air=0, tx_counter=0, tx_frequency=0) 0.0 0 10",
      "True True",
      "8 0 False",
    ])
  })

  test("misuse raises the firmware's exceptions from Python", () => {
    const r = lora(`
from network import LoRa
import socket, errno
def t(what, f):
    try:
        f()
        print(what, "ok")
    except Exception as e:
        print(what, type(e).__name__, e)
key = bytes(16)
t("sf", lambda: LoRa(mode=LoRa.LORA, sf=13))
t("region", lambda: LoRa(mode=LoRa.LORA, region=3))
t("id", lambda: LoRa(1, mode=LoRa.LORA))
t("type", lambda: LoRa(mode="lorawan"))
t("kwonly", lambda: LoRa(0, 1))
lora = LoRa(mode=LoRa.LORA)
t("join raw", lambda: lora.join(activation=LoRa.OTAA, auth=(bytes(8), key)))
t("sf args", lambda: lora.sf(7, 8))
lora = LoRa(mode=LoRa.LORAWAN, region=LoRa.EU868)
t("activation", lambda: lora.join(activation=7, auth=(bytes(8), key)))
t("join dr", lambda: lora.join(activation=LoRa.OTAA, auth=(bytes(8), key), dr=6))
t("auth", lambda: lora.join(LoRa.OTAA))
t("channel", lambda: lora.add_channel(16, frequency=868100000, dr_min=0, dr_max=5))
s = socket.socket(socket.AF_LORA, socket.SOCK_RAW)
t("bind", lambda: s.bind(225))
t("bind 3", lambda: s.bind(3))
t("level", lambda: s.setsockopt(socket.SOL_SOCKET, socket.SO_DR, 5))
t("dr", lambda: s.setsockopt(socket.SOL_LORA, socket.SO_DR, 7))
t("getsockopt", lambda: s.getsockopt(socket.SOL_LORA, socket.SO_DR))
try:
    s.send(b'x')
except OSError as e:
    print("send", e.args[0], e.args[0] == errno.ENETDOWN, e)
t("type raw", lambda: socket.socket(socket.AF_LORA, socket.SOCK_DGRAM))
try:
    lora.join(activation=LoRa.OTAA, auth=(bytes(8), key), timeout=2000)
except LoRa.timeout as e:
    print("join timeout", e)
import time
s.settimeout(1.5)
t0 = time.ticks_ms()
try:
    s.recvfrom(16)
except TimeoutError as e:
    print("recv timeout", e, time.ticks_diff(time.ticks_ms(), t0))
s.close()
t("closed", lambda: s.send(b'x'))
`, { until: s(20) })
    expect(r.out).toEqual([
      "sf ValueError spreading factor 13 out of range",
      "region ValueError invalid region 3",
      "id OSError resource not available",
      "type TypeError can't convert str to int",
      "kwonly TypeError __init__() takes 2 positional arguments but 3 were given",
      "join raw OSError the requested operation is not possible",
      "sf args TypeError function expected at most 2 arguments, got 3",
      "activation ValueError invalid activation type 7",
      "join dr ValueError invalid join data rate 6",
      "auth TypeError function missing required keyword argument 'auth'",
      "channel ValueError channel 16 out of range",
      "bind OSError [Errno 95] EOPNOTSUPP",
      "bind 3 ok",
      "level OSError [Errno 95] EOPNOTSUPP",
      "dr OSError [Errno 95] EOPNOTSUPP",
      "getsockopt AttributeError 'socket' object has no attribute 'getsockopt'",
      "send 115 True [Errno 115] ENETDOWN",
      "type raw OSError incorrect socket type",
      "join timeout timed out",
      "recv timeout timed out 1500",
      "closed OSError [Errno 9] EBADF",
    ])
  })
})

describe("network.LoRa from Python: poll, NVRAM, determinism", () => {
  test("select.poll on a LoRaWAN socket wakes on the downlink; POLLOUT while the command queue has room", () => {
    const w = lorawanWorld()
    const r = lora(`
from network import LoRa
import socket, select, time
lora = LoRa(mode=LoRa.LORAWAN, region=LoRa.EU868)
lora.join(activation=LoRa.OTAA, auth=(bytes(8), bytes(range(16))))
print("joined", lora.has_joined())
s = socket.socket(socket.AF_LORA, socket.SOCK_RAW)
p = select.poll()
p.register(s, select.POLLIN)
print("idle", p.poll(0))
w = select.poll()
w.register(s, select.POLLOUT)
print("out", w.poll(0)[0][1])
s.setblocking(False)
s.send(b'\\x01')
t0 = time.ticks_ms()
ev = p.poll(20000)
print("poll", len(ev), ev[0][0] is s, ev[0][1], time.ticks_diff(time.ticks_ms(), t0) > 900)
print(s.recvfrom(64), p.poll(0))
`, { build: w.build })
    expect(r.out).toEqual(["joined True", "idle []", "out 4", "poll 1 True 1 True", "(b'\\xac\\x00', 3) []"])
  })

  test("NVRAM survives PythonDevice.reset(): the next boot restores the ABP session and the FCnt carries on", () => {
    const w = lorawanWorld({ answer: false })
    const fcnts: number[] = []
    const r = lora(`
from network import LoRa
import socket
lora = LoRa(mode=LoRa.LORAWAN, region=LoRa.EU868)
lora.nvram_restore()
print("restored", lora.has_joined())
if not lora.has_joined():
    lora.join(activation=LoRa.ABP, auth=(0x26011234, bytes(range(16)), bytes(range(16, 32))))
s = socket.socket(socket.AF_LORA, socket.SOCK_RAW)
s.setblocking(True)
s.send(b'x')
lora.nvram_save()
print("sent")
`, {
      until: s(30),
      build: (world, device) => {
        w.build(world)
        w.box.ns!.app.onUplink((u) => fcnts.push(u.fcnt))
        world.schedule(s(12), () => device.reset())
      },
    })
    expect(r.out).toEqual(["restored False", "sent", "restored True", "sent"])
    expect(kinds(r, "py.boot")).toHaveLength(2)
    expect(w.box.creds).toHaveLength(1)
    expect(fcnts).toEqual([0, 1])
    expect(kinds(r, "lorawan.ns.reject")).toEqual([])
  })

  test("determinism: the OTAA example twice with one seed gives the same digest", () => {
    const a = lora(OTAA, { build: lorawanWorld().build, seed: 5 })
    const b = lora(OTAA, { build: lorawanWorld().build, seed: 5 })
    expect(a.digest).toBe(b.digest)
    expect(a.out).toEqual(b.out)
  })
})
