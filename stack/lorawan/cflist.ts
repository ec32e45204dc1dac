/**
 * EU868 CFList in a JoinAccept: five 3-byte little-endian frequencies (×100 Hz)
 * for channels 3..7, then one byte (LoRaWAN 1.0.2 §7.1.4 of the Regional
 * Parameters: RFU). PF `RegionEU868.c` RegionEU868ApplyCFList ignores the list
 * unless that last byte is 0 (CFListType 0) — firmware over spec — and treats a
 * frequency of 0 as "no channel"; added channels get DR0–5.
 */
import { ValueError } from "../errors/errors.ts"
import { readUintLE, writeUintLE } from "./bytes.ts"
import type { ChannelPlan } from "./region-types.ts"

/** Channels a CFList fills (EU868_NUMB_DEFAULT_CHANNELS = 3, EU868_NUMB_CHANNELS_CF_LIST = 5). */
export const EU868_CFLIST_FIRST_CHANNEL = 3
/** See {@link EU868_CFLIST_FIRST_CHANNEL}. */
export const EU868_CFLIST_CHANNELS = 5

/** Encodes up to five frequencies (Hz, multiples of 100; 0 = none) into a 16-byte CFList with CFListType 0. */
export function encodeEu868CfList(frequenciesHz: readonly number[]): Uint8Array {
  if (frequenciesHz.length > EU868_CFLIST_CHANNELS) throw new ValueError(`a CFList holds at most ${EU868_CFLIST_CHANNELS} frequencies`)
  const out = new Uint8Array(16)
  frequenciesHz.forEach((hz, i) => {
    if (!Number.isInteger(hz) || hz < 0 || hz % 100 !== 0 || hz / 100 > 0xffffff) throw new ValueError(`CFList frequency not encodable: ${hz} Hz`)
    writeUintLE(out, 3 * i, hz / 100, 3)
  })
  return out
}

/**
 * The channels a device adds from a CFList, as `[channel index, plan]` pairs
 * (index 3..7; frequency 0 → removed, shown as `undefined`). Returns an empty
 * list when the list is not 16 bytes or its last byte is not 0, as PF does.
 */
export function decodeEu868CfList(cfList: Uint8Array): ReadonlyArray<readonly [number, ChannelPlan | undefined]> {
  if (cfList.length !== 16 || cfList[15] !== 0) return []
  const out: Array<readonly [number, ChannelPlan | undefined]> = []
  for (let i = 0; i < EU868_CFLIST_CHANNELS; i++) {
    const hz = readUintLE(cfList, 3 * i, 3) * 100
    out.push([EU868_CFLIST_FIRST_CHANNEL + i, hz === 0 ? undefined : { frequencyHz: hz, minDr: 0, maxDr: 5 }])
  }
  return out
}
