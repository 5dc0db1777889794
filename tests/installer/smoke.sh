#!/usr/bin/env bash
# Build the one-folder client with PyInstaller, then smoke-test the frozen app
# headless: version, demo data, a Chinese feedback sheet, verification, and the
# main window opening and closing offscreen. Run by hand (a build takes minutes):
#
#   bash tests/installer/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

python3 -m pip install -q 'pyinstaller>=6'
mkdir -p build
started=$(date +%s)
if ! python3 -m PyInstaller build_installer.spec --noconfirm --clean \
      --distpath build/dist --workpath build/work >build/pyinstaller.log 2>&1; then
  tail -n 40 build/pyinstaller.log
  echo "FAIL: the build failed (full log: build/pyinstaller.log)"
  exit 1
fi
built=$(( $(date +%s) - started ))

APP=build/dist/inspector-desktop
GUI="$APP/inspector-desktop"
CLI="$APP/inspector-desktop-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen
# No keyring here (and never the builder's own): the workspace is locked with a passphrase.
export PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring
export INSPECTOR_DESKTOP_PASSPHRASE="smoke-test passphrase"

step() { printf '\n-- %s\n' "$*"; }

step "version"
"$CLI" --version | tee "$work/version.txt"
grep -q "$(python3 -c 'import inspector_desktop; print(inspector_desktop.__version__)')" "$work/version.txt"

step "demo data"
"$CLI" demo --data-dir "$work/ws"

step "the workspace is encrypted"
if head -c 15 "$work/ws/workspace.sqlite3" | grep -q "SQLite format 3"; then
  echo "FAIL: the workspace database is not encrypted"; exit 1
fi

step "feedback sheets"
"$CLI" sheet --data-dir "$work/ws" --out "$work/sheets"
first=$(ls "$work"/sheets/*.pdf | head -n1)
pdftotext "$first" - | grep -q "督导" || { echo "FAIL: no Chinese text in $first"; exit 1; }
pdffonts "$first" | grep -qi "wenquanyi\|microhei" || { echo "FAIL: CJK font not embedded"; exit 1; }
"$CLI" verify "$first"

step "main window opens and closes offscreen"
"$GUI" --data-dir "$work/ws" --quit-after 2
if INSPECTOR_DESKTOP_PASSPHRASE=wrong "$CLI" sheet --data-dir "$work/ws" --out "$work/wrong" 2>"$work/wrong.txt"; then
  echo "FAIL: a wrong passphrase opened the workspace"; exit 1
fi
grep -q "passphrase" "$work/wrong.txt"

step "summary"
size=$(du -sh "$APP" | cut -f1)
echo "build time: ${built}s   folder: $APP   size: $size"
echo "PASS"
