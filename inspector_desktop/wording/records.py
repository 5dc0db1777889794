"""Which fields of each kind of record a person is shown, under which label.

The one rule for every place that shows a record's changes (a visit's History,
the Sync page's queue and conflicts): a field listed here is shown with its
label, in this order; a field not listed (ids and the records they point at,
hashes, signatures' raw strokes, the sync's own bookkeeping) is never shown.
The record itself is named by store/describe.py, from its school, visit and
finding, never by its id.
"""

from __future__ import annotations

from inspector_desktop.wording import QT_TRANSLATE_NOOP

CONTEXT = "Fields"

# The synced record kinds in the inspector's words.
KINDS: dict[str, str] = {
    "inspector": QT_TRANSLATE_NOOP("RecordKinds", "Inspector"),
    "school": QT_TRANSLATE_NOOP("RecordKinds", "School"),
    "school_assignment": QT_TRANSLATE_NOOP("RecordKinds", "Responsibility for a school"),
    "checklist_template": QT_TRANSLATE_NOOP("RecordKinds", "Checklist"),
    "indicator": QT_TRANSLATE_NOOP("RecordKinds", "Checklist item"),
    "visit": QT_TRANSLATE_NOOP("RecordKinds", "Visit"),
    "visit_team_member": QT_TRANSLATE_NOOP("RecordKinds", "Visit team member"),
    "indicator_result": QT_TRANSLATE_NOOP("RecordKinds", "Checklist line"),
    "finding": QT_TRANSLATE_NOOP("RecordKinds", "Finding"),
    "attachment": QT_TRANSLATE_NOOP("RecordKinds", "Evidence file"),
    "feedback_form": QT_TRANSLATE_NOOP("RecordKinds", "Feedback form"),
    "requirement": QT_TRANSLATE_NOOP("RecordKinds", "Rectification requirement"),
    "signature": QT_TRANSLATE_NOOP("RecordKinds", "Signature"),
    "rectification": QT_TRANSLATE_NOOP("RecordKinds", "Rectification"),
    "reinspection": QT_TRANSLATE_NOOP("RecordKinds", "Re-inspection"),
    "escalation": QT_TRANSLATE_NOOP("RecordKinds", "Escalation step"),
    "school_response": QT_TRANSLATE_NOOP("RecordKinds", "School response"),
    "random_pick": QT_TRANSLATE_NOOP("RecordKinds", "Random pick"),
    "device_key": QT_TRANSLATE_NOOP("RecordKinds", "Device key"),
    "training_record": QT_TRANSLATE_NOOP("RecordKinds", "Training record"),
    "region_rules": QT_TRANSLATE_NOOP("RecordKinds", "Region's rule file"),
}

