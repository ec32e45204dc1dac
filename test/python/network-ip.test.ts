import { readFileSync } from "node:fs"
import { describe, expect, test } from "vitest"
import { s } from "../../index.ts"
import { CELL_PDP_US, CELL_REGISTER_US, LAN_UP_US, LTE_ATTACH_US, WLAN_CONNECT_US } from "../../stack/python/ops/network-ops.ts"
import { kinds, runFirmware, type FirmwareRun } from "./harness.ts"

const down = { ipUpAtBoot: false }

/** Sim time between an interface's "connecting" and "up" trace entries. */
function connectTime(r: FirmwareRun, iface: string): number {
  const ev = kinds(r, "py.net").filter((e) => e.iface === iface)
  const from = ev.find((e) => e.state === "connecting")!
  const to = ev.find((e) => e.state === "up")!
  return (to.t as number) - (from.t as number)
}

describe("network.WLAN on Pycom: the link comes up after the modelled association + DHCP", () => {
  test("connect() returns at once; isconnected() turns True within the modelled latency; sockets fail before and work after", () => {
    const r = runFirmware(`
from network import WLAN
import socket, time
w = WLAN(mode=WLAN.STA)
print(w.isconnected(), w.ifconfig())
try:
    socket.getaddrinfo("example.com", 80)
except OSError as e:
    print("dns before", e)
s = socket.socket()
try:
    s.connect(("93.184.216.34", 80))
except OSError as e:
    print("connect before", e)
s.close()
t0 = time.ticks_ms()
w.connect("home", auth=(WLAN.WPA2, "password1"), timeout=10000)
print("returned after", time.ticks_diff(time.ticks_ms(), t0))
while not w.isconnected():
    time.sleep_ms(50)
print(w.ifconfig())
s = socket.socket()
s.connect(socket.getaddrinfo("example.com", 80)[0][-1])
s.send(b"GET / HTTP/1.1\\r\\nHost: example.com\\r\\n\\r\\n")
print(s.recv(15))
w.disconnect()
print(w.isconnected())
`, { board: "lopy4", device: down })
    expect(r.out).toEqual([
      "False ('0.0.0.0', '0.0.0.0', '0.0.0.0', '0.0.0.0')",
      "dns before 202",
      "connect before [Errno 118] EHOSTUNREACH",
      "returned after 0",
      "('10.0.0.2', '255.255.255.0', '10.0.0.1', '10.0.0.1')",
      "b'HTTP/1.1 200 OK'",
      "False",
    ])
    const t = connectTime(r, "wlan")
    expect(t).toBeGreaterThanOrEqual(WLAN_CONNECT_US[0])
    expect(t).toBeLessThanOrEqual(WLAN_CONNECT_US[1])
    expect(kinds(r, "ip.link").map((e) => e.up)).toEqual([false, true, false])
  })

  test("with ipUpAtBoot (the default) the board is connected at once; disconnect() takes the link down", () => {
    const r = runFirmware(`
from network import WLAN
import socket
w = WLAN(mode=WLAN.STA)
w.connect("home", auth=(WLAN.WPA2, "password1"))
print(w.isconnected(), w.ifconfig()[0], w.mode())
w.disconnect()
try:
    socket.socket().connect(("93.184.216.34", 80))
except OSError as e:
    print(w.isconnected(), e)
`, { board: "wipy" })
    expect(r.out).toEqual(["True 10.0.0.2 1", "False [Errno 118] EHOSTUNREACH"])
  })

  test("a connect timeout shorter than the latency raises TimeoutError once, as the firmware's timer does; AP mode refuses connect", () => {
    const r = runFirmware(`
from network import WLAN
import time
w = WLAN()
print(w.mode() == WLAN.AP)
try:
    w.connect("home")
except OSError as e:
    print(e)
w = WLAN(mode=WLAN.STA)
w.connect("home", timeout=1000)
time.sleep(2)
try:
    w.isconnected()
except TimeoutError as e:
    print("timeout", e)
print(w.isconnected())
print([n.ssid for n in w.scan()][:2], w.mac().sta_mac == __import__("machine").unique_id())
`, { board: "lopy4", device: down })
    expect(r.out).toEqual([
      "True",
      "the requested operation is not possible",
      "timeout Connection to AP Timeout!",
      "False",
      "['home', 'fieldnet'] True",
    ])
  })

  test("upstream WLAN: active() first, status() codes, non-blocking connect", () => {
    const r = runFirmware(`
import network, time
w = network.WLAN(network.STA_IF)
print(w.active(), w.status())
try:
    w.connect("home", "key")
except OSError as e:
    print(e)
w.active(True)
w.connect("home", "key")
print(w.status() == network.STAT_CONNECTING, w.isconnected())
while w.status() != network.STAT_GOT_IP:
    time.sleep_ms(100)
print(w.ifconfig()[0], w.config("essid"))
w.disconnect()
print(w.status() == network.STAT_IDLE)
try:
    network.WLAN(network.STA_IF, 3)
except TypeError as e:
    print(e)
`, { device: down })
    expect(r.out).toEqual(["False 1000", "Wifi Not Started", "True False", "10.0.0.2 home", "True", "function expected at most 1 arguments, got 2"])
  })

  test("RT-Thread's connect waits for the association; K230's LAN comes up after auto-negotiation", () => {
    const rt = runFirmware(`
import network, time
w = network.WLAN(network.STA_IF)
w.active(True)
t0 = time.ticks_ms()
w.connect("ssid", "key")
print(w.isconnected(), time.ticks_diff(time.ticks_ms(), t0) >= 3000)
`, { board: "rt-thread", device: down })
    expect(rt.out).toEqual(["True True"])
    const k = runFirmware(`
import network, time
lan = network.LAN()
print(lan.active(), lan.isconnected())
lan.active(True)
while not lan.isconnected():
    time.sleep_ms(10)
print(lan.ifconfig()[0])
`, { board: "k230", device: down })
    expect(k.out).toEqual(["False False", "10.0.0.2"])
    const t = connectTime(k, "lan")
    expect(t).toBeGreaterThanOrEqual(LAN_UP_US[0])
    expect(t).toBeLessThanOrEqual(LAN_UP_US[1])
  })
})

