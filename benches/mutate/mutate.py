#!/usr/bin/env python3
"""Mutation run of `votebloc ingest` over real inputs (issue 17): zero panics, zero hangs, and
no exit-0 run that changed or dropped votes behind the user's back.

    benches/mutate/mutate.py [--binary BIN] [--count N] [--seed S] [--out DIR] [--jobs J]
                             [--timeout SECONDS] [--cases NAME,...] [INPUT ...]
    benches/mutate/mutate.py --side-by-side DIR_A DIR_B    # compare two runs' tables

Each mutant is one real input with one mutation (byte flip, deletion, insertion of `"` `,` NUL
CR LF digits …, truncation, line duplication/deletion/swap, case change of a keyword, a number
replaced by garbage, line ends changed); `votebloc ingest MUTANT -o DIR` runs with a timeout and
is classified (see CLASSES). An exit-0 run is judged against an oracle (see `judge_csv` and
`judge_text`): the votes must be the original's, or differ only where the mutant's own text
says so, or be named by a warning; anything else is a SILENT CHANGE. Every defect mutant is
kept in DIR/defects with a one-line summary in DIR/defects/SUMMARY.txt; DIR/results.tsv has
every mutant's class, DIR/table.txt the counts per class and per format.

Deterministic for a seed: mutant i is drawn from its own generator seeded with (seed, i), so
the results do not depend on the number of workers. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import io
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Classes, in the order of the table. The defects are the ones marked True.
CLASSES = [
    ("panic", True),  # exit 101 or "panicked" in stderr
    ("signal/abort", True),  # killed by a signal (abort on allocation failure: SIGABRT)
    ("hang", True),  # still running at the timeout
    ("exit 1/2 on bad input", True),  # runtime or usage error for a readable input
    ("SILENT CHANGE", True),  # exit 0, votes changed or dropped, no warning naming them
    ("NUL accepted", True),  # exit 0 with a NUL byte in the written tables
    ("exit 3, no position", False),  # refused, but the message names no line (nor page)
    ("exit 3 + position", False),  # refused with file:line[:column] (or a PDF page)
    ("exit 3, file-level", False),  # refused for the whole file: empty, unreadable PDF
    ("exit 0, same votes", False),
    ("exit 0, as written", False),  # only the mutated lines' votes changed, as they read alone
    ("exit 0, warned", False),  # votes changed and a warning names them
    ("unjudged", False),  # the oracle could not tell (the original line alone fails)
]
DEFECTS = {name for name, defect in CLASSES if defect}

MEMORY_LIMIT = 8 << 30  # address space of one run: an absurd allocation aborts, not the machine

# --------------------------------------------------------------------------------------------
# Inputs


@dataclass
class Case:
    """One real input to mutate, and how to run `ingest` on it."""

    name: str
    fmt: str  # column of the table
    kind: str  # "csv" (one vote per line), "side" (a side table), "text", "pdf"
    file: Path
    args: list[str]  # `{MUT}` stands for the (mutated) file
    weight: int
    side_key: int = 0  # side tables: column of the key (rcid, icpsr)
    side_scope: str = ""  # side tables: "motion" or "member"
    keywords: list[str] = field(default_factory=list)


CSV_WORDS = ["yes", "no", "abstain", "absent", "not_member", "Non-Voting", "Y", "N", "A",
             "Senate", "President", "House", "rcid", "country", "country_code", "vote", "session",
             "ccode", "member", "motion", "name", "resolution", "date", "ms_vote", "ms_name",
             "iso3166_numeric", "congress", "chamber", "rollnumber", "icpsr", "cast_code",
             "source_code", "unres", "amend", "para", "bioname", "party_code"]
TEXT_WORDS = ["In favour", "Against", "Abstaining", "A recorded vote was taken", "adopted",
              "rejected", "votes", "abstentions", "abstention", "draft resolution",
              "paragraph", "preambular", "operative", "as a whole", "Ont voté pour",
              "Ont voté contre", "Se sont abstenus", "voix", "Votos a favor", "Votos en contra",
              "Abstenciones", "votos", "amendment", "The President", "by"]
PDF_WORDS = ["obj", "endobj", "stream", "endstream", "xref", "trailer", "startxref", "Length",
             "FlateDecode", "Tj", "TJ", "BT", "ET", "Td", "Tf", "Page", "Pages", "Font",
             "Contents", "Catalog", "Root"]


def slice_gz(src: Path, dest: Path, lines: int) -> Path:
    """The first `lines` lines of a gzipped file (header included)."""
    if not dest.exists():
        with gzip.open(src, "rb") as f, open(dest, "wb") as out:
            for i, line in enumerate(f):
                if i >= lines:
                    break
                out.write(line)
    return dest


def gunzip(src: Path, dest: Path) -> Path:
    if not dest.exists():
        with gzip.open(src, "rb") as f:
            dest.write_bytes(f.read())
    return dest


def default_cases(binary: str, inputs: Path) -> list[Case]:
    """Small slices of every real format (see README.md for the list)."""
    nd, fx = ROOT / "notebooks-data", ROOT / "tests" / "fixtures"
    shared = Path("/work/shared/data")
    inputs.mkdir(parents=True, exist_ok=True)
    unvotes = slice_gz(nd / "unvotes/un_votes.csv.gz", inputs / "un_votes.csv", 3001)
    # Above chunked::MIN_PARALLEL_BYTES (4 MiB): the reader splits it across threads.
    unvotes_big = slice_gz(nd / "unvotes/un_votes.csv.gz", inputs / "un_votes_4MB.csv", 200001)
    rolls = slice_gz(nd / "unvotes/un_roll_calls.csv.gz", inputs / "un_roll_calls.csv", 101)
    voeten = slice_gz(nd / "voeten2017/votes.csv.gz", inputs / "voeten_votes.csv", 3001)
    voteview = slice_gz(nd / "voteview/S117_votes.csv.gz", inputs / "S117_votes.csv", 3001)
    members = nd / "voteview/S117_members.csv"
    undl_shared = shared / "undl/A-RES-ES-11-3_votes.csv"
    undl = undl_shared if undl_shared.exists() else fx / "datasets/undl_A-RES-ES-11-3.csv"
    seed = nd / "seed_A-C.1-77-L.56_fr.txt"
    long = inputs / "long_seed.csv"
    if not long.exists():
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([binary, "ingest", str(seed), "-o", tmp], check=True,
                           capture_output=True)
            shutil.copy(Path(tmp) / "votes.csv", long)
    # The vote in the last column, where a cut value can read as a shorter code.
    long3 = inputs / "long_3_columns.csv"
    if not long3.exists():
        with open(long, newline="") as f, open(long3, "w", newline="") as out:
            w = csv.writer(out, lineterminator="\n")
            for row in csv.reader(f):
                w.writerow([row[0], row[1], row[3]])
    un = fx / "un"
    texts = [seed, un / "seed_A-C.1-77-L.56_en.txt", un / "seed_A-C.1-77-L.56_es.txt",
             un / "amendment_then_as_amended_en.txt", un / "no_abstentions_en.txt",
             gunzip(un / "A-48-PV.46.txt.gz", inputs / "A-48-PV.46.txt"),
             gunzip(un / "A-79-PV.29.txt.gz", inputs / "A-79-PV.29.txt")]
    pdfs = [(un / "pdf/tiny_vote.pdf", 4),
            (gunzip(un / "pdf/S-PV.3756.pdf.gz", inputs / "S-PV.3756.pdf"), 3),
            (gunzip(un / "pdf/A-48-PV.46.pdf.gz", inputs / "A-48-PV.46.pdf"), 2),
            (gunzip(un / "pdf/S-PV.8422_pages1-2.pdf.gz", inputs / "S-PV.8422_pages1-2.pdf"), 2)]
    cases = [
        Case("unvotes", "unvotes", "csv", unvotes, ["{MUT}", "--roll-calls", str(rolls)], 12),
        Case("unvotes-4MB", "unvotes-4MB", "csv", unvotes_big, ["{MUT}"], 3),
        Case("unvotes-roll-calls", "unvotes-rc", "side", rolls,
             [str(unvotes), "--roll-calls", "{MUT}"], 6, 0, "motion"),
        Case("voeten", "voeten", "csv", voeten, ["{MUT}"], 10),
        Case("undl", "undl", "csv", undl, ["{MUT}"], 8),
        Case("voteview", "voteview", "csv", voteview, ["{MUT}", "--members", str(members)], 10),
        Case("voteview-members", "voteview-mem", "side", members,
             [str(voteview), "--members", "{MUT}"], 5, 2, "member"),
        Case("long", "long", "csv", long, ["{MUT}"], 5),
        Case("long-3-columns", "long", "csv", long3, ["{MUT}"], 5),
    ]
    cases += [Case(f"text:{t.name}", "un-text", "text", t, ["{MUT}"], 3) for t in texts]
    cases += [Case(f"pdf:{p.name}", "pdf", "pdf", p, ["{MUT}"], w) for p, w in pdfs]
    for c in cases:
        c.keywords = {"text": TEXT_WORDS, "pdf": PDF_WORDS + TEXT_WORDS}.get(c.kind, CSV_WORDS)
    return cases


def custom_cases(paths: list[str]) -> list[Case]:
    """A case per file given on the command line, ingested alone; kind from its first line."""
    cases = []
    for p in paths:
        path = Path(p).resolve()
        head = path.read_bytes()[:4096]
        if head.startswith(b"\x1f\x8b"):
            sys.exit(f"{path}: decompress it first (a gzip mutant only tests gzip)")
        first = head.split(b"\n", 1)[0]
        kind = "pdf" if b"%PDF-" in head[:1024] else "csv" if first.count(b",") >= 2 else "text"
        words = {"text": TEXT_WORDS, "pdf": PDF_WORDS + TEXT_WORDS}.get(kind, CSV_WORDS)
        cases.append(Case(path.name, kind, kind, path, ["{MUT}"], 1, keywords=words))
    return cases


# --------------------------------------------------------------------------------------------
# Mutations: each takes the generator and the bytes, returns (mutant, description).

INSERTS = [b'"', b",", b"\0", b"\r", b"\n", b"\r\n", b" ", b"\t", b";", b"\xff", b"'",
           b"\xef\xbb\xbf"] + [bytes([d]) for d in b"0123456789"]
GARBAGE = [b"1.5", b"1e309", b"999999999999", b"+3", b"-1", b"0", b"", b"NaN", b"inf",
           b"4294967296", b"18446744073709551616", b"0x10", b"1_000", b"3.0", b" 3", b"-0",
           "\u0663".encode()]
NUMBER = re.compile(rb"[+-]?\d+(?:\.\d+)?")


def lines_of(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each line, the end after its `\\n`."""
    spans, start = [], 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end + 1
        spans.append((start, end))
        start = end
    return spans


