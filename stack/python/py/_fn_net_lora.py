# fieldnet: network.LoRa (placeholder until the LoRa shim lands).