describe("Pycom LTE", () => {
  test("attach() blocks 1 s, isattached() turns True after the attach latency; connect() needs it; AT commands fail in data mode", () => {
    const r = runFirmware(`
from network import LTE
import time, socket
lte = LTE()
t0 = time.ticks_ms()
lte.attach(band=20, apn="iot.example")
print("attach call", time.ticks_diff(time.ticks_ms(), t0), lte.isattached())
try:
    lte.connect()
except OSError as e:
    print(e)
while not lte.isattached():
    time.sleep(0.25)
print(lte.send_at_cmd("AT+CEREG?").split())
lte.connect()
print("connected", lte.isconnected())
try:
    lte.imei()
except OSError as e:
    print(e)
s = socket.socket()
s.connect(socket.getaddrinfo("example.com", 80)[0][-1])
lte.disconnect()
print(lte.isconnected(), len(lte.imei()), lte.imei()[:5])
`, { board: "fipy", device: down })
    expect(r.out).toEqual([
      "attach call 1000 False",
      "modem not attached",
      "['+CEREG:', '1,1', 'OK']",
      "connected True",
      "LTE modem is in data state, cannot send AT commands",
      "False 15 35434",
    ])
    const ev = kinds(r, "py.net").filter((e) => e.iface === "lte")
    const attach = (ev.find((e) => e.state === "attached")!.t as number) - (ev.find((e) => e.state === "attaching")!.t as number)
    expect(attach).toBeGreaterThanOrEqual(LTE_ATTACH_US[0])
    expect(attach).toBeLessThanOrEqual(LTE_ATTACH_US[1])
    expect(connectTime(r, "lte")).toBe(1_000_000)
  })
})

