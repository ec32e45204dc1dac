import { fc, test as fcTest } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import {
  ACK_TIMEOUT_RND_US,
  AS923,
  AU915,
  EU868,
  JOIN_REQUEST_LENGTH,
  JOIN_RETRY_US,
  US915,
  ackRetryAtUs,
  adrAckBackoff,
  chooseDownlinkWindow,
  confirmedTrials,
  dataFrameLength,
  downlinkWindows,
  joinAcceptLength,
  joinDataRate,
  joinRetryAtUs,
  rxListenUs,
  rxWindowDelaysUs,
  type DownlinkWindow,
} from "../../stack/lorawan/index.ts"
import { buildDataFrame, buildJoinAccept, buildJoinRequest } from "../../stack/lorawan/index.ts"

const S = 1_000_000

describe("receive windows", () => {
  it("join windows are 5 s / 6 s; data windows RX1 delay and +1 s", () => {
    expect(rxWindowDelaysUs(true)).toEqual({ rx1: 5 * S, rx2: 6 * S })
    expect(rxWindowDelaysUs(true, 3 * S)).toEqual({ rx1: 5 * S, rx2: 6 * S })
    expect(rxWindowDelaysUs(false)).toEqual({ rx1: 1 * S, rx2: 2 * S })
    expect(rxWindowDelaysUs(false, 5 * S)).toEqual({ rx1: 5 * S, rx2: 6 * S })
  })

  it("an empty window listens 2 × 10 ms + max(6, …) symbols (LMN MIN_RX_SYMBOLS / SYSTEM_MAX_RX_ERROR)", () => {
    // SF12/125: Ts = 32.768 ms; symbols = ceil((4·Ts + 20 ms)/Ts) = 5 → max(5, 6) = 6; 20 ms + 6·Ts
    expect(rxListenUs(EU868, 0)).toBe(Math.ceil(20_000 + 6 * 32_768))
    // SF7/125: Ts = 1.024 ms; symbols = ceil((4·1024 + 20000)/1024) = 24
    expect(rxListenUs(EU868, 5)).toBe(20_000 + 24 * 1024)
    expect(rxListenUs(US915, 8)).toBeGreaterThan(20_000)
  })
})

describe("confirmed uplinks", () => {
  it("NbTrials = tx_retries + 1, at most MAX_ACK_RETRIES + 1 = 9 (LMN counter from 1, retry while ≤ 8)", () => {
    expect(confirmedTrials(0)).toBe(1)
    expect(confirmedTrials(2)).toBe(3) // Pycom default tx_retries 2
    expect(confirmedTrials(7)).toBe(8)
    expect(confirmedTrials(8)).toBe(9)
    expect(confirmedTrials(20)).toBe(9)
  })

  it("ACK retry = TX end + RX1 delay + 1 s + ACK_TIMEOUT 2 s + draw", () => {
    expect(ackRetryAtUs(10 * S, 1 * S, 0)).toBe(14 * S)
    expect(ackRetryAtUs(10 * S, 1 * S, -ACK_TIMEOUT_RND_US)).toBe(13 * S)
    expect(ackRetryAtUs(10 * S, 5 * S, ACK_TIMEOUT_RND_US)).toBe(19 * S)
  })
})

