import fc from "fast-check"

// Property tests draw fresh seeds on every local run (failures print their seed
// and path). In CI (CI=true) they use one fixed seed, or FC_SEED, so that a
// submission's result does not depend on the draw.
if (process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false") {
  fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261122) })
}
