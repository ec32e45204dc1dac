/**
 * A FIFO of bytes held as chunks: append at the tail, read or drop from the
 * head, copy a range without consuming it (for retransmission).
 */
export class ByteQueue {
  private chunks: Uint8Array[] = []
  private offset = 0
  length = 0

  push(data: Uint8Array): void {
    if (data.length === 0) return
    this.chunks.push(data)
    this.length += data.length
  }

  /** Copies `n` bytes starting `from` bytes after the head. */
  peek(from: number, n: number): Uint8Array {
    const out = new Uint8Array(Math.max(0, Math.min(n, this.length - from)))
    let skip = from + this.offset
    let w = 0
    for (const c of this.chunks) {
      if (w >= out.length) break
      if (skip >= c.length) {
        skip -= c.length
        continue
      }
      const take = Math.min(c.length - skip, out.length - w)
      out.set(c.subarray(skip, skip + take), w)
      w += take
      skip = 0
    }
    return out
  }

  /** Removes `n` bytes from the head. */
  drop(n: number): void {
    n = Math.min(n, this.length)
    this.length -= n
    while (n > 0) {
      const c = this.chunks[0] as Uint8Array
      const left = c.length - this.offset
      if (n >= left) {
        n -= left
        this.chunks.shift()
        this.offset = 0
      } else {
        this.offset += n
        n = 0
      }
    }
  }

  /** Removes and returns up to `n` bytes from the head. */
  take(n: number): Uint8Array {
    const out = this.peek(0, n)
    this.drop(out.length)
    return out
  }

  /** Index of the first `byte` at or after the head, or -1. */
  indexOf(byte: number): number {
    let base = -this.offset
    for (const c of this.chunks) {
      const start = base < 0 ? -base : 0
      const i = c.indexOf(byte, start)
      if (i >= 0) return base + i
      base += c.length
    }
    return -1
  }
}
