"""The command line: instant help, every listed command importable."""

import subprocess
import sys

from click.testing import CliRunner

from translator.cli import COMMANDS, main


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


def test_help_imports_no_heavy_module():
    code = (
        "import sys; from translator.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('ctranslate2', 'sentencepiece', 'trafilatura', 'lxml', 'torch', 'argostranslate')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_every_command_loads_and_has_help():
    for name in COMMANDS:
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)


def test_python_dash_m_runs():
    result = subprocess.run([sys.executable, "-m", "translator", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "translator" in result.stdout
