<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CapturedSignatureView</name>
    <message>
        <location filename="../../inspector_desktop/ui/form_signatures.py" line="53"/>
        <source>(no image stored)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_signatures.py" line="59"/>
        <source>Not signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_signatures.py" line="61"/>
        <source>{name}, {title} — signed {when}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChainDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="61"/>
        <source>Why it was not saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChainDialogs</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="107"/>
        <source>Record the school&apos;s report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="142"/>
        <source>Record a re-inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="169"/>
        <source>Record an incentive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="170"/>
        <source>Record an escalation step</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChainLabels</name>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="79"/>
        <source>Rectified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="80"/>
        <source>Partly rectified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="81"/>
        <source>Not rectified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="82"/>
        <source>Interview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="83"/>
        <source>Public notification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="84"/>
        <source>Accountability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="85"/>
        <source>Incentive</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChecklistLine</name>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="118"/>
        <source>Rating of {code}</source>
        <translation>Rating of {code}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="119"/>
        <source>Observation on {code}</source>
        <translation>Observation on {code}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="120"/>
        <source>What you observed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="121"/>
        <source>Show or hide the evidence; photos can also be dropped on the line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="136"/>
        <source>Needs follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="140"/>
        <source>Evidence ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="140"/>
        <source>Add evidence</source>
        <translation type="unfinished">Add evidence</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="218"/>
        <source>Storing evidence…</source>
        <translation>Storing evidence…</translation>
    </message>
