"""Re-export of :mod:`hongtonglib.summary` for notebooks written against the old path.

The summary protocol moved below the presentation layer so that ``report`` (which publishes
summaries) does not import ``briefing`` (which reads them).
"""

from hongtonglib.summary import SUMMARY_MIMETYPE, publish_summary, read_summary, summary_payload

__all__ = ["SUMMARY_MIMETYPE", "publish_summary", "read_summary", "summary_payload"]
