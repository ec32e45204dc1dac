/** Pycom `network.Sigfox` and the AF_SIGFOX socket (docs/models.md §1.5–1.6). */
import { describe, expect, it } from "vitest"
import { fc, test } from "@fast-check/vitest"
import { DOWNLINK_WAIT_US, DOWNLINK_WINDOW_US, uplinkAirtimeUs, type UnbTransmission } from "../../radio/sigfox/index.ts"
import { DAY, s, sleep } from "../../sim/index.ts"
import { Device } from "../../stack/device.ts"
import { AF_SIGFOX, SOL_SIGFOX, SO_BIT, SO_OOB, SO_RX, SO_TX_REPEAT, Sigfox, SigfoxSocket, isUplinkMeta, type SigfoxUplinkMeta, type UplinkMessage } from "../../stack/sigfox/index.ts"
import { ErrnoError, OSError, ValueError } from "../../stack/usocket/errors.ts"
import { sigfoxWorld, spawn } from "./world.ts"

const SOCK_RAW = 3
const errno = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e instanceof ErrnoError ? e.errno : `${(e as Error).name}: ${(e as Error).message}`
  }
  return "no error"
}

function uplinks(medium: { observe: (fn: (tx: UnbTransmission) => void) => void }) {
  const out: UnbTransmission<SigfoxUplinkMeta>[] = []
  medium.observe((tx) => {
    if (isUplinkMeta(tx.meta)) out.push(tx as UnbTransmission<SigfoxUplinkMeta>)
  })
  return out
}

describe("network.Sigfox (docs/models.md §1.5)", () => {
  it("raises the firmware's validation errors", () => {
    const { sim } = sigfoxWorld()
    const d = new Device(sim, "x", { profile: "pycom" })
    const err = (args: object) => errno(() => new Sigfox(d, args))
    expect(err({ mode: 2 })).toBe("ValueError: invalid mode")
    expect(err({ rcz: 4 })).toBe("ValueError: invalid RCZ")
    expect(err({ frequency: 868_000_000 })).toBe("ValueError: frequency is only valid in FSK mode")
    expect(err({ mode: Sigfox.FSK, frequency: 862_000_000 })).toBe("ValueError: frequency 862000000 out of range")
    expect(err({ mode: Sigfox.FSK, frequency: 929_000_000 })).toBe("ValueError: frequency 929000000 out of range")
    expect(err({ id: 1 })).toBe("OSError: resource not available")
    expect(err({ mode: Sigfox.FSK, frequency: 863_000_000 })).toBe("no error")
  })

  it("id() 4 B, pac() 8 B, mac() 8 B, frequencies() per RCZ, rssi() −100 before any reception", () => {
    const { sigfox } = sigfoxWorld()
    const sf = sigfox[0]!
    expect(sf.id().length).toBe(4)
    expect(sf.pac().length).toBe(8)
    expect(sf.mac().length).toBe(8)
    expect(sf.rssi()).toBe(-100)
    const expected = [
      [868130000, 869525000],
      [902200000, 905200000],
      [923200000, 922200000],
      [920800000, 922300000],
    ]
    for (const rcz of [Sigfox.RCZ1, Sigfox.RCZ2, Sigfox.RCZ3, Sigfox.RCZ4]) {
      sf.init({ rcz })
      expect(sf.frequencies()).toEqual(expected[rcz])
    }
  })

  it("config() refuses RCZ1 and has the RCZ2–4 defaults", () => {
    const { sigfox } = sigfoxWorld()
    const sf = sigfox[0]!
    expect(errno(() => sf.config())).toBe("OSError: configuration not possible for RCZ1")
    sf.init({ rcz: Sigfox.RCZ3 })
    expect(sf.config()).toEqual([3, 0x1388, 0])
    sf.init({ rcz: Sigfox.RCZ4 })
    expect(sf.config()).toEqual([0, 0x40000000, 0])
    sf.config([1, 2, 3])
    expect(sf.config()).toEqual([1, 2, 3])
    expect(errno(() => sf.config([1, 2]))).toBe("ValueError: invalid argument(s) value")
    expect(sf.public_key()).toBe(false)
    sf.public_key(true)
    expect(sf.public_key()).toBe(true)
  })
})

