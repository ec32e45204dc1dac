/** MicroPython's exceptions, kept here for the usocket API; they live in `stack/errors/` so lower sub-layers need not import usocket. */
export { ErrnoError, OSError, PyTypeError, TimeoutError, ValueError, oserror } from "../errors/errors.ts"
