"""The interactive assessment (`socialmaturity assess`).

`state` holds the interview's logic as a state machine without IO, `screen` draws
its screens, `session` is the shell that reads keys, saves after every change and
stops safely, `sheetfile` writes the answers file, `messages` holds every string.
"""
