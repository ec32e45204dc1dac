import { sleep, type EventId, type Micros, type ProcessBody } from "../../../sim/index.ts"
import { formatIPv4, parseIPv4 } from "../../ip/address.ts"
import type { IpHost } from "../../ip/host.ts"
import { OSError } from "../../errors/errors.ts"
import type { HandleTable } from "../handles.ts"
import { apMac, baseMac, keepOf } from "../machine-state.ts"
import { registerBootHook, registerOps, type OpContext } from "../ops.ts"

/**
 * The IP interfaces of a Python device (`network.WLAN`, `LTE`, `LAN`, and
 * QuecPython's cellular data call), modelled as one link: the device's single
 * {@link IpHost}. Each interface is down, connecting or up; the host's link is
 * up while any interface is up (`setLinkUp`), so sockets fail before a
 * connect and work after it, as lwIP does with no netif up. With
 * `PythonDevice.ipUpAtBoot` (the default) every interface of the board starts
 * up, as if the board's configuration had connected it; with false they start
 * down (a Pycom board starts its own access point, `wifi_on_boot`) and come up
 * only after the script connects, after a latency drawn from the device's own
 * stream (`python/<device>/wlan`, `lan`, `lte`, `cell`). The latencies and their
 * sources are below and in docs/python-network.md.
 */

/**
 * Wi-Fi association + DHCP on an ESP32: uniform 3.0–3.2 s. Secondary source:
 * espressif/esp-idf#2334, the ESP-IDF station example measured at 3.0–3.2 s
 * from `esp_wifi_connect()` to GOT_IP, cold and warm, with lwIP's DHCP ARP
 * check on (1.2 s with it off) — and the check is on in Pycom's build (PF
 * `esp32/sdkconfig.h`: CONFIG_LWIP_DHCP_DOES_ARP_CHECK 1) and by default in
 * ESP-IDF. No primary Espressif figure was found. Used for every board's WLAN.
 */
export const WLAN_CONNECT_US: readonly [Micros, Micros] = [3_000_000, 3_200_000]

/**
 * Ethernet link-up (`network.LAN().active(True)`): uniform 2–3 s, TI DP83848
 * datasheet ("Parallel detection and Auto-Negotiation take approximately 2-3
 * seconds to complete", §auto-negotiation complete time; IEEE 802.3 clause 28).
 * DHCP on a wired LAN is not added (milliseconds, without the Wi-Fi ARP check).
 */
export const LAN_UP_US: readonly [Micros, Micros] = [2_000_000, 3_000_000]

/**
 * LTE attach after `LTE.attach()` returns: uniform 1–5 s, the best and worst
 * case of a packet-attach in Microsoft's mobile-broadband driver requirements
 * ("MB miniport driver performance requirements", learn.microsoft.com) —
 * secondary; Pycom only says a modem that has attached before "should attach
 * in seconds" (docs.pycom.io, LTE tutorial, "First attach can be slow"), and
 * no Sequans figure is public. A first attach (band scan, minutes to half an
 * hour per Pycom) is not modelled.
 */
export const LTE_ATTACH_US: readonly [Micros, Micros] = [1_000_000, 5_000_000]

/** PF `modlte.c` `lte_attach()` and `lte_connect()` each end with `vTaskDelay(1000)`: 1 s at the 1 kHz FreeRTOS tick (PF `sdkconfig.h` CONFIG_FREERTOS_HZ 1000). */
export const LTE_CALL_US: Micros = 1_000_000

/**
 * QuecPython network registration and then PDP context activation, which the
 * module does by itself after power-on (QuecPython docs, `dataCall`): uniform
 * 1–5 s then uniform 2–10 s, the packet-attach and PDP-activation best/worst
 * cases of Microsoft's mobile-broadband driver requirements (secondary; no
 * Quectel figure was found).
 */
export const CELL_REGISTER_US: readonly [Micros, Micros] = [1_000_000, 5_000_000]
export const CELL_PDP_US: readonly [Micros, Micros] = [2_000_000, 10_000_000]

/**
 * A Wi-Fi scan (`WLAN.scan()`, blocking on the board) over channels 1–13 (the
 * default "CN"/EU country range), with ESP-IDF's default dwell when
 * `scan_time` is left at 0, as both ports leave it: 120 ms per channel active,
 * 360 ms passive (ESP-IDF `esp_wifi.h`, `esp_wifi_set_scan_parameters`:
 * "scan_time.active.max : 120ms … scan_time.passive : 360ms"). Pycom scans
 * passively while its station is connected (PF `modwlan.c` `wlan_scan`).
 */
