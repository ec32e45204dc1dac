/**
 * `fieldnet/testing`: property-test protocol code against generated networks
 * and faults. fast-check arbitraries (link conditions, fault schedules, fleet
 * layouts, radio conditions) that shrink toward "no fault, ideal link", a
 * schedule applier, and `checkScenario`, the one call a `test.prop` body makes.
 */
export { FaultEvent, FaultSchedule, IDEAL_LINK, LinkConditions, describeFault, describeLink, describeSchedule } from "./faults.ts"
export { faultSchedule, fleetLayout, linkConditions, radioConditions, type FaultScope, type FleetLayout, type RadioConditions } from "./arbitraries.ts"
export { applyFaults, linkSpecOf, type FaultTargets } from "./apply.ts"
export { loraInterferer } from "./radio-faults.ts"
export { checkScenario, PropertyFailure, runCheckedCase, type CheckedRun, type ScenarioCheck } from "./harness.ts"
