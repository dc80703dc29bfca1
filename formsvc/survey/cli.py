"""`flask --app formsvc skm import FILE` and `flask --app formsvc skm report --period 2026-Q3`."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from .. import skm

skm_cli = AppGroup("skm", help="Survei Kepuasan Masyarakat: impor survei kertas dan laporan IKM.")


@skm_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--izinkan-duplikat", "allow_duplicates", is_flag=True,
              help="Impor juga baris yang sama persis dengan survei kertas yang sudah tersimpan.")
def import_command(file: Path, allow_duplicates: bool):
    """Import paper survey responses from a CSV or XLSX FILE (layout of skm-sample.csv)."""
    from .importer import ImportFailed, import_file

    try:
        count = import_file(file, allow_duplicates=allow_duplicates)
    except ImportFailed as failed:
        for problem in failed.problems:
            click.echo(problem, err=True)
        raise click.ClickException(
            f"{len(failed.problems)} masalah ditemukan di {file.name}; tidak ada data yang diimpor. "
            "Perbaiki berkas lalu ulangi.") from None
    click.echo(f"{count} respons survei kertas diimpor dari {file.name}.")


@skm_cli.command("report")
@click.option("--period", "--periode", "period", required=True,
              help="TTTT, TTTT-S1/S2, TTTT-Q1..Q4 atau TTTT-BB, contoh 2026-Q3.")
@click.option("--layanan", "service", default=None, help="Hanya satu layanan (nama seperti tersimpan).")
@click.option("--json", "as_json", is_flag=True, help="Cetak sebagai JSON.")
def report_command(period: str, service: str | None, as_json: bool):
    """Print the IKM report of a period: respondents, NRR U1..U9, IKM, mutu, kinerja."""
    try:
        report = skm.ikm_report(period, service)
    except skm.PeriodError as error:
        raise click.BadParameter(str(error), param_hint="--period") from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"Laporan SKM {report.period.label} ({report.period.start:%d-%m-%Y} s.d. {report.period.end:%d-%m-%Y})"
               + (f", layanan {service}" if service else ""))
    click.echo(f"Responden: {report.respondents} (sampel minimal {report.required_sample}: "
               f"{'cukup' if report.sufficient else 'belum cukup'})")
    for unsur in skm.UNSUR:
        value = report.nrr_rounded(4)[unsur.code]
        shown = f"{value:.4f}" if value is not None else "-"
        click.echo(f"  {unsur.code} {unsur.name:<42} NRR {shown:>6}  ({report.answered[unsur.code]} penjawab)")
    if report.ikm is None:
        click.echo("IKM: belum dapat dihitung (ada unsur tanpa jawaban).")
    else:
        click.echo(f"IKM: {report.ikm_rounded(2):.2f}  mutu {report.mutu} ({report.kinerja}); bobot tepat 1/9")
    if report.population is None:
        click.echo(skm.POPULATION_NOTE)
