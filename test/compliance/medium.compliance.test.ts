/**
 * The medium compliance suite run against both implementations: the object
 * path (`Medium` + `Gateway`) and the fleet path (`FleetMedium`).
 */
import { mediumComplianceSuite } from "./medium-suite.ts"
import { MEDIUM_ADAPTERS } from "./medium-adapters.ts"

for (const adapter of MEDIUM_ADAPTERS) mediumComplianceSuite(adapter)
