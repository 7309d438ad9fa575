"""Measure every slide of a reveal.js deck in Chromium: what overflows, what is missing.

Used by ``tests/e2e/test_decks.py`` and by authors splitting a chapter's slides:

    .venv/bin/python -m tests.e2e.deck_fit build/slides/02_customer_insight.slides.html

prints one line per slide that does not fit 1280×800 (or shows a widget repr).
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

#: A slide may exceed its box by this many CSS pixels (rounding, borders) and still fit.
SLACK = 4

_MEASURE = """
() => {
  const config = Reveal.getConfig();
  const slide = Reveal.getCurrentSlide();
  const box = slide.getBoundingClientRect();
  const scale = box.width / slide.offsetWidth || 1;
  let right = 0;
  for (const el of slide.querySelectorAll('table, pre, img, svg, .jp-OutputArea-output, .MathJax_Display')) {
    const r = el.getBoundingClientRect();
    right = Math.max(right, (r.right - box.left) / scale);
  }
  const text = slide.innerText;
  return {height: slide.scrollHeight, width: Math.max(slide.scrollWidth, right),
          maxHeight: config.height, maxWidth: config.width,
          title: (slide.querySelector('h1, h2, h3') || {}).innerText || text.slice(0, 60),
          widget: /\\b(VBox|HBox|IntSlider|FloatSlider|Dropdown|Button)\\(/.test(text)};
}
"""


@dataclass
class Slide:
    h: int
    v: int
    title: str
    height: int
    width: int
    max_height: int
    max_width: int
    widget: bool

    @property
    def problems(self) -> list[str]:
        found = []
        if self.height > self.max_height + SLACK:
            found.append(f"{self.height - self.max_height}px too tall")
        if self.width > self.max_width + SLACK:
            found.append(f"{self.width - self.max_width}px too wide")
        if self.widget:
            found.append("shows a widget repr")
        return found


@dataclass
class DeckReport:
    deck: Path
    slides: list[Slide] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def failing(self) -> list[Slide]:
        return [s for s in self.slides if s.problems]


def measure(page, deck: Path, *, shots: Path | None = None) -> DeckReport:
    """Open ``deck`` in ``page`` (1280×800 viewport) and measure each slide."""
    report = DeckReport(deck)
    page.on("response", lambda r: report.missing.append(r.url) if r.status >= 400 else None)
    page.on("requestfailed", lambda r: report.missing.append(r.url) if r.url.startswith("file:") else None)
    page.goto(deck.resolve().as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=30_000)
    indices = page.evaluate("() => Reveal.getSlides().map(s => Reveal.getIndices(s))")
    for index in indices:
        page.evaluate(f"() => Reveal.slide({index['h']}, {index.get('v') or 0})")
        page.wait_for_timeout(60)
        m = page.evaluate(_MEASURE)
        slide = Slide(
            index["h"],
            index.get("v") or 0,
            " ".join(m["title"].split())[:70],
            m["height"],
            int(m["width"]),
            m["maxHeight"],
            m["maxWidth"],
            m["widget"],
        )
        report.slides.append(slide)
        if slide.problems and shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / f"{deck.stem}_{slide.h}_{slide.v}.png"))
    return report


def main(argv=None) -> int:
    from playwright.sync_api import sync_playwright

    decks = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    failing = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        for deck in decks:
            report = measure(page, deck)
            for slide in report.failing:
                print(f"{deck.name} #/{slide.h}/{slide.v} {slide.title!r}: {', '.join(slide.problems)}")
            print(
                f"{deck.name}: {len(report.failing)} of {len(report.slides)} slides do not fit; "
                f"missing files: {sorted(set(report.missing))}"
            )
            failing += len(report.failing)
        browser.close()
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
