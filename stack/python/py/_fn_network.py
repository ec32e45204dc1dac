# fieldnet: `network` — the board's interfaces. Each radio's classes live in
# their own shim and exist only on boards that have that radio (a SiPy has no
# LoRa: `from network import LoRa` fails there as on the board).
import _fn_core as _core

_radios = _core.INFO["radios"]

if _radios["lora"]:
    from _fn_net_lora import *  # noqa: F401,F403
if _radios["sigfox"]:
    from _fn_net_sigfox import *  # noqa: F401,F403
from _fn_net_ip import *  # noqa: F401,F403

del _core, _radios
__name__ = "network"