def pick_line(rng: random.Random, data: bytes, spans) -> tuple[int, int]:
    # Line 0 is a CSV's header: mutated as often as any one line would be, no more.
    return spans[rng.randrange(len(spans))] if spans else (0, len(data))


def m_flip(rng, data, spans, case):
    pos, bit = rng.randrange(len(data)), rng.randrange(8)
    return data[:pos] + bytes([data[pos] ^ (1 << bit)]) + data[pos + 1:], f"flip bit {bit} at {pos}"


def m_byte(rng, data, spans, case):
    pos, b = rng.randrange(len(data)), rng.randrange(256)
    return data[:pos] + bytes([b]) + data[pos + 1:], f"byte {b:#04x} at {pos}"


def m_delete(rng, data, spans, case):
    pos = rng.randrange(len(data))
    n = 1 if rng.random() < 0.7 else rng.randint(2, 8)
    return data[:pos] + data[pos + n:], f"delete {n} at {pos}"


def m_insert(rng, data, spans, case):
    pos, s = rng.randrange(len(data) + 1), rng.choice(INSERTS)
    return data[:pos] + s + data[pos:], f"insert {s!r} at {pos}"


def m_insert_field(rng, data, spans, case):
    """An insertion at a field's start or end, where quotes and separators do harm."""
    start, end = pick_line(rng, data, spans)
    body = data[start:end].rstrip(b"\r\n")
    commas = [i for i, b in enumerate(body) if b == ord(",")]
    bounds = sorted({0, len(body)} | set(commas) | {i + 1 for i in commas})
    at = start + rng.choice(bounds)
    s = b'"' if rng.random() < 0.5 else rng.choice(INSERTS)
    return data[:at] + s + data[at:], f"insert {s!r} at field bound {at}"


