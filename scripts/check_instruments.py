#!/usr/bin/env python3
"""Check instrument files without building tilik.

Usage:
    python3 scripts/check_instruments.py                 # every assets/instruments/*.toml
    python3 scripts/check_instruments.py FILE [FILE ...]
    python3 scripts/check_instruments.py --schema-only FILE ...   # skip the house rules

Mirrors the schema in crates/tilik-core/src/instrument/parse.rs (field names, required fields, types and the
rules of `Instrument::validate()`), and adds house rules for the shipped files (turned off by
`--schema-only`, which checks exactly what `tilik instruments check` checks):

* every indicator describes its levels (one string per scale level);
* `short` is at most 24 characters;
* opini-2022, opini-2023 and opini-2024 have exactly 38 indicators;
* an indicator id used in several files of the same family has the same `text` in all of
  them (ids are immutable and never reused for a different meaning).

Problems are printed as `file:line:col: message` (the position is found the same way tilik
does: the first occurrence of the offending `key = "value"` text). Exit status 1 if any.
Needs Python 3.11+ (stdlib `tomllib` only).
"""

from __future__ import annotations

import glob
import math
import os
import re
import sys
import tomllib

# ---------------------------------------------------------------------------------------------
# Schema: field -> (type, required). Keep in sync with crates/tilik-core/src/instrument/parse.rs.
#   "str", "int:u8", "int:u16", "f64", "bool", "char", "zone", "method",
#   "list:str", "list:<struct>", "<struct>", "opt:<type>"
# ---------------------------------------------------------------------------------------------
SCHEMA: dict[str, dict[str, tuple[str, bool]]] = {
    "Instrument": {
        "id": ("str", True),
        "family": ("str", True),
        "version": ("str", True),
        "round": ("int:u16", True),
        "title": ("str", True),
        "title_en": ("str", False),
        "legal_basis": ("str", False),
        "description": ("str", False),
        "scoring": ("Scoring", True),
        "provenance": ("Provenance", True),
        "scales": ("list:Scale", True),
        "bands": ("list:Band", True),
        "qualifiers": ("list:Qualifier", False),
        "dimensions": ("list:Dimension", True),
    },
    "Qualifier": {
        "id": ("str", True),
        "label": ("str", True),
        "label_en": ("str", False),
        "indicator": ("str", True),
        "min_value": ("int:u8", True),
        "categories": ("list:str", True),
        "source": ("str", False),
        "reconstructed": ("bool", False),
    },
    "Scoring": {
        "method": ("str", False),
        "pemda": ("str", False),
        "decimals": ("int:u8", False),
        "max": ("f64", False),
        "note": ("str", False),
        "reconstructed": ("bool", False),
    },
    "Provenance": {
        "sources": ("list:str", True),
        "reconstructed": ("list:str", False),
    },
    "Scale": {
        "id": ("str", True),
        "name": ("str", True),
        "levels": ("list:Level", True),
    },
    "Level": {
        "value": ("int:u8", True),
        "key": ("char", False),
        "label": ("str", True),
        "label_en": ("str", False),
    },
    "Band": {
        "category": ("str", True),
        "label": ("str", True),
        "label_en": ("str", False),
        "zone": ("zone", True),
        "lower": ("f64", True),
    },
    "Dimension": {
        "id": ("str", True),
        "name": ("str", True),
        "name_en": ("str", False),
        "weight": ("f64", True),
        "source": ("str", False),
        "reconstructed": ("bool", False),
        "variables": ("list:Variable", True),
    },
    "Variable": {
        "id": ("str", True),
        "name": ("str", True),
        "name_en": ("str", False),
        "source": ("str", False),
        "reconstructed": ("bool", False),
        "indicators": ("list:Indicator", True),
    },
    "Indicator": {
        "id": ("str", True),
        "short": ("str", True),
        "text": ("str", True),
        "text_en": ("str", False),
        "method": ("method", True),
        "respondent": ("str", False),
        "guidance": ("str", True),
        "scale": ("str", True),
        "levels": ("list:str", False),
        "weight": ("f64", False),
        "allow_na": ("bool", False),
        "source": ("str", False),
        "reconstructed": ("bool", False),
    },
}
ZONES = {"hijau", "kuning", "merah", "hitam"}
METHODS = {"wawancara", "observasi", "studi_dokumen", "survei_pengguna", "data_sekunder"}

EXPECTED_INDICATORS = {"opini-2022": 38, "opini-2023": 38, "opini-2024": 38}
SHORT_MAX = 24


