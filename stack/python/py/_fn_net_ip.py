# fieldnet: the IP interfaces of `network` — Pycom's WLAN and LTE (PF
# esp32/mods/modwlan.c, modlte.c), upstream MicroPython's WLAN (ports/esp32
# network_wlan.c), and LAN (K230, RT-Thread). All of them drive one link: the
# device's simulated IP host. The simulator keeps each interface's state (down,
# connecting, up) and brings the link up after the modelled connect latency
# (stack/python/ops/network-ops.ts, docs/python-network.md); these classes check
# arguments as the firmware does and ask it.
import _fn_core as _core

_call = _core.call
_INFO = _core.INFO
_R = _INFO["radios"]
_PROFILE = _INFO["profile"]
_BOARD = _INFO["board"]
_PYCOM = _PROFILE == "pycom"
_N = _call("net.info")
_UNSET = object()


def _bytes_of_hex(h):
    return _core.dec({"$b": h})


class _AttrTuple(tuple):
    # MicroPython's attrtuple: a tuple whose fields are also attributes.
    _fields = ()

    def __getattr__(self, name):
        try:
            return self[self._fields.index(name)]
        except ValueError:
            raise AttributeError(name)

    def __repr__(self):
        return "(" + ", ".join("%s=%r" % (k, v) for k, v in zip(self._fields, self)) + ")"

    __str__ = __repr__


def _attrtuple(fields, values):
    class T(_AttrTuple):
        pass

    T._fields = fields
    return T(values)


def _str(v):
    if type(v) is str:
        return v
    raise TypeError("can't convert '%s' object to str implicitly" % _core.typename(v))


def _status(kind):
    return _call("net.status", kind)


def _ifconfig():
    i = _call("net.ifconfig")
    return (i["address"], i["netmask"], i["gateway"], i["dns"])


_ZERO = ("0.0.0.0", "0.0.0.0", "0.0.0.0", "0.0.0.0")


def _scan_list(ssids):
    # A deterministic neighbourhood: the networks the script has asked for,
    # then two of the simulated site's own; signal and channel from the name.
    out = []
    for s in ssids + ["fieldnet", "fieldnet-guest"]:
        if s in [o[0] for o in out]:
            continue
        h = 0
        for ch in s:
            h = (h * 31 + ord(ch)) & 0xFFFFFF
        bssid = bytes([0x02, 0x1A, 0x11, (h >> 16) & 0xFF, (h >> 8) & 0xFF, h & 0xFF])
        out.append((s, bssid, 1 + h % 11, -40 - h % 40))
    return out


