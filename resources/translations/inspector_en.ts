<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ChainDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="113"/>
        <source>Why it was not saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChainDialogs</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="159"/>
        <source>Record the school&apos;s report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="194"/>
        <source>Record a re-inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="215"/>
        <source>Record an incentive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="216"/>
        <source>Record an escalation step</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChainErrors</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="54"/>
        <source>Steps are taken in order: the next step is {expected}, not {kind}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="55"/>
        <source>The school still has time: the next step may be taken from {not_before}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="56"/>
        <source>Only an overdue or escalated rectification can be escalated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="57"/>
        <source>Every escalation step has already been taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="58"/>
        <source>An incentive is not an escalation step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="59"/>
        <source>Give the reason for this decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="60"/>
        <source>Name the lead who decided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="61"/>
        <source>An incentive rewards a rectification verified at re-inspection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="62"/>
        <source>That rectification belongs to another school.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="63"/>
        <source>Write what the school reports it has done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="64"/>
        <source>The rectification cannot take that step from where it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="65"/>
        <source>Choose a verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="66"/>
        <source>That requirement is not on the form being re-inspected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="67"/>
        <source>The record no longer exists; it may have been removed.</source>
        <translation type="unfinished">The record no longer exists; it may have been removed.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="68"/>
        <source>Too many rows for one spreadsheet ({rows}); choose CSV.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChainLabels</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="43"/>
        <source>Rectified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="44"/>
        <source>Partly rectified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="45"/>
        <source>Not rectified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="46"/>
        <source>Interview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="47"/>
        <source>Public notification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="48"/>
        <source>Accountability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="49"/>
        <source>Incentive</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChecklistLine</name>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="101"/>
        <source>Rating</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="102"/>
        <source>Observation</source>
        <translation>Observation</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="103"/>
        <source>Evidence</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="105"/>
        <source>Rating of {code}</source>
        <translation>Rating of {code}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="106"/>
        <source>Observation on {code}</source>
        <translation>Observation on {code}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="130"/>
        <source>Storing evidence…</source>
        <translation>Storing evidence…</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="37"/>
        <source>Not due yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="38"/>
        <source>Booked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="39"/>
        <source>Due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="40"/>
        <source>Overdue</source>
        <translation type="unfinished">Overdue</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="70"/>
        <source>Code</source>
        <translation type="unfinished">Code</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="71"/>
        <source>School</source>
        <translation type="unfinished">School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="72"/>
        <source>Visits this year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="73"/>
        <source>Months visited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="74"/>
        <source>Last visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="75"/>
        <source>Next routine visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="76"/>
        <source>Cadence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="101"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="102"/>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="103"/>
        <source>Random pick (双随机)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="104"/>
        <source>Export visits, findings or rectifications (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="105"/>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="106"/>
        <source>Duty ledger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="137"/>
        <source>Rectifications by status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="139"/>
        <source>Rectifications</source>
        <translation type="unfinished">Rectifications</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="141"/>
        <source>Overdue items by school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="143"/>
        <source>Overdue or escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="144"/>
        <source>Visit coverage by month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="146"/>
        <source>Schools visited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="147"/>
        <source>Visits</source>
        <translation type="unfinished">Visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="150"/>
        <source>Findings by category (12 months)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="151"/>
        <source>Findings</source>
        <translation type="unfinished">Findings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="214"/>
        <source>Set up your inspector profile to see your duty ledger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="216"/>
        <source>{name}: {n} responsible schools, {on} on the routine cadence; load {percent}% of the 1:5 ratio; training {hours} of {target} h.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="221"/>
        <source>Alerts: {n} — see Today.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="247"/>
        <source>Escalation document</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="87"/>
        <source>A visit team needs exactly one leader.</source>
        <translation>A visit team needs exactly one leader.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="88"/>
        <source>An inspector is on the team twice.</source>
        <translation>An inspector is on the team twice.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="89"/>
        <source>Choose a school for the visit.</source>
        <translation>Choose a school for the visit.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="90"/>
        <source>The visit cannot move to that status from where it is.</source>
        <translation>The visit cannot move to that status from where it is.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="91"/>
        <source>Describe the problem before saving the finding.</source>
        <translation>Describe the problem before saving the finding.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="92"/>
        <source>The record no longer exists; it may have been removed.</source>
        <translation>The record no longer exists; it may have been removed.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="93"/>
        <source>That value is not valid here.</source>
        <translation>That value is not valid here.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="94"/>
        <source>That field cannot be edited here.</source>
        <translation>That field cannot be edited here.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="95"/>
        <source>Only files can be attached, not folders.</source>
        <translation>Only files can be attached, not folders.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="96"/>
        <source>Evidence must belong to one finding or checklist line.</source>
        <translation>Evidence must belong to one finding or checklist line.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="97"/>
        <source>Set up your inspector profile first.</source>
        <translation>Set up your inspector profile first.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="98"/>
        <source>Give the training a title.</source>
        <translation>Give the training a title.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="99"/>
        <source>Training time must be more than zero and at most a day.</source>
        <translation>Training time must be more than zero and at most a day.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="100"/>
        <source>Enter your name and an inspector code without dashes.</source>
        <translation>Enter your name and an inspector code without dashes.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="101"/>
        <source>Code, name and competent department are required.</source>
        <translation>Code, name and competent department are required.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="102"/>
        <source>Another school already has that code.</source>
        <translation>Another school already has that code.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="103"/>
        <source>This feedback form is signed and can no longer change.</source>
        <translation>This feedback form is signed and can no longer change.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="119"/>
        <source>The change was refused ({code}).</source>
        <translation>The change was refused ({code}).</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="120"/>
        <source>Something went wrong: {detail}</source>
        <translation>Something went wrong: {detail}</translation>
    </message>
</context>
<context>
    <name>EvidenceStrip</name>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="58"/>
        <source>Add evidence…</source>
        <translation>Add evidence…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="59"/>
        <source>Evidence files</source>
        <translation>Evidence files</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="60"/>
        <source>Drop photos or documents here</source>
        <translation>Drop photos or documents here</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="107"/>
        <source>Add evidence</source>
        <translation>Add evidence</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="107"/>
        <source>Photos and documents (*.jpg *.jpeg *.png *.heic *.pdf *.doc *.docx);;All files (*)</source>
        <translation>Photos and documents (*.jpg *.jpeg *.png *.heic *.pdf *.doc *.docx);;All files (*)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="282"/>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="306"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="284"/>
        <source>Visits</source>
        <translation type="unfinished">Visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="284"/>
        <source>Findings</source>
        <translation type="unfinished">Findings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="285"/>
        <source>Rectifications</source>
        <translation type="unfinished">Rectifications</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="288"/>
        <source>CSV (comma-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="289"/>
        <source>Excel workbook (.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="291"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="300"/>
        <source>What</source>
        <translation type="unfinished">What</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="300"/>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="303"/>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="304"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="317"/>
        <source>Export to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="325"/>
        <source>Choose a file to export to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="339"/>
        <source>Exporting {what}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindingEditor</name>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="158"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="158"/>
        <source>Diagnosis</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="158"/>
        <source>Recommendation</source>
        <translation>Recommendation</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="159"/>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="159"/>
        <source>Indicator</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="159"/>
        <source>Evidence</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="170"/>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="221"/>
        <source>Storing evidence…</source>
        <translation>Storing evidence…</translation>
    </message>
</context>
<context>
    <name>FormEditor</name>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="52"/>
        <source>Both the inspector and the school representative must sign first.</source>
        <translation type="unfinished">Both the inspector and the school representative must sign first.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="54"/>
        <source>This visit found no problems: write the no-issues statement before signing.</source>
        <translation type="unfinished">This visit found no problems: write the no-issues statement before signing.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="56"/>
        <source>This form is signed and can no longer change. Make an addendum to correct it.</source>
        <translation type="unfinished">This form is signed and can no longer change. Make an addendum to correct it.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="58"/>
        <source>Enter the name of each person who signs.</source>
        <translation type="unfinished">Enter the name of each person who signs.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="60"/>
        <source>Each person must sign on the pad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="62"/>
        <source>The signature could not be read; clear the pad and sign again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="64"/>
        <source>Each requirement needs its text and a responsible party.</source>
        <translation type="unfinished">Each requirement needs its text and a responsible party.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="66"/>
        <source>No inspector is set for this laptop or this visit.</source>
        <translation type="unfinished">No inspector is set for this laptop or this visit.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="68"/>
        <source>The visit no longer exists.</source>
        <translation type="unfinished">The visit no longer exists.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="71"/>
        <source>The form could not be saved ({code}).</source>
        <translation type="unfinished">The form could not be saved ({code}).</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="123"/>
        <source>Feedback form</source>
        <translation type="unfinished">Feedback form</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="145"/>
        <source>Sheet language</source>
        <translation type="unfinished">Sheet language</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="149"/>
        <source>Content</source>
        <translation type="unfinished">Content</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="150"/>
        <source>Signatures</source>
        <translation type="unfinished">Signatures</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="151"/>
        <source>Sheet</source>
        <translation type="unfinished">Sheet</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="153"/>
        <source>Save draft</source>
        <translation type="unfinished">Save draft</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="154"/>
        <source>Sign and lock</source>
        <translation type="unfinished">Sign and lock</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="155"/>
        <source>Make an addendum</source>
        <translation type="unfinished">Make an addendum</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="156"/>
        <source>Mark as handed to the school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="157"/>
        <source>Once the printed sheet is left with the school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="159"/>
        <source>Close</source>
        <translation type="unfinished">Close</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="181"/>
        <source>Required when the visit found no problems, e.g. 本次督导未发现需要整改的问题。</source>
        <translation type="unfinished">Required when the visit found no problems, e.g. 本次督导未发现需要整改的问题。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="186"/>
        <source>Requirement</source>
        <translation type="unfinished">Requirement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="186"/>
        <source>Deadline</source>
        <translation type="unfinished">Deadline</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="186"/>
        <source>Responsible party</source>
        <translation type="unfinished">Responsible party</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="186"/>
        <source>Copied to</source>
        <translation type="unfinished">Copied to</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="190"/>
        <source>Add requirement</source>
        <translation type="unfinished">Add requirement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="191"/>
        <source>Remove selected</source>
        <translation type="unfinished">Remove selected</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="200"/>
        <source>Summary</source>
        <translation type="unfinished">Summary</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="201"/>
        <source>No-issues statement</source>
        <translation type="unfinished">No-issues statement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="202"/>
        <source>Rectification requirements</source>
        <translation type="unfinished">Rectification requirements</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="204"/>
        <source>Further remarks</source>
        <translation type="unfinished">Further remarks</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="209"/>
        <source>Inspector</source>
        <translation type="unfinished">Inspector</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="210"/>
        <source>School representative</source>
        <translation type="unfinished">School representative</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="221"/>
        <source>Refresh preview</source>
        <translation type="unfinished">Refresh preview</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="222"/>
        <source>Verify this sheet</source>
        <translation type="unfinished">Verify this sheet</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="223"/>
        <source>Verify a PDF file…</source>
        <translation type="unfinished">Verify a PDF file…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="264"/>
        <source>Draft</source>
        <translation type="unfinished">Draft</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="264"/>
        <source>Signed</source>
        <translation type="unfinished">Signed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="264"/>
        <source>Issued</source>
        <translation type="unfinished">Issued</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="265"/>
        <source>{number} · {school} · {status}</source>
        <translation type="unfinished">{number} · {school} · {status}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="278"/>
        <source>Signature on file ({when} UTC); sign again to replace it.</source>
        <translation type="unfinished">Signature on file ({when} UTC); sign again to replace it.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="416"/>
        <source>The file could not be read: {error}</source>
        <translation type="unfinished">The file could not be read: {error}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="421"/>
        <source>Verify a sheet</source>
        <translation type="unfinished">Verify a sheet</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="421"/>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished">PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="428"/>
        <source>Genuine: sheet {number} is exactly what was signed (digest {digest}…).</source>
        <translation type="unfinished">Genuine: sheet {number} is exactly what was signed (digest {digest}…).</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="433"/>
        <source>Altered: this sheet is not what was signed.</source>
        <translation type="unfinished">Altered: this sheet is not what was signed.</translation>
    </message>
</context>
<context>
    <name>FormsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="463"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="501"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="504"/>
        <source>Feedback forms</source>
        <translation>Feedback forms</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="464"/>
        <source>The feedback form editor is not installed in this version yet.</source>
        <translation>The feedback form editor is not installed in this version yet.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="478"/>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="479"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="480"/>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="481"/>
        <source>Visit date</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="502"/>
        <source>Open form…</source>
        <translation>Open form…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="503"/>
        <source>Record the school&apos;s response…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="45"/>
        <source>Comprehensive</source>
        <translation>Comprehensive</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="46"/>
        <source>Special</source>
        <translation>Special</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="47"/>
        <source>Process</source>
        <translation>Process</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="48"/>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="49"/>
        <source>Routine</source>
        <translation>Routine</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="50"/>
        <source>Random</source>
        <translation>Random</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="51"/>
        <source>Announced</source>
        <translation>Announced</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="52"/>
        <source>Unannounced</source>
        <translation>Unannounced</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="53"/>
        <source>Planned</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="54"/>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="55"/>
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="56"/>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="57"/>
        <source>Team leader</source>
        <translation>Team leader</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="58"/>
        <source>Team member</source>
        <translation>Team member</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="59"/>
        <source>Minor</source>
        <translation>Minor</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="60"/>
        <source>Moderate</source>
        <translation>Moderate</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="61"/>
        <source>Serious</source>
        <translation>Serious</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="62"/>
        <source>Not assessed</source>
        <translation>Not assessed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="63"/>
        <source>Good</source>
        <translation>Good</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="64"/>
        <source>Satisfactory</source>
        <translation>Satisfactory</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="65"/>
        <source>Needs improvement</source>
        <translation>Needs improvement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="66"/>
        <source>Unsatisfactory</source>
        <translation>Unsatisfactory</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="67"/>
        <source>Administration and rules</source>
        <translation>Administration and rules</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="68"/>
        <source>Enrolment, fees and school choice</source>
        <translation>Enrolment, fees and school choice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="69"/>
        <source>Curriculum and teaching</source>
        <translation>Curriculum and teaching</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="70"/>
        <source>Learning, exercise and workload</source>
        <translation>Learning, exercise and workload</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="71"/>
        <source>Teachers&apos; ethics and development</source>
        <translation>Teachers&apos; ethics and development</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="72"/>
        <source>Safety on and around campus</source>
        <translation>Safety on and around campus</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="73"/>
        <source>Canteen, water and dormitory hygiene</source>
        <translation>Canteen, water and dormitory hygiene</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="74"/>
        <source>School, teaching and study ethos</source>
        <translation>School, teaching and study ethos</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="75"/>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="76"/>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="77"/>
        <source>Signed</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="78"/>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="79"/>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="80"/>
        <source>Reported</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="81"/>
        <source>Verified</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="82"/>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/i18n.py" line="83"/>
        <source>Escalated</source>
        <translation>Escalated</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="43"/>
        <source>Log in to the sync server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="44"/>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="44"/>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="44"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="50"/>
        <source>Fill in the server address, your user name and your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="53"/>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="63"/>
        <source>Could not sign in: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="118"/>
        <location filename="../../inspector_desktop/ui/app.py" line="215"/>
        <source>Inspector Desktop</source>
        <translation>Inspector Desktop</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="119"/>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="119"/>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="119"/>
        <source>Schools</source>
        <translation>Schools</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="119"/>
        <source>Rectifications</source>
        <translation>Rectifications</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="120"/>
        <source>Feedback forms</source>
        <translation>Feedback forms</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="120"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="120"/>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="120"/>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="120"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="125"/>
        <source>Pages</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="160"/>
        <source>Exported {rows} rows to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="184"/>
        <source>Creating demo data…</source>
        <translation>Creating demo data…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="188"/>
        <source>Your inspector profile</source>
        <translation>Your inspector profile</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="191"/>
        <location filename="../../inspector_desktop/ui/app.py" line="193"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="192"/>
        <location filename="../../inspector_desktop/ui/app.py" line="194"/>
        <source>Inspector code</source>
        <translation>Inspector code</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="226"/>
        <source>Changes not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="227"/>
        <source>The last changes could not be saved, so the window stays open: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewVisitDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="34"/>
        <source>New visit</source>
        <translation>New visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="40"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="86"/>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="42"/>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="43"/>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="44"/>
        <source>Planning</source>
        <translation>Planning</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="45"/>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="57"/>
        <source>(no checklist)</source>
        <translation>(no checklist)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="58"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="87"/>
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="68"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="69"/>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="70"/>
        <source>The first inspector ticked leads the team.</source>
        <translation>The first inspector ticked leads the team.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="75"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="76"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="79"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="80"/>
        <source>Purpose</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="82"/>
        <source>Plan visit</source>
        <translation>Plan visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="113"/>
        <source>Cannot plan the visit</source>
        <translation>Cannot plan the visit</translation>
    </message>
</context>
<context>
    <name>RandomPickDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="66"/>
        <source>Random pick (双随机)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="72"/>
        <source>schools only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="75"/>
        <source>Schools to pick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="75"/>
        <source>Inspectors per school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="76"/>
        <source>Purpose</source>
        <translation type="unfinished">Purpose</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="76"/>
        <source>Drawn by (lead)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="79"/>
        <source>Draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="81"/>
        <source>Re-run to audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="88"/>
        <source>Picked schools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="137"/>
        <source>{school} — inspectors: {team}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="138"/>
        <source>Seed: {seed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="156"/>
        <source>✔ Re-running the seed gives the same schools and inspectors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="157"/>
        <source>✘ Re-running the seed gives a different result: the stored draw does not match.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RandomPickErrors</name>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="37"/>
        <source>Choose between 1 and {available} schools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="38"/>
        <source>Not enough inspectors: {needed} needed for a school, {available} may inspect it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="40"/>
        <source>Name the lead who makes the draw.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RectificationsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="299"/>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="300"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="301"/>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="302"/>
        <source>Form</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="303"/>
        <source>Requirement</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="343"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="345"/>
        <source>Rectifications</source>
        <translation>Rectifications</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="344"/>
        <source>Only those not yet verified</source>
        <translation>Only those not yet verified</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="346"/>
        <source>Selected rectification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="347"/>
        <source>Record the school&apos;s report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="348"/>
        <source>Record a re-inspection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="349"/>
        <source>Escalate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="350"/>
        <source>Record an incentive…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="351"/>
        <source>Open the step&apos;s document…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="398"/>
        <source>Choose a rectification in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="401"/>
        <source>Deadline: {day} — {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="403"/>
        <source>Due for escalation: {step}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="425"/>
        <source>Not recorded</source>
        <translation type="unfinished">Not recorded</translation>
    </message>
</context>
<context>
    <name>ReplyDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="83"/>
        <source>Objection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="84"/>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="85"/>
        <source>Replied on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="161"/>
        <source>What the school did</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="162"/>
        <source>Reported on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="164"/>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="170"/>
        <source>Attached files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="165"/>
        <source>Attach files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="174"/>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResponseDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="60"/>
        <source>Form</source>
        <translation type="unfinished">Form</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="61"/>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="65"/>
        <source>What the school said</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="66"/>
        <source>Received on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResponseDialogs</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="58"/>
        <source>Record the school&apos;s response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="79"/>
        <source>Reply to the objection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResponseErrors</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="27"/>
        <source>The form is not signed yet; the school answers a signed form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="28"/>
        <source>The school has already acknowledged this form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="29"/>
        <source>Write the school&apos;s reasons for objecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="30"/>
        <source>An earlier objection to this form still awaits its reply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="31"/>
        <source>Only an objection is replied to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="32"/>
        <source>This objection has already been replied to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="33"/>
        <source>Write the reply.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResponseLabels</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="22"/>
        <source>Acknowledgement (确认)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="23"/>
        <source>Objection (异议)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchoolsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="43"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="215"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="44"/>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="45"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="216"/>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="46"/>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="47"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="125"/>
        <source>Open rectifications</source>
        <translation>Open rectifications</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="55"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="61"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="56"/>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="57"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="69"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="58"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="125"/>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="62"/>
        <source>Repeated</source>
        <translation>Repeated</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="62"/>
        <source>⚑ repeated across years</source>
        <translation>⚑ repeated across years</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="63"/>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="64"/>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="65"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="68"/>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="70"/>
        <source>Requirement</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="73"/>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="74"/>
        <source>Form</source>
        <translation type="unfinished">Form</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="75"/>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="76"/>
        <source>What the school said</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="77"/>
        <source>Reply due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="78"/>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="123"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="128"/>
        <source>Schools</source>
        <translation>Schools</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="124"/>
        <source>Add school…</source>
        <translation>Add school…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="125"/>
        <source>Visit history</source>
        <translation>Visit history</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="126"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="129"/>
        <source>Objections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="130"/>
        <source>Reply…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="169"/>
        <source>Choose a school</source>
        <translation>Choose a school</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="176"/>
        <source>large school (one inspector to itself)</source>
        <translation>large school (one inspector to itself)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="179"/>
        <source>Repeated across years: {items}</source>
        <translation>Repeated across years: {items}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="188"/>
        <source>⚠ {day} — overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="192"/>
        <source>awaiting reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="193"/>
        <source>{day}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="212"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="226"/>
        <source>Add school</source>
        <translation>Add school</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="215"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="216"/>
        <source>Competent department</source>
        <translation>Competent department</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="672"/>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="673"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="677"/>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="673"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="678"/>
        <source>Discreet mode</source>
        <translation>Discreet mode</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="673"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="679"/>
        <source>Seal again after</source>
        <translation>Seal again after</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="673"/>
        <source>Data folder</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="675"/>
        <source>Seal unannounced visits still to come</source>
        <translation>Seal unannounced visits still to come</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="676"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="683"/>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
</context>
<context>
    <name>SheetPreview</name>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="44"/>
        <source>No sheet yet</source>
        <translation type="unfinished">No sheet yet</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="45"/>
        <source>Print…</source>
        <translation type="unfinished">Print…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="46"/>
        <source>Export PDF…</source>
        <translation type="unfinished">Export PDF…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="72"/>
        <source>{name}: {pages} page(s)</source>
        <translation type="unfinished">{name}: {pages} page(s)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="73"/>
        <source>This PDF cannot be shown</source>
        <translation type="unfinished">This PDF cannot be shown</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="91"/>
        <source>Export the sheet</source>
        <translation type="unfinished">Export the sheet</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="91"/>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished">PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="97"/>
        <source>Export failed</source>
        <translation type="unfinished">Export failed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="97"/>
        <source>The sheet could not be saved: {error}</source>
        <translation type="unfinished">The sheet could not be saved: {error}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="106"/>
        <source>The printer could not be started</source>
        <translation type="unfinished">The printer could not be started</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="132"/>
        <source>Printing failed</source>
        <translation type="unfinished">Printing failed</translation>
    </message>
</context>
<context>
    <name>SignatureBox</name>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="84"/>
        <source>Clear</source>
        <translation type="unfinished">Clear</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="84"/>
        <source>Undo</source>
        <translation type="unfinished">Undo</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="84"/>
        <source>Redo</source>
        <translation type="unfinished">Redo</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="89"/>
        <source>Name</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="90"/>
        <source>Title</source>
        <translation type="unfinished">Title</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="42"/>
        <source>Sign here with the mouse, a pen or a finger</source>
        <translation type="unfinished">Sign here with the mouse, a pen or a finger</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="193"/>
        <source>Sign above the line</source>
        <translation type="unfinished">Sign above the line</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="226"/>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="227"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="228"/>
        <source>Decided by (lead)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="229"/>
        <source>Evidence</source>
        <translation type="unfinished">Evidence</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="230"/>
        <source>Decided on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="127"/>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="62"/>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="63"/>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="74"/>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="64"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="65"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="66"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="75"/>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="76"/>
        <source>Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="77"/>
        <source>Theirs (kept by the server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="124"/>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="124"/>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="124"/>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="128"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="129"/>
        <source>Dealt with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="130"/>
        <source>Keep mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="131"/>
        <source>Take theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="132"/>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="133"/>
        <source>Changes waiting, refused and recently sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="134"/>
        <source>Conflicts to decide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="147"/>
        <source>Not signed in: changes are kept on this laptop until you log in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="148"/>
        <source>Log in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="150"/>
        <source>Signed in to {server} as {user}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="152"/>
        <source>No system keyring: you will be asked to log in again after the app closes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="154"/>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="157"/>
        <source>Last sync: {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="157"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="159"/>
        <source>offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="161"/>
        <source>The last sync stopped: {reason} Nothing was lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="190"/>
        <source>Logged out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="191"/>
        <source>Logged out. {n} change(s) have not reached the server yet; they stay on this laptop and will be sent after the next log-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="208"/>
        <source>Sending changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="208"/>
        <source>Uploading files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="209"/>
        <source>Receiving changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="209"/>
        <source>Downloading files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="218"/>
        <source>Up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="227"/>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="242"/>
        <source>Edit the value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="250"/>
        <source>Not saved</source>
        <translation type="unfinished">Not saved</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="250"/>
        <source>The decision was not saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="165"/>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="167"/>
        <source>This workspace is empty. Create demo data to try the tool with a year of realistic visits, or start empty and add your schools.</source>
        <translation>This workspace is empty. Create demo data to try the tool with a year of realistic visits, or start empty and add your schools.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="169"/>
        <source>Create demo data</source>
        <translation>Create demo data</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="170"/>
        <source>Start empty</source>
        <translation>Start empty</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="171"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="174"/>
        <source>Today&apos;s visits</source>
        <translation>Today&apos;s visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="172"/>
        <source>Coming up (14 days)</source>
        <translation>Coming up (14 days)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="173"/>
        <source>Duties</source>
        <translation>Duties</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="175"/>
        <source>Coming up</source>
        <translation>Coming up</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="176"/>
        <source>Training hours this year</source>
        <translation>Training hours this year</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="177"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="179"/>
        <source>Routine visits due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="178"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="180"/>
        <source>Rectification deadlines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="201"/>
        <source>Seal again</source>
        <translation>Seal again</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="201"/>
        <source>Reveal sealed visits</source>
        <translation>Reveal sealed visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="203"/>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="206"/>
        <source>Today, {day}</source>
        <translation>Today, {day}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="212"/>
        <source>No visit planned today.</source>
        <translation>No visit planned today.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="217"/>
        <source>%1 of %2 training hours</source>
        <translation>%1 of %2 training hours</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="219"/>
        <source>Overdue rectifications: {n}</source>
        <translation>Overdue rectifications: {n}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="220"/>
        <source>Rectifications due within a week: {n}</source>
        <translation>Rectifications due within a week: {n}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="221"/>
        <source>Draft feedback forms: {n}</source>
        <translation>Draft feedback forms: {n}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/pages.py" line="234"/>
        <source>overdue by %n day(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/pages.py" line="235"/>
        <source>due in %n day(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="238"/>
        <source>Every school is on cadence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/pages.py" line="240"/>
        <source>%n day(s) overdue</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/pages.py" line="241"/>
        <source>%n day(s) left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="244"/>
        <source>Due for escalation: {step}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="247"/>
        <source>No deadline is near.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="255"/>
        <source>Responsible schools: {n} (load {percent}% of the 1:5 ratio)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="257"/>
        <source>Schools on the routine cadence: {n} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="259"/>
        <source>Training: {hours} h of {target} (expected by today: {expected} h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="266"/>
        <source>⚠ Routine visit overdue at {school} (due {day})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="269"/>
        <source>⚠ {n} schools is more than the 1:5 ratio allows ({percent}%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="272"/>
        <source>⚠ Training hours behind: {hours} h, {expected} h expected by now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="549"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="592"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="550"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="592"/>
        <source>Hours</source>
        <translation>Hours</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="551"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="592"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="552"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="592"/>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="587"/>
        <location filename="../../inspector_desktop/ui/pages.py" line="598"/>
        <source>Training log</source>
        <translation>Training log</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="591"/>
        <source>Record training</source>
        <translation>Record training</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="596"/>
        <source>Add to the log</source>
        <translation>Add to the log</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="597"/>
        <source>Training hours this year</source>
        <translation>Training hours this year</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="620"/>
        <source>{year}: {hours} hours — the {target}-hour yearly requirement is met.</source>
        <translation>{year}: {hours} hours — the {target}-hour yearly requirement is met.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="622"/>
        <source>{year}: {hours} hours — {short} more hours needed to reach {target}.</source>
        <translation>{year}: {hours} hours — {short} more hours needed to reach {target}.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="636"/>
        <source>Not recorded</source>
        <translation>Not recorded</translation>
    </message>
</context>
<context>
    <name>VerdictDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="197"/>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="200"/>
        <source>Notes</source>
        <translation type="unfinished">Notes</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="201"/>
        <source>Re-inspected on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="34"/>
        <source>Sealed unannounced visit</source>
        <translation>Sealed unannounced visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="74"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="75"/>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="76"/>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="77"/>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="78"/>
        <source>Planning</source>
        <translation>Planning</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="79"/>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="80"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="81"/>
        <source>Team leader</source>
        <translation>Team leader</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="82"/>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
</context>
<context>
    <name>VisitWorkspace</name>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="320"/>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="349"/>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="331"/>
        <source>◀ Visits</source>
        <translation>◀ Visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="332"/>
        <source>Back to the visit list (Alt+Left)</source>
        <translation>Back to the visit list (Alt+Left)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="333"/>
        <source>Start visit</source>
        <translation>Start visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="334"/>
        <source>Complete visit</source>
        <translation>Complete visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="335"/>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="488"/>
        <source>Cancel visit</source>
        <translation>Cancel visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="336"/>
        <source>Feedback form…</source>
        <translation>Feedback form…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="337"/>
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="337"/>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="342"/>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="337"/>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="344"/>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="346"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="337"/>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="348"/>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="339"/>
        <source>Describe a problem found, then press Enter</source>
        <translation>Describe a problem found, then press Enter</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="340"/>
        <source>New finding</source>
        <translation>New finding</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="341"/>
        <source>Add finding</source>
        <translation>Add finding</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="343"/>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="345"/>
        <source>Purpose</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="347"/>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="347"/>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="347"/>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="347"/>
        <source>Changes</source>
        <translation>Changes</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="349"/>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="522"/>
        <source>All changes saved</source>
        <translation>All changes saved</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="380"/>
        <source>This visit has no checklist template.</source>
        <translation>This visit has no checklist template.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="422"/>
        <source>Team: {names}</source>
        <translation>Team: {names}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="488"/>
        <source>Cancel this visit? It stays in the records as cancelled.</source>
        <translation>Cancel this visit? It stays in the records as cancelled.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="510"/>
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="510"/>
        <source>Finding</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="510"/>
        <source>Checklist line</source>
        <translation>Checklist line</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="511"/>
        <source>Evidence</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="511"/>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="513"/>
        <source>added</source>
        <translation>added</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="513"/>
        <source>changed</source>
        <translation>changed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="513"/>
        <source>removed</source>
        <translation>removed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="526"/>
        <source>Not saved</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_workspace.py" line="527"/>
        <source>Could not save</source>
        <translation>Could not save</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="140"/>
        <source>Search notes and findings (Ctrl+F), e.g. 食堂</source>
        <translation>Search notes and findings (Ctrl+F), e.g. 食堂</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="141"/>
        <source>Search visits</source>
        <translation>Search visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="142"/>
        <source>Any scope</source>
        <translation>Any scope</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="142"/>
        <source>Any stage</source>
        <translation>Any stage</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="142"/>
        <source>Any planning</source>
        <translation>Any planning</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="143"/>
        <source>Any notice</source>
        <translation>Any notice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="143"/>
        <source>Any status</source>
        <translation>Any status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="144"/>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="144"/>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="144"/>
        <source>Planning</source>
        <translation>Planning</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="145"/>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="145"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="157"/>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="184"/>
        <source>All schools</source>
        <translation>All schools</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="158"/>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="159"/>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="160"/>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="161"/>
        <source>From date</source>
        <translation>From date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="161"/>
        <source>To date</source>
        <translation>To date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="162"/>
        <source>any day</source>
        <translation>any day</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="166"/>
        <source>New visit…</source>
        <translation>New visit…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="167"/>
        <source>Plan a new visit (Ctrl+N)</source>
        <translation>Plan a new visit (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="168"/>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/visits_page.py" line="216"/>
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%n visit</numerusform>
            <numerusform>%n visits</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="216"/>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="237"/>
        <source>Seal again ({seconds} s)</source>
        <translation>Seal again ({seconds} s)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="238"/>
        <source>Unannounced visits are shown in full; they seal again by themselves</source>
        <translation>Unannounced visits are shown in full; they seal again by themselves</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="241"/>
        <source>Reveal sealed visits</source>
        <translation>Reveal sealed visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="242"/>
        <source>Show unannounced visits still to come, for a short while</source>
        <translation>Show unannounced visits still to come, for a short while</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="249"/>
        <source>New visit</source>
        <translation>New visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="249"/>
        <source>Add a school first (Schools page).</source>
        <translation>Add a school first (Schools page).</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="262"/>
        <source>Sealed visit</source>
        <translation>Sealed visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="263"/>
        <source>This unannounced visit is sealed. Use “Reveal sealed visits” to open it.</source>
        <translation>This unannounced visit is sealed. Use “Reveal sealed visits” to open it.</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../inspector_desktop/ui/ops.py" line="180"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>