export const WLAN_SCAN_ACTIVE_US: Micros = 13 * 120_000
export const WLAN_SCAN_PASSIVE_US: Micros = 13 * 360_000

/** `checkNet.wait_network_connected` polls every 100 ms (QuecPython `checkNet.py`, `utime.sleep_ms(100)`). */
export const CELL_POLL_US: Micros = 100_000

export type NetKind = "wlan" | "lan" | "lte" | "cell"
type State = "down" | "connecting" | "up"

interface Iface {
  state: State
  /** Sim time the connect completes (while connecting). */
  upAt: Micros
  timer: EventId | undefined
  /** A connect timeout expired (Pycom WLAN: `isconnected()` raises once). */
  timedOut: boolean
  timeoutTimer: EventId | undefined
}

/** LTE (Pycom `modlte.c`): attach state; PPP up makes the interface up. */
interface Lte {
  attach: "detached" | "attaching" | "attached"
  attachedAt: Micros
  timer: EventId | undefined
}

/** QuecPython cellular: registration, then the data call. */
interface Cell {
  started: boolean
  registeredAt: Micros
  readyAt: Micros
  timer: EventId | undefined
}

/** The interfaces of one boot (RAM: a new one per boot). */
class NetState {
  readonly ifaces = new Map<NetKind, Iface>()
  readonly lte: Lte
  readonly cell: Cell
  constructor(c: OpContext) {
    const up = c.device.ipUpAtBoot
    const r = c.board.radios
    const kinds: NetKind[] = []
    if (r.wlan) kinds.push("wlan")
    if (r.lan) kinds.push("lan")
    if (r.lte) kinds.push("lte")
    if (r.cellular) kinds.push("cell")
    for (const k of kinds) this.ifaces.set(k, { state: up ? "up" : "down", upAt: 0, timer: undefined, timedOut: false, timeoutTimer: undefined })
    this.lte = { attach: up ? "attached" : "detached", attachedAt: 0, timer: undefined }
    this.cell = { started: up, registeredAt: 0, readyAt: 0, timer: undefined }
    c.device.atShutdown(() => {
      for (const i of this.ifaces.values()) {
        if (i.timer !== undefined) c.world.cancel(i.timer)
        if (i.timeoutTimer !== undefined) c.world.cancel(i.timeoutTimer)
      }
      if (this.lte.timer !== undefined) c.world.cancel(this.lte.timer)
      if (this.cell.timer !== undefined) c.world.cancel(this.cell.timer)
    })
  }
}

const states = new WeakMap<HandleTable, NetState>()

function netOf(c: OpContext): NetState {
  let s = states.get(c.handles)
  if (s === undefined) {
    s = new NetState(c)
    states.set(c.handles, s)
  }
  return s
}

function ipOf(c: OpContext): IpHost | undefined {
  return c.device.get<IpHost>("ip")
}

function ifaceOf(c: OpContext, kind: unknown): Iface {
  const i = netOf(c).ifaces.get(kind as NetKind)
  if (i === undefined) throw new OSError(`no ${String(kind)} interface on this board`)
  return i
}

/** The host's link follows the interfaces: up while any is up. */
function refreshLink(c: OpContext): void {
  const ip = ipOf(c)
  if (ip === undefined) return
  let up = false
  for (const i of netOf(c).ifaces.values()) if (i.state === "up") up = true
  ip.setLinkUp(up)
}

/** Is the interface up and the link with it (a scenario may cut the link from outside)? */
function isUp(c: OpContext, i: Iface): boolean {
  return i.state === "up" && (ipOf(c)?.linkUp ?? false)
}

function draw(c: OpContext, stream: string, [lo, hi]: readonly [Micros, Micros]): Micros {
  return Math.round(c.world.rng(`python/${c.device.name}/${stream}`).uniform(lo, hi))
}

function setState(c: OpContext, kind: NetKind, i: Iface, state: State): void {
  if (i.state === state) return
  i.state = state
  c.world.log(c.device.name, "py.net", { iface: kind, state })
  refreshLink(c)
}

function clearTimers(c: OpContext, i: Iface): void {
  if (i.timer !== undefined) c.world.cancel(i.timer)
  if (i.timeoutTimer !== undefined) c.world.cancel(i.timeoutTimer)
  i.timer = undefined
  i.timeoutTimer = undefined
}

