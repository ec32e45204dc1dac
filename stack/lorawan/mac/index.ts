/**
 * The LoRaWAN 1.0.2 class A device MAC (Pycom's LoRaMac-node behaviour,
 * docs/models.md §1.2–1.4, §3).
 */
export { adrNext } from "./adr-backoff.ts"
export { BandTimer } from "./band-timer.ts"
export { applyChMask, defaultChannels, drUsable, fixedChannelCount, pickChannel, restoreDefaultChannels, type ChannelState } from "./channels.ts"
export { ClassADevice, JOIN_RETRY_US } from "./class-a-device.ts"
export { processMacCommands, type DevStatusSource, type MacCommandOutcome } from "./mac-commands.ts"
export { MIN_RX_SYMBOLS, SYSTEM_MAX_RX_ERROR_US, downlinkRx, drFormat, drOfUplink, rxWindow } from "./radio-params.ts"
export { applyJoinAccept, cloneSession, freshSession, type AbpCredentials, type MacSession, type OtaaCredentials } from "./session.ts"
export type { ClassAOptions, Downlink, MacCounters, MacListener, UplinkRequest, UplinkResult } from "./types.ts"
