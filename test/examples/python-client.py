# A sensor's uplink loop, as firmware: send each reading over UDP and wait
# for the server's echo as the acknowledgement, retrying after 2 s.
import socket
import time

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
acked = 0
for reading in range(20):
    while True:
        s.sendto(bytes([reading]), ("10.0.0.1", 5683))
        try:
            data, addr = s.recvfrom(64)
            if data[0] == reading:
                acked += 1
                break
        except OSError:
            pass  # no echo within 2 s: send it again
    time.sleep(1)
print("acked", acked)
