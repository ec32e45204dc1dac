/**
 * Host calls of `network.LoRa` (shim `py/_fn_net_lora.py`): each forwards to
 * the simulator's `LoRa` (stack/lora/lora.ts, stack/lorawan/pycom/*), which
 * holds every rule and raises the firmware's errors; the shim only parses
 * arguments as MicroPython's `mp_arg_parse_all` does (PF `esp32/mods/modlora.c`).
 * AF_LORA sockets need nothing here: `socket.socket(AF_LORA, SOCK_RAW)` goes
 * through the generic socket ops to the family registered by stack/lora and
 * stack/lorawan/pycom.
 */
import "../../lorawan/pycom/index.ts" // registers LoRa.LORAWAN and its AF_LORA sockets
import { resolveSettings, type LoRaInitArgs } from "../../lora/config.ts"
import * as C from "../../lora/constants.ts"
import { LoRa, STATS_FIELDS } from "../../lora/lora.ts"
import { ABP, OTAA } from "../../lorawan/pycom/lora-methods.ts"
import { LoRaWanMode } from "../../lorawan/pycom/lorawan-mode.ts"
import { OSError } from "../../errors/errors.ts"
import { PythonRaise } from "../codec.ts"
import { notifyLoraJoin, type LoraJoinCredentials } from "../lora-join-hook.ts"
import { registerOps, type OpContext } from "../ops.ts"

/** What a script's LoRa object holds: the simulator's LoRa and the soft interrupt its callback raises. */
class LoraHandle {
  /** The Python callback number while a handler is registered. */
  irq: number | undefined = undefined
  constructor(readonly lora: LoRa) {}
}

function isLoraHandle(o: unknown): o is LoraHandle {
  return o instanceof LoraHandle
}

function handleOf(c: OpContext, h: unknown): LoraHandle {
  return c.handles.get(h, isLoraHandle, "LoRa object")
}

/** The LoRa methods a script reaches through `lora.m` (others have ops of their own). */
const METHODS = new Set([
  "frequency", "sf", "bandwidth", "coding_rate", "preamble", "power_mode", "tx_power",
  "airtime", "ischannel_free", "events", "mac", "has_joined",
  "add_channel", "remove_channel", "nvram_save", "nvram_restore", "nvram_erase", "set_battery_level",
])

/** The class constants of `network.LoRa` (PF `modlora.c` `lora_locals_dict_table`). */
function constants(): Record<string, number> {
  return {
    LORA: C.MODE_LORA, LORAWAN: C.MODE_LORAWAN, OTAA, ABP,
    ALWAYS_ON: C.ALWAYS_ON, TX_ONLY: C.TX_ONLY, SLEEP: C.SLEEP,
    BW_125KHZ: C.BW_125KHZ, BW_250KHZ: C.BW_250KHZ, BW_500KHZ: C.BW_500KHZ,
    CODING_4_5: C.CODING_4_5, CODING_4_6: C.CODING_4_6, CODING_4_7: C.CODING_4_7, CODING_4_8: C.CODING_4_8,
    RX_PACKET_EVENT: C.RX_PACKET_EVENT, TX_PACKET_EVENT: C.TX_PACKET_EVENT, TX_FAILED_EVENT: C.TX_FAILED_EVENT,
    CLASS_A: LoRa.CLASS_A, CLASS_C: LoRa.CLASS_C,
    AS923: C.AS923, AU915: C.AU915, EU868: C.EU868, US915: C.US915, CN470: C.CN470, IN865: C.IN865, EU433: C.EU433,
  }
}

/**
 * `lora_init_helper` parses every argument with its default (PF `modlora.c`
 * `lora_init_args`), so an `init()` — or a constructor call with keywords on
 * an initialised radio — resets what the call leaves out; the simulator's
 * `LoRa.init` keeps unspecified values, so the defaults are resolved first,
 * by the simulator's own rule.
 */
function initWithDefaults(lora: LoRa, kw: LoRaInitArgs): void {
  lora.init(resolveSettings(kw))
}

