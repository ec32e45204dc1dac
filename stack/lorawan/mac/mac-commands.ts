/**
 * Device-side processing of network MAC commands (PF LMN `LoRaMac.c`
 * ProcessMacCommands; `RegionEU868.c`/`RegionUS915.c` LinkAdrReq, RxParamSetupReq,
 * NewChannelReq; LoRaWAN 1.0.2 §5; docs/models.md §3.7). Each request is applied to
 * the session and answered; RXParamSetupAns and RXTimingSetupAns are "sticky":
 * repeated in every uplink until a downlink arrives (LoRaWAN 1.0.2 §5.4, §5.7).
 */
import type { DownlinkMacCommand, UplinkMacCommand } from "../mac-command-types.ts"
import { rxDelayUs, subBandOf } from "../region-common.ts"
import type { Region } from "../region-types.ts"
import { applyChMask, drUsable, fixedChannelCount } from "./channels.ts"
import type { MacSession } from "./session.ts"

/** What processing a downlink's commands produced. */
export interface MacCommandOutcome {
  readonly answers: UplinkMacCommand[]
  readonly sticky: UplinkMacCommand[]
  /** Last LinkCheckAns (margin dB, gateway count), if any. */
  linkCheck: { margin: number; gwCnt: number } | undefined
}

/** Inputs the device supplies for DevStatusAns. */
export interface DevStatusSource {
  /** 0 external power, 1..254 level, 255 unknown (Pycom `set_battery_level`). */
  readonly battery: number
  /** SNR of the last downlink (dB). */
  readonly lastSnrDb: number
}

/**
 * A frequency a RXParamSetupReq / NewChannelReq may use: in a fixed plan one of
 * the 8 RX1 downlink channels (PF `RegionUS915/AU915RxParamSetupReq`: 923.3 MHz +
 * k·600 kHz up to 927.5 MHz); in a dynamic plan inside one of the region's bands.
 */
function validFreq(region: Region, hz: number): boolean {
  if (region.channelPlan === "fixed") return Array.from({ length: 8 }, (_, i) => region.rx1FrequencyHz(i, 0)).includes(hz)
  return subBandOf(region.subBands, hz) !== undefined
}

function validRxDr(region: Region, dr: number): boolean {
  return dr >= region.rxMinDr && dr <= region.rxMaxDr && region.dataRates[dr] !== undefined
}

/**
 * Applies `cmds` to `s` and returns the answers. LinkADRReq blocks are applied
 * atomically (all three status bits or nothing); consecutive LinkADRReqs are
 * answered one by one here (LMN 1.0.2 processes a contiguous block as one; ⚠ simplification).
 */
export function processMacCommands(region: Region, s: MacSession, cmds: readonly DownlinkMacCommand[], dev: DevStatusSource): MacCommandOutcome {
  const out: MacCommandOutcome = { answers: [], sticky: [], linkCheck: undefined }
  for (const c of cmds) {
    switch (c.type) {
      case "LinkCheckAns":
        out.linkCheck = { margin: c.margin, gwCnt: c.gwCnt }
        break
      case "LinkADRReq": {
        const mask = applyChMask(region, s.channels, c.chMask, c.chMaskCntl)
        const channelMaskAck = mask !== undefined
        const probe = { channels: s.channels.channels, mask: mask ?? s.channels.mask }
        // DR 0xF / TXPower 0xF mean "keep" only from LoRaWAN 1.0.4; 1.0.2 validates them.
        const dataRateAck = region.dataRates[c.dataRate] !== undefined && c.dataRate >= region.txMinDr && c.dataRate <= region.txMaxDr && drUsable(probe, c.dataRate)
        const powerAck = c.txPower >= 0 && c.txPower <= region.maxTxPowerIndex
        if (channelMaskAck && dataRateAck && powerAck && mask !== undefined) {
          s.channels.mask = mask
          s.dr = c.dataRate
          s.txPowerIndex = c.txPower
          s.nbRep = c.nbRep === 0 ? 1 : c.nbRep
        }
        out.answers.push({ type: "LinkADRAns", powerAck, dataRateAck, channelMaskAck })
        break
      }
      case "DutyCycleReq":
        s.maxDCycle = c.maxDCycle
        out.answers.push({ type: "DutyCycleAns" })
        break
      case "RXParamSetupReq": {
        const channelAck = validFreq(region, c.frequencyHz)
        const rx2DrAck = validRxDr(region, c.rx2Dr)
        const rx1DrOffsetAck = c.rx1DrOffset >= 0 && c.rx1DrOffset <= region.maxRx1DrOffset
        if (channelAck && rx2DrAck && rx1DrOffsetAck) {
          s.rx1DrOffset = c.rx1DrOffset
          s.rx2Dr = c.rx2Dr
          s.rx2FreqHz = c.frequencyHz
        }
        out.sticky.push({ type: "RXParamSetupAns", rx1DrOffsetAck, rx2DrAck, channelAck })
        break
      }
      case "DevStatusReq": {
        const margin = Math.max(-32, Math.min(31, Math.round(dev.lastSnrDb)))
        out.answers.push({ type: "DevStatusAns", battery: dev.battery, margin })
        break
      }
      case "NewChannelReq": {
        // Fixed plans (US915/AU915): LMN Region*NewChannelReq rejects every request (status 0).
        const idxOk = region.channelPlan === "dynamic" && c.chIndex >= fixedChannelCount(region) && c.chIndex < region.maxChannels
        const remove = c.frequencyHz === 0
        const channelFrequencyOk = idxOk && (remove || validFreq(region, c.frequencyHz))
        const dataRateRangeOk = idxOk && (remove || (c.minDr <= c.maxDr && c.minDr >= region.txMinDr && c.maxDr <= region.txMaxDr))
        if (channelFrequencyOk && dataRateRangeOk) {
          if (remove) {
            s.channels.channels[c.chIndex] = null
            s.channels.mask[c.chIndex] = false
          } else {
            s.channels.channels[c.chIndex] = { frequencyHz: c.frequencyHz, minDr: c.minDr, maxDr: c.maxDr }
            s.channels.mask[c.chIndex] = true
          }
        }
        out.answers.push({ type: "NewChannelAns", dataRateRangeOk, channelFrequencyOk })
        break
      }
      case "RXTimingSetupReq":
        s.rx1DelayUs = rxDelayUs(c.delay & 0x0f)
        out.sticky.push({ type: "RXTimingSetupAns" })
        break
      case "TxParamSetupReq":
      case "DlChannelReq":
        // TxParamSetupReq exists only for AS923 (LMN RegionEU868/US915TxParamSetupReq return -1: no answer, as here).
        // ⚠ DlChannelReq (EU868, new in LoRaWAN 1.0.2) is not modelled: ignored without an answer.
        break
    }
  }
  return out
}
