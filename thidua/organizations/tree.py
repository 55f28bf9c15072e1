"""Materialised paths of the unit tree. Pure: no Django.

A unit's path is its ancestors' primary keys and its own, slash-delimited: "/1/7/42/". The
delimiters make prefix tests exact ("/1/7/" is not a prefix of "/1/70/").
"""

ROOT_PREFIX = "/"


def path_for(parent_path: str | None, pk: int) -> str:
    """The path of unit `pk` under a parent with `parent_path` (None for the root)."""
    return f"{parent_path or ROOT_PREFIX}{pk}/"


def depth_of(path: str) -> int:
    """0 for the root, 1 for its children, …"""
    return path.strip("/").count("/")


def is_within(path: str, ancestor_path: str) -> bool:
    """Whether `path` is `ancestor_path` or below it."""
    return path.startswith(ancestor_path)


def would_create_cycle(unit_path: str, new_parent_path: str) -> bool:
    """Moving a unit under itself or one of its descendants would make a cycle."""
    return is_within(new_parent_path, unit_path)


def rebase(path: str, old_prefix: str, new_prefix: str) -> str:
    """The path of a descendant after its ancestor moved from `old_prefix` to `new_prefix`."""
    if not path.startswith(old_prefix):
        raise ValueError(f"{path!r} is not under {old_prefix!r}")
    return new_prefix + path[len(old_prefix) :]


def ancestor_ids(path: str) -> list[int]:
    """Primary keys from the root down to the unit itself."""
    return [int(part) for part in path.strip("/").split("/") if part]
