"""Live workshops: participants vote from their phones, the projector shows the spread.

- `core.py`: the workshop itself, without IO: who joined, the question on screen, its
  round, the votes, the reveal and the agreed answer, and what each page shows.
- `store.py`: the answers file (the same format as a typed workshop's) and the
  workshop's own state file beside it (secrets, who holds which token, where it is).
- `web.py`: the Starlette app around the core: the phone's and the projector's pages.
- `server.py`: the command's shell: the lock, uvicorn, the facilitator's keys.
- `terminal.py`: the facilitator's screen, drawn with rich.
"""
