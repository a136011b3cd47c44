""".zip, .rar and .7z attachments of a migrated site, read inside the sandbox child (ADR 0023).

No Django: this runs in ``gongkai.textproc.sandbox`` under its memory and CPU limits. Before
anything is inflated the archive's directory is read (``zipfile`` for .zip, ``lsar -j`` from
Debian's unar for .rar and .7z) and the archive is refused (``UnsafeArchive``, a Chinese reason)
if it has too many members, would inflate beyond the limit, has a large member compressed more
than the ratio limit, or nests archives deeper than ``max_depth``. Members are then read one by
one: .zip in memory, .rar/.7z by ``unar`` into a private temporary directory with a file-size
limit, never following a symbolic link out of it. Each member's text is read by the same
extractors as a top-level attachment; a member nothing can read is named, not skipped silently.
"""

from __future__ import annotations

import io
import json
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


class UnsafeArchive(Exception):
    """An archive over a limit checked before inflating; ``str()`` is the Chinese reason."""


class Unreadable(Exception):
    """An archive that cannot be opened (damaged, encrypted); ``str()`` is the Chinese reason."""


@dataclass(frozen=True)
class Limits:
    max_depth: int = 3
    max_entries: int = 2000
    max_inflated: int = 64 * 1024 * 1024
    max_ratio: int = 100
    timeout: int = 25

    @classmethod
    def from_dict(cls, values: dict) -> Limits:
        return cls(**{k: int(v) for k, v in values.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    compressed: int
    is_file: bool = True


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_members(members: list[Member], limits: Limits) -> None:
    """Refuse by the directory alone: count, total inflated size, compression ratio."""
    if len(members) > limits.max_entries:
        raise UnsafeArchive(f"压缩包内有{len(members)}个文件，超过{limits.max_entries}个的上限")
    total = sum(m.size for m in members)
    if total > limits.max_inflated:
        raise UnsafeArchive(f"解压后约{_mb(total)}，超过{_mb(limits.max_inflated)}的上限")
    for member in members:
        # Small files compress well legitimately; the ratio counts only for a member over 1 MB.
        if member.size > 1024 * 1024 and member.size > limits.max_ratio * max(member.compressed, 1):
            ratio = member.size // max(member.compressed, 1)
            raise UnsafeArchive(f"压缩比异常（{member.name} 压缩了{ratio}倍，疑似“压缩炸弹”）")


def _zip_name(info: zipfile.ZipInfo) -> str:
    # Chinese Windows writes names in GBK without the UTF-8 flag; zipfile then decodes cp437.
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def zip_members(data: bytes) -> list[Member]:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Unreadable("压缩包结构损坏") from exc
    return [Member(_zip_name(i), i.file_size, i.compress_size, not i.is_dir()) for i in infos]


def _run(command: list[str], limits: Limits, cwd: str, file_size: int = 0) -> subprocess.CompletedProcess:
    def _fence() -> None:  # in the tool's process: no file it writes may exceed the total limit
        if file_size:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.run(
        command,
        capture_output=True,
        stdin=subprocess.DEVNULL,  # an encrypted archive must fail, not wait for a password
        timeout=limits.timeout,
        cwd=cwd,
        preexec_fn=_fence,
        check=False,
    )


def lsar_members(path: str, limits: Limits) -> list[Member]:
    result = _run(["lsar", "-j", path], limits, cwd=os.path.dirname(path))
    try:
        listing = json.loads(result.stdout)
    except ValueError as exc:
        raise Unreadable("压缩包结构损坏") from exc
    if listing.get("lsarError") or result.returncode != 0:
        raise Unreadable("压缩包结构损坏或已加密")
    members = []
    for entry in listing.get("lsarContents", []):
        is_dir = bool(entry.get("XADIsDirectory"))
        is_link = "XADLinkDestination" in entry
        size = int(entry.get("XADFileSize", 0) or 0)
        compressed = int(entry.get("XADCompressedSize", size) or 0)
        # A solid archive reports the whole block once; its members then compress "infinitely".
        if "XADSolidObject" in entry:
            compressed = max(compressed, int(entry.get("XADSolidLength", 0) or 0) // 100)
        members.append(Member(str(entry.get("XADFileName", "")), size, compressed, not (is_dir or is_link)))
    return members


@dataclass
class MemberText:
    name: str
    text: str = ""
    note: str = ""  # why the member was not read, in Chinese


def _read_member(name: str, data: bytes, depth: int, limits: Limits, text_of) -> list[MemberText]:
    from gongkai.textproc.kinds import ARCHIVES, detect

    kind = detect(data)
    if kind is None:
        return [MemberText(name, note="格式无法识别，未读取")]
    if kind in ARCHIVES:
        if depth + 1 > limits.max_depth:
            raise UnsafeArchive(f"压缩包嵌套超过{limits.max_depth}层（{name}）")
        inner = read_archive(kind, data, limits, text_of, depth=depth + 1)
        return [MemberText(f"{name}/{m.name}", m.text, m.note) for m in inner]
    try:
        return [MemberText(name, text_of(kind, data))]
    except UnsafeArchive:
        raise
    except Exception as exc:  # one damaged member: named, the others still read
        return [MemberText(name, note=f"无法读取（{getattr(exc, 'args', [''])[0] or type(exc).__name__}）")]


# Inflated bytes promised by every directory read so far for one top-level archive: nested
# archives share the limit, so 3 levels of 2,000 members cannot multiply it (one task per child).
_inflated = [0]


def _count(members: list[Member], limits: Limits, depth: int) -> None:
    check_members(members, limits)
    _inflated[0] = (0 if depth == 1 else _inflated[0]) + sum(m.size for m in members)
    if _inflated[0] > limits.max_inflated:
        raise UnsafeArchive(f"压缩包及其内层压缩包解压后合计超过{_mb(limits.max_inflated)}的上限")


def read_archive(kind: str, data: bytes, limits: Limits, text_of, depth: int = 1) -> list[MemberText]:
    """Text of every member of an archive (recursively, to ``limits.max_depth`` levels).

    ``text_of(kind, data)`` reads one file of a known kind (``extract.extract_text``).
    """
    if kind == "zip":
        members = zip_members(data)
        _count(members, limits, depth)
        out: list[MemberText] = []
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for info, member in zip(package.infolist(), members, strict=True):
                if not member.is_file:
                    continue
                if info.flag_bits & 0x1:
                    out.append(MemberText(member.name, note="已加密，未读取"))
                    continue
                out += _read_member(member.name, package.read(info), depth, limits, text_of)
        return out
    return _read_with_unar(kind, data, limits, text_of, depth)


def _read_with_unar(kind: str, data: bytes, limits: Limits, text_of, depth: int) -> list[MemberText]:
    if not shutil.which("unar"):
        raise RuntimeError("未安装unar，无法读取RAR/7z压缩包")
    work = tempfile.mkdtemp(prefix="gongkai-archive-")
    try:
        source = os.path.join(work, f"archive.{kind}")
        Path(source).write_bytes(data)
        members = lsar_members(source, limits)
        _count(members, limits, depth)
        target = os.path.join(work, "out")
        os.mkdir(target)
        # -nr: nested archives are read by us, level by level, not unpacked by unar all at once.
        result = _run(
            ["unar", "-q", "-nr", "-f", "-D", "-o", target, source],
            limits,
            cwd=work,
            file_size=limits.max_inflated,
        )
        if result.returncode == -signal.SIGXFSZ:  # a member inflated past what the directory said
            raise UnsafeArchive(f"解压后超过{_mb(limits.max_inflated)}的上限（压缩包目录所记大小不实）")
        if result.returncode != 0:
            # Damaged, encrypted, or a member pointing outside the archive (unar refuses those):
            # unreadable, the original kept for a person to look at.
            raise Unreadable("压缩包无法解开（已损坏、已加密或含有指向包外的路径）")
        out: list[MemberText] = []
        root = Path(target).resolve()
        for path in sorted(root.rglob("*")):
            # Only regular files inside the directory: a symbolic link (../../etc/passwd) is not read.
            if path.is_symlink() or not path.is_file():
                continue
            if root not in path.resolve().parents:
                continue
            name = str(path.relative_to(root))
            out += _read_member(name, path.read_bytes(), depth, limits, text_of)
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def archive_text(members: list[MemberText]) -> str:
    """One text for the whole archive: each member under its name, unread members named."""
    parts = []
    for member in members:
        if member.note:
            parts.append(f"【{member.name}：{member.note}】")
        else:
            parts.append(f"【{member.name}】\n{member.text}")
    return "\n".join(parts)
