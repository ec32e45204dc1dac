/**
 * The world `fieldnet run main.py` puts a firmware in: one board that finds
 * whatever it talks to. An IP network where every name resolves and every
 * address is a simulated internet host (TCP/UDP echo on any port, HTTP on
 * 80, the same HTTP inside modelled TLS on 443; stack/internet/internet.ts,
 * stack/tls); on boards with LoRa, a gateway close enough for every data rate
 * and a network server that accepts the credentials the script joins with and
 * echoes each uplink back as a downlink; on boards with Sigfox, base stations
 * and a backend that answers downlink requests.
 */
import { Schema } from "effect"
import { Internet } from "../../stack/internet/internet.ts"
import { httpService, type InternetService } from "../../stack/internet/internet-services.ts"
import { Network } from "../../stack/ip/network.ts"
import { BOARDS, type BoardName } from "../../stack/python/boards.ts"
import { PythonDevice } from "../../stack/python/python-device.ts"
import { PythonRuntime } from "../../stack/python/python-runtime.ts"
import { tlsService, type ServeTlsOptions, type TlsSocket } from "../../stack/tls/index.ts"
import { oserror } from "../../stack/usocket/errors.ts"
import type { InetSocket } from "../../stack/usocket/inet-socket.ts"
import { defineScenario, param } from "../scenario.ts"
import { buildRadioWorld } from "./radio-world.ts"

/**
 * The calls the port-80 {@link httpService} makes on its connection (recv,
 * sendall, setblocking, close), answered with a TLS session's plaintext: a
 * non-blocking recv with no whole record raises EAGAIN as a socket's does.
 * (httpService is typed on InetSocket; only these four members are used.)
 */
function plaintextStream(tls: TlsSocket): InetSocket {
  const stream = {
    *recv(n: number) {
      const data = yield* tls.recv(n)
      if (data === null) throw oserror(tls.transport.profile.errno, "EAGAIN")
      return data
    },
    *sendall(data: Uint8Array | string) {
      yield* tls.write(data)
    },
    setblocking: (flag: boolean | number) => tls.setblocking(flag),
    close: () => tls.close(),
  }
  return stream as unknown as InetSocket
}

/**
 * Port 443 of the internet hosts: HTTPS — the server half of a TLS handshake
 * (TLS 1.3-capable, so a 1.2-only client gets 1.2; default certificate chain)
 * and then the port-80 HTTP service inside the session. `observe` sees each
 * session once established (tests read its byte counts).
 */
export function httpsService(options: ServeTlsOptions = {}, observe?: (tls: TlsSocket) => void): InternetService {
  const serve = (ctx: Parameters<InternetService>[1]) =>
    tlsService((tls) => {
      observe?.(tls)
      return httpService(plaintextStream(tls), ctx)
    }, { version: "1.3", ...options })
  return (conn, ctx) => serve(ctx)(conn, ctx)
}

const BOARD_NAMES = Object.keys(BOARDS) as BoardName[]

/** The board's address on the simulated network. */
export const DEVICE_IP = "10.0.0.2"

export default defineScenario({
  name: "firmware",
  description: "one board running its own MicroPython firmware in a world that serves whatever it talks to",
  until: "1h",
  params: {
    firmware: param(Schema.String, "", "the firmware: a .py file (run as main.py) or a folder holding boot.py/main.py/lib"),
    board: param(Schema.Literals(BOARD_NAMES), "lopy4", `the board (${BOARD_NAMES.join(", ")}): its profile, radios and os.uname()`),
    gatewayDistanceM: param(Schema.Number.check(Schema.isGreaterThan(0)), 10, "board–LoRa gateway ground distance (m), gateway 15 m up; at 10 m every EU868 data rate reaches both ways with a 16.8 dB margin (docs/python.md)"),
    sigfoxDistanceM: param(Schema.Number.check(Schema.isGreaterThan(0)), 100, "board–Sigfox base station ground distance (m), station 30 m up (docs/python.md)"),
    latencyMs: param(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), 20, "one-way latency to internet hosts (ms)"),
    ipUpAtBoot: param(Schema.Boolean, true, "the board's IP link is up at boot (false: the script must connect WLAN/LTE first)"),
    traceCalls: param(Schema.Boolean, false, "trace every host call the firmware makes (py.call, py.call.error)"),
  },
  build(world, p) {
    if (p.firmware === "") throw new Error("no firmware given (--set firmware=main.py)")
    const net = new Network(world)
    new Internet(net, { link: { latency: Math.round(p.latencyMs * 1000) }, services: { 443: httpsService() } })
    const board = BOARDS[p.board]
    if (p.traceCalls) PythonRuntime.of(world, { traceCalls: true })
    const device = new PythonDevice(world, p.board, {
      board: p.board,
      firmware: { path: p.firmware },
      position: { x: 0, y: 0 },
      ipUpAtBoot: p.ipUpAtBoot,
    })
    net.addHost(device, DEVICE_IP)
    const radio = buildRadioWorld(world, device, board, { gatewayDistanceM: p.gatewayDistanceM, sigfoxDistanceM: p.sigfoxDistanceM })
    return {
      metrics: () => ({
        board: p.board,
        boots: device.boots,
        printed_lines: device.printedLines,
        device_state: device.state,
        ...radio.metrics(),
      }),
    }
  },
})
