import type { Simulation } from "../sim/index.ts"
import { oserror } from "./errors/errors.ts"
import { PROFILES, type Profile, type ProfileName } from "./profile.ts"

/** A position in metres (2-D, with an optional height). */
export interface Position {
  readonly x: number
  readonly y: number
  readonly z?: number
}

/** Creates a socket of one address family on a device (registered per family). */
export type SocketFactory = (device: Device, type: number, proto: number) => unknown

const families = new Map<number, SocketFactory>()

/**
 * Registers the socket implementation of an address family (AF_INET, AF_LORA,
 * AF_SIGFOX); each family's module calls this when it is imported.
 */
export function registerSocketFamily(af: number, factory: SocketFactory): void {
  families.set(af, factory)
}

/** Options of a new device. */
export interface DeviceOptions {
  /** Port behaviour and errno table (default `micropython`). */
  readonly profile?: ProfileName | Profile
  readonly position?: Position
}

/**
 * A simulated board running MicroPython-style firmware: a named node of the
 * world with a port profile, a position, and its network interfaces (IP host,
 * LoRa radio, Sigfox radio) attached by the stack modules under stable keys.
 */
export class Device {
  readonly profile: Profile
  position: Position
  private readonly interfaces = new Map<string, unknown>()

  constructor(
    readonly world: Simulation,
    readonly name: string,
    options: DeviceOptions = {},
  ) {
    const p = options.profile ?? "micropython"
    this.profile = typeof p === "string" ? PROFILES[p] : p
    this.position = options.position ?? { x: 0, y: 0 }
  }

  /** Attaches an interface object under a key ("ip", "lora", "sigfox", …). */
  attach<T>(key: string, value: T): T {
    this.interfaces.set(key, value)
    return value
  }

  /** The interface under `key`, or undefined. */
  get<T>(key: string): T | undefined {
    return this.interfaces.get(key) as T | undefined
  }

  /** Removes an interface (e.g. on deinit). */
  detach(key: string): void {
    this.interfaces.delete(key)
  }

  /**
   * Called by the device's IP host when a fault crashes it (a power cut seen
   * from the network). A plain device has nothing more to do; a device that
   * runs a program of its own (a Python device) loses power with it.
   */
  hostCrashed(): void {}

  /** Called by the device's IP host when it restarts after a crash: a Python device powers on again. */
  hostRestarted(): void {}

  /**
   * `usocket.socket(af, type, proto)`: dispatches to the family's registered
   * implementation; an unknown family raises OSError(EAFNOSUPPORT).
   */
  socket(af: number, type: number, proto = 0): unknown {
    const factory = families.get(af)
    if (factory === undefined) throw oserror(this.profile.errno, "EAFNOSUPPORT")
    return factory(this, type, proto)
  }
}
