import type { Device } from "../device.ts"
import { registerSocketFamily } from "../device.ts"
import { bytesToIPv4, formatIPv4, ipv4ToBytes, parseIPv4 } from "../ip/address.ts"
import type { IpHost } from "../ip/host.ts"
import { toBytes, toInt, type SockAddr } from "./args.ts"
import * as C from "./constants.ts"
import { OSError, oserror, PyTypeError, TimeoutError } from "../errors/errors.ts"
import { InetSocket } from "./inet-socket.ts"
import { Poll } from "./poll.ts"
import type { Profile } from "../profile.ts"

registerSocketFamily(C.AF_INET, (device, type, proto) => new InetSocket(device, type, proto))

/** One `getaddrinfo` entry: `(family, type, proto, canonname, sockaddr)`. */
export type AddrInfo = [number, number, number, string, SockAddr]

/**
 * `getaddrinfo(host, port, af=0, type=0, proto=0, flags=0)` against the
 * network's DNS table: one entry `(AF_INET, type or SOCK_STREAM, proto, '', (ip, port))`.
 * Unknown name → the profile's error: OSError(-2) (MicroPython modlwip) or
 * OSError(202) (Pycom: lwIP EAI_FAIL, positive); so is any name while the
 * device's link is down (numeric addresses still parse). af other than 0/AF_INET → [].
 */
export function getaddrinfo(device: Device, host: unknown, port: unknown, af = 0, type = 0, proto = 0, flags = 0): AddrInfo[] {
  void flags
  if (typeof host !== "string") throw new PyTypeError("can't convert to str")
  const p = typeof port === "string" && /^\d+$/.test(port) ? Number(port) : toInt(port)
  if (af !== 0 && af !== C.AF_INET) return []
  const ipHost = device.get<IpHost>("ip")
  // A numeric address needs no lookup; a name does, and with the link down the DNS query cannot go out.
  const addr = host === "" ? 0 : ipHost !== undefined && !ipHost.linkUp ? parseIPv4(host) : ipHost?.network.dns.resolve(host) ?? parseIPv4(host)
  if (addr === undefined) throw gaiError(device.profile)
  return [[C.AF_INET, type === 0 ? C.SOCK_STREAM : type, proto, "", [formatIPv4(addr), p]]]
}

function gaiError(profile: Profile): OSError {
  return new OSError(profile.getaddrinfoError === "lwip-positive" ? C.EAI_FAIL_LWIP : C.GAI_ERROR_MICROPYTHON)
}

/** `inet_pton(AF_INET, "1.2.3.4")` → 4 bytes. Other af → OSError(EAFNOSUPPORT); bad text → OSError(EINVAL). */
export function inet_pton(profile: Profile, af: number, text: unknown): Uint8Array {
  if (toInt(af) !== C.AF_INET) throw oserror(profile.errno, "EAFNOSUPPORT")
  if (typeof text !== "string") throw new PyTypeError("can't convert to str")
  const a = parseIPv4(text)
  if (a === undefined) throw oserror(profile.errno, "EINVAL")
  return ipv4ToBytes(a)
}

/** `inet_ntop(AF_INET, b"\x7f\0\0\1")` → "127.0.0.1". Other af → EAFNOSUPPORT; not 4 bytes → EINVAL. */
export function inet_ntop(profile: Profile, af: number, bin: unknown): string {
  if (toInt(af) !== C.AF_INET) throw oserror(profile.errno, "EAFNOSUPPORT")
  const b = toBytes(bin)
  if (b.length !== 4) throw oserror(profile.errno, "EINVAL")
  return formatIPv4(bytesToIPv4(b))
}

/** The `usocket` module as a device's script sees it (AF_INET part). */
export interface UsocketModule {
  readonly AF_INET: number
  readonly AF_INET6: number
  readonly SOCK_STREAM: number
  readonly SOCK_DGRAM: number
  readonly SOCK_RAW: number
  readonly IPPROTO_IP: number
  readonly IPPROTO_TCP: number
  readonly IPPROTO_UDP: number
  readonly IPPROTO_SEC: number
  readonly IPPROTO_TCP_SER: number
  readonly TCP_CUSTOMIZE_PORT: number
  readonly TCP_KEEPALIVE: number
  readonly TCP_NODELAY: number
  readonly SOL_SOCKET: number
  readonly SO_REUSEADDR: number
  readonly SO_KEEPALIVE: number
  /** Pycom lists `socket.error` and `socket.timeout`: aliases of OSError and TimeoutError (MicroPython docs: use OSError). */
  readonly error: typeof OSError
  readonly timeout: typeof TimeoutError
  /** `socket(af=AF_INET, type=SOCK_STREAM, proto=0)`. */
  socket(af?: number, type?: number, proto?: number): InetSocket
  getaddrinfo(host: string, port: number | string, af?: number, type?: number, proto?: number, flags?: number): AddrInfo[]
  inet_pton(af: number, text: string): Uint8Array
  inet_ntop(af: number, bin: Uint8Array): string
}

/** The `select` module: `poll()` and the POLL* constants. */
export interface SelectModule {
  readonly POLLIN: number
  readonly POLLOUT: number
  readonly POLLERR: number
  readonly POLLHUP: number
  readonly POLLNVAL: number
  poll(): Poll<InetSocket>
}

/** `import usocket` on a device: `const socket = usocket(dev); const s = socket.socket()`. */
export function usocket(device: Device): UsocketModule {
  const profile = device.profile
  return {
    AF_INET: C.AF_INET, AF_INET6: C.AF_INET6, SOCK_STREAM: C.SOCK_STREAM, SOCK_DGRAM: C.SOCK_DGRAM, SOCK_RAW: C.SOCK_RAW,
    IPPROTO_IP: C.IPPROTO_IP, IPPROTO_TCP: C.IPPROTO_TCP, IPPROTO_UDP: C.IPPROTO_UDP, IPPROTO_SEC: C.IPPROTO_SEC,
    IPPROTO_TCP_SER: C.IPPROTO_TCP_SER, TCP_CUSTOMIZE_PORT: C.TCP_CUSTOMIZE_PORT, TCP_KEEPALIVE: C.TCP_KEEPALIVE, TCP_NODELAY: C.TCP_NODELAY,
    SOL_SOCKET: C.SOL_SOCKET, SO_REUSEADDR: C.SO_REUSEADDR, SO_KEEPALIVE: C.SO_KEEPALIVE,
    error: OSError, timeout: TimeoutError,
    socket(af = C.AF_INET, type = C.SOCK_STREAM, proto = 0) {
      if (toInt(af) !== C.AF_INET) throw oserror(profile.errno, "EAFNOSUPPORT")
      return new InetSocket(device, type, proto)
    },
    getaddrinfo: (host, port, af = 0, type = 0, proto = 0, flags = 0) => getaddrinfo(device, host, port, af, type, proto, flags),
    inet_pton: (af, text) => inet_pton(profile, af, text),
    inet_ntop: (af, bin) => inet_ntop(profile, af, bin),
  }
}

/** `import select` on a device. */
export function select(device: Device): SelectModule {
  return {
    POLLIN: C.POLLIN, POLLOUT: C.POLLOUT, POLLERR: C.POLLERR, POLLHUP: C.POLLHUP, POLLNVAL: C.POLLNVAL,
    poll: () => new Poll<InetSocket>(device.world, device.profile),
  }
}
