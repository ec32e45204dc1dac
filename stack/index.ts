/**
 * fieldnet stack: devices, the usocket API, and (as they land) IP, LoRaWAN and
 * Sigfox. Each protocol module exports from here.
 */
export { Device, registerSocketFamily, type DeviceOptions, type Position, type SocketFactory } from "./device.ts"
export { LINUX_ERRNO, NEWLIB_ERRNO, errnoName, type ErrnoName, type ErrnoTable } from "./usocket/errno.ts"
export { ErrnoError, OSError, PyTypeError, TimeoutError, ValueError, oserror } from "./usocket/errors.ts"
export { PROFILES, type Profile, type ProfileName } from "./usocket/profile.ts"
export * from "./ip/index.ts"
export { InetSocket } from "./usocket/inet-socket.ts"
export { SocketCore, WOULD_BLOCK } from "./usocket/socket-core.ts"
export { Poll, type Pollable } from "./usocket/poll.ts"
export { getaddrinfo, inet_ntop, inet_pton, select, usocket, type AddrInfo, type SelectModule, type UsocketModule } from "./usocket/module.ts"
export { parseSockAddr, toBytes, toInt, type Endpoint, type SockAddr } from "./usocket/args.ts"
export * as usocketConstants from "./usocket/constants.ts"
export * from "./lora/index.ts"
export * as lorawan from "./lorawan/index.ts"
export * as capture from "./capture/index.ts"
export { LINKTYPE, LoraCapture, PcapFile, PcapWriter, openLoraCaptureFile, type LoraCaptureRecord } from "./capture/index.ts"
export * from "./sigfox/index.ts"
