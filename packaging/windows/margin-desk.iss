; Margin Desk: the Windows installer (Inno Setup 6).
;
; This installer cannot be built on the project's Linux machines: it needs Windows 10+, Python 3.11+
; and Inno Setup 6 (iscc.exe). It is kept ready for a Windows machine or CI runner, where
;     powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1
; builds the PyInstaller bundle (packaging\margin-desk.spec -> dist\margin-desk\), compiles this
; script into dist\margin-desk-<version>-windows-x64-setup.exe, then installs it silently into a
; scratch folder and runs packaging\smoke_test.py on the installed margin-desk.exe.

#define AppName "Margin Desk"
#define AppId "exchange.margindesk.MarginDesk"
#define EnvVersion GetEnv("MARGIN_DESK_VERSION")
#if EnvVersion == ""
  #define AppVersion "0.1.0"
#else
  #define AppVersion EnvVersion
#endif

[Setup]
; The GUID identifies the product to Windows (upgrades, uninstall): never change it.
AppId={{6F3C2A1E-8B4D-4E2A-9C7F-2D5B1A9E4C30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Margin Desk developers
AppPublisherURL=https://margindesk.exchange/
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install without admin rights by default; the user may choose all users instead.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=margin-desk-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\margin-desk.ico
UninstallDisplayIcon={app}\margin-desk.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\margin-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\margin-desk.exe"; AppUserModelID: "{#AppId}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\margin-desk.exe"; AppUserModelID: "{#AppId}"; Tasks: desktopicon

[Run]
Filename: "{app}\margin-desk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
