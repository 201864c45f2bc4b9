"""All-pairs matching of a corpus, cached pair by pair on disk.

A corpus of n agreements has n(n-1)/2 pairs; each is ranked the way
`match_pair` ranks it (the engine's `profiles` and `top_matches`, so scores
are exactly the pair view's; a test holds the two equal) and kept as a
compact ranking: for every commitment of either side, the positions and
scores of its top k commitments on the other side. Each agreement's profiles
are built once per run, not once per pair, and explanations are not built at
all: `explain` makes them on demand for the few rows a reviewer looks at, and
gives the same `Match` that `match_pair` made (the score of a pair depends on
the two commitments alone).

A pair's cache entry is keyed by the digests of both agreements (file bytes
and model), the lexicon's and the engine version, so editing one agreement
recomputes only the n-1 pairs that involve it; `CorpusMatches.recomputed`
says how many were. Pairs are oriented by agreement id, so adding an
agreement or changing a date never invalidates the others.

Entries are written without fsync: a cache is cheap to rebuild, and 5,000
fsyncs would dominate a cold run. A torn or foreign file fails the length,
key or checksum test and is recomputed, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import struct
import tempfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from compare import top_matches
from compare.cache import engine_version
from compare.corpus_prune import Ledger, scope_of
from compare.engine import gc_paused
from compare.lexicon import mapper
from compare.profile import Analysis, Profile, WeightedSide, analyse_agreement, weigh
from store.agreements.model import Agreement, Lexicon

MAGIC = b"ACCORD-CORPUS-PAIR-1\n"
_HEADER = struct.Struct("<64sIII")  # key, n_a, n_b, k
_CRC = struct.Struct("<I")
TABLE_MAGIC = b"ACCORD-CORPUS-TOPICS-1\n"
_TABLE_HEADER = struct.Struct("<64sIII")  # key, head bytes, offsets, values
PAIR_SUFFIX = ".bin"
TOPICS_SUFFIX = ".topics.json"
ANALYSES_SUFFIX = ".analyses.json"
TABLE_SUFFIX = ".corpus-topics"

if TYPE_CHECKING:
    # numpy is imported where it is used: importing it starts BLAS's threads,
    # and a process with threads cannot fork (`store.forked`).
    import numpy as np
    import numpy.typing as npt

    Indices = npt.NDArray[np.int32]
    Scores = npt.NDArray[np.float64]

Progress = Callable[[int, int], None]  # (pairs done, pairs in all)


class MatchingCancelled(Exception):
    """The caller asked to stop (a worker was cancelled): nothing half-done is kept."""


@dataclass(frozen=True, slots=True)
class PairRanking:
    """Top-k positions (-1 pads) and scores of each side's commitments in the other."""

    a_id: str
    b_id: str
    forward: Indices  # shape (len(a), k): positions in b
    forward_scores: Scores
    backward: Indices  # shape (len(b), k): positions in a
    backward_scores: Scores


def digest(source: Agreement | Lexicon) -> bytes:
    """What the cache keys on: the file's bytes (comments count) and the model itself."""
    data = b""
    if source.path is not None:
        try:
            data = source.path.read_bytes()
        except OSError:
            data = b"<unreadable>"
    return hashlib.sha256(data).digest() + hashlib.sha256(repr(source).encode()).digest()


def pair_key(a_digest: bytes, b_digest: bytes, lexicon_digest: bytes, top_k: int) -> str:
    key = hashlib.sha256(engine_version().encode())
    for part in (a_digest, b_digest, lexicon_digest, f"top_k={top_k}".encode()):
        key.update(hashlib.sha256(part).digest())
    return key.hexdigest()


def topics_digest(agreement: Agreement) -> bytes:
    """Exactly what its commitments' topics depend on (besides the lexicon): ref, text, topics."""
    parts = (
        "\x1f".join((f"{agreement.id}/{c.id}", c.text, ",".join(c.topics)))
        for c in agreement.commitments()
    )
    return hashlib.sha256("\x1e".join(parts).encode()).digest()


