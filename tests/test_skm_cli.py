"""`flask --app formsvc skm import FILE` (paper surveys, CSV or XLSX) and `skm report`."""
import json
from datetime import date, datetime

from openpyxl import Workbook
from sqlalchemy import func, select

from formsvc.extensions import db
from formsvc.models import SurveyResponse
from test_skm import eval_dir

HEADER = "responden,umur,jenis_kelamin,pendidikan,pekerjaan,layanan,tanggal,U1,U2,U3,U4,U5,U6,U7,U8,U9"


def count(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(SurveyResponse.id))).scalar_one()


def write_csv(tmp_path, *rows, header=HEADER, name="survei.csv", delimiter=","):
    path = tmp_path / name
    lines = [header.replace(",", delimiter)] + [r.replace(",", delimiter) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_the_sample_then_report_it_as_json(app, runner):
    folder = eval_dir()
    expected = json.loads((folder / "skm-sample.expected.json").read_text(encoding="utf-8"))

    result = runner.invoke(args=["skm", "import", str(folder / "skm-sample.csv")])
    assert result.exit_code == 0, result.output
    assert "15 respons survei kertas diimpor" in result.output

    result = runner.invoke(args=["skm", "report", "--period", "2026-Q3", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["respondents"] == expected["respondents"]
    assert report["nrr"] == expected["nrr"]
    assert round(report["ikm"], 2) == round(expected["ikm"], 2)
    assert report["mutu"] == expected["mutu"]
    assert report["kinerja"] == expected["kinerja"]
    assert report["weight"] == "exact 1/9"
    assert report["sufficient"] is False and report["required_sample"] == 384
    with app.app_context():
        stored = db.session.execute(select(SurveyResponse).order_by(SurveyResponse.id)).scalars().first()
        assert (stored.source, stored.umur, stored.jenis_kelamin, stored.pendidikan, stored.pekerjaan,
                stored.layanan, stored.tanggal) == ("kertas", 51, "L", "SMA", "PNS", "Pensiun", date(2026, 8, 21))


def test_report_in_words_and_for_one_service(runner):
    runner.invoke(args=["skm", "import", str(eval_dir() / "skm-sample.csv")])
    result = runner.invoke(args=["skm", "report", "--period", "2026-Q3"])
    assert result.exit_code == 0
    assert "Triwulan III 2026" in result.output
    assert "IKM: 76.30  mutu C (Kurang baik); bobot tepat 1/9" in result.output
    result = runner.invoke(args=["skm", "report", "--period", "2026-Q3", "--layanan", "Cuti", "--json"])
    assert json.loads(result.output)["respondents"] == 3


def test_report_rejects_a_malformed_period(runner):
    result = runner.invoke(args=["skm", "report", "--period", "2026-Q5", "--json"])
    assert result.exit_code != 0
    assert "2026-Q5" in result.output and "TTTT-Q1" in result.output


def test_errors_name_row_and_column_and_nothing_is_imported(app, runner, tmp_path):
    path = write_csv(tmp_path,
                     "1,51,L,SMA,PNS,Pensiun,2026-08-21,4,4,1,4,2,4,2,3,4",
                     "2,24,L,D3,Lainnya,Pensiun,2026-08-20,2,2,3,5,2,1,2,3,4",
                     "3,38,X,D3,PPPK,Cuti,21 Agustus 2026,4,4,1,2,2,1,4,3,2",
                     "4,abc,P,SMA,Swasta,Pensiun,2026-09-27,,,,,,,,,")
    result = runner.invoke(args=["skm", "import", str(path)])
    assert result.exit_code != 0
    out = result.output
    assert "Baris 3 (responden 2), kolom U4: nilai harus 1, 2, 3 atau 4" in out
    assert "Baris 4 (responden 3), kolom jenis_kelamin: jenis kelamin 'X' tidak dikenal" in out
    assert "Baris 4 (responden 3), kolom tanggal: tanggal tidak dikenali" in out
    assert "Baris 5 (responden 4), kolom umur" in out
    assert "tidak ada data yang diimpor" in out
    assert count(app) == 0


def test_a_row_without_any_answer_is_an_error(app, runner, tmp_path):
    path = write_csv(tmp_path, "1,51,L,SMA,PNS,Pensiun,2026-08-21,,,,,,,,,")
    result = runner.invoke(args=["skm", "import", str(path)])
    assert "Baris 2 (responden 1), kolom U1–U9: tidak ada satu pun unsur yang dijawab" in result.output
    assert count(app) == 0


def test_a_missing_column_is_named(app, runner, tmp_path):
    path = write_csv(tmp_path, "1,51,L,SMA,PNS,Pensiun,2026-08-21,4,4,1,4,2,4,2,3",
                     header=HEADER.rsplit(",", 1)[0])
    result = runner.invoke(args=["skm", "import", str(path)])
    assert result.exit_code != 0
    assert "baris 1 (judul kolom): kolom U9 tidak ada" in result.output
    assert count(app) == 0


def test_semicolon_csv_labels_and_blank_answers_are_accepted(app, runner, tmp_path):
    path = write_csv(tmp_path, "1;40;Perempuan;s1;pegawai swasta;Cuti Tahunan;21/08/2026;4;4;;4;4;4;4;4;4",
                     delimiter=";")
    result = runner.invoke(args=["skm", "import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        stored = db.session.execute(select(SurveyResponse)).scalar_one()
        assert (stored.jenis_kelamin, stored.pendidikan, stored.pekerjaan, stored.u3, stored.tanggal) == (
            "P", "S1", "Swasta", None, date(2026, 8, 21))


def test_importing_the_same_file_twice_is_refused_unless_asked(app, runner):
    sample = str(eval_dir() / "skm-sample.csv")
    assert runner.invoke(args=["skm", "import", sample]).exit_code == 0
    again = runner.invoke(args=["skm", "import", sample])
    assert again.exit_code != 0
    assert "sudah pernah diimpor" in again.output
    assert count(app) == 15
    assert runner.invoke(args=["skm", "import", sample, "--izinkan-duplikat"]).exit_code == 0
    assert count(app) == 30


def test_xlsx_import_with_real_date_cells(app, runner, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append([1, 30, "L", "S1", "PNS", "Kenaikan Pangkat", datetime(2026, 7, 2), 4, 4, 4, 4, 4, 4, 4, 4, 4])
    sheet.append([2, 45.0, "P", "S2", "PPPK", "Cuti", "2026-07-03", 3, 3, 3, 3, 3, 3, 3, 3, 3])
    sheet.append([None] * 16)
    path = tmp_path / "survei.xlsx"
    book.save(path)
    result = runner.invoke(args=["skm", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 respons" in result.output
    report = json.loads(runner.invoke(args=["skm", "report", "--period", "2026-07", "--json"]).output)
    assert report["respondents"] == 2 and report["ikm"] == 87.5 and report["mutu"] == "B"


def test_xlsx_errors_name_row_and_column(app, runner, tmp_path):
    book = Workbook()
    book.active.append(HEADER.split(","))
    book.active.append([7, 30, "L", "S1", "PNS", "Cuti", datetime(2026, 7, 2), 4, 4, 4, 4, 0, 4, 4, 4, 4])
    path = tmp_path / "survei.xlsx"
    book.save(path)
    result = runner.invoke(args=["skm", "import", str(path)])
    assert "Baris 2 (responden 7), kolom U5" in result.output
    assert count(app) == 0


def test_an_unreadable_file_is_reported(runner, tmp_path):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"not a workbook")
    result = runner.invoke(args=["skm", "import", str(path)])
    assert result.exit_code != 0
    assert "bukan berkas Excel" in result.output
    other = tmp_path / "survei.pdf"
    other.write_bytes(b"%PDF")
    assert "Gunakan .csv atau .xlsx" in runner.invoke(args=["skm", "import", str(other)]).output


def test_the_content_guide_example_and_commands_work_as_written(app, runner, tmp_path):
    """docs/panduan-pengelola.md tells HR how to import paper surveys: its example file, its
    commands and its example error are the real ones."""
    import csv
    import re
    import shlex
    from pathlib import Path

    guide = (Path(__file__).resolve().parent.parent / "docs" / "panduan-pengelola.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Memasukkan survei kertas"):guide.index("## Melihat pratinjau")]
    example = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    import_command, report_command = (shlex.split(block) for block in re.findall(r"```bash\n(.*?)\n```", section, re.S))
    assert import_command[:5] == ["flask", "--app", "formsvc", "skm", "import"]
    assert report_command[:5] == ["flask", "--app", "formsvc", "skm", "report"]

    # The example rows, saved as the .xlsx the command names.
    workbook = Workbook()
    for row in csv.reader(example.splitlines()):
        workbook.active.append([int(cell) if cell.isdigit() else cell for cell in row])
    workbook.save(tmp_path / import_command[5])
    result = runner.invoke(args=[*import_command[3:5], str(tmp_path / import_command[5])])
    assert result.exit_code == 0, result.output
    assert count(app) == len(example.splitlines()) - 1

    again = runner.invoke(args=[*import_command[3:5], str(tmp_path / import_command[5])])
    assert again.exit_code != 0 and "--izinkan-duplikat" in again.output and "--izinkan-duplikat" in section

    result = runner.invoke(args=report_command[3:])
    assert result.exit_code == 0 and "Triwulan III 2026" in result.output
    result = runner.invoke(args=[*report_command[3:], "--layanan", "Pensiun", "--json"])
    assert json.loads(result.output)["respondents"] == 1 and '--layanan "Nama Layanan"' in section

    # The example error: row 3 (respondent 2) with a 5 in U3.
    said = re.search(r"Contoh: `(Baris 3 \(responden 2\), kolom U3: [^`]*?)\.\.\.`", section).group(1)
    lines = example.splitlines()
    cells = lines[2].split(",")
    cells[9] = "5"  # U3
    bad = write_csv(tmp_path, lines[1], ",".join(cells), header=lines[0], name="salah.csv")
    result = runner.invoke(args=["skm", "import", str(bad)])
    assert result.exit_code != 0 and said in result.output
