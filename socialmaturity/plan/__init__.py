"""From verdict to plan: the target, the distance to it, and the action plan.

- `targets.py`: the phase (and dimension scores, and date) the organisation aims for, and
  per phase between today and the target the points and the answers still missing;
- `draft.py`: the action plan drafted from the roadmap's next steps and the gaps, each
  action with its phase, questions, effort, impact, quarter, owner, due date and status;
- `workbook.py`: the plan as an XLSX workbook the client edits, and read back from it.

Pure: no printing, no clock; the workbook module reads and writes bytes only.
"""

from __future__ import annotations


class PlanError(ValueError):
    """A problem with a target or a plan the user can fix; the message names the place.

    `problems` holds each problem as a message of its own (a workbook can have many,
    one per cell); the error's text is them one per line.
    """

    def __init__(self, *problems: str) -> None:
        super().__init__(problems[0] if len(problems) == 1 else "\n".join(problems))
        self.problems = list(problems)


__all__ = ["PlanError"]