def m_truncate(rng, data, spans, case):
    pos = rng.randrange(1, len(data))
    return data[:pos], f"truncate at {pos} of {len(data)}"


def m_truncate_value(rng, data, spans, case):
    """Cut inside the last field of a line (or the last word of a text line)."""
    start, end = pick_line(rng, data, spans)
    body = data[start:end].rstrip(b"\r\n")
    cut = max(body.rfind(b","), body.rfind(b" ")) + 1
    if cut >= len(body):
        cut = max(0, len(body) - 1)
    if rng.random() < 0.5:  # one or two characters in: `a` of `absent`, `n` of `not_member`
        pos = start + min(len(body), cut + rng.randint(1, 2))
    else:
        pos = start + rng.randint(cut, max(cut, len(body) - 1))
    pos = max(pos, 1)
    return data[:pos], f"truncate at {pos} (inside the last value of the line at {start})"


def m_dup_line(rng, data, spans, case):
    s, e = pick_line(rng, data, spans)
    line = data[s:e]
    if line.endswith(b"\n"):
        return data[:e] + line + data[e:], f"duplicate line at {s}"
    return data + b"\n" + line, f"duplicate the last line at {s}"


def m_del_line(rng, data, spans, case):
    s, e = pick_line(rng, data, spans)
    return data[:s] + data[e:], f"delete line at {s}"


def m_swap_lines(rng, data, spans, case):
    if len(spans) < 3:
        return m_del_line(rng, data, spans, case)
    i = rng.randrange(len(spans) - 1)
    j = i + 1 if rng.random() < 0.5 else rng.randrange(len(spans) - 1)
    i, j = min(i, j), max(i, j)
    if i == j:
        j = i + 1
    (a, b), (c, d) = spans[i], spans[j]
    x, y = data[a:b], data[c:d]
    if not y.endswith(b"\n"):  # the last line: keep the file's end as it was
        return data[:a] + y + b"\n" + data[b:c] + x.rstrip(b"\n"), f"swap lines {i + 1}, {j + 1}"
    return data[:a] + y + data[b:c] + x + data[d:], f"swap lines {i + 1}, {j + 1}"


def m_case(rng, data, spans, case):
    words = [w.encode() for w in case.keywords]
    word = rng.choice(words)
    hits = [m.start() for m in re.finditer(re.escape(word), data, re.IGNORECASE)]
    if not hits:
        return m_byte(rng, data, spans, case)
    at = rng.choice(hits)
    found = data[at:at + len(word)]
    how = rng.choice(["upper", "lower", "title", "swap-one"])
    if how == "upper":
        new = found.upper()
    elif how == "lower":
        new = found.lower()
    elif how == "title":
        new = found.title()
    else:
        k = rng.randrange(len(found))
        new = found[:k] + found[k:k + 1].swapcase() + found[k + 1:]
    return data[:at] + new + data[at + len(word):], f"case {how} {found!r} at {at}"


