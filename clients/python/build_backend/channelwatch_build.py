"""A PEP 517 / PEP 660 build backend in the standard library only.

Why not setuptools: ``pip install ./clients/python`` must work offline, and the build
backends pip would fetch from PyPI cannot be fetched here; setuptools as installed in the
system Python (65) cannot build a wheel without the ``wheel`` package, which is not there.
This package is pure Python with no dependencies, so building it is only zipping
``src/channelwatch_client`` with the metadata of ``pyproject.toml``'s ``[project]`` table:
``requires = []`` in ``[build-system]`` means pip installs nothing to build it, with or
without build isolation.

Hooks: ``build_wheel``, ``build_editable`` (``pip install -e``: a ``.pth`` pointing at
``src``), ``build_sdist``, and the ``get_requires_for_*`` hooks (none).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "channelwatch_client"
SOURCE = ROOT / "src" / PACKAGE
# Reproducible archives: SOURCE_DATE_EPOCH if set, else 1980-01-01 (zip's earliest date).
_EPOCH = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))

__all__ = [
    "build_wheel",
    "build_editable",
    "build_sdist",
    "get_requires_for_build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "read_project",
]


# ---- pyproject.toml ----


def _parse_project_table(text: str) -> Dict[str, Any]:
    """The ``[project]`` table of pyproject.toml for Pythons without ``tomllib`` (< 3.11).

    Reads only what this project's table holds: ``key = "string"`` and one-line
    ``key = ["a", "b"]``; anything else there is an error, so the table stays readable.
    """
    project: Dict[str, Any] = {}
    in_project = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line == "" or line.startswith("#"):
            continue
        if line.startswith("["):
            in_project = line == "[project]"
            continue
        if not in_project:
            continue
        match = re.fullmatch(r'([A-Za-z0-9_-]+)\s*=\s*(.+?)\s*(#.*)?', line)
        if not match:
            raise ValueError(f"pyproject.toml line {number}: cannot read {line!r}")
        key, value = match.group(1), match.group(2)
        if re.fullmatch(r'"[^"\\]*"', value):
            project[key] = value[1:-1]
        elif re.fullmatch(r'\[\s*("[^"\\]*"\s*(,\s*"[^"\\]*"\s*)*,?)?\s*\]', value):
            project[key] = re.findall(r'"([^"\\]*)"', value)
        else:
            raise ValueError(f"pyproject.toml line {number}: only strings and one-line lists of strings are read, got {line!r}")
    return project


def read_project(root: Path = ROOT) -> Dict[str, Any]:
    """The ``[project]`` table (with ``tomllib`` when the Python has it)."""
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib  # Python >= 3.11
    except ImportError:  # pragma: no cover - exercised on 3.9 and 3.10
        return _parse_project_table(text)
    return dict(tomllib.loads(text)["project"])


def _names(project: Dict[str, Any]) -> Tuple[str, str]:
    name = re.sub(r"[-_.]+", "_", project["name"]).lower()
    return name, project["version"]


def _metadata(project: Dict[str, Any], root: Path = ROOT) -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
    ]
    if project.get("description"):
        lines.append(f"Summary: {project['description']}")
    if project.get("requires-python"):
        lines.append(f"Requires-Python: {project['requires-python']}")
    if project.get("license"):
        license_value = project["license"]
        lines.append(f"License: {license_value['text'] if isinstance(license_value, dict) else license_value}")
    for keyword in project.get("keywords", []) or []:
        lines.append(f"Keywords: {keyword}")
    for classifier in project.get("classifiers", []) or []:
        lines.append(f"Classifier: {classifier}")
    for requirement in project.get("dependencies", []) or []:
        lines.append(f"Requires-Dist: {requirement}")
    body = ""
    readme = project.get("readme")
    if isinstance(readme, str):
        lines.append("Description-Content-Type: text/markdown; charset=UTF-8")
        body = (root / readme).read_text(encoding="utf-8")
    return "\n".join(lines) + "\n\n" + body


# ---- archives ----


def _package_files() -> List[Path]:
    files = [
        p
        for p in sorted(SOURCE.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    ]
    if not any(p.name == "__init__.py" for p in files):
        raise RuntimeError(f"no package at {SOURCE}")
    return files


class _Wheel:
    """A wheel being written: files in, RECORD out."""

    def __init__(self, path: Path, dist_info: str) -> None:
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self.dist_info = dist_info
        self.records: List[str] = []

    def add(self, name: str, data: bytes) -> None:
        info = zipfile.ZipInfo(name, date_time=_zip_time())
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
        self.records.append(f"{name},sha256={digest},{len(data)}")

    def close(self) -> None:
        record = f"{self.dist_info}/RECORD"
        self.records.append(f"{record},,")
        info = zipfile.ZipInfo(record, date_time=_zip_time())
        info.external_attr = 0o644 << 16
        self.zip.writestr(info, "\n".join(self.records) + "\n")
        self.zip.close()


def _zip_time() -> Tuple[int, int, int, int, int, int]:
    t = time.gmtime(max(_EPOCH, 315532800))
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


def _write_wheel(wheel_directory: str, editable: bool) -> str:
    project = read_project()
    name, version = _names(project)
    dist_info = f"{name}-{version}.dist-info"
    filename = f"{name}-{version}-py3-none-any.whl"
    os.makedirs(wheel_directory, exist_ok=True)
    wheel = _Wheel(Path(wheel_directory) / filename, dist_info)
    try:
        if editable:
            wheel.add(f"_{name}_editable.pth", (str(SOURCE.parent) + "\n").encode("utf-8"))
        else:
            for path in _package_files():
                wheel.add(path.relative_to(SOURCE.parent).as_posix(), path.read_bytes())
        wheel.add(f"{dist_info}/METADATA", _metadata(project).encode("utf-8"))
        wheel.add(
            f"{dist_info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: channelwatch_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
        wheel.add(f"{dist_info}/top_level.txt", f"{PACKAGE}\n".encode("utf-8"))
    finally:
        wheel.close()
    return filename


# ---- PEP 517 / 660 hooks ----


def get_requires_for_build_wheel(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


def get_requires_for_build_editable(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


def build_wheel(wheel_directory: str, config_settings: Optional[Dict[str, Any]] = None, metadata_directory: Optional[str] = None) -> str:
    return _write_wheel(wheel_directory, editable=False)


def build_editable(wheel_directory: str, config_settings: Optional[Dict[str, Any]] = None, metadata_directory: Optional[str] = None) -> str:
    return _write_wheel(wheel_directory, editable=True)


def build_sdist(sdist_directory: str, config_settings: Optional[Dict[str, Any]] = None) -> str:
    project = read_project()
    name, version = _names(project)
    base = f"{name}-{version}"
    filename = f"{base}.tar.gz"
    os.makedirs(sdist_directory, exist_ok=True)
    members: List[Tuple[str, bytes]] = [("PKG-INFO", _metadata(project).encode("utf-8"))]
    for relative in ["pyproject.toml", "README.md", "build_backend/channelwatch_build.py"]:
        members.append((relative, (ROOT / relative).read_bytes()))
    for path in _package_files():
        members.append((path.relative_to(ROOT).as_posix(), path.read_bytes()))
    with tarfile.open(Path(sdist_directory) / filename, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for relative, data in members:
            info = tarfile.TarInfo(f"{base}/{relative}")
            info.size = len(data)
            info.mtime = _EPOCH
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return filename
