"""What calibration learns from the teacher's marked essays beyond the rubric, and its file.

The calibrated mark blends the calibrated criteria with how closely an essay resembles the
essays the teacher marked (`resemblance.py`, `blend.py`). The profiles of the marked essays
(hashed n-gram weights, never their text), their marks and the students' names live in one
file beside the calibrated rubric; the rubric names the file and its digest, so a
file that does not belong to the rubric is refused before anything is marked.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from grader.calibration.blend import Blend, fit_blend
from grader.calibration.resemblance import (
    HASHED_FEATURES,
    KINDS,
    SURFACE,
    ProfileKind,
    Resemblance,
    fit_resemblance,
    surface,
)
from grader.io.files import write_bytes_atomic
from grader.io.yamlfile import MarkedDict, position_of
from grader.marking.scoring import Closest
from grader.rubric.schema import Problem, Rubric, RubricError

FORMAT = "grader-learned-marks"
VERSION = 1
CRITERIA = "criteria"  # the part that is the calibrated criteria's weighted percent
MIN_ESSAYS = 20  # fewer marked essays are too few to learn resemblance from
CLOSEST = 3  # how many of the teacher's marked essays a report names


# The blend's parts as a teacher would name them.
GROUPS = {
    "the criteria": (CRITERIA,),
    "resemblance in words and word pairs": ("words",),
    "resemblance in spelling and letter patterns": ("characters",),
    "length and vocabulary": SURFACE,
}


class LearnedFileError(ValueError):
    """The learned-marks file cannot be used: missing, damaged or not this rubric's."""


@dataclass(frozen=True)
class Blended:
    """One essay's blended mark (before rounding), the blend's parts, and its closest."""

    mark: float
    parts: dict[str, float]
    closest: tuple[Closest, ...]


@dataclass(frozen=True)
class LearnedMarks:
    """The resemblance models, the blend over them and the criteria, and who was marked."""

    resemblances: tuple[Resemblance, ...]
    blend: Blend
    students: tuple[str, ...]
    marks: tuple[float, ...]

    def judge(self, text: str, percent: float) -> Blended:
        """Blend one essay's parts into a mark and name the marked essays it is closest to."""
        alike = {model.kind.name: model.similarities([text])[0] for model in self.resemblances}
        parts = {CRITERIA: percent}
        parts.update({k: v for k, v in surface(text).items() if self.blend.weights.get(k)})
        for model in self.resemblances:
            if self.blend.weights.get(model.kind.name):
                parts[model.kind.name] = float(model.suggested(alike[model.kind.name]))
        # Closest by every kind of profile alike: the mean of their similarities.
        together = sum(alike.values()) / len(alike)
        order = np.argsort(-together, kind="stable")[:CLOSEST]
        closest = tuple(
            Closest(self.students[i], self.marks[i], round(float(together[i]), 3)) for i in order
        )
        return Blended(self.blend.mark(parts), parts, closest)

    def mark(self, text: str, percent: float) -> float:
        """Return the blended mark for one essay (not yet rounded to the scale)."""
        return self.judge(text, percent).mark

    def shares(self) -> dict[str, float]:
        """Say how much each group of parts moves the marks, as shares, by a teacher's names."""
        shares = self.blend.shares()
        return {
            label: sum(shares.get(part, 0.0) for part in parts) for label, parts in GROUPS.items()
        }

    def in_words(self) -> str:
        """Say what moves the marks, in shares; say so when resemblance added nothing."""
        shares = self.shares()
        said = "; ".join(f"{label} {share:.0%}" for label, share in shares.items() if share > 0)
        if not any(shares[label] for label in GROUPS if label.startswith("resemblance")):
            said += " (resemblance to the marked essays added nothing to these marks)"
        return said

    @property
    def digest(self) -> str:
        """Identify the learned content (the same essays and marks give the same digest)."""
        return _digest(_arrays(self), _meta(self))


def fit_learned(
    texts: Sequence[str],
    marks: Sequence[float],
    held_out_percents: Sequence[float],
    students: Sequence[str] | None = None,
) -> LearnedMarks:
    """Fit the resemblance models and the blend; the percents must be held out (cross-fitted)."""
    y = np.asarray(marks, dtype=float)
    models = []
    parts: dict[str, NDArray[np.float64]] = {CRITERIA: np.asarray(held_out_percents, dtype=float)}
    measured = [surface(text) for text in texts]
    for name in SURFACE:
        parts[name] = np.array([m[name] for m in measured])
    for kind in KINDS:
        model, left_out = fit_resemblance(kind, texts, marks)
        models.append(model)
        parts[kind.name] = left_out
    names = tuple(students or (f"essay {i + 1}" for i in range(len(texts))))
    return LearnedMarks(tuple(models), fit_blend(parts, y), names, tuple(float(m) for m in y))


def attach_learned_marks(rubric: Rubric, data: MarkedDict, file: str) -> None:
    """Load the rubric's learned-marks file, refusing one that is not the rubric's own."""
    named = rubric.learned_marks
    if named is None:
        return
    try:
        rubric.attach_learned(read_learned(Path(named.file), named.digest))
    except LearnedFileError as error:
        where = position_of(data, ("learned_marks", "file")) or file
        raise RubricError([Problem(where, "learned_marks.file", str(error))]) from None


