"""``pip install ./clients/python`` works offline, and the package is what it claims to be."""

import ast
import base64
import csv
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import unittest
import zipfile
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "channelwatch_client"
BACKEND_DIR = ROOT / "build_backend"

sys.path.insert(0, str(BACKEND_DIR))
import channelwatch_build  # noqa: E402

sys.path.remove(str(BACKEND_DIR))


def offline_env() -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON"))}
    env.update({"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    return env


class PipInstall(unittest.TestCase):
    def install_and_import(self, extra: List[str]) -> None:
        with tempfile.TemporaryDirectory(prefix="cw-pip-") as tmp:
            target = Path(tmp) / "site"
            done = subprocess.run(
                [sys.executable, "-m", "pip", "install", "--no-index", "--quiet", *extra, "--target", str(target), str(ROOT)],
                cwd=tmp, env=offline_env(), capture_output=True, text=True, timeout=120,
            )
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
            self.assertTrue((target / "channelwatch_client" / "py.typed").is_file())
            self.assertTrue((target / "channelwatch_client-0.1.0.dist-info" / "METADATA").is_file())
            # From the target alone (-I: no PYTHONPATH, no user site, not the source tree).
            probe = "import sys; sys.path.insert(0, sys.argv[1]); import channelwatch_client as m; print(m.__file__); print(m.Client('http://127.0.0.1:8080').url)"
            imported = subprocess.run([sys.executable, "-I", "-c", probe, str(target)], cwd=tmp, capture_output=True, text=True, timeout=60)
            self.assertEqual(imported.returncode, 0, imported.stderr)
            where, url = imported.stdout.splitlines()
            self.assertTrue(Path(where).resolve().is_relative_to(target.resolve()), where)  # type: ignore[attr-defined]
            self.assertEqual(url, "http://127.0.0.1:8080")
            env = offline_env()
            env["PYTHONPATH"] = str(target)
            version = subprocess.run([sys.executable, "-m", "channelwatch_client", "--version"], cwd=tmp, env=env, capture_output=True, text=True, timeout=60)
            self.assertEqual((version.returncode, version.stdout.strip()), (0, "0.1.0"), version.stderr)

    def test_with_build_isolation(self) -> None:
        self.install_and_import([])

    def test_without_build_isolation(self) -> None:
        self.install_and_import(["--no-build-isolation"])


class BuildBackend(unittest.TestCase):
    def test_wheel_contents_and_record(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            name = channelwatch_build.build_wheel(tmp)
            self.assertEqual(name, "channelwatch_client-0.1.0-py3-none-any.whl")
            with zipfile.ZipFile(Path(tmp) / name) as wheel:
                names = set(wheel.namelist())
                expected = {f"channelwatch_client/{p.name}" for p in SRC.iterdir() if p.is_file() and p.suffix in (".py", ".typed")}
                dist = "channelwatch_client-0.1.0.dist-info"
                self.assertEqual(names, expected | {f"{dist}/{n}" for n in ("METADATA", "WHEEL", "RECORD", "top_level.txt")})
                records = list(csv.reader(io.StringIO(wheel.read(f"{dist}/RECORD").decode())))
                self.assertEqual({r[0] for r in records}, names)
                for path, digest, size in records:
                    if path.endswith("RECORD"):
                        continue
                    data = wheel.read(path)
                    self.assertEqual(digest, "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode())
                    self.assertEqual(int(size), len(data))
                metadata = wheel.read(f"{dist}/METADATA").decode()
                self.assertIn("Name: channelwatch-client\n", metadata)
                self.assertIn("Requires-Python: >=3.9\n", metadata)
                self.assertIn("# ChannelWatch from Python", metadata)
                self.assertIn("Tag: py3-none-any", wheel.read(f"{dist}/WHEEL").decode())

    def test_editable_and_sdist(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            name = channelwatch_build.build_editable(tmp)
            with zipfile.ZipFile(Path(tmp) / name) as wheel:
                self.assertEqual(wheel.read("_channelwatch_client_editable.pth").decode().strip(), str(SRC.parent))
            sdist = channelwatch_build.build_sdist(tmp)
            with tarfile.open(Path(tmp) / sdist) as tar:
                members = set(tar.getnames())
            base = "channelwatch_client-0.1.0"
            for needed in ("PKG-INFO", "pyproject.toml", "README.md", "build_backend/channelwatch_build.py", "src/channelwatch_client/__init__.py", "src/channelwatch_client/py.typed"):
                self.assertIn(f"{base}/{needed}", members)
            self.assertEqual(channelwatch_build.get_requires_for_build_wheel(), [])

    @unittest.skipIf(sys.version_info < (3, 11), "tomllib is Python 3.11+")
    def test_project_table_reads_the_same_without_tomllib(self) -> None:
        import tomllib

        text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        self.assertEqual(channelwatch_build._parse_project_table(text), tomllib.loads(text)["project"])
        self.assertEqual(tomllib.loads(text)["build-system"]["requires"], [])

    def test_versions_agree(self) -> None:
        import channelwatch_client

        self.assertEqual(channelwatch_build.read_project()["version"], channelwatch_client.__version__)


class Python39(unittest.TestCase):
    """Python >= 3.9: no syntax and no annotation evaluated at run time that needs later."""

    def test_sources(self) -> None:
        files = sorted(SRC.glob("*.py")) + [BACKEND_DIR / "channelwatch_build.py"]
        for path in files:
            with self.subTest(file=path.name):
                source = path.read_text(encoding="utf-8")
                tree = ast.parse(source, feature_version=(3, 9))
                if any(_annotations(node) for node in ast.walk(tree)):
                    self.assertIn("from __future__ import annotations", source)
                for node in ast.walk(tree):
                    self.assertNotIsInstance(node, getattr(ast, "Match", ()), "match needs 3.10")
                    # X | Y in an annotation evaluates only on 3.10+ (TypedDict, get_type_hints).
                    for annotation in _annotations(node):
                        self.assertFalse(any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr) for n in ast.walk(annotation)), f"X | Y at line {annotation.lineno}")


def _annotations(node: ast.AST) -> List[ast.expr]:
    found: List[ast.expr] = []
    if isinstance(node, ast.AnnAssign):
        found.append(node.annotation)
    elif isinstance(node, ast.arg) and node.annotation is not None:
        found.append(node.annotation)
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
        found.append(node.returns)
    return found


if __name__ == "__main__":
    unittest.main()
