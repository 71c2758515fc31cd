"""Inspect a GGUF model file: refuse a missing or corrupt one before any engine loads it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kefu.errors import ModelFileError

# general.file_type values (llama.cpp's LlamaFileType) grouped by the precision they store.
_PRECISION_OF_FILE_TYPE = {
    0: "fp32",
    1: "fp16",
    32: "bf16",
    7: "int8",
    2: "int4",
    3: "int4",
    8: "int4",
    9: "int4",
    14: "int4",
    15: "int4",
    25: "int4",
    30: "int4",
    10: "int2",
    11: "int3",
    12: "int3",
    13: "int3",
    16: "int5",
    17: "int5",
    18: "int6",
}


@dataclass(frozen=True)
class GGUFSummary:
    path: Path
    name: str
    architecture: str
    quantization: str  # e.g. "Q4_K_M"
    precision: str  # e.g. "int4", comparable with Settings.precision
    context_length: int | None
    parameters: int
    size_bytes: int
    has_chat_template: bool


def inspect_gguf(path: Path) -> GGUFSummary:
    """Read the header and tensor table of a GGUF file; raise `ModelFileError` if unusable."""
    import gguf  # imported here: numpy-heavy, only needed where a model file is opened

    if not path.is_file():
        raise ModelFileError(
            f"model file not found: {path} "
            "(run `make model`, or set KEFU_LLAMACPP__MODEL_PATH to a GGUF file)"
        )
    with path.open("rb") as f:
        if f.read(4) != b"GGUF":
            raise ModelFileError(f"model file is not GGUF (bad magic bytes): {path}")
    try:
        reader = gguf.GGUFReader(path)
        fields = {
            key: field.contents() for key, field in reader.fields.items() if "tokenizer.ggml" not in key
        }
        size = path.stat().st_size
        end = max(int(t.data_offset) + int(t.n_bytes) for t in reader.tensors)
    except Exception as exc:  # the reader raises many kinds on a damaged file
        raise ModelFileError(f"model file is corrupt or truncated: {path} ({exc})") from None
    if end > size:
        raise ModelFileError(f"model file is truncated: {path} ({size} bytes, tensors need {end})")
    arch = str(fields.get("general.architecture", "unknown"))
    file_type = int(fields.get("general.file_type", -1))
    quantization = (
        gguf.LlamaFileType(file_type).name.removeprefix("MOSTLY_")
        if file_type in gguf.LlamaFileType._value2member_map_
        else "unknown"
    )
    context = fields.get(f"{arch}.context_length")
    return GGUFSummary(
        path=path,
        name=str(fields.get("general.name", path.stem)),
        architecture=arch,
        quantization=quantization,
        precision=_PRECISION_OF_FILE_TYPE.get(file_type, "unknown"),
        context_length=int(context) if context is not None else None,
        parameters=sum(int(t.n_elements) for t in reader.tensors),
        size_bytes=size,
        has_chat_template="tokenizer.chat_template" in fields,
    )


def file_sha256(path: Path) -> str:
    """SHA-256 of the file, reusing the `<file>.sha256` stamp written when it was verified."""
    stamp = path.with_suffix(path.suffix + ".sha256")
    if stamp.is_file() and stamp.stat().st_mtime >= path.stat().st_mtime:
        recorded = stamp.read_text().strip()
        if len(recorded) == 64:
            return recorded
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()
