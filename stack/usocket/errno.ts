/** The errno tables, kept here for the usocket API; they live in `stack/errors/` so lower sub-layers need not import usocket. */
export { LINUX_ERRNO, NEWLIB_ERRNO, errnoName, type ErrnoName, type ErrnoTable } from "../errors/errno.ts"