def m_number(rng, data, spans, case):
    start, end = pick_line(rng, data, spans)
    numbers = list(NUMBER.finditer(data, start, end))
    if not numbers:
        numbers = list(NUMBER.finditer(data, 0, min(len(data), 1 << 16)))
    if not numbers:
        return m_byte(rng, data, spans, case)
    m, g = rng.choice(numbers), rng.choice(GARBAGE)
    return data[:m.start()] + g + data[m.end():], f"number {m.group()!r} -> {g!r} at {m.start()}"


def m_line_ends(rng, data, spans, case):
    how = rng.choice(["cr", "crlf", "one-cr", "no-final", "bom", "blank"])
    if how == "cr":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r"), "line ends -> CR"
    if how == "crlf":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), "line ends -> CRLF"
    if how == "one-cr":
        s, e = pick_line(rng, data, spans)
        if data[s:e].endswith(b"\n"):
            return data[:e - 1] + b"\r" + data[e:], f"line end at {e - 1} -> CR"
        return data + b"\r", "CR at the end"
    if how == "no-final":
        return data.rstrip(b"\r\n"), "no final line end"
    if how == "bom":
        return b"\xef\xbb\xbf" + data, "byte-order mark"
    s, e = pick_line(rng, data, spans)
    return data[:s] + rng.choice([b"\n", b"  \n", b",,,\n", b"\r\n"]) + data[s:], \
        f"blank line at {s}"


OPS = [(m_flip, 2), (m_byte, 2), (m_delete, 3), (m_insert, 3), (m_insert_field, 4),
       (m_truncate, 2), (m_truncate_value, 3), (m_dup_line, 2), (m_del_line, 2),
       (m_swap_lines, 2), (m_case, 3), (m_number, 4), (m_line_ends, 2)]

STREAM = re.compile(rb"(?<!end)stream\r?\n")
OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\s*$")


def pdf_streams(data: bytes):
    """(object number, generation, dictionary, start, length, flate) of each stream whose
    length can be read (direct, or an indirect whole number) and whose filter is none or
    Flate without a predictor."""
    for m in STREAM.finditer(data):
        obj = data.rfind(b"obj", 0, m.start())
        if obj < 0 or b"endobj" in data[obj:m.start()]:
            continue
        number = OBJ.search(data[max(0, obj - 24):obj + 3])
        head = data[obj + 3:m.start()]
        length = re.search(rb"/Length\s+(\d+)(\s+(\d+)\s+R)?", head)
        if not number or not length or b"/DecodeParms" in head:
            continue
        size = int(length.group(1))
        if length.group(2):
            target = re.search(rb"(?<!\d)%s\s+%s\s+obj\s*(\d+)\s*endobj" % (
                length.group(1), length.group(3)), data)
            if not target:
                continue
            size = int(target.group(1))
        flate = b"/FlateDecode" in head
        if b"/Filter" in head and not flate:
            continue
        yield int(number.group(1)), int(number.group(2)), head, m.end(), size, flate


def m_pdf_stream(rng, data, spans, case):
    """A mutation of the text inside one content stream (decompressed, mutated, compressed
    again), written as an incremental update: the changed object appended with a new
    cross-reference section and trailer, as PDF editors save a change, so that every offset of
    the original stays valid and the readers get to the text."""
    found = []
    for number, generation, head, start, size, flate in pdf_streams(data):
        text = data[start:start + size]
        if flate:
            try:
                text = zlib.decompressobj().decompress(text)
            except zlib.error:
                continue
        if b"Tj" in text or b"TJ" in text:
            found.append((number, generation, head, flate, text))
    roots = re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", data)
    sizes = re.findall(rb"/Size\s+(\d+)", data)
    prevs = re.findall(rb"startxref\s*(\d+)", data)
    if not (found and roots and sizes and prevs):
        return rng.choice([m_flip, m_delete, m_insert, m_case])(rng, data, spans, case)
    number, generation, head, flate, text = rng.choice(found)
    op = rng.choice([m_flip, m_byte, m_delete, m_insert, m_dup_line, m_del_line, m_swap_lines,
                     m_number, m_case])
    new_text, what = op(rng, text, lines_of(text), case)
    packed = zlib.compress(new_text) if flate else new_text
    head = re.sub(rb"/Length\s+\d+(\s+\d+\s+R)?", b"/Length %d" % len(packed), head, count=1)
    update = bytearray(b"" if data.endswith(b"\n") else b"\n")
    at = len(data) + len(update)
    update += b"%d %d obj\n%sstream\n%s\nendstream\nendobj\n" % (number, generation, head, packed)
    xref = len(data) + len(update)
    update += b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d %05d n \n" % (number, at, generation)
    update += b"trailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        max(int(x) for x in sizes), roots[-1], int(prevs[-1]), xref)
    return data + bytes(update), f"content stream of object {number}: {what}"


def mutate(rng: random.Random, data: bytes, case: Case) -> tuple[bytes, str, str]:
    ops = OPS + ([(m_pdf_stream, 20)] if case.kind == "pdf" else [])
    op = rng.choices([o for o, _ in ops], weights=[w for _, w in ops])[0]
    mutant, what = op(rng, data, lines_of(data) if case.kind != "pdf" else [], case)
    return mutant, op.__name__[2:], what


# --------------------------------------------------------------------------------------------
# Running and reading


