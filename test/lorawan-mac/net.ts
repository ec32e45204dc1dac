import { Gateway, LoraRadio, Medium, linkTable, type MediumOptions } from "../../radio/index.ts"
import { Simulation } from "../../sim/index.ts"
import { EU868, fromHex, type Region } from "../../stack/lorawan/index.ts"
import { ClassADevice, type ClassAOptions, type MacListener, type UplinkResult, type Downlink } from "../../stack/lorawan/mac/index.ts"
import { NetworkServer, type NetworkServerOptions } from "../../stack/lorawan/server/index.ts"

/** A world, one gateway "gw" at the origin and a network server. `loss` = dB from each device to the gateway. */
export function net(opts: { seed?: number; loss?: number; devices?: string[]; medium?: MediumOptions; ns?: NetworkServerOptions; gateways?: string[] } = {}) {
  const sim = new Simulation({ seed: opts.seed ?? 1, trace: { sink: { kind: "memory" } } })
  const devs = opts.devices ?? ["d0"]
  const gws = opts.gateways ?? ["gw"]
  const links: [string, string, number][] = []
  for (const d of devs) for (const g of gws) links.push([d, g, opts.loss ?? 110])
  const medium = Medium.of(sim, opts.medium ?? { propagation: linkTable(links) })
  const ns = new NetworkServer(sim, opts.ns ?? {})
  const gateways = gws.map((id) => {
    const gw = new Gateway(medium, { id, position: { x: 0, y: 0 } })
    ns.addGateway(gw)
    return gw
  })
  return { sim, medium, ns, gateways }
}

/** What a device saw. */
export interface DeviceLog {
  results: UplinkResult[]
  downlinks: Downlink[]
  txs: { start: number; end: number; payload: Uint8Array; freq: number; sf: number }[]
  rxs: { time: number; start: number }[]
  joined: number
}

/** A class A device with a recording listener. */
export function device(sim: Simulation, medium: Medium, id: string, o: Partial<ClassAOptions> = {}, region: Region = EU868): { mac: ClassADevice; log: DeviceLog } {
  const radio = new LoraRadio(medium, { id, position: { x: 10, y: 0 } })
  const log: DeviceLog = { results: [], downlinks: [], txs: [], rxs: [], joined: 0 }
  const listener: MacListener = {
    onUplinkDone: (r) => log.results.push(r),
    onDownlink: (d) => log.downlinks.push(d),
    onTx: (tx) => log.txs.push({ start: tx.start, end: tx.end, payload: tx.payload, freq: tx.freqHz, sf: tx.sf }),
    onRx: (f) => log.rxs.push({ time: f.timeUs, start: f.startUs }),
    onJoined: () => log.joined++,
  }
  const mac = new ClassADevice(sim, { region, radio, listener, ...o })
  return { mac, log }
}

export const NWK = fromHex("2b7e151628aed2a6abf7158809cf4f3c")
export const APP = fromHex("000102030405060708090a0b0c0d0e0f")
export const APPKEY = fromHex("98929b92c49edba9676d646d3b612456")
export const APPEUI = fromHex("70b3d57ed0000001")
export function devEui(i: number): Uint8Array {
  return fromHex(`00a0b1c2d3e4${i.toString(16).padStart(4, "0")}`)
}

/** Calls `fn` every `periodUs` from `startUs`, `count` times (a tiny event target, no process). */
export function every(sim: Simulation, startUs: number, periodUs: number, count: number, fn: (i: number) => void): void {
  let i = 0
  const t = {
    onEvent(): void {
      fn(i++)
      if (i < count) sim.after(periodUs, t)
    },
  }
  if (count > 0) sim.schedule(startUs, t)
}
