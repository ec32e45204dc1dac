/** The firmware a device was given cannot be used (missing file, no main.py, unknown board); the CLI exits 2 with this message. */
export class FirmwareError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "FirmwareError"
  }
}
