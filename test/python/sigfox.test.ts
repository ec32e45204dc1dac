/** network.Sigfox and AF_SIGFOX sockets from Python (Pycom firmware semantics), Pycom's examples unmodified. */
import { readFileSync } from "node:fs"
import { describe, expect, test } from "vitest"
import { PythonDevice, SigfoxBackend, deviceIdOf, s, type Simulation } from "../../index.ts"
import { echoDownlink } from "../../stack/sigfox/backend.ts"
import { kinds, runFirmware, type FirmwareRun } from "./harness.ts"

const UPLINK = readFileSync(new URL("../../scenarios/firmware/sigfox-uplink.py", import.meta.url), "utf8")
const DOWNLINK = readFileSync(new URL("../../scenarios/firmware/sigfox-downlink.py", import.meta.url), "utf8")

/** A base station 100 m from the board (at the origin; LoRaSim path loss ≈ 136 dB): uplinks and downlinks get through. */
function station(world: Simulation): SigfoxBackend {
  const backend = SigfoxBackend.of(world)
  backend.addStation({ id: "bs-1", position: { x: 100, y: 0, z: 30 } })
  return backend
}

function sipy(main: string, opts: { until?: number; files?: Record<string, string>; build?: (w: Simulation, d: PythonDevice) => void; seed?: number } = {}): FirmwareRun {
  return runFirmware(main, {
    board: "sipy",
    until: opts.until ?? s(120),
    ...(opts.files === undefined ? {} : { files: opts.files }),
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    build: (w, d) => {
      station(w)
      opts.build?.(w, d)
    },
  })
}

/** Sim time (µs) of the first printed line of "board" matching `re`. */
function printedAt(r: FirmwareRun, re: RegExp): number {
  const l = r.lines.find((x) => x.device === "board" && re.test(x.text))
  if (l === undefined) throw new Error(`no line ${String(re)} in ${JSON.stringify(r.out)}`)
  return l.t
}

describe("Pycom's Sigfox examples, unmodified", () => {
  test("uplink: the 12-byte message goes out as 3 frames that reach the base station; the script prints nothing", () => {
    const r = sipy(UPLINK, { until: s(30) })
    expect(r.out).toEqual([])
    const tx = kinds(r, "sigfox.tx")
    expect(tx).toEqual([expect.objectContaining({ node: "board", len: 12, frames: 3, dl: false })])
    const up = kinds(r, "sigfox.backend.uplink")
    expect(up).toEqual([expect.objectContaining({ device: deviceIdOf("board").toString(16).padStart(8, "0"), len: 12, station: "bs-1", dl: false })])
    // The blocking send lasts 3 frames of 2.08 s with 1 s gaps; then main.py ends.
    const sent = kinds(r, "socket.send")[0]!.t as number
    const end = kinds(r, "py.main.end")[0]!
    expect(end).toMatchObject({ status: "ok" })
    expect((end.t as number) - sent).toBeGreaterThanOrEqual(3 * 2_080_000 + 2_000_000)
    expect((end.t as number) - sent).toBeLessThan(3 * 2_080_000 + 2_000_000 + 1_000)
  })

  test("downlink, default downlink: the send lasts the whole RX sequence and recv gets the 8 bytes; the published example then fails on its missing `import ubinascii`", () => {
    const r = sipy(DOWNLINK, { build: (w) => SigfoxBackend.of(w).setDefaultDownlink(echoDownlink) })
    expect(kinds(r, "sigfox.backend.downlink")).toEqual([expect.objectContaining({ source: "default" })])
    expect(kinds(r, "sigfox.rx")).toEqual([expect.objectContaining({ node: "board", len: 8 })])
    // The example prints with ubinascii without importing it (docs.pycom.io, tutorials/networks/sigfox/downlink).
    expect(r.out).toEqual(["Traceback (most recent call last):", '  File "main.py", line 21, in <module>', "NameError: name 'ubinascii' isn't defined"])
    const took = (kinds(r, "py.exception")[0]!.t as number) - (kinds(r, "socket.send")[0]!.t as number)
    expect(took / 1e6).toBeGreaterThan(45)
    expect(took / 1e6).toBeLessThan(50)
  })

  test("downlink with a boot.py that imports ubinascii: prints the echoed downlink, ≈ 46 s after the send started", () => {
    const r = sipy(DOWNLINK, { files: { "boot.py": "import ubinascii\n" }, build: (w) => SigfoxBackend.of(w).setDefaultDownlink(echoDownlink) })
    expect(r.out).toEqual(["b'0102030000000000'"])
    const took = printedAt(r, /^b'/) - (kinds(r, "socket.send")[0]!.t as number)
    expect(took / 1e6).toBeGreaterThan(45)
    expect(took / 1e6).toBeLessThan(50)
    // The OOB confirmation follows the downlink.
    expect(kinds(r, "sigfox.tx").map((e) => e.oob)).toEqual([false, true])
  })

  test("downlink: a device's own downlink wins over the default", () => {
    const r = sipy(DOWNLINK, {
      files: { "boot.py": "import ubinascii\n" },
      build: (w) => {
        const b = SigfoxBackend.of(w)
        b.setDefaultDownlink(echoDownlink)
        b.setDownlink(deviceIdOf("board"), Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4))
      },
    })
    expect(r.out).toEqual(["b'deadbeef01020304'"])
    expect(kinds(r, "sigfox.backend.downlink")[0]).not.toHaveProperty("source")
  })

  test("determinism: same seed, same digest", () => {
    const build = (w: Simulation): void => SigfoxBackend.of(w).setDefaultDownlink(echoDownlink)
    const a = sipy(DOWNLINK, { until: s(60), build, seed: 5 })
    const b = sipy(DOWNLINK, { until: s(60), build, seed: 5 })
    expect(a.digest).toBe(b.digest)
    expect(a.out).toEqual(b.out)
  })
})