class Checker:
    def __init__(self, path: str, text: str, house: bool = True):
        self.path = path
        self.text = text
        self.house = house
        self.problems: list[tuple[int, int, str]] = []

    def pos(self, needle: str) -> tuple[int, int]:
        off = self.text.find(needle)
        if off < 0:
            return (1, 1)
        before = self.text[:off]
        line = before.count("\n") + 1
        col = off - (before.rfind("\n") + 1) + 1
        return (line, col)

    def add(self, needle: str, message: str) -> None:
        line, col = self.pos(needle)
        self.problems.append((line, col, message))

    # -- structure and types ------------------------------------------------------------------
    def check_type(self, ty: str, v, where: str, needle: str) -> bool:
        if ty == "str":
            ok = isinstance(v, str)
        elif ty.startswith("int:"):
            hi = {"u8": 255, "u16": 65535}[ty[4:]]
            ok = isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= hi
        elif ty == "f64":
            ok = isinstance(v, (int, float)) and not isinstance(v, bool)
        elif ty == "bool":
            ok = isinstance(v, bool)
        elif ty == "char":
            ok = isinstance(v, str) and len(v) == 1
        elif ty == "zone":
            ok = v in ZONES
            if not ok:
                self.add(needle, f"{where}: unknown zone `{v}` (known: {', '.join(sorted(ZONES))})")
                return False
        elif ty == "method":
            ok = v in METHODS
            if not ok:
                self.add(needle, f"{where}: unknown method `{v}` (known: {', '.join(sorted(METHODS))})")
                return False
        elif ty == "list:str":
            ok = isinstance(v, list) and all(isinstance(x, str) for x in v)
        elif ty.startswith("list:"):
            if not isinstance(v, list):
                ok = False
            else:
                for i, x in enumerate(v):
                    self.check_struct(ty[5:], x, f"{where}[{i}]")
                return True
        else:  # nested struct
            self.check_struct(ty, v, where)
            return True
        if not ok:
            self.add(needle, f"{where}: expected {ty}, found {type(v).__name__} `{v!r}`")
        return ok

    def check_struct(self, name: str, d, where: str) -> None:
        if not isinstance(d, dict):
            self.add(where, f"{where}: expected a table ({name})")
            return
        fields = SCHEMA[name]
        ident = d.get("id") if isinstance(d.get("id"), str) else None
        anchor = f'id = "{ident}"' if ident else where.split(".")[-1].split("[")[0]
        for k in d:
            if k not in fields:
                self.add(f"{k} =", f"{where}: unknown field `{k}`, expected one of {', '.join(fields)}")
        for k, (ty, required) in fields.items():
            if k not in d:
                if required:
                    self.add(anchor, f"{where}: missing field `{k}`")
                continue
            v = d[k]
            needle = f"{k} = {toml_scalar(v)}" if not isinstance(v, (dict, list)) else f"{k} ="
            self.check_type(ty, v, f"{where}.{k}", needle)

    # -- the rules of Instrument::validate() ---------------------------------------------------
    def validate(self, inst: dict) -> None:
        s = lambda x: x if isinstance(x, str) else ""  # noqa: E731
        iid = s(inst.get("id"))
        if not iid.strip() or any(c.isspace() for c in iid):
            self.add(f'id = "{iid}"', "id must be non-empty and contain no spaces")
        if not s(inst.get("family")).strip():
            self.add("family", "family must not be empty")
        scoring = inst.get("scoring") or {}
        method = scoring.get("method", "weighted")
        if method != "weighted":
            self.add(f'method = "{method}"', f"unknown scoring method `{method}` (known: weighted)")
        pemda = scoring.get("pemda", "mean")
        if pemda != "mean":
            self.add(f'pemda = "{pemda}"', f"unknown pemda aggregation `{pemda}` (known: mean)")

        scales = {}
        for sc in inst.get("scales") or []:
            sid = s(sc.get("id"))
            here = f'id = "{sid}"'
            if sid in scales:
                self.add(here, f"scale `{sid}` is defined twice")
            scales[sid] = sc
            levels = sc.get("levels") or []
            if len(levels) < 2:
                self.add(here, f"scale `{sid}` needs at least two levels")
            vals, keys = set(), set()
            for lv in levels:
                val = lv.get("value")
                if val in vals:
                    self.add(here, f"scale `{sid}` repeats value {val}")
                vals.add(val)
                key = lv.get("key")
                if key is None and isinstance(val, int):
                    key = str(val % 10)
                if key in ("n", "N"):
                    self.add(here, f"scale `{sid}`: key `n` is reserved for N/A")
                if key in keys:
                    self.add(here, f"scale `{sid}` uses key `{key}` twice")
                keys.add(key)

        bands = inst.get("bands") or []
        if not bands:
            self.add("bands", "at least one band is required")
        elif not any(num(b.get("lower")) <= 0.0 for b in bands):
            self.add("[[bands]]", "the lowest band must start at 0 so every score has a category")
        lowers = set()
        for b in bands:
            key = round(num(b.get("lower")), 2)
            if key in lowers:
                self.add(f'category = "{b.get("category")}"', f"two bands start at {b.get('lower')}")
            lowers.add(key)
        categories = {b.get("category") for b in bands}

        all_inds = [
            i
            for d in inst.get("dimensions") or []
            for v in d.get("variables") or []
            for i in v.get("indicators") or []
        ]
        ind_ids = {i.get("id") for i in all_inds}
        for q in inst.get("qualifiers") or []:
            if q.get("indicator") not in ind_ids:
                self.add(f'indicator = "{q.get("indicator")}"',
                         f"qualifier `{q.get('id')}` names unknown indicator `{q.get('indicator')}`")
            for c in q.get("categories") or []:
                if c not in categories:
                    self.add(f'id = "{q.get("id")}"', f"qualifier `{q.get('id')}` names unknown category `{c}`")

        dims = inst.get("dimensions") or []
        if not dims:
            self.add("dimensions", "at least one dimension is required")
        total = sum(num(d.get("weight")) for d in dims)
        if dims and abs(total - 100.0) > 0.011:
            self.add("[[dimensions]]", f"dimension weights add up to {total:.2f}, not 100")

        ids: set[str] = set()
        for d in dims:
            did = s(d.get("id"))
            if did in ids:
                self.add(f'id = "{did}"', f"id `{did}` is used twice")
            ids.add(did)
            w = num(d.get("weight"))
            if not (w > 0 and math.isfinite(w)):
                self.add(f'id = "{did}"', f"dimension `{did}` needs a positive weight")
            variables = d.get("variables") or []
            if all(not (v.get("indicators") or []) for v in variables):
                self.add(f'id = "{did}"', f"dimension `{did}` has no indicators")
            for v in variables:
                vid = s(v.get("id"))
                if vid in ids:
                    self.add(f'id = "{vid}"', f"id `{vid}` is used twice")
                ids.add(vid)
                for i in v.get("indicators") or []:
                    self.validate_indicator(i, ids, scales)

    def validate_indicator(self, i: dict, ids: set[str], scales: dict) -> None:
        iid = i.get("id") if isinstance(i.get("id"), str) else ""
        here = f'id = "{iid}"'
        if iid in ids:
            self.add(here, f"id `{iid}` is used twice")
        ids.add(iid)
        if not iid or any(c.isspace() for c in iid):
            self.add(here, "indicator id must be non-empty without spaces")
        scale = scales.get(i.get("scale"))
        levels = i.get("levels") or []
        if scale is None:
            self.add(f'scale = "{i.get("scale")}"', f"indicator `{iid}` uses unknown scale `{i.get('scale')}`")
        else:
            n = len(scale.get("levels") or [])
            if levels and len(levels) != n:
                self.add(here, f"indicator `{iid}` describes {len(levels)} levels but scale `{scale.get('id')}` has {n}")
            # house rule for shipped files: every indicator says what each level means
            if self.house and not levels:
                self.add(here, f"indicator `{iid}` has no `levels` (house rule: describe every level)")
            if any(not x.strip() for x in levels):
                self.add(here, f"indicator `{iid}` has an empty level description")
        w = num(i.get("weight", 1.0))
        if not (w > 0 and math.isfinite(w)):
            self.add(here, f"indicator `{iid}` needs a positive weight")
        if not str(i.get("text", "")).strip() or not str(i.get("guidance", "")).strip():
            self.add(here, f"indicator `{iid}` needs text and guidance")
        short = i.get("short")
        if self.house and isinstance(short, str) and len(short) > SHORT_MAX:
            self.add(f'short = "{short}"', f"indicator `{iid}`: short is {len(short)} characters, max {SHORT_MAX}")
        if isinstance(short, str) and not short.strip():
            self.add(here, f"indicator `{iid}`: short must not be empty")


