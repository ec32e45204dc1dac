/**
 * Python devices: unmodified MicroPython firmware (boot.py, main.py, lib/)
 * running in the simulated world, one interpreter per device, in lock-step
 * with the kernel. Importing this module registers the host calls the
 * firmware's modules make.
 */
import "./ops/index.ts"

export { BOARDS, boardOf, type Board, type BoardName, type BoardRadios } from "./boards.ts"
export { FirmwareError } from "./firmware-error.ts"
export { flashImageOf, loadedFirmware, readFirmware, setFirmwareOverrides, type FirmwareSource, type FlashImage } from "./firmware.ts"
export { onLoraJoin, provisionOnJoin, type LoraJoinCredentials, type LoraJoinHook } from "./lora-join-hook.ts"
export { PythonHangError } from "./interpreter.ts"
export { CALL_COST_US, CLOCK_COST_US, Lifecycle, registerOps, type Op, type OpContext } from "./ops.ts"
export { PythonDevice, type PythonDeviceOptions, type PythonDeviceState } from "./python-device.ts"
export { PythonRuntime, type ConsoleLine, type PythonRuntimeOptions } from "./python-runtime.ts"
export { INTERPRETER_PACKAGE, interpreterVersion } from "./worker-image.ts"
