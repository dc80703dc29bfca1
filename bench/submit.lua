-- wrk script: leave requests as the site's form script sends them (multipart/form-data,
-- X-Requested-With: fetch, same Origin), each one different (so none is taken for a
-- duplicate of another), and a JSON summary for bench/run.py.
-- Arguments after `--`: origin, start date, end date, run label.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  origin, start_date, end_date, label = args[1], args[2], args[3], args[4]
  boundary = "----formsvcbench" .. tid
  headers = {
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
    ["X-Requested-With"] = "fetch",
    ["Accept"] = "application/json",
    ["Origin"] = origin,
  }
end

local function part(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n"
         .. value .. "\r\n"
end

function request()
  counter = counter + 1
  local n = string.format("%s-%d-%d", label, tid, counter)
  local body = part("nama", "Pegawai Beban " .. n)
    .. part("status", "PNS")
    .. part("nip", "198503122010011003")
    .. part("jabatan", "Analis Kepegawaian")
    .. part("unit_kerja", "Dinas Pendidikan")
    .. part("email", "pegawai.beban@example.com")
    .. part("hp", "081234567890")
    .. part("atasan_nama", "Kepala Bidang")
    .. part("atasan_email", "")
    .. part("masa_kerja_tahun", "6")
    .. part("masa_kerja_bulan", "3")
    .. part("jenis", "tahunan")
    .. part("tanggal_mulai", start_date)
    .. part("tanggal_selesai", end_date)
    .. part("alasan", "Keperluan keluarga " .. n)
    .. part("alamat_cuti", "Jl. Contoh No. 1, Tebing Tinggi")
    .. part("situs_web", "")
    .. "--" .. boundary .. "--\r\n"
  return wrk.format("POST", "/api/forms/cuti/", headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d, '
    .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, errors.status, errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
