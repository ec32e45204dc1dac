# fieldnet: --until 30s
#
# A sensor node written with MicroPython's asyncio: one task samples a sensor
# every second, another keeps a TCP connection to a collector, sends each
# reading as a line and waits for the collector's acknowledgement with a
# timeout. Runs unchanged on a board (any MicroPython with asyncio and a
# network); in fieldnet's default world the collector is a simulated internet
# host that echoes each line back:
#
#   npx fieldnet run scenarios/firmware/asyncio-client.py
import asyncio
import time

COLLECTOR = "collector.example.net"
PORT = 9000
PERIOD_MS = 1000
READINGS = 5
ACK_TIMEOUT_MS = 2000

queue = []  # readings waiting to be sent: (sequence number, tick, value)
new_reading = asyncio.Event()


def read_temperature(n):
    # Stands in for an ADC read: a slow deterministic sawtooth, in °C.
    return 21.0 + (n * 3 % 7) / 10


async def sensor():
    for n in range(READINGS):
        queue.append((n, time.ticks_ms(), read_temperature(n)))
        new_reading.set()
        await asyncio.sleep_ms(PERIOD_MS)


async def uplink():
    reader, writer = await asyncio.open_connection(COLLECTOR, PORT)
    print("connected to", COLLECTOR)
    acked = 0
    sent = 0
    while sent < READINGS:
        await new_reading.wait()
        new_reading.clear()
        while queue:
            n, taken, value = queue.pop(0)
            writer.write(("%d %d %.1f\n" % (n, taken, value)).encode())
            await writer.drain()
            sent += 1
            try:
                line = await asyncio.wait_for_ms(reader.readline(), ACK_TIMEOUT_MS)
            except asyncio.TimeoutError:
                print("reading", n, "no ack")
                continue
            rtt = time.ticks_diff(time.ticks_ms(), taken)
            print("reading", n, "%.1f C" % value, "ack", repr(line.strip()), "after", rtt, "ms")
            acked += 1
    writer.close()
    await writer.wait_closed()
    return acked


async def main():
    _, acked = await asyncio.gather(sensor(), uplink())
    print("done:", acked, "of", READINGS, "readings acknowledged")


asyncio.run(main())
