"""The wheel a server installs carries its styles and guidance, and runs."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from consult_tui.domain.examples import EXAMPLE_NAMES

ROOT = Path(__file__).resolve().parent.parent

WHEEL_CHECK = """
import asyncio, sys
from consult_tui.config import load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.ui.app import ConsultApp, styles_dir
from consult_tui.ui.screens.home import HomeScreen

assert "site-packages" in str(styles_dir()), styles_dir()

async def main():
    with open_throwaway_demo(load_settings()) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(100):
                if isinstance(app.screen, HomeScreen):
                    break
                await pilot.pause(0.05)
            assert isinstance(app.screen, HomeScreen)
    print("wheel app ok")

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return next(out.glob("consult_tui-*.whl"))


def test_the_wheel_carries_every_style_sheet_and_the_guidance_pack(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for tcss in (ROOT / "styles").glob("*.tcss"):
        assert f"consult_tui/styles/{tcss.name}" in names
    assert any(n.startswith("consult_tui/guidance/") and n.endswith(".toml") for n in names)
    assert any(n.startswith("consult_tui/store/migrations/versions/") for n in names)
    assert {f"consult_tui/domain/example_records/{n}.json" for n in EXAMPLE_NAMES} <= names


def test_the_installed_wheel_runs_doctor_and_the_app(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run(["uv", "venv", "--quiet", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        ["uv", "pip", "install", "--quiet", "--python", str(python), str(wheel)], check=True
    )
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "CONSULT_TUI_KEYRING": "cryptfile",
    }
    env.pop("VIRTUAL_ENV", None)
    doctor = subprocess.run(
        [str(venv / "bin" / "consult-tui"), "--db", str(tmp_path / "none.db"), "doctor"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert doctor.returncode == 1  # no database yet: not healthy, and says what to do
    assert "consult-tui init" in doctor.stdout
    assert "Traceback" not in doctor.stderr
    app = subprocess.run(
        [str(python), "-c", WHEEL_CHECK],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=120,
    )
    assert app.returncode == 0, app.stderr
    assert "wheel app ok" in app.stdout
