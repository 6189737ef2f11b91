"""Matching export columns to questions and cell texts to options (socialmaturity.batch.matching)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialmaturity.batch.draft import draft_mapping, yaml_text
from socialmaturity.batch.matching import (
    UNANSWERED,
    MappingFile,
    QuestionIndex,
    ValueMatcher,
    check_mapping,
    compile_columns,
    describe_columns,
    find_column,
    match_columns,
)
from socialmaturity.model import Questionnaire
from socialmaturity.scoring import NOT_APPLICABLE, MaturityModel
from socialmaturity.survey import Column
from socialmaturity.yamlsource import parse


def column(index: int, heading: str, *, code: str | None = None, question: str | None = None,
           statement: str | None = None, kind: str = "answer") -> Column:
    return Column(index, code, heading, heading if question is None else question, statement, kind)  # type: ignore[arg-type]


def matcher(model: MaturityModel, question_id: str, explicit: dict[str, str | None] | None = None,
            shared: dict[str, str | None] | None = None) -> ValueMatcher:
    q = model.plan.index[question_id]
    return ValueMatcher.build(model.questionnaire.questions[q], model.plan.options[q], explicit, shared)


def meaning(found: object) -> str | None:
    """The option id a resolved cell means; None when it is not understood; '' unanswered."""
    if found is UNANSWERED:
        return ""
    if found is None:
        return None
    assert isinstance(found, tuple)
    return found[0]


# -- columns --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "code", "expected", "how"),
    [
        ("a1", None, "a1", "id"),  # a plain CSV headed by question ids
        ("A1", None, "a1", "id"),
        ("Owners", "a2", "a2", "id"),  # the code, when the heading matches nothing
        ("Q1[b1]", "Q1[b1]", "b1", "id"),  # LimeSurvey array subquestion
        ("b2_1", "b2_1", "b2", "id"),  # Qualtrics-like code with a suffix
        ("Accounts?", None, "a1", "text"),
        ("accounts ?", None, "a1", "text"),
        ("Kalender?", None, "b1", "text"),  # Dutch text
        ("3. Co-creation?", None, "c1", "text"),  # numbered in the survey
        ("Q4) Training?", None, "b2", "text"),
        ("<strong>Owner</strong>?", None, "a2", "text"),  # Typeform's HTML
        ("Something else", None, None, "unmatched"),
    ],
)
def test_a_column_matches_by_id_code_or_text(
    mini: MaturityModel, heading: str, code: str | None, expected: str | None, how: str
) -> None:
    report = match_columns([column(0, heading, code=code)], mini.questionnaire)
    (match,) = report.matches
    assert (match.question_id, match.how) == (expected, how)


def test_a_code_and_a_text_that_disagree_are_not_guessed(mini: MaturityModel) -> None:
    (match,) = match_columns([column(0, "Calendar?", code="a1")], mini.questionnaire).matches
    assert (match.question_id, match.how, match.candidates) == (None, "ambiguous", ("a1", "b1"))
    (agreeing,) = match_columns([column(0, "Calendar?", code="Q5_b1")], mini.questionnaire).matches
    assert (agreeing.question_id, agreeing.how) == ("b1", "id")


def test_limesurvey_codes_without_dashes_match_ids(bundled: MaturityModel) -> None:
    columns = [
        column(0, "Q3[accountownership]", code="Q3[accountownership]", question="Q3", statement="accountownership"),
        column(1, "officialaccounts", code="officialaccounts"),
    ]
    report = match_columns(columns, bundled.questionnaire)
    assert [m.question_id for m in report.matches] == ["account-ownership", "official-accounts"]


def test_a_grid_statement_holds_the_question(mini: MaturityModel) -> None:
    # Google Forms `Title [Row]`, Qualtrics `question - statement`, MS Forms statements.
    columns = [
        column(0, "Our team [Training?]", question="Our team", statement="Training?"),
        column(1, "Rate us - Calendar?", question="Rate us", statement="Calendar?"),
    ]
    report = match_columns(columns, mini.questionnaire)
    assert [m.question_id for m in report.matches] == ["b2", "b1"]


@pytest.mark.parametrize(
    ("kind", "reason"), [("meta", "metadata"), ("other-text", "other-text"), ("multi", "multi-select")]
)
def test_columns_that_hold_no_answer_are_ignored_with_a_reason(mini: MaturityModel, kind: str, reason: str) -> None:
    report = match_columns([column(0, "Accounts?", kind=kind)], mini.questionnaire)
    assert (report.matches[0].question_id, report.matches[0].how) == (None, reason)


def test_a_text_two_questions_share_is_ambiguous() -> None:
    twin = Questionnaire.model_validate(
        {
            "id": "twin", "version": "1", "roadmap": "mini", "title": {"en": "T"}, "languages": ["en"],
            "dimensions": [{"id": "d", "name": {"en": "D"}, "description": {"en": "D"}}],
            "questions": [
                {"id": q, "phase": "alpha", "dimension": "d", "text": {"en": "Same?"},
                 "options": [{"id": "x", "label": {"en": "X"}, "score": 0}, {"id": "y", "label": {"en": "Y"}, "score": 1}],
                 "recommendation": {"en": "R"}, "source": "000"}
                for q in ("first", "second")
            ],
        }
    )
    (match,) = match_columns([column(0, "Same?")], twin).matches
    assert (match.question_id, match.how, match.candidates) == (None, "ambiguous", ("first", "second"))


def test_the_mapping_wins_and_can_ignore(mini: MaturityModel) -> None:
    mapping = MappingFile(columns={"Accounts?": "c1", "Owner?": "ignore", "column 3": "b1", "Nothing": "a1"})
    columns = [column(0, "Accounts?"), column(1, "Owner?"), column(2, "Free text")]
    report = match_columns(columns, mini.questionnaire, mapping)
    assert [(m.question_id, m.how) for m in report.matches] == [("c1", "mapping"), (None, "mapping"), ("b1", "mapping")]
    assert report.unknown_mapping_columns == ("Nothing",)
    assert report.unmatched_questions == ["a1", "a2", "b2"]


def test_a_null_in_the_mapping_leaves_the_column_to_automatic_matching(mini: MaturityModel) -> None:
    report = match_columns([column(0, "Accounts?")], mini.questionnaire, MappingFile(columns={"Accounts?": None}))
    assert (report.matches[0].question_id, report.matches[0].how) == ("a1", "text")


def test_reserved_columns_are_not_questions(mini: MaturityModel) -> None:
    report = match_columns([column(0, "a1"), column(1, "a2")], mini.questionnaire, reserved={0: "group", 1: "respondent-id"})
    assert [m.how for m in report.matches] == ["group", "respondent-id"]


def test_every_bundled_question_text_matches_itself_in_both_languages(bundled: MaturityModel) -> None:
    index = QuestionIndex.build(bundled.questionnaire)
    for question in bundled.questionnaire.questions:
        for text in question.text.values():
            assert index.by_text(column(0, text)) == (question.id,)


@pytest.mark.parametrize(
    ("name", "found"),
    [("Organisation", 2), ("organisation ", 2), ("ORG", 1), ("column 1", 0), ("Nope", None)],
)
def test_find_column_by_heading_code_or_position(name: str, found: int | None) -> None:
    columns = [column(0, "Timestamp"), column(1, "Org code", code="ORG"), column(2, "Organisation")]
    hit = find_column(columns, name)
    assert (hit.index if hit else None) == found


def test_the_match_report_in_words(mini: MaturityModel) -> None:
    columns = [
        column(0, "Timestamp", kind="meta"),
        column(1, "Accounts?"),
        column(2, "Rekeningen?"),
        column(3, "Owner?"),
        column(4, "Owner? (NL)", code="a2"),
    ]
    report = match_columns(columns, mini.questionnaire)
    assert describe_columns(report, "en") == [
        "Questions matched: 2 of 5.",
        "Questions without a column: b1, b2, c1.",
        'Question a2 is answered in 2 columns ("Owner?", "Owner? (NL)"); per row the filled-in one counts.',
        "Columns ignored: 2.",
        '  metadata of the survey tool: "Timestamp"',
        '  matches no question: "Rekeningen?"',
    ]
    assert describe_columns(report, "nl")[0] == "Vragen gevonden: 2 van 5."


# -- values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "cell", "expected"),
    [
        ("a1", "some", "some"),  # option id
        ("a1", "Some", "some"),  # English label
        ("a1", "Enkele", "some"),  # Dutch label
        ("a1", "  ALL. ", "all"),
        ("a1", "2", "all"),  # score
        ("a1", "2.0", "all"),
        ("a1", "1,0", "some"),  # a decimal comma
        ("a2", "3", "part"),
        ("a2", "Niet van toepassing", "na"),
        ("b1", "Ja", "yes"),
        ("b1", "no", "no"),
        ("b2", "Don’t know", "dont-know"),  # a curly apostrophe
        ("b2", "<b>Don't</b> know", "dont-know"),
        ("a1", "", ""),
        ("a1", "   ", ""),
        ("a1", "Maybe", None),
        ("a1", "?", None),  # something typed, but nothing we can use: reported, not dropped
        ("a1", "-", None),
        ("a1", "7", None),  # not a score of the question
        ("a2", "2", None),
        ("a1", "=SUM(A1)", None),
    ],
)
def test_a_cell_matches_by_id_label_or_score(mini: MaturityModel, question: str, cell: str, expected: str | None) -> None:
    assert meaning(matcher(mini, question).resolve(cell)) == expected


def test_the_value_of_an_answer_is_the_plan_value(mini: MaturityModel) -> None:
    found = matcher(mini, "a2").resolve("Deeltijd")
    assert found == ("part", 0.5, 1)
    na = matcher(mini, "a2").resolve("na")
    assert isinstance(na, tuple) and na[1] is NOT_APPLICABLE


def test_explicit_values_win_over_labels_and_star_applies_where_the_option_exists(mini: MaturityModel) -> None:
    m = matcher(mini, "a1", explicit={"Some": "all", "A3": "all"}, shared={"Weet niet": "dont-know", "X": "none"})
    assert meaning(m.resolve("Some")) == "all"
    assert meaning(m.resolve("a3")) == "all"  # normalised too
    assert meaning(m.resolve("X")) == "none"
    assert meaning(m.resolve("Weet niet")) is None  # a1 has no dont-know option
    assert meaning(matcher(mini, "b2", shared={"Weet niet": "dont-know"}).resolve("weet niet")) == "dont-know"


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("Maybe", "not an option of question a2"),
        ("4", "the number is not a score of question a2 (scores: 1, 3, 5)"),
    ],
)
def test_the_problem_of_a_cell_in_words(mini: MaturityModel, cell: str, problem: str) -> None:
    assert matcher(mini, "a2").problem(cell, "en") == problem


def test_a_text_two_options_claim_is_ambiguous(mini: MaturityModel) -> None:
    # An explicit '*' value and a label of another option do not conflict (explicit wins);
    # two options with the same label in one tier do.
    m = matcher(mini, "a1", explicit={"Both": "none"}, shared=None)
    assert meaning(m.resolve("both")) == "none"
    tied = matcher(mini, "a1", explicit={"Tie": "none", "tie": "all"})
    assert meaning(tied.lookup["Tie"]) == "none"  # the exact texts are known as written
    assert meaning(tied.lookup["tie"]) == "all"
    assert tied.resolve("TIE") is None
    assert tied.problem("TIE", "en") == (
        "matches more than one option of question a1 (none, all); map it in a mapping file"
    )


def test_the_lookup_remembers_texts_up_to_its_limit(mini: MaturityModel) -> None:
    m = matcher(mini, "a1")
    m.memo_left = 2
    for cell in ("SOME", "Geen.", "ALL!", "junk"):
        m.resolve(cell)
    assert "SOME" in m.lookup and "Geen." in m.lookup
    assert "ALL!" not in m.lookup and "junk" not in m.lookup


def test_every_bundled_label_means_its_own_option(bundled: MaturityModel) -> None:
    for question in bundled.questionnaire.questions:
        m = matcher(bundled, question.id)
        assert not m.ambiguous, question.id
        for option in question.options:
            for label in option.label.values():
                assert meaning(m.resolve(label)) == option.id
                assert meaning(m.resolve(label.upper() + ".")) == option.id


CURLY = str.maketrans({"'": "\u2019", '"': "\u201c"})


@st.composite
def label_variants(draw: st.DrawFn, label: str) -> str:
    """The label as a survey tool or a person may have changed it."""
    text = label
    if draw(st.booleans()):
        text = text.upper() if draw(st.booleans()) else text.lower()
    if draw(st.booleans()):
        text = text.translate(CURLY)
    if draw(st.booleans()):
        text = text.replace(" ", draw(st.sampled_from(["  ", " \u00a0", "\t", " \n "])))
    if draw(st.booleans()):
        text = text + draw(st.sampled_from([".", " .", "!", "  "]))
    if draw(st.booleans()):
        tag = draw(st.sampled_from(["strong", "em", "span class='x'", "b"]))
        text = f"<{tag}>{text}</{tag.split()[0]}>"
    if draw(st.booleans()):
        text = draw(st.sampled_from([" ", "\ufeff", "\u00a0"])) + text
    if draw(st.booleans()):
        text = text.replace("&", "&amp;")
    return text


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_normalised_variants_of_labels_still_match(bundled: MaturityModel, mini: MaturityModel, data: st.DataObject) -> None:
    model = data.draw(st.sampled_from([bundled, mini]))
    question = data.draw(st.sampled_from(model.questionnaire.questions))
    option = data.draw(st.sampled_from(question.options))
    label = data.draw(st.sampled_from(sorted(option.label.values())))
    variant = data.draw(label_variants(label))
    assert meaning(matcher(model, question.id).resolve(variant)) == option.id


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_normalised_variants_of_question_texts_still_match(bundled: MaturityModel, data: st.DataObject) -> None:
    question = data.draw(st.sampled_from(bundled.questionnaire.questions))
    text = data.draw(st.sampled_from(sorted(question.text.values())))
    variant = data.draw(label_variants(text))
    report = match_columns([column(0, variant)], bundled.questionnaire)
    assert report.matches[0].question_id == question.id


@settings(max_examples=200, deadline=None)
@given(cell=st.text(max_size=40))
def test_any_text_resolves_without_error(mini: MaturityModel, cell: str) -> None:
    m = matcher(mini, "a2")
    found = m.resolve(cell)
    if found is None:
        assert m.problem(cell, "nl")


# -- compiled columns -----------------------------------------------------------------


def test_compile_columns_keeps_column_order_and_plan_positions(mini: MaturityModel) -> None:
    report = match_columns([column(0, "Timestamp", kind="meta"), column(1, "c1"), column(2, "Accounts?")], mini.questionnaire)
    compiled = compile_columns(report, mini.questionnaire, mini.plan.options)
    assert [(c.index, c.question, c.heading) for c in compiled] == [(1, 4, "c1"), (2, 0, "Accounts?")]


# -- the mapping file -----------------------------------------------------------------


def test_a_mapping_file_is_checked_against_the_questionnaire(mini: MaturityModel) -> None:
    document = parse(
        "columns:\n"
        '  "Accounts?": a1\n'
        '  "Other": nope\n'
        "values:\n"
        "  a1:\n"
        "    3: all\n"
        "    Maybe: nope\n"
        "  zz:\n"
        "    x: y\n"
        '  "*":\n'
        "    Weet niet: dont-know\n"
        "    Huh: never-heard\n"
    )
    mapping, problems = check_mapping(document.value, mini.questionnaire)
    assert mapping is None
    assert [(p.path, p.message) for p in problems] == [
        (("columns", "Other"), "'nope' is not a question of mini; write a question id or 'ignore'"),
        (("values", "a1", "Maybe"), "'nope' is not an option of a1; choose one of none, some, all"),
        (("values", "zz"), "'zz' is not a question of mini; write a question id or '*'"),
        (("values", "*", "Huh"), "'never-heard' is not an option of any question"),
    ]


def test_yaml_numbers_and_words_become_texts(mini: MaturityModel) -> None:
    document = parse("respondent_id: 7\ncolumns: {3: a1}\nvalues:\n  b1:\n    1: 'yes'\n    true: 'yes'\n    0: 'no'\n")
    mapping, problems = check_mapping(document.value, mini.questionnaire)
    assert problems == []
    assert mapping is not None
    assert mapping.respondent_id == "7"
    assert mapping.columns == {"3": "a1"}
    # (the YAML reader itself writes a key `true` as "True"; a cell "true" matches it normalised)
    assert mapping.values == {"b1": {"1": "yes", "True": "yes", "0": "no"}}


def test_unknown_fields_are_refused(mini: MaturityModel) -> None:
    mapping, problems = check_mapping({"colums": {}}, mini.questionnaire)
    assert mapping is None
    assert problems[0].path == ("colums",)
    assert "unknown field 'colums'" in problems[0].message


@pytest.mark.parametrize(
    "text",
    ["plain", 'with "quotes" and \\ backslash', "tab\tand\nnewline", "line\u2028separator", "\ufeffbom", "é ü ñ", "#not a comment", "key: value"],
)
def test_yaml_text_round_trips(text: str) -> None:
    assert parse(f"{yaml_text(text)}: {yaml_text(text)}\n").value == {text: text}


def test_a_draft_mapping_parses_and_marks_what_is_missing(mini: MaturityModel) -> None:
    columns = [column(0, "Timestamp", kind="meta"), column(1, "Accounts?"), column(2, "Mystery"), column(3, "Owner?")]
    report = match_columns(columns, mini.questionnaire)
    values = {1: {"Some": 5, "Perhaps": 2}, 3: {"Full-time": 1}}
    text = draft_mapping(report, mini.questionnaire, mini.plan.options, values, export_name="x.csv", source="csv", language="en")
    assert '  "Mystery": null  # UNMATCHED: set a question id or \'ignore\'' in text
    assert '  "Timestamp": ignore  # metadata of the survey tool' in text
    assert '  "Accounts?": "a1"  # matched by its text' in text
    assert '    "Perhaps": null  # UNMATCHED (2 cells): set one of none, some, all' in text
    assert '    "Some": "some"  # 5 cells' in text
    mapping, problems = check_mapping(parse(text).value, mini.questionnaire)
    assert problems == [] and mapping is not None
    assert mapping.columns["Mystery"] is None
