/**
 * fieldnet's public API: the kernel (`sim/`) and the scenario definition helpers.
 * Each layer exports its public API from its own index, re-exported here.
 */
export * from "./sim/index.ts"
export { defineScenario, param, ParamError, resolveParams, type ParamSpec, type ParamValues, type ScenarioDefinition, type ScenarioHooks } from "./cli/scenario.ts"
export { fleetHooks } from "./cli/fleet-hooks.ts"
export { formatSummary, runScenario, type RunScenarioOptions, type RunSummary } from "./cli/run-scenario.ts"
export { Schema } from "effect"
export * from "./stack/index.ts"
export * from "./radio/index.ts"
