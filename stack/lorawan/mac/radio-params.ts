/**
 * LoRaWAN data rates as radio settings, and receive-window placement (PF
 * `RegionCommon.c` RegionCommonComputeRxWindowParameters, `RegionEU868.c`
 * RxConfig/TxConfig; docs/models.md §2.1, §3.1–3.2).
 */
import { DEFAULT_FORMAT, SYNC_WORD_PRIVATE, SYNC_WORD_PUBLIC, symbolTimeUs, type LoraFrameFormat, type RxConfig } from "../../../radio/index.ts"
import { ValueError } from "../../errors/errors.ts"
import { dataRateOf } from "../region-common.ts"
import type { Region } from "../region-types.ts"

/** LoRa format (SF/BW, CR 4/5, preamble 8, explicit header, CRC) of a LoRa DR (LMN TxConfig; FSK DRs raise ValueError). */
export function drFormat(region: Region, dr: number, uplink: boolean): LoraFrameFormat {
  const d = dataRateOf(region, dr)
  if (d.modulation !== "lora") throw new ValueError(`FSK data rate ${dr} not modelled`)
  // Downlinks carry no payload CRC (LoRaWAN 1.0.2 §4.1; LMN RxConfig crcOn false).
  return { ...DEFAULT_FORMAT, sf: d.sf, bwHz: d.bandwidthHz, crc: uplink }
}

/** The DR index of an uplink received with `sf`/`bwHz`, or −1. */
export function drOfUplink(region: Region, sf: number, bwHz: number): number {
  for (let dr = region.txMinDr; dr <= region.txMaxDr; dr++) {
    const d = region.dataRates[dr]
    if (d !== undefined && d.modulation === "lora" && d.sf === sf && d.bandwidthHz === bwHz) return dr
  }
  return -1
}

/** Minimum preamble symbols the receiver must catch (PF `Region.h` DEFAULT_MIN_RX_SYMBOLS 6). */
export const MIN_RX_SYMBOLS = 6
/** Worst-case timing error of the device's clock (PF `Region.h` DEFAULT_SYSTEM_MAX_RX_ERROR 10 ms). */
export const SYSTEM_MAX_RX_ERROR_US = 10_000

/**
 * A receive window around the nominal frame start `nominal`: it opens
 * SYSTEM_MAX_RX_ERROR early and lasts 2·error + max(MIN_RX_SYMBOLS, …) symbols
 * (RegionCommonComputeRxWindowParameters' symbol timeout). ⚠ The firmware offsets
 * the window by 4 symbols minus half the timeout; the radio model here locks only
 * on a preamble that starts inside the window, so the window is kept around the
 * expected start instead.
 */
export function rxWindow(nominal: number, sf: number, bwHz: number): { open: number; durUs: number } {
  const ts = symbolTimeUs(sf, bwHz)
  const symbols = Math.max(Math.ceil(((2 * MIN_RX_SYMBOLS - 8) * ts + 2 * SYSTEM_MAX_RX_ERROR_US) / ts), MIN_RX_SYMBOLS)
  return { open: Math.max(0, nominal - SYSTEM_MAX_RX_ERROR_US), durUs: Math.ceil(2 * SYSTEM_MAX_RX_ERROR_US + symbols * ts) }
}

/** Receiver settings for a downlink on `freqHz` at `dr` (inverted IQ, public or private sync word). */
export function downlinkRx(region: Region, freqHz: number, dr: number, publicNet: boolean): RxConfig {
  const f = drFormat(region, dr, false)
  return { freqsHz: [freqHz], sf: f.sf, bwHz: f.bwHz, syncWord: publicNet ? SYNC_WORD_PUBLIC : SYNC_WORD_PRIVATE, iqInverted: true }
}