describe("network.Sigfox from Python", () => {
  test("the 5th SO_RX message of the day raises OSError(ENETDOWN = 115)", () => {
    const r = sipy(`
from network import Sigfox
import socket
sigfox = Sigfox(mode=Sigfox.SIGFOX, rcz=Sigfox.RCZ1)
s = socket.socket(socket.AF_SIGFOX, socket.SOCK_RAW)
s.setsockopt(socket.SOL_SIGFOX, socket.SO_RX, True)
for i in range(5):
    try:
        s.send(bytes([i]))
        print(i, s.recv(8))
    except OSError as e:
        print(i, e.args[0], e)
`, { until: s(300), build: (w) => SigfoxBackend.of(w).setDefaultDownlink(echoDownlink) })
    expect(r.out).toEqual(["0 b'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'", "1 b'\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00'", "2 b'\\x02\\x00\\x00\\x00\\x00\\x00\\x00\\x00'", "3 b'\\x03\\x00\\x00\\x00\\x00\\x00\\x00\\x00'", "4 115 [Errno 115] ENETDOWN"])
    expect(kinds(r, "sigfox.backend.drop")).toEqual([expect.objectContaining({ reason: "daily downlink limit" })])
  })

  test("argument errors raise the firmware's exceptions; settimeout, setblocking and close behave as on the board", () => {
    const r = sipy(`
from network import Sigfox
import socket, time
def t(f):
    try:
        print("ok", f())
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: socket.socket(socket.AF_SIGFOX, socket.SOCK_RAW))
sigfox = Sigfox(mode=Sigfox.SIGFOX, rcz=Sigfox.RCZ1)
s = socket.socket(socket.AF_SIGFOX, socket.SOCK_RAW)
t(lambda: s.send(bytes(13)))
t(lambda: s.setsockopt(socket.SOL_SIGFOX, socket.SO_TX_REPEAT, 3))
t(lambda: s.setsockopt(socket.SOL_SOCKET, socket.SO_RX, True))
t(lambda: Sigfox(rcz=4))
t(lambda: Sigfox(mode=Sigfox.SIGFOX, frequency=868000000))
t(lambda: Sigfox(mode=2))
t(lambda: Sigfox(mode=Sigfox.FSK))
t(lambda: Sigfox(mode=Sigfox.FSK, frequency=862000000))
t(lambda: Sigfox(1))
t(lambda: Sigfox(0, 0, 0, 0))
t(lambda: Sigfox(region=1))
t(lambda: Sigfox(rcz="1"))
t(lambda: sigfox.init(Sigfox.SIGFOX, Sigfox.RCZ1, 868000000))
t(lambda: sigfox.config([1, 2, 3]))
t(lambda: sigfox.id(1))
t(lambda: sigfox.pac(x=1))
t(lambda: sigfox.public_key(1, 2))
t(lambda: sigfox.freq_offset(40000))
t(lambda: socket.socket(socket.AF_SIGFOX, socket.SOCK_DGRAM))
s.settimeout(2)
t0 = time.ticks_ms()
try:
    s.recv(8)
except TimeoutError:
    print("timeout after", time.ticks_diff(time.ticks_ms(), t0) // 100 / 10)
s.setblocking(False)
t(lambda: s.recv(8))
s.close()
t(lambda: s.send(b'1'))
`, { until: s(10) })
    expect(r.out).toEqual([
      "OSError [Errno 115] ENETDOWN",
      "OSError [Errno 122] EMSGSIZE",
      "OSError [Errno 95] EOPNOTSUPP",
      "OSError [Errno 95] EOPNOTSUPP",
      "ValueError invalid RCZ",
      "ValueError frequency is only valid in FSK mode",
      "ValueError invalid mode",
      "TypeError can't convert NoneType to int",
      "ValueError frequency 862000000 out of range",
      "OSError resource not available",
      "TypeError extra positional arguments given",
      "TypeError extra keyword arguments given",
      "TypeError can't convert str to int",
      "TypeError extra positional arguments given",
      "OSError configuration not possible for RCZ1",
      "TypeError function takes 1 positional arguments but 2 were given",
      "TypeError function doesn't take keyword arguments",
      "TypeError function expected at most 2 arguments, got 3",
      "ValueError the freq offset is out of range (-32768 < freq_offset < 32767)",
      "OSError incorrect socket type",
      "timeout after 2.0",
      "ok b''",
      "OSError [Errno 9] EBADF",
    ])
    // A failed configuration leaves the radio as it was.
    expect(kinds(r, "sigfox.init")).toHaveLength(1)
  })

  test("identifiers, frequencies, config words, version and info per RCZ; one Sigfox object", () => {
    const r = sipy(`
from network import Sigfox
import ubinascii
sigfox = Sigfox(mode=Sigfox.SIGFOX, rcz=Sigfox.RCZ1)
print(sigfox is Sigfox(), sigfox, Sigfox.SIGFOX, Sigfox.FSK, Sigfox.RCZ1, Sigfox.RCZ4)
print(ubinascii.hexlify(sigfox.id()), len(sigfox.pac()), len(sigfox.mac()))
print(sigfox.frequencies(), sigfox.rssi(), sigfox.version(), sigfox.info(), sigfox.public_key())
sigfox.public_key(True)
sigfox.init(rcz=Sigfox.RCZ3)
print(sigfox.frequencies(), sigfox.config(), sigfox.info(), sigfox.public_key())
Sigfox(mode=Sigfox.SIGFOX, rcz=Sigfox.RCZ4)
print(sigfox.frequencies(), sigfox.config(), sigfox.info())
sigfox.config((1, 2, 0xFFFFFFFF))
print(sigfox.config())
try:
    sigfox.config([1, 2])
except ValueError as e:
    print(e)
sigfox.rssi_offset(-3)
print(sigfox.rssi_offset(), sigfox.rssi())
`, { until: s(5) })
    const id = deviceIdOf("board").toString(16).padStart(8, "0")
    expect(r.out).toEqual([
      "True <Sigfox> 0 1 0 3",
      `b'${id}' 8 8`,
      "(868130000, 869525000) -100 UDL1-1.9.3 None False",
      "(923200000, 922200000) (3, 5000, 0) (0, 0) True",
      "(920800000, 922300000) (0, 1073741824, 0) (0, 0)",
      "(1, 2, 4294967295)",
      "requested length 3 but object has length 2",
      "-3 -103",
    ])
  })

  test("LoPy4 and FiPy builds have no FSK mode and no frequency argument", () => {
    const r = runFirmware(`
from network import Sigfox
print(hasattr(Sigfox, "FSK"))
for f in (lambda: Sigfox(mode=1), lambda: Sigfox(mode=0, frequency=868000000)):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
`, { board: "lopy4", until: s(5) })
    expect(r.out).toEqual(["False", "ValueError invalid mode", "TypeError extra keyword arguments given"])
  })

  test("init() waits behind a queued message, as the firmware's command queue does", () => {
    const r = sipy(`
from network import Sigfox
import socket, time
sigfox = Sigfox(mode=Sigfox.SIGFOX, rcz=Sigfox.RCZ1)
s = socket.socket(socket.AF_SIGFOX, socket.SOCK_RAW)
s.setblocking(False)
t0 = time.ticks_ms()
print(s.send(b'1'))
sigfox.init(rcz=Sigfox.RCZ1)
print(time.ticks_diff(time.ticks_ms(), t0))
`, { until: s(20) })
    expect(r.out[0]).toBe("1")
    // 3 frames of 1.2 s with 1 s gaps.
    expect(Number(r.out[1])).toBeGreaterThanOrEqual(5600)
    expect(Number(r.out[1])).toBeLessThan(5610)
  })

  test("a boot that ends abandons the radio (next boot: ENETDOWN until Sigfox(), queued message dropped); the message counter is kept in NV memory", () => {
    const r = sipy(`
from network import Sigfox
import socket, sys
try:
    socket.socket(socket.AF_SIGFOX, socket.SOCK_RAW)
except OSError as e:
    print(e)
Sigfox()
s = socket.socket(socket.AF_SIGFOX, socket.SOCK_RAW)
s.send(b'12')
s.setblocking(False)
s.send(b'34')
sys.exit()
`, { until: s(16) })
    // Boots at 1 s, 8.32 s (after 3 frames of 1.44 s + 2 gaps + 1 s boot), 15.64 s.
    expect(r.out).toEqual(["[Errno 115] ENETDOWN", "[Errno 115] ENETDOWN", "[Errno 115] ENETDOWN"])
    // The radio task took the queued message at once; the reset cuts it after its first frame (frames already on the air stay sent).
    const aborts = kinds(r, "sigfox.tx.abort")
    expect(aborts).toEqual([expect.objectContaining({ onAir: true, queued: 0 }), expect.objectContaining({ onAir: true, queued: 0 })])
    expect(kinds(r, "py.boot").map((e) => e.t)).toEqual([1_000_000, (aborts[0]!.t as number) + 1_000_000, (aborts[1]!.t as number) + 1_000_000])
    // The counter goes on across boots: the second boot's first message is seq 2, a new message for the backend.
    // (seq 1 is the cut message, heard by its first frame; the run ends before boot 2's cut message's first frame is over.)
    expect(kinds(r, "sigfox.backend.uplink").map((e) => e.seq)).toEqual([0, 1, 2])
  })

  test("select.poll on a Sigfox socket: POLLOUT while the TX queue has room, POLLIN when the downlink arrives", () => {
    const r = sipy(`
from network import Sigfox
import socket, select, time
sigfox = Sigfox(mode=Sigfox.SIGFOX, rcz=Sigfox.RCZ1)
s = socket.socket(socket.AF_SIGFOX, socket.SOCK_RAW)
s.setsockopt(socket.SOL_SIGFOX, socket.SO_RX, True)
s.setblocking(False)
p = select.poll()
p.register(s)
print(p.poll(0) == [(s, select.POLLOUT)])
s.send(b'ab')
s.send(b'cd')
print(p.poll(0), s.recv(8))
t0 = time.ticks_ms()
print(p.poll() == [(s, select.POLLOUT)], time.ticks_diff(time.ticks_ms(), t0))
p.modify(s, select.POLLIN)
print(p.poll(0))
ev = p.poll()
print(ev == [(s, select.POLLIN)], time.ticks_diff(time.ticks_ms(), t0) // 1000)
print(s.recv(8))
`, { until: s(150), build: (w) => SigfoxBackend.of(w).setDefaultDownlink(echoDownlink) })
    // A non-blocking send takes the 50 µs of a call, so by the poll the radio task has taken the first message: the 2-deep queue has room again.
    expect(r.out.slice(0, 4)).toEqual(["True", "[(<socket>, 4)] b''", "True 0", "[]"])
    // The radio task queues the downlink when the first message's sequence is over, OOB confirmation included (PF18 MS): ≈ 45.4 s.
    const [ok, secs] = r.out[4]!.split(" ")
    expect(ok).toBe("True")
    expect(Number(secs)).toBe(45)
    expect(r.out[5]).toBe("b'ab\\x00\\x00\\x00\\x00\\x00\\x00'")
  })

  test("FSK between two SiPys: one sends, the other receives at the same frequency", () => {
    const peer = `
from network import Sigfox
import socket, time
sigfox = Sigfox(mode=Sigfox.FSK, frequency=868000000)
s = socket.socket(socket.AF_SIGFOX, socket.SOCK_RAW)
s.setblocking(True)
print(s.recv(64), sigfox.rssi() < 0)
time.sleep(0.1)
s.send('pong')
`
    const r = runFirmware(`
from network import Sigfox
import socket, time
sigfox = Sigfox(mode=Sigfox.FSK, frequency=868000000)
s = socket.socket(socket.AF_SIGFOX, socket.SOCK_RAW)
s.setblocking(True)
time.sleep(1)
print(s.send('Device-1'))
print(s.recv(64))
try:
    s.send(bytes(65))
except OSError as e:
    print(e)
`, {
      board: "sipy",
      until: s(10),
      build: (w) => {
        new PythonDevice(w, "peer", { board: "sipy", position: { x: 50, y: 0 }, firmware: { files: { "main.py": peer } } })
      },
    })
    expect(r.out).toEqual(["8", "b'pong'", "[Errno 122] EMSGSIZE"])
    expect(r.lines.filter((l) => l.device === "peer").map((l) => l.text)).toEqual(["b'Device-1' True"])
  })
})
