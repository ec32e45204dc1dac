# fieldnet: QuecPython's `checkNet` (the frozen checkNet.py,
# QuecPython/microPython ports/quectel/core/checkNet.py; docs: API reference,
# checkNet). The module registers and activates its data call by itself after
# power-on; the simulator models both steps (stack/python/ops/network-ops.ts)
# and wait_network_connected() polls them every 100 ms, as the firmware does,
# returning (stage, state): (3, 1) once the network is ready, else the stage
# it was still in when the timeout ran out — (2, 2) still searching for the
# network, (3, 0) data call not active yet. The SIM is always ready (status 1).
import _fn_core as _core

_call = _core.call
_call("cell.boot")
_M = _call("machine.info")

# misc.Power.powerOnReason() (QuecPython docs, misc.Power): 1 PWRKEY, 2 RESET,
# 4 RTC, 5 watchdog.
_REASONS = {"PWRON_RESET": 1, "HARD_RESET": 2, "SOFT_RESET": 2, "DEEPSLEEP_RESET": 4, "WDT_RESET": 5}

# modem.getDevFwVersion() of the simulated module: an EC600U QuecPython build
# name (illustrative; the simulator models no particular release).
_FIRMWARE_VERSION = "EC600UCNLBR03A01M08_OCPU_QPY"


def _check_timeout(timeout_s):
    if timeout_s < 1 or timeout_s > 3600:
        raise OSError("timeout_s should be in [1, 3600]s!")


class CheckNetwork:
    def __init__(self, proj_name, proj_version):
        self.PROJECT_NAME = proj_name
        self.PROJECT_VERSION = proj_version
        self.FIRMWARE_VERSION = _FIRMWARE_VERSION
        self.POWERON_REASON = _REASONS.get(_M["resetCause"], 0)

    def poweron_print_once(self):
        print("==================================================")
        print("PROJECT_NAME     : {}".format(self.PROJECT_NAME))
        print("PROJECT_VERSION  : {}".format(self.PROJECT_VERSION))
        print("FIRMWARE_VERSION : {}".format(self.FIRMWARE_VERSION))
        print("POWERON_REASON   : {}".format(self.POWERON_REASON))
        print("SIM_CARD_STATUS  : {}".format(1))
        print("==================================================")

    @staticmethod
    def check_datacall_status():
        return 1 if _call("cell.state")[1] else 0

    def wait_network_connected(self, timeout_s=60):
        return wait_network_connected(timeout_s)


def wait_network_connected(timeout_s=60):
    _check_timeout(timeout_s)
    stage, state = _call("cell.wait", timeout_s)
    return stage, state


def waitNetworkReady(timeout=60):
    return wait_network_connected(timeout)


__name__ = "checkNet"
