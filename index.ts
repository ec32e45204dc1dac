/**
 * fieldnet's public API: the kernel (`sim/`) and the scenario definition helpers.
 * Later layers (radio, stack, testing) add their own entry points.
 */
export * from "./sim/index.ts"
export { defineScenario, param, ParamError, resolveParams, type ParamSpec, type ParamValues, type ScenarioDefinition, type ScenarioHooks } from "./cli/scenario.ts"
export { formatSummary, runScenario, type RunScenarioOptions, type RunSummary } from "./cli/run-scenario.ts"
export { Schema } from "effect"
