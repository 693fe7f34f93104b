"""Screening an uploaded .docx before python-docx opens it: a zip of bounded size and ratio,
a WordprocessingML document, no macros."""

import io
import zipfile

from shared.errors import Problem, TooLarge

MAX_UPLOAD = 10 * 1024 * 1024  # bytes as uploaded
MAX_UNPACKED = 100 * 1024 * 1024  # bytes the zip says it unpacks to
MAX_RATIO = 100  # unpacked to packed, per member
MAX_MEMBERS = 2000
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_TYPES = ("macroEnabled", "vbaProject", "vbaData")


class NotDocx(Problem):
    """422: not a .docx the check can read."""

    status = 422


def refuse(reason: str) -> NotDocx:
    return NotDocx(f"请上传Word文档（.docx）：{reason}", errors=[{"field": "file", "message": reason}])


def _members(data: bytes) -> list[zipfile.ZipInfo]:
    try:
        return zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise refuse("文件不是有效的.docx（不是zip格式）") from exc


def _content_types(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            return archive.read("[Content_Types].xml").decode("utf-8", "replace")
        except (KeyError, zipfile.BadZipFile, RuntimeError, OSError, EOFError) as exc:
            raise refuse("缺少[Content_Types].xml，文件不是Word文档") from exc


def screen(data: bytes) -> None:
    """Refuses (413/422) what must not reach the parser: too large, a zip bomb, no .docx, macros."""
    if len(data) > MAX_UPLOAD:
        raise TooLarge(f"文件过大（{len(data) // 1024} KiB），上限为{MAX_UPLOAD // 1024 // 1024} MiB")
    members = _members(data)
    if len(members) > MAX_MEMBERS:
        raise refuse(f"压缩包内文件过多（{len(members)}个）")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        raise TooLarge(
            f"文件解压后过大（{unpacked // 1024 // 1024} MiB），上限为{MAX_UNPACKED // 1024 // 1024} MiB"
        )
    if any(m.file_size > MAX_RATIO * max(m.compress_size, 1024) for m in members):
        raise refuse("压缩比异常（疑似压缩炸弹）")
    if any("vbaproject" in m.filename.lower() for m in members):
        raise refuse("文件含宏（vbaProject），请另存为不含宏的.docx")
    types = _content_types(data)
    if any(marker in types for marker in MACRO_TYPES):
        raise refuse("启用宏的文档（.docm）不能上传，请另存为.docx")
    if DOCX_MAIN not in types:
        raise refuse("文件不是Word文档（.docx）")
