#!/usr/bin/env bash
# The system packages reportgen and its tests need, on Debian or Ubuntu (README, "Set-up"). Safe to run again.
#   needed to build:   Python's venv, Pango (WeasyPrint lays out the PDF with it)
#   optional, faster:  libharfbuzz-subset0 (font subsetting; without it fontTools does it, same PDF bytes)
#   for the tests:     poppler-utils (pdftotext, pdffonts), LibreOffice Writer and fonts-lao (Phetsarath OT),
#                      Chromium (opens status.html as a person's browser would)
set -euo pipefail

needed=(libpango-1.0-0 libpangoft2-1.0-0)
tests=(poppler-utils fonts-lao)

if ! command -v apt-get >/dev/null 2>&1; then
  echo "No apt-get here: install Pango (WeasyPrint's only system library), and for the tests poppler-utils," >&2
  echo "LibreOffice Writer, Chromium or Chrome, and a Lao font (Phetsarath OT) with your package manager." >&2
  echo "See README, Set-up." >&2
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Run this as root, or install sudo." >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq

python3 -c "import ensurepip" 2>/dev/null || needed+=(python3-venv)  # Debian splits venv out of python3
# Older releases have no harfbuzz-subset package (WeasyPrint needs HarfBuzz >= 4.1 for it): fontTools is used.
apt-cache show libharfbuzz-subset0 >/dev/null 2>&1 && needed+=(libharfbuzz-subset0)
# A desktop's LibreOffice is kept: the -nogui variant would replace it.
command -v soffice >/dev/null 2>&1 || tests+=(libreoffice-writer-nogui libreoffice-calc-nogui)
# The same for a desktop's browser: any of these opens status.html in the tests (tests/browser.py looks the same way).
browser=""
for name in chromium chromium-browser google-chrome google-chrome-stable; do
  command -v "$name" >/dev/null 2>&1 && { browser="$name"; break; }
done
if [ -z "$browser" ]; then
  # Debian's package is "chromium"; Ubuntu's "chromium-browser" only installs a snap, which containers lack.
  if apt-cache show chromium >/dev/null 2>&1; then
    tests+=(chromium)
  else
    echo "No chromium package here: install Chromium or Chrome to run the tests of status.html." >&2
  fi
fi

echo "Installing: ${needed[*]} ${tests[*]}"
$SUDO apt-get install -y -qq --no-install-recommends "${needed[@]}" "${tests[@]}" >/dev/null
