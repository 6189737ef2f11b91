"""Importing this module imports WeasyPrint the quick way (libraries.import_weasyprint).

For the batch pool's fork server, which preloads modules by name: with this one among
them, the workers it forks start with WeasyPrint loaded (batch/reports.py).
"""

from .libraries import import_weasyprint

import_weasyprint()
