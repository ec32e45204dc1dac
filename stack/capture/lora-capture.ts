/**
 * A LoRa capture: LoRaTap v0 records in a linktype-270 pcap, one per frame
 * (reference captures-and-gateways.md). The radio layer calls `add` for every
 * frame as seen by each gateway; `fieldnet run --pcap FILE` will own the file.
 */
import { encodeLoraTapV0, LORAWAN_PUBLIC_SYNC_WORD, type LoraCaptureRecord } from "./loratap.ts"
import { LINKTYPE, PcapFile, PcapWriter } from "./pcap.ts"

/** Options of a LoRa capture. */
export interface LoraCaptureOptions {
  /** µs since the Unix epoch added to sim time; default 0. */
  readonly epochUs?: number
  /** Sync word written in every header; default 0x34 (LoRaWAN public). */
  readonly syncWord?: number
}

/** Writes LoRa frames as LoRaTap v0 records to any pcap writer. */
export class LoraCapture {
  private readonly syncWord: number

  constructor(
    private readonly pcap: PcapWriter,
    options: LoraCaptureOptions = {},
  ) {
    this.syncWord = options.syncWord ?? LORAWAN_PUBLIC_SYNC_WORD
  }

  /** Records one frame. */
  add(record: LoraCaptureRecord): void {
    this.pcap.write(record.timeUs, encodeLoraTapV0(record, this.syncWord))
  }

  /** Frames recorded so far. */
  get records(): number {
    return this.pcap.records
  }
}

/** Opens `path` as a LoRaTap pcap file; call `close()` when the run ends. */
export function openLoraCaptureFile(path: string, options: LoraCaptureOptions = {}): LoraCapture & { close(): void } {
  const file = new PcapFile(path, { linktype: LINKTYPE.LORATAP, ...(options.epochUs === undefined ? {} : { epochUs: options.epochUs }) })
  const capture = new LoraCapture(file, options)
  return Object.assign(capture, { close: () => file.close() })
}

/** Builds a LoRaTap pcap in memory (for tests and small tools). */
export function loraCaptureToBytes(records: readonly LoraCaptureRecord[], options: LoraCaptureOptions = {}): Uint8Array {
  const chunks: Uint8Array[] = []
  const pcap = new PcapWriter((c) => chunks.push(c), { linktype: LINKTYPE.LORATAP, ...(options.epochUs === undefined ? {} : { epochUs: options.epochUs }) })
  const capture = new LoraCapture(pcap, options)
  for (const r of records) capture.add(r)
  return Buffer.concat(chunks)
}