/** Starts connecting `kind` (no effect when it is up or already connecting); up after `latency`. */
function startConnect(c: OpContext, kind: NetKind, i: Iface, latency: Micros, timeoutUs?: Micros): void {
  if (i.state === "up" || i.state === "connecting") return
  i.timedOut = false
  i.upAt = c.world.now + latency
  setState(c, kind, i, "connecting")
  i.timer = c.world.schedule(i.upAt, () => {
    i.timer = undefined
    if (i.timeoutTimer !== undefined) c.world.cancel(i.timeoutTimer)
    i.timeoutTimer = undefined
    setState(c, kind, i, "up")
  })
  if (timeoutUs !== undefined && timeoutUs > 0 && timeoutUs < latency) {
    // PF modwlan.c wlan_timer_callback: still disconnected when the timer fires → disconnect, flag the timeout.
    i.timeoutTimer = c.world.schedule(c.world.now + timeoutUs, () => {
      i.timeoutTimer = undefined
      if (i.state !== "connecting") return
      clearTimers(c, i)
      i.timedOut = true
      setState(c, kind, i, "down")
    })
  }
}

function bringDown(c: OpContext, kind: NetKind, i: Iface): void {
  clearTimers(c, i)
  setState(c, kind, i, "down")
}

/** The address configuration the interfaces report: the host's real address, a /24, its .1 as gateway and DNS. */
function addressInfo(c: OpContext): { address: string; netmask: string; gateway: string; dns: string } {
  const ip = ipOf(c)
  if (ip === undefined) return { address: "0.0.0.0", netmask: "0.0.0.0", gateway: "0.0.0.0", dns: "0.0.0.0" }
  const a = parseIPv4(ip.address) ?? 0
  const gw = formatIPv4(((a & 0xffffff00) | 1) >>> 0)
  return { address: ip.address, netmask: "255.255.255.0", gateway: gw, dns: gw }
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex")
}

function* until(c: OpContext, at: Micros): ProcessBody<void> {
  const d = at - c.world.now
  if (d > 0) yield sleep(d)
}

/** The QuecPython module's own registration + data call (started at power-on; here at the first cellular call of a boot). */
function cellStart(c: OpContext): Cell {
  const n = netOf(c)
  const cell = n.cell
  const i = n.ifaces.get("cell")
  if (cell.started || i === undefined) return cell
  cell.started = true
  cell.registeredAt = c.world.now + draw(c, "cell", CELL_REGISTER_US)
  cell.readyAt = cell.registeredAt + draw(c, "cell", CELL_PDP_US)
  i.upAt = cell.readyAt
  setState(c, "cell", i, "connecting")
  cell.timer = c.world.schedule(cell.readyAt, () => {
    cell.timer = undefined
    setState(c, "cell", i, "up")
  })
  return cell
}

