import subprocess
import sys

from analysis.cli import COMMANDS, build_parser, main


def test_help_explains_every_command():
    text = build_parser().format_help()
    for command in COMMANDS:
        assert command.name in text and command.summary[:30] in text.replace("\n", " ").replace(
            "  ", " "
        )


def test_installed_command_runs_and_prints_help():
    result = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "usage: analysis" in result.stdout


def test_bad_setting_is_one_line_on_stderr_and_exit_status_2(capsys):
    assert main(["config", "--set", "embedding.device=gpu"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "embedding.device" in err and "Traceback" not in err


def test_settings_are_accepted_before_or_after_the_command(capsys):
    assert main(["--seed", "5", "config", "--get", "seed"]) == 0
    assert capsys.readouterr().out.strip() == "5"
    assert main(["config", "--seed", "6", "--get", "seed"]) == 0
    assert capsys.readouterr().out.strip() == "6"
