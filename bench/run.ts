/**
 * `npm run bench [-- name…]`: runs the benchmarks and prints one JSON line per
 * figure. Never part of `npm test`.
 */
const suites: Record<string, () => Promise<{ run: () => void | Promise<void> }>> = {
  kernel: () => import("./kernel.bench.ts"),
  radio: () => import("./radio.bench.ts"),
  lorawan: () => import("./lorawan.bench.ts"),
  "lorawan-mac": () => import("./lorawan-mac.bench.ts"),
  ip: () => import("./ip.bench.ts"),
  sigfox: () => import("./sigfox.bench.ts"),
  fleet: () => import("./fleet.bench.ts"),
  python: () => import("./python.bench.ts"),
}

const wanted = process.argv.slice(2)
for (const [name, load] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue
  const suite = await load()
  await suite.run()
}