def write_learned(path: Path, learned: LearnedMarks) -> str:
    """Write the learned marks to a file (atomically); return the digest the rubric records."""
    arrays = _arrays(learned)
    meta = _meta(learned)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # Fixed dates, so the same model writes the same bytes.
        archive.writestr(zipfile.ZipInfo("meta.json", (1980, 1, 1, 0, 0, 0)), meta)
        for name, array in sorted(arrays.items()):
            out = io.BytesIO()
            np.lib.format.write_array(out, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, out.getvalue())
    write_bytes_atomic(path, buffer.getvalue())
    return _digest(arrays, meta)


def read_learned(path: Path, digest: str | None = None) -> LearnedMarks:
    """Read a learned-marks file, refusing one that is damaged or has another digest."""
    try:
        with zipfile.ZipFile(path) as archive:
            meta_text = archive.read("meta.json").decode("utf-8")
            arrays = {
                name.removesuffix(".npy"): np.lib.format.read_array(
                    io.BytesIO(archive.read(name)), allow_pickle=False
                )
                for name in archive.namelist()
                if name.endswith(".npy")
            }
        meta = json.loads(meta_text)
    except FileNotFoundError:
        raise LearnedFileError(f"{path}: learned-marks file not found") from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise LearnedFileError(f"{path}: not a learned-marks file ({error})") from None
    if meta.get("format") != FORMAT:
        raise LearnedFileError(f"{path}: not a learned-marks file (format {meta.get('format')!r})")
    if meta.get("version") != VERSION:
        raise LearnedFileError(
            f"{path}: learned-marks file version {meta.get('version')!r}; this grader reads "
            f"version {VERSION}: run grader calibrate again"
        )
    found = _digest(arrays, meta_text)
    if digest is not None and found != digest:
        raise LearnedFileError(
            f"{path}: this learned-marks file does not belong to the rubric (its digest is "
            f"{found}, the rubric expects {digest}): use the file written with the rubric, "
            "or run grader calibrate again"
        )
    try:
        return _from_arrays(arrays, meta)
    except (KeyError, ValueError, IndexError, TypeError) as error:
        raise LearnedFileError(f"{path}: damaged learned-marks file ({error})") from None


def _meta(learned: LearnedMarks) -> str:
    """Describe the model in JSON: settings, the blend, and who was marked."""
    blend = learned.blend
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "essays": len(learned.marks),
        "students": list(learned.students),
        "blend": {
            "intercept": blend.intercept,
            "weights": dict(blend.weights),
            "spreads": dict(blend.spreads),
        },
        "kinds": [
            {
                "name": m.kind.name,
                "analyzer": m.kind.analyzer,
                "ngrams": list(m.kind.ngrams),
                "alpha": m.kind.alpha,
                "idf_unseen": m.idf_unseen,
                "centre": m.centre,
            }
            for m in learned.resemblances
        ],
    }
    return json.dumps(meta, sort_keys=True, ensure_ascii=False)


def _arrays(learned: LearnedMarks) -> dict[str, NDArray[np.generic]]:
    """Gather the model's arrays by name."""
    arrays: dict[str, NDArray[np.generic]] = {"marks": np.asarray(learned.marks, dtype=float)}
    for m in learned.resemblances:
        key = m.kind.name
        arrays[f"{key}.idf_features"] = m.idf_features
        arrays[f"{key}.idf_values"] = m.idf_values
        arrays[f"{key}.data"] = m.profiles.data
        arrays[f"{key}.indices"] = m.profiles.indices.astype(np.int32)
        arrays[f"{key}.indptr"] = m.profiles.indptr.astype(np.int64)
        arrays[f"{key}.coefficients"] = m.coefficients
    return arrays


def _digest(arrays: Mapping[str, NDArray[np.generic]], meta: str) -> str:
    """Hash the content: the settings, then every array's name, type, shape and bytes."""
    digest = hashlib.sha256(meta.encode("utf-8"))
    for name in sorted(arrays):
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}|{array.dtype.str}|{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()[:16]


def _from_arrays(
    arrays: Mapping[str, NDArray[np.generic]], meta: Mapping[str, object]
) -> LearnedMarks:
    """Rebuild the model from its arrays and settings."""
    kinds, blend, students = meta["kinds"], meta["blend"], meta["students"]
    if not (isinstance(kinds, list) and isinstance(blend, dict) and isinstance(students, list)):
        raise ValueError("its settings are not the lists and mappings grader writes")
    models = []
    for k in kinds:
        key = k["name"]
        kind = ProfileKind(
            key, k["analyzer"], (int(k["ngrams"][0]), int(k["ngrams"][1])), float(k["alpha"])
        )
        rows = len(arrays[f"{key}.indptr"]) - 1
        profiles = sparse.csr_matrix(
            (arrays[f"{key}.data"], arrays[f"{key}.indices"], arrays[f"{key}.indptr"]),
            shape=(rows, HASHED_FEATURES),
        )
        if rows != len(students) or len(arrays[f"{key}.coefficients"]) != rows:
            raise ValueError(f"{rows} {key} profiles for {len(students)} marked essays")
        models.append(
            Resemblance(
                kind,
                np.asarray(arrays[f"{key}.idf_features"], dtype=np.int64),
                np.asarray(arrays[f"{key}.idf_values"], dtype=np.float32),
                float(k["idf_unseen"]),
                profiles,
                np.asarray(arrays[f"{key}.coefficients"], dtype=float),
                float(k["centre"]),
            )
        )
    return LearnedMarks(
        tuple(models),
        Blend(float(blend["intercept"]), dict(blend["weights"]), dict(blend["spreads"])),
        tuple(str(s) for s in students),
        tuple(float(m) for m in np.asarray(arrays["marks"], dtype=float)),
    )
