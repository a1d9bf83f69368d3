# Margin Desk for Windows: PyInstaller bundle, Inno Setup installer, then install-and-launch test.
#
# This cannot be built on the project's Linux machines: run it on Windows 10+ with Python 3.11+
# (the `py` launcher) and Inno Setup 6 (iscc.exe on PATH, or in its default folder):
#     powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
$python = ".venv\Scripts\python.exe"
& $python -m pip install -q -e .
# The same versions as packaging/requirements-build.txt (whose hashes are for the Linux wheels).
& $python -m pip install -q "pyinstaller==6.22.3" "pyinstaller-hooks-contrib==2026.9"
$version = (& $python -c "import desktop; print(desktop.__version__)").Trim()

& .venv\Scripts\pyinstaller.exe --noconfirm --distpath dist --workpath build\pyinstaller packaging\margin-desk.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }
& $python packaging\smoke_test.py --label "bundle" dist\margin-desk\margin-desk.exe
if ($LASTEXITCODE) { throw "smoke test of the bundle failed" }

$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
$env:MARGIN_DESK_VERSION = $version
& $iscc packaging\windows\margin-desk.iss
if ($LASTEXITCODE) { throw "Inno Setup failed" }

# Launch what we ship: a silent per-user install into a scratch folder, the smoke test on the
# installed exe, then a silent uninstall.
$setup = "dist\margin-desk-$version-windows-x64-setup.exe"
$target = Join-Path $env:TEMP "margin-desk-install-test"
Start-Process $setup -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER", "/DIR=$target" -Wait
& $python packaging\smoke_test.py --label "installed by $setup" "$target\margin-desk.exe"
if ($LASTEXITCODE) { throw "smoke test of the installed app failed" }
Start-Process "$target\unins000.exe" -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES" -Wait
Write-Host "built $setup"
