"""Every string of a live workshop, in English and Dutch: the phone, the projector,
the error pages and the facilitator's terminal. The workshop's language is the
answers file's, so a Dutch team reads Dutch on every screen."""

from __future__ import annotations

from ..i18n import Catalogue, message

MESSAGES: Catalogue = {
    # -- the question, on every screen --------------------------------------------------
    "question.phase": {"en": "Phase {number}: {phase}", "nl": "Fase {number}: {phase}"},
    "question.of": {"en": "Question {number} of {total}", "nl": "Vraag {number} van {total}"},
    "question.round": {"en": "round {round}", "nl": "ronde {round}"},
    "question.outside-scale": {"en": "Outside the scale", "nl": "Buiten de schaal"},
    "question.help": {"en": "What is meant", "nl": "Wat wordt bedoeld"},
    "participant.anonymous": {"en": "Participant {number}", "nl": "Deelnemer {number}"},
    "note.round": {"en": "Round {round}: {votes}", "nl": "Ronde {round}: {votes}"},
    # -- after the reveal ---------------------------------------------------------------
    "votes.disagreement": {
        "en": "Disagreement: the votes are {spread} scale steps apart. Worth a discussion.",
        "nl": "Onenigheid: de stemmen liggen {spread} stappen uit elkaar. Bespreek het.",
    },
    "votes.close": {
        "en": "Close together: the votes are one scale step apart.",
        "nl": "Dicht bij elkaar: de stemmen liggen één stap uit elkaar.",
    },
    "votes.same": {"en": "Everyone chose the same answer.", "nl": "Iedereen koos hetzelfde antwoord."},
    "votes.none": {"en": "Nobody voted.", "nl": "Niemand heeft gestemd."},
    "votes.outside": {
        "en": "Not everyone could answer on the scale.",
        "nl": "Niet iedereen kon op de schaal antwoorden.",
    },
    "votes.proposal": {
        "en": "Proposal: {number}, chosen by {count} of {cast}.",
        "nl": "Voorstel: {number}, gekozen door {count} van de {cast}.",
    },
    "votes.proposal-middle": {
        "en": "Proposal: {number}: the votes tie, and {number} lies nearest the middle vote.",
        "nl": "Voorstel: {number}: de stemmen staan gelijk, en {number} ligt het dichtst bij de middelste stem.",
    },
    "votes.proposal-all": {"en": "Proposal: {number}, everyone's choice.", "nl": "Voorstel: {number}, ieders keuze."},
    "votes.tie": {
        "en": "No proposal: the votes are split evenly. Agree on an answer after the discussion.",
        "nl": "Geen voorstel: de stemmen zijn gelijk verdeeld. Spreek na de discussie een antwoord af.",
    },
    "votes.no-votes": {
        "en": "No proposal: nobody voted.",
        "nl": "Geen voorstel: niemand heeft gestemd.",
    },
    "votes.abstained": {
        "en": "Did not vote ({count}): {names}",
        "nl": "Niet gestemd ({count}): {names}",
    },
    "votes.abstained-count": {"en": "Did not vote: {count}", "nl": "Niet gestemd: {count}"},
    # -- the phone ----------------------------------------------------------------------
    "page.title": {"en": "Workshop: {organisation}", "nl": "Workshop: {organisation}"},
    "join.heading": {"en": "Join the workshop", "nl": "Doe mee aan de workshop"},
    "join.intro": {
        "en": "You vote on each question from this phone. Nobody sees your vote until the facilitator shows all votes at once.",
        "nl": "U stemt per vraag vanaf deze telefoon. Niemand ziet uw stem tot de begeleider alle stemmen tegelijk toont.",
    },
    "join.name": {"en": "Your first name", "nl": "Uw voornaam"},
    "join.anonymous": {
        "en": "This workshop is anonymous: you get a number, not a name.",
        "nl": "Deze workshop is anoniem: u krijgt een nummer, geen naam.",
    },
    "join.button": {"en": "Join", "nl": "Meedoen"},
    "join.paused": {
        "en": "Joining is paused for the moment. Ask the facilitator.",
        "nl": "Meedoen is even gepauzeerd. Vraag het de begeleider.",
    },
    "phone.you": {"en": "You are {name}", "nl": "U bent {name}"},
    "phone.choose": {"en": "Tap your answer:", "nl": "Tik uw antwoord aan:"},
    "phone.your-vote": {"en": "your vote", "nl": "uw stem"},
    "phone.change": {
        "en": "You can change your vote until the facilitator shows the votes.",
        "nl": "U kunt uw stem wijzigen tot de begeleider de stemmen toont.",
    },
    "phone.saved": {"en": "Your vote is saved.", "nl": "Uw stem is opgeslagen."},
    "phone.late": {
        "en": "Too late for that vote: the facilitator moved on. Here is where the workshop is now.",
        "nl": "Te laat voor die stem: de begeleider is verder gegaan. Hier is de workshop nu.",
    },
    "phone.revealed": {
        "en": "The votes are on the screen. Waiting for the next question…",
        "nl": "De stemmen staan op het scherm. Wachten op de volgende vraag…",
    },
    "phone.waiting": {"en": "Waiting for the next question…", "nl": "Wachten op de volgende vraag…"},
    "phone.end": {
        "en": "That was the last question. Thank you for taking part!",
        "nl": "Dat was de laatste vraag. Bedankt voor uw deelname!",
    },
    "phone.no-script": {
        "en": "This page does not update by itself: reload it for the next question.",
        "nl": "Deze pagina ververst niet vanzelf: laad haar opnieuw voor de volgende vraag.",
    },
    "phone.reload": {"en": "Reload", "nl": "Opnieuw laden"},
    "code.heading": {"en": "Join with a code", "nl": "Meedoen met een code"},
    "code.label": {"en": "The code on the screen", "nl": "De code op het scherm"},
    "code.button": {"en": "Go", "nl": "Verder"},
    # -- the projector ------------------------------------------------------------------
    "projector.join": {"en": "Join on your phone", "nl": "Doe mee op uw telefoon"},
    "projector.or-code": {"en": "or go to {address} and type", "nl": "of ga naar {address} en typ"},
    "projector.joined": {"en": "joined", "nl": "doen mee"},
    "projector.voted": {"en": "voted", "nl": "gestemd"},
    "projector.hidden": {
        "en": "The votes stay hidden until the facilitator shows them.",
        "nl": "De stemmen blijven verborgen tot de begeleider ze toont.",
    },
    "projector.agreed": {"en": "Agreed: {number}", "nl": "Afgesproken: {number}"},
    "projector.end": {
        "en": "All questions are done. Thank you!",
        "nl": "Alle vragen zijn behandeld. Bedankt!",
    },
    "projector.paused": {"en": "Joining is paused.", "nl": "Meedoen is gepauzeerd."},
    "projector.votes": {"en": "{count} votes", "nl": "{count} stemmen"},
    # -- refusals: pages and the terminal -----------------------------------------------
    "error.400": {"en": "That did not work", "nl": "Dat lukte niet"},
    "error.403": {"en": "Not allowed", "nl": "Niet toegestaan"},
    "error.404": {"en": "Not found", "nl": "Niet gevonden"},
    "error.413": {"en": "Too large", "nl": "Te groot"},
    "error.429": {"en": "Too many at once", "nl": "Te veel tegelijk"},
    "error.503": {"en": "Not saved", "nl": "Niet opgeslagen"},
    "error.back": {"en": "Back to the workshop", "nl": "Terug naar de workshop"},
    "refused.not-found": {
        "en": "There is no such page. Scan the code on the screen again.",
        "nl": "Die pagina bestaat niet. Scan de code op het scherm opnieuw.",
    },
    "refused.not-saved": {
        "en": "Your vote could not be saved on the facilitator's laptop. Try again in a moment.",
        "nl": "Uw stem kon niet worden opgeslagen op de laptop van de begeleider. Probeer het zo opnieuw.",
    },
    "refused.wrong-code": {
        "en": "That is not the code on the screen. Check it and try again.",
        "nl": "Dat is niet de code op het scherm. Controleer hem en probeer het opnieuw.",
    },
    "refused.too-many-codes": {
        "en": "Too many codes tried. Wait a minute, or scan the QR code on the screen.",
        "nl": "Te veel codes geprobeerd. Wacht een minuut, of scan de QR-code op het scherm.",
    },
    "refused.too-many-joins": {
        "en": "Too many people joined from this network address just now. Wait a minute and try again.",
        "nl": "Er deden net te veel mensen mee vanaf dit netwerkadres. Wacht een minuut en probeer het opnieuw.",
    },
    "refused.too-many-votes": {
        "en": "Too many votes in a short time. Wait a few seconds, then vote again.",
        "nl": "Te veel stemmen in korte tijd. Wacht een paar seconden en stem dan opnieuw.",
    },
    "refused.too-many-requests": {
        "en": "Too many requests from this network address. Wait a few seconds.",
        "nl": "Te veel verzoeken vanaf dit netwerkadres. Wacht een paar seconden.",
    },
    "refused.too-many-streams": {
        "en": "Too many open pages. Close a few and reload this one.",
        "nl": "Te veel geopende pagina's. Sluit er een paar en laad deze opnieuw.",
    },
    "refused.too-large": {
        "en": "What was sent is too large (at most {limit} bytes).",
        "nl": "Wat werd verstuurd is te groot (hoogstens {limit} bytes).",
    },
    "refused.no-cookie": {
        "en": "This phone did not keep the workshop's cookie. Allow cookies for this page and open the join link again.",
        "nl": "Deze telefoon heeft het cookie van de workshop niet bewaard. Sta cookies toe voor deze pagina en open de link opnieuw.",
    },
    "refused.csrf": {
        "en": "This form did not come from the workshop's own page. Open the workshop again and use its buttons.",
        "nl": "Dit formulier kwam niet van de eigen pagina van de workshop. Open de workshop opnieuw en gebruik de knoppen daar.",
    },
    "refused.not-joined": {
        "en": "This phone has not joined the workshop. Open the join link and join first.",
        "nl": "Deze telefoon doet nog niet mee aan de workshop. Open de link en doe eerst mee.",
    },
    "refused.paused": {
        "en": "Joining is paused for the moment. Ask the facilitator.",
        "nl": "Meedoen is even gepauzeerd. Vraag het de begeleider.",
    },
    "refused.full": {
        "en": "The workshop is full ({limit} participants).",
        "nl": "De workshop is vol ({limit} deelnemers).",
    },
    "refused.name-empty": {"en": "Please type your first name.", "nl": "Typ uw voornaam."},
    "refused.name-long": {
        "en": "That name is too long: at most {limit} characters.",
        "nl": "Die naam is te lang: hoogstens {limit} tekens.",
    },
    "refused.name-taken": {
        "en": "Someone already joined as {name}. Add an initial, e.g. {name} B.",
        "nl": "Iemand doet al mee als {name}. Voeg een initiaal toe, bijvoorbeeld {name} B.",
    },
    "refused.moved-on": {
        "en": "The facilitator has moved on to another question.",
        "nl": "De begeleider is naar een andere vraag gegaan.",
    },
    "refused.revealed": {
        "en": "The votes are shown already; voting on this question is closed.",
        "nl": "De stemmen zijn al getoond; stemmen op deze vraag is gesloten.",
    },
    "refused.no-option": {"en": "That is not one of the answers.", "nl": "Dat is geen van de antwoorden."},
    "refused.at-end": {
        "en": "Past the last question: b goes back, g goes to a question.",
        "nl": "Voorbij de laatste vraag: b gaat terug, g gaat naar een vraag.",
    },
    "refused.already-revealed": {"en": "The votes are shown already.", "nl": "De stemmen worden al getoond."},
    "refused.not-revealed": {
        "en": "Show the votes first (r), then agree.",
        "nl": "Toon eerst de stemmen (r), spreek dan af.",
    },
    "refused.no-proposal": {
        "en": "There is no proposal: type the number of the agreed answer ({numbers}).",
        "nl": "Er is geen voorstel: typ het nummer van het afgesproken antwoord ({numbers}).",
    },
    "refused.no-such-option": {
        "en": "There is no answer {number}: choose {numbers}.",
        "nl": "Er is geen antwoord {number}: kies {numbers}.",
    },
    "refused.note-long": {
        "en": "That note is too long (at most {limit} characters). It was not saved.",
        "nl": "Die notitie is te lang (hoogstens {limit} tekens). Ze is niet opgeslagen.",
    },
    "refused.first": {"en": "This is the first question.", "nl": "Dit is de eerste vraag."},
    "refused.no-question": {
        "en": "Type g and a question number from 1 to {total}, e.g. g 12.",
        "nl": "Typ g en een vraagnummer van 1 tot en met {total}, bijvoorbeeld g 12.",
    },
    "refused.unknown-key": {
        "en": "“{line}” is not a key here; the keys are listed below.",
        "nl": "“{line}” is hier geen toets; de toetsen staan hieronder.",
    },
    # -- the facilitator's terminal -----------------------------------------------------
    "terminal.title": {
        "en": "Live workshop: {organisation}",
        "nl": "Live workshop: {organisation}",
    },
    "terminal.join": {"en": "Join: {url}", "nl": "Meedoen: {url}"},
    "terminal.code": {
        "en": "Or at {address} with the code {code}",
        "nl": "Of op {address} met de code {code}",
    },
    "terminal.projector": {
        "en": "Projector (open on this laptop, show on the screen): {url}",
        "nl": "Projector (open op deze laptop, toon op het scherm): {url}",
    },
    "terminal.saved-to": {"en": "Saved after every vote to {file}", "nl": "Na elke stem opgeslagen in {file}"},
    "terminal.counts": {
        "en": "{joined} joined · {voted} voted",
        "nl": "{joined} doen mee · {voted} gestemd",
    },
    "terminal.hidden": {"en": "Votes hidden until you show them (r).", "nl": "Stemmen verborgen tot u ze toont (r)."},
    "terminal.paused": {"en": "Joining is paused (p resumes it).", "nl": "Meedoen is gepauzeerd (p hervat het)."},
    "terminal.end": {
        "en": "All questions done: {answered} of {total} answered.",
        "nl": "Alle vragen behandeld: {answered} van {total} beantwoord.",
    },
    "terminal.note": {"en": "Note: {note}", "nl": "Notitie: {note}"},
    "terminal.note-prompt": {
        "en": "Type the note on one line and press Enter (- removes it, Enter alone keeps it):",
        "nl": "Typ de notitie op één regel en druk op Enter (- verwijdert haar, alleen Enter laat haar staan):",
    },
    "terminal.revealed": {"en": "Votes shown.", "nl": "Stemmen getoond."},
    "terminal.reopened": {"en": "Round {round} open: vote again.", "nl": "Ronde {round} open: stem opnieuw."},
    "terminal.agreed": {"en": "Question {number}: agreed on {option}.", "nl": "Vraag {number}: afgesproken op {option}."},
    "terminal.note-saved": {"en": "Note saved.", "nl": "Notitie opgeslagen."},
    "terminal.joining-paused": {"en": "Joining paused.", "nl": "Meedoen gepauzeerd."},
    "terminal.joining-open": {"en": "Joining open again.", "nl": "Meedoen weer open."},
    "terminal.not-saved": {
        "en": "Could not save {file}: {reason}. Votes are not acknowledged until it can be saved again.",
        "nl": "Kon {file} niet opslaan: {reason}. Stemmen worden pas bevestigd als opslaan weer lukt.",
    },
    "key.reveal": {"en": "show the votes", "nl": "stemmen tonen"},
    "key.agree": {"en": "agree on {number}", "nl": "akkoord met {number}"},
    "key.agree-other": {"en": "agree on another answer", "nl": "ander antwoord afspreken"},
    "key.reopen": {"en": "new round", "nl": "nieuwe ronde"},
    "key.note": {"en": "note", "nl": "notitie"},
    "key.skip": {"en": "skip", "nl": "overslaan"},
    "key.back": {"en": "back", "nl": "terug"},
    "key.go": {"en": "go to question N", "nl": "naar vraag N"},
    "key.pause": {"en": "pause joining", "nl": "meedoen pauzeren"},
    "key.resume-joining": {"en": "open joining", "nl": "meedoen openen"},
    "key.join-info": {"en": "join code", "nl": "meedoen-code"},
    "key.quit": {"en": "stop the workshop", "nl": "workshop stoppen"},
    "stop.saved": {"en": "Answers saved to {file}.", "nl": "Antwoorden opgeslagen in {file}."},
    "stop.resume": {"en": "To go on later: {command}", "nl": "Later verder gaan: {command}"},
    "stop.report": {"en": "The report: {command}", "nl": "Het rapport: {command}"},
    "stop.stopping": {"en": "Stopping the workshop…", "nl": "De workshop stopt…"},
    # -- starting -----------------------------------------------------------------------
    "start.error-port": {
        "en": "cannot listen on {host} port {port}: {reason}. Choose another with --host or --port",
        "nl": "kan niet luisteren op {host} poort {port}: {reason}. Kies een ander met --host of --port",
    },
    "start.error-state": {
        "en": "cannot use the workshop's state file {file}: {reason}. Move it away to start the workshop afresh (phones then join again)",
        "nl": "kan het toestandsbestand van de workshop {file} niet gebruiken: {reason}. Verplaats het om de workshop opnieuw te beginnen (telefoons doen dan opnieuw mee)",
    },
    "start.error-anonymous": {
        "en": "--anonymous cannot change on resume: this workshop was started {how}",
        "nl": "--anonymous kan bij hervatten niet veranderen: deze workshop is {how} begonnen",
    },
    "start.anonymous": {"en": "anonymous", "nl": "anoniem"},
    "start.named": {"en": "with names", "nl": "met namen"},
}


def m(key: str, language: str, /, **values: object) -> str:
    """A string of the workshop in `language`."""
    return message(MESSAGES, key, language, **values)
