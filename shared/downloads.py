"""Files the services hand people: a Chinese file name in `Content-Disposition` (RFC 6266, RFC 5987)."""

import re
from urllib.parse import quote

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
"""What no saved file's name may hold (Windows' list, which is the strictest): a title's `/` becomes `_`."""


def attachment(filename: str, fallback: str) -> dict[str, str]:
    """The header of a download named `filename` (UTF-8, `filename*`), `fallback` (ASCII) for old clients."""
    name = quote(NOT_IN_FILE_NAMES.sub("_", filename), safe="")
    plain = NOT_IN_FILE_NAMES.sub("_", fallback.encode("ascii", "replace").decode("ascii"))
    return {"Content-Disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{name}"}


def declared(media_type: str) -> dict[int | str, dict[str, object]]:
    """The `responses` of a route answering a file of this type (its OpenAPI content type)."""
    return {200: {"content": {media_type: {}}}}