describe("frame lengths", () => {
  const keys = { nwkSKey: new Uint8Array(16), appSKey: new Uint8Array(16) }
  it("JoinRequest 23, JoinAccept 17/33 — the codec agrees", () => {
    expect(JOIN_REQUEST_LENGTH).toBe(23)
    expect(buildJoinRequest({ appEui: new Uint8Array(8), devEui: new Uint8Array(8), devNonce: 1 }, new Uint8Array(16)).length).toBe(JOIN_REQUEST_LENGTH)
    const ja = { appNonce: 1, netId: 0, devAddr: 1, rx1DrOffset: 0, rx2Dr: 0, rxDelay: 1 }
    expect(buildJoinAccept(ja, new Uint8Array(16)).length).toBe(joinAcceptLength(false))
    expect(buildJoinAccept({ ...ja, cfList: new Uint8Array(16) }, new Uint8Array(16)).length).toBe(joinAcceptLength(true))
    expect(joinAcceptLength(false)).toBe(17)
    expect(joinAcceptLength(true)).toBe(33)
  })

  fcTest.prop([fc.integer({ min: 0, max: 15 }), fc.option(fc.integer({ min: 0, max: 222 }), { nil: undefined })])("data frame length = MHDR+FHDR+[FPort+payload]+MIC (the codec agrees)", (fopts, payload) => {
    const bytes = buildDataFrame(
      {
        mtype: 2,
        devAddr: 1,
        fcnt: 0,
        fctrl: { adr: false, adrAckReq: false, ack: false, fPending: false },
        fopts: new Uint8Array(fopts),
        ...(payload === undefined ? {} : { fport: 1, payload: new Uint8Array(payload) }),
      },
      keys,
    )
    expect(bytes.length).toBe(dataFrameLength(fopts, payload))
  })
})

describe("join data rate (PF RegionAlternateDr / Pycom RegionForceJoinDataRate)", () => {
  it("EU868 LMN alternation: DR5, DR4 every 8th, DR3 16th, DR2 24th, DR1 32nd, DR0 48th trial", () => {
    const drs = Array.from({ length: 48 }, (_, i) => joinDataRate(EU868, i + 1))
    expect(drs.slice(0, 7)).toEqual([5, 5, 5, 5, 5, 5, 5])
    expect(drs[7]).toBe(4) // trial 8
    expect(drs[15]).toBe(3) // 16
    expect(drs[23]).toBe(2) // 24
    expect(drs[31]).toBe(1) // 32
    expect(drs[39]).toBe(4) // 40
    expect(drs[47]).toBe(0) // 48
  })

  it("Pycom forces the requested DR (its counter restarts at trial 1 on every 10 s request)", () => {
    for (let dr = 0; dr <= 5; dr++) expect(joinDataRate(EU868, 1, dr)).toBe(dr)
    expect(joinDataRate(EU868, 1, 7)).toBe(5) // out-of-table DR leaves the counter: trial 1 → DR5
    expect(joinDataRate(US915, 1, 4)).toBe(4)
    expect(joinDataRate(US915, 1, 0)).toBe(0)
    expect(joinDataRate(AU915, 1, 6)).toBe(6)
    expect(joinDataRate(AU915, 1, 0)).toBe(0)
    expect(joinDataRate(AS923, 1, 2)).toBe(2)
  })

  it("US915/AU915 alternate 500 kHz (odd trials) and DR0 (even); AS923 always DR2", () => {
    expect([1, 2, 3, 4].map((t) => joinDataRate(US915, t))).toEqual([4, 0, 4, 0])
    expect([1, 2, 3, 4].map((t) => joinDataRate(AU915, t))).toEqual([6, 0, 6, 0])
    expect([1, 2, 3, 48].map((t) => joinDataRate(AS923, t))).toEqual([2, 2, 2, 2])
  })

  it("default join DRs and the DRs lora.join accepts (PF modlora.c)", () => {
    expect([EU868, US915, AS923, AU915].map((r) => r.defaultJoinDr)).toEqual([5, 4, 2, 6])
    expect(AU915.joinDrs).toEqual([0, 6])
    expect(AS923.joinDrs).toEqual([2])
  })
})