/** The credentials of a join, when they are well formed (else the join itself raises and nothing is announced). */
function credentialsOf(lora: LoRa, activation: unknown, auth: unknown): LoraJoinCredentials | undefined {
  if (!(lora.mode instanceof LoRaWanMode) || !Array.isArray(auth)) return undefined
  const bytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array
  const region = lora.settings.region
  if (activation === OTAA) {
    if (auth.length === 2 && bytes(auth[0]) && bytes(auth[1])) return { activation: "otaa", devEui: lora.mac(), appEui: auth[0], appKey: auth[1], region }
    if (auth.length === 3 && bytes(auth[0]) && bytes(auth[1]) && bytes(auth[2])) return { activation: "otaa", devEui: auth[0], appEui: auth[1], appKey: auth[2], region }
    return undefined
  }
  if (activation === ABP && auth.length === 3 && typeof auth[0] === "number" && bytes(auth[1]) && bytes(auth[2])) {
    return { activation: "abp", devEui: lora.mac(), devAddr: auth[0] >>> 0, nwkSKey: auth[1], appSKey: auth[2], region }
  }
  return undefined
}

registerOps({
  "lora.constants": () => ({ consts: constants(), stats: [...STATS_FIELDS] }),

  /**
   * `LoRa(id=0, *, mode, …)`. The firmware has one LoRa object (`lora_obj`):
   * the first call creates it; later calls return it, re-initialised only
   * when keywords are given (PF `modlora.c` `lora_make_new`). The radio is
   * released when the boot ends (RAM is lost; NVRAM stays on the device).
   */
  "lora.new": (c, [id, kw, h]) => {
    const args = (kw ?? {}) as LoRaInitArgs
    if (h !== null && h !== undefined) {
      const box = handleOf(c, h)
      // lora_make_new checks the id before anything else, every time.
      if (id !== 0) throw new OSError("resource not available")
      if (Object.keys(args).length > 0) initWithDefaults(box.lora, args)
      return null
    }
    const lora = new LoRa(c.device, { ...args, id: id as number })
    c.device.atShutdown(() => lora.deinit())
    return c.handles.add(new LoraHandle(lora))
  },

  /** `lora.init(*, mode, …)`: every argument the call leaves out takes its default (see {@link initWithDefaults}). */
  "lora.init": (c, [h, kw]) => {
    initWithDefaults(handleOf(c, h).lora, (kw ?? {}) as LoRaInitArgs)
    return null
  },

  /** A method of the LoRa object, by name; a generator (ischannel_free) blocks in sim time. */
  "lora.m": (c, [h, name, ...args]) => {
    const lora = handleOf(c, h).lora as unknown as Record<string, unknown>
    const m = typeof name === "string" && METHODS.has(name) ? lora[name] : undefined
    if (typeof m !== "function") throw new PythonRaise("AttributeError", `'LoRa' object has no attribute '${String(name)}'`)
    return (m as (...a: unknown[]) => unknown).apply(lora, args)
  },

  /** `stats()` as a list in the firmware's field order (the shim builds the attrtuple). */
  "lora.stats": (c, [h]) => {
    const st = handleOf(c, h).lora.stats()
    return STATS_FIELDS.map((k) => st[k])
  },

  /**
   * `callback(trigger, handler, arg)`: `irq` is the shim's callback number
   * (None disables). The simulator's LoRa calls back when an event in
   * `trigger` happens; the handler then runs in Python as a soft interrupt.
   */
  "lora.callback": (c, [h, trigger, irq]) => {
    const box = handleOf(c, h)
    if (irq === null || irq === undefined) {
      box.lora.callback(0, null)
      if (box.irq !== undefined) c.callbackSources(-1)
      box.irq = undefined
      return null
    }
    const id = irq as number
    box.lora.callback(trigger as number, () => c.softIrq(id, null))
    if (box.irq === undefined) c.callbackSources(+1)
    box.irq = id
    return null
  },

  /**
   * `join(activation, *, auth, dr=None, timeout=None)`: announces the
   * credentials to the world's join hooks (lora-join-hook.ts), then joins;
   * blocking as the firmware (timeout None waits until joined).
   */
  "lora.join": (c, [h, activation, auth, dr, timeout]) => {
    const lora = handleOf(c, h).lora
    const creds = credentialsOf(lora, activation, auth)
    if (creds !== undefined) notifyLoraJoin(c.world, c.device, creds)
    return lora.join(activation as number, { auth: auth as (Uint8Array | number)[], dr: dr as number | null, timeout: timeout as number | null })
  },
})