describe("QuecPython: checkNet, log, dataCall", () => {
  test("log prints LEVEL:name:message without a timestamp, filters by level, formats % arguments", () => {
    const r = runFirmware(`
import log
log.basicConfig(level=log.INFO)
a = log.getLogger("Quec")
a.error("Test error message!!")
a.debug("Test debug message!!")
a.critical("Test critical message!!")
a.info("Test info message!!")
a.warning("Test warning message!!")
a.info("value: %d(%s)", 100, "foobar")
print(log.getLogger("Quec") is a, log.getLogger().name, log.DEBUG, log.CRITICAL)
`, { board: "quectel" })
    expect(r.out).toEqual([
      "ERROR:Quec:Test error message!!",
      "CRIT:Quec:Test critical message!!",
      "INFO:Quec:Test info message!!",
      "WARN:Quec:Test warning message!!",
      "INFO:Quec:value: 100(foobar)",
      "True root 10 50",
    ])
  })

  test("checkNet: (3, 1) at once with the link up at boot; poweron_print_once; dataCall.getInfo reports the address", () => {
    const r = runFirmware(`
import checkNet, dataCall, utime
c = checkNet.CheckNetwork("P", "1.0.0")
c.poweron_print_once()
t0 = utime.ticks_ms()
print(c.wait_network_connected(30), utime.ticks_diff(utime.ticks_ms(), t0) < 5)
print(dataCall.getInfo(1, 0))
try:
    c.wait_network_connected(0)
except OSError as e:
    print(e)
`, { board: "quectel" })
    expect(r.out).toEqual([
      "==================================================",
      "PROJECT_NAME     : P",
      "PROJECT_VERSION  : 1.0.0",
      "FIRMWARE_VERSION : EC600UCNLBR03A01M08_OCPU_QPY",
      "POWERON_REASON   : 1",
      "SIM_CARD_STATUS  : 1",
      "==================================================",
      "(3, 1) True",
      "(1, 0, [1, 0, '10.0.0.2', '10.0.0.1', '0.0.0.0'])",
      "timeout_s should be in [1, 3600]s!",
    ])
  })

  test("checkNet with the link down at boot: registration then the data call, polled every 100 ms; a short timeout reports the stage", () => {
    const r = runFirmware(`
import checkNet, dataCall, utime
print(dataCall.getInfo(1, 0))
print(checkNet.wait_network_connected(1))
t0 = utime.ticks_ms()
print(checkNet.wait_network_connected(60), utime.ticks_diff(utime.ticks_ms(), t0) % 100)
print(dataCall.getInfo(1, 0)[2][0])
`, { board: "quectel", device: down })
    expect(r.out[0]).toBe("(1, 0, [0, 0, '0.0.0.0', '0.0.0.0', '0.0.0.0'])")
    expect(["(2, 2)", "(3, 0)"]).toContain(r.out[1])
    expect(r.out.slice(2)).toEqual(["(3, 1) 0", "1"])
    const t = connectTime(r, "cell")
    expect(t).toBeGreaterThanOrEqual(CELL_REGISTER_US[0] + CELL_PDP_US[0])
    expect(t).toBeLessThanOrEqual(CELL_REGISTER_US[1] + CELL_PDP_US[1])
  })

  test("the QuecPython usocket example runs unmodified: its log lines and the HTTP answer of the simulated internet", () => {
    const src = readFileSync(new URL("../../scenarios/firmware/quecpython-socket.py", import.meta.url), "utf8")
    expect(src).toContain("\n    \t# Creates a socket instance\n")
    const r = runFirmware(src, { board: "quectel" })
    expect(r.out).toEqual([
      "INFO:SOCKET:Network connection successful!",
      "INFO:SOCKET:send 98 bytes",
      "INFO:SOCKET:recv 198 bytes:",
      "INFO:SOCKET:HTTP/1.1 200 OK",
      "Server: fieldnet",
      "Content-Type: text/html",
      "Content-Length: 92",
      "Connection: keep-alive",
      "",
      "<html><body><h1>fieldnet</h1><p>Simulated internet host www.tongxinmao.com</p></body></html>",
    ])
    expect(kinds(r, "py.main.end")[0]).toMatchObject({ status: "ok" })
    // With the module still registering at boot, the example waits for it and then runs the same way.
    const late = runFirmware(src, { board: "quectel", device: down, until: s(40) })
    expect(late.out).toEqual(r.out)
    expect(late.lines[0]!.t).toBeGreaterThan(r.lines[0]!.t + CELL_REGISTER_US[0] + CELL_PDP_US[0])
  })
})

describe("determinism", () => {
  test("same seed: same latencies and digest; another seed draws other latencies", () => {
    const src = `
from network import WLAN
import time
w = WLAN(mode=WLAN.STA)
w.connect("home")
while not w.isconnected():
    time.sleep_ms(20)
print(time.ticks_ms())
`
    const a = runFirmware(src, { board: "lopy4", device: down, seed: 11, until: s(10) })
    const b = runFirmware(src, { board: "lopy4", device: down, seed: 11, until: s(10) })
    const c = runFirmware(src, { board: "lopy4", device: down, seed: 12, until: s(10) })
    expect(a.digest).toBe(b.digest)
    expect(a.out).toEqual(b.out)
    expect(connectTime(c, "wlan")).not.toBe(connectTime(a, "wlan"))
  })
})
