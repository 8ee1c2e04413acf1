"""compliance: contract-compliance checking for government-cloud service contracts.

Data path: events (read records) -> workdays (calendar) -> kinds (measure obligation
facts) -> engine (rules decide) -> findings -> render.
"""

__version__ = "0.1.0"