FIELDS: dict[str, dict[str, str]] = {
    "inspector": {"name": QT_TRANSLATE_NOOP("Fields", "Name"), "code": QT_TRANSLATE_NOOP("Fields", "Inspector number"),
                  "region": QT_TRANSLATE_NOOP("Fields", "Region"), "phone": QT_TRANSLATE_NOOP("Fields", "Phone"),
                  "is_lead": QT_TRANSLATE_NOOP("Fields", "Lead inspector"), "active": QT_TRANSLATE_NOOP("Fields", "Active")},
    "school": {"name": QT_TRANSLATE_NOOP("Fields", "Name"), "code": QT_TRANSLATE_NOOP("Fields", "School number"),
               "competent_department": QT_TRANSLATE_NOOP("Fields", "Competent department"), "district": QT_TRANSLATE_NOOP("Fields", "District"),
               "address": QT_TRANSLATE_NOOP("Fields", "Address"), "school_type": QT_TRANSLATE_NOOP("Fields", "Type of school"),
               "is_large": QT_TRANSLATE_NOOP("Fields", "Large school")},
    "school_assignment": {"since": QT_TRANSLATE_NOOP("Fields", "Since"), "until": QT_TRANSLATE_NOOP("Fields", "Until")},
    "checklist_template": {"title_zh": QT_TRANSLATE_NOOP("Fields", "Title (Chinese)"), "title_en": QT_TRANSLATE_NOOP("Fields", "Title (English)"),
                           "version": QT_TRANSLATE_NOOP("Fields", "Version")},
    "indicator": {"code": QT_TRANSLATE_NOOP("Fields", "Item number"), "category": QT_TRANSLATE_NOOP("Fields", "Category"),
                  "title_zh": QT_TRANSLATE_NOOP("Fields", "Title (Chinese)"), "title_en": QT_TRANSLATE_NOOP("Fields", "Title (English)"),
                  "guidance_zh": QT_TRANSLATE_NOOP("Fields", "Guidance (Chinese)"), "guidance_en": QT_TRANSLATE_NOOP("Fields", "Guidance (English)")},
    "visit": {"planned_on": QT_TRANSLATE_NOOP("Fields", "Date"), "scope": QT_TRANSLATE_NOOP("Fields", "Scope"), "stage": QT_TRANSLATE_NOOP("Fields", "Stage"),
              "planning": QT_TRANSLATE_NOOP("Fields", "Planning"), "notice": QT_TRANSLATE_NOOP("Fields", "Notice"),
              "status": QT_TRANSLATE_NOOP("Fields", "Status"),
              "started_at": QT_TRANSLATE_NOOP("Fields", "Started"), "completed_at": QT_TRANSLATE_NOOP("Fields", "Completed"),
              "purpose": QT_TRANSLATE_NOOP("Fields", "Purpose"), "notes": QT_TRANSLATE_NOOP("Fields", "Notes")},
    "visit_team_member": {"role": QT_TRANSLATE_NOOP("Fields", "Role")},
    "indicator_result": {"rating": QT_TRANSLATE_NOOP("Fields", "Rating"), "observation": QT_TRANSLATE_NOOP("Fields", "Observation")},
    "finding": {"category": QT_TRANSLATE_NOOP("Fields", "Category"), "severity": QT_TRANSLATE_NOOP("Fields", "Severity"),
                "problem": QT_TRANSLATE_NOOP("Fields", "Problem"), "evidence": QT_TRANSLATE_NOOP("Fields", "Evidence"),
                "diagnosis": QT_TRANSLATE_NOOP("Fields", "Diagnosis"), "recommendation": QT_TRANSLATE_NOOP("Fields", "Recommendation")},
    "attachment": {"filename": QT_TRANSLATE_NOOP("Fields", "File"), "caption": QT_TRANSLATE_NOOP("Fields", "Caption")},
    "feedback_form": {"number": QT_TRANSLATE_NOOP("Fields", "Number"), "status": QT_TRANSLATE_NOOP("Fields", "Status"),
                      "language": QT_TRANSLATE_NOOP("Fields", "Language"), "summary": QT_TRANSLATE_NOOP("Fields", "Summary"),
                      "no_issues_statement": QT_TRANSLATE_NOOP("Fields", "No-issues statement"),
                      "free_text": QT_TRANSLATE_NOOP("Fields", "Further remarks"), "signed_at": QT_TRANSLATE_NOOP("Fields", "Signed"),
                      "issued_at": QT_TRANSLATE_NOOP("Fields", "Issued")},
    "requirement": {"ordinal": QT_TRANSLATE_NOOP("Fields", "No."), "text": QT_TRANSLATE_NOOP("Fields", "Requirement"),
                    "deadline": QT_TRANSLATE_NOOP("Fields", "Deadline"), "responsible_party": QT_TRANSLATE_NOOP("Fields", "Responsible party"),
                    "copied_to": QT_TRANSLATE_NOOP("Fields", "Copied to")},
    "signature": {"role": QT_TRANSLATE_NOOP("Fields", "Signs as"), "signer_name": QT_TRANSLATE_NOOP("Fields", "Name"),
                  "signer_title": QT_TRANSLATE_NOOP("Fields", "Title"), "signed_at": QT_TRANSLATE_NOOP("Fields", "Signed")},
    "rectification": {"status": QT_TRANSLATE_NOOP("Fields", "Status"), "deadline": QT_TRANSLATE_NOOP("Fields", "Deadline"),
                      "competent_department": QT_TRANSLATE_NOOP("Fields", "Competent department"),
                      "reported_on": QT_TRANSLATE_NOOP("Fields", "Reported on"), "report_text": QT_TRANSLATE_NOOP("Fields", "Report"),
                      "verified_on": QT_TRANSLATE_NOOP("Fields", "Verified on")},
    "reinspection": {"verdict": QT_TRANSLATE_NOOP("Fields", "Verdict"), "notes": QT_TRANSLATE_NOOP("Fields", "Notes"),
                     "inspected_on": QT_TRANSLATE_NOOP("Fields", "Re-inspected on")},
    "escalation": {"kind": QT_TRANSLATE_NOOP("Fields", "Step"), "reason": QT_TRANSLATE_NOOP("Fields", "Reason"),
                   "decided_on": QT_TRANSLATE_NOOP("Fields", "Decided on"), "decided_by": QT_TRANSLATE_NOOP("Fields", "Decided by"),
                   "evidence": QT_TRANSLATE_NOOP("Fields", "Evidence"),
                   "held_at": QT_TRANSLATE_NOOP("Fields", "Interview time"),
                   "place": QT_TRANSLATE_NOOP("Fields", "Interview place"),
                   "participants": QT_TRANSLATE_NOOP("Fields", "Participants"),
                   "notified_to": QT_TRANSLATE_NOOP("Fields", "Notified to")},
    "school_response": {"kind": QT_TRANSLATE_NOOP("Fields", "Kind"), "text": QT_TRANSLATE_NOOP("Fields", "Text"),
                        "received_on": QT_TRANSLATE_NOOP("Fields", "Received on"), "reply_deadline": QT_TRANSLATE_NOOP("Fields", "Reply due"),
                        "reply_text": QT_TRANSLATE_NOOP("Fields", "Reply"), "replied_on": QT_TRANSLATE_NOOP("Fields", "Replied on")},
    "random_pick": {"made_on": QT_TRANSLATE_NOOP("Fields", "Drawn on"), "made_by": QT_TRANSLATE_NOOP("Fields", "Drawn by"),
                    "purpose": QT_TRANSLATE_NOOP("Fields", "Purpose")},
    "device_key": {"label": QT_TRANSLATE_NOOP("Fields", "Device name"), "revoked_at": QT_TRANSLATE_NOOP("Fields", "Revoked")},
    "training_record": {"attended_on": QT_TRANSLATE_NOOP("Fields", "Date"), "minutes": QT_TRANSLATE_NOOP("Fields", "Training time (minutes)"),
                        "title": QT_TRANSLATE_NOOP("Fields", "Course"), "provider": QT_TRANSLATE_NOOP("Fields", "Provider")},
    "region_rules": {"region": QT_TRANSLATE_NOOP("Fields", "Region"), "rules": QT_TRANSLATE_NOOP("Fields", "Rule file"),
                     "decided_on": QT_TRANSLATE_NOOP("Fields", "Decided on"), "decided_by": QT_TRANSLATE_NOOP("Fields", "Decided by")},
}


def shown_fields(entity: str) -> dict[str, str]:
    """The fields of ``entity`` a person sees, in order, with their English labels."""
    return FIELDS.get(entity, {})