@dataclass
class Run:
    rc: int | None  # None: timed out
    stderr: str
    out: Path


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_ingest(binary: str, args: list[str], out: Path, timeout: float) -> Run:
    try:
        p = subprocess.run([binary, "ingest", *args, "-o", str(out)], capture_output=True,
                           timeout=timeout, preexec_fn=limit_memory, stdin=subprocess.DEVNULL)
        return Run(p.returncode, p.stderr.decode("utf-8", "replace"), out)
    except subprocess.TimeoutExpired as e:
        err = (e.stderr or b"").decode("utf-8", "replace")
        return Run(None, err, out)


def read_table(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    return list(csv.reader(io.StringIO(text, newline="")))[1:]


def votes_of(out: Path) -> dict[tuple[str, str], str]:
    return {(r[0], r[1]): r[3] for r in read_table(out / "votes.csv") if len(r) >= 4}


def dates_of(out: Path) -> dict[str, str]:
    path = out / "motions.csv"
    return {r[0]: r[3] for r in read_table(path) if len(r) > 3} if path.exists() else {}


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning:")]


POSITION = re.compile(r":\d+(:\d+)?: |: page \d+: ")
FILE_LEVEL = ("the file is empty", "unreadable PDF", "no recorded vote found")


def classify_failure(run: Run) -> str | None:
    """The class of a run that did not exit 0, or None."""
    if run.rc is None:
        return "hang"
    if run.rc == 101 or "panicked" in run.stderr:
        return "panic"
    if run.rc < 0 or run.rc in (134, 137, 139):
        return "signal/abort"
    if run.rc in (1, 2):
        return "exit 1/2 on bad input"
    if run.rc == 3:
        if POSITION.search(run.stderr):
            return "exit 3 + position"
        if any(s in run.stderr for s in FILE_LEVEL):
            return "exit 3, file-level"
        return "exit 3, no position"
    if run.rc != 0:
        return "signal/abort"
    return None


def named(warnings: list[str], motion: str, lines: list[int]) -> bool:
    """Whether a warning names the motion (as a whole word) or one of the mutated lines."""
    word = re.compile(r"(?<![\w./-])" + re.escape(motion) + r"(?![\w/-])")
    for w in warnings:
        if word.search(w):
            return True
        if any(re.search(rf"(:|line |lines? [\d, ]*){n}\b", w) for n in lines):
            return True
    return False


def diff_votes(old: dict, new: dict) -> list[tuple[tuple[str, str], str | None, str | None]]:
    keys = set(old) | set(new)
    return sorted((k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def describe_diff(diff) -> str:
    removed = sum(1 for _, a, b in diff if b is None)
    added = sum(1 for _, a, b in diff if a is None)
    changed = len(diff) - removed - added
    shown = "; ".join(f"{m}/{k}: {a}->{b}" for (m, k), a, b in diff[:3])
    more = " …" if len(diff) > 3 else ""
    return f"{removed} removed, {changed} changed, {added} added ({shown}{more})"


# --------------------------------------------------------------------------------------------
# Oracles


class Worker:
    """State of one worker process: the cases, their originals, a cache of lines read alone."""

    def __init__(self, binary, cases, baselines, out, timeout):
        self.binary, self.cases, self.baselines = binary, cases, baselines
        self.out, self.timeout = out, timeout
        self.alone_cache: dict[tuple[str, bytes], tuple[str, dict | None]] = {}

    def read_alone(self, case: Case, header: bytes, line: bytes, tmp: Path):
        """Votes of the header and this one line read as a file: ("ok", votes) or (class, None)."""
        key = (case.name, line)
        if key not in self.alone_cache:
            path = tmp / ("alone" + case.file.suffix)
            path.write_bytes(header + line)
            out = tmp / "alone_out"
            shutil.rmtree(out, ignore_errors=True)
            run = run_ingest(self.binary, [a.replace("{MUT}", str(path)) for a in case.args],
                             out, self.timeout)
            if run.rc == 0:
                self.alone_cache[key] = ("ok", votes_of(out))
            elif "no recorded vote" in run.stderr or "no votes" in run.stderr:
                self.alone_cache[key] = ("ok", {})
            else:
                self.alone_cache[key] = (classify_failure(run) or "error", None)
        return self.alone_cache[key]

    def judge_csv(self, case, orig: bytes, mutant: bytes, votes, warnings, tmp, op):
        """A one-vote-per-line CSV: the expected votes are the original's, less those of the
        original lines the mutation touched, plus those of the mutant's new lines, each line
        read alone (with the header). A mutant's line that is refused alone must not be
        dropped silently in the whole file; a file cut inside a line must not yield another
        vote from the cut value (a prefix of a longer code)."""
        base = self.baselines[case.name]
        a, b = orig.splitlines(keepends=True), mutant.splitlines(keepends=True)
        diff = diff_votes(base["votes"], votes)
        if not diff:
            return "exit 0, same votes", ""
        if orig.startswith(mutant) and len(b) > 1:
            return self.judge_cut(case, orig, mutant, votes, warnings, tmp)
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        old_lines, new_lines = [], []
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag != "equal":
                old_lines += range(i1, i2)
                new_lines += range(j1, j2)
        lines = [n + 1 for n in new_lines] + [n + 1 for n in old_lines]
        if 0 in old_lines or 0 in new_lines or len(old_lines) + len(new_lines) > 12:
            return self.warned_or_silent(diff, warnings, lines, "header or many lines touched")
        header = a[0]
        expected = dict(base["votes"])
        for i in old_lines:
            status, got = self.read_alone(case, header, a[i], tmp)
            if got is None:
                return "unjudged", f"original line {i + 1} alone: {status}"
            for k in got:
                expected.pop(k, None)
        refused = []
        for j in new_lines:
            status, got = self.read_alone(case, header, b[j], tmp)
            if got is None:
                refused.append(j + 1)
                continue
            expected.update(got)
        if votes != expected:
            why = (f"line {refused[0]} is refused alone" if refused
                   else "votes beyond the mutated lines")
            return self.warned_or_silent(diff_votes(expected, votes), warnings, lines, why)
        if refused:
            return self.warned_or_silent(diff, warnings, lines,
                                         f"line {refused[0]} is refused alone, dropped here")
        return "exit 0, as written", describe_diff(diff)

    def judge_cut(self, case, orig, mutant, votes, warnings, tmp):
        """A file cut short: the votes of the whole lines before the cut (the original cut at
        that line's start, read as a file), and, from a line cut in the middle, nothing or the
        original line's own votes; a cut value read as another vote (`absent` cut to `a`, an
        abstention) or a refused cut line dropped without a word is a SILENT CHANGE."""
        start = mutant.rfind(b"\n") + 1
        whole = tmp / ("whole" + case.file.suffix)
        whole.write_bytes(orig[:start])
        out = tmp / "whole_out"
        run = run_ingest(self.binary, [x.replace("{MUT}", str(whole)) for x in case.args],
                         out, self.timeout)
        expected = votes_of(out) if run.rc == 0 else {}
        line_no = mutant.count(b"\n") + 1
        if start == len(mutant):
            return ("exit 0, as written", "cut at a line end") if votes == expected else \
                self.warned_or_silent(diff_votes(expected, votes), warnings, [line_no],
                                      "votes of the lines before the cut changed")
        header = orig.splitlines(keepends=True)[0]
        end = orig.find(b"\n", start)
        whole_line = orig[start:len(orig) if end < 0 else end + 1]
        _, own = self.read_alone(case, header, whole_line, tmp)
        status, cut = self.read_alone(case, header, mutant[start:], tmp)
        if cut is None:
            if votes == expected:
                return self.warned_or_silent(
                    diff_votes({**expected, **(own or {})}, votes), warnings, [line_no],
                    f"the cut line {line_no} is refused alone, dropped here")
            cut = {}
        if votes != {**expected, **cut}:
            return self.warned_or_silent(diff_votes({**expected, **cut}, votes), warnings,
                                         [line_no], "votes of the lines before the cut changed")
        if cut and cut != own:
            return self.warned_or_silent(diff_votes(own or {}, cut), warnings, [line_no],
                                         f"the cut line {line_no} read as another vote")
        return "exit 0, as written", f"cut inside line {line_no}: " + describe_diff(
            diff_votes(self.baselines[case.name]["votes"], votes))

    def judge_side(self, case, orig, mutant, votes, warnings):
        """A side table (roll calls, members): only the votes of the motions (members) whose
        rows the mutation touched may change."""
        base = self.baselines[case.name]
        diff = diff_votes(base["votes"], votes)
        if not diff:
            return "exit 0, same votes", ""
        a, b = orig.splitlines(keepends=True), mutant.splitlines(keepends=True)
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        keys = set()
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag != "equal":
                for line in a[i1:i2] + b[j1:j2]:
                    fields = line.decode("utf-8", "replace").split(",")
                    if len(fields) > case.side_key:
                        keys.add(fields[case.side_key].strip().strip('"').removesuffix(".0"))
        at = 0 if case.side_scope == "motion" else 1
        outside = [d for d in diff if d[0][at] not in keys]
        if not outside:
            return "exit 0, as written", describe_diff(diff)
        return self.warned_or_silent(outside, warnings, [], "votes of rows not touched")

    def judge_text(self, case, orig, mutant, votes, dates, warnings):
        """A UN record (text or PDF): the same votes; or motions renamed with the same votes
        (the mutation hit the symbol or paragraph number the id is made of); or absent and
        not-member swapped where the record's date changed; or, for a record cut short, the
        votes after the cut gone, unless the text left announces one (a recorded vote, a
        tally, "as follows"): that vote must not vanish. Anything else must be named by a
        warning."""
        base = self.baselines[case.name]
        diff = diff_votes(base["votes"], votes)
        if not diff:
            return "exit 0, same votes", ""
        # A warning may name the change by a mutated line (of a text; a PDF's lines are those
        # of its extracted text, which the mutation does not show).
        lines = []
        if case.kind == "text":
            a, b = orig.splitlines(keepends=True), mutant.splitlines(keepends=True)
            for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False) \
                    .get_opcodes():
                if tag != "equal":
                    lines += range(j1 + 1, max(j1, j2) + 2)
        by_motion = defaultdict(dict)
        for (m, k), v in votes.items():
            by_motion[m][k] = v
        old_by_motion = defaultdict(dict)
        for (m, k), v in base["votes"].items():
            old_by_motion[m][k] = v
        gone = [m for m in old_by_motion if m not in by_motion]
        new = [m for m in by_motion if m not in old_by_motion]
        if gone and len(gone) == len(new) and sorted(
                sorted(old_by_motion[m].items()) for m in gone) == sorted(
                sorted(by_motion[m].items()) for m in new) and all(
                old_by_motion[m] == by_motion[m] for m in by_motion if m in old_by_motion):
            return "exit 0, as written", f"motion renamed: {gone[0]} -> {new[0]}"
        if orig.startswith(mutant) and all(b is None for _, _, b in diff):
            if ANNOUNCED.search(last_paragraph(mutant)):
                end = mutant.count(b"\n") + 1
                return self.warned_or_silent(diff, warnings, lines + list(range(end - 6, end + 1)),
                                             "cut after a vote's announcement, the vote dropped")
            return "exit 0, as written", "cut after the last whole vote: " + describe_diff(diff)
        if all(a is None for _, a, _ in diff):
            return "exit 0, as written", "votes added, the original's kept: " + describe_diff(diff)
        dated = all(
            {a, b} <= {"absent", "not_member", None} and dates.get(m) != base["dates"].get(m)
            for (m, _), a, b in diff)
        if dated:
            return "exit 0, as written", "date changed: " + describe_diff(diff)
        return self.warned_or_silent(diff, warnings, lines, "votes changed")

    @staticmethod
    def warned_or_silent(diff, warnings, lines, why):
        motions = sorted({m for (m, _), _, _ in diff})
        if warnings and all(named(warnings, m, lines) for m in motions):
            return "exit 0, warned", f"{why}: {describe_diff(diff)}"
        return "SILENT CHANGE", f"{why}: {describe_diff(diff)}"

    def mutant(self, index: int, seed: int) -> dict:
        rng = random.Random(f"{seed}:{index}")
        case = rng.choices(self.cases, weights=[c.weight for c in self.cases])[0]
        orig = self.baselines[case.name]["bytes"]
        data, op, what = mutate(rng, orig, case)
        tmp = Path(tempfile.mkdtemp(prefix=f"m{index}_", dir=self.out / "work"))
        try:
            path = tmp / f"mutant{case.file.suffix}"
            path.write_bytes(data)
            out = tmp / "out"
            run = run_ingest(self.binary, [a.replace("{MUT}", str(path)) for a in case.args],
                             out, self.timeout)
            cls = classify_failure(run)
            detail = first_error(run.stderr) if cls else ""
            if cls is None:
                cls, detail = self.judge_ok(case, orig, data, run, tmp, op)
            result = dict(index=index, case=case.name, fmt=case.fmt, op=op, what=what,
                          cls=cls, detail=detail, rc=run.rc)
            if cls in DEFECTS:
                name = f"{index:06d}_{slug(case.name)}_{op}{case.file.suffix}"
                keep = self.out / "defects" / name
                keep.write_bytes(data)
                result["kept"] = str(keep)
                result["command"] = "votebloc ingest " + " ".join(
                    a.replace("{MUT}", str(keep)) for a in case.args) + " -o OUT"
            return result
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def judge_ok(self, case, orig, data, run, tmp, op):
        out = run.out
        for table in ("votes.csv", "members.csv", "motions.csv"):
            if b"\0" in (out / table).read_bytes():
                return "NUL accepted", f"a NUL byte in {table}"
        votes, warnings = votes_of(out), warnings_of(run.stderr)
        if case.kind == "csv":
            return self.judge_csv(case, orig, data, votes, warnings, tmp, op)
        if case.kind == "side":
            return self.judge_side(case, orig, data, votes, warnings)
        return self.judge_text(case, orig, data, votes, dates_of(out), warnings)


# A recorded vote announced: its lists must follow (English, French, Spanish records). A tally
# alone is no announcement: the verbatim records state it after the lists.
ANNOUNCED = re.compile(r"recorded vote|vote enregistr|votaci[oó]n registrada|as follows|"
                       r"comme suit|siguiente", re.IGNORECASE)


def last_paragraph(data: bytes) -> str:
    """The end of the text: its last paragraph, at most its last 6 lines (records without
    blank lines between paragraphs are one paragraph)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", data.decode("utf-8", "replace")) if p.strip()]
    lines = [line for line in (paragraphs[-1] if paragraphs else "").splitlines() if line.strip()]
    return "\n".join(lines[-6:])


def first_error(stderr: str) -> str:
    for line in stderr.splitlines():
        if line.startswith("error") or "panicked" in line:
            return line[:300]
    lines = stderr.strip().splitlines()
    return lines[-1][:300] if lines else ""


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "_", name)


WORKER: Worker | None = None


def init_worker(binary, cases, baselines, out, timeout):
    global WORKER
    WORKER = Worker(binary, cases, baselines, out, timeout)


def run_one(args):
    index, seed = args
    return WORKER.mutant(index, seed)


# --------------------------------------------------------------------------------------------
# Tables


def table(results: list[dict], columns: list[str]) -> str:
    counts = Counter((r["cls"], r["fmt"]) for r in results)
    width = max(12, *(len(c) for c in columns))
    head = f"{'class':<24}" + "".join(f"{c:>{width + 1}}" for c in columns) + f"{'total':>8}"
    rows = [head, "-" * len(head)]
    for cls, defect in CLASSES:
        total = sum(counts[(cls, c)] for c in columns)
        if total == 0 and not defect:
            continue
        mark = "!" if defect and total else " "
        cells = "".join(f"{counts[(cls, c)]:>{width + 1}}" for c in columns)
        rows.append(f"{mark}{cls:<23}{cells}{total:>8}")
    n = Counter(r["fmt"] for r in results)
    rows.append("-" * len(head))
    rows.append(f"{'mutants':<24}" + "".join(f"{n[c]:>{width + 1}}" for c in columns)
                + f"{len(results):>8}")
    defects = sum(1 for r in results if r["cls"] in DEFECTS)
    rows.append(f"defects: {defects} (panics {sum(1 for r in results if r['cls'] == 'panic')}, "
                f"hangs {sum(1 for r in results if r['cls'] == 'hang')}, silent changes "
                f"{sum(1 for r in results if r['cls'] == 'SILENT CHANGE')})")
    return "\n".join(rows)


def load_results(path: Path) -> list[dict]:
    rows = []
    with open(path / "results.tsv", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rows.append(r)
    return rows


def side_by_side(a: Path, b: Path) -> str:
    ra, rb = load_results(a), load_results(b)
    ca, cb = Counter(r["cls"] for r in ra), Counter(r["cls"] for r in rb)
    lines = [f"{'class':<24}{a.name:>16}{b.name:>16}", "-" * 56]
    for cls, defect in CLASSES:
        if ca[cls] or cb[cls]:
            lines.append(f"{'!' if defect else ' '}{cls:<23}{ca[cls]:>16}{cb[cls]:>16}")
    lines.append(f"{'mutants':<24}{len(ra):>16}{len(rb):>16}")
    by_index = {r["index"]: r for r in rb}
    moved = Counter((r["cls"], by_index[r["index"]]["cls"]) for r in ra
                    if r["index"] in by_index and by_index[r["index"]]["cls"] != r["cls"])
    if moved:
        lines.append("\nsame mutants, class changed (first run -> second run):")
        lines += [f"  {n:>6}  {x} -> {y}" for (x, y), n in moved.most_common()]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="*", help="real inputs to mutate (default: every format)")
    p.add_argument("--binary", default=str(ROOT / "target/release/votebloc"))
    p.add_argument("--count", type=int, default=5000)
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--out", type=Path, help="output folder (default target/mutate/SEED)")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per run (a hang)")
    p.add_argument("--cases", help="only these cases (comma-separated names or prefixes)")
    p.add_argument("--side-by-side", nargs=2, type=Path, metavar="DIR")
    args = p.parse_args()
    if args.side_by_side:
        print(side_by_side(*args.side_by_side))
        return 0
    binary = str(Path(args.binary).resolve())
    out = (args.out or ROOT / "target/mutate" / str(args.seed)).resolve()
    shutil.rmtree(out / "defects", ignore_errors=True)
    shutil.rmtree(out / "work", ignore_errors=True)
    (out / "defects").mkdir(parents=True)
    (out / "work").mkdir()
    cases = custom_cases(args.inputs) if args.inputs else default_cases(binary, out / "inputs")
    if args.cases:
        wanted = args.cases.split(",")
        cases = [c for c in cases if any(c.name.startswith(w) for w in wanted)]
    baselines = {}
    for case in cases:
        base_out = out / "work" / f"base_{slug(case.name)}"
        run = run_ingest(binary, [a.replace("{MUT}", str(case.file)) for a in case.args],
                         base_out, args.timeout)
        if run.rc != 0:
            print(f"skipping {case.name}: the original fails ({first_error(run.stderr)})",
                  file=sys.stderr)
            continue
        baselines[case.name] = dict(bytes=case.file.read_bytes(), votes=votes_of(base_out),
                                    dates=dates_of(base_out))
    cases = [c for c in cases if c.name in baselines]
    if not cases:
        sys.exit("no input to mutate")
    print(f"{binary}: {args.count} mutants of {len(cases)} inputs, seed {args.seed}, "
          f"{args.jobs} workers → {out}", file=sys.stderr)
    results = []
    with Pool(args.jobs, init_worker, (binary, cases, baselines, out, args.timeout)) as pool:
        for n, r in enumerate(pool.imap(run_one, ((i, args.seed) for i in range(args.count)),
                                        chunksize=8), 1):
            results.append(r)
            if n % 500 == 0:
                print(f"  {n}/{args.count}", file=sys.stderr)
    shutil.rmtree(out / "work", ignore_errors=True)
    fields = ["index", "case", "fmt", "op", "what", "cls", "rc", "detail"]
    with open(out / "results.tsv", "w", newline="") as f:
        w = csv.DictWriter(f, fields, delimiter="\t", extrasaction="ignore")
        w.writeheader()
        w.writerows(results)
    with open(out / "defects" / "SUMMARY.txt", "w") as f:
        for r in results:
            if r["cls"] in DEFECTS:
                f.write(f"{Path(r['kept']).name}\t{r['cls']}\t{r['what']}\t{r['detail']}\t"
                        f"{r['command']}\n")
    columns = list(dict.fromkeys(c.fmt for c in cases))
    text = table(results, columns)
    (out / "table.txt").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