if _R["wlan"] and _PYCOM:
    _VALUE = "invalid argument(s) value"
    _NOT_POSSIBLE = "the requested operation is not possible"

    # The WLAN peripheral is a singleton (PF modwlan.c `wlan_obj`); its state
    # is RAM, so a reset starts again from the boot configuration.
    if _N["ipUpAtBoot"]:
        _w = {"started": True, "mode": 1}
    else:
        _w = {"started": _N["wifiOnBoot"], "mode": _N["wifiModeOnBoot"] if _N["wifiOnBoot"] else 1}
    _w.update({"ssid": None, "auth": None, "channel": 1, "antenna": 0, "bandwidth": 2, "hostname": _BOARD,
               "ap_ssid": None, "asked": []})

    class WLAN:
        STA = 1
        AP = 2
        STA_AP = 3
        WEP = 1
        WPA = 2
        WPA2 = 3
        WPA2_ENT = 5
        INT_ANT = 0
        EXT_ANT = 1
        MAN_ANT = 2
        HT20 = 1
        HT40 = 2
        PHY_11_B = 1
        PHY_11_G = 2
        PHY_11_N = 3
        PHY_LOW_RATE = 4
        SCAN_ACTIVE = 0
        SCAN_PASSIVE = 1
        COUNTRY_POL_AUTO = 0
        COUNTRY_POL_MAN = 1
        SECONDARY_CHN_NONE = 0
        SECONDARY_CHN_ABOVE = 1
        SECONDARY_CHN_BELOW = 2
        EVENT_PKT_MGMT = 1
        EVENT_PKT_CTRL = 2
        EVENT_PKT_DATA = 4
        EVENT_PKT_MISC = 8
        EVENT_PKT_DATA_MPDU = 16
        EVENT_PKT_DATA_AMPDU = 32
        EVENT_PKT_ANY = 63
        SMART_CONF_DONE = 64
        SMART_CONF_TIMEOUT = 128

        def __init__(self, id=0, *, mode=_UNSET, ssid=_UNSET, auth=_UNSET, channel=_UNSET, antenna=_UNSET,
                     power_save=_UNSET, hidden=_UNSET, bandwidth=_UNSET, max_tx_pwr=_UNSET, country=_UNSET):
            kw = (mode, ssid, auth, channel, antenna, power_save, hidden, bandwidth, max_tx_pwr, country)
            given = [x is not _UNSET for x in kw]
            # PF wlan_make_new: (re)initialise only with keywords or when not started yet.
            if True in given or not _w["started"]:
                if _core.as_int(id) != 0:
                    raise _core.OSError("resource not available")
                self._setup(*[None if x is _UNSET else x for x in kw])

        def _setup(self, mode, ssid, auth, channel, antenna, power_save, hidden, bandwidth, max_tx_pwr, country):
            mode = 1 if mode is None else _core.as_int(mode)
            if mode < 1 or mode > 3:
                raise ValueError(_VALUE)
            if ssid is not None and len(_str(ssid)) > 32:
                raise ValueError(_VALUE)
            if auth is not None:
                if type(auth) not in (tuple, list):
                    raise TypeError("object '%s' isn't a tuple or list" % _core.typename(auth))
                if len(auth) != 2:
                    raise ValueError("tuple/list has wrong length")
                _core.as_int(auth[0])
                if not 8 <= len(_str(auth[1])) <= 32:
                    raise ValueError("invalid key length")
            channel = 1 if channel is None else _core.as_int(channel)
            if channel < 1 or channel > 14:
                raise ValueError(_VALUE)
            if antenna is not None and _core.as_int(antenna) not in (0, 1, 2):
                raise ValueError(_VALUE)
            if mode != 1:
                if ssid is None:
                    raise ValueError("AP SSID not given")
                if auth is not None and auth[0] == 5:
                    raise ValueError("WPA2_ENT not supported in AP mode")
            bandwidth = 2 if bandwidth is None else _core.as_int(bandwidth)
            if bandwidth < 1 or bandwidth > 2:
                raise ValueError(_VALUE)
            _w["started"] = True
            _w["channel"] = channel
            _w["bandwidth"] = bandwidth
            if antenna is not None:
                _w["antenna"] = antenna
            self._set_mode(mode)
            if mode == 1 and ssid is not None:
                # PF wlan_setup: a station with an ssid connects at once (30 s timeout).
                _w["ssid"] = ssid
                _w["asked"].append(ssid)
                _call("net.connect", "wlan", 30000, False)
            elif mode != 1:
                _w["ap_ssid"] = ssid

        def _set_mode(self, mode):
            _w["mode"] = mode
            if mode == 2:
                _call("net.disconnect", "wlan")

        def init(self, *, mode=_UNSET, ssid=_UNSET, auth=_UNSET, channel=_UNSET, antenna=_UNSET, power_save=_UNSET,
                 hidden=_UNSET, bandwidth=_UNSET, max_tx_pwr=_UNSET, country=_UNSET):
            kw = (mode, ssid, auth, channel, antenna, power_save, hidden, bandwidth, max_tx_pwr, country)
            self._setup(*[None if x is _UNSET else x for x in kw])

        def deinit(self):
            if _w["started"]:
                _w["started"] = False
                _call("net.disconnect", "wlan")

        def connect(self, ssid, auth=None, *, bssid=None, timeout=None, ca_certs=None, keyfile=None, certfile=None,
                    identity=None, hostname=None, channel=None):
            if _w["mode"] == 2:
                raise _core.OSError(_NOT_POSSIBLE)
            ssid = _str(ssid)
            if len(ssid) > 32:
                raise ValueError(_VALUE)
            if auth is not None:
                if type(auth) not in (tuple, list):
                    raise TypeError("object '%s' isn't a tuple or list" % _core.typename(auth))
                if len(auth) not in (1, 2, 3):
                    raise ValueError("invalid authentication tuple")
                if len(auth) == 1 and _core.as_int(auth[0]) != 5:
                    raise ValueError("invalid authentication tuple")
                if len(auth) == 2:
                    if auth[0] is not None and _core.as_int(auth[0]) == 5:
                        raise ValueError("invalid authentication tuple")
                    _str(auth[1])
                if len(auth) == 3 and _core.as_int(auth[0]) != 5:
                    raise ValueError("invalid authentication tuple")
            if bssid is not None:
                _str(bssid)
            if timeout is not None:
                timeout = _core.as_int(timeout)
            if hostname is not None:
                hostname = _str(hostname)
                if len(hostname) == 0 or len(hostname) > 32:
                    raise ValueError(_VALUE)
                _w["hostname"] = hostname
            if channel is not None:
                _core.as_int(channel)
            if not _w["started"]:
                raise _core.OSError("the requested operation failed")
            _w["ssid"] = ssid
            _w["auth"] = auth
            if ssid not in _w["asked"]:
                _w["asked"].append(ssid)
            # Non-blocking, as the firmware: isconnected() turns True after the latency.
            _call("net.connect", "wlan", timeout if timeout is not None and timeout > 0 else None, False)

        def disconnect(self):
            if _w["mode"] == 2:
                raise _core.OSError(_NOT_POSSIBLE)
            _call("net.disconnect", "wlan")

        def isconnected(self):
            s = _status("wlan")
            if s["up"] and _w["mode"] != 2:
                return True
            if s["timedOut"]:
                raise _core.TimeoutError("Connection to AP Timeout!")
            return False

        def ifconfig(self, id=0, config=_UNSET):
            id = _core.as_int(id)
            if id > 1:
                raise _core.OSError("resource not available")
            if config is _UNSET:
                if id == 1:
                    return ("192.168.4.1", "255.255.255.0", "192.168.4.1", "0.0.0.0") if _w["mode"] != 1 else _ZERO
                return _ifconfig() if _status("wlan")["up"] else _ZERO
            if type(config) is tuple:
                if len(config) != 4:
                    raise ValueError("tuple/list has wrong length")
                for x in config:
                    _str(x)
                return None  # a static address is accepted; the simulated host keeps its own
            if _str(config) not in ("dhcp", "auto"):
                raise ValueError(_VALUE)
            return None

        def mode(self, mode=_UNSET):
            if mode is _UNSET:
                return _w["mode"]
            mode = _core.as_int(mode)
            if mode < 1 or mode > 3:
                raise ValueError(_VALUE)
            self._set_mode(mode)

        def ssid(self, ssid=_UNSET):
            if ssid is _UNSET:
                return _w["ssid"] if _w["mode"] == 1 else _w["ap_ssid"]
            _w["ap_ssid" if _w["mode"] != 1 else "ssid"] = _str(ssid)

        def bssid(self):
            s = _w["ssid"]
            for e in _scan_list([s] if s else []):
                if e[0] == s:
                    return e[1]
            return bytes(6)

        def auth(self, auth=_UNSET):
            if auth is _UNSET:
                return _w["auth"]
            _w["auth"] = auth

        def channel(self, channel=_UNSET, sec_chn=_UNSET):
            if channel is _UNSET:
                return _w["channel"]
            _w["channel"] = _core.as_int(channel)

        def antenna(self, antenna=_UNSET):
            if antenna is _UNSET:
                return _w["antenna"]
            _w["antenna"] = _core.as_int(antenna)

        def bandwidth(self, bandwidth=_UNSET):
            if bandwidth is _UNSET:
                return _w["bandwidth"]
            b = _core.as_int(bandwidth)
            if b < 1 or b > 2:
                raise ValueError(_VALUE)
            _w["bandwidth"] = b
            return True

        def hostname(self, name=_UNSET):
            if name is _UNSET:
                return _w["hostname"]
            _w["hostname"] = _str(name)

        def mac(self, mac=_UNSET, interface=_UNSET):
            if mac is _UNSET:
                return _attrtuple(("sta_mac", "ap_mac"), (_bytes_of_hex(_N["mac"]), _bytes_of_hex(_N["apMac"])))
            if type(mac) is not bytearray:
                raise TypeError("invalid argument(s) num/type")
            if len(mac) != 6:
                raise ValueError(_VALUE)

        def max_tx_power(self, power=_UNSET):
            if power is _UNSET:
                return 78
            _core.as_int(power)

        def joined_ap_info(self):
            if _w["mode"] == 2 or not _status("wlan")["up"]:
                raise _core.OSError(_NOT_POSSIBLE)
            s = _w["ssid"] or "fieldnet"
            e = [x for x in _scan_list([s]) if x[0] == s][0]
            return _attrtuple(("bssid", "ssid", "primary_chn", "rssi", "auth", "standard"),
                              (e[1], s, e[2], e[3], 3, 3))

        def scan(self, *, ssid=None, bssid=None, channel=None, show_hidden=None, type=None, scantime=None):
            if ssid is not None:
                _str(ssid)
            if bssid is not None and not isinstance(bssid, bytes):
                raise ValueError("invalid bssid")
            if _w["mode"] == 2:
                raise _core.OSError(_NOT_POSSIBLE)
            # PF wlan_scan: passive when asked, or by default while the station is connected.
            if type is not None:
                passive = _core.as_int(type) == WLAN.SCAN_PASSIVE
            else:
                passive = _w["mode"] == 1 and _status("wlan")["up"]
            _call("net.scan", passive)
            asked = list(_w["asked"]) + ([ssid] if ssid is not None else [])
            out = []
            for s, b, ch, rssi in _scan_list(asked):
                if ssid is not None and s != ssid:
                    continue
                out.append(_attrtuple(("ssid", "bssid", "sec", "channel", "rssi"), (s, b, 3, ch, rssi)))
            return out

        def callback(self, trigger, handler=None, arg=None):
            return None

        def events(self):
            return 0

        def __repr__(self):
            return "<WLAN>"

