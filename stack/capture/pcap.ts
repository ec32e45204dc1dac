/**
 * Classic libpcap files (reference captures-and-gateways.md "pcap files that
 * Wireshark/tshark already read"): little-endian magic 0xa1b2c3d4 written as
 * `d4 c3 b2 a1` (µs timestamps), version 2.4, zone 0, sigfigs 0, snaplen 65535,
 * one linktype per file; records carry ts_sec, ts_usec, incl_len, orig_len.
 * Simulation time (integer µs) maps directly to the timestamp, plus an
 * optional epoch. No wall clock is read.
 */
import { closeSync, openSync, writeSync } from "node:fs"
import { ValueError } from "../errors/errors.ts"

/** Link-layer types used by fieldnet captures (tcpdump.org linktypes; reference captures-and-gateways.md). */
export const LINKTYPE = {
  ETHERNET: 1,
  RAW: 101,
  USER0: 147,
  LORATAP: 270,
} as const
/** One of the {@link LINKTYPE} values (or any other registered number). */
export type LinkType = number

/** Default snapshot length (reference: snaplen 65535). */
export const PCAP_SNAPLEN = 65535

/** The 24-byte pcap global header for a linktype. */
export function pcapGlobalHeader(linktype: LinkType, snaplen = PCAP_SNAPLEN): Uint8Array {
  const b = new Uint8Array(24)
  const v = new DataView(b.buffer)
  v.setUint32(0, 0xa1b2c3d4, true) // bytes d4 c3 b2 a1: little-endian, µs
  v.setUint16(4, 2, true)
  v.setUint16(6, 4, true)
  v.setInt32(8, 0, true) // thiszone
  v.setUint32(12, 0, true) // sigfigs
  v.setUint32(16, snaplen, true)
  v.setUint32(20, linktype, true)
  return b
}

/** One record: 16-byte header (ts_sec, ts_usec, incl_len, orig_len) then the data cut to `snaplen`. */
export function pcapRecord(timeUs: number, data: Uint8Array, epochUs = 0, snaplen = PCAP_SNAPLEN): Uint8Array {
  const t = timeUs + epochUs
  if (!Number.isSafeInteger(t) || t < 0) throw new ValueError(`pcap timestamp must be a non-negative integer µs, got ${t}`)
  const incl = Math.min(data.length, snaplen)
  const b = new Uint8Array(16 + incl)
  const v = new DataView(b.buffer)
  v.setUint32(0, Math.floor(t / 1_000_000), true)
  v.setUint32(4, t % 1_000_000, true)
  v.setUint32(8, incl, true)
  v.setUint32(12, data.length, true)
  b.set(data.subarray(0, incl), 16)
  return b
}

/** Options of a {@link PcapWriter}. */
export interface PcapWriterOptions {
  readonly linktype: LinkType
  /** Added to every sim-time timestamp (µs since the Unix epoch); default 0. */
  readonly epochUs?: number
  readonly snaplen?: number
}

/** Writes a pcap stream to a byte sink: the global header at once, then one record per {@link write}. */
export class PcapWriter {
  readonly linktype: LinkType
  private readonly epochUs: number
  private readonly snaplen: number
  private count = 0

  constructor(
    private readonly sink: (chunk: Uint8Array) => void,
    options: PcapWriterOptions,
  ) {
    this.linktype = options.linktype
    this.epochUs = options.epochUs ?? 0
    this.snaplen = options.snaplen ?? PCAP_SNAPLEN
    this.sink(pcapGlobalHeader(this.linktype, this.snaplen))
  }

  /** Appends one packet captured at sim time `timeUs`. */
  write(timeUs: number, data: Uint8Array): void {
    this.sink(pcapRecord(timeUs, data, this.epochUs, this.snaplen))
    this.count++
  }

  /** Number of records written. */
  get records(): number {
    return this.count
  }
}

/** A pcap file on disk; `close()` flushes and closes it. Records are written synchronously, so a crash loses nothing already written. */
export class PcapFile extends PcapWriter {
  private fd: number | undefined

  constructor(path: string, options: PcapWriterOptions) {
    const fd = openSync(path, "w")
    super((chunk) => {
      writeSync(fd, chunk)
    }, options)
    this.fd = fd
  }

  /** Closes the file; further writes raise ValueError. */
  close(): void {
    if (this.fd === undefined) return
    closeSync(this.fd)
    this.fd = undefined
  }

  override write(timeUs: number, data: Uint8Array): void {
    if (this.fd === undefined) throw new ValueError("pcap file is closed")
    super.write(timeUs, data)
  }
}
