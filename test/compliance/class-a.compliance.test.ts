/**
 * The class A compliance suite run against both implementations: a scripted
 * `ClassADevice` with a `NetworkServer` on the `Medium`, and a one-device fleet
 * LoRaWAN group.
 */
import { classAComplianceSuite } from "./class-a-suite.ts"
import { CLASS_A_ADAPTERS } from "./class-a-adapters.ts"

for (const adapter of CLASS_A_ADAPTERS) classAComplianceSuite(adapter)
