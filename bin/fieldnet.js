#!/usr/bin/env node
// fieldnet command line. Scenarios are TypeScript modules, so tsx's loader is
// registered before the CLI (itself TypeScript) is imported.
import { register } from "tsx/esm/api"

register()
await import("../cli/main.ts")