def _agreement_entry_key(kind: str, agreement_digest: bytes, lexicon_digest: bytes) -> str:
    """The name of one agreement's entry of `kind`, under this lexicon and engine."""
    key = hashlib.sha256(f"{kind}:{engine_version()}".encode())
    for part in (agreement_digest, lexicon_digest):
        key.update(hashlib.sha256(part).digest())
    return key.hexdigest()


def topics_key(agreement_digest: bytes, lexicon_digest: bytes) -> str:
    return _agreement_entry_key("topics", agreement_digest, lexicon_digest)


def load_topics(key: str) -> list[tuple[str, ...]] | None:
    """An agreement's topics, commitment by commitment, as `store_topics` wrote them."""
    try:
        data = json.loads((directory() / f"{key}{TOPICS_SUFFIX}").read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return [tuple(str(t) for t in topics) for topics in data["topics"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store_topics(key: str, topics: Sequence[tuple[str, ...]]) -> None:
    data = json.dumps({"key": key, "topics": topics}, ensure_ascii=False).encode("utf-8")
    _write(f"{key}{TOPICS_SUFFIX}", data)


def analyses_key(agreement_digest: bytes, lexicon_digest: bytes) -> str:
    return _agreement_entry_key("analyses", agreement_digest, lexicon_digest)


def _analyses_entries(
    agreements: Sequence[Agreement], digests: dict[str, bytes], lexicon_digest: bytes
) -> dict[str, tuple[str, ...]]:
    """Each agreement's analyses entry, by name, owned by that agreement (for the ledger)."""
    return {
        f"{analyses_key(digests[a.id], lexicon_digest)}{ANALYSES_SUFFIX}": (a.id,)
        for a in agreements
    }


def load_analyses(key: str, agreement: Agreement) -> list[Analysis] | None:
    """An agreement's analysed commitments, as `store_analyses` wrote them, or None.

    A changed agreement re-runs the pairs it is in, and each of those needs
    the other agreement's analysis: read back, it costs a tenth of analysing.
    """
    refs = [c.ref for c in agreement.commitments()]
    try:
        data = json.loads((directory() / f"{key}{ANALYSES_SUFFIX}").read_text(encoding="utf-8"))
        if data.get("key") != key or len(data["analyses"]) != len(refs):
            return None
        found = [
            Analysis(
                ref=str(ref),
                word_surfaces={str(k): str(v) for k, v in words.items()},
                concept_surfaces={str(t): tuple(str(p) for p in ps) for t, ps in concepts.items()},
                phrase_words=frozenset(str(w) for w in inside),
            )
            for ref, words, concepts, inside in data["analyses"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return found if [a.ref for a in found] == refs else None


def store_analyses(key: str, analyses: Sequence[Analysis]) -> None:
    # Key order is kept (JSON objects keep it both ways): a vector's tokens are
    # summed in that order, so the weights come out the same to the last bit.
    rows = [[a.ref, a.word_surfaces, a.concept_surfaces, sorted(a.phrase_words)] for a in analyses]
    data = json.dumps({"key": key, "analyses": rows}, ensure_ascii=False).encode("utf-8")
    _write(f"{key}{ANALYSES_SUFFIX}", data)


def corpus_topics_key(
    agreement_ids: Sequence[str], lexicon_digest: bytes, scope: str | None
) -> str:
    """The file of a corpus's topics: its folder, agreement ids, the lexicon and the engine.

    Not the agreements' contents: each agreement's digest is inside the file and
    is checked when its topics are read, so a first paint digests the columns on
    screen only, and an edited agreement's file is rewritten under the same name.
    """
    key = hashlib.sha256(f"corpus-topics:{engine_version()}".encode())
    key.update(hashlib.sha256(lexicon_digest).digest())
    key.update(hashlib.sha256(repr(scope).encode()).digest())
    for agreement_id in sorted(agreement_ids):
        key.update(hashlib.sha256(agreement_id.encode()).digest())
    return key.hexdigest()


# (agreement id, its `topics_digest`, its commitments' topics in order)
TableEntry = tuple[str, bytes, Sequence[tuple[str, ...]]]


class TopicTable:
    """Every commitment's topics for a whole corpus, read in one go, decoded one agreement
    at a time (a first paint decodes the agreements on screen, not all of them)."""

    def __init__(
        self,
        names: Sequence[str],
        agreements: dict[str, tuple[bytes, int, int]],
        offsets: npt.NDArray[np.int32],
        values: npt.NDArray[np.uint16],
    ) -> None:
        self.names = tuple(names)  # topic ids; `values` index them
        # agreement id -> (its topics digest, first commitment's row, commitments)
        self.agreements = agreements
        self.offsets = offsets  # a commitment's topics are values[offsets[row]:offsets[row + 1]]
        self.values = values

    def of(self, agreement_id: str, agreement_digest: bytes) -> list[tuple[str, ...]] | None:
        """Its topics, if the table holds this very agreement (same digest); else None."""
        found = self.agreements.get(agreement_id)
        if found is None or found[0] != agreement_digest:
            return None
        _, first, count = found
        bounds = self.offsets[first : first + count + 1].tolist()
        values = self.values[bounds[0] : bounds[-1]].tolist()
        names, base = self.names, bounds[0]
        return [
            tuple([names[value] for value in values[start - base : end - base]])
            for start, end in pairwise(bounds)
        ]


def _encode_topic_table(key: str, agreements: Sequence[TableEntry]) -> bytes:
    import numpy as np

    names = sorted({topic for *_, rows in agreements for topics in rows for topic in topics})
    index = {name: number for number, name in enumerate(names)}
    offsets: list[int] = [0]
    values: list[int] = []
    for *_, rows in agreements:
        for topics in rows:
            values.extend(index[topic] for topic in topics)
            offsets.append(len(values))
    head = json.dumps(
        {
            "names": names,
            "agreements": [
                [agreement_id, agreement_digest.hex(), len(rows)]
                for agreement_id, agreement_digest, rows in agreements
            ],
        },
        ensure_ascii=False,
    ).encode("utf-8")
    body = (
        _TABLE_HEADER.pack(key.encode("ascii"), len(head), len(offsets), len(values))
        + head
        + np.asarray(offsets, dtype="<i4").tobytes()
        + np.asarray(values, dtype="<u2").tobytes()
    )
    return TABLE_MAGIC + body + _CRC.pack(zlib.crc32(body))


def _decode_topic_table(data: bytes, key: str) -> TopicTable | None:
    import numpy as np

    if not data.startswith(TABLE_MAGIC) or len(data) < len(TABLE_MAGIC) + _TABLE_HEADER.size:
        return None
    start = len(TABLE_MAGIC)
    raw_key, head_size, n_offsets, n_values = _TABLE_HEADER.unpack_from(data, start)
    end = start + _TABLE_HEADER.size + head_size + 4 * n_offsets + 2 * n_values
    if raw_key != key.encode("ascii") or len(data) != end + _CRC.size:
        return None
    if _CRC.unpack_from(data, end)[0] != zlib.crc32(data[start:end]):
        return None
    offset = start + _TABLE_HEADER.size
    try:
        head = json.loads(data[offset : offset + head_size].decode("utf-8"))
        names = [str(name) for name in head["names"]]
        agreements: dict[str, tuple[bytes, int, int]] = {}
        first = 0
        for agreement_id, agreement_digest, count in head["agreements"]:
            agreements[str(agreement_id)] = (bytes.fromhex(agreement_digest), first, int(count))
            first += int(count)
    except (ValueError, KeyError, TypeError):
        return None
    offset += head_size
    offsets = np.frombuffer(data, dtype="<i4", count=n_offsets, offset=offset)
    values = np.frombuffer(data, dtype="<u2", count=n_values, offset=offset + 4 * n_offsets)
    if first + 1 != n_offsets or (n_values and int(values.max()) >= len(names)):
        return None
    if offsets[0] != 0 or offsets[-1] != n_values or (np.diff(offsets) < 0).any():
        return None
    return TopicTable(names, agreements, offsets.astype(np.int32), values.astype(np.uint16))


def load_topic_table(key: str) -> TopicTable | None:
    """A corpus's topics as `store_topic_table` wrote them; None if absent or damaged."""
    try:
        data = (directory() / f"{key}{TABLE_SUFFIX}").read_bytes()
    except OSError:
        return None
    return _decode_topic_table(data, key)


def store_topic_table(key: str, agreements: Sequence[TableEntry]) -> None:
    """Every agreement of a corpus: (id, `topics_digest`, its commitments' topics in order)."""
    if len({topic for *_, rows in agreements for topics in rows for topic in topics}) > 0xFFFF:
        return  # more topics than the format numbers: the per-agreement files still serve
    _write(f"{key}{TABLE_SUFFIX}", _encode_topic_table(key, agreements))


def directory() -> Path:
    from store.locate import cache_dir

    return cache_dir() / "corpus"


def _ranking(
    a_id: str, b_id: str, pa: Sequence[Profile], pb: Sequence[Profile], k: int
) -> PairRanking:
    """The pair's top-k both ways, as `match_pair` ranks them (without explaining them)."""
    import numpy as np

    forward, backward = top_matches(pa, pb, k)

    def side(ranking: list[list[tuple[int, float]]]) -> tuple[Indices, Scores]:
        indices = np.full((len(ranking), k), -1, dtype=np.int32)
        scores = np.zeros((len(ranking), k), dtype=np.float64)
        for row, found in enumerate(ranking):
            for column, (index, score) in enumerate(found[:k]):
                indices[row, column] = index
                scores[row, column] = score
        return indices, scores

    forward_indices, forward_scores = side(forward)
    backward_indices, backward_scores = side(backward)
    return PairRanking(
        a_id, b_id, forward_indices, forward_scores, backward_indices, backward_scores
    )


def _encode(key: str, ranking: PairRanking, k: int) -> bytes:
    body = b"".join(
        array.tobytes()
        for array in (
            ranking.forward,
            ranking.forward_scores,
            ranking.backward,
            ranking.backward_scores,
        )
    )
    header = _HEADER.pack(
        key.encode("ascii"), ranking.forward.shape[0], ranking.backward.shape[0], k
    )
    return MAGIC + header + body + _CRC.pack(zlib.crc32(header + body))


def _decode(data: bytes, key: str, a: Agreement, b: Agreement, k: int) -> PairRanking | None:
    import numpy as np

    if not data.startswith(MAGIC):
        return None
    start = len(MAGIC)
    try:
        raw_key, n_a, n_b, stored_k = _HEADER.unpack_from(data, start)
    except struct.error:
        return None
    if raw_key != key.encode("ascii") or (n_a, n_b, stored_k) != (len(a), len(b), k):
        return None
    sizes = (n_a * k * 4, n_a * k * 8, n_b * k * 4, n_b * k * 8)
    end = start + _HEADER.size + sum(sizes)
    if len(data) != end + _CRC.size:
        return None
    if _CRC.unpack_from(data, end)[0] != zlib.crc32(data[start:end]):
        return None
    arrays = []
    offset = start + _HEADER.size
    for size, dtype, rows in zip(
        sizes, (np.int32, np.float64, np.int32, np.float64), (n_a, n_a, n_b, n_b), strict=True
    ):
        arrays.append(
            np.frombuffer(data, dtype=dtype, count=rows * k, offset=offset).reshape(rows, k)
        )
        offset += size
    return PairRanking(a.id, b.id, arrays[0], arrays[1], arrays[2], arrays[3])


def _load(key: str, a: Agreement, b: Agreement, k: int) -> PairRanking | None:
    try:
        data = (directory() / f"{key}{PAIR_SUFFIX}").read_bytes()
    except OSError:
        return None
    return _decode(data, key, a, b, k)


def _store(key: str, ranking: PairRanking, k: int) -> None:
    _write(f"{key}{PAIR_SUFFIX}", _encode(key, ranking, k))


def _write(name: str, data: bytes) -> None:
    """Write atomically (rename into place); a cache that cannot be written is no error.

    A name held by anything but a regular file (a link, a directory, a FIFO) is
    left as it is: that entry is simply not cached.
    """
    folder = directory()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(folder / name).st_mode):
                return
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return


class CorpusMatches:
    """Every pair's ranking, with lookups by commitment."""

    def __init__(
        self,
        agreements: Sequence[Agreement],
        pairs: dict[tuple[str, str], PairRanking],
        top_k: int,
        recomputed: int,
    ) -> None:
        self.agreement_ids = tuple(a.id for a in agreements)
        self.refs: dict[str, tuple[str, ...]] = {
            a.id: tuple(c.ref for c in a.commitments()) for a in agreements
        }
        self._position = {
            ref: index for refs in self.refs.values() for index, ref in enumerate(refs)
        }
        self.pairs = pairs
        self.top_k = top_k
        self.recomputed = recomputed
        self.pruned = 0  # stale pair entries deleted after this run
        self.pruned_analyses = 0  # and stale analyses of agreements' older bytes

    @property
    def pair_count(self) -> int:
        return len(self.pairs)

    def ranked(self, ref: str, other_id: str) -> tuple[tuple[str, float], ...]:
        """The best commitments of `other_id` for `ref`, best first, as (ref, score)."""
        agreement_id = ref.partition("/")[0]
        position = self._position.get(ref)
        if position is None or other_id == agreement_id or other_id not in self.refs:
            return ()
        if (agreement_id, other_id) in self.pairs:
            ranking = self.pairs[(agreement_id, other_id)]
            indices, scores = ranking.forward[position], ranking.forward_scores[position]
        elif (other_id, agreement_id) in self.pairs:
            ranking = self.pairs[(other_id, agreement_id)]
            indices, scores = ranking.backward[position], ranking.backward_scores[position]
        else:
            return ()
        others = self.refs[other_id]
        return tuple(
            (others[int(index)], float(score))
            for index, score in zip(indices, scores, strict=True)
            if index >= 0
        )


def oriented_pairs(agreements: Sequence[Agreement]) -> list[tuple[Agreement, Agreement]]:
    """Every unordered pair once, the smaller id first (stable under reordering)."""
    ordered = sorted(agreements, key=lambda agreement: agreement.id)
    return [(a, b) for index, a in enumerate(ordered) for b in ordered[index + 1 :]]


def match_corpus(
    agreements: Sequence[Agreement],
    lexicon: Lexicon,
    *,
    top_k: int = 5,
    use_cache: bool = True,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    involving: str | None = None,
    share: tuple[int, int] | None = None,
) -> CorpusMatches:
    """Match every pair of `agreements`, reusing cached pairs; raises MatchingCancelled.

    With `involving`, only the pairs that include that agreement (what one
    commitment's counterparts across the corpus need). With `share` (i, n),
    every n-th pair from the i-th: one of n processes' part, which keeps no
    ledger (the parent records the pairs before and prunes after).
    """
    ids = [a.id for a in agreements]
    if len(set(ids)) != len(ids):
        raise ValueError("two agreements share an id: " + ", ".join(sorted(ids)))
    top_k = max(1, int(top_k))
    digests = {a.id: digest(a) for a in agreements}
    lexicon_digest = digest(lexicon)
    pairs = oriented_pairs(agreements)
    if involving is not None:
        pairs = [(a, b) for a, b in pairs if involving in (a.id, b.id)]
    if share is not None:
        pairs = pairs[share[0] :: share[1]]
    keys = [pair_key(digests[a.id], digests[b.id], lexicon_digest, top_k) for a, b in pairs]
    ledger = _ledger(agreements, top_k) if use_cache and share is None else None
    live = {f"{key}{PAIR_SUFFIX}": (a.id, b.id) for key, (a, b) in zip(keys, pairs, strict=True)}
    if ledger is not None:
        ledger.record(live)
    found: dict[tuple[str, str], PairRanking] = {}
    recomputed = 0
    # Each agreement's text is analysed once for all its pairs, and kept on disk
    # for the next run; the weights are the pair's own (rarity over the two
    # agreements), exactly as `match_pair`.
    concept_mapper = mapper(lexicon)
    analysed: dict[str, list[Analysis]] = {}
    scope = scope_of(agreements)
    analyses_ledger = (
        Ledger(directory(), scope, "analyses")
        if use_cache and share is None and scope is not None
        else None
    )
    analyses_live = _analyses_entries(agreements, digests, lexicon_digest)
    if analyses_ledger is not None:
        analyses_ledger.record(analyses_live)

    def profiles_of(a: Agreement, b: Agreement) -> tuple[WeightedSide, WeightedSide]:
        for agreement in (a, b):
            if agreement.id not in analysed:
                key = analyses_key(digests[agreement.id], lexicon_digest)
                known = load_analyses(key, agreement) if use_cache else None
                if known is None:
                    known = analyse_agreement(agreement, concept_mapper)
                    if use_cache:
                        store_analyses(key, known)
                analysed[agreement.id] = known
        pa, pb = weigh([analysed[a.id], analysed[b.id]], concept_mapper.weights)
        return pa, pb

    for done, ((a, b), key) in enumerate(zip(pairs, keys, strict=True)):
        if cancelled is not None and cancelled():
            raise MatchingCancelled
        ranking = _load(key, a, b, top_k) if use_cache else None
        if ranking is None:
            # As the pair view does (`compute_pair`): no cycles to find in a pair's garbage.
            with gc_paused():
                ranking = _ranking(a.id, b.id, *profiles_of(a, b), top_k)
            recomputed += 1
            if use_cache:
                _store(key, ranking, top_k)
        found[(a.id, b.id)] = ranking
        if progress is not None:
            progress(done + 1, len(pairs))
    matches = CorpusMatches(agreements, found, top_k, recomputed)
    if ledger is not None:
        # Finished: the entries of these agreements' older bytes can go.
        matches.pruned = ledger.prune(live, lambda owners: involving is None or involving in owners)
    if analyses_ledger is not None and involving is None:
        matches.pruned_analyses = analyses_ledger.prune(analyses_live, lambda _owners: True)
    return matches


def _ledger(agreements: Sequence[Agreement], top_k: int) -> Ledger | None:
    scope = scope_of(agreements)
    return Ledger(directory(), scope, f"pairs-k{top_k}") if scope is not None else None


def record_pairs(agreements: Sequence[Agreement], lexicon: Lexicon, top_k: int) -> None:
    """List every pair's entry in the folder's ledger before other processes write them."""
    ledger = _ledger(agreements, top_k)
    scope = scope_of(agreements)
    if ledger is None or scope is None:
        return
    digests = {a.id: digest(a) for a in agreements}
    lexicon_digest = digest(lexicon)
    Ledger(directory(), scope, "analyses").record(
        _analyses_entries(agreements, digests, lexicon_digest)
    )
    ledger.record(
        {
            f"{pair_key(digests[a.id], digests[b.id], lexicon_digest, top_k)}{PAIR_SUFFIX}": (
                a.id,
                b.id,
            )
            for a, b in oriented_pairs(agreements)
        }
    )
