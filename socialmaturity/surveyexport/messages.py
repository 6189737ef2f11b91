"""The texts `survey export` shows, in every language of the tool."""

from __future__ import annotations

from ..i18n import Catalogue

MESSAGES: Catalogue = {
    "loss.help": {
        "en": "{tool} has no place for a question's help text in this file: the help texts are left out.",
        "nl": "{tool} heeft in dit bestand geen plaats voor de toelichting bij een vraag: de toelichtingen zijn weggelaten.",
    },
    "loss.outside-scale": {
        "en": "{tool} shows \"don't know\" and \"not applicable\" as ordinary choices; the mapping file and batch keep them outside the scale.",
        "nl": "{tool} toont \"weet ik niet\" en \"niet van toepassing\" als gewone keuzes; het mappingbestand en batch houden ze buiten de schaal.",
    },
    "loss.one-language": {
        "en": "{tool} holds one language per form: this one is in {language}; export again with --lang for another.",
        "nl": "{tool} bevat één taal per formulier: dit is in het {language}; exporteer opnieuw met --lang voor een andere.",
    },
    "loss.sections": {
        "en": "Quick Import may not turn the phase headings into sections; check them after the import.",
        "nl": "Quick Import maakt van de koppen per fase mogelijk geen secties; controleer ze na het importeren.",
    },
    "loss.codes": {
        "en": "{count} question code(s) were shortened to {limit} characters; the mapping file names their questions: {codes}.",
        "nl": "{count} vraagcode(s) zijn ingekort tot {limit} tekens; het mappingbestand noemt hun vragen: {codes}.",
    },
    "written": {
        "en": "Wrote {path} for {tool} ({questions} questions in {sections} sections, {languages}).",
        "nl": "{path} geschreven voor {tool} ({questions} vragen in {sections} secties, {languages}).",
    },
    "mapping": {
        "en": "Wrote {path}: pass it to batch as --mapping {path} when you score the export.",
        "nl": "{path} geschreven: geef het aan batch mee als --mapping {path} bij het scoren van de export.",
    },
    "usage.tool": {
        "en": "--to must be one of: {tools} (not {value!r})",
        "nl": "--to moet een van deze zijn: {tools} (niet {value!r})",
    },
    "usage.lang": {
        "en": "--lang {value}: the questionnaire has {languages}",
        "nl": "--lang {value}: de vragenlijst heeft {languages}",
    },
    "usage.same": {
        "en": "the survey and its mapping file cannot be the same file: {path}",
        "nl": "de enquête en het mappingbestand kunnen niet hetzelfde bestand zijn: {path}",
    },
    "exists": {
        "en": "{path} exists; add --force to replace it",
        "nl": "{path} bestaat al; voeg --force toe om het te vervangen",
    },
    "language.en": {"en": "English", "nl": "Engels"},
    "language.nl": {"en": "Dutch", "nl": "Nederlands"},
}

TOOL_NAMES = {
    "qualtrics": "Qualtrics",
    "limesurvey": "LimeSurvey",
    "google-forms": "Google Forms",
    "microsoft-forms": "Microsoft Forms",
    "typeform": "Typeform",
}
