/**
 * The network side of LoRaWAN class A: network server (de-duplication, MIC/FCnt
 * checks, downlink scheduling, ADR, MAC commands), join server and application.
 */
export { ADR_HISTORY, ADR_INSTALLATION_MARGIN_DB, adrDecision, requiredSnrDb, type AdrInput } from "./adr.ts"
export { Application, type AppDownlink, type AppUplink, type UplinkHandler } from "./application.ts"
export { scheduleDownlink, type DownlinkWindow, type GatewayLink, type ScheduledDownlink } from "./downlink-scheduler.ts"
export { JoinServer, type JoinEntry, type JoinOutcome, type JoinParams } from "./join-server.ts"
export { NetworkServer, type NetworkServerOptions, type NsDevice } from "./network-server.ts"
export { channelIndexOf, zeroCounters, type ServerCounters } from "./server-counters.ts"