def num(v) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return float("nan")
    return float(v)


def toml_scalar(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(v)


def indicators(inst: dict):
    for d in inst.get("dimensions") or []:
        for v in d.get("variables") or []:
            for i in v.get("indicators") or []:
                yield d, v, i


SURVEY_FIELDS = {
    "set": ({"instrument", "version", "provenance", "surveys"}, {"instrument", "version", "provenance", "surveys"}),
    "survey": ({"id", "name", "name_en", "target", "proof_required", "roles", "questions", "derive", "source", "reconstructed"},
               {"id", "name", "target", "questions"}),
    "role": ({"id", "label", "label_en", "target"}, {"id", "label"}),
    "question": ({"id", "text", "text_en", "answers", "max", "source", "reconstructed"}, {"id", "text", "answers"}),
    "derive": ({"indicator", "rule", "question", "count", "bands", "source", "reconstructed"}, {"indicator", "rule", "question"}),
    "band": ({"level", "min_percent", "max_percent", "below_percent"}, {"level"}),
}


def check_surveys(c: "Checker", data: dict, insts: dict, house: bool) -> None:
    """A survey file (docs/instrument-format.md §13), written apart from the Rust rules."""
    def fields(kind: str, d: dict, needle: str) -> bool:
        allowed, required = SURVEY_FIELDS[kind]
        ok = True
        for k in d:
            if k not in allowed:
                c.add(k, f"unknown field `{k}` in {kind}")
                ok = False
        for k in required - set(d):
            c.add(needle, f"missing field `{k}` in {kind}")
            ok = False
        return ok
    if not fields("set", data, "instrument"):
        return
    inst = insts.get(data["instrument"])
    if inst is None:
        c.add(f'instrument = "{data["instrument"]}"', f"unknown instrument `{data['instrument']}`")
        return
    scales = {s["id"]: [lv["value"] for lv in s["levels"]] for s in inst["scales"]}
    ind_scale = {i["id"]: scales.get(i["scale"], []) for _, _, i in indicators(inst)}
    derived: set[str] = set()
    sids: set[str] = set()
    for sv in data["surveys"]:
        at = f'id = "{sv.get("id", "")}"'
        if not fields("survey", sv, at):
            continue
        if sv["id"] in sids:
            c.add(at, f"survey `{sv['id']}` is defined twice")
        sids.add(sv["id"])
        if sv["target"] <= 0:
            c.add(at, f"survey `{sv['id']}` needs a target above 0")
        roles = sv.get("roles", [])
        for r in roles:
            fields("role", r, f'id = "{r.get("id", "")}"')
        if roles and sum(r.get("target", 1) for r in roles) != sv["target"]:
            c.add(at, f"survey `{sv['id']}`: role targets do not add up to the target {sv['target']}")
        qs = {}
        for q in sv["questions"]:
            qat = f'id = "{q.get("id", "")}"'
            if not fields("question", q, qat):
                continue
            if q["id"] in qs:
                c.add(qat, f"question `{q['id']}` is used twice in survey `{sv['id']}`")
            qs[q["id"]] = q
            if q["answers"] not in ("ya-tidak", "skala"):
                c.add(qat, f"question `{q['id']}`: unknown answer type `{q['answers']}`")
            if q["answers"] == "skala" and not q.get("max"):
                c.add(qat, f"question `{q['id']}` is a scale and needs `max` above 0")
            if q["answers"] == "ya-tidak" and "max" in q:
                c.add(qat, f"question `{q['id']}` is ya-tidak and takes no `max`")
        for d in sv.get("derive", []):
            dat = f'indicator = "{d.get("indicator", "")}"'
            if not fields("derive", d, dat):
                continue
            ind = d["indicator"]
            if ind not in ind_scale:
                c.add(dat, f"survey `{sv['id']}` derives unknown indicator `{ind}`")
                continue
            if ind in derived:
                c.add(dat, f"indicator `{ind}` is derived twice")
            derived.add(ind)
            q = qs.get(d["question"])
            if q is None:
                c.add(f'question = "{d["question"]}"', f"rule for `{ind}` names unknown question `{d['question']}`")
                continue
            if d["rule"] == "share":
                bands = d.get("bands", [])
                for b in bands:
                    fields("band", b, dat)
                    if b.get("level") not in ind_scale[ind]:
                        c.add(dat, f"rule for `{ind}` gives level {b.get('level')} outside its scale")
                if q["answers"] != "ya-tidak":
                    c.add(dat, f"rule `share` for `{ind}` needs a ya-tidak question")
                if d.get("count", "ya") not in ("ya", "tidak"):
                    c.add(dat, f"rule for `{ind}` may count only `ya` or `tidak`")
                if not bands or set(bands[-1]) != {"level"}:
                    c.add(dat, f"rule for `{ind}` needs bands, the last without a condition")
            elif d["rule"] == "mean":
                if q["answers"] != "skala" or q.get("max") != max(ind_scale[ind], default=None):
                    c.add(dat, f"rule `mean` for `{ind}` needs a scale question with the indicator's maximum")
                if d.get("bands") or "count" in d:
                    c.add(dat, f"rule `mean` for `{ind}` takes no bands or count")
            else:
                c.add(dat, f"unknown rule `{d['rule']}`")
            if house and d.get("reconstructed") and not d.get("source"):
                c.add(dat, f"reconstructed rule for `{ind}` needs a `source` saying what it comes from")
    if house:
        for _, _, i in indicators(inst):
            if i.get("method") == "survei_pengguna" and i["id"] not in derived:
                c.add(f'instrument = "{data["instrument"]}"',
                      f"survei_pengguna indicator `{i['id']}` is derived by no survey")


def main(argv: list[str]) -> int:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    args = argv[1:]
    house = "--schema-only" not in args
    args = [a for a in args if a != "--schema-only"]
    files = args or sorted(glob.glob(os.path.join(root, "assets", "instruments", "*.toml")))
    if not files:
        print("no instrument files found", file=sys.stderr)
        return 1
    bad = 0
    seen_ids: dict[str, str] = {}  # instrument id -> file
    family_texts: dict[tuple[str, str], tuple[str, str]] = {}  # (family, indicator id) -> (text, file)
    summary = []
    insts: dict[str, dict] = {}
    survey_files = [] if args else sorted(glob.glob(os.path.join(root, "assets", "surveys", "*.toml")))
    files = [f for f in files if not f.endswith(".surveys.toml") or survey_files.append(f)]
    for path in files:
        rel = os.path.relpath(path)
        with open(path, "rb") as fh:
            raw = fh.read()
        text = raw.decode("utf-8")
        c = Checker(rel, text, house)
        try:
            inst = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
            line, col = (m.group(1), m.group(2)) if m else ("1", "1")
            msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
            print(f"{rel}:{line}:{col}: {msg}")
            bad += 1
            continue
        c.check_struct("Instrument", inst, "instrument")
        if not c.problems:  # like serde: validate only a well-typed file
            c.validate(inst)
            iid = inst["id"]
            count = sum(1 for _ in indicators(inst))
            if house and iid in EXPECTED_INDICATORS and count != EXPECTED_INDICATORS[iid]:
                c.add(f'id = "{iid}"', f"{iid} must have {EXPECTED_INDICATORS[iid]} indicators, found {count}")
            if iid in seen_ids:
                c.add(f'id = "{iid}"', f"instrument id `{iid}` is also used by {seen_ids[iid]}")
            seen_ids[iid] = rel
            insts[iid] = inst
            for _, _, i in indicators(inst):
                k = (inst["family"], i["id"])
                if house and k in family_texts and family_texts[k][1] != rel and family_texts[k][0] != i["text"]:
                    c.add(f'id = "{i["id"]}"',
                          f"indicator id `{i['id']}` means something else in {family_texts[k][1]} "
                          f"(\"{family_texts[k][0]}\"); ids are never reused for a different meaning")
                family_texts.setdefault(k, (i["text"], rel))
            dims = inst["dimensions"]
            parts = ", ".join(f"{d['id']} {num(d['weight']):g}" for d in dims)
            per_dim = []
            for d in dims:
                ws = [num(i.get("weight", 1.0)) for v in d["variables"] for i in v["indicators"]]
                per_dim.append(f"{d['id']}: {len(ws)} ind, Σw {sum(ws):.2f}")
            summary.append(
                f"{rel}: {count} indicators; dimension weights {parts} = {sum(num(d['weight']) for d in dims):.2f}"
                f"\n    " + "; ".join(per_dim)
            )
        for line, col, msg in sorted(c.problems):
            print(f"{rel}:{line}:{col}: {msg}")
        if c.problems:
            bad += 1
    for path in survey_files:
        rel = os.path.relpath(path)
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8")
        c = Checker(rel, text, house)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            print(f"{rel}:1:1: {e}")
            bad += 1
            continue
        check_surveys(c, data, insts, house)
        for line, col, msg in sorted(c.problems):
            print(f"{rel}:{line}:{col}: {msg}")
        if c.problems:
            bad += 1
        else:
            n = sum(len(x.get("derive", [])) for x in data.get("surveys", []))
            summary.append(f"{rel}: {len(data.get('surveys', []))} surveys, {n} derived indicators")
    files = files + survey_files
    for s in summary:
        print(s)
    if bad:
        print(f"{bad} file(s) with problems", file=sys.stderr)
        return 1
    print(f"ok: {len(files)} file(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
