"""The texts `survey export` shows, in every language of the tool."""

from __future__ import annotations

from ..i18n import N_, Catalogue, nN_

MESSAGES: Catalogue = {
    "loss.help": N_("{tool} has no place for a question's help text in this file: the help texts are left out."),
    "loss.outside-scale": N_("{tool} shows \"don't know\" and \"not applicable\" as ordinary choices; the mapping file and batch keep them outside the scale."),
    "loss.one-language": N_("{tool} holds one language per form: this one is in {language}; export again with --lang for another."),
    "loss.sections": N_("Quick Import may not turn the phase headings into sections; check them after the import."),
    "loss.codes": nN_("{count} question code was shortened to {limit} characters; the mapping file names its question: {codes}.", "{count} question codes were shortened to {limit} characters; the mapping file names their questions: {codes}."),
    "written": N_("Wrote {path} for {tool} ({questions} questions in {sections} sections, {languages})."),
    "mapping": N_("Wrote {path}: pass it to batch as --mapping {path} when you score the export."),
    "usage.tool": N_("--to must be one of: {tools} (not {value!r})"),
    "usage.lang": N_("--lang {value}: the questionnaire has {languages}"),
    "usage.same": N_("the survey and its mapping file cannot be the same file: {path}"),
    "exists": N_("{path} exists; add --force to replace it"),
    "language.en": N_("English"),
    "language.nl": N_("Dutch"),
}

TOOL_NAMES = {
    "qualtrics": "Qualtrics",
    "limesurvey": "LimeSurvey",
    "google-forms": "Google Forms",
    "microsoft-forms": "Microsoft Forms",
    "typeform": "Typeform",
}
