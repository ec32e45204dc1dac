/**
 * fieldnet stack: devices, the usocket API, and (as they land) IP, LoRaWAN and
 * Sigfox. Each protocol module exports from here.
 */
export { Device, registerSocketFamily, type DeviceOptions, type Position, type SocketFactory } from "./device.ts"
export { LINUX_ERRNO, NEWLIB_ERRNO, errnoName, type ErrnoName, type ErrnoTable } from "./usocket/errno.ts"
export { ErrnoError, OSError, PyTypeError, TimeoutError, ValueError, oserror } from "./usocket/errors.ts"
export { PROFILES, type Profile, type ProfileName } from "./usocket/profile.ts"