if _R["lte"] and _PYCOM:
    # PF modlte.c: one LTE object; its modem state is the simulator's.
    _lte = {"init": False}

    def _imei():
        h = 0
        for ch in _N["mac"]:
            h = (h * 131 + ord(ch)) % 1000000000
        body = "35434" + "%09d" % h  # Sequans' type allocation code, as PF lte_imei() expects
        total = 0
        for i, d in enumerate(reversed(body)):
            v = int(d) * (2 if i % 2 == 0 else 1)
            total += v - 9 if v > 9 else v
        return body + str((10 - total % 10) % 10)

    class LTE:
        IP = "IP"
        IPV4V6 = "IPV4V6"
        EVENT_COVERAGE_LOSS = 1
        EVENT_BREAK = 2
        PSM_PERIOD_2S = 3
        PSM_PERIOD_30S = 4
        PSM_PERIOD_1M = 5
        PSM_PERIOD_10M = 0
        PSM_PERIOD_1H = 1
        PSM_PERIOD_10H = 2
        PSM_PERIOD_320H = 6
        PSM_PERIOD_DISABLED = 7
        PSM_ACTIVE_2S = 0
        PSM_ACTIVE_1M = 1
        PSM_ACTIVE_6M = 2
        PSM_ACTIVE_DISABLED = 7

        def __init__(self, id=0, *, carrier=None, cid=1, legacyattach=True, debug=False, psm_period_value=0,
                     psm_period_unit=7, psm_active_value=0, psm_active_unit=7):
            _core.as_int(id)
            if _core.as_int(psm_period_unit) > 7:
                raise _core.OSError("Invalid psm_period_unit")
            if _core.as_int(psm_period_value) > 31:
                raise _core.OSError("Invalid psm_period_value")
            if _core.as_int(psm_active_unit) not in (0, 1, 2, 7):
                raise _core.OSError("Invalid psm_active_unit")
            if _core.as_int(psm_active_value) > 31:
                raise _core.OSError("Invalid psm_active_value")
            self.init(carrier=carrier, cid=cid, legacyattach=legacyattach, debug=debug)

        def init(self, *, carrier=None, cid=1, legacyattach=True, debug=False, psm_period_value=0, psm_period_unit=7,
                 psm_active_value=0, psm_active_unit=7):
            if carrier is not None and _str(carrier) not in ("standard", "verizon", "at&t", "att", "telstra",
                                                             "softbank", "vodafone"):
                raise ValueError("invalid carrier %s" % carrier)
            _lte["init"] = True
            _lte["cid"] = _core.as_int(cid)

        def _check(self, inppp=False):
            if not _lte["init"]:
                raise _core.OSError("LTE modem not initialized")
            if inppp and _call("lte.state")["ppp"]:
                raise _core.OSError("LTE modem is in data state, cannot send AT commands")

        def deinit(self, *, detach=True, reset=False, dettach=True):
            if _lte["init"]:
                _call("lte.disconnect")
                if detach and dettach:
                    _call("lte.detach")
                _lte["init"] = False

        def attach(self, *, band=None, apn=None, log=False, cid=None, type=None, legacyattach=None, bands=None):
            self._check()
            for b in ([band] if band is not None else []) + (list(bands) if bands is not None else []):
                if _core.as_int(b) not in (1, 2, 3, 4, 5, 8, 12, 13, 14, 17, 18, 19, 20, 25, 26, 28, 66):
                    raise ValueError("band %d not supported" % b)
            if apn is not None:
                _str(apn)
            _call("lte.attach")

        def isattached(self):
            self._check()
            return _call("lte.state")["attach"] == "attached"

        def detach(self, *, reset=False):
            self._check()
            _call("lte.detach")

        dettach = detach

        def connect(self, *, cid=None, legacy=None):
            self._check()
            st = _call("lte.state")
            if st["ppp"]:
                return None
            _call("lte.connect")

        def disconnect(self):
            self._check()
            _call("lte.disconnect")

        def isconnected(self):
            self._check()
            return _call("lte.state")["up"]

        def imei(self):
            self._check(True)
            return _imei()

        def iccid(self):
            self._check(True)
            d = _imei()
            return "8944" + d[2:] + d[:2]

        def time(self):
            self._check(True)
            return None

        def ue_coverage(self):
            self._check(True)
            return self.isattached()

        def psm(self):
            self._check()
            return _attrtuple(("enabled", "period_value", "period_unit", "active_value", "active_unit"),
                              (False, 0, 7, 0, 7))

        def send_at_cmd(self, cmd=None, *, timeout=10000):
            self._check(True)
            if cmd is None:
                raise ValueError("the command must be specified!")
            if type(cmd) is bytes:
                cmd = cmd.decode()
            if type(cmd) is not str:
                raise TypeError("invalid argument(s) num/type")
            c = cmd.strip().upper()
            attached = _call("lte.state")["attach"] == "attached"
            if c in ("AT", "ATE0", "ATE1") or c.startswith("AT+CGDCONT=") or c.startswith("AT+CFUN=") or \
                    c.startswith("AT+CEREG=") or c.startswith("AT!="):
                return "\r\nOK\r\n"
            if c == "AT+CEREG?":
                return "\r\n+CEREG: 1,%d\r\n\r\nOK\r\n" % (1 if attached else 2)
            if c == "AT+CGATT?":
                return "\r\n+CGATT: %d\r\n\r\nOK\r\n" % (1 if attached else 0)
            if c == "AT+CFUN?":
                return "\r\n+CFUN: %d\r\n\r\nOK\r\n" % (1 if attached else 4)
            if c == "AT+CSQ":
                return "\r\n+CSQ: 20,99\r\n\r\nOK\r\n"
            if c in ("AT+CGSN", "AT+CGSN=1"):
                return "\r\n%s\r\n\r\nOK\r\n" % _imei()
            if c == "AT+CPIN?":
                return "\r\n+CPIN: READY\r\n\r\nOK\r\n"
            return "\r\nERROR\r\n"

        def reset(self):
            self._check()
            _call("lte.detach")

        def lte_callback(self, trigger, handler=None, arg=None):
            return None

        def events(self):
            return 0

        def __repr__(self):
            return "<LTE>"

