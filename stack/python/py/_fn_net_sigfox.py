# fieldnet: network.Sigfox (placeholder until the Sigfox shim lands).
