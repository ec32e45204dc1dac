-- fieldnet Sigfox capture records: pcap linktype 147 (USER0).
-- Layout: stack/capture/SIGFOX.md (written by stack/capture/sigfox-capture.ts).
-- Use: tshark -X lua_script:stack/capture/sigfox.lua -r sigfox.pcap -V
local p = Proto("sigfox", "fieldnet Sigfox frame")
local kinds = { [0] = "uplink", [1] = "downlink", [2] = "fsk" }
local f = p.fields
f.version = ProtoField.uint8("sigfox.version", "Record version")
f.kind = ProtoField.uint8("sigfox.kind", "Kind", base.DEC, kinds)
f.rc = ProtoField.uint8("sigfox.rc", "Radio configuration")
f.flags = ProtoField.uint8("sigfox.flags", "Flags", base.HEX)
f.f_dl = ProtoField.bool("sigfox.flags.downlink", "Downlink requested", 8, nil, 0x01)
f.f_oob = ProtoField.bool("sigfox.flags.oob", "Out-of-band", 8, nil, 0x02)
f.f_isbit = ProtoField.bool("sigfox.flags.single_bit", "1-bit frame", 8, nil, 0x04)
f.f_bit = ProtoField.bool("sigfox.flags.bit", "Bit value", 8, nil, 0x08)
f.f_rx = ProtoField.bool("sigfox.flags.received", "Received", 8, nil, 0x10)
f.devid = ProtoField.uint32("sigfox.devid", "Device ID", base.HEX)
f.freq = ProtoField.uint32("sigfox.freq", "Frequency (Hz)")
f.seq = ProtoField.uint16("sigfox.seq", "Message counter")
f.rank = ProtoField.uint8("sigfox.rank", "Frame rank")
f.frames = ProtoField.uint8("sigfox.frames", "Frames in message")
f.rssi = ProtoField.int16("sigfox.rssi", "Best RSSI (0.1 dBm, -32768 none)")
f.stations = ProtoField.uint16("sigfox.stations", "Base stations that received it")
f.airtime = ProtoField.uint32("sigfox.airtime_us", "Time on air (us)")
f.len = ProtoField.uint8("sigfox.len", "Payload length")
f.payload = ProtoField.bytes("sigfox.payload", "Payload")

function p.dissector(buf, pinfo, tree)
  if buf:len() < 25 then return 0 end
  pinfo.cols.protocol = "Sigfox"
  local t = tree:add(p, buf())
  t:add(f.version, buf(0, 1))
  t:add(f.kind, buf(1, 1))
  t:add(f.rc, buf(2, 1))
  local fl = t:add(f.flags, buf(3, 1))
  fl:add(f.f_dl, buf(3, 1)); fl:add(f.f_oob, buf(3, 1)); fl:add(f.f_isbit, buf(3, 1)); fl:add(f.f_bit, buf(3, 1)); fl:add(f.f_rx, buf(3, 1))
  t:add_le(f.devid, buf(4, 4))
  t:add_le(f.freq, buf(8, 4))
  t:add_le(f.seq, buf(12, 2))
  t:add(f.rank, buf(14, 1))
  t:add(f.frames, buf(15, 1))
  t:add_le(f.rssi, buf(16, 2))
  t:add_le(f.stations, buf(18, 2))
  t:add_le(f.airtime, buf(20, 4))
  local n = buf(24, 1):uint()
  t:add(f.len, buf(24, 1))
  if n > 0 and buf:len() >= 25 + n then t:add(f.payload, buf(25, n)) end
  local kind = kinds[buf(1, 1):uint()] or "?"
  pinfo.cols.info = string.format("%s dev %08x seq %d frame %d/%d %d Hz len %d", kind, buf(4, 4):le_uint(), buf(12, 2):le_uint(), buf(14, 1):uint() + 1, buf(15, 1):uint(), buf(8, 4):le_uint(), n)
  return buf:len()
end

DissectorTable.get("wtap_encap"):add(wtap_encaps.USER0, p)
