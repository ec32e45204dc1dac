/**
 * errno tables. Which one a device uses is part of its profile.
 *
 * - `newlib`: Pycom builds with `MICROPY_USE_INTERNAL_ERRNO = 0` (set only in
 *   `py/mpconfig.h`), so `MP_E*` are newlib's values (picolibc
 *   `newlib/libc/include/sys/errno.h`); e.g. ENETDOWN 115, ETIMEDOUT 116,
 *   EINPROGRESS 119, EMSGSIZE 122, ENOTCONN 128 (docs/models.md §1.7).
 * - `linux`: MicroPython's internal table (`py/mperrno.h`), which uses the Linux
 *   numbers: EMSGSIZE 90, EAFNOSUPPORT 97, EADDRINUSE 98, ENETDOWN 100,
 *   ECONNABORTED 103, EISCONN 106, ENOTCONN 107, ETIMEDOUT 110, ECONNREFUSED 111,
 *   EHOSTUNREACH 113, EALREADY 114, EINPROGRESS 115 (docs/models.md §1.7).
 */
export type ErrnoName =
  | "EPERM"
  | "ENOENT"
  | "EIO"
  | "EBADF"
  | "EAGAIN"
  | "ENOMEM"
  | "EACCES"
  | "EEXIST"
  | "ENODEV"
  | "EISDIR"
  | "EINVAL"
  | "EPIPE"
  | "EOPNOTSUPP"
  | "EAFNOSUPPORT"
  | "EADDRINUSE"
  | "EADDRNOTAVAIL"
  | "ENETDOWN"
  | "ENETUNREACH"
  | "ECONNABORTED"
  | "ECONNRESET"
  | "ENOBUFS"
  | "EISCONN"
  | "ENOTCONN"
  | "ETIMEDOUT"
  | "ECONNREFUSED"
  | "EHOSTUNREACH"
  | "EALREADY"
  | "EINPROGRESS"
  | "EMSGSIZE"
  | "ENOTSOCK"
  | "EDESTADDRREQ"
  | "ENOPROTOOPT"
  | "EPROTONOSUPPORT"

/** An errno table: name → number. */
export type ErrnoTable = Readonly<Record<ErrnoName, number>>

const COMMON = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EEXIST: 17,
  ENODEV: 19,
  EISDIR: 21,
  EINVAL: 22,
  EPIPE: 32,
  EOPNOTSUPP: 95,
  ECONNRESET: 104,
  ENOBUFS: 105,
} as const

/** newlib numbers (Pycom firmware). Source: picolibc newlib sys/errno.h; docs/models.md §1.7. */
export const NEWLIB_ERRNO: ErrnoTable = {
  ...COMMON,
  EAFNOSUPPORT: 106,
  ENOTSOCK: 108,
  ENOPROTOOPT: 109,
  ECONNREFUSED: 111,
  EADDRINUSE: 112,
  ECONNABORTED: 113,
  ENETUNREACH: 114,
  ENETDOWN: 115,
  ETIMEDOUT: 116,
  EHOSTUNREACH: 118,
  EINPROGRESS: 119,
  EALREADY: 120,
  EDESTADDRREQ: 121,
  EMSGSIZE: 122,
  EPROTONOSUPPORT: 123,
  EADDRNOTAVAIL: 125,
  EISCONN: 127,
  ENOTCONN: 128,
}

/** MicroPython internal / Linux numbers. Source: micropython py/mperrno.h; docs/models.md §1.7. */
export const LINUX_ERRNO: ErrnoTable = {
  ...COMMON,
  ENOTSOCK: 88,
  EDESTADDRREQ: 89,
  EMSGSIZE: 90,
  ENOPROTOOPT: 92,
  EPROTONOSUPPORT: 93,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ENETDOWN: 100,
  ENETUNREACH: 101,
  ECONNABORTED: 103,
  EISCONN: 106,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTUNREACH: 113,
  EALREADY: 114,
  EINPROGRESS: 115,
}

/** The errno name of a number in a table (first match), for messages and traces. */
export function errnoName(table: ErrnoTable, code: number): ErrnoName | undefined {
  for (const [name, value] of Object.entries(table)) if (value === code) return name as ErrnoName
  return undefined
}
