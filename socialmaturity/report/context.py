"""What the report says, as plain data for the templates: no IO, no clock, no HTML.

`build_context` turns a model, an answers file and its scorecard into a `Report`:
every text already in the report's language, every number already formatted,
every chart already drawn as SVG. The templates only lay it out, so a
consultancy that restyles them cannot get a score or a translation wrong.

Texts from the answers file (organisation, notes, participants) are untrusted:
they travel as plain strings and the templates escape them; only the charts,
which escape their own labels, are marked safe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import __version__
from ..i18n import Catalogue, message, text
from ..model import AnswerSheet, Question, plain
from ..scoring import NOT_APPLICABLE, MaturityModel, Scorecard, ladder, normalised_scores
from ..views import View, number, percent
from . import charts
from .progress import MESSAGES as PROGRESS_MESSAGES
from .progress import (
    ChangedAnswer,
    Extras,
    History,
    PlanSection,
    banner,
    changed_answers,
    history,
    plan_section,
)

if TYPE_CHECKING:
    from ..assessments import Earlier

MESSAGES: Catalogue = {
    # the document
    "document.title": {
        "en": "Social business maturity report",
        "nl": "Rapport social-businessvolwassenheid",
    },
    "document.kicker": {"en": "Maturity assessment", "nl": "Volwassenheidsmeting"},
    "page.page": {"en": "page", "nl": "pagina"},
    "page.of": {"en": "of", "nl": "van"},
    # the cover
    "cover.sector": {"en": "Sector", "nl": "Sector"},
    "cover.size": {"en": "Size", "nl": "Omvang"},
    "cover.assessed-on": {"en": "Assessed on", "nl": "Datum meting"},
    "cover.assessor": {"en": "Assessor", "nl": "Afgenomen door"},
    "cover.consultant": {"en": "Consultant", "nl": "Adviseur"},
    "cover.participants": {"en": "Participants", "nl": "Deelnemers"},
    "cover.questionnaire": {"en": "Questionnaire", "nl": "Vragenlijst"},
    "cover.version": {"en": "{id}, version {version}", "nl": "{id}, versie {version}"},
    "cover.phase": {"en": "Phase reached", "nl": "Bereikte fase"},
    "cover.more-participants": {"en": "and {count} more", "nl": "en nog {count}"},
    # the executive summary
    "summary.title": {"en": "Executive summary", "nl": "Managementsamenvatting"},
    "summary.why": {"en": "How the phase was determined", "nl": "Zo is de fase bepaald"},
    "summary.roadmap": {"en": "The roadmap", "nl": "De roadmap"},
    "summary.phase": {"en": "Phase", "nl": "Fase"},
    "summary.phase-of": {"en": "phase\u00a0{index}\u00a0of\u00a0{count}", "nl": "fase\u00a0{index}\u00a0van\u00a0{count}"},
    "summary.start": {"en": "Before the first phase", "nl": "Vóór de eerste fase"},
    "summary.next": {"en": "Next phase", "nl": "Volgende fase"},
    "summary.next-score": {
        "en": "{score} of {threshold} needed",
        "nl": "{score} van de benodigde {threshold}",
    },
    "summary.next-coverage": {
        "en": "{share}% answered, {minimum}% needed",
        "nl": "{share}% beantwoord, {minimum}% nodig",
    },
    "summary.last": {"en": "All phases passed", "nl": "Alle fasen behaald"},
    "summary.answered": {"en": "Answered", "nl": "Beantwoord"},
    "summary.answered-value": {"en": "{share}% of the questions", "nl": "{share}% van de vragen"},
    "summary.steps": {"en": "Next steps at a glance", "nl": "De volgende stappen in het kort"},
    # the charts
    "chart.here": {"en": "You are here", "nl": "U bent hier"},
    "chart.start": {"en": "Start", "nl": "Start"},
    "chart.threshold": {"en": "threshold {threshold}", "nl": "drempel {threshold}"},
    "chart.passed": {"en": "passed", "nl": "behaald"},
    "chart.not-passed": {"en": "not passed", "nl": "niet behaald"},
    "chart.threshold-tick": {"en": "threshold", "nl": "drempel"},
    "chart.now": {"en": "This assessment ({date})", "nl": "Deze meting ({date})"},
    "chart.earlier": {"en": "Earlier assessment ({date})", "nl": "Eerdere meting ({date})"},
    # per phase and per dimension
    "scores.title": {"en": "Scores per phase", "nl": "Scores per fase"},
    "scores.intro": {
        "en": "Each phase is passed when its score reaches the threshold (the black tick) and at least {minimum}% of its questions are answered. The phases count in order.",
        "nl": "Een fase is behaald als de score de drempel haalt (het zwarte streepje) en minstens {minimum}% van de vragen is beantwoord. De fasen tellen op volgorde.",
    },
    "scores.answered": {"en": "{coverage}% answered", "nl": "{coverage}% beantwoord"},
    "dimensions.title": {"en": "Profile across the dimensions", "nl": "Profiel over de dimensies"},
    "dimensions.intro": {
        "en": "The dimensions cut across the phases: each score is the average of all answered questions on that subject, from 0 at the centre to 100 at the rim. They show where the organisation is strong or weak, not which phase it is in.",
        "nl": "De dimensies lopen dwars door de fasen: elke score is het gemiddelde van alle beantwoorde vragen over dat onderwerp, van 0 in het midden tot 100 aan de rand. Ze laten zien waar de organisatie sterk of zwak is, niet in welke fase ze zit.",
    },
    "status.passed": {"en": "passed", "nl": "behaald"},
    "status.not-passed": {"en": "not passed", "nl": "niet behaald"},
    "status.gated": {"en": "passed, not counted yet", "nl": "behaald, telt nog niet mee"},
    # the profile of the phase
    "profile.title": {
        "en": "What the {phase} phase looks like",
        "nl": "Zo ziet de fase {phase} eruit",
    },
    "profile.start-title": {"en": "Where the organisation starts", "nl": "Het vertrekpunt"},
    "profile.characteristics": {"en": "Typical characteristics", "nl": "Kenmerken"},
    "profile.obstacles": {"en": "Typical obstacles", "nl": "Typische obstakels"},
    "profile.customers": {"en": "What customers notice", "nl": "Wat klanten merken"},
    # next steps and actions
    "steps.title": {"en": "Next steps", "nl": "Volgende stappen"},
    "steps.intro": {
        "en": "The roadmap's next steps for an organisation in the {phase} phase, on the way to {next}.",
        "nl": "De volgende stappen uit de roadmap voor een organisatie in de fase {phase}, op weg naar {next}.",
    },
    "steps.intro-last": {
        "en": "The roadmap's steps for an organisation in its last phase, {phase}: keep what has been reached and build on it.",
        "nl": "De stappen uit de roadmap voor een organisatie in de laatste fase, {phase}: vasthouden wat bereikt is en daarop voortbouwen.",
    },
    "steps.intro-start": {
        "en": "The roadmap's first steps, on the way to its first phase, {next}.",
        "nl": "De eerste stappen uit de roadmap, op weg naar de eerste fase, {next}.",
    },
    "actions.title": {"en": "The largest gaps", "nl": "De grootste hiaten"},
    "actions.intro": {
        "en": "A gap is an answer below the best one. These cost the most points on the way to the next phase, largest first, each with what to do about it.",
        "nl": "Een hiaat is een antwoord onder het beste. Deze kosten op weg naar de volgende fase de meeste punten, de grootste eerst, elk met wat eraan te doen is.",
    },
    "actions.none": {
        "en": "No weak answers: every answered question has its best answer.",
        "nl": "Geen zwakke antwoorden: elke beantwoorde vraag heeft het beste antwoord.",
    },
    "actions.answer": {"en": "Current answer", "nl": "Huidig antwoord"},
    "actions.do": {"en": "What to do", "nl": "Wat te doen"},
    "actions.meta": {
        "en": "{phase} · {dimension}",
        "nl": "{phase} · {dimension}",
    },
    # strengths
    "strengths.title": {"en": "Strengths", "nl": "Sterke punten"},
    "strengths.intro": {
        "en": "The answers that contribute most: build on these.",
        "nl": "De antwoorden die het meest bijdragen: bouw hierop voort.",
    },
    "strengths.none": {
        "en": "No strengths yet: no question has an answer above the lowest.",
        "nl": "Nog geen sterke punten: geen enkele vraag heeft een antwoord boven het laagste.",
    },
    # disagreement
    "votes.title": {
        "en": "Where the participants disagreed",
        "nl": "Waar de deelnemers het oneens waren",
    },
    "votes.intro": {
        "en": "{count} participants voted on each question before the group agreed an answer. These questions had votes two or more steps apart on the answer scale; the agreed answer is marked ▶.",
        "nl": "{count} deelnemers stemden per vraag voordat de groep een antwoord koos. Bij deze vragen lagen de stemmen twee of meer stappen uit elkaar op de antwoordschaal; het gekozen antwoord is gemarkeerd met ▶.",
    },
    "votes.title-survey": {
        "en": "Where the respondents disagreed",
        "nl": "Waar de respondenten het oneens waren",
    },
    "votes.intro-survey": {
        "en": "{count} respondents answered the survey. For these questions the middle half of the answers spans two or more steps of the answer scale (an interquartile range of 2 or more); the group's answer, the median, is marked ▶.",
        "nl": "{count} respondenten vulden de enquête in. Bij deze vragen beslaat de middelste helft van de antwoorden twee of meer stappen van de antwoordschaal (een interkwartielafstand van 2 of meer); het antwoord van de groep, de mediaan, is gemarkeerd met ▶.",
    },
    "votes.none-survey": {
        "en": "For no question did the middle half of the answers span two or more steps: there was no real disagreement.",
        "nl": "Bij geen enkele vraag besloeg de middelste helft van de antwoorden twee of meer stappen: er was geen echte onenigheid.",
    },
    "votes.spread-survey": {
        "en": "answers span {spread} steps, the middle half {iqr}",
        "nl": "antwoorden over {spread} stappen, de middelste helft over {iqr}",
    },
    "votes.abstained-survey": {"en": "{count} did not answer", "nl": "{count} zonder antwoord"},
    "votes.more-survey": {
        "en": "{count} more questions with disagreement are listed with their answers in the appendix.",
        "nl": "Nog {count} vragen met onenigheid staan met hun antwoorden in de bijlage.",
    },
    "votes.none": {
        "en": "The participants' votes were never more than one step apart: there was no real disagreement.",
        "nl": "De stemmen van de deelnemers lagen nooit meer dan één stap uit elkaar: er was geen echte onenigheid.",
    },
    "votes.spread": {"en": "spread of {spread} steps", "nl": "spreiding van {spread} stappen"},
    "votes.abstained": {"en": "{count} abstained", "nl": "{count} onthoudingen"},
    "votes.abstained.one": {"en": "one abstained", "nl": "één onthouding"},
    "votes.more": {
        "en": "{count} more questions with disagreement are listed with their votes in the appendix.",
        "nl": "Nog {count} vragen met onenigheid staan met hun stemmen in de bijlage.",
    },
    # comparison
    "compare.title": {
        "en": "Change since the earlier assessment",
        "nl": "Verandering sinds de vorige meting",
    },
    "compare.intro": {
        "en": "Compared with the assessment of {date}: then {then}, now {now}.",
        "nl": "Vergeleken met de meting van {date}: toen {then}, nu {now}.",
    },
    "compare.version": {
        "en": "The earlier assessment used version {before} of the questionnaire ({before_hash}); this one uses version {after} ({after_hash}). Scores are compared by question, phase and dimension id; questions that changed may make part of the difference.",
        "nl": "De vorige meting gebruikte versie {before} van de vragenlijst ({before_hash}); deze meting versie {after} ({after_hash}). De scores zijn vergeleken per vraag, fase en dimensie; vragen die veranderd zijn, kunnen een deel van het verschil verklaren.",
    },
    "compare.version-matched": {
        "en": "The earlier assessment answered version {before} of the questionnaire, this one version {after}. Its answers were matched to version {after} by question and option id; answers that no longer fit were left out, and questions that changed may make part of the difference.",
        "nl": "De vorige meting beantwoordde versie {before} van de vragenlijst, deze meting versie {after}. De antwoorden zijn op vraag- en optie-id aan versie {after} gekoppeld; antwoorden die niet meer passen, zijn weggelaten, en vragen die veranderd zijn, kunnen een deel van het verschil verklaren.",
    },
    "compare.phases": {"en": "Per phase", "nl": "Per fase"},
    "compare.dimensions": {"en": "Per dimension", "nl": "Per dimensie"},
    "compare.answers": {"en": "Answers that changed", "nl": "Gewijzigde antwoorden"},
    "compare.in-phase": {"en": "in the {phase} phase", "nl": "in de fase {phase}"},
    "compare.at-start": {"en": "before the first phase", "nl": "vóór de eerste fase"},
    "compare.before": {"en": "earlier ({date})", "nl": "eerder ({date})"},
    "compare.after": {"en": "now ({date})", "nl": "nu ({date})"},
    # appendix
    "appendix.title": {
        "en": "Appendix: every question and its answer",
        "nl": "Bijlage: alle vragen en antwoorden",
    },
    "appendix.intro": {
        "en": "Grouped by phase. Questions marked not applicable or don't know are left out of the scores, as are questions without an answer.",
        "nl": "Gegroepeerd per fase. Vragen met 'niet van toepassing' of 'weet ik niet' tellen niet mee in de scores, net als vragen zonder antwoord.",
    },
    "appendix.phase": {"en": "Phase {index}: {phase}", "nl": "Fase {index}: {phase}"},
    "appendix.answer": {"en": "Answer", "nl": "Antwoord"},
    "appendix.unanswered": {"en": "Not answered", "nl": "Niet beantwoord"},
    "appendix.not-applicable": {
        "en": "{label} (left out of the score)",
        "nl": "{label} (telt niet mee)",
    },
    "appendix.score": {"en": "step {step} of {steps} on the scale", "nl": "stap {step} van {steps} op de schaal"},
    "appendix.note": {"en": "Note", "nl": "Notitie"},
    "appendix.votes": {"en": "Votes", "nl": "Stemmen"},
    "appendix.votes-survey": {"en": "Answers", "nl": "Antwoorden"},
    "appendix.abstained-survey": {"en": "not answered", "nl": "niet beantwoord"},
    "appendix.weight": {"en": "weight {weight}", "nl": "gewicht {weight}"},
    "appendix.abstained": {"en": "abstained", "nl": "onthouden"},
    # method
    "method.title": {
        "en": "How the scores and the phase are computed",
        "nl": "Zo worden de scores en de fase berekend",
    },
    "method.answers": {
        "en": "Every question offers answers on a scale. The lowest answer counts as 0 and the highest as 100; the answers in between count in proportion to their place on the scale. Answers such as 'not applicable' or 'don't know', and questions left open, are left out: they neither raise nor lower a score.",
        "nl": "Elke vraag heeft antwoorden op een schaal. Het laagste antwoord telt als 0 en het hoogste als 100; de antwoorden daartussen tellen naar hun plaats op de schaal. Antwoorden als 'niet van toepassing' of 'weet ik niet', en open gelaten vragen, tellen niet mee: ze verhogen noch verlagen een score.",
    },
    "method.phase-score": {
        "en": "A phase's score is the weighted average of its answered questions: a question with weight 2 counts twice. Its coverage is the share of its applicable questions, by weight, that has an answer.",
        "nl": "De score van een fase is het gewogen gemiddelde van de beantwoorde vragen: een vraag met gewicht 2 telt dubbel. De dekking is het deel van de vragen die van toepassing zijn, naar gewicht, dat een antwoord heeft.",
    },
    "method.answers-unknown": {
        "en": "Every question offers answers on a scale. The lowest answer counts as 0 and the highest as 100; the answers in between count in proportion to their place on the scale. 'Don't know' counts as the lowest answer: a practice nobody in the room can vouch for is not one the organisation can rely on. 'Not applicable' and questions left open are left out of the score.",
        "nl": "Elke vraag heeft antwoorden op een schaal. Het laagste antwoord telt als 0 en het hoogste als 100; de antwoorden daartussen tellen naar hun plaats op de schaal. 'Weet ik niet' telt als het laagste antwoord: een werkwijze waar niemand in de zaal voor kan instaan, is er geen waar de organisatie op kan bouwen. 'Niet van toepassing' en open gelaten vragen tellen niet mee in de score.",
    },
    "method.passed": {
        "en": "A phase is passed when its score reaches its threshold, at least {minimum}% of its questions (by weight) are answered, and at least {minimum}% of them apply: answering 'not applicable' cannot buy a phase.",
        "nl": "Een fase is behaald als de score de drempel haalt, minstens {minimum}% van de vragen (naar gewicht) is beantwoord en minstens {minimum}% van toepassing is: met 'niet van toepassing' valt geen fase te winnen.",
    },
    "method.margin": {
        "en": "The summary names the answers the verdict rests on: a single answer that, one step lower, would lose a phase reached, or one step higher, would pass the next one.",
        "nl": "De samenvatting noemt de antwoorden waar het oordeel op rust: één antwoord dat een stap lager een behaalde fase zou kosten, of een stap hoger de volgende fase zou opleveren.",
    },
    "method.credits": {"en": "Where the model comes from", "nl": "Waar het model vandaan komt"},
    "method.order": {
        "en": "The phases are climbed in order. The organisation is in phase k when phases 1 to k are all passed and phase k+1 is not. A later phase that is passed on its own does not count until every phase before it is passed.",
        "nl": "De fasen worden op volgorde beklommen. De organisatie zit in fase k als de fasen 1 tot en met k allemaal behaald zijn en fase k+1 niet. Een latere fase die op zichzelf behaald is, telt pas mee als alle fasen ervoor behaald zijn.",
    },
    "method.dimensions": {
        "en": "A dimension's score is the weighted average of all its answered questions, across the phases. It shows the organisation's profile, not its phase.",
        "nl": "De score van een dimensie is het gewogen gemiddelde van alle beantwoorde vragen in die dimensie, over de fasen heen. Die laat het profiel van de organisatie zien, niet de fase.",
    },
    "method.actions": {
        "en": "The largest gaps are the answers of the phases up to the next one that cost the most: how much a question counts times its distance to the best answer. An action plan towards a target takes the roadmap's next steps up to the target phase, then per phase its gaps, those that pass a gate with one step up first.",
        "nl": "De grootste hiaten zijn de antwoorden in de fasen tot en met de volgende die het meest kosten: hoe zwaar een vraag telt maal de afstand tot het beste antwoord. Een actieplan naar een doel neemt de vervolgstappen uit de roadmap tot de doelfase, en dan per fase de hiaten, eerst die welke met één stap hoger een fase laten behalen.",
    },
    "method.votes": {
        "en": "In a workshop every participant votes per question. The proposed answer is the one most participants chose; when answers tie, the one nearest the middle of the votes, and when that still ties the group decides. Votes two or more steps apart on the scale count as disagreement.",
        "nl": "In een workshop stemt elke deelnemer per vraag. Het voorgestelde antwoord is het antwoord dat de meeste deelnemers kozen; bij een gelijke stand het antwoord dat het dichtst bij het midden van de stemmen ligt, en is het dan nog gelijk, dan beslist de groep. Stemmen die twee of meer stappen uit elkaar liggen op de schaal gelden als onenigheid.",
    },
    "method.votes-survey": {
        "en": "In a survey every respondent answers on their own. A group's answer to a question is the median of its answers on the answer scale: with an even number of answers, where the two middle ones differ, the option more respondents chose (on a tie the lower). Not applicable answers are left out unless they are more than half. The group's phase and scores are those of these answers, scored like any assessment; groups.csv and summary.json give the same. A question shows disagreement when the middle half of its answers spans two or more steps of the scale (an interquartile range of 2 or more), a measure that means the same for 5 respondents or 500.",
        "nl": "In een enquête antwoordt elke respondent voor zich. Het antwoord van een groep op een vraag is de mediaan van de antwoorden op de antwoordschaal: bij een even aantal antwoorden, als de twee middelste verschillen, de optie die meer respondenten kozen (bij gelijkspel de laagste). Antwoorden 'niet van toepassing' tellen niet mee, tenzij ze meer dan de helft zijn. De fase en scores van de groep zijn die van deze antwoorden, gescoord als elke beoordeling; groups.csv en summary.json geven hetzelfde. Een vraag toont onenigheid als de middelste helft van de antwoorden twee of meer stappen van de schaal beslaat (een interkwartielafstand van 2 of meer), een maat die hetzelfde betekent bij 5 of 500 respondenten.",
    },
    "method.thresholds": {"en": "Thresholds", "nl": "Drempels"},
    "method.threshold-line": {"en": "{phase}: {threshold}", "nl": "{phase}: {threshold}"},
    "method.pinned": {"en": "This report is tied to", "nl": "Dit rapport hoort bij"},
    "method.pinned-note": {
        "en": "Results can be compared exactly only with results of the same questionnaire version and hash.",
        "nl": "Resultaten zijn alleen precies te vergelijken met resultaten van dezelfde versie en hash van de vragenlijst.",
    },
    "method.questionnaire": {"en": "Questionnaire", "nl": "Vragenlijst"},
    "method.roadmap": {"en": "Roadmap", "nl": "Roadmap"},
    "method.hash": {"en": "Model hash", "nl": "Modelhash"},
    "method.tool": {"en": "Made with", "nl": "Gemaakt met"},
    "method.version": {"en": "{id}, version {version}", "nl": "{id}, versie {version}"},
}

# the plan's and the history's strings, so that templates reach them through the same t()
MESSAGES = {**MESSAGES, **PROGRESS_MESSAGES}

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
}

ACTIONS_SHOWN = 8
STRENGTHS_SHOWN = 5
DISAGREEMENTS_SHOWN = 6
PARTICIPANTS_SHOWN = 12


def long_date(day: dt.date, language: str) -> str:
    """A date as a reader writes it: 14 October 2026, 14 oktober 2026."""
    months = MONTHS.get(language, MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"


# -- the parts of the report ------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Reason:
    """A sentence of the explanation, with the answers it points at."""

    text: str
    items: list[str]


@dataclass(frozen=True)
class PhaseRow:
    index: int
    id: str
    name: str
    score: str
    threshold: str
    coverage: str
    status: str
    passed: bool
    counted: bool
    reached: bool
    current: bool


@dataclass(frozen=True)
class Profile:
    title: str
    summary: str
    characteristics: list[str]
    obstacles: list[str]
    customer_view: str | None


@dataclass(frozen=True)
class Step:
    number: int
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Action:
    question_id: str
    question: str
    meta: str
    answer: str
    recommendation: str


@dataclass(frozen=True)
class Strength:
    question_id: str
    question: str
    meta: str
    answer: str


@dataclass(frozen=True)
class Disagreement:
    question_id: str
    question: str
    spread: str
    abstained: str | None
    chart: Markup


@dataclass(frozen=True)
class ChangeRow:
    name: str
    before: str
    after: str
    delta: str


@dataclass(frozen=True)
class Comparison:
    intro: str
    version_note: str | None
    phases: list[ChangeRow]
    dimensions: list[ChangeRow]
    phase_chart: Markup
    dimension_chart: Markup
    changes: list[ChangedAnswer] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AppendixItem:
    question_id: str
    question: str
    meta: str
    answer: str
    state: str  # "answered", "not-applicable" or "unanswered"
    score: str | None
    note: str | None
    votes: str | None


@dataclass(frozen=True)
class AppendixGroup:
    title: str
    items: list[AppendixItem]


@dataclass(frozen=True)
class Report:
    """Everything the templates show, in one language."""

    language: str
    t: Callable[..., str]
    title: str
    organisation: str
    kicker: str
    roadmap_title: str
    questionnaire_title: str
    cover_facts: list[Fact]
    title_note: str | None
    logo_url: str | None
    phase_name: str
    verdict: str
    explanation: list[Reason]
    key_figures: list[Fact]
    roadmap_chart: Markup
    phases: list[PhaseRow]
    scores_intro: str
    phase_chart: Markup
    radar_chart: Markup
    profile: Profile
    steps_title: str
    steps_intro: str
    next_steps: list[Step]
    actions: list[Action]
    strengths: list[Strength]
    workshop: bool
    votes_title: str
    votes_intro: str
    disagreements: list[Disagreement]
    more_disagreements: int
    comparison: Comparison | None
    appendix: list[AppendixGroup]
    method: list[str]
    rationale: str | None
    credits: str | None
    thresholds: list[str]
    pinned: list[Fact]
    questionnaire_line: str
    target_lines: list[str] = field(default_factory=list)
    plan: PlanSection | None = None
    history: History | None = None
    banner: str | None = None


# -- building it ---------------------------------------------------------------------------


def build_context(
    model: MaturityModel,
    sheet: AnswerSheet,
    card: Scorecard,
    *,
    language: str,
    compare: Earlier | None = None,
    consultant: str | None = None,
    title_note: str | None = None,
    logo_url: str | None = None,
    palette: charts.Palette = charts.Palette(),
    extras: Extras | None = None,
) -> Report:
    """The report's content for one scorecard, in `language`; `extras` adds the target,
    the plan and the history."""
    view = View(model, language)
    extras = extras or Extras()

    def t(key: str, **values: object) -> str:
        # A survey group's report speaks of respondents and answers, not of votes.
        if card.votes_kind == "survey" and f"{key}-survey" in MESSAGES:
            key = f"{key}-survey"
        if values.get("count") == 1 and f"{key}.one" in MESSAGES:
            key = f"{key}.one"
        return message(MESSAGES, key, language, **values)

    def fmt(value: float | None) -> str:
        return number(value, language)

    def fmt_threshold(value: float | None) -> str:
        # thresholds are whole numbers in practice; show a decimal only when there is one
        if value is not None and float(value).is_integer():
            return number(value, language, 0)
        return number(value, language)

    roadmap = model.roadmap
    questionnaire = model.questionnaire
    organisation = sheet.organisation.name
    phase_count = len(card.phases)
    current_name = view.phase_name(card.phase_id) if card.phase_index else t("summary.start")

    cover_facts = _cover_facts(
        sheet, consultant, questionnaire.id, questionnaire.version, t, language
    )
    cover_facts.insert(0, Fact(t("cover.phase"), current_name))

    verdict = view.verdict(card, organisation)
    # the per-phase lines of the explanation are the scores section's chart
    why = [Reason(sentence, items) for sentence, items in [*view.rests_on(card), *view.reasons(card)]]

    key_figures = [
        Fact(
            t("summary.phase"),
            f"{current_name} ({t('summary.phase-of', index=card.phase_index, count=phase_count)})"
            if card.phase_index
            else current_name,
        )
    ]
    blocking = card.first_not_passed
    if blocking is not None:
        minimum = roadmap.minimum_coverage
        if not blocking.short_of_score:
            # the score is there, the answers are not: say what is missing
            needed = t(
                "summary.next-coverage", share=percent(blocking.coverage), minimum=percent(minimum)
            )
        else:
            needed = t(
                "summary.next-score",
                score=fmt(blocking.score),
                threshold=fmt_threshold(blocking.threshold),
            )
        key_figures.append(Fact(f"{t('summary.next')}: {view.phase_name(blocking.id)}", needed))
    else:
        key_figures.append(Fact(t("summary.next"), t("summary.last")))
    key_figures.append(
        Fact(t("summary.answered"), t("summary.answered-value", share=percent(card.tally.coverage)))
    )

    phases = [
        PhaseRow(
            index=p.index,
            id=p.id,
            name=view.phase_name(p.id),
            score=fmt(p.score),
            threshold=fmt_threshold(p.threshold),
            coverage=percent(p.coverage),
            status=t(f"status.{p.status}"),
            passed=p.passed,
            counted=p.counted,
            reached=p.index <= card.phase_index,
            current=p.index == card.phase_index,
        )
        for p in card.phases
    ]

    roadmap_chart = charts.roadmap_svg(
        [
            charts.RoadmapStep(
                view.phase_name(p.id),
                p.score,
                t("chart.threshold", threshold=fmt_threshold(p.threshold)),
                p.passed,
            )
            for p in card.phases
        ],
        card.phase_index,
        charts.RoadmapLabels(here=t("chart.here"), start=t("chart.start")),
        fmt,
        palette=palette,
    )
    phase_chart = charts.bars_svg(
        [
            charts.Bar(
                f"{row.index}. {row.name}",
                p.score,
                p.threshold,
                p.passed,
                (row.status, t("scores.answered", coverage=row.coverage)),
            )
            for p, row in zip(card.phases, phases, strict=True)
        ],
        fmt,
        labels=charts.BarLabels(
            t("chart.passed"), t("chart.not-passed"), t("chart.threshold-tick")
        ),
        palette=palette,
        chart_id="phases",
    )

    earlier_sheet = compare.assessment.sheet if compare is not None else None
    now_date = long_date(sheet.assessed_on, language)
    radar_chart = charts.radar_svg(
        [(view.dimension_name(d), value) for d, value in card.dimension_scores.items()],
        fmt,
        charts.RadarLabels(
            now=t("chart.now", date=now_date),
            earlier=t("chart.earlier", date=long_date(earlier_sheet.assessed_on, language))
            if earlier_sheet
            else None,
        ),
        earlier=[c.before for c in compare.comparison.dimensions] if compare is not None else None,
        palette=palette,
    )

    comparison = _comparison(view, card, sheet, compare, t, fmt, palette) if compare is not None else None

    def dated(day: dt.date) -> str:
        return long_date(day, language)

    distance = extras.distance
    target_lines = (
        view.target_lines(distance, dated(distance.target.due) if distance.target.due else None)
        if distance is not None
        else []
    )
    other: list[str] = []
    if compare is not None and compare.other_organisation:
        other = [organisation, compare.assessment.sheet.organisation.name]
    if extras.trend is not None and extras.trend.other_organisation:
        other += [p.assessment.sheet.organisation.name for p in extras.trend.points]

    return Report(
        language=language,
        t=t,
        title=t("document.title"),
        organisation=organisation,
        kicker=t("document.kicker"),
        roadmap_title=text(roadmap.title, language),
        questionnaire_title=text(questionnaire.title, language),
        cover_facts=cover_facts,
        title_note=title_note,
        logo_url=logo_url,
        phase_name=current_name,
        verdict=verdict,
        explanation=why,
        key_figures=key_figures,
        roadmap_chart=Markup(roadmap_chart),
        phases=phases,
        scores_intro=t("scores.intro", minimum=percent(roadmap.minimum_coverage)),
        phase_chart=Markup(phase_chart),
        radar_chart=Markup(radar_chart),
        profile=_profile(model, card, language, t),
        steps_title=t("steps.title")
        + (f": {view.phase_name(card.phase_id)}" if card.phase_index else ""),
        steps_intro=_steps_intro(view, card, t),
        next_steps=[
            Step(i, s.id, text(s.title, language), text(s.description, language))
            for i, s in enumerate(view.next_steps(card), 1)
        ],
        actions=[
            Action(
                g.question_id,
                view.question_text(g.question_id),
                t(
                    "actions.meta",
                    phase=view.phase_name(g.phase_id),
                    dimension=view.dimension_name(view.question(g.question_id).dimension),
                    question=g.question_id,
                ),
                view.option_label(g.question_id, g.option_id),
                text(view.question(g.question_id).recommendation_for(g.option_id), language),
            )
            for g in card.gaps[:ACTIONS_SHOWN]
        ],
        strengths=[
            Strength(
                g.question_id,
                view.question_text(g.question_id),
                t(
                    "actions.meta",
                    phase=view.phase_name(g.phase_id),
                    dimension=view.dimension_name(view.question(g.question_id).dimension),
                    question=g.question_id,
                ),
                view.option_label(g.question_id, g.option_id),
            )
            for g in card.strengths[:STRENGTHS_SHOWN]
        ],
        # a workshop's ballots, or the counted answers of a survey group (score(votes=...))
        workshop=card.votes_kind is not None,
        votes_title=t("votes.title") if card.votes_kind == "workshop" else t("votes.title-survey"),
        votes_intro=t("votes.intro", count=card.voters),
        disagreements=[
            Disagreement(
                s.question_id,
                view.question_text(s.question_id),
                t("votes.spread", spread=s.spread, iqr=s.iqr),
                t("votes.abstained", count=s.abstentions) if s.abstentions else None,
                Markup(
                    charts.votes_svg(
                        [
                            (
                                view.option_label(s.question_id, option),
                                count,
                                sheet.answers.get(s.question_id) == option,
                            )
                            for option, count in s.counts.items()
                        ],
                        palette=palette,
                    )
                ),
            )
            for s in card.disagreements[:DISAGREEMENTS_SHOWN]
        ],
        more_disagreements=max(0, len(card.disagreements) - DISAGREEMENTS_SHOWN),
        comparison=comparison,
        appendix=_appendix(model, sheet, card, view, t, fmt),
        method=[
            t("method.answers-unknown" if _has_dont_know(model) else "method.answers"),
            t("method.phase-score"),
            t("method.passed", minimum=percent(roadmap.minimum_coverage)),
            t("method.order"),
            t("method.margin"),
            t("method.dimensions"),
            t("method.actions"),
            t("method.votes"),
        ],
        rationale=text(roadmap.threshold_rationale, language) if roadmap.threshold_rationale else None,
        credits=text(roadmap.credits, language) if roadmap.credits else None,
        thresholds=[
            t(
                "method.threshold-line",
                phase=f"{p.index}. {view.phase_name(p.id)}",
                threshold=fmt_threshold(p.threshold),
            )
            for p in card.phases
        ],
        pinned=[
            Fact(
                t("method.questionnaire"),
                t("method.version", id=questionnaire.id, version=questionnaire.version),
            ),
            Fact(t("method.hash"), model.hash),
            Fact(t("method.roadmap"), t("method.version", id=roadmap.id, version=roadmap.version)),
            Fact(t("method.tool"), f"socialmaturity {__version__}"),
        ],
        questionnaire_line=t("cover.version", id=questionnaire.id, version=questionnaire.version),
        target_lines=target_lines,
        plan=plan_section(view, extras.plan, sheet.answers, dated, palette) if extras.plan is not None else None,
        history=history(view, extras.trend, dated, palette) if extras.trend is not None else None,
        banner=banner(language, other) if other else None,
    )


def _cover_facts(
    sheet: AnswerSheet,
    consultant: str | None,
    questionnaire_id: str,
    version: str,
    t: Callable[..., str],
    language: str,
) -> list[Fact]:
    organisation = sheet.organisation
    facts: list[Fact] = []
    if organisation.sector:
        facts.append(Fact(t("cover.sector"), organisation.sector))
    if organisation.size:
        facts.append(Fact(t("cover.size"), organisation.size))
    facts.append(Fact(t("cover.assessed-on"), long_date(sheet.assessed_on, language)))
    if sheet.assessor:
        facts.append(Fact(t("cover.assessor"), sheet.assessor))
    if consultant:
        facts.append(Fact(t("cover.consultant"), consultant))
    if sheet.participants:
        shown = ", ".join(sheet.participants[:PARTICIPANTS_SHOWN])
        hidden = len(sheet.participants) - PARTICIPANTS_SHOWN
        if hidden > 0:
            shown += " " + t("cover.more-participants", count=hidden)
        facts.append(Fact(t("cover.participants"), shown))
    facts.append(
        Fact(t("cover.questionnaire"), t("cover.version", id=questionnaire_id, version=version))
    )
    return facts


def _has_dont_know(model: MaturityModel) -> bool:
    return any(o.dont_know for q in model.questionnaire.questions for o in q.options)


def _steps_intro(view: View, card: Scorecard, t: Callable[..., str]) -> str:
    blocking = card.first_not_passed
    if card.phase_index == 0:
        return t("steps.intro-start", next=view.phase_name(card.phases[0].id))
    if blocking is None:
        return t("steps.intro-last", phase=view.phase_name(card.phase_id))
    return t("steps.intro", phase=view.phase_name(card.phase_id), next=view.phase_name(blocking.id))


def _profile(
    model: MaturityModel, card: Scorecard, language: str, t: Callable[..., str]
) -> Profile:
    roadmap = model.roadmap
    if card.phase_index == 0:
        return Profile(
            t("profile.start-title"), text(roadmap.start.summary, language), [], [], None
        )
    phase = roadmap.phases[card.phase_index - 1]
    name = text(phase.name, language)
    return Profile(
        t("profile.title", phase=name),
        text(phase.summary, language),
        [text(plain(c), language) for c in phase.characteristics],
        [text(plain(o), language) for o in phase.obstacles],
        text(phase.customer_view, language),
    )


def _comparison(
    view: View,
    card: Scorecard,
    sheet: AnswerSheet,
    compare: Earlier,
    t: Callable[..., str],
    fmt: Callable[[float | None], str],
    palette: charts.Palette,
) -> Comparison:
    """Change per phase and dimension, as the scoring core compared them (by id)."""
    language = view.language
    earlier = compare.comparison.earlier
    earlier_sheet = compare.assessment.sheet
    earlier_model = compare.assessment.model
    phase_changes = [
        charts.Change(view.phase_name(c.id), c.before, c.now) for c in compare.comparison.phases
    ]
    dimension_changes = [
        charts.Change(view.dimension_name(c.id), c.before, c.now)
        for c in compare.comparison.dimensions
    ]

    def place(scorecard: Scorecard) -> str:
        if scorecard.phase_index == 0:
            return t("compare.at-start")
        phase_id = scorecard.phases[scorecard.phase_index - 1].id
        return t("compare.in-phase", phase=view.phase_name(phase_id))

    version_note = None
    if (
        earlier_model.hash == view.model.hash
        and earlier_sheet.questionnaire_version != sheet.questionnaire_version
    ):
        # the earlier version itself was not at hand: its answers were matched to this one by id
        version_note = t(
            "compare.version-matched",
            before=earlier_sheet.questionnaire_version,
            after=view.model.questionnaire.version,
        )
    elif earlier_model.hash != view.model.hash:
        version_note = t(
            "compare.version",
            before=earlier_sheet.questionnaire_version,
            before_hash=_short_hash(earlier_model.hash),
            after=view.model.questionnaire.version,
            after_hash=_short_hash(view.model.hash),
        )
    labels = charts.ChangeLabels(
        before=t("compare.before", date=long_date(earlier_sheet.assessed_on, language)),
        after=t("compare.after", date=long_date(sheet.assessed_on, language)),
    )
    return Comparison(
        intro=t(
            "compare.intro",
            date=long_date(earlier_sheet.assessed_on, language),
            then=place(earlier),
            now=place(card),
        ),
        version_note=version_note,
        phases=[_change_row(c, fmt) for c in phase_changes],
        dimensions=[_change_row(c, fmt) for c in dimension_changes],
        phase_chart=Markup(
            charts.change_svg(phase_changes, fmt, labels, palette=palette, chart_id="change-phases")
        ),
        dimension_chart=Markup(
            charts.change_svg(
                dimension_changes, fmt, labels, palette=palette, chart_id="change-dimensions"
            )
        ),
        changes=changed_answers(view, compare.changes),
        notes=list(compare.warnings),
    )


def _change_row(change: charts.Change, fmt: Callable[[float | None], str]) -> ChangeRow:
    return ChangeRow(
        change.label,
        fmt(change.before),
        fmt(change.after),
        charts.delta(change.before, change.after, fmt),
    )


def _short_hash(value: str) -> str:
    return value[:19]  # "sha256:" and the first 12 hex digits, as the terminal shows it


def _appendix(
    model: MaturityModel,
    sheet: AnswerSheet,
    card: Scorecard,
    view: View,
    t: Callable[..., str],
    fmt: Callable[[float | None], str],
) -> list[AppendixGroup]:
    language = view.language
    dimensions = {d.id: text(d.name, language) for d in model.questionnaire.dimensions}
    groups: list[AppendixGroup] = []
    for index, phase in enumerate(model.roadmap.phases, 1):
        items = [
            _appendix_item(question, sheet, card, view, dimensions, t, fmt)
            for question in model.questionnaire.questions
            if question.phase == phase.id
        ]
        if items:
            groups.append(
                AppendixGroup(
                    t("appendix.phase", index=index, phase=text(phase.name, language)), items
                )
            )
    return groups


def _appendix_item(
    question: Question,
    sheet: AnswerSheet,
    card: Scorecard,
    view: View,
    dimensions: dict[str, str],
    t: Callable[..., str],
    fmt: Callable[[float | None], str],
) -> AppendixItem:
    language = view.language
    option_id = sheet.answers.get(question.id)
    # the reader sees the subject; ids and weights are for the workbook and the method page
    meta = dimensions.get(question.dimension, question.dimension)
    shown_score: str | None = None
    if option_id is None:
        answer, state = t("appendix.unanswered"), "unanswered"
    else:
        value = normalised_scores(question)[option_id]
        label = view.option_label(question.id, option_id)
        if value is NOT_APPLICABLE:
            answer, state = t("appendix.not-applicable", label=label), "not-applicable"
        else:
            assert isinstance(value, float)
            answer, state = label, "answered"
            rungs, steps = ladder(question)
            shown_score = t("appendix.score", step=steps.get(option_id, 0) + 1, steps=len(rungs))
    votes = None
    summary = card.votes.get(question.id)
    if summary is not None:
        parts = [
            f"{view.option_label(question.id, option)}: {count}"
            for option, count in summary.counts.items()
            if count
        ]
        if summary.abstentions:
            parts.append(f"{t('appendix.abstained')}: {summary.abstentions}")
        votes = " · ".join(parts)
    return AppendixItem(
        question_id=question.id,
        question=text(question.text, language),
        meta=meta,
        answer=answer,
        state=state,
        score=shown_score,
        note=sheet.notes.get(question.id),
        votes=votes,
    )
