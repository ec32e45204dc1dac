import type { ProfileName } from "../profile.ts"

/** The boards `fieldnet run --board` knows. */
export type BoardName = "lopy4" | "sipy" | "fipy" | "wipy" | "quectel" | "rt-thread" | "k230" | "micropython"

/** The network interfaces a board has (which `network` classes its firmware can use). */
export interface BoardRadios {
  readonly lora: boolean
  readonly sigfox: boolean
  readonly wlan: boolean
  readonly lte: boolean
  /** Wired/virtual LAN (`network.LAN`, K230). */
  readonly lan: boolean
  /** A cellular module driven by QuecPython's `checkNet`/`dataCall`. */
  readonly cellular: boolean
}

/**
 * A board: its socket profile, what `os.uname()` and `sys.platform` say, its
 * radios, the epoch of `time.time()`, and the time from reset to `boot.py`.
 */
export interface Board {
  readonly name: BoardName
  readonly profile: ProfileName
  /** `os.uname()` fields in order (Pycom adds lorawan/sigfox/pybytes: PF `esp32/mods/moduos.c`). */
  readonly uname: readonly (readonly [string, string])[]
  readonly platform: string
  readonly radios: BoardRadios
  /** Year of `time.time() == 0`: 1970 on Pycom (PF `machrtc.c` keeps µs since 1970), 2000 on upstream embedded ports (MicroPython docs, `time`). */
  readonly epochYear: 1970 | 2000
  /** Sim time from power-on or reset until `boot.py` runs (ms); see docs/python.md. */
  readonly bootMs: number
  /** Default cap on the interpreter's memory (MiB): a MemoryError beyond it. */
  readonly memoryMb: number
}

const NO_RADIOS: BoardRadios = { lora: false, sigfox: false, wlan: false, lte: false, lan: false, cellular: false }

/** Pycom firmware 1.20.2.r4 (PF `esp32/pycom_version.h`): release, LoRaWAN 1.0.2, Sigfox 1.0.1, Pybytes 1.6.1. */
function pycomUname(board: string, extra: readonly (readonly [string, string])[]): readonly (readonly [string, string])[] {
  return [
    ["sysname", board],
    ["nodename", board],
    ["release", "1.20.2.r4"],
    ["version", "v1.11-a5aa0b8 on 2021-03-23"],
    ["machine", `${board} with ESP32`],
    ...extra,
  ]
}

const PYCOM_BOOT_MS = 1000

/** The boards, keyed by their `--board` name. */
export const BOARDS: Readonly<Record<BoardName, Board>> = {
  lopy4: {
    name: "lopy4",
    profile: "pycom",
    uname: pycomUname("LoPy4", [["lorawan", "1.0.2"], ["sigfox", "1.0.1"], ["pybytes", "1.6.1"]]),
    platform: "LoPy4",
    radios: { ...NO_RADIOS, lora: true, sigfox: true, wlan: true },
    epochYear: 1970,
    bootMs: PYCOM_BOOT_MS,
    memoryMb: 32,
  },
  sipy: {
    name: "sipy",
    profile: "pycom",
    uname: pycomUname("SiPy", [["sigfox", "1.0.1"], ["pybytes", "1.6.1"]]),
    platform: "SiPy",
    radios: { ...NO_RADIOS, sigfox: true, wlan: true },
    epochYear: 1970,
    bootMs: PYCOM_BOOT_MS,
    memoryMb: 32,
  },
  fipy: {
    name: "fipy",
    profile: "pycom",
    uname: pycomUname("FiPy", [["lorawan", "1.0.2"], ["sigfox", "1.0.1"], ["pybytes", "1.6.1"]]),
    platform: "FiPy",
    radios: { ...NO_RADIOS, lora: true, sigfox: true, wlan: true, lte: true },
    epochYear: 1970,
    bootMs: PYCOM_BOOT_MS,
    memoryMb: 32,
  },
  wipy: {
    name: "wipy",
    profile: "pycom",
    uname: pycomUname("WiPy", [["pybytes", "1.6.1"]]),
    platform: "WiPy",
    radios: { ...NO_RADIOS, wlan: true },
    epochYear: 1970,
    bootMs: PYCOM_BOOT_MS,
    memoryMb: 32,
  },
  quectel: {
    name: "quectel",
    profile: "quecpython",
    uname: [["sysname", "EC600U"], ["nodename", "EC600U"], ["release", "1.13.0"], ["version", "v1.13 on 2023-01-01"], ["machine", "EC600U with QUECTEL"]],
    platform: "EC600U",
    radios: { ...NO_RADIOS, cellular: true },
    epochYear: 1970,
    bootMs: 1000,
    memoryMb: 32,
  },
  "rt-thread": {
    name: "rt-thread",
    profile: "rt-thread",
    uname: [["sysname", "rt-thread"], ["nodename", "rt-thread"], ["release", "1.20.0"], ["version", "v1.20.0 on 2023-01-01"], ["machine", "RT-Thread board with RT-Thread"]],
    platform: "rt-thread",
    radios: { ...NO_RADIOS, wlan: true, lan: true },
    epochYear: 2000,
    bootMs: 500,
    memoryMb: 32,
  },
  k230: {
    name: "k230",
    profile: "k230",
    uname: [["sysname", "k230"], ["nodename", "k230"], ["release", "1.1"], ["version", "v1.1 on 2024-01-01"], ["machine", "k230_canmv with K230"]],
    platform: "k230",
    radios: { ...NO_RADIOS, wlan: true, lan: true },
    epochYear: 2000,
    bootMs: 2000,
    memoryMb: 64,
  },
  micropython: {
    name: "micropython",
    profile: "micropython",
    uname: [["sysname", "esp32"], ["nodename", "esp32"], ["release", "1.27.0"], ["version", "v1.27.0 on 2025-12-10"], ["machine", "Generic ESP32 module with ESP32"]],
    platform: "esp32",
    radios: { ...NO_RADIOS, wlan: true },
    epochYear: 2000,
    bootMs: 1000,
    memoryMb: 32,
  },
}

/** The board for a `--board` value, or undefined. */
export function boardOf(name: string): Board | undefined {
  return (BOARDS as Record<string, Board>)[name]
}