</context>
<context>
    <name>ChecklistTab</name>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="97"/>
        <source>This visit has no checklist template.</source>
        <translation>This visit has no checklist template.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="105"/>
        <source>Checklist items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="106"/>
        <source>Go to an item (Alt+Down / Alt+Up: next / previous)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="157"/>
        <source>{rated}/{total} rated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="159"/>
        <source>{n} need follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="186"/>
        <source>Score {points}/{out_of}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="187"/>
        <source>(so far)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="188"/>
        <source>Each item earns its weight times its rating&apos;s points on the scale of version {n} of the checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="193"/>
        <source>Move to version {n}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="194"/>
        <source>This visit stays on version {old} unless you move it; you see item by item what happens first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="38"/>
        <source>There is no workspace in {path}; check --data-dir (this command never creates one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="40"/>
        <source>The file {path} does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="41"/>
        <source>The file {path} cannot be read: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="42"/>
        <source>Cannot write {path}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="43"/>
        <source>The disk is full, so {path} was not written; nothing else changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="44"/>
        <source>{option}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="45"/>
        <source>“{value}” is not a date; write it as YYYY-MM-DD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="46"/>
        <source>“{value}” is not a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="47"/>
        <source>“{value}” must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="48"/>
        <source>This workspace has no feedback form {form}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="49"/>
        <source>This workspace has no visit {visit}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="50"/>
        <source>Stopped before finishing; nothing half-written was kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="58"/>
        <source>The office reported this laptop lost: the workspace in {path} is being erased. Changes not yet sent, now lost: {pending}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="61"/>
        <source>The workspace in {path} was erased because the office reported this laptop lost. Changes not yet sent, lost with it: {pending}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="115"/>
        <source>; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="88"/>
        <location filename="../../inspector_desktop/wording/cli.py" line="116"/>
        <source>{arguments}: not an option or argument of this command; see --help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="86"/>
        <location filename="../../inspector_desktop/wording/cli.py" line="118"/>
        <source>Missing {names}; see --help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="90"/>
        <location filename="../../inspector_desktop/wording/cli.py" line="119"/>
        <source>{option} needs a value; see --help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="87"/>
        <location filename="../../inspector_desktop/wording/cli.py" line="120"/>
        <source>{option}: “{value}” is not one of {choices}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="51"/>
        <source>Cannot use {path}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="52"/>
        <source>A file or folder name cannot hold a NUL character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="53"/>
        <source>Nobody is signed in to {server} from this workspace: log in once in the window, or set INSPECTOR_SYNC_USER and INSPECTOR_SYNC_PASSWORD, or INSPECTOR_SYNC_TOKEN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="56"/>
        <source>Sync stopped. {reason} {pending} change(s) still wait to be sent; nothing on this laptop was lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="64"/>
        <source>No sync server given (--server URL) and none logged in to before from this workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="66"/>
        <source>Cannot tell the format from {path}; say --format csv or --format xlsx.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="68"/>
        <source>This computer has no system keyring, so the workspace is locked with a passphrase: set INSPECTOR_DESKTOP_PASSPHRASE, or run the command in a terminal to type it. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="71"/>
        <source>The system keyring no longer holds this workspace&apos;s key: run the command in a terminal to type the recovery key, or open the window. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="74"/>
        <source>Workspace passphrase: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="75"/>
        <source>Choose a passphrase for the new workspace: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="76"/>
        <source>Type it again: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="77"/>
        <source>No passphrase was given; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="78"/>
        <source>The two passphrases differ; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="79"/>
        <source>Recovery key (8 groups of 5): </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="80"/>
        <source>The workspace is encrypted. Its recovery key, shown only this once (write it down and keep it apart from the laptop; it opens the workspace if the keyring or passphrase is lost):
  {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="83"/>
        <source>Encrypting the workspace: {percent}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="92"/>
        <source>“{period}” is not a period; write a year (2026), a term (2026-S1, 2026-S2) or a month (2026-09).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="94"/>
        <source>A school&apos;s report needs the school: add --school CODE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="95"/>
        <source>This workspace has no school with the code {school}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="96"/>
        <source>Cannot tell the format from {path}; name a .pdf or an .xlsx file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="102"/>
        <source>a folder on its way does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="103"/>
        <location filename="../../inspector_desktop/wording/cli.py" line="104"/>
        <source>a part of the path is a file, not a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="105"/>
        <source>it is a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="106"/>
        <location filename="../../inspector_desktop/wording/cli.py" line="107"/>
        <source>permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="108"/>
        <source>the disk is read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="109"/>
        <source>the name is too long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="121"/>
        <source>{option}: “{value}” is not a valid value; see --help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="122"/>
        <source>The command line is not understood ({problem}); see --help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="123"/>
        <source>“{value}” is not a port number (0 to 65535).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="124"/>
        <source>There is no server database at {path}; check --db, or create one with the migrate command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="126"/>
        <source>{path} is a folder; --db needs a database file or a postgresql+psycopg:// address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="128"/>
        <source>The folder of {path} does not exist; check --db.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="130"/>
        <source>{path} is not a server database, or it is damaged; it was left untouched. Check --db.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="132"/>
        <source>The server database {path} cannot be opened ({reason}); check --db.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="134"/>
        <source>The server database {path} was written by a newer version; install that version to use it. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="136"/>
        <source>--db {path} is neither a file nor a database address like postgresql+psycopg://user:password@host/db.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="138"/>
        <source>{path}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="139"/>
        <source>New password: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="140"/>
        <source>Again: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="141"/>
        <source>There is no terminal to ask for the password; pipe it in with --password-stdin. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="143"/>
        <source>No password was given; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="144"/>
        <source>The two passwords differ; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="145"/>
        <source>A password needs at least {length} characters; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="147"/>
        <source>A user needs a username and at least one role; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="149"/>
        <source>The username {username} or the code {code} is already taken; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="151"/>
        <source>Created {username} ({roles}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="152"/>
        <source>There is no user {username}; list-users shows them all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="153"/>
        <source>There is no active device key {key_id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="154"/>
        <source>There is no device {device}: give a device id, a signing key&apos;s id or a username. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="156"/>
        <source>{username} has no device that is not already reported lost; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="158"/>
        <source>{username} has {count} devices ({devices}); name the lost one by its id. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="160"/>
        <source>Device {device} of {username} is reported lost; sign-in tokens revoked: {tokens}. Its other devices keep working. At its next contact the laptop erases its workspace; run this command again then to see how many unsent changes were lost. Its signing key stays valid (revoke-key withdraws it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="167"/>
        <source>Device {device} of {username} learnt on {when} that it was reported lost and erased its workspace. Changes it had not sent, now lost: {lost}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="164"/>
        <source>Device {device} of {username} was reported lost on {since} and has not reached the server since, so it has not erased its workspace yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="170"/>
        <source>{username} is not an inspector, so no school was assigned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="172"/>
        <source>No school has the code {codes}; nothing was assigned. Import the schools first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="174"/>
        <source>{username} is responsible for school {code}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="175"/>
        <source>{username} is no longer responsible for school {code}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="176"/>
        <source>{username} is now responsible for {schools} schools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="177"/>
        <source>{username} is not responsible for these schools: {codes}; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="179"/>
        <source>Warning: {username} is now responsible for {schools} schools ({large} large), {percent}% of the 1:5 guideline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="181"/>
        <source>A region is needed: the district of its schools, or a lead&apos;s region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="183"/>
        <source>There is no rule file {rules}; the rule files are: {known}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="184"/>
        <source>The laptops of region {region} follow {rules} from their next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="185"/>
        <source>{path}: schools are imported from .csv or .xlsx files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="186"/>
        <source>{path} is a folder, not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="187"/>
        <source>{path} is not UTF-8 text; save the sheet as “CSV UTF-8” and import again. Nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="189"/>
        <source>{path} is not a readable .xlsx workbook (damaged, or another kind of file renamed); nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="191"/>
        <source>{path} is empty; nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="192"/>
        <source>{path}, row 1: the header lacks {missing} (the columns are {columns}); nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="194"/>
        <source>Nothing was imported from {path}: {problems}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="195"/>
        <source>Nothing was imported from {path}: {problems}; and {more} more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="197"/>
        <source>row {row}, column {column}: empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="198"/>
        <source>row {row}, column {column}: “{value}” is neither yes nor no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="199"/>
        <source>row {row}, column {column}: “{value}” is not a school type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="201"/>
        <source>row {row}, column {column}: {code} repeats row {first}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="202"/>
        <source>a school type is one of {types}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="203"/>
        <source>Imported {count} schools from {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictList</name>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="45"/>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="46"/>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="47"/>
        <source>Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="48"/>
        <source>Theirs (kept by the server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="74"/>
        <source>Conflicts to decide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="75"/>
        <source>Keep mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="76"/>
        <source>Take theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="77"/>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="78"/>
        <source>Double-click or Enter opens the visit, school, rectification or feedback form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="80"/>
        <source>No conflicts. When the server kept another change to a field you also changed, it is listed here for you to decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="89"/>
        <source>Edit the value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="99"/>
        <source>Not saved</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="99"/>
        <source>The decision was not saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContentTab</name>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="48"/>
        <source>Required when the visit found no problems, e.g. 本次督导未发现需要整改的问题。</source>
        <translation type="unfinished">Required when the visit found no problems, e.g. 本次督导未发现需要整改的问题。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="53"/>
        <source>Requirement</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="53"/>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="53"/>
        <source>Responsible party</source>
        <translation type="unfinished">Responsible party</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="53"/>
        <source>Copied to</source>
        <translation type="unfinished">Copied to</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="60"/>
        <source>Add requirement</source>
        <translation type="unfinished">Add requirement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="61"/>
        <source>Remove selected</source>
        <translation type="unfinished">Remove selected</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="69"/>
        <source>Summary</source>
        <translation type="unfinished">Summary</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="70"/>
        <source>No-issues statement</source>
        <translation type="unfinished">No-issues statement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="71"/>
        <source>Rectification requirements</source>
        <translation type="unfinished">Rectification requirements</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="73"/>
        <source>Further remarks</source>
        <translation type="unfinished">Further remarks</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="52"/>
        <source>Not due yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="53"/>
        <source>Booked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="54"/>
        <source>Due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="55"/>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="60"/>
        <source>Administration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="61"/>
        <source>Enrolment, fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="62"/>
        <source>Teaching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="63"/>
        <source>Workload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="64"/>
        <source>Teachers&apos; ethics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="65"/>
        <source>Safety</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="66"/>
        <source>Hygiene</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="67"/>
        <source>Ethos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="68"/>
        <source>Other</source>
        <translation type="unfinished">Other</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="110"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="111"/>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="112"/>
        <source>Visits this year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="113"/>
        <source>Months visited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="114"/>
        <source>Last visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="115"/>
        <source>Next routine visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="116"/>
        <source>Cadence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="117"/>
        <source>Responsible inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="117"/>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="163"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="164"/>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="165"/>
        <source>Random pick (双随机)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="166"/>
        <source>Export visits, findings or rectifications (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="167"/>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="168"/>
        <source>Duty ledger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="231"/>
        <source>Rectifications by status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="233"/>
        <source>Rectifications</source>
        <translation>Rectifications</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="235"/>
        <source>Overdue items by school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="237"/>
        <source>Overdue or escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="238"/>
        <source>Visit coverage by month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="240"/>
        <source>Schools visited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="241"/>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="244"/>
        <source>Findings by category (12 months)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="245"/>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="246"/>
        <source>{short}: {full}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="261"/>
        <source>No inspector profile yet: set one up on Today to see the schools in your care.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="263"/>
        <source>No schools in this region yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="264"/>
        <source>No schools are assigned to you yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="266"/>
        <source>{region}: {n} schools, {on} on the routine cadence; {late} routine visits overdue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="267"/>
        <source>The whole province</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="270"/>
        <source>{name}: {n} responsible schools, {on} on the routine cadence; load {percent}% of the 1:5 ratio; training {hours} of {target} h.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="275"/>
        <source>Alerts: {n} — see Today.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiscreetBanner</name>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="144"/>
        <source>Unannounced plans hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="145"/>
        <source>Discreet mode is on: unannounced (暗访) plans show no school or date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="149"/>
        <source>Unannounced (暗访) plans are shown. Hidden again in {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="151"/>
        <source>Hide now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="154"/>
        <source>Discreet mode is off: unannounced (暗访) plans are shown to anyone who can see this screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="156"/>
        <source>Turn discreet mode on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="157"/>
        <source>Hide unannounced plans now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="273"/>
        <source>Escalation document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="285"/>
        <source>{step}: document {number}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DrawDetailDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="237"/>
        <source>Random pick (双随机): past draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="243"/>
        <source>Schools drawn from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="244"/>
        <source>Picked schools and their visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="246"/>
        <source>Audit again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="252"/>
        <source>Drawn from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="253"/>
        <source>Picked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="272"/>
        <source>{day} · {purpose} · drawn by {who}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="273"/>
        <source>(no purpose given)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="274"/>
        <source>Seed: {seed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="275"/>
        <source>{n} inspectors per school, drawn from: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="277"/>
        <source>Schools only: no inspectors drawn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="284"/>
        <source>Visit {day} · {notice} · {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="287"/>
        <source>No visit on this laptop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="28"/>
        <source>A visit team needs exactly one leader.</source>
        <translation>A visit team needs exactly one leader.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="29"/>
        <source>An inspector is on the team twice.</source>
        <translation>An inspector is on the team twice.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="30"/>
        <source>Choose a school for the visit.</source>
        <translation>Choose a school for the visit.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="31"/>
        <source>The visit cannot move to that status from where it is.</source>
        <translation>The visit cannot move to that status from where it is.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="32"/>
        <source>The visit no longer exists.</source>
        <translation type="unfinished">The visit no longer exists.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="33"/>
        <source>An unannounced visit has no notice letter: the school is not told in advance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="35"/>
        <source>This visit was cancelled: a notice letter would announce a visit that will not happen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="37"/>
        <source>This visit is already completed: a notice letter announces a visit before it happens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="39"/>
        <source>This visit was planned for {planned_on}, which has passed: a notice letter cannot announce it now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="41"/>
        <source>Describe the problem before saving the finding.</source>
        <translation>Describe the problem before saving the finding.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="42"/>
        <source>Signed feedback form {number} certifies this finding, so it and its evidence can no longer change. Make an addendum to the form to correct it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="46"/>
        <source>A signed feedback form certifies this finding, so it and its evidence can no longer change. Make an addendum to the form to correct it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="52"/>
        <location filename="../../inspector_desktop/wording/errors.py" line="186"/>
        <source>The record no longer exists; it may have been removed.</source>
        <translation>The record no longer exists; it may have been removed.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="53"/>
        <source>That value is not valid here.</source>
        <translation>That value is not valid here.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="54"/>
        <source>That field cannot be edited here.</source>
        <translation>That field cannot be edited here.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="58"/>
        <source>Only a lead inspector signed in to the office&apos;s server sets the region&apos;s rule file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="60"/>
        <source>Your account has no region, so there is no region&apos;s rule file to set here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="62"/>
        <source>A region&apos;s rule file needs the region&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="63"/>
        <source>The server does not know that rule file; choose one of the rule files the app ships.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="65"/>
        <source>A region&apos;s rule file stays with its region; set the other region&apos;s rule file instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="68"/>
        <source>Only a lead inspector drafts, publishes or changes a checklist template: it reaches every laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="70"/>
        <source>Version {version} of this checklist template is published, so it can no longer change: visits were rated on it. Make a new version to change it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="73"/>
        <source>A checklist template version keeps its code and number; make a new version instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="75"/>
        <source>Give the checklist template a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="76"/>
        <source>A checklist template needs at least one item to be published.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="77"/>
        <source>Every item needs a code: visits moved between versions are matched by it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="79"/>
        <source>Two items have the code “{code}”; each needs its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="80"/>
        <source>An item&apos;s weight cannot be below 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="81"/>
        <source>The weights total {total}; they must total {full} before the version is published.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="83"/>
        <source>A signed feedback form certifies this visit, so its checklist stays on the version it was signed on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="85"/>
        <source>A visit moves only to another version of its own checklist template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="87"/>
        <source>The visit is already on version {version}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="88"/>
        <source>Version {version} is still a draft; a visit moves only to a published version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="100"/>
        <source>This form is signed and can no longer change. Make an addendum to correct it.</source>
        <translation type="unfinished">This form is signed and can no longer change. Make an addendum to correct it.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="102"/>
        <source>Both the inspector and the school representative must sign first.</source>
        <translation type="unfinished">Both the inspector and the school representative must sign first.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="104"/>
        <source>This visit found no problems: write the no-issues statement before signing.</source>
        <translation type="unfinished">This visit found no problems: write the no-issues statement before signing.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="106"/>
        <source>No inspector is set for this laptop or this visit.</source>
        <translation type="unfinished">No inspector is set for this laptop or this visit.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="107"/>
        <source>The feedback form no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="108"/>
        <source>A draft is corrected by editing it; an addendum is only for a signed form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="110"/>
        <source>The feedback form cannot take that step from where it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="111"/>
        <source>“{number}” is not a feedback form number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="112"/>
        <source>A feedback form&apos;s sequence number starts at 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="113"/>
        <source>The inspector code “{inspector_code}” cannot number a form: it must be set and have no dashes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="115"/>
        <source>Form {number} is marked as signed but its seal is missing, so its sheet cannot be printed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="117"/>
        <source>A sheet cannot be printed in that language ({language}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="118"/>
        <source>Each requirement needs its text and a responsible party.</source>
        <translation type="unfinished">Each requirement needs its text and a responsible party.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="119"/>
        <source>Enter the name of each person who signs.</source>
        <translation type="unfinished">Enter the name of each person who signs.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="120"/>
        <source>Each person must sign on the pad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="121"/>
        <source>The signature could not be read; clear the pad and sign again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="123"/>
        <source>The form is not signed yet; the school answers a signed form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="125"/>
        <source>The school has already acknowledged this form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="126"/>
        <source>Write the school&apos;s reasons for objecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="127"/>
        <source>An earlier objection to this form still awaits its reply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="129"/>
        <source>Only an objection is replied to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="130"/>
        <source>This objection has already been replied to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="131"/>
        <source>Write the reply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="133"/>
        <source>Write what the school reports it has done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="134"/>
        <source>The rectification cannot take that step from where it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="136"/>
        <source>Form {form} is still a draft: rectifications start when it is signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="138"/>
        <source>A rectification period cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="139"/>
        <source>The rectification is not overdue: its deadline is {deadline}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="141"/>
        <source>Choose a verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="142"/>
        <source>That requirement is not on the form being re-inspected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="144"/>
        <source>That visit is not the re-inspection of form {form}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="146"/>
        <source>Steps are taken in order: the next step is {expected}, not {kind}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="148"/>
        <source>The school still has time: the next step may be taken from {not_before}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="150"/>
        <source>Only an overdue or escalated rectification can be escalated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="151"/>
        <source>Every escalation step has already been taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="152"/>
        <source>An incentive is not an escalation step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="153"/>
        <source>Give the reason for this decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="154"/>
        <source>Name the lead who decided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="155"/>
        <source>Give the date and time of the interview: the school&apos;s head must know when to come.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="157"/>
        <source>Give the place of the interview: the school&apos;s head must know where to come.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="159"/>
        <source>The interview cannot be held before the day it was decided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="161"/>
        <source>Say whom the public notification goes to, e.g. the district&apos;s schools and the competent department.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="163"/>
        <source>Interviews, public notifications, accountability and incentives are the office&apos;s decisions: only a lead inspector signed in on this laptop records them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="166"/>
        <source>Only a lead inspector may escalate a rectification; it was left as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="168"/>
        <source>An incentive rewards a rectification verified at re-inspection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="170"/>
        <source>That rectification belongs to another school.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="171"/>
        <source>Choose between 1 and {available} schools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="172"/>
        <source>Not enough inspectors: {needed} needed for a school, {available} may inspect it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="174"/>
        <source>Name the lead who makes the draw.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="175"/>
        <source>A random pick is the office&apos;s decision: only a lead inspector signed in on this laptop makes one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="177"/>
        <source>A picked school has no responsible inspector to send; draw inspectors for the schools too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="180"/>
        <source>Too many rows for one spreadsheet ({rows}); choose CSV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="182"/>
        <source>That export format is not offered; choose CSV or XLSX.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="183"/>
        <source>That kind of record cannot be exported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="185"/>
        <source>The server refused this change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="187"/>
        <source>The record was removed on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="188"/>
        <source>Your account may not change this record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="189"/>
        <source>After this change the record would be outside what you may see, so it was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="191"/>
        <source>The record this change belongs to is not on the server, or not visible to you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="193"/>
        <source>The change points to a record the server does not have.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="194"/>
        <source>The server already has this record under another entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="195"/>
        <source>The server does not keep this kind of record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="196"/>
        <source>The server does not know one of the changed fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="197"/>
        <source>A required field is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="198"/>
        <source>A value is not valid for its field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="199"/>
        <source>A value is not one of the choices its field allows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="200"/>
        <source>A text holds characters that cannot be stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="201"/>
        <source>A number is outside the range its field allows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="202"/>
        <source>A value is too large to store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="203"/>
        <source>A value is nested too deeply to store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="205"/>
        <source>It points to a record that has not reached this laptop yet; it is applied once that arrives.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="207"/>
        <source>This laptop already holds the same record under another entry; the office can merge them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="209"/>
        <source>This laptop cannot store it; a newer version of the app may be needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="211"/>
        <source>The evidence file this change names is not on the server, or not yours to use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="213"/>
        <source>The server could not read this laptop&apos;s signing key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="214"/>
        <source>That signing key is already registered to another account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="215"/>
        <source>A registered signing key cannot be changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="217"/>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="218"/>
        <source>The sign-in has expired or was revoked; log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="219"/>
        <source>This account is disabled; ask the office administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="220"/>
        <source>Too many failed sign-ins; wait a while before trying again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="221"/>
        <source>This account may not do that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="222"/>
        <source>Only a lead inspector may do that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="223"/>
        <location filename="../../inspector_desktop/wording/errors.py" line="286"/>
        <source>The office reported this laptop lost, so its workspace is being erased.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="225"/>
        <source>Only a lead inspector may report a laptop lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="226"/>
        <source>This is the laptop you are using; report it lost from another one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="228"/>
        <source>No such laptop in your region; refresh the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="229"/>
        <source>The sign-in belongs to another workspace; log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="230"/>
        <source>This workspace belongs to another inspector&apos;s account; open your own workspace to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="232"/>
        <source>The server does not have that evidence file, or it is not yours to see.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="233"/>
        <source>An evidence upload did not fit the file&apos;s declared size; it will start again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="235"/>
        <source>An evidence upload was out of step with the server; it will resume from the server&apos;s position.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="237"/>
        <source>An evidence file changed size during its upload; it will be uploaded again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="239"/>
        <source>An evidence file arrived damaged on the server; it will be uploaded again from the start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="241"/>
        <source>An evidence upload was sent in pieces too large for the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="242"/>
        <source>The server could not accept the request as sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="243"/>
        <source>The request was too large for the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="244"/>
        <source>The server failed; the request changed nothing there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="246"/>
        <source>The server refused the office&apos;s request; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="247"/>
        <source>Nothing was imported: the file has {count} problems, listed by row and column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="249"/>
        <source>The file is larger than {mb} MB; split it into smaller files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="250"/>
        <source>row {row}, column {column}: the district “{district}” is not your region ({region})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="252"/>
        <source>You cannot disable your own account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="253"/>
        <source>Only a lead inspector plans the month&apos;s routine visits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="254"/>
        <source>No such inspector in your region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="255"/>
        <source>One of the schools is not in your region, or no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="260"/>
        <source>The server answered with HTTP error {rest}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="266"/>
        <source>This workspace was written by a newer version of Inspector Desktop; install that version to open it. The file was left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="268"/>
        <source>The workspace file is damaged or is not a workspace. It was left untouched; restore a backup or choose another data folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="270"/>
        <source>This computer has no system keyring to keep the workspace&apos;s key, so the workspace is locked with a passphrase: type it to open the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="273"/>
        <source>That passphrase does not open this workspace. The files were left untouched; try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="275"/>
        <source>The system keyring no longer holds this workspace&apos;s key. Type the recovery key you were given when the workspace was created; the files were left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="278"/>
        <source>That is not this workspace&apos;s recovery key; check each group of five characters and try again. The files were left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="280"/>
        <source>Demo data could not be created: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="281"/>
        <source>The workspace cannot be used: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="282"/>
        <source>The server could not be reached; try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="283"/>
        <source>The server&apos;s answer broke the sync protocol, so nothing was changed. ({detail})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="285"/>
        <source>The server refused the sign-in; log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="288"/>
        <source>The server refused the request ({code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="289"/>
        <source>Nothing was imported: the file has problems, listed by row and column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="290"/>
        <source>Sync stopped: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="291"/>
        <source>The system keyring cannot be used: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="49"/>
        <source>Only files can be attached, not folders.</source>
        <translation>Only files can be attached, not folders.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="50"/>
        <source>Evidence must belong to one finding or checklist line.</source>
        <translation>Evidence must belong to one finding or checklist line.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="55"/>
        <source>Records are never deleted outright here; they are marked as removed so every copy learns of it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="57"/>
        <source>The rule file {file} is wrong at {field}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="94"/>
        <source>A school needs its district: it decides which lead inspectors oversee the school.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="96"/>
        <source>Set up your inspector profile first.</source>
        <translation>Set up your inspector profile first.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="97"/>
        <source>Give the training a title.</source>
        <translation>Give the training a title.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="98"/>
        <source>Training time must be more than zero and at most a day.</source>
        <translation>Training time must be more than zero and at most a day.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="91"/>
        <source>Enter your name and an inspector code without dashes.</source>
        <translation>Enter your name and an inspector code without dashes.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="92"/>
        <source>Code, name and competent department are required.</source>
        <translation>Code, name and competent department are required.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="93"/>
        <source>Another school already has that code.</source>
        <translation>Another school already has that code.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="294"/>
        <source>The change was refused ({code}).</source>
        <translation>The change was refused ({code}).</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="295"/>
        <source>Something went wrong: {detail}</source>
        <translation>Something went wrong: {detail}</translation>
    </message>
</context>
<context>
    <name>EvidenceStrip</name>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="88"/>
        <source>Add evidence…</source>
        <translation>Add evidence…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="89"/>
        <source>Open</source>
        <translation type="unfinished">Open</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="90"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="91"/>
        <source>Evidence files</source>
        <translation>Evidence files</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="92"/>
        <source>Drop photos or documents here; double-click one to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="94"/>
        <source>Opens a decrypted copy in the system&apos;s viewer. The copy is kept in a private temporary folder and deleted when Inspector Desktop closes; the stored file stays encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="185"/>
        <source>Removed “{file}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="206"/>
        <source>Add evidence</source>
        <translation>Add evidence</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="205"/>
        <source>Photos and documents (*.jpg *.jpeg *.png *.heic *.pdf *.doc *.docx);;All files (*)</source>
        <translation>Photos and documents (*.jpg *.jpeg *.png *.heic *.pdf *.doc *.docx);;All files (*)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="37"/>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="61"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="39"/>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="39"/>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="40"/>
        <source>Rectifications</source>
        <translation>Rectifications</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="43"/>
        <source>CSV (comma-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="44"/>
        <source>Excel workbook (.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="46"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="55"/>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="55"/>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="58"/>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="59"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="72"/>
        <source>Export to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="80"/>
        <source>Choose a file to export to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="94"/>
        <source>Exporting {what}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="43"/>
        <location filename="../../inspector_desktop/wording/records.py" line="46"/>
        <location filename="../../inspector_desktop/wording/records.py" line="75"/>
        <source>Name</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="43"/>
        <source>Inspector number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="44"/>
        <location filename="../../inspector_desktop/wording/records.py" line="98"/>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="44"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="45"/>
        <source>Lead inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="45"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="46"/>
        <source>School number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="47"/>
        <location filename="../../inspector_desktop/wording/records.py" line="78"/>
        <source>Competent department</source>
        <translation type="unfinished">Competent department</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="47"/>
        <source>District</source>
        <translation type="unfinished">District</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="48"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="48"/>
        <source>Type of school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="49"/>
        <source>Large school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="50"/>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="50"/>
        <source>Until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="51"/>
        <location filename="../../inspector_desktop/wording/records.py" line="54"/>
        <source>Title (Chinese)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="51"/>
        <location filename="../../inspector_desktop/wording/records.py" line="54"/>
        <source>Title (English)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="52"/>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="53"/>
        <source>Item number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="53"/>
        <location filename="../../inspector_desktop/wording/records.py" line="63"/>
        <source>Category</source>
        <translation type="unfinished">Category</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="55"/>
        <source>Guidance (Chinese)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="55"/>
        <source>Guidance (English)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="56"/>
        <location filename="../../inspector_desktop/wording/records.py" line="96"/>
        <source>Date</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="56"/>
        <source>Scope</source>
        <translation type="unfinished">Scope</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="56"/>
        <source>Stage</source>
        <translation type="unfinished">Stage</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="57"/>
        <source>Planning</source>
        <translation type="unfinished">Planning</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="57"/>
        <source>Notice</source>
        <translation type="unfinished">Notice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="58"/>
        <location filename="../../inspector_desktop/wording/records.py" line="67"/>
        <location filename="../../inspector_desktop/wording/records.py" line="77"/>
        <source>Status</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="59"/>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="59"/>
        <source>Completed</source>
        <translation type="unfinished">Completed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="60"/>
        <location filename="../../inspector_desktop/wording/records.py" line="94"/>
        <source>Purpose</source>
        <translation type="unfinished">Purpose</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="60"/>
        <location filename="../../inspector_desktop/wording/records.py" line="81"/>
        <source>Notes</source>
        <translation type="unfinished">Notes</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="61"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="62"/>
        <source>Rating</source>
        <translation type="unfinished">Rating</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="62"/>
        <source>Observation</source>
        <translation type="unfinished">Observation</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="63"/>
        <source>Severity</source>
        <translation type="unfinished">Severity</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="64"/>
        <source>Problem</source>
        <translation type="unfinished">Problem</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="64"/>
        <location filename="../../inspector_desktop/wording/records.py" line="85"/>
        <source>Evidence</source>
        <translation type="unfinished">Evidence</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="65"/>
        <source>Diagnosis</source>
        <translation type="unfinished">Diagnosis</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="65"/>
        <source>Recommendation</source>
        <translation type="unfinished">Recommendation</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="66"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="66"/>
        <source>Caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="67"/>
        <source>Number</source>
        <translation type="unfinished">Number</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="68"/>
        <source>Language</source>
        <translation type="unfinished">Language</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="68"/>
        <source>Summary</source>
        <translation type="unfinished">Summary</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="69"/>
        <source>No-issues statement</source>
        <translation type="unfinished">No-issues statement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="70"/>
        <source>Further remarks</source>
        <translation type="unfinished">Further remarks</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="70"/>
        <location filename="../../inspector_desktop/wording/records.py" line="76"/>
        <source>Signed</source>
        <translation type="unfinished">Signed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="71"/>
        <source>Issued</source>
        <translation type="unfinished">Issued</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="72"/>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="72"/>
        <source>Requirement</source>
        <translation type="unfinished">Requirement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="73"/>
        <location filename="../../inspector_desktop/wording/records.py" line="77"/>
        <source>Deadline</source>
        <translation type="unfinished">Deadline</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="73"/>
        <source>Responsible party</source>
        <translation type="unfinished">Responsible party</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="74"/>
        <source>Copied to</source>
        <translation type="unfinished">Copied to</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="75"/>
        <source>Signs as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="76"/>
        <source>Title</source>
        <translation type="unfinished">Title</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="79"/>
        <source>Reported on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="79"/>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="80"/>
        <source>Verified on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="81"/>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="82"/>
        <source>Re-inspected on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="83"/>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="83"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="84"/>
        <location filename="../../inspector_desktop/wording/records.py" line="99"/>
        <source>Decided on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="84"/>
        <location filename="../../inspector_desktop/wording/records.py" line="99"/>
        <source>Decided by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="86"/>
        <source>Interview time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="87"/>
        <source>Interview place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="88"/>
        <source>Participants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="89"/>
        <source>Notified to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="90"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="90"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="91"/>
        <source>Received on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="91"/>
        <source>Reply due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="92"/>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="92"/>
        <source>Replied on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="93"/>
        <source>Drawn on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="93"/>
        <source>Drawn by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="95"/>
        <source>Revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="95"/>
        <source>Device name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="96"/>
        <source>Training time (minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="97"/>
        <source>Provider</source>
        <translation type="unfinished">Provider</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="97"/>
        <source>Course</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="98"/>
        <source>Rule file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="93"/>
        <source>Search school, form number or text, e.g. 食堂</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="94"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="98"/>
        <source>Any status</source>
        <translation type="unfinished">Any status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="103"/>
        <source>Status</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="104"/>
        <source>All schools</source>
        <translation type="unfinished">All schools</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="105"/>
        <source>School</source>
        <translation type="unfinished">School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="106"/>
        <source>Overdue only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="154"/>
        <source>{shown} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindingEditor</name>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="75"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="75"/>
        <source>Diagnosis</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="75"/>
        <source>Recommendation</source>
        <translation>Recommendation</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="76"/>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="76"/>
        <source>Indicator</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="76"/>
        <source>Evidence</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="87"/>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="158"/>
        <source>Storing evidence…</source>
        <translation>Storing evidence…</translation>
    </message>
</context>
<context>
    <name>FindingsTab</name>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="211"/>
        <source>Describe a problem found, then press Enter</source>
        <translation>Describe a problem found, then press Enter</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="215"/>
        <source>New finding</source>
        <translation>New finding</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="216"/>
        <source>Add finding</source>
        <translation>Add finding</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="217"/>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="218"/>
        <source>Delete finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="219"/>
        <source>Delete the selected finding (Del); Undo or Ctrl+Z brings it back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="309"/>
        <source>Finding deleted: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormEditor</name>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="63"/>
        <source>Feedback form</source>
        <translation type="unfinished">Feedback form</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="85"/>
        <source>Sheet language</source>
        <translation type="unfinished">Sheet language</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="93"/>
        <source>Content</source>
        <translation type="unfinished">Content</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="96"/>
        <source>Signatures</source>
        <translation type="unfinished">Signatures</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="103"/>
        <source>Sheet</source>
        <translation type="unfinished">Sheet</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="105"/>
        <source>Save draft</source>
        <translation type="unfinished">Save draft</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="106"/>
        <source>Sign and lock</source>
        <translation type="unfinished">Sign and lock</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="107"/>
        <source>Make an addendum</source>
        <translation type="unfinished">Make an addendum</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="108"/>
        <source>Mark as handed to the school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="109"/>
        <source>Once the printed sheet is left with the school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="111"/>
        <source>Close</source>
        <translation type="unfinished">Close</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="177"/>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="177"/>
        <source>Signed</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="177"/>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="178"/>
        <source>{number} · {school} · {status}</source>
        <translation type="unfinished">{number} · {school} · {status}</translation>
    </message>
</context>
<context>
    <name>FormsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="62"/>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="65"/>
        <source>Feedback forms</source>
        <translation>Feedback forms</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="30"/>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="31"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="32"/>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="33"/>
        <source>Visit date</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="63"/>
        <source>Open form…</source>
        <translation>Open form…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="64"/>
        <source>Record the school&apos;s response…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="66"/>
        <source>Double-click a form, or select it and press Enter, to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="73"/>
        <source>No feedback form matches these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="73"/>
        <source>Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="76"/>
        <source>No feedback forms yet: open a visit on the Visits page and choose Feedback form… to draft one from its findings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="32"/>
        <source>Comprehensive</source>
        <translation>Comprehensive</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="33"/>
        <source>Special</source>
        <translation>Special</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="34"/>
        <source>Process</source>
        <translation>Process</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="35"/>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="36"/>
        <source>Routine</source>
        <translation>Routine</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="37"/>
        <source>Random</source>
        <translation>Random</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="38"/>
        <source>Announced</source>
        <translation>Announced</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="39"/>
        <source>Unannounced</source>
        <translation>Unannounced</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="40"/>
        <source>Planned</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="41"/>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="42"/>
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="43"/>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="44"/>
        <source>Team leader</source>
        <translation>Team leader</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="45"/>
        <source>Team member</source>
        <translation>Team member</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="46"/>
        <source>Minor</source>
        <translation>Minor</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="47"/>
        <source>Moderate</source>
        <translation>Moderate</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="48"/>
        <source>Serious</source>
        <translation>Serious</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="49"/>
        <source>Not assessed</source>
        <translation>Not assessed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="50"/>
        <source>Good</source>
        <translation>Good</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="51"/>
        <source>Satisfactory</source>
        <translation>Satisfactory</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="52"/>
        <source>Needs improvement</source>
        <translation>Needs improvement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="53"/>
        <source>Unsatisfactory</source>
        <translation>Unsatisfactory</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="54"/>
        <source>Administration and rules</source>
        <translation>Administration and rules</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="55"/>
        <source>Enrolment, fees and school choice</source>
        <translation>Enrolment, fees and school choice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="56"/>
        <source>Curriculum and teaching</source>
        <translation>Curriculum and teaching</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="57"/>
        <source>Learning, exercise and workload</source>
        <translation>Learning, exercise and workload</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="58"/>
        <source>Teachers&apos; ethics and development</source>
        <translation>Teachers&apos; ethics and development</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="59"/>
        <source>Safety on and around campus</source>
        <translation>Safety on and around campus</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="60"/>
        <source>Canteen, water and dormitory hygiene</source>
        <translation>Canteen, water and dormitory hygiene</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="61"/>
        <source>School, teaching and study ethos</source>
        <translation>School, teaching and study ethos</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="62"/>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="63"/>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="64"/>
        <source>Signed</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="65"/>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="66"/>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="67"/>
        <source>Reported</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="68"/>
        <source>Verified</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="69"/>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="70"/>
        <source>Escalated</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="71"/>
        <source>Inspector</source>
        <translation type="unfinished">Inspector</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="72"/>
        <source>School representative</source>
        <translation type="unfinished">School representative</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="73"/>
        <source>Acknowledgement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="74"/>
        <source>Objection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockBanner</name>
    <message>
        <location filename="../../inspector_desktop/ui/lock_banner.py" line="59"/>
        <source>Make an addendum…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lock_banner.py" line="60"/>
        <source>A new draft linked to form {number}, to correct what it says</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lock_banner.py" line="64"/>
        <source>Form {number} was signed on {when} — it can no longer change; make an addendum to correct it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="48"/>
        <source>Log in to the sync server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="49"/>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="49"/>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="49"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="55"/>
        <source>Fill in the server address, your user name and your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="58"/>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="72"/>
        <source>Could not sign in: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LostLaptop</name>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="62"/>
        <source>This laptop was reported lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="65"/>
        <source>The office reported this laptop lost. The workspace on this laptop is being erased: its records, evidence files and keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="71"/>
        <source>Every change made on this laptop had reached the server; nothing is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="73"/>
        <source>Inspector Desktop closes when the erasing is done. If this laptop is yours and was not lost, ask the office: you can sign in again with a new workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="87"/>
        <source>The office reported this laptop lost. The workspace on this laptop has been erased.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="95"/>
        <source>The workspace could not be erased completely: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="82"/>
        <source>Erasing the workspace on this laptop…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="128"/>
        <source>Reported lost on {when} by {who}; not yet erased (it has not reached the server since)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="132"/>
        <source>This laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="133"/>
        <source>In use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="147"/>
        <source>Laptops of the region…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="148"/>
        <source>See the region&apos;s laptops and report one lost: it stops syncing at once and erases its workspace when it next reaches the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="174"/>
        <source>Inspector</source>
        <translation type="unfinished">Inspector</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="176"/>
        <source>Laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="177"/>
        <source>First signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="179"/>
        <source>Last signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="181"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="205"/>
        <source>Laptops of the region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="206"/>
        <source>Report a laptop lost when it is lost or stolen. It can no longer sync, and when it next reaches the server it erases its workspace, with any changes it has not sent; the count of those shows here. The inspector&apos;s other laptops keep working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="210"/>
        <source>Report lost…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="239"/>
        <source>Report this laptop lost?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="240"/>
        <source>Report {name}&apos;s laptop {laptop} (last signed in {when}) lost? It stops syncing at once, and when it next reaches the server it erases its workspace, including changes it has not sent. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="262"/>
        <source>The server did not answer as expected: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="45"/>
        <source>%n change(s) made on this laptop had not been sent to the server; they are lost.</source>
        <translation>
            <numerusform>%n change made on this laptop had not been sent to the server; it is lost.</numerusform>
            <numerusform>%n changes made on this laptop had not been sent to the server; they are lost.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="48"/>
        <source>Reported lost; erased on {when}, %n unsent change(s) lost</source>
        <translation>
            <numerusform>Reported lost; erased on {when}, %n unsent change lost</numerusform>
            <numerusform>Reported lost; erased on {when}, %n unsent changes lost</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="196"/>
        <location filename="../../inspector_desktop/ui/first_run.py" line="40"/>
        <source>Inspector Desktop</source>
        <translation>Inspector Desktop</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="115"/>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="116"/>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="117"/>
        <source>Schools</source>
        <translation>Schools</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="118"/>
        <source>Rectifications</source>
        <translation>Rectifications</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="120"/>
        <source>Feedback forms</source>
        <translation>Feedback forms</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="121"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="122"/>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="123"/>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="119"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="130"/>
        <location filename="../../inspector_desktop/ui/app.py" line="202"/>
        <location filename="../../inspector_desktop/ui/app.py" line="204"/>
        <source>Opening the workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="201"/>
        <source>Pages</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="318"/>
        <source>Exported {rows} rows to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/first_run.py" line="43"/>
        <source>Creating demo data…</source>
        <translation>Creating demo data…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/first_run.py" line="48"/>
        <source>Your inspector profile</source>
        <translation>Your inspector profile</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/first_run.py" line="51"/>
        <location filename="../../inspector_desktop/ui/first_run.py" line="53"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/first_run.py" line="52"/>
        <location filename="../../inspector_desktop/ui/first_run.py" line="54"/>
        <source>Inspector code</source>
        <translation>Inspector code</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="333"/>
        <source>Changes not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="334"/>
        <source>The last changes could not be saved, so the window stays open: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/start.py" line="51"/>
        <source>Cannot open the workspace</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewInspectorDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="94"/>
        <source>New inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="98"/>
        <source>Name</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="98"/>
        <source>Inspector code</source>
        <translation type="unfinished">Inspector code</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="99"/>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="99"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="100"/>
        <source>Password again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="105"/>
        <source>The inspector signs in with this user name and password; tell them in person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="109"/>
        <source>Create account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="117"/>
        <source>Give the name, the inspector code and a user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="120"/>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewVisitDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="58"/>
        <source>New visit</source>
        <translation>New visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="64"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="110"/>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="66"/>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="67"/>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="68"/>
        <source>Planning</source>
        <translation>Planning</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="69"/>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="81"/>
        <source>(no checklist)</source>
        <translation>(no checklist)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="82"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="111"/>
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="92"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="93"/>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="94"/>
        <source>The first inspector ticked leads the team.</source>
        <translation>The first inspector ticked leads the team.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="98"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="99"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="102"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="103"/>
        <source>Purpose</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="105"/>
        <source>Plan visit</source>
        <translation>Plan visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="149"/>
        <source>Cannot plan the visit</source>
        <translation>Cannot plan the visit</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/notice_dialog.py" line="25"/>
        <source>Notice letter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OfficePages</name>
    <message>
        <location filename="../../inspector_desktop/ui/office.py" line="67"/>
        <source>Region overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office.py" line="69"/>
        <source>People and schools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office.py" line="73"/>
        <source>Checklist templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office.py" line="75"/>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OfficeReportsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="93"/>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="94"/>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="109"/>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="94"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="94"/>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="112"/>
        <source>School</source>
        <translation type="unfinished">School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="95"/>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="113"/>
        <source>Language</source>
        <translation type="unfinished">Language</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="97"/>
        <source>The region&apos;s inspection report (督导报告)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="98"/>
        <source>A school&apos;s inspection report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="99"/>
        <source>Bulletin of interviews, notifications and accountability (通报)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="102"/>
        <source>January</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="102"/>
        <source>February</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="102"/>
        <source>March</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="102"/>
        <source>April</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="102"/>
        <source>May</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="103"/>
        <source>June</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="103"/>
        <source>July</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="103"/>
        <source>August</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="103"/>
        <source>September</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="103"/>
        <source>October</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="104"/>
        <source>November</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="104"/>
        <source>December</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="105"/>
        <source>The whole year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="105"/>
        <source>First term (January–June)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="106"/>
        <source>Second term (July–December)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="110"/>
        <source>Year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="111"/>
        <source>Part of the year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="114"/>
        <source>Make the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="115"/>
        <source>Build the PDF from the records on this laptop and show it below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="116"/>
        <source>Export spreadsheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="117"/>
        <source>Figures come from the records on this laptop: sync first for the region&apos;s latest. Print or save the PDF with the buttons above it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="151"/>
        <source>Choose a school</source>
        <translation type="unfinished">Choose a school</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="152"/>
        <source>A school&apos;s report needs the school: choose one from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="163"/>
        <source>Making the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="170"/>
        <source>Export the report as a spreadsheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="171"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="181"/>
        <source>Making the spreadsheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="184"/>
        <source>Saved {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="187"/>
        <source>The report was not made</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="96"/>
        <source>Lock the new workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="97"/>
        <source>This computer has no system keyring to keep the workspace&apos;s key, so choose a passphrase that locks the workspace. You will type it at each start; it is never stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="99"/>
        <location filename="../../inspector_desktop/ui/unlock.py" line="103"/>
        <source>Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="99"/>
        <source>Again:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="101"/>
        <source>Unlock the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="102"/>
        <source>This workspace is locked with a passphrase (this computer has no system keyring). Type it to open the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="88"/>
        <source>Name</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="89"/>
        <location filename="../../inspector_desktop/ui/people_page.py" line="98"/>
        <source>Code</source>
        <translation type="unfinished">Code</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="90"/>
        <location filename="../../inspector_desktop/ui/people_page.py" line="175"/>
        <source>Schools</source>
        <translation type="unfinished">Schools</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="91"/>
        <source>Load (1:5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="92"/>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="92"/>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="92"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="99"/>
        <source>School</source>
        <translation type="unfinished">School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="100"/>
        <source>District</source>
        <translation type="unfinished">District</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="101"/>
        <source>Large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="102"/>
        <source>Responsible inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="171"/>
        <source>People and schools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="172"/>
        <source>Inspectors and schools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="173"/>
        <source>Planning</source>
        <translation type="unfinished">Planning</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="174"/>
        <source>Inspectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="176"/>
        <source>New inspector…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="177"/>
        <source>Assign to inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="178"/>
        <source>End assignment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="179"/>
        <source>Import schools…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="180"/>
        <source>Double-click an inspector to select their schools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="204"/>
        <source>Region: {region}. Changes reach the inspectors&apos; laptops at their next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="205"/>
        <source>the whole province</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="209"/>
        <source>The office&apos;s server cannot be asked just now: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="217"/>
        <source>{load} — over 1:5</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/people_page.py" line="241"/>
        <source>{name} would hold %n school(s): {load}.</source>
        <translation>
            <numerusform>{name} would hold %n school: {load}.</numerusform>
            <numerusform>{name} would hold %n schools: {load}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/people_page.py" line="341"/>
        <source>{name} now holds %n school(s): {load}.</source>
        <translation>
            <numerusform>{name} now holds %n school: {load}.</numerusform>
            <numerusform>{name} now holds %n schools: {load}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="244"/>
        <source>That is over the 1:5 guideline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="181"/>
        <source>Select schools and an inspector to assign them, or drag the schools onto the inspector; double-click a school to open its dossier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="254"/>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="254"/>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="256"/>
        <source>Select an inspector and schools to assign or end an assignment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="301"/>
        <source>{name} has an account; tell them their user name and password in person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="308"/>
        <source>Disable account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="309"/>
        <source>Disable {name}&apos;s account? They are signed out at once and cannot sign in until enabled again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="313"/>
        <source>{name}&apos;s account is disabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="314"/>
        <source>{name}&apos;s account is enabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="315"/>
        <source>Cannot change the account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="322"/>
        <source>Assign schools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="323"/>
        <source>Make {name} responsible for {schools}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="330"/>
        <source>End assignments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="331"/>
        <source>End {name}&apos;s responsibility for {schools} from today?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="346"/>
        <source>Import schools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="347"/>
        <source>Spreadsheets (*.xlsx *.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/people_page.py" line="366"/>
        <source>Imported %n school(s).</source>
        <translation>
            <numerusform>Imported %n school.</numerusform>
            <numerusform>Imported %n schools.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PlanningTab</name>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="38"/>
        <source>Date</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="39"/>
        <source>School</source>
        <translation type="unfinished">School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="40"/>
        <source>Responsible inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="41"/>
        <source>Falls due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="41"/>
        <source>{day} (overdue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="75"/>
        <source>Plan a visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="76"/>
        <source>Random pick (双随机)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="77"/>
        <source>Routine visits due this month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="79"/>
        <source>Each responsible school whose routine visit falls due by the end of the month and has no visit planned. Planning them makes an announced routine visit led by the school&apos;s responsible inspector.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="81"/>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="107"/>
        <source>Plan %n routine visit(s)</source>
        <translation>
            <numerusform>Plan %n routine visit</numerusform>
            <numerusform>Plan %n routine visits</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="82"/>
        <source>Double-click a school to open its dossier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="116"/>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="123"/>
        <source>Plan routine visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="117"/>
        <source>Plan the %n routine visit(s) listed? Each reaches its inspector at the next sync.</source>
        <translation>
            <numerusform>Plan the %n routine visit listed? It reaches its inspector at the next sync.</numerusform>
            <numerusform>Plan the %n routine visits listed? Each reaches its inspector at the next sync.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="128"/>
        <source>Planned %n visit(s); they reach the inspectors at the next sync.</source>
        <translation>
            <numerusform>Planned %n visit; it reaches the inspectors at the next sync.</numerusform>
            <numerusform>Planned %n visits; they reach the inspectors at the next sync.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProblemList</name>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="65"/>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="66"/>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="67"/>
        <source>Problem</source>
        <translation type="unfinished">Problem</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="78"/>
        <source>Nothing was imported. Correct these cells in the file and import it again:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RandomPickDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="74"/>
        <source>Random pick (双随机)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="80"/>
        <source>schools only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="89"/>
        <source>Schools to pick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="89"/>
        <source>Inspectors per school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="90"/>
        <source>Purpose</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="90"/>
        <source>Drawn by (lead)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="91"/>
        <source>Visit date</source>
        <translation type="unfinished">Visit date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="91"/>
        <source>Notice</source>
        <translation type="unfinished">Notice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="92"/>
        <source>Scope</source>
        <translation type="unfinished">Scope</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="95"/>
        <source>Each picked school gets a planned visit. With no inspectors drawn, the school&apos;s responsible inspectors go.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="99"/>
        <source>Draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="101"/>
        <source>Re-run to audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="108"/>
        <source>Picked schools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="116"/>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="118"/>
        <source>Past draws</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="174"/>
        <source>{school} — inspectors: {team}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="177"/>
        <source>Seed: {seed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="211"/>
        <source>{day} · {purpose} · {schools} schools, {visits} visits planned · seed {seed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="212"/>
        <source>(no purpose given)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="216"/>
        <source>Double-click to open the draw and audit it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="219"/>
        <source>No draw yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="63"/>
        <source>✔ Re-running the seed gives the same schools and inspectors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="64"/>
        <source>✘ Re-running the seed gives a different result: the stored draw does not match.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RatingButtons</name>
    <message>
        <location filename="../../inspector_desktop/ui/rating_buttons.py" line="99"/>
        <source>{rating} (key {key})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rating_buttons.py" line="100"/>
        <source>Rate with keys 1–4; 0 clears</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordKinds</name>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="19"/>
        <source>Inspector</source>
        <translation type="unfinished">Inspector</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="20"/>
        <source>School</source>
        <translation type="unfinished">School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="21"/>
        <source>Responsibility for a school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="22"/>
        <source>Checklist</source>
        <translation type="unfinished">Checklist</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="23"/>
        <source>Checklist item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="24"/>
        <source>Visit</source>
        <translation type="unfinished">Visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="25"/>
        <source>Visit team member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="26"/>
        <source>Checklist line</source>
        <translation type="unfinished">Checklist line</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="27"/>
        <source>Finding</source>
        <translation type="unfinished">Finding</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="28"/>
        <source>Evidence file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="29"/>
        <source>Feedback form</source>
        <translation type="unfinished">Feedback form</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="30"/>
        <source>Rectification requirement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="31"/>
        <source>Signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="32"/>
        <source>Rectification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="33"/>
        <source>Re-inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="34"/>
        <source>Escalation step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="35"/>
        <source>School response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="36"/>
        <source>Random pick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="37"/>
        <source>Device key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="38"/>
        <source>Training record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="39"/>
        <source>Region&apos;s rule file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordText</name>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="42"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="43"/>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="56"/>
        <source>{date} inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="58"/>
        <source>Hidden unannounced visit</source>
        <translation type="unfinished">Hidden unannounced visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="60"/>
        <source>Finding {n}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="64"/>
        <source>Checklist line {line}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="66"/>
        <source>File {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="68"/>
        <source>Feedback form {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="70"/>
        <source>Requirement {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="72"/>
        <source>{role}&apos;s signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="76"/>
        <source>Re-inspection on {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="80"/>
        <source>Random pick on {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="106"/>
        <source>{field}: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="115"/>
        <source>; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="119"/>
        <source>added</source>
        <translation type="unfinished">added</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="120"/>
        <source>changed</source>
        <translation type="unfinished">changed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="121"/>
        <source>removed</source>
        <translation type="unfinished">removed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="127"/>
        <source>{record} — {action}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="134"/>
        <source>{action}: {changes}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryEntryDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="111"/>
        <source>Recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="112"/>
        <source>The system keyring no longer holds this workspace&apos;s key. Type the recovery key you were given when the workspace was created (8 groups of 5 characters); the workspace opens and the key is kept in the keyring again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="114"/>
        <source>Recovery key:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryKeyButton</name>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="258"/>
        <source>Make a new recovery key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="261"/>
        <location filename="../../inspector_desktop/ui/unlock.py" line="276"/>
        <source>New recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="262"/>
        <source>Make a new recovery key? The one you kept will no longer open the workspace; the new one is shown once.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="123"/>
        <source>Your recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="126"/>
        <source>The workspace is encrypted, and its key is kept in this computer&apos;s keyring (or comes from your passphrase). If the keyring is lost or the passphrase forgotten, only this recovery key opens the workspace. It is shown only this once: print it or write it down, and keep it apart from the laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="140"/>
        <source>Print…</source>
        <translation type="unfinished">Print…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="143"/>
        <source>I have kept it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="149"/>
        <source>Inspector Desktop: workspace recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="150"/>
        <source>Keep this page apart from the laptop. It opens the workspace if the keyring or the passphrase is lost.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RectificationsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="53"/>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="54"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="55"/>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="56"/>
        <source>Form</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="57"/>
        <source>Requirement</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="113"/>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="115"/>
        <source>Rectifications</source>
        <translation>Rectifications</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="114"/>
        <source>Only those not yet verified</source>
        <translation>Only those not yet verified</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="116"/>
        <source>Double-click or Enter opens the feedback form that set the rectification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="119"/>
        <source>Selected rectification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="120"/>
        <source>Record the school&apos;s report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="121"/>
        <source>Record a re-inspection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="122"/>
        <source>Record an incentive…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="124"/>
        <source>Interviews, public notifications, accountability and incentives are decided by the office: a lead inspector records them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="126"/>
        <source>Open the step&apos;s document…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="133"/>
        <source>No rectification matches these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="133"/>
        <source>Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="136"/>
        <source>Nothing to rectify: rectifications open when a feedback form is signed. Untick “Only those not yet verified” to see verified ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="139"/>
        <source>Nothing to rectify: rectifications open when a feedback form is signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="220"/>
        <source>Record the next step: {step}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="221"/>
        <source>Record an escalation step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="228"/>
        <source>Choose a rectification in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="231"/>
        <source>Deadline: {day} — {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="233"/>
        <source>{step} decided on {day} by {lead}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="236"/>
        <source>Due for escalation: {step}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="258"/>
        <source>Not recorded</source>
        <translation>Not recorded</translation>
    </message>
</context>
<context>
    <name>RegionPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="101"/>
        <source>{done} (+{planned} planned)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="106"/>
        <location filename="../../inspector_desktop/ui/region_page.py" line="211"/>
        <source>Open</source>
        <translation type="unfinished">Open</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="107"/>
        <location filename="../../inspector_desktop/ui/region_page.py" line="212"/>
        <source>Overdue</source>
        <translation type="unfinished">Overdue</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="108"/>
        <location filename="../../inspector_desktop/ui/region_page.py" line="213"/>
        <source>Escalated</source>
        <translation type="unfinished">Escalated</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="116"/>
        <location filename="../../inspector_desktop/ui/region_page.py" line="128"/>
        <source>Code</source>
        <translation type="unfinished">Code</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="117"/>
        <location filename="../../inspector_desktop/ui/region_page.py" line="130"/>
        <source>Inspector</source>
        <translation type="unfinished">Inspector</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="118"/>
        <source>{n} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="121"/>
        <source>Load (1:5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="122"/>
        <source>Training</source>
        <translation type="unfinished">Training</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="122"/>
        <source>{hours} of {target} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="129"/>
        <source>School</source>
        <translation type="unfinished">School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="105"/>
        <source>Visits (month)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="110"/>
        <source>Objections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="111"/>
        <source>Repeated</source>
        <translation type="unfinished">Repeated</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="118"/>
        <source>On cadence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="131"/>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="131"/>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="132"/>
        <source>Routine visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="132"/>
        <source>{state}, {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="140"/>
        <source>By inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="141"/>
        <source>By school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="142"/>
        <source>Inspectors of the region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="143"/>
        <source>Schools of the region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="144"/>
        <source>Double-click or Enter opens the school&apos;s dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="147"/>
        <source>Choose an inspector to see their schools and duty ledger below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="148"/>
        <source>No school of your region is on this laptop yet. Sync to bring the region&apos;s records.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="149"/>
        <source>No inspector of your region is on this laptop yet. Sync to bring them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="184"/>
        <source>Region overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="189"/>
        <source>{month}: {schools} schools and {inspectors} inspectors; {done} visits completed this month, {planned} planned; {late} schools past their routine visit; rectifications {open} open, {overdue} overdue, {escalated} escalated; {objections} objections awaiting a reply; {repeated} findings repeated year after year; {unassigned} schools with no responsible inspector.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="193"/>
        <source>{year}-{month:02}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="210"/>
        <source>Rectifications by inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="215"/>
        <source>This month&apos;s visits by inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="216"/>
        <source>Completed</source>
        <translation type="unfinished">Completed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="217"/>
        <source>Planned</source>
        <translation type="unfinished">Planned</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="218"/>
        <source>Schools past their routine visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="245"/>
        <source>An inspector&apos;s schools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="246"/>
        <source>Choose an inspector above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="251"/>
        <source>{name}&apos;s schools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="252"/>
        <source>{n} responsible schools, {here} of them in the region and {on} of those on the routine cadence; load {percent}% of the 1:5 ratio (a large school takes one inspector to itself).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="255"/>
        <source>Training: {hours} h of {target} (expected by today: {expected} h).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="259"/>
        <source>⚠ More schools than the 1:5 ratio allows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="261"/>
        <source>⚠ Training hours behind.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplyDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="62"/>
        <source>Objection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="63"/>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="64"/>
        <source>Replied on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="109"/>
        <source>What the school did</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="110"/>
        <source>Reported on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="112"/>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="118"/>
        <source>Attached files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="113"/>
        <source>Attach files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="122"/>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResponseDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="39"/>
        <source>Form</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="40"/>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="44"/>
        <source>What the school said</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="45"/>
        <source>Received on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResponseDialogs</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="37"/>
        <source>Record the school&apos;s response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="58"/>
        <source>Reply to the objection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResponseLabels</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="23"/>
        <source>Acknowledgement (确认)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="24"/>
        <source>Objection (异议)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchoolsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="53"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="314"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="54"/>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="55"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="315"/>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="56"/>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="57"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="152"/>
        <source>Open rectifications</source>
        <translation>Open rectifications</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="65"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="71"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="66"/>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="67"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="79"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="68"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="152"/>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="72"/>
        <source>Repeated</source>
        <translation>Repeated</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="72"/>
        <source>⚑ repeated across years</source>
        <translation>⚑ repeated across years</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="73"/>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="74"/>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="75"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="78"/>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="80"/>
        <source>Requirement</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="83"/>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="84"/>
        <source>Form</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="85"/>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="86"/>
        <source>What the school said</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="87"/>
        <source>Reply due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="88"/>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="150"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="157"/>
        <source>Schools</source>
        <translation>Schools</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="151"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="164"/>
        <source>Add school…</source>
        <translation>Add school…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="152"/>
        <source>Visit history</source>
        <translation>Visit history</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="153"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="158"/>
        <source>Objections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="156"/>
        <source>Double-click or Enter to open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="159"/>
        <source>Reply…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="162"/>
        <source>No schools yet: add the schools you are responsible for with Add school…, or ask the office to assign them (they arrive with the next sync).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="166"/>
        <source>No visit to this school yet: plan one on the Visits page (Ctrl+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="167"/>
        <source>No finding at this school: findings are recorded during a visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="168"/>
        <source>Nothing open: every rectification of this school is verified, or none was set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="169"/>
        <source>No response from this school: record one from its feedback form on the Feedback forms page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="182"/>
        <source>Hidden visit</source>
        <translation type="unfinished">Hidden visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="183"/>
        <source>This unannounced visit is hidden. Use “Reveal hidden visits” to open it.</source>
        <translation type="unfinished">This unannounced visit is hidden. Use “Reveal hidden visits” to open it.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="268"/>
        <source>Choose a school</source>
        <translation>Choose a school</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="275"/>
        <source>large school (one inspector to itself)</source>
        <translation>large school (one inspector to itself)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="278"/>
        <source>Repeated across years: {items}</source>
        <translation>Repeated across years: {items}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="287"/>
        <source>⚠ {day} — overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="291"/>
        <source>awaiting reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="292"/>
        <source>{day}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="311"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="324"/>
        <source>Add school</source>
        <translation>Add school</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="314"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="315"/>
        <source>Competent department</source>
        <translation>Competent department</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="92"/>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="93"/>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="100"/>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="93"/>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="101"/>
        <source>Discreet mode</source>
        <translation>Discreet mode</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="93"/>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="102"/>
        <source>Hide again after</source>
        <translation>Hide again after</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="94"/>
        <source>Data folder</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="94"/>
        <source>Rule file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="94"/>
        <source>Recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="97"/>
        <source>Rule file for the region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="98"/>
        <source>Hide unannounced visits still to come</source>
        <translation>Hide unannounced visits still to come</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="99"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="106"/>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="131"/>
        <source>the office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="132"/>
        <source>Set for {region} by {by} on {date}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="135"/>
        <source>Chosen on this laptop; the office has set none for your region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="137"/>
        <source>The national default; the office has set none for your region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="145"/>
        <source>Set for {region}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="161"/>
        <source>Saved. The region&apos;s laptops follow it after their next sync.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SheetPreview</name>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="45"/>
        <source>Nothing made yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="46"/>
        <source>Print…</source>
        <translation type="unfinished">Print…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="47"/>
        <source>Export PDF…</source>
        <translation type="unfinished">Export PDF…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="73"/>
        <source>{name}: %n page(s)</source>
        <translation>
            <numerusform>{name}: %n page</numerusform>
            <numerusform>{name}: %n pages</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="74"/>
        <source>This PDF cannot be shown</source>
        <translation type="unfinished">This PDF cannot be shown</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="92"/>
        <source>Export the sheet</source>
        <translation type="unfinished">Export the sheet</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="92"/>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished">PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="98"/>
        <source>Export failed</source>
        <translation type="unfinished">Export failed</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="98"/>
        <source>The sheet could not be saved: {error}</source>
        <translation type="unfinished">The sheet could not be saved: {error}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="107"/>
        <source>The printer could not be started</source>
        <translation type="unfinished">The printer could not be started</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="133"/>
        <source>Printing failed</source>
        <translation type="unfinished">Printing failed</translation>
    </message>
</context>
<context>
    <name>SheetTab</name>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="48"/>
        <source>Refresh preview</source>
        <translation type="unfinished">Refresh preview</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="49"/>
        <source>Verify this sheet</source>
        <translation type="unfinished">Verify this sheet</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="50"/>
        <source>Verify a PDF file…</source>
        <translation type="unfinished">Verify a PDF file…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="83"/>
        <source>Drawing the sheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="87"/>
        <source>The sheet could not be drawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="111"/>
        <source>The file could not be read: {error}</source>
        <translation type="unfinished">The file could not be read: {error}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="116"/>
        <source>Verify a sheet</source>
        <translation type="unfinished">Verify a sheet</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="116"/>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished">PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="124"/>
        <source>Genuine: sheet {number} is exactly what was signed (digest {digest}…).</source>
        <translation type="unfinished">Genuine: sheet {number} is exactly what was signed (digest {digest}…).</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="129"/>
        <source>Not a feedback sheet: this file carries no signed feedback form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="132"/>
        <source>Unknown signer: sheet {number} is intact, but it was signed with a device key this workspace does not know. Ask the office to confirm who signed it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="137"/>
        <source>Altered: this sheet is not what was signed.</source>
        <translation type="unfinished">Altered: this sheet is not what was signed.</translation>
    </message>
</context>
<context>
    <name>SignatureBox</name>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="232"/>
        <source>Clear</source>
        <translation type="unfinished">Clear</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="232"/>
        <source>Undo</source>
        <translation type="unfinished">Undo</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="232"/>
        <source>Redo</source>
        <translation type="unfinished">Redo</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="237"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="238"/>
        <source>Title</source>
        <translation type="unfinished">Title</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="53"/>
        <source>Sign here with the mouse, a pen or a finger</source>
        <translation type="unfinished">Sign here with the mouse, a pen or a finger</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="201"/>
        <source>Sign above the line</source>
        <translation type="unfinished">Sign above the line</translation>
    </message>
</context>
<context>
    <name>SignaturesTab</name>
    <message>
        <location filename="../../inspector_desktop/ui/form_signatures.py" line="103"/>
        <source>Inspector</source>
        <translation type="unfinished">Inspector</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_signatures.py" line="104"/>
        <source>School representative</source>
        <translation type="unfinished">School representative</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_signatures.py" line="129"/>
        <source>Signature on file (signed {when}); sign again to replace it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="180"/>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="181"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="182"/>
        <source>Decided by (lead)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="183"/>
        <source>Evidence</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="184"/>
        <source>Decided on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="186"/>
        <source>Interview time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="190"/>
        <source>Interview place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="190"/>
        <source>Meeting room of the education inspection office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="191"/>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="234"/>
        <source>Attending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="192"/>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="236"/>
        <source>Notified to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="214"/>
        <source>Head of {school}; head of {department}; inspectors {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="217"/>
        <source>The schools of {district}; {department}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="219"/>
        <source>The district&apos;s schools; {department}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="222"/>
        <source>The head of {school} and the persons responsible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="234"/>
        <source>Persons concerned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="236"/>
        <source>Addressed to</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="159"/>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="91"/>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="92"/>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="131"/>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="93"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="94"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="95"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="132"/>
        <source>Why it waits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="133"/>
        <source>First seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="134"/>
        <source>Tries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="156"/>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="156"/>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="156"/>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="160"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="161"/>
        <source>Dealt with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="162"/>
        <source>Changes waiting, refused and recently sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="163"/>
        <source>Double-click or Enter opens the visit, school, rectification or feedback form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="164"/>
        <source>Records set aside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="166"/>
        <source>These records from the server cannot be applied on this laptop yet. Everything else was synced; each sync tries them again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="181"/>
        <source>Not signed in: changes are kept on this laptop until you log in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="182"/>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="192"/>
        <source>Log in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="184"/>
        <source>Signed in to {server} as {user}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="186"/>
        <source>No system keyring: you will be asked to log in again after the app closes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="188"/>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="191"/>
        <source>Nothing waiting. Changes you make are kept on this laptop and sent once you log in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="194"/>
        <source>Nothing waiting: every change made on this laptop has reached the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="196"/>
        <source>Last sync: {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="196"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="198"/>
        <source>offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="200"/>
        <source>The last sync stopped: {reason} Nothing was lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="248"/>
        <source>Logged out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/sync_page.py" line="249"/>
        <source>Logged out. %n change(s) have not reached the server yet; they stay on this laptop and will be sent after the next log-in.</source>
        <translation>
            <numerusform>Logged out. %n change has not reached the server yet; it stays on this laptop and will be sent after the next log-in.</numerusform>
            <numerusform>Logged out. %n changes have not reached the server yet; they stay on this laptop and will be sent after the next log-in.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="269"/>
        <source>Sending changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="269"/>
        <source>Uploading files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="270"/>
        <source>Receiving changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="270"/>
        <source>Downloading files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="280"/>
        <source>Up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="296"/>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemplateItems</name>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="85"/>
        <source>Code</source>
        <translation type="unfinished">Code</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="85"/>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="85"/>
        <source>Category</source>
        <translation type="unfinished">Category</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="85"/>
        <source>Title (Chinese)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="86"/>
        <source>Title (English)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="86"/>
        <source>Guidance (Chinese)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="87"/>
        <source>Guidance (English)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="88"/>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="89"/>
        <source>Add item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="90"/>
        <source>Remove item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="91"/>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="92"/>
        <source>Move the item up (Ctrl+Up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="93"/>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="94"/>
        <source>Move the item down (Ctrl+Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="135"/>
        <source>Weight of {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="193"/>
        <source>Total weight {total}/{full}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="195"/>
        <source>must be {full} to publish</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemplateMoveDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="71"/>
        <source>Move the checklist to a newer version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="72"/>
        <source>Code</source>
        <translation type="unfinished">Code</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="72"/>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="72"/>
        <source>What happens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="72"/>
        <source>Rating</source>
        <translation type="unfinished">Rating</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="73"/>
        <source>Observation</source>
        <translation type="unfinished">Observation</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="74"/>
        <source>Item by item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="75"/>
        <source>Undo</source>
        <translation type="unfinished">Undo</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="77"/>
        <source>Reading both versions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="78"/>
        <source>Move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="82"/>
        <source>This visit&apos;s checklist is on version {old} of “{title}”. Moving it to version {new} matches the items by their code: a kept item takes its rating, observation, evidence and findings along; a new item starts unrated; a dropped item&apos;s rating and observation stay on version {old}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="86"/>
        <source>Move to version {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="89"/>
        <source>{code} {title}: {rating} — {observation}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="91"/>
        <source>no observation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="93"/>
        <source>Version {new} dropped these items; what this visit holds for them stays on version {old} and comes back if the visit is moved back:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="99"/>
        <source>Kept: its rating moves with it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="101"/>
        <source>Dropped: stays on version {old}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="102"/>
        <source>New: starts unrated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="130"/>
        <source>The visit is on version {n} now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="133"/>
        <source>Close</source>
        <translation type="unfinished">Close</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="147"/>
        <source>Undone: the visit is back on version {n}, its ratings as they were.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemplatesPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="136"/>
        <source>Checklist templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="137"/>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="137"/>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="137"/>
        <source>Status</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="137"/>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="154"/>
        <source>Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="138"/>
        <source>Template versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="139"/>
        <source>Double-click or Enter opens a version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="140"/>
        <source>New version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="141"/>
        <source>Draft the next version from the chosen one; visits already begun stay on theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="142"/>
        <source>Title (Chinese)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="143"/>
        <source>Title (English)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="144"/>
        <source>Rating scale (points)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="147"/>
        <source>Points for {rating}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="148"/>
        <source>Save draft</source>
        <translation type="unfinished">Save draft</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="149"/>
        <source>Publish…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="154"/>
        <source>Draft</source>
        <translation type="unfinished">Draft</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="175"/>
        <source>{when} by {who}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="212"/>
        <source>No checklist template on this laptop yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="215"/>
        <source>{title}, version {n}: {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="218"/>
        <source>a published version never changes; New version drafts the next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="236"/>
        <source>Draft saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="249"/>
        <source>Publish this version?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="250"/>
        <source>Publish version {n} of “{title}”? Once published it never changes. Laptops receive it at their next sync and new visits start on it; visits already begun stay on their version until moved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="258"/>
        <source>Version {n} is published; laptops receive it at their next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="276"/>
        <source>A new draft: edit it, then publish it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="124"/>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="126"/>
        <source>This workspace is empty. Create demo data to try the tool with a year of realistic visits, or start empty and add your schools.</source>
        <translation>This workspace is empty. Create demo data to try the tool with a year of realistic visits, or start empty and add your schools.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="128"/>
        <source>Create demo data</source>
        <translation>Create demo data</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="129"/>
        <source>Start empty</source>
        <translation>Start empty</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="130"/>
        <location filename="../../inspector_desktop/ui/today_page.py" line="133"/>
        <source>Today&apos;s visits</source>
        <translation>Today&apos;s visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="131"/>
        <source>Coming up (14 days)</source>
        <translation>Coming up (14 days)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="132"/>
        <source>Duties</source>
        <translation>Duties</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="134"/>
        <source>Coming up</source>
        <translation>Coming up</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="135"/>
        <source>Training hours this year</source>
        <translation>Training hours this year</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="136"/>
        <location filename="../../inspector_desktop/ui/today_page.py" line="138"/>
        <source>Routine visits due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="137"/>
        <location filename="../../inspector_desktop/ui/today_page.py" line="139"/>
        <source>Rectification deadlines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="140"/>
        <location filename="../../inspector_desktop/ui/today_page.py" line="141"/>
        <source>Objections awaiting a reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="170"/>
        <source>Hide again</source>
        <translation>Hide again</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="170"/>
        <source>Reveal hidden visits</source>
        <translation>Reveal hidden visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="172"/>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="175"/>
        <source>Today, {day}</source>
        <translation>Today, {day}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="181"/>
        <source>No visit planned today.</source>
        <translation>No visit planned today.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="185"/>
        <source>Nothing planned for the next 14 days: plan a visit with New visit (Ctrl+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="188"/>
        <source>%1 of %2 training hours</source>
        <translation>%1 of %2 training hours</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="190"/>
        <source>Overdue rectifications: {n}</source>
        <translation>Overdue rectifications: {n}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="191"/>
        <source>Rectifications due within a week: {n}</source>
        <translation>Rectifications due within a week: {n}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="192"/>
        <source>Draft feedback forms: {n}</source>
        <translation>Draft feedback forms: {n}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/today_page.py" line="207"/>
        <source>overdue by %n day(s)</source>
        <translation>
            <numerusform>overdue by %n day</numerusform>
            <numerusform>overdue by %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/today_page.py" line="208"/>
        <source>due in %n day(s)</source>
        <translation>
            <numerusform>due in %n day</numerusform>
            <numerusform>due in %n days</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="212"/>
        <source>Double-click to open the school&apos;s dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="215"/>
        <source>Every school is on cadence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/today_page.py" line="217"/>
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/today_page.py" line="218"/>
        <source>%n day(s) left</source>
        <translation>
            <numerusform>%n day left</numerusform>
            <numerusform>%n days left</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="222"/>
        <source>Due for escalation: {step}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="226"/>
        <source>Double-click to open the rectification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="229"/>
        <source>No deadline is near.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/today_page.py" line="231"/>
        <source>reply overdue by %n day(s)</source>
        <translation>
            <numerusform>reply overdue by %n day</numerusform>
            <numerusform>reply overdue by %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/today_page.py" line="232"/>
        <source>reply due in %n day(s)</source>
        <translation>
            <numerusform>reply due in %n day</numerusform>
            <numerusform>reply due in %n days</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="237"/>
        <source>Double-click to open the school&apos;s objections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="240"/>
        <source>No objection&apos;s reply is due soon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="248"/>
        <source>Responsible schools: {n} (load {percent}% of the 1:5 ratio)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="250"/>
        <source>Schools on the routine cadence: {n} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="251"/>
        <source>Schools of the region on the routine cadence: {n} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="253"/>
        <source>Training: {hours} h of {target} (expected by today: {expected} h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="261"/>
        <source>Inspector: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="261"/>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="262"/>
        <source>No responsible inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="267"/>
        <source>⚠ Routine visit overdue at {school} (due {day})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="270"/>
        <source>⚠ {n} schools is more than the 1:5 ratio allows ({percent}%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="273"/>
        <source>⚠ Training hours behind: {hours} h, {expected} h expected by now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="46"/>
        <location filename="../../inspector_desktop/ui/training_page.py" line="91"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="47"/>
        <location filename="../../inspector_desktop/ui/training_page.py" line="91"/>
        <source>Hours</source>
        <translation>Hours</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="48"/>
        <location filename="../../inspector_desktop/ui/training_page.py" line="91"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="49"/>
        <location filename="../../inspector_desktop/ui/training_page.py" line="91"/>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="86"/>
        <location filename="../../inspector_desktop/ui/training_page.py" line="97"/>
        <source>Training log</source>
        <translation>Training log</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="90"/>
        <location filename="../../inspector_desktop/ui/training_page.py" line="100"/>
        <source>Record training</source>
        <translation>Record training</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="95"/>
        <source>Add to the log</source>
        <translation>Add to the log</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="96"/>
        <source>Training hours this year</source>
        <translation>Training hours this year</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="99"/>
        <source>No training recorded this year: fill in Record training (date, hours, course, provider) and choose Add to the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="119"/>
        <source>{hours} / {target} training hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="122"/>
        <source>{year}: {hours} hours — the {target}-hour yearly requirement is met.</source>
        <translation>{year}: {hours} hours — the {target}-hour yearly requirement is met.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="124"/>
        <source>{year}: {hours} hours — {short} more hours needed to reach {target}.</source>
        <translation>{year}: {hours} hours — {short} more hours needed to reach {target}.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="139"/>
        <source>Not recorded</source>
        <translation>Not recorded</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <location filename="../../inspector_desktop/ui/widgets.py" line="197"/>
        <location filename="../../inspector_desktop/ui/widgets.py" line="203"/>
        <source>Undo</source>
        <translation type="unfinished">Undo</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/widgets.py" line="204"/>
        <source>Undo the last removal (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Unlock</name>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="176"/>
        <source>Encrypting the workspace, which an earlier version kept unencrypted. This happens once.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VerdictDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="145"/>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="148"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="149"/>
        <source>Re-inspected on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Verdicts</name>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="23"/>
        <source>{path}: GENUINE — this is the sheet as it was signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="24"/>
        <source>{path}: ALTERED — the sheet is not what was signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="25"/>
        <source>{path}: UNKNOWN SIGNER — the sheet is intact, but it was signed with a device key this workspace does not know.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="28"/>
        <source>{path}: NOT A FEEDBACK SHEET — the file is not a PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="29"/>
        <source>{path}: NOT A FEEDBACK SHEET — the PDF carries no signed feedback form content.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="34"/>
        <source>form {number}, content digest {digest}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="35"/>
        <source>device key {key} from: workspace device-key register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="36"/>
        <source>device key {key} from: public key embedded in the PDF (proves the sheet intact, not who signed it; add --data-dir to check the signer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="39"/>
        <source>device key {key}: not in this workspace&apos;s register; the sheet was checked with the public key embedded in it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="42"/>
        <source>[ok] {check}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="43"/>
        <source>[FAILED] {check}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="49"/>
        <source>whole-file checksum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="50"/>
        <source>some bytes of the file were changed after it was made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="52"/>
        <source>readable PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="53"/>
        <source>the file cannot be read as a PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="55"/>
        <source>signed content attached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="56"/>
        <source>the signed content is missing or attached twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="58"/>
        <source>attached content readable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="59"/>
        <source>the attached content cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="61"/>
        <source>attached content in its signed form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="62"/>
        <source>the attached content was rewritten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="64"/>
        <source>attached content = printed digest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="65"/>
        <source>the digest printed on the sheet is not the attached content&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="67"/>
        <source>digest on every page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="68"/>
        <source>a page footer shows another digest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="70"/>
        <source>digest in the document information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="71"/>
        <source>the document information holds another digest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="73"/>
        <source>device key named</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="74"/>
        <source>the content and the document information name different keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="76"/>
        <source>device key registered in this workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="77"/>
        <source>this workspace does not know the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="79"/>
        <source>public key belongs to the device key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="80"/>
        <source>the public key does not belong to the named device key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="82"/>
        <source>device signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="83"/>
        <source>the signature does not verify for this content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="85"/>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="88"/>
        <source>printed text = signed content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="86"/>
        <source>the attached content lacks what the sheet prints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="89"/>
        <source>the printed text does not say what was signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="95"/>
        <source>{number}: not printed, ALTERED — the stored form no longer matches what was signed ({problems}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="97"/>
        <source>Sheets written: {written}; refused: {refused}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="134"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="162"/>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="145"/>
        <source>◀ Visits</source>
        <translation>◀ Visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="146"/>
        <source>Back to the visit list (Alt+Left)</source>
        <translation>Back to the visit list (Alt+Left)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="147"/>
        <source>Start visit</source>
        <translation>Start visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="148"/>
        <source>Complete visit</source>
        <translation>Complete visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="149"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="238"/>
        <source>Cancel visit</source>
        <translation>Cancel visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="150"/>
        <source>Feedback form…</source>
        <translation>Feedback form…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="151"/>
        <source>Notice letter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="152"/>
        <source>The letter telling the school of this announced visit: print or export it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="153"/>
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="153"/>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="153"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="156"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="158"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="153"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="160"/>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="155"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="157"/>
        <source>Purpose</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="159"/>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="159"/>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="159"/>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="159"/>
        <source>Changes</source>
        <translation>Changes</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="162"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="276"/>
        <source>All changes saved</source>
        <translation>All changes saved</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="205"/>
        <source>Team: {names}</source>
        <translation>Team: {names}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="238"/>
        <source>Cancel this visit? It stays in the records as cancelled.</source>
        <translation>Cancel this visit? It stays in the records as cancelled.</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="280"/>
        <source>Not saved</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="281"/>
        <source>Could not save</source>
        <translation>Could not save</translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="36"/>
        <source>Hidden unannounced visit</source>
        <translation>Hidden unannounced visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="75"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="76"/>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="77"/>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="78"/>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="79"/>
        <source>Planning</source>
        <translation>Planning</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="80"/>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="81"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="82"/>
        <source>Team leader</source>
        <translation>Team leader</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="83"/>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="130"/>
        <source>Search notes and findings (Ctrl+F), e.g. 食堂</source>
        <translation>Search notes and findings (Ctrl+F), e.g. 食堂</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="131"/>
        <source>Search visits</source>
        <translation>Search visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="132"/>
        <source>Any scope</source>
        <translation>Any scope</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="132"/>
        <source>Any stage</source>
        <translation>Any stage</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="132"/>
        <source>Any planning</source>
        <translation>Any planning</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="133"/>
        <source>Any notice</source>
        <translation>Any notice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="134"/>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="134"/>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="134"/>
        <source>Planning</source>
        <translation>Planning</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="135"/>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="147"/>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="148"/>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="149"/>
        <source>From date</source>
        <translation>From date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="149"/>
        <source>To date</source>
        <translation>To date</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="150"/>
        <source>any day</source>
        <translation>any day</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="155"/>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="227"/>
        <source>New visit…</source>
        <translation>New visit…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="156"/>
        <source>Plan a new visit (Ctrl+N)</source>
        <translation>Plan a new visit (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="157"/>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="221"/>
        <source>Double-click a visit, or select it and press Enter, to work on it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="224"/>
        <source>No visit matches these filters. Clear them to see every visit, or plan one with New visit (Ctrl+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="225"/>
        <source>Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="227"/>
        <source>No visits yet — plan the first one: New visit (Ctrl+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/visits_page.py" line="230"/>
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%n visit</numerusform>
            <numerusform>%n visits</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="230"/>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="260"/>
        <source>Hide again ({seconds} s)</source>
        <translation>Hide again ({seconds} s)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="261"/>
        <source>Unannounced visits are shown in full; they are hidden again by themselves</source>
        <translation>Unannounced visits are shown in full; they are hidden again by themselves</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="264"/>
        <source>Reveal hidden visits</source>
        <translation>Reveal hidden visits</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="265"/>
        <source>Show unannounced visits still to come, for a short while</source>
        <translation>Show unannounced visits still to come, for a short while</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="276"/>
        <source>New visit</source>
        <translation>New visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="276"/>
        <source>Add a school first (Schools page).</source>
        <translation>Add a school first (Schools page).</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="294"/>
        <source>Hidden visit</source>
        <translation>Hidden visit</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="295"/>
        <source>This unannounced visit is hidden. Use “Reveal hidden visits” to open it.</source>
        <translation>This unannounced visit is hidden. Use “Reveal hidden visits” to open it.</translation>
    </message>
</context>
<context>
    <name>_AskDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="65"/>
        <source>The two passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../inspector_desktop/ui/ops.py" line="225"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>
