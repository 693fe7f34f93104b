"""Files the services hand people: a Chinese file name in `Content-Disposition` (RFC 6266, RFC 5987)."""

from urllib.parse import quote

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(filename: str, fallback: str) -> dict[str, str]:
    """The header of a download named `filename` (UTF-8, `filename*`), `fallback` (ASCII) for old clients."""
    return {"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"}


def declared(media_type: str) -> dict[int | str, dict[str, object]]:
    """The `responses` of a route answering a file of this type (its OpenAPI content type)."""
    return {200: {"content": {media_type: {}}}}
