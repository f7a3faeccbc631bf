#!/usr/bin/env python3
"""Extract Indonesian provinces and kabupaten/kota with Kemendagri codes.

Source: the npm package ``idn-area-data`` (data/provinces.csv and
data/regencies.csv).  Output: ``assets/regions.csv`` with the header

    code,name,kind,province_code

* provinces:      code ``PP`` (e.g. ``61``), kind ``provinsi``,
                  province_code = code
* kabupaten/kota: code ``PP.RR`` (e.g. ``61.71``), name prefixed with
                  ``Kab. `` or ``Kota ``, kind ``kabupaten`` or ``kota``,
                  province_code = ``PP``

Rows are sorted by code (provinces sort before their own regencies because
``"61" < "61.01"``).  The output is byte-for-byte deterministic for a given
input: UTF-8, no BOM, ``\\n`` line endings, fields quoted only when needed
(i.e. only if a name contained a comma, which none currently do).

Usage (Python 3.11, stdlib only):

    python3 scripts/regions/extract.py /path/to/node_modules/idn-area-data

See scripts/regions/README.md for the full re-run procedure.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "assets" / "regions.csv"

HEADER = ["code", "name", "kind", "province_code"]

# Province code of DKI Jakarta, whose regencies are "Kota Administrasi" /
# "Kabupaten Administrasi" (not autonomous); we drop the word "Administrasi".
DKI_JAKARTA = "31"

# Words kept fully upper case (acronyms).
UPPER_WORDS = {"DKI", "DI"}
# Words kept lower case unless they are the first word of the name.
LOWER_WORDS = {"dan"}
# Whole-name rewrites applied before title-casing (upper-case keys).
PROVINCE_REWRITES = {
    # Official short form, as used in everyday Kemendagri/Ombudsman usage.
    "DAERAH ISTIMEWA YOGYAKARTA": "DI YOGYAKARTA",
}

PROVINCE_CODE_RE = re.compile(r"^[0-9]{2}$")
REGENCY_CODE_RE = re.compile(r"^([0-9]{2})\.([0-9]{2})$")


def title_case(upper_name: str) -> str:
    """Indonesian-style title case for a name given in upper case.

    Each whitespace-separated word is capitalised; acronyms in UPPER_WORDS
    stay upper case; particles in LOWER_WORDS stay lower case (except as the
    first word).  Hyphen- and apostrophe-separated parts are capitalised too
    (none occur in the current data, but this keeps e.g. ``TOLI-TOLI`` ->
    ``Toli-Toli`` sensible should upstream restore hyphens).
    """
    words = upper_name.split()
    out = []
    for i, word in enumerate(words):
        if word.upper() in UPPER_WORDS:
            out.append(word.upper())
        elif i > 0 and word.lower() in LOWER_WORDS:
            out.append(word.lower())
        else:
            out.append(
                re.sub(
                    r"[^\W\d_]+",
                    lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(),
                    word,
                )
            )
    return " ".join(out)


def read_csv(path: Path, expected_header: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != expected_header:
            sys.exit(
                f"error: {path}: unexpected header {reader.fieldnames!r}, "
                f"expected {expected_header!r}"
            )
        rows = []
        for row in reader:
            rows.append({k: (v or "").strip() for k, v in row.items()})
        return rows


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Official spellings (as in the laws that formed these regions and in Ombudsman's own
# publications, e.g. "Kota Baubau", "Kab. Mukomuko") where the package splits or
# re-spells the name. Applied by code after title-casing; codes are unaffected.
OFFICIAL_SPELLING = {
    "12.74": "Kota Tanjungbalai",
    "12.77": "Kota Padangsidimpuan",
    "17.06": "Kab. Mukomuko",
    "19.71": "Kota Pangkalpinang",
    "21.72": "Kota Tanjungpinang",
    "62.71": "Kota Palangka Raya",
    "72.04": "Kab. Toli-Toli",
    "72.09": "Kab. Tojo Una-Una",
    "74.72": "Kota Baubau",
    "92.03": "Kab. Fakfak",
}


def build_rows(pkg: Path) -> list[list[str]]:
    data = pkg / "data"
    provinces = read_csv(data / "provinces.csv", ["code", "name"])
    regencies = read_csv(data / "regencies.csv", ["code", "province_code", "name"])

    rows: list[list[str]] = []
    seen: set[str] = set()
    province_codes: set[str] = set()

    for p in provinces:
        code = p["code"]
        if not PROVINCE_CODE_RE.match(code):
            sys.exit(f"error: bad province code {code!r}")
        if code in seen:
            sys.exit(f"error: duplicate code {code!r}")
        seen.add(code)
        province_codes.add(code)
        raw = " ".join(p["name"].upper().split())
        raw = PROVINCE_REWRITES.get(raw, raw)
        rows.append([code, title_case(raw), "provinsi", code])

    for r in regencies:
        code, prov = r["code"], r["province_code"]
        m = REGENCY_CODE_RE.match(code)
        if not m:
            sys.exit(f"error: bad regency code {code!r}")
        if m.group(1) != prov:
            sys.exit(f"error: {code}: province_code {prov!r} does not match code")
        if prov not in province_codes:
            sys.exit(f"error: {code}: unknown province {prov!r}")
        if code in seen:
            sys.exit(f"error: duplicate code {code!r}")
        seen.add(code)

        words = r["name"].upper().split()
        if not words:
            sys.exit(f"error: {code}: empty name")
        head, rest = words[0], words[1:]
        if head == "KABUPATEN":
            kind, prefix = "kabupaten", "Kab."
        elif head == "KOTA":
            kind, prefix = "kota", "Kota"
        else:
            sys.exit(f"error: {code}: name {r['name']!r} lacks KABUPATEN/KOTA prefix")
        if prov == DKI_JAKARTA and rest and rest[0] == "ADMINISTRASI":
            rest = rest[1:]
        if not rest:
            sys.exit(f"error: {code}: name {r['name']!r} has nothing after prefix")
        # Kemendagri convention: regency numbers 01-70 are kabupaten,
        # 71-99 are kota.
        is_kota_number = int(m.group(2)) >= 71
        if is_kota_number != (kind == "kota"):
            sys.exit(f"error: {code}: kind {kind!r} inconsistent with code number")
        rows.append([code, f"{prefix} {title_case(' '.join(rest))}", kind, prov])

    for row in rows:
        row[1] = OFFICIAL_SPELLING.get(row[0], row[1])
    rows.sort(key=lambda row: row[0])
    return rows


def render(rows: list[list[str]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "package_dir",
        type=Path,
        help="path to the installed idn-area-data package "
        "(e.g. node_modules/idn-area-data)",
    )
    ap.add_argument(
        "-o",
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"output CSV (default: {DEFAULT_OUT.relative_to(REPO_ROOT)})",
    )
    args = ap.parse_args()

    pkg: Path = args.package_dir
    meta = json.loads((pkg / "package.json").read_text(encoding="utf-8"))
    if meta.get("name") != "idn-area-data":
        sys.exit(f"error: {pkg} is not the idn-area-data package")

    rows = build_rows(pkg)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(render(rows))

    n_prov = sum(1 for r in rows if r[2] == "provinsi")
    n_kab = sum(1 for r in rows if r[2] == "kabupaten")
    n_kota = sum(1 for r in rows if r[2] == "kota")
    print(f"source: {meta['name']} {meta.get('version')} (license {meta.get('license')})")
    for name in ("provinces.csv", "regencies.csv"):
        print(f"sha256 data/{name}: {sha256(pkg / 'data' / name)}")
    print(f"wrote {args.out}")
    print(f"sha256 output: {sha256(args.out)}")
    print(
        f"provinsi={n_prov} kabupaten={n_kab} kota={n_kota} "
        f"kabupaten+kota={n_kab + n_kota} rows={len(rows)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
