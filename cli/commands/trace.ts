import { parseArgs } from "node:util"
import { parseTraceLine, prettyTraceLine, timeOption, traceLines, traceMatches, type TraceFilter } from "../trace-file.ts"
import { USAGE, UsageError } from "../usage.ts"

/** `fieldnet trace <file> [--node N]… [--kind K]… [--from T] [--to T] [--pretty]`: filters a trace. */
export async function traceCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      node: { type: "string", multiple: true },
      kind: { type: "string", multiple: true },
      from: { type: "string" },
      to: { type: "string" },
      pretty: { type: "boolean" },
    },
  })
  const file = positionals[0]
  if (file === undefined || positionals.length > 1) throw new UsageError(`trace needs exactly one trace file\n${USAGE}`)
  const from = timeOption("from", values.from)
  const to = timeOption("to", values.to)
  const filter: TraceFilter = {
    ...(values.node === undefined ? {} : { nodes: values.node }),
    ...(values.kind === undefined ? {} : { kinds: values.kind }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  }
  let n = 0
  let out: string[] = []
  for await (const line of traceLines(file)) {
    const rec = parseTraceLine(line, ++n)
    if (!traceMatches(rec, filter)) continue
    out.push(values.pretty === true ? prettyTraceLine(rec) : line)
    if (out.length >= 4096) {
      process.stdout.write(out.join("\n") + "\n")
      out = []
    }
  }
  if (out.length > 0) process.stdout.write(out.join("\n") + "\n")
  return 0
}
