# The peer of RT-Thread's "TCP Client example" (seeds/rt-thread-usocket.md): on the doc's bench this
# is a TCP debugging tool on a PC at 192.168.10.110 listening on port 6000. Here it is a board's
# main.py: accept one connection, read it to the end, print what arrived.
import socket

PORT = 6000

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(('0.0.0.0', PORT))
srv.listen(1)
print('listening on', PORT)
conn, addr = srv.accept()
print('accepted', addr)
got = b''
while True:
    data = conn.recv(64)
    if not data:
        break
    got += data
print('received', got)
conn.close()
srv.close()
