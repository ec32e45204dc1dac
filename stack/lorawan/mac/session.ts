/**
 * The state a class A device keeps between uplinks — what Pycom's
 * `nvram_save()` stores in the NVS namespace "LORA_NVM" (joined flag, counters,
 * keys, MAC parameters, channels; docs/models.md §1.3). Plain data so it can be
 * copied into a Device's non-volatile store and back.
 */
import { RECEIVE_DELAY1_US } from "../region-common.ts"
import type { JoinAccept, SessionKeys } from "../frame-types.ts"
import type { Region } from "../region-types.ts"
import { defaultChannels, type ChannelState } from "./channels.ts"

/** OTAA credentials (EUIs printed MSB-first, as Pycom's `auth` tuple has them). */
export interface OtaaCredentials {
  readonly devEui: Uint8Array
  readonly appEui: Uint8Array
  readonly appKey: Uint8Array
}

/** ABP credentials (Pycom `auth=(dev_addr, nwk_swkey, app_swkey)`). */
export interface AbpCredentials {
  readonly devAddr: number
  readonly nwkSKey: Uint8Array
  readonly appSKey: Uint8Array
}

/** Everything the MAC needs to resume after a reboot (LMN `LoRaMacNvmCtx` subset). */
export interface MacSession {
  region: Region["name"]
  joined: boolean
  devAddr: number
  nwkSKey: Uint8Array
  appSKey: Uint8Array
  /** FCnt the next new uplink will carry (LMN `UpLinkCounter`). */
  fcntUp: number
  /** Last accepted downlink FCnt (32 bits); −1 before the first downlink. */
  fcntDown: number
  /** Uplink DR when ADR drives it (LMN `ChannelsDatarate`). */
  dr: number
  txPowerIndex: number
  /** Transmissions of each unconfirmed frame (LinkADRReq NbRep; 0 means 1). */
  nbRep: number
  rx1DrOffset: number
  rx2Dr: number
  rx2FreqHz: number
  rx1DelayUs: number
  /** DutyCycleReq MaxDCycle (0 = no aggregated limit, 255 = off). */
  maxDCycle: number
  adrAckCnt: number
  channels: ChannelState
}

/** A session before any join: region defaults (LMN `RegionInitDefaults`, docs/models.md §3.2). */
export function freshSession(region: Region): MacSession {
  return {
    region: region.name,
    joined: false,
    devAddr: 0,
    nwkSKey: new Uint8Array(16),
    appSKey: new Uint8Array(16),
    fcntUp: 0,
    fcntDown: -1,
    dr: region.defaultDr,
    txPowerIndex: 0,
    nbRep: 1,
    rx1DrOffset: 0,
    rx2Dr: region.rx2Dr,
    rx2FreqHz: region.rx2FrequencyHz,
    rx1DelayUs: RECEIVE_DELAY1_US,
    maxDCycle: 0,
    adrAckCnt: 0,
    channels: defaultChannels(region),
  }
}

/** A deep copy (what nvram_save writes and nvram_restore reads back). */
export function cloneSession(s: MacSession): MacSession {
  return {
    ...s,
    nwkSKey: s.nwkSKey.slice(),
    appSKey: s.appSKey.slice(),
    channels: { channels: s.channels.channels.slice(), mask: s.channels.mask.slice() },
  }
}

/**
 * Applies an accepted JoinAccept (LMN `OnRadioRxDone` JOIN_ACCEPT): address,
 * keys, counters reset, DLSettings, RxDelay (0 → 1 s), the join DR as the
 * channels DR, and in a dynamic plan the CFList: five extra channels after the
 * default ones (EU868 index 3..7, AS923 2..6), DR0–5 (PF `RegionEU868ApplyCFList`,
 * `RegionAS923ApplyCFList`). Fixed plans have no CFList in LoRaWAN 1.0.2.
 */
export function applyJoinAccept(region: Region, s: MacSession, accept: JoinAccept, keys: SessionKeys, joinDr: number): void {
  s.devAddr = accept.devAddr
  s.nwkSKey = keys.nwkSKey
  s.appSKey = keys.appSKey
  s.fcntUp = 0
  s.fcntDown = -1
  s.rx1DrOffset = accept.rx1DrOffset
  s.rx2Dr = accept.rx2Dr
  s.rx1DelayUs = Math.max(1, accept.rxDelay & 0x0f) * 1_000_000
  s.dr = joinDr
  const b = accept.cfList
  if (b !== undefined && region.channelPlan === "dynamic") {
    const first = region.defaultChannels.length
    for (let i = 0; i < 5 && first + i < region.maxChannels; i++) {
      const hz = (b[3 * i]! | (b[3 * i + 1]! << 8) | (b[3 * i + 2]! << 16)) * 100
      if (hz > 0) {
        s.channels.channels[first + i] = { frequencyHz: hz, minDr: 0, maxDr: 5 }
        s.channels.mask[first + i] = true
      }
    }
  }
}
