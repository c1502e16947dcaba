; Inno Setup 6 script: the per-machine Windows installer of Bench.
;
; It installs the folder that packaging\bench-app.spec makes (dist\bench-app\, with
; bench-app.exe for the console and Bench.exe for the Start menu). Build it on Windows,
; from the repository's root, with the version of the package (bench_app.__version__):
;
;   py -m pip install -e .[package]
;   pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\bench-app.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\bench-app.iss
;
; Output: dist\bench-app-<version>-setup.exe. Silent install, for software deployment:
;
;   bench-app-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /DIR="C:\Program Files\Bench" /LOG="C:\Windows\Temp\bench-setup.log"
;
; and silent removal: "C:\Program Files\Bench\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;
; It cannot be built or tried on the Linux build machine; packaging/README.md says what
; to check on Windows. Data is never installed or removed by it: each user's database and
; logs live under %LOCALAPPDATA%\bench-app, and the lab's config.toml under
; %PROGRAMDATA%\Bench is IT's file (only config.toml.example is installed beside it).

#ifndef AppVersion
  #error Give the version: iscc /DAppVersion=X.Y.Z (bench_app.__version__ in bench_app/__init__.py)
#endif

[Setup]
; Never change AppId: it is how an upgrade finds the installed Bench.
AppId={{6F1C3A52-8C1E-4B8D-9E0A-2B5D7C4E9F10}
AppName=Bench
AppVersion={#AppVersion}
AppVerName=Bench {#AppVersion}
AppPublisher=Bench
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Bench
DefaultGroupName=Bench
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=bench-app-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\Bench.exe
UninstallDisplayName=Bench {#AppVersion}
; Bench must not run while its files are replaced: ask it (and tell IT in the log) to close.
CloseApplications=yes
RestartApplications=no
SetupLogging=yes

[InstallDelete]
; An upgrade replaces the bundle whole, so no module of the previous version stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\bench-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\deb\config.toml.example"; DestDir: "{commonappdata}\Bench"; Flags: ignoreversion
Source: "..\README.md"; DestDir: "{app}"; DestName: "README-IT.md"; Flags: ignoreversion
; The lab server's two roles (packaging/README.md, "Running Bench on a lab server"): IT runs it with psql.
Source: "..\server\setup-roles.sql"; DestDir: "{app}\server"; Flags: ignoreversion

[Dirs]
; Where bench_app.config reads the lab's config.toml; kept on uninstall (it is IT's file).
Name: "{commonappdata}\Bench"; Flags: uninsneveruninstall

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Icons]
Name: "{autoprograms}\Bench"; Filename: "{app}\Bench.exe"; Comment: "Andrology and embryology lab assistant"
Name: "{autodesktop}\Bench"; Filename: "{app}\Bench.exe"; Tasks: desktopicon

[Run]
; The nightly checked backup (bench-app backup --scheduled: database.location and backup.folder of
; %PROGRAMDATA%\Bench\config.toml), as the SYSTEM account; /F replaces the task of an earlier
; version. To run it as a lab service account instead (a network share usually needs one):
;   schtasks /Change /TN "Bench nightly backup" /RU DOMAIN\svc-bench /RP *
; packaging/README.md says how to check it.
Filename: "{sys}\schtasks.exe"; Parameters: "/Create /F /TN ""Bench nightly backup"" /SC DAILY /ST 02:30 /RU SYSTEM /TR ""\""{app}\bench-app.exe\"" backup --scheduled"""; Flags: runhidden; StatusMsg: "Scheduling the nightly backup..."
Filename: "{app}\Bench.exe"; Description: "{cm:LaunchProgram,Bench}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /F /TN ""Bench nightly backup"""; Flags: runhidden; RunOnceId: "DeleteBenchBackupTask"
