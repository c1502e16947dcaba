"""Builds the user guide's pages: docs/guide/<lang>/<page>.md -> resources/guide/<lang>/<page>.html (`make guide`).

Each page is one self-contained HTML file (its style inside, no script, nothing fetched from the network)
that Qt's QTextBrowser shows in Bench (F1) and any browser opens from the installed folder. The
screenshots sit beside the pages in ``resources/guide/<lang>/images/`` (``docs/guide/screenshots.py``);
an image is drawn at most ``IMAGE_WIDTH`` pixels wide, since QTextBrowser knows no max-width.

    .venv/bin/python docs/guide/build.py [--out resources/guide]
"""

from __future__ import annotations

import argparse
import html
import re
import struct
import sys
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(__file__).resolve().parent
OUT = ROOT / "resources" / "guide"
IMAGE_WIDTH = 720
RIGHT_TO_LEFT = {"ar"}
CONTENTS_WORD = {"en": "Contents", "tr": "İçindekiler", "ar": "المحتويات", "es": "Índice"}
GUIDE_WORD = {"en": "Bench user guide", "tr": "Bench kullanım kılavuzu", "ar": "دليل استخدام Bench",
              "es": "Guía de uso de Bench"}

STYLE = """
body { font-family: 'DejaVu Sans', 'Noto Sans', sans-serif; font-size: 11pt; line-height: 1.4;
       color: #202124; max-width: 52em; margin: 1em auto; padding: 0 1em; }
h1 { font-size: 18pt; color: #174ea6; margin-top: 0.4em; }
h2 { font-size: 14pt; color: #174ea6; margin-top: 1.2em; }
h3 { font-size: 12pt; margin-top: 1em; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #c9d6ea; padding: 4px 8px; vertical-align: top; }
th { background: #eef3fb; text-align: left; }
code, kbd { font-family: 'DejaVu Sans Mono', monospace; background: #f1f3f4; }
blockquote { background: #fff4e5; border-left: 4px solid #e37400; margin: 0.8em 0; padding: 4px 10px; }
img { border: 1px solid #c9d6ea; }
.top { font-size: 10pt; color: #5f6368; border-bottom: 1px solid #c9d6ea; padding-bottom: 4px; }
"""

PAGE = """<!DOCTYPE html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<p class="top"><a href="index.html">{contents}</a> · {guide}</p>
{body}
</body>
</html>
"""


def png_size(path: Path) -> tuple[int, int] | None:
    try:
        head = path.read_bytes()[:24]
    except OSError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def sized_images(body: str, folder: Path) -> str:
    """Give each <img> a width (and height) QTextBrowser honours: the picture's own, or IMAGE_WIDTH at most."""
    def sized(match: re.Match) -> str:
        tag, src = match.group(0), match.group(1)
        size = png_size(folder / src)
        if size is None:
            return tag
        width, height = size
        if width > IMAGE_WIDTH:
            width, height = IMAGE_WIDTH, round(height * IMAGE_WIDTH / width)
        return tag.replace("<img ", f'<img width="{width}" height="{height}" ', 1)
    return re.sub(r'<img src="([^"]+)"[^>]*>', sized, body)


def build_page(md: MarkdownIt, source: Path, out_dir: Path, lang: str) -> Path:
    text = source.read_text(encoding="utf-8")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), source.stem)
    body = sized_images(md.render(text), out_dir)
    page = PAGE.format(lang=lang, direction="rtl" if lang in RIGHT_TO_LEFT else "ltr", title=html.escape(title),
                       style=STYLE, contents=CONTENTS_WORD.get(lang, "Contents"),
                       guide=GUIDE_WORD.get(lang, GUIDE_WORD["en"]), body=body)
    target = out_dir / f"{source.stem}.html"
    target.write_text(page, encoding="utf-8")
    return target


def missing_images(source: Path, out_dir: Path) -> list[str]:
    names = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", source.read_text(encoding="utf-8"))
    return [n for n in names if not (out_dir / n).is_file()]


def build(out: Path = OUT) -> list[Path]:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    built, problems = [], []
    for lang_dir in sorted(p for p in SOURCE.iterdir() if p.is_dir() and (p / "index.md").is_file()):
        lang = lang_dir.name
        out_dir = out / lang
        out_dir.mkdir(parents=True, exist_ok=True)
        for source in sorted(lang_dir.glob("*.md")):
            built.append(build_page(md, source, out_dir, lang))
            problems += [f"{source.relative_to(ROOT)}: no picture {name}" for name in missing_images(source, out_dir)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    pages = build(args.out)
    print(f"{len(pages)} guide pages in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
