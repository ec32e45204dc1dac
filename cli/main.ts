import { diffCommand } from "./commands/diff.ts"
import { replayCommand } from "./commands/replay.ts"
import { runCommand } from "./commands/run.ts"
import { sweepCommand } from "./commands/sweep.ts"
import { traceCommand } from "./commands/trace.ts"
import { ScenarioError } from "./run-scenario.ts"
import { ParamError } from "./scenario.ts"
import { USAGE, UsageError } from "./usage.ts"

function fail(message: string, code: number): never {
  process.stderr.write(`fieldnet: ${message}\n`)
  process.exit(code)
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case "run":
      return runCommand(rest)
    case "replay":
      return replayCommand(rest)
    case "trace":
      return traceCommand(rest)
    case "diff":
      return diffCommand(rest)
    case "sweep":
      return sweepCommand(rest)
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE + "\n")
      return command === undefined ? 2 : 0
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`)
  }
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  if (error instanceof UsageError || error instanceof ParamError) fail(error.message, 2)
  if (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") === true) fail(`${error.message}\n${USAGE}`, 2)
  if (error instanceof ScenarioError) fail(error.message, 1)
  throw error
}
