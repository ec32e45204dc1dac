/**
 * Whether a received data frame is a valid downlink for this session (PF LMN
 * `LoRaMac.c` OnRadioRxDone): a data-down MType, our DevAddr, an FCnt above the
 * last one within MAX_FCNT_GAP (1.0.2 counter reconstruction), and a good MIC.
 */
import { reconstructFCnt } from "../crypto.ts"
import { decodePhyPayload } from "../frame-codec.ts"
import { MType, type DataFrame } from "../frame-types.ts"
import { openDataFrame, type OpenedDataFrame } from "../frames.ts"
import { MAX_FCNT_GAP } from "../region-common.ts"
import type { MacSession } from "./session.ts"

/** undefined = not for us (other MType or address); `drop` = ours but rejected; else the opened frame. */
export function checkDownlink(s: MacSession, bytes: Uint8Array): undefined | { readonly drop: "fcnt" | "mic" } | { readonly mt: number; readonly df: DataFrame; readonly opened: OpenedDataFrame } {
  const mt = bytes[0]! >> 5
  if (mt !== MType.UnconfirmedDataDown && mt !== MType.ConfirmedDataDown) return undefined
  const df = decodePhyPayload(bytes) as DataFrame
  if (df.devAddr !== s.devAddr) return undefined
  const last = Math.max(0, s.fcntDown)
  const fcnt32 = reconstructFCnt(last, df.fcnt)
  if ((s.fcntDown >= 0 && fcnt32 <= s.fcntDown) || fcnt32 - last > MAX_FCNT_GAP) return { drop: "fcnt" }
  const opened = openDataFrame(bytes, s, last)
  if (!opened.micValid) return { drop: "mic" }
  return { mt, df, opened }
}
