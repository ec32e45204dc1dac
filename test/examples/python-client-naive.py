# The same uplink loop without a timeout: a lost datagram or echo blocks
# recvfrom forever, as it would on the board.
import socket
import time

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
acked = 0
for reading in range(20):
    s.sendto(bytes([reading]), ("10.0.0.1", 5683))
    data, addr = s.recvfrom(64)
    acked += 1
    time.sleep(1)
print("acked", acked)
