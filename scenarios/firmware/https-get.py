# fieldnet: --until 30s
#
# An HTTPS GET as MicroPython firmware usually does it: resolve the host,
# connect a TCP socket to port 443, wrap it with ssl.wrap_socket() naming the
# server (SNI; no certificate check: CERT_NONE is the default of both
# MicroPython's ssl and Pycom's ussl), send the request, print the status line
# and how much came back. Runs unchanged on MicroPython 1.27 boards and on
# Pycom boards. In fieldnet's default world every host name is a simulated
# internet host serving HTTPS on 443 (TLS modelled: real record sizes and
# round trips, no cryptography):
#
#   npx fieldnet run scenarios/firmware/https-get.py
#   npx fieldnet run scenarios/firmware/https-get.py --board micropython --trace t.ndjson
import socket
import ssl
import time

HOST = "api.example.com"
PATH = "/v1/status"


def https_get(host, path):
    addr = socket.getaddrinfo(host, 443)[0][-1]
    s = socket.socket()
    s.connect(addr)
    t0 = time.ticks_ms()
    ss = ssl.wrap_socket(s, server_hostname=host)
    print("TLS session in", time.ticks_diff(time.ticks_ms(), t0), "ms")
    try:
        request = "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: sensor/1.0\r\n\r\n" % (path, host)
        ss.write(request.encode())
        status = ss.readline()
        headers = 0
        while True:
            line = ss.readline()
            if not line or line == b"\r\n":
                break
            headers += 1
        body = b""
        while True:
            chunk = ss.read(256)
            if not chunk:
                break
            body += chunk
    finally:
        ss.close()
    return status.decode().strip(), headers, len(body)


status, headers, size = https_get(HOST, PATH)
print(status)
print("%d headers, %d bytes of body" % (headers, size))