describe("join retry (back-off + Pycom's 10 s timer)", () => {
  it("a short join retries on the next 10 s tick", () => {
    // SF7 join ~61.7 ms: 1 % back-off ≈ 6.1 s < 10 s tick
    const at = joinRetryAtUs({ txEndUs: 61_696, firstAttemptUs: 0, toaUs: 61_696, windowsEndUs: 6_100_000, jitterUs: 0 })
    expect(at).toBe(JOIN_RETRY_US)
  })

  it("an SF12 join waits for the 1 % back-off: ToA·100 − ToA after its end", () => {
    const toa = 1_482_752
    const at = joinRetryAtUs({ txEndUs: toa, firstAttemptUs: 0, toaUs: toa, windowsEndUs: toa + 6_300_000, jitterUs: 0 })
    expect(at).toBe(toa + 99 * toa)
  })

  it("after 1 h the back-off is 0.1 %, after 11 h 0.01 %", () => {
    const toa = 100_000
    const h = 3600 * S
    expect(joinRetryAtUs({ txEndUs: h + toa, firstAttemptUs: 0, toaUs: toa, windowsEndUs: h + toa + 7 * S, jitterUs: 0 })).toBe(h + toa + 999 * toa)
    expect(joinRetryAtUs({ txEndUs: 11 * h + toa, firstAttemptUs: 0, toaUs: toa, windowsEndUs: 11 * h + toa + 7 * S, jitterUs: 0 })).toBe(11 * h + toa + 9999 * toa)
  })

  it("a request while the RX windows are open waits for the next tick; jitter adds", () => {
    const at = joinRetryAtUs({ txEndUs: 5 * S, firstAttemptUs: 0, toaUs: 1000, windowsEndUs: 12 * S, jitterUs: 7 })
    expect(at).toBe(20 * S + 7)
  })

  fcTest.prop([fc.integer({ min: 0, max: 1e11 }), fc.integer({ min: 1000, max: 3_000_000 }), fc.integer({ min: 0, max: 1e9 })])("never earlier than the back-off or the windows' end", (start, toa, first) => {
    const txEndUs = first + start + toa
    const windowsEndUs = txEndUs + 7 * S
    const at = joinRetryAtUs({ txEndUs, firstAttemptUs: first, toaUs: toa, windowsEndUs, jitterUs: 0 })
    expect(at).toBeGreaterThanOrEqual(windowsEndUs)
    expect(at).toBeGreaterThanOrEqual(txEndUs + 99 * toa)
    expect(at - windowsEndUs).toBeLessThanOrEqual(Math.max(JOIN_RETRY_US, 10_000 * toa))
  })
})

describe("ADR back-off (PF Region*AdrNext)", () => {
  it("below ADR_ACK_LIMIT nothing changes", () => {
    expect(adrAckBackoff(EU868, { adrAckCnt: 63, dr: 5, txPowerIndex: 3 })).toEqual({ dr: 5, txPowerIndex: 3, adrAckReq: false, adrAckCnt: 63, restoreChannels: false })
  })

  it("from 64: ADRACKReq and max TX power; from 96 every 32nd (97, 129, …) drops one DR", () => {
    expect(adrAckBackoff(EU868, { adrAckCnt: 64, dr: 5, txPowerIndex: 3 })).toMatchObject({ dr: 5, txPowerIndex: 0, adrAckReq: true })
    expect(adrAckBackoff(EU868, { adrAckCnt: 96, dr: 5, txPowerIndex: 0 })).toMatchObject({ dr: 5, adrAckReq: true })
    expect(adrAckBackoff(EU868, { adrAckCnt: 97, dr: 5, txPowerIndex: 0 })).toMatchObject({ dr: 4, adrAckReq: true })
    expect(adrAckBackoff(EU868, { adrAckCnt: 98, dr: 4, txPowerIndex: 0 })).toMatchObject({ dr: 4 })
    expect(adrAckBackoff(EU868, { adrAckCnt: 129, dr: 4, txPowerIndex: 0 })).toMatchObject({ dr: 3 })
  })

  it("reaching the lowest DR clears ADRACKReq and restores the channels; at it the counter resets", () => {
    expect(adrAckBackoff(EU868, { adrAckCnt: 257, dr: 1, txPowerIndex: 0 })).toEqual({ dr: 0, txPowerIndex: 0, adrAckReq: false, adrAckCnt: 257, restoreChannels: true })
    expect(adrAckBackoff(EU868, { adrAckCnt: 300, dr: 0, txPowerIndex: 2 })).toEqual({ dr: 0, txPowerIndex: 2, adrAckReq: false, adrAckCnt: 0, restoreChannels: false })
  })

  it("AS923's floor is DR2 under the dwell limit", () => {
    expect(adrAckBackoff(AS923, { adrAckCnt: 97, dr: 3, txPowerIndex: 0 })).toMatchObject({ dr: 2, adrAckReq: false, restoreChannels: true })
    expect(adrAckBackoff(AS923, { adrAckCnt: 100, dr: 2, txPowerIndex: 1 })).toMatchObject({ dr: 2, adrAckCnt: 0 })
  })

  fcTest.prop([fc.constantFrom(EU868, US915, AS923, AU915), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 6 })])("the DR never rises and drops at most one step", (region, cnt, dr0) => {
    const dr = Math.min(dr0, region.txMaxDr)
    const r = adrAckBackoff(region, { adrAckCnt: cnt, dr, txPowerIndex: 1 })
    const from = Math.max(dr, region.txMinDr)
    expect(r.dr).toBeLessThanOrEqual(from)
    expect(from - r.dr).toBeLessThanOrEqual(1)
    expect(r.dr).toBeGreaterThanOrEqual(region.txMinDr)
  })
})

