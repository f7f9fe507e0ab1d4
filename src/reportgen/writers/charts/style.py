"""How a chart's series look, the same in Word and in the PDF: colours from the Okabe–Ito set (told apart by
readers with any common colour-vision deficiency), far apart in lightness, and from the third series on a
hatch or grid, so that a grayscale print still tells every series apart. Every bar has a dark outline."""

from __future__ import annotations

from dataclasses import dataclass

OUTLINE = "333333"


@dataclass(frozen=True)
class SeriesStyle:
    colour: str  # RRGGBB: the fill, or the pattern's lines on white
    pattern: str = ""  # DrawingML preset pattern (a:pattFill/@prst); "" for a solid fill
    css: str = ""  # the same look as a CSS background

    @property
    def background(self) -> str:
        return self.css or f"#{self.colour}"


#: In the legend's order. Lightness (CIE L*): 32, 71, then hatched and gridded: still apart in grayscale.
SERIES_STYLES: tuple[SeriesStyle, ...] = (
    SeriesStyle("1F4E79"),  # dark blue
    SeriesStyle("E69F00"),  # orange
    SeriesStyle("009E73", "wdUpDiag",
                "repeating-linear-gradient(-45deg, #009E73, #009E73 1.1pt, #fff 1.1pt, #fff 2.8pt)"),  # green hatch
    SeriesStyle("CC79A7", "smGrid",
                "linear-gradient(#CC79A7 0.8pt, transparent 0.8pt) 0 0 / 2.6pt 2.6pt, "
                "linear-gradient(90deg, #CC79A7 0.8pt, #fff 0.8pt) 0 0 / 2.6pt 2.6pt"),  # purple grid
    SeriesStyle("56B4E9"),  # sky blue
    SeriesStyle("D55E00", "wdDnDiag",
                "repeating-linear-gradient(45deg, #D55E00, #D55E00 1.1pt, #fff 1.1pt, #fff 2.8pt)"),  # vermilion hatch
)


def series_style(index: int) -> SeriesStyle:
    return SERIES_STYLES[index % len(SERIES_STYLES)]


#: The longest bar's share of the room beside the labels: the rest keeps its value label on the same line.
BAR_ROOM = 0.80
