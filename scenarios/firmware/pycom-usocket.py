# fieldnet: --board lopy4
# Source: Pycom documentation, "usocket" (pycom/pycom-documentation, firmwareapi/micropython/usocket.md,
# seeds/pycom-usocket.md), the example under socket.getaddrinfo(host, port): its two lines verbatim.
# Added: the first line of code, `import socket`, which the doc's snippet omits (it uses the module
# `socket` without importing it; as a file it would raise NameError). Nothing else.
import socket
s = socket.socket()
s.connect(socket.getaddrinfo('www.micropython.org', 80)[0][-1])