registerOps({
  /** An interface's state: `up` (connected and the link up), `state`, and a pending connect-timeout flag (cleared by reading it). */
  "net.status": (c, [kind]) => {
    const i = ifaceOf(c, kind)
    const timedOut = i.timedOut
    i.timedOut = false
    return { up: isUp(c, i), state: i.state, timedOut }
  },
  /** The address configuration (`ifconfig()`). */
  "net.ifconfig": (c) => addressInfo(c),
  /**
   * Connects `kind` ("wlan" or "lan"): the link comes up after the modelled
   * latency. Non-blocking (Pycom, ESP32: `esp_wifi_connect` returns at once)
   * or, with `blocking`, waits for it (RT-Thread's `rt_wlan_connect`).
   * `timeoutMs` (Pycom `connect(timeout=)`) aborts a connect still pending then.
   */
  "net.connect": (c, [kind, timeoutMs, blocking]) => {
    const i = ifaceOf(c, kind)
    const k = kind as NetKind
    const latency = k === "lan" ? draw(c, "lan", LAN_UP_US) : draw(c, "wlan", WLAN_CONNECT_US)
    startConnect(c, k, i, latency, typeof timeoutMs === "number" ? Math.round(timeoutMs * 1000) : undefined)
    if (blocking !== true || i.state !== "connecting") return null
    return (function* (): ProcessBody<null> {
      yield* until(c, i.upAt)
      return null
    })()
  },
  /** `WLAN.scan()`: takes a full scan of sim time (active, or passive when asked). */
  "net.scan": (_c, [passive]) =>
    (function* (): ProcessBody<null> {
      yield sleep(passive === true ? WLAN_SCAN_PASSIVE_US : WLAN_SCAN_ACTIVE_US)
      return null
    })(),
  "net.disconnect": (c, [kind]) => {
    bringDown(c, kind as NetKind, ifaceOf(c, kind))
    return null
  },

  // ---- Pycom LTE (PF modlte.c) ------------------------------------------------
  "lte.state": (c) => {
    const n = netOf(c)
    const i = ifaceOf(c, "lte")
    return { attach: n.lte.attach, ppp: i.state === "up", up: isUp(c, i) }
  },
  /** `attach()`: the firmware blocks 1 s (vTaskDelay) and returns; the network attach completes later. */
  "lte.attach": (c) => {
    const n = netOf(c)
    const lte = n.lte
    return (function* (): ProcessBody<null> {
      if (lte.attach !== "detached") return null
      yield sleep(LTE_CALL_US)
      if (lte.attach !== "detached") return null
      lte.attach = "attaching"
      lte.attachedAt = c.world.now + draw(c, "lte", LTE_ATTACH_US)
      c.world.log(c.device.name, "py.net", { iface: "lte", state: "attaching" })
      lte.timer = c.world.schedule(lte.attachedAt, () => {
        lte.timer = undefined
        lte.attach = "attached"
        c.world.log(c.device.name, "py.net", { iface: "lte", state: "attached" })
      })
      return null
    })()
  },
  /** `connect()`: PPP over the attached bearer; the firmware blocks 1 s after entering data mode, then the link is up. */
  "lte.connect": (c) => {
    const n = netOf(c)
    const i = ifaceOf(c, "lte")
    if (i.state === "up") return null
    if (n.lte.attach !== "attached") throw new OSError("modem not attached")
    return (function* (): ProcessBody<null> {
      i.upAt = c.world.now + LTE_CALL_US
      setState(c, "lte", i, "connecting")
      yield sleep(LTE_CALL_US)
      setState(c, "lte", i, "up")
      return null
    })()
  },
  "lte.disconnect": (c) => {
    const i = ifaceOf(c, "lte")
    if (i.state !== "down") bringDown(c, "lte", i)
    return null
  },
  "lte.detach": (c) => {
    const n = netOf(c)
    const i = ifaceOf(c, "lte")
    if (i.state !== "down") bringDown(c, "lte", i)
    if (n.lte.timer !== undefined) c.world.cancel(n.lte.timer)
    n.lte.timer = undefined
    if (n.lte.attach !== "detached") c.world.log(c.device.name, "py.net", { iface: "lte", state: "detached" })
    n.lte.attach = "detached"
    return null
  },

  // ---- QuecPython cellular (checkNet, dataCall) ---------------------------------
  /** `[registered, ready]` now (ready = PDP context active and the link up). */
  "cell.state": (c) => {
    const cell = cellStart(c)
    const i = ifaceOf(c, "cell")
    const registered = cell.started && (i.state === "up" || c.world.now >= cell.registeredAt)
    return [registered && (ipOf(c)?.linkUp ?? true), isUp(c, i)]
  },
  /**
   * `checkNet.wait_network_connected(timeout_s)`: QuecPython's loop polls the
   * SIM, then the registration, then the data call every 100 ms until the
   * timeout; returns `[stage, state]` — (3, 1) when the network is ready.
   */
  "cell.wait": (c, [timeoutS]) => {
    const cell = cellStart(c)
    const i = ifaceOf(c, "cell")
    const start = c.world.now
    const timeoutUs = Number(timeoutS) * 1_000_000
    return (function* (): ProcessBody<[number, number]> {
      for (let t = start; ; t += CELL_POLL_US) {
        yield* until(c, t)
        if (isUp(c, i)) return [3, 1]
        if (t - start >= timeoutUs) {
          // Registered but no data call yet: stuck in stage 3 (state 0); else still searching (net state 2).
          const registered = i.state === "connecting" && c.world.now >= cell.registeredAt
          return registered ? [3, 0] : [2, 2]
        }
      }
    })()
  },
})

// A QuecPython module starts registering at power-on, whether or not the script imports checkNet.
registerBootHook((c) => {
  if (c.board.radios.cellular) cellStart(c)
})

/** Import-time queries of the shims: free, like `sys.info`, so importing `network` moves no sim time. */
registerOps(
  {
    /** What the shims need at import: the link at boot, the address, MACs, the Pycom Wi-Fi boot configuration. */
    "net.info": (c) => {
      netOf(c)
      const cfg = keepOf(c.device).pycomConfig
      return {
        ipUpAtBoot: c.device.ipUpAtBoot,
        ...addressInfo(c),
        mac: hex(baseMac(c.device.name)),
        apMac: hex(apMac(c.device.name)),
        wifiOnBoot: cfg.get("wifi_on_boot") === true,
        wifiModeOnBoot: Number(cfg.get("wifi_mode_on_boot") ?? 2),
      }
    },
    /** The module registers by itself after power-on: starts the model if it has not started. */
    "cell.boot": (c) => {
      cellStart(c)
      return null
    },
  },
  0,
)
