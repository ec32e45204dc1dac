import { describe, expect, it } from "vitest"
import { Device, Network, Simulation, InetSocket, usocket, select } from "../../index.ts"

/** Every function, constant and method named in the five seed documents (AF_INET part). */
const MODULE_NAMES = [
  "AF_INET", "AF_INET6", "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "IPPROTO_TCP", "IPPROTO_UDP", "IPPROTO_SEC",
  "IPPROTO_TCP_SER", "TCP_CUSTOMIZE_PORT", "TCP_KEEPALIVE", "SOL_SOCKET", "SO_REUSEADDR",
  "socket", "getaddrinfo", "inet_pton", "inet_ntop", "error", "timeout",
]
const METHODS = [
  "close", "bind", "listen", "accept", "connect", "send", "sendall", "recv", "sendto", "recvfrom", "setsockopt",
  "settimeout", "setblocking", "makefile", "read", "readall", "readinto", "readline", "write", "fileno", "getsocketsta",
  "__enter__", "__exit__",
]

describe("the seed surface", () => {
  const world = new Simulation({ seed: 1, trace: { enabled: false } })
  const net = new Network(world)
  const dev = new Device(world, "d")
  net.addHost(dev, "10.0.0.1")

  it("the usocket module has every seed-documented name", () => {
    const m = usocket(dev) as unknown as Record<string, unknown>
    expect(MODULE_NAMES.filter((n) => m[n] === undefined)).toEqual([])
  })

  it("a socket has every seed-documented method", () => {
    const sock = usocket(dev).socket() as unknown as Record<string, unknown>
    expect(METHODS.filter((n) => typeof sock[n] !== "function")).toEqual([])
  })

  it("select has poll with register/unregister/modify/poll/ipoll and the POLL constants (1, 4, 8, 16)", () => {
    const sel = select(dev)
    const p = sel.poll() as unknown as Record<string, unknown>
    expect(["register", "unregister", "modify", "poll", "ipoll"].filter((n) => typeof p[n] !== "function")).toEqual([])
    expect([sel.POLLIN, sel.POLLOUT, sel.POLLERR, sel.POLLHUP]).toEqual([1, 4, 8, 16])
  })

  it("device.socket(AF_INET, …) reaches the registered AF_INET family", () => {
    expect(dev.socket(2, 1)).toBeInstanceOf(InetSocket)
    expect(dev.socket(2, 2)).toBeInstanceOf(InetSocket)
  })
})
