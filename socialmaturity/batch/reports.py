"""One PDF report per group (or per respondent), rendered in a pool of worker processes.

One WeasyPrint document cannot use more than one core, so the reports are spread over
processes. The pool starts its workers with 'forkserver' (or 'spawn' where there is no
fork server), never with a plain fork of this process: each worker imports WeasyPrint
itself and builds its own copy of the model from the questionnaire and roadmap. A report
that fails is reported in its outcome; the others carry on.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ..files import file_slug
from ..i18n import N_, Catalogue, message, message_of, nN_
from ..model import AnswerSheet, Questionnaire, Roadmap
from ..scoring import MaturityModel, VoteSummary, score
from .overview import PeerStanding
from .pipeline import GroupResult, ScoredRespondent, answer_sheet, group_label

REPORTS_FOLDER: Final = "reports"

MESSAGES: Catalogue = {
    "note.group": nN_("Survey results of {name}: the answers of {count} respondent, from {export}.", "Survey results of {name}: the consensus (median answer) of {count} respondents, from {export}."),
    "note.respondent": N_("Survey response of {name} (row {row} of {export})."),
    "respondent": N_("respondent {id}"),
    "respondent.row": N_("row {row}"),
    "worker.lost": N_("the worker process stopped unexpectedly ({detail})"),
}


@dataclass(frozen=True)
class ReportJob:
    """One report to render: whose, where to, and from which answers."""

    name: str
    output: Path
    sheet: AnswerSheet
    votes: tuple[VoteSummary, ...] | None
    title_note: str
    voters: int = 0  # the group's respondents
    peers: PeerStanding | None = None  # where the group stands among the others


@dataclass(frozen=True)
class ReportOutcome:
    name: str
    output: Path
    error: str | None = None
    refused: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


# -- file names ---------------------------------------------------------------------

def unique_slugs(names: Iterable[str], fallback: str = "report") -> list[str]:
    """One slug per name, numbered where two names give the same slug."""
    taken: set[str] = set()
    slugs = []
    for name in names:
        base = file_slug(name, fallback)
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


# -- jobs ---------------------------------------------------------------------------


def group_jobs(
    model: MaturityModel,
    groups: Sequence[GroupResult],
    folder: Path,
    *,
    export_name: str,
    assessed_on: dt.date,
    language: str,
    peers: dict[str, PeerStanding] | None = None,
) -> list[ReportJob]:
    """A report per group: its consensus answers, and its spread of answers as votes."""
    labels = [group_label(group.name, language) for group in groups]
    jobs = []
    for group, label, slug in zip(groups, labels, unique_slugs(labels, "group"), strict=True):
        jobs.append(
            ReportJob(
                label,
                folder / f"{slug}.pdf",
                answer_sheet(
                    model, label, group.consensus, assessed_on=assessed_on, language=language
                ),
                group.votes,
                message(
                    MESSAGES,
                    "note.group",
                    language,
                    name=label,
                    count=group.respondents,
                    export=export_name,
                ),
                group.respondents,
                (peers or {}).get(group.name),
            )
        )
    return jobs


def respondent_jobs(
    model: MaturityModel,
    respondents: Sequence[ScoredRespondent],
    folder: Path,
    *,
    export_name: str,
    assessed_on: dt.date,
    language: str,
) -> list[ReportJob]:
    """A report per respondent, named after the respondent id (or the row)."""
    labels = [
        message(MESSAGES, "respondent", language, id=r.respondent_id)
        if r.respondent_id
        else message(MESSAGES, "respondent.row", language, row=r.row)
        for r in respondents
    ]
    names = [r.respondent_id or f"row-{r.row}" for r in respondents]
    jobs = []
    for respondent, label, slug in zip(
        respondents, labels, unique_slugs(names, "respondent"), strict=True
    ):
        jobs.append(
            ReportJob(
                label,
                folder / f"{slug}.pdf",
                answer_sheet(
                    model, label, respondent.answers, assessed_on=assessed_on, language=language
                ),
                (),
                message(
                    MESSAGES,
                    "note.respondent",
                    language,
                    name=label,
                    row=respondent.row,
                    export=export_name,
                ),
            )
        )
    return jobs


# -- the pool -----------------------------------------------------------------------

_WORKER_MODEL: MaturityModel | None = None
_WORKER_LANGUAGE = "en"


def _start_worker(questionnaire: Questionnaire, roadmap: Roadmap, language: str) -> None:
    # Runs once in each worker. The model is built here rather than sent whole: the
    # scoring plan's NOT_APPLICABLE marker must be this process's own object.
    global _WORKER_MODEL, _WORKER_LANGUAGE
    _WORKER_MODEL = MaturityModel.build(questionnaire, roadmap)
    _WORKER_LANGUAGE = language
    import weasyprint  # noqa: F401  # loaded once per worker, in parallel with the others


def _render(job: ReportJob) -> ReportOutcome:
    """Render one report in a worker; a failure becomes the outcome's error."""
    from ..report import ReportError
    from ..report.render import render_report  # the renderer itself: it takes a group's peers

    model = _WORKER_MODEL
    assert model is not None, "the worker was not started with _start_worker"
    try:
        sheet = job.sheet
        card = score(model, sheet, votes=job.votes, voters=job.voters)
        refused = render_report(
            model,
            sheet,
            card,
            language=_WORKER_LANGUAGE,
            output=job.output,
            title_note=job.title_note,
            peers=job.peers,
        )
    except ReportError as error:
        return ReportOutcome(job.name, job.output, message_of(error))
    except Exception as error:  # one bad report must not stop the others
        return ReportOutcome(job.name, job.output, f"{type(error).__name__}: {error}")
    return ReportOutcome(job.name, job.output, None, tuple(refused))


def pool_context() -> multiprocessing.context.BaseContext:
    """'forkserver' where the platform has it, else 'spawn'; never a plain fork."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def render_reports(
    model: MaturityModel,
    jobs: Sequence[ReportJob],
    *,
    language: str,
    workers: int,
    done: Callable[[ReportOutcome], None] | None = None,
) -> list[ReportOutcome]:
    """Render every job in `workers` processes; outcomes in the order of `jobs`."""
    if not jobs:
        return []
    outcomes: dict[int, ReportOutcome] = {}
    executor = ProcessPoolExecutor(
        max_workers=max(1, min(workers, len(jobs))),
        mp_context=pool_context(),
        initializer=_start_worker,
        initargs=(model.questionnaire, model.roadmap, language),
    )
    try:
        futures: dict[Future[ReportOutcome], int] = {
            executor.submit(_render, job): i for i, job in enumerate(jobs)
        }
        for future in as_completed(futures):
            i = futures[future]
            job = jobs[i]
            try:
                outcome = future.result()
            except BrokenProcessPool as error:
                outcome = ReportOutcome(
                    job.name,
                    job.output,
                    message(MESSAGES, "worker.lost", language, detail=str(error) or "killed"),
                )
            except Exception as error:  # e.g. a job that cannot be sent to a worker
                outcome = ReportOutcome(job.name, job.output, f"{type(error).__name__}: {error}")
            outcomes[i] = outcome
            if done is not None:
                done(outcome)
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)
    return [outcomes[i] for i in range(len(jobs))]
