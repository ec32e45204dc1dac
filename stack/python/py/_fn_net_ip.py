# fieldnet: network.WLAN / LTE / LAN (placeholder until the IP interface shims land).