describe("downlink window choice", () => {
  const base = { uplinkEndUs: 10 * S, uplinkFreqHz: 868_100_000, channelIndex: 0, isJoin: false, rx1DelayUs: S, rx1DrOffset: 0, rx2Dr: 0, rx2FreqHz: 869_525_000 }

  it("RX1 then RX2, from the session; a join uses 5/6 s and the region's RX2", () => {
    expect(downlinkWindows(EU868, { ...base, uplinkDr: 5 })).toEqual([
      { window: 1, at: 11 * S, freqHz: 868_100_000, dr: 5 },
      { window: 2, at: 12 * S, freqHz: 869_525_000, dr: 0 },
    ])
    const j = downlinkWindows(US915, { ...base, isJoin: true, uplinkDr: 0, channelIndex: 9, uplinkFreqHz: 904_100_000, rx1DrOffset: 3, rx2Dr: 9 })
    expect(j).toEqual([
      { window: 1, at: 15 * S, freqHz: 923_900_000, dr: 10 },
      { window: 2, at: 16 * S, freqHz: 923_300_000, dr: 8 },
    ])
    expect(downlinkWindows(EU868, { ...base, uplinkDr: -1 }).map((w) => w.window)).toEqual([2])
  })

  it("takes the first window, then the first gateway (best SNR first) that can book", () => {
    const wins = downlinkWindows(EU868, { ...base, uplinkDr: 5 })
    const tried: string[] = []
    const got = chooseDownlinkWindow(EU868, wins, ["a", "b"], 0, 0, (g, w: DownlinkWindow) => {
      tried.push(`${g}${w.window}`)
      return g === "b"
    })
    expect(got?.gateway).toBe("b")
    expect(got?.window.window).toBe(1)
    expect(tried).toEqual(["a1", "b1"])
    const rx2 = chooseDownlinkWindow(EU868, wins, ["a"], 0, 0, (_g, w) => w.window === 2)
    expect(rx2?.window.window).toBe(2)
  })

  it("skips a window too late for the backhaul or too small for the payload", () => {
    const wins = downlinkWindows(EU868, { ...base, uplinkDr: 5 })
    expect(chooseDownlinkWindow(EU868, wins, ["a"], 0, 11 * S + 1, () => true)?.window.window).toBe(2)
    expect(chooseDownlinkWindow(EU868, wins, ["a"], 100, 0, () => true)?.window.window).toBe(1) // DR5 N 242
    expect(chooseDownlinkWindow(EU868, wins, ["a"], 60, 11 * S + 1, () => true)).toBeUndefined() // RX2 DR0 N 51
  })

  it("gateway downlink power per region (ChirpStack defaults)", () => {
    expect(EU868.downlinkTxPowerDbm(868_100_000)).toBe(14)
    expect(EU868.downlinkTxPowerDbm(869_525_000)).toBe(27)
    expect(US915.downlinkTxPowerDbm(923_300_000)).toBe(20)
    expect(AS923.downlinkTxPowerDbm(923_200_000)).toBe(14)
    expect(AU915.downlinkTxPowerDbm(923_300_000)).toBe(27)
  })
})
