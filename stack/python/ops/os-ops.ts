import { ValueError } from "../../errors/errors.ts"
import { registerOps } from "../ops.ts"

registerOps({
  /** `os.urandom(n)`: bytes from the device's own named stream (never the host's randomness). */
  "os.urandom": (c, [n]) => {
    const count = Number(n)
    if (count < 0) throw new ValueError("negative count")
    const r = c.world.rng(`python/${c.device.name}/urandom`)
    const out = new Uint8Array(count)
    for (let i = 0; i < count; i++) out[i] = r.int(0, 255)
    return out
  },
})
