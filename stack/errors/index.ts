/**
 * MicroPython's exceptions (`OSError` with `errno`, `TimeoutError`,
 * `ValueError`, `TypeError`) and the errno tables a port raises them with.
 * The bottom of `stack/`: it imports nothing else from the stack, so every
 * protocol module (ip, lorawan, sigfox, tls, capture) can raise MicroPython's
 * errors without depending on the usocket API.
 */
export { LINUX_ERRNO, NEWLIB_ERRNO, errnoName, type ErrnoName, type ErrnoTable } from "./errno.ts"
export { ErrnoError, OSError, PyTypeError, TimeoutError, ValueError, oserror } from "./errors.ts"
