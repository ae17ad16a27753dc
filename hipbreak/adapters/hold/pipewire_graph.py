"""What the PipeWire graph says about a call, read from `pw-dump` JSON (a whole dump or monitor updates).

Only documented node properties are used (https://docs.pipewire.org/page_man_pipewire-props_7.html):
`media.class`, `application.process.id`, `application.name`, `stream.capture.sink`, `target.object`,
`node.target`, `device.api`, and the links' `output-node-id` / `input-node-id`.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hipbreak.language import N_, _

NODE = "PipeWire:Interface:Node"
LINK = "PipeWire:Interface:Link"
RUNNING = "running"
# Device layers that open a camera; a screen cast's source is a client stream with none of these.
CAMERA_APIS = frozenset({"v4l2", "libcamera"})


@dataclass(frozen=True)
class Capture:
    """One thing that says "in a call": what is captured, and by whom."""

    kind: str  # "microphone", "camera" or "screen cast"
    who: str

    def text(self) -> str:
        """Return e.g. "microphone (Firefox)" for a status or doctor line, in the user's language."""
        word = _KIND_WORDS.get(self.kind, self.kind)
        return f"{_(word)} ({self.who})"


# What is captured, as people read it; the kinds themselves stay English (they are compared).
_KIND_WORDS = {
    "microphone": N_("microphone"),
    "camera": N_("camera"),
    # Translators: a screen cast stream (the screen shared in a call).
    "screen cast": N_("screen cast"),  # not user text: the key
}


def describe_captures(line: str, captures: Iterable[Capture], last_error: str | None) -> str:
    """Return `line` (how calls are watched) followed by what is captured now and the last problem, if any."""
    found = ", ".join(capture.text() for capture in captures)
    if found:
        # Translators: {line} says how calls are watched; {captures} lists e.g. "microphone (Firefox)".
        line = _("{line}; in use: {captures}").format(line=line, captures=found)
    if last_error:
        # Translators: {line} says how calls are watched; {error} is the last thing that went wrong.
        line = _("{line}; last problem: {error}").format(line=line, error=last_error)
    return line


def parse_batch(text: str) -> list[dict[str, Any]]:
    """Return the objects of one pw-dump array; ValueError naming the problem if it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            _("pw-dump printed something that is not JSON: {error}").format(error=error)
        ) from None
    if not isinstance(data, list):
        # Translators: {kind} is a JSON value's Python type name, e.g. dict or str.
        text = _("pw-dump printed a {kind}, not a list of objects")
        raise ValueError(text.format(kind=type(data).__name__))
    return [item for item in data if isinstance(item, dict)]


class PipeWireGraph:
    """The objects pw-dump has reported so far, merged update by update. One thread uses it."""

    def __init__(self) -> None:
        """Start empty."""
        self._objects: dict[int, dict[str, Any]] = {}

    def clear(self) -> None:
        """Forget everything (pw-dump starts again with a full dump)."""
        self._objects.clear()

    def apply(self, batch: Iterable[Mapping[str, Any]]) -> None:
        """Merge one pw-dump array: new objects are added, `"info": null` removes one."""
        for item in batch:
            ident = item.get("id")
            if not isinstance(ident, int):
                continue
            if "info" in item and item["info"] is None:
                self._objects.pop(ident, None)
                continue
            old = self._objects.get(ident, {})
            merged = {**old, **{key: value for key, value in item.items() if key != "info"}}
            info = item.get("info")
            if isinstance(info, dict):
                old_info = old.get("info")
                old_info = old_info if isinstance(old_info, dict) else {}
                # An update may carry only what changed; keep the properties it left out.
                new_info = {**old_info, **info}
                if not isinstance(info.get("props"), dict):
                    new_info["props"] = old_info.get("props", {})
                merged["info"] = new_info
            self._objects[ident] = merged

    def captures(self, own_pids: Collection[int] = (), own_names: Collection[str] = ()) -> list[Capture]:
        """Return what is being captured now, leaving out our own streams and sink monitors."""
        nodes = {ident: obj for ident, obj in self._objects.items() if obj.get("type") == NODE}
        sources = self._link_sources()
        found: list[Capture] = []
        for ident, node in sorted(nodes.items()):
            props = _props(node)
            if _state(node) != RUNNING or _is_own(props, own_pids, own_names):
                continue
            media_class = str(props.get("media.class", ""))
            feeders = [nodes[i] for i in sources.get(ident, ()) if i in nodes]
            if media_class == "Stream/Input/Audio" and not _monitor_only(props, feeders):
                found.append(Capture("microphone", _who(props)))
            elif media_class == "Stream/Input/Video" and any(_is_camera(_props(f)) for f in feeders):
                found.append(Capture("camera", _who(props)))
            elif media_class == "Video/Source" and not _is_device(props):
                # A compositor's screen cast stream (Mutter, KWin, xdg-desktop-portal-wlr) made for
                # the portal; a camera's Video/Source node belongs to a device instead.
                found.append(Capture("screen cast", _who(props)))  # not user text: a kind
        return found

    def _link_sources(self) -> dict[int, list[int]]:
        """Return, for each node id, the ids of the nodes linked into it."""
        sources: dict[int, list[int]] = {}
        for obj in self._objects.values():
            if obj.get("type") != LINK or not isinstance(obj.get("info"), dict):
                continue
            out, into = obj["info"].get("output-node-id"), obj["info"].get("input-node-id")
            if isinstance(out, int) and isinstance(into, int):
                sources.setdefault(into, []).append(out)
        return sources


def _props(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    info = obj.get("info")
    props = info.get("props") if isinstance(info, dict) else None
    return props if isinstance(props, dict) else {}


def _state(obj: Mapping[str, Any]) -> str:
    info = obj.get("info")
    return str(info.get("state", "")) if isinstance(info, dict) else ""


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _is_own(props: Mapping[str, Any], own_pids: Collection[int], own_names: Collection[str]) -> bool:
    pid = props.get("application.process.id")
    try:
        if pid is not None and int(pid) in own_pids:
            return True
    except (TypeError, ValueError):
        pass
    return str(props.get("application.name", "")) in own_names


def _monitor_only(props: Mapping[str, Any], feeders: list[dict[str, Any]]) -> bool:
    """Whether a capture stream records what is played (a sink's monitor), not a microphone."""
    if _truthy(props.get("stream.capture.sink")):
        return True
    for key in ("target.object", "node.target"):
        if str(props.get(key, "")).endswith(".monitor"):
            return True
    if not feeders:
        return False
    # Linked only to sinks or to playback streams: it hears the speakers, not the room.
    return all(_is_playback(_props(feeder)) for feeder in feeders)


def _is_playback(props: Mapping[str, Any]) -> bool:
    media_class = str(props.get("media.class", ""))
    return "Sink" in media_class or media_class.startswith("Stream/Output/")


def _is_device(props: Mapping[str, Any]) -> bool:
    return "device.id" in props or "device.api" in props or "api.v4l2.path" in props


def _is_camera(props: Mapping[str, Any]) -> bool:
    return props.get("media.class") == "Video/Source" and (
        str(props.get("device.api", "")) in CAMERA_APIS or "api.v4l2.path" in props
    )


def _who(props: Mapping[str, Any]) -> str:
    for key in ("application.name", "application.process.binary", "node.description", "node.name"):
        value = props.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return _("an unnamed stream")
