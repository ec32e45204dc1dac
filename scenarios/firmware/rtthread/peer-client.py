# The peer of RT-Thread's "TCP Server example" (seeds/rt-thread-usocket.md): on the doc's bench this
# is a TCP debugging tool on a PC that connects to the board at 192.168.12.32:6001 and sends
# "rt-thread" and a carriage return (the board's `sock.recv(10)` shows b'rt-thread\r'). Here it is a
# board's main.py; it retries every second until the board listens, as a person clicking
# "connect" again would.
import socket
import time

addr = socket.getaddrinfo('192.168.12.32', 6001)[0][-1]
while True:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.connect(addr)
        break
    except OSError as e:
        print('connect failed:', e)
        s.close()
        time.sleep(1)
print('connected to', addr)
print('sent', s.send(b'rt-thread\r'))
s.close()