if (_R["wlan"] and not _PYCOM) or _R["lan"]:
    # Upstream MicroPython's network module (ports/esp32 network_wlan.c,
    # modnetwork_globals.h); K230 and RT-Thread follow the same API.
    STA_IF = 0
    AP_IF = 1
    STAT_IDLE = 1000
    STAT_CONNECTING = 1001
    STAT_GOT_IP = 1010
    STAT_BEACON_TIMEOUT = 200
    STAT_NO_AP_FOUND = 201
    STAT_WRONG_PASSWORD = 202
    STAT_ASSOC_FAIL = 203
    STAT_CONNECT_FAIL = 203
    STAT_HANDSHAKE_TIMEOUT = 204
    AUTH_OPEN = 0
    AUTH_WEP = 1
    AUTH_WPA_PSK = 2
    AUTH_WPA2_PSK = 3
    AUTH_WPA_WPA2_PSK = 4
    AUTH_WPA2_ENTERPRISE = 5
    AUTH_WPA3_PSK = 6
    AUTH_WPA2_WPA3_PSK = 7
    MODE_11B = 1
    MODE_11G = 2
    MODE_11N = 4
    MODE_LR = 8
    # RT-Thread's rt_wlan_connect and K230's connect wait for the association.
    _BLOCKING = _BOARD in ("rt-thread", "k230")
    _up = _N["ipUpAtBoot"]
    _u = {"sta_active": _up, "ap_active": False, "ssid": None, "key": None, "requested": False,
          "hostname": _BOARD, "asked": [], "lan_active": _up}

    def _no_kw(kw):
        if kw:
            raise TypeError("function doesn't take keyword arguments")

    if _R["wlan"]:

        class WLAN:
            IF_STA = 0
            IF_AP = 1
            SEC_OPEN = 0
            SEC_WEP = 1
            SEC_WPA = 2
            SEC_WPA2 = 3
            SEC_WPA_WPA2 = 4
            SEC_WPA2_ENT = 5
            SEC_WPA3 = 6
            SEC_WPA2_WPA3 = 7
            PM_NONE = 0
            PM_PERFORMANCE = 1
            PM_POWERSAVE = 2

            def __init__(self, *args, **kw):
                _no_kw(kw)
                if len(args) > 1:
                    raise TypeError("function expected at most 1 arguments, got %d" % len(args))
                i = _core.as_int(args[0]) if args else 0
                if i not in (0, 1):
                    raise ValueError("invalid WLAN interface identifier")
                self._if = i

            def active(self, *args):
                if len(args) > 1:
                    raise TypeError("function expected at most 2 arguments, got %d" % (len(args) + 1))
                key = "sta_active" if self._if == 0 else "ap_active"
                if args:
                    on = bool(args[0])
                    _u[key] = on
                    if self._if == 0 and not on:
                        _u["requested"] = False
                        _call("net.disconnect", "wlan")
                return _u[key]

            def connect(self, *args, bssid=None):
                if len(args) > 2:
                    raise TypeError("function expected at most 3 arguments, got %d" % (len(args) + 1))
                ssid = args[0] if len(args) > 0 else None
                key = args[1] if len(args) > 1 else None
                if ssid is not None:
                    _u["ssid"] = _str(ssid)
                    if ssid not in _u["asked"]:
                        _u["asked"].append(ssid)
                if key is not None:
                    _u["key"] = _str(key)
                if bssid is not None and len(bssid) != 6:
                    raise ValueError()
                if not _u["sta_active"]:
                    raise OSError("Wifi Not Started")
                _u["requested"] = True
                _call("net.connect", "wlan", None, _BLOCKING)

            def disconnect(self):
                _u["requested"] = False
                _call("net.disconnect", "wlan")

            def status(self, *args):
                if args:
                    if args[0] == "rssi":
                        if self._if != 0:
                            raise OSError("STA required")
                        if not _status("wlan")["up"]:
                            raise OSError("Wifi Not Connected")
                        return -50
                    if args[0] == "stations":
                        if self._if != 1:
                            raise OSError("AP required")
                        return []
                    raise ValueError("unknown status param")
                if self._if != 0:
                    return None
                s = _status("wlan")
                if s["up"]:
                    return STAT_GOT_IP
                if s["state"] == "connecting" or (_u["requested"] and s["state"] != "up"):
                    return STAT_CONNECTING
                return STAT_IDLE

            def isconnected(self):
                if self._if != 0:
                    return False
                return _status("wlan")["up"]

            def ifconfig(self, *args):
                if len(args) > 1:
                    raise TypeError("function expected at most 2 arguments, got %d" % (len(args) + 1))
                if not args:
                    if self._if == 1:
                        return ("192.168.4.1", "255.255.255.0", "192.168.4.1", "0.0.0.0")
                    return _ifconfig() if _status("wlan")["up"] else _ZERO
                cfg = args[0]
                if type(cfg) in (tuple, list):
                    if len(cfg) != 4:
                        raise ValueError("requested length 4 but object has length %d" % len(cfg))
                    return None  # accepted; the simulated host keeps its address
                if self._if != 0 or _str(cfg) != "dhcp":
                    raise ValueError("invalid arguments")

            def config(self, *args, **kw):
                if args and kw:
                    raise TypeError("either pos or kw args are allowed")
                if kw:
                    for k in kw:
                        if k in ("ssid", "essid"):
                            _u["ssid"] = _str(kw[k])
                        elif k in ("hostname", "dhcp_hostname"):
                            _u["hostname"] = _str(kw[k])
                        elif k == "mac":
                            if len(kw[k]) != 6:
                                raise ValueError("invalid buffer length")
                        elif k not in ("hidden", "security", "authmode", "key", "password", "channel", "bandwidth",
                                       "max_clients", "reconnects", "txpower", "protocol", "pm"):
                            raise ValueError("unknown config param")
                    return None
                if len(args) != 1:
                    raise TypeError("can query only one param")
                p = args[0]
                if p == "mac":
                    return _bytes_of_hex(_N["mac"] if self._if == 0 else _N["apMac"])
                if p in ("ssid", "essid"):
                    return _u["ssid"] or ""
                if p in ("hostname", "dhcp_hostname"):
                    return _u["hostname"]
                if p == "channel":
                    return 1
                if p in ("security", "authmode"):
                    return 3 if _u["key"] else 0
                if p == "hidden":
                    return False
                if p == "txpower":
                    return 20
                if p == "reconnects":
                    return -1
                if p == "pm":
                    return 1
                if p == "ifname":
                    return "sta" if self._if == 0 else "ap"
                raise ValueError("unknown config param")

            def scan(self):
                if not _u["sta_active"]:
                    raise OSError("STA must be active")
                _call("net.scan", False)
                return [(s.encode(), b, ch, rssi, 3, False) for s, b, ch, rssi in _scan_list(list(_u["asked"]))]

            def __repr__(self):
                return "<WLAN>"

    if _R["lan"]:

        class LAN:
            def __init__(self, *args, **kw):
                pass

            def active(self, *args):
                if args:
                    on = bool(args[0])
                    _u["lan_active"] = on
                    if on:
                        _call("net.connect", "lan", None, False)
                    else:
                        _call("net.disconnect", "lan")
                return _u["lan_active"]

            def isconnected(self):
                return _status("lan")["up"]

            def status(self, *args):
                s = _status("lan")
                return STAT_GOT_IP if s["up"] else (STAT_CONNECTING if s["state"] == "connecting" else STAT_IDLE)

            def ifconfig(self, *args):
                if not args:
                    return _ifconfig() if _status("lan")["up"] else _ZERO
                cfg = args[0]
                if type(cfg) in (tuple, list):
                    if len(cfg) != 4:
                        raise ValueError("requested length 4 but object has length %d" % len(cfg))
                    return None
                if _str(cfg) != "dhcp":
                    raise ValueError("invalid arguments")

            def config(self, *args, **kw):
                if args and args[0] == "mac":
                    return _bytes_of_hex(_N["mac"])
                return None

            def __repr__(self):
                return "<LAN>"