describe("AF_SIGFOX socket (docs/models.md §1.6)", () => {
  it("needs network.Sigfox first (ENETDOWN 115) and SOCK_RAW", () => {
    const { sim } = sigfoxWorld()
    const d = new Device(sim, "bare", { profile: "pycom" })
    expect(errno(() => d.socket(AF_SIGFOX, SOCK_RAW))).toBe(115)
  })

  it("options: wrong level or SO_TX_REPEAT > 2 → EOPNOTSUPP (95); defaults SO_RX 0, SO_TX_REPEAT 2, SO_OOB 0, SO_BIT 0", () => {
    const { devices } = sigfoxWorld()
    const sock = devices[0]!.socket(AF_SIGFOX, SOCK_RAW) as SigfoxSocket
    expect([SO_RX, SO_TX_REPEAT, SO_OOB, SO_BIT].map((o) => sock.getsockopt(SOL_SIGFOX, o))).toEqual([false, 2, false, false])
    expect(errno(() => sock.setsockopt(0xffff, SO_RX, true))).toBe(95)
    expect(errno(() => sock.setsockopt(SOL_SIGFOX, SO_TX_REPEAT, 3))).toBe(95)
    expect(errno(() => sock.setsockopt(SOL_SIGFOX, 0x1234, 1))).toBe(95)
    expect(errno(() => sock.sendto(new Uint8Array(1), 1))).toBe(95)
  })

  test.prop([fc.integer({ min: 13, max: 40 })])("payload > 12 bytes → OSError(EMSGSIZE 122)", (n) => {
    const { sim, devices } = sigfoxWorld()
    const sock = devices[0]!.socket(AF_SIGFOX, SOCK_RAW) as SigfoxSocket
    const r = spawn(sim, () => sock.send(new Uint8Array(n)))
    sim.run()
    expect((r.error() as ErrnoError).errno).toBe(122)
  })

  it("uplink-only: always 3 frames whatever SO_TX_REPEAT, 1 s apart, on independent carriers; the backend keeps one message", () => {
    for (const repeat of [0, 1, 2]) {
      const { sim, medium, backend, devices } = sigfoxWorld({ stations: ["bs1", "bs2"] })
      const frames = uplinks(medium)
      const msgs: UplinkMessage[] = []
      backend.onUplink((m) => msgs.push(m))
      const sock = devices[0]!.socket(AF_SIGFOX, SOCK_RAW) as SigfoxSocket
      sock.setsockopt(SOL_SIGFOX, SO_TX_REPEAT, repeat)
      const r = spawn(sim, function* () {
        const n = yield* sock.send(Uint8Array.of(1, 2, 3))
        return [n, sim.now] as const
      })
      sim.run()
      const T = uplinkAirtimeUs(3, 100)
      expect(r.get()).toEqual([3, 3 * T + 2 * s(1)])
      expect(frames.length).toBe(3)
      expect(new Set(frames.map((f) => f.freqHz)).size).toBe(3)
      expect(msgs.length).toBe(1)
      expect(backend.counters.duplicates).toBe(5) // 3 frames × 2 stations − 1
      expect(Array.from(msgs[0]!.payload)).toEqual([1, 2, 3])
    }
  })

  it("SO_RX: frames = SO_TX_REPEAT + 1, frames 2/3 at f1 ± 6 kHz 500 ms apart", () => {
    for (const repeat of [0, 1, 2]) {
      const { sim, medium, devices } = sigfoxWorld()
      const frames = uplinks(medium)
      const sock = devices[0]!.socket(AF_SIGFOX, SOCK_RAW) as SigfoxSocket
      sock.setsockopt(SOL_SIGFOX, SO_RX, true)
      sock.setsockopt(SOL_SIGFOX, SO_TX_REPEAT, repeat)
      const r = spawn(sim, () => sock.send(Uint8Array.of(9)))
      sim.run()
      const data = frames.filter((f) => !f.meta.oob)
      expect(data.length).toBe(repeat + 1)
      if (repeat >= 1) {
        expect(data[1]!.freqHz - data[0]!.freqHz).toBeCloseTo(6000, 3)
        expect(data[1]!.startUs - data[0]!.endUs).toBe(500_000)
      }
      if (repeat === 2) expect(data[2]!.freqHz - data[0]!.freqHz).toBeCloseTo(-6000, 3)
      expect((r.error() as ErrnoError).errno).toBe(115) // no downlink data at the backend → ENETDOWN
    }
  })

  it("SO_RX with a downlink: the send lasts ≈ 46 s, recv reads the 8 bytes in parts, then the OOB ack goes out", () => {
    const { sim, medium, backend, devices, sigfox } = sigfoxWorld()
    const frames = uplinks(medium)
    backend.setDownlink(sigfox[0]!.endpoint.deviceId, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8))
    const sock = devices[0]!.socket(AF_SIGFOX, SOCK_RAW) as SigfoxSocket
    sock.setsockopt(SOL_SIGFOX, SO_RX, true)
    const r = spawn(sim, function* () {
      yield* sock.send(Uint8Array.of(0xaa, 0xbb))
      const took = sim.now
      const a = yield* sock.recv(3)
      const b = yield* sock.recv(64)
      sock.setblocking(false)
      const c = yield* sock.recv(8)
      return { took, a: Array.from(a), b: Array.from(b), c: c.length }
    })
    sim.run()
    const out = r.get()
    expect(out.took / 1e6).toBeGreaterThan(45)
    expect(out.took / 1e6).toBeLessThan(50)
    expect(out.a).toEqual([1, 2, 3])
    expect(out.b).toEqual([4, 5, 6, 7, 8])
    expect(out.c).toBe(0) // non-blocking, empty: b'' on Pycom
    const oob = frames.filter((f) => f.meta.oob)
    expect(oob.length).toBe(1)
    expect(oob[0]!.durationUs).toBe(uplinkAirtimeUs(7, 100))
    expect(backend.counters.downlinks).toBe(1)
    expect(sigfox[0]!.rssi()).toBeLessThan(0)
    expect(sigfox[0]!.rssi()).toBeGreaterThan(-100)
  })

  it("SO_RX without a downlink raises ENETDOWN after the whole window (≈ 47 s)", () => {
    const { sim, devices } = sigfoxWorld()
    const sock = devices[0]!.socket(AF_SIGFOX, SOCK_RAW) as SigfoxSocket
    sock.setsockopt(SOL_SIGFOX, SO_RX, true)
    sock.setsockopt(SOL_SIGFOX, SO_TX_REPEAT, 0)
    const r = spawn(sim, function* () {
      try {
        yield* sock.send(Uint8Array.of(1))
      } catch (e) {
        return [e, sim.now] as const
      }
      return undefined
    })
    sim.run()
    const [e, at] = r.get()!
    expect(e).toBeInstanceOf(OSError)
    expect((e as ErrnoError).errno).toBe(115)
    expect(at).toBe(uplinkAirtimeUs(1, 100) + DOWNLINK_WAIT_US + DOWNLINK_WINDOW_US)
  })

  it("send(b'') sends the 1-bit frame (14 B, 1.12 s) carrying SO_BIT; SO_OOB sends the 7-byte keep-alive", () => {
    const { sim, medium, devices } = sigfoxWorld()
    const frames = uplinks(medium)
    const sock = devices[0]!.socket(AF_SIGFOX, SOCK_RAW) as SigfoxSocket
    sock.setsockopt(SOL_SIGFOX, SO_BIT, true)
    const r = spawn(sim, function* () {
      const a = yield* sock.send(new Uint8Array(0))
      sock.setsockopt(SOL_SIGFOX, SO_OOB, true)
      const b = yield* sock.send(Uint8Array.of(1, 2, 3))
      return [a, b]
    })
    sim.run()
    expect(r.get()).toEqual([0, 3])
    expect(frames.slice(0, 3).every((f) => f.durationUs === 1_120_000 && f.meta.bit === true)).toBe(true)
    expect(frames.slice(3).every((f) => f.meta.oob && f.meta.payload.length === 7 && f.durationUs === 1_760_000)).toBe(true)
    expect(frames.length).toBe(6)
  })

  it("non-blocking send returns at once; a third while 2 wait raises EAGAIN; the queued messages go out", () => {
    const { sim, backend, devices } = sigfoxWorld()
    const sock = devices[0]!.socket(AF_SIGFOX, SOCK_RAW) as SigfoxSocket
    sock.setblocking(false)
    const r = spawn(sim, function* () {
      const out: unknown[] = []
      for (let i = 0; i < 4; i++) {
        try {
          out.push(yield* sock.send(Uint8Array.of(i)))
        } catch (e) {
          out.push((e as ErrnoError).errno)
        }
      }
      return [out, sim.now]
    })
    sim.run()
    // Sends in one instant: the radio task has not yet taken the first, so the third finds 2 waiting.
    expect(r.get()).toEqual([[1, 1, 11, 11], 0])
    expect(backend.counters.messages).toBe(2)
  })

  it("daily limits: the backend drops uplinks beyond the limit (traced) and refuses downlinks beyond theirs; a new day resets", () => {
    const { sim, backend, devices, sigfox } = sigfoxWorld({ backend: { uplinksPerDay: 5, downlinksPerDay: 1 } })
    const id = sigfox[0]!.endpoint.deviceId
    backend.setDownlink(id, new Uint8Array(8))
    const sock = devices[0]!.socket(AF_SIGFOX, SOCK_RAW) as SigfoxSocket
    const r = spawn(sim, function* () {
      const dl: unknown[] = []
      sock.setsockopt(SOL_SIGFOX, SO_RX, true)
      for (let i = 0; i < 2; i++) {
        try {
          yield* sock.send(Uint8Array.of(i))
          dl.push("ok")
        } catch (e) {
          dl.push((e as ErrnoError).errno)
        }
      }
      sock.setsockopt(SOL_SIGFOX, SO_RX, false)
      for (let i = 0; i < 5; i++) yield* sock.send(Uint8Array.of(i))
      const today = backend.dailyCount(id)
      yield sleep(DAY)
      yield* sock.send(Uint8Array.of(1))
      return { dl, today, tomorrow: backend.dailyCount(id) }
    })
    sim.run()
    const out = r.get()
    expect(out.dl).toEqual(["ok", 115])
    expect(out.today).toEqual({ ul: 5, dl: 1 })
    expect(out.tomorrow).toEqual({ ul: 1, dl: 0 })
    expect(backend.counters.droppedDaily).toBe(2)
    expect(backend.counters.downlinksRefused).toBe(1)
    expect(sim.trace.lines.some((l) => l.includes("daily uplink limit"))).toBe(true)
  })

  it("FSK mode: peer to peer at the configured frequency, up to 64 bytes", () => {
    const { sim, devices } = sigfoxWorld({ devices: ["a", "b"], args: { mode: Sigfox.FSK, frequency: 868_000_000 }, loss: 100 })
    const sa = devices[0]!.socket(AF_SIGFOX, SOCK_RAW) as SigfoxSocket
    const sb = devices[1]!.socket(AF_SIGFOX, SOCK_RAW) as SigfoxSocket
    const big = spawn(sim, () => sa.send(new Uint8Array(65)), "a")
    const tx = spawn(sim, () => sa.send(new Uint8Array(64).fill(7)), "a")
    const rx = spawn(sim, () => sb.recv(100), "b")
    sim.run()
    expect((big.error() as ErrnoError).errno).toBe(122)
    expect(tx.get()).toBe(64)
    expect(rx.get().length).toBe(64)
    expect(rx.get()[0]).toBe(7)
  })

  it("a bad argument type is a TypeError, not a crash", () => {
    const { sim, devices } = sigfoxWorld()
    const sock = devices[0]!.socket(AF_SIGFOX, SOCK_RAW) as SigfoxSocket
    const r = spawn(sim, () => sock.send(42))
    sim.run()
    expect((r.error() as Error).name).toBe("TypeError")
    expect(new ValueError("x")).toBeInstanceOf(Error)
  })
})
