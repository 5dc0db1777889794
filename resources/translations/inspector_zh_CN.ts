<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CapturedSignatureView</name>
    <message>
        <location filename="../../inspector_desktop/ui/form_signatures.py" line="53"/>
        <source>(no image stored)</source>
        <translation>（未存储签名图像）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_signatures.py" line="59"/>
        <source>Not signed</source>
        <translation>未签名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_signatures.py" line="61"/>
        <source>{name}, {title} — signed {when}</source>
        <translation>{name}，{title} — 签于 {when}</translation>
    </message>
</context>
<context>
    <name>ChainDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="61"/>
        <source>Why it was not saved</source>
        <translation>未保存的原因</translation>
    </message>
</context>
<context>
    <name>ChainDialogs</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="107"/>
        <source>Record the school&apos;s report</source>
        <translation>登记学校整改报告</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="142"/>
        <source>Record a re-inspection</source>
        <translation>登记复查结果</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="169"/>
        <source>Record an incentive</source>
        <translation>登记激励</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="170"/>
        <source>Record an escalation step</source>
        <translation>登记升级处理（约谈、通报或问责）</translation>
    </message>
</context>
<context>
    <name>ChainLabels</name>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="79"/>
        <source>Rectified</source>
        <translation>已整改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="80"/>
        <source>Partly rectified</source>
        <translation>部分整改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="81"/>
        <source>Not rectified</source>
        <translation>未整改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="82"/>
        <source>Interview</source>
        <translation>约谈</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="83"/>
        <source>Public notification</source>
        <translation>通报</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="84"/>
        <source>Accountability</source>
        <translation>问责</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="85"/>
        <source>Incentive</source>
        <translation>激励</translation>
    </message>
</context>
<context>
    <name>ChecklistLine</name>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="118"/>
        <source>Rating of {code}</source>
        <translation>{code} 的评价</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="119"/>
        <source>Observation on {code}</source>
        <translation>{code} 的观察记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="120"/>
        <source>What you observed…</source>
        <translation>观察到的情况…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="121"/>
        <source>Show or hide the evidence; photos can also be dropped on the line</source>
        <translation>显示或收起佐证材料；也可以把照片拖到这一项上</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="136"/>
        <source>Needs follow-up</source>
        <translation>需跟进</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="140"/>
        <source>Evidence ({n})</source>
        <translation>佐证（{n}）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="140"/>
        <source>Add evidence</source>
        <translation>添加佐证</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_line.py" line="218"/>
        <source>Storing evidence…</source>
        <translation>正在保存佐证材料…</translation>
    </message>
</context>
<context>
    <name>ChecklistTab</name>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="97"/>
        <source>This visit has no checklist template.</source>
        <translation>本次督导没有使用检查表。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="105"/>
        <source>Checklist items</source>
        <translation>检查项目</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="106"/>
        <source>Go to an item (Alt+Down / Alt+Up: next / previous)</source>
        <translation>转到某一项（Alt+↓ / Alt+↑：下一项 / 上一项）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="157"/>
        <source>{rated}/{total} rated</source>
        <translation>已评 {rated}/{total} 项</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="159"/>
        <source>{n} need follow-up</source>
        <translation>{n} 项需跟进</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="186"/>
        <source>Score {points}/{out_of}</source>
        <translation>得分 {points}/{out_of}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="187"/>
        <source>(so far)</source>
        <translation>（目前）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="188"/>
        <source>Each item earns its weight times its rating&apos;s points on the scale of version {n} of the checklist</source>
        <translation>每项得分 = 权重 × 该评定在第 {n} 版清单评分标准中的分值（按满分折算）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="193"/>
        <source>Move to version {n}…</source>
        <translation>迁移到第 {n} 版…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/checklist_tab.py" line="194"/>
        <source>This visit stays on version {old} unless you move it; you see item by item what happens first</source>
        <translation>除非您迁移，本次督导保留在第 {old} 版；迁移前会逐项显示变化</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="38"/>
        <source>There is no workspace in {path}; check --data-dir (this command never creates one).</source>
        <translation>{path} 中没有工作区；请检查 --data-dir（此命令从不新建工作区）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="40"/>
        <source>The file {path} does not exist.</source>
        <translation>文件 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="41"/>
        <source>The file {path} cannot be read: {reason}.</source>
        <translation>无法读取文件 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="42"/>
        <source>Cannot write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="43"/>
        <source>The disk is full, so {path} was not written; nothing else changed.</source>
        <translation>磁盘已满，{path} 未写入；其他内容均未改变。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="44"/>
        <source>{option}: {problem}</source>
        <translation>{option}：{problem}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="45"/>
        <source>“{value}” is not a date; write it as YYYY-MM-DD.</source>
        <translation>“{value}”不是日期，请按 YYYY-MM-DD 填写。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="46"/>
        <source>“{value}” is not a whole number.</source>
        <translation>“{value}”不是整数。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="47"/>
        <source>“{value}” must be at least 1.</source>
        <translation>“{value}”至少应为 1。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="48"/>
        <source>This workspace has no feedback form {form}.</source>
        <translation>此工作区中没有督导意见书 {form}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="49"/>
        <source>This workspace has no visit {visit}.</source>
        <translation>此工作区中没有督导 {visit}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="50"/>
        <source>Stopped before finishing; nothing half-written was kept.</source>
        <translation>未完成即已停止；未保留任何写了一半的内容。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="58"/>
        <source>The office reported this laptop lost: the workspace in {path} is being erased. Changes not yet sent, now lost: {pending}.</source>
        <translation>督导室已报告这台笔记本电脑丢失：{path} 中的工作区正在被清除。尚未发送、将丢失的更改：{pending} 项。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="61"/>
        <source>The workspace in {path} was erased because the office reported this laptop lost. Changes not yet sent, lost with it: {pending}.</source>
        <translation>由于督导室报告这台笔记本电脑丢失，{path} 中的工作区已被清除。随之丢失的未发送更改：{pending} 项。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="115"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="88"/>
        <location filename="../../inspector_desktop/wording/cli.py" line="116"/>
        <source>{arguments}: not an option or argument of this command; see --help.</source>
        <translation>{arguments}：不是此命令的选项或参数；请查看 --help。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="86"/>
        <location filename="../../inspector_desktop/wording/cli.py" line="118"/>
        <source>Missing {names}; see --help.</source>
        <translation>缺少 {names}；请查看 --help。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="90"/>
        <location filename="../../inspector_desktop/wording/cli.py" line="119"/>
        <source>{option} needs a value; see --help.</source>
        <translation>{option} 需要一个值；请查看 --help。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="87"/>
        <location filename="../../inspector_desktop/wording/cli.py" line="120"/>
        <source>{option}: “{value}” is not one of {choices}.</source>
        <translation>{option}：“{value}”不在可选值 {choices} 之中。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="51"/>
        <source>Cannot use {path}: {reason}.</source>
        <translation>无法使用 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="52"/>
        <source>A file or folder name cannot hold a NUL character.</source>
        <translation>文件或文件夹名称不能包含 NUL 字符。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="53"/>
        <source>Nobody is signed in to {server} from this workspace: log in once in the window, or set INSPECTOR_SYNC_USER and INSPECTOR_SYNC_PASSWORD, or INSPECTOR_SYNC_TOKEN.</source>
        <translation>本工作区尚未登录 {server}：请先在窗口中登录一次，或设置 INSPECTOR_SYNC_USER 和 INSPECTOR_SYNC_PASSWORD，或设置 INSPECTOR_SYNC_TOKEN。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="56"/>
        <source>Sync stopped. {reason} {pending} change(s) still wait to be sent; nothing on this laptop was lost.</source>
        <translation>同步已停止。{reason}仍有 {pending} 项更改等待发送；本机数据均未丢失。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="64"/>
        <source>No sync server given (--server URL) and none logged in to before from this workspace.</source>
        <translation>未指定同步服务器（--server URL），本工作区此前也未登录过任何服务器。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="66"/>
        <source>Cannot tell the format from {path}; say --format csv or --format xlsx.</source>
        <translation>无法从 {path} 判断文件格式；请指定 --format csv 或 --format xlsx。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="68"/>
        <source>This computer has no system keyring, so the workspace is locked with a passphrase: set INSPECTOR_DESKTOP_PASSPHRASE, or run the command in a terminal to type it. Nothing was changed.</source>
        <translation>这台电脑没有系统钥匙串，工作区由口令加密：请设置 INSPECTOR_DESKTOP_PASSPHRASE，或在终端中运行命令以输入口令。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="71"/>
        <source>The system keyring no longer holds this workspace&apos;s key: run the command in a terminal to type the recovery key, or open the window. Nothing was changed.</source>
        <translation>系统钥匙串中已没有此工作区的密钥：请在终端中运行命令以输入恢复密钥，或打开程序窗口。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="74"/>
        <source>Workspace passphrase: </source>
        <translation>工作区口令：</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="75"/>
        <source>Choose a passphrase for the new workspace: </source>
        <translation>为新工作区设置口令：</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="76"/>
        <source>Type it again: </source>
        <translation>再输入一次：</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="77"/>
        <source>No passphrase was given; nothing was changed.</source>
        <translation>未输入口令；未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="78"/>
        <source>The two passphrases differ; nothing was changed.</source>
        <translation>两次输入的口令不一致；未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="79"/>
        <source>Recovery key (8 groups of 5): </source>
        <translation>恢复密钥（8组，每组5个字符）：</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="80"/>
        <source>The workspace is encrypted. Its recovery key, shown only this once (write it down and keep it apart from the laptop; it opens the workspace if the keyring or passphrase is lost):
  {code}</source>
        <translation>工作区已加密。以下是它的恢复密钥，仅显示这一次（请抄下来，与笔记本电脑分开保管；钥匙串丢失或忘记口令时，凭它可以打开工作区）：
  {code}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="83"/>
        <source>Encrypting the workspace: {percent}%</source>
        <translation>正在加密工作区：{percent}%</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="92"/>
        <source>“{period}” is not a period; write a year (2026), a term (2026-S1, 2026-S2) or a month (2026-09).</source>
        <translation>“{period}”不是有效的期间；请写年份（2026）、学期（2026-S1、2026-S2）或月份（2026-09）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="94"/>
        <source>A school&apos;s report needs the school: add --school CODE.</source>
        <translation>学校督导报告需要指定学校：请加上 --school 学校编号。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="95"/>
        <source>This workspace has no school with the code {school}.</source>
        <translation>本工作区没有学校编号为 {school} 的学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="96"/>
        <source>Cannot tell the format from {path}; name a .pdf or an .xlsx file.</source>
        <translation>无法从 {path} 判断文件格式；请使用 .pdf 或 .xlsx 文件名。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="102"/>
        <source>a folder on its way does not exist</source>
        <translation>路径中的文件夹不存在</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="103"/>
        <location filename="../../inspector_desktop/wording/cli.py" line="104"/>
        <source>a part of the path is a file, not a folder</source>
        <translation>路径中有一部分是文件而不是文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="105"/>
        <source>it is a folder</source>
        <translation>它是一个文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="106"/>
        <location filename="../../inspector_desktop/wording/cli.py" line="107"/>
        <source>permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="108"/>
        <source>the disk is read-only</source>
        <translation>磁盘为只读</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="109"/>
        <source>the name is too long</source>
        <translation>名称过长</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="121"/>
        <source>{option}: “{value}” is not a valid value; see --help.</source>
        <translation>{option}：“{value}”不是有效的值；请查看 --help。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="122"/>
        <source>The command line is not understood ({problem}); see --help.</source>
        <translation>无法理解此命令行（{problem}）；请查看 --help。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="123"/>
        <source>“{value}” is not a port number (0 to 65535).</source>
        <translation>“{value}”不是端口号（0 至 65535）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="124"/>
        <source>There is no server database at {path}; check --db, or create one with the migrate command.</source>
        <translation>{path} 处没有服务器数据库；请检查 --db，或先用 migrate 命令创建数据库。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="126"/>
        <source>{path} is a folder; --db needs a database file or a postgresql+psycopg:// address.</source>
        <translation>{path} 是文件夹；--db 需要数据库文件或 postgresql+psycopg:// 地址。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="128"/>
        <source>The folder of {path} does not exist; check --db.</source>
        <translation>{path} 所在的文件夹不存在；请检查 --db。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="130"/>
        <source>{path} is not a server database, or it is damaged; it was left untouched. Check --db.</source>
        <translation>{path} 不是服务器数据库，或已损坏；该文件未被改动。请检查 --db。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="132"/>
        <source>The server database {path} cannot be opened ({reason}); check --db.</source>
        <translation>无法打开服务器数据库 {path}（{reason}）；请检查 --db。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="134"/>
        <source>The server database {path} was written by a newer version; install that version to use it. Nothing was changed.</source>
        <translation>服务器数据库 {path} 由更新的版本写入；请安装该版本后再使用。未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="136"/>
        <source>--db {path} is neither a file nor a database address like postgresql+psycopg://user:password@host/db.</source>
        <translation>--db {path} 既不是文件，也不是形如 postgresql+psycopg://user:password@host/db 的数据库地址。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="138"/>
        <source>{path}: {reason}.</source>
        <translation>{path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="139"/>
        <source>New password: </source>
        <translation>新密码：</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="140"/>
        <source>Again: </source>
        <translation>再输一次：</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="141"/>
        <source>There is no terminal to ask for the password; pipe it in with --password-stdin. Nothing was changed.</source>
        <translation>没有可用于输入密码的终端；请加上 --password-stdin 从标准输入传入密码。未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="143"/>
        <source>No password was given; nothing was changed.</source>
        <translation>未输入密码；未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="144"/>
        <source>The two passwords differ; nothing was changed.</source>
        <translation>两次输入的密码不一致；未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="145"/>
        <source>A password needs at least {length} characters; nothing was changed.</source>
        <translation>密码至少需要 {length} 个字符；未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="147"/>
        <source>A user needs a username and at least one role; nothing was changed.</source>
        <translation>用户需要用户名和至少一个角色；未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="149"/>
        <source>The username {username} or the code {code} is already taken; nothing was changed.</source>
        <translation>用户名 {username} 或编号 {code} 已被占用；未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="151"/>
        <source>Created {username} ({roles}).</source>
        <translation>已创建 {username}（{roles}）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="152"/>
        <source>There is no user {username}; list-users shows them all.</source>
        <translation>没有用户 {username}；list-users 可列出全部用户。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="153"/>
        <source>There is no active device key {key_id}.</source>
        <translation>没有有效的设备密钥 {key_id}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="154"/>
        <source>There is no device {device}: give a device id, a signing key&apos;s id or a username. Nothing was changed.</source>
        <translation>没有设备 {device}：请给出设备编号、签名密钥编号或用户名。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="156"/>
        <source>{username} has no device that is not already reported lost; nothing was changed.</source>
        <translation>{username} 没有尚未报告丢失的设备；未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="158"/>
        <source>{username} has {count} devices ({devices}); name the lost one by its id. Nothing was changed.</source>
        <translation>{username} 有 {count} 台设备（{devices}）；请用编号指明丢失的那一台。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="160"/>
        <source>Device {device} of {username} is reported lost; sign-in tokens revoked: {tokens}. Its other devices keep working. At its next contact the laptop erases its workspace; run this command again then to see how many unsent changes were lost. Its signing key stays valid (revoke-key withdraws it).</source>
        <translation>{username} 的设备 {device} 已报告丢失，已吊销的登录令牌：{tokens} 个。其他设备照常使用。该笔记本电脑下次连接服务器时会清除其工作区；届时再次运行本命令，可查看丢失了多少条未发送的更改。其签名密钥仍然有效（用 revoke-key 吊销）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="167"/>
        <source>Device {device} of {username} learnt on {when} that it was reported lost and erased its workspace. Changes it had not sent, now lost: {lost}.</source>
        <translation>{username} 的设备 {device} 于 {when} 得知已报告丢失并清除了其工作区。已丢失的未发送更改：{lost} 项。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="164"/>
        <source>Device {device} of {username} was reported lost on {since} and has not reached the server since, so it has not erased its workspace yet.</source>
        <translation>{username} 的设备 {device} 已于 {since} 报告丢失，此后未再连接服务器，因此尚未清除其工作区。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="170"/>
        <source>{username} is not an inspector, so no school was assigned.</source>
        <translation>{username} 不是督学，因此未分配任何学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="172"/>
        <source>No school has the code {codes}; nothing was assigned. Import the schools first.</source>
        <translation>没有编号为 {codes} 的学校；未分配任何学校。请先导入学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="174"/>
        <source>{username} is responsible for school {code}.</source>
        <translation>{username} 现为学校 {code} 的责任督学。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="175"/>
        <source>{username} is no longer responsible for school {code}.</source>
        <translation>{username} 不再是学校 {code} 的责任督学。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="176"/>
        <source>{username} is now responsible for {schools} schools.</source>
        <translation>{username} 现负责 {schools} 所学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="177"/>
        <source>{username} is not responsible for these schools: {codes}; nothing was changed.</source>
        <translation>{username} 并不负责这些学校：{codes}；未作任何更改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="179"/>
        <source>Warning: {username} is now responsible for {schools} schools ({large} large), {percent}% of the 1:5 guideline.</source>
        <translation>警告：{username} 现负责 {schools} 所学校（其中大规模学校 {large} 所），为 1:5 标准的 {percent}%。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="181"/>
        <source>A region is needed: the district of its schools, or a lead&apos;s region.</source>
        <translation>需要指定区域：即其学校所在的区县，或总督学的区域。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="183"/>
        <source>There is no rule file {rules}; the rule files are: {known}.</source>
        <translation>没有规则文件 {rules}；可用的规则文件有：{known}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="184"/>
        <source>The laptops of region {region} follow {rules} from their next sync.</source>
        <translation>地区 {region} 的笔记本电脑自下次同步起遵循规则文件 {rules}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="185"/>
        <source>{path}: schools are imported from .csv or .xlsx files.</source>
        <translation>{path}：学校只能从 .csv 或 .xlsx 文件导入。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="186"/>
        <source>{path} is a folder, not a file.</source>
        <translation>{path} 是文件夹，不是文件。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="187"/>
        <source>{path} is not UTF-8 text; save the sheet as “CSV UTF-8” and import again. Nothing was imported.</source>
        <translation>{path} 不是 UTF-8 文本；请将表格另存为“CSV UTF-8”后重新导入。未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="189"/>
        <source>{path} is not a readable .xlsx workbook (damaged, or another kind of file renamed); nothing was imported.</source>
        <translation>{path} 不是可读取的 .xlsx 工作簿（已损坏，或是改了扩展名的其他文件）；未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="191"/>
        <source>{path} is empty; nothing was imported.</source>
        <translation>{path} 是空文件；未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="192"/>
        <source>{path}, row 1: the header lacks {missing} (the columns are {columns}); nothing was imported.</source>
        <translation>{path} 第 1 行：表头缺少 {missing}（各列为 {columns}）；未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="194"/>
        <source>Nothing was imported from {path}: {problems}.</source>
        <translation>未从 {path} 导入任何内容：{problems}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="195"/>
        <source>Nothing was imported from {path}: {problems}; and {more} more.</source>
        <translation>未从 {path} 导入任何内容：{problems}；另有 {more} 处问题。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="197"/>
        <source>row {row}, column {column}: empty</source>
        <translation>第 {row} 行 {column} 列：为空</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="198"/>
        <source>row {row}, column {column}: “{value}” is neither yes nor no</source>
        <translation>第 {row} 行 {column} 列：“{value}”既不是“是”也不是“否”</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="199"/>
        <source>row {row}, column {column}: “{value}” is not a school type</source>
        <translation>第 {row} 行 {column} 列：“{value}”不是学校类型</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="201"/>
        <source>row {row}, column {column}: {code} repeats row {first}</source>
        <translation>第 {row} 行 {column} 列：{code} 与第 {first} 行重复</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="202"/>
        <source>a school type is one of {types}</source>
        <translation>学校类型须为以下之一：{types}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/cli.py" line="203"/>
        <source>Imported {count} schools from {path}.</source>
        <translation>已从 {path} 导入 {count} 所学校。</translation>
    </message>
</context>
<context>
    <name>ConflictList</name>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="45"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="46"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="47"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="48"/>
        <source>Theirs (kept by the server)</source>
        <translation>对方的（服务器已保留）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="74"/>
        <source>Conflicts to decide</source>
        <translation>待处理的冲突</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="75"/>
        <source>Keep mine</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="76"/>
        <source>Take theirs</source>
        <translation>采用对方的</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="77"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="78"/>
        <source>Double-click or Enter opens the visit, school, rectification or feedback form</source>
        <translation>双击或按回车键打开对应的督导、学校、整改或督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="80"/>
        <source>No conflicts. When the server kept another change to a field you also changed, it is listed here for you to decide.</source>
        <translation>没有冲突。若服务器保留了他人对您也修改过的字段所做的更改，会在此列出，由您决定。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="89"/>
        <source>Edit the value</source>
        <translation>编辑取值</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="99"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_conflicts.py" line="99"/>
        <source>The decision was not saved: {reason}</source>
        <translation>处理决定未保存：{reason}</translation>
    </message>
</context>
<context>
    <name>ContentTab</name>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="48"/>
        <source>Required when the visit found no problems, e.g. 本次督导未发现需要整改的问题。</source>
        <translation>督导未发现问题时必填，例如：本次督导未发现需要整改的问题。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="53"/>
        <source>Requirement</source>
        <translation>整改要求</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="53"/>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="53"/>
        <source>Responsible party</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="53"/>
        <source>Copied to</source>
        <translation>抄送</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="60"/>
        <source>Add requirement</source>
        <translation>添加整改要求</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="61"/>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="69"/>
        <source>Summary</source>
        <translation>督导概况</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="70"/>
        <source>No-issues statement</source>
        <translation>无问题说明</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="71"/>
        <source>Rectification requirements</source>
        <translation>整改要求</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_content.py" line="73"/>
        <source>Further remarks</source>
        <translation>其他意见</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="52"/>
        <source>Not due yet</source>
        <translation>未到期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="53"/>
        <source>Booked</source>
        <translation>已安排</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="54"/>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="55"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="60"/>
        <source>Administration</source>
        <translation>校务管理</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="61"/>
        <source>Enrolment, fees</source>
        <translation>招生收费</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="62"/>
        <source>Teaching</source>
        <translation>课程教学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="63"/>
        <source>Workload</source>
        <translation>课业负担</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="64"/>
        <source>Teachers&apos; ethics</source>
        <translation>师德师风</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="65"/>
        <source>Safety</source>
        <translation>校园安全</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="66"/>
        <source>Hygiene</source>
        <translation>食品卫生</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="67"/>
        <source>Ethos</source>
        <translation>三风建设</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="68"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="110"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="111"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="112"/>
        <source>Visits this year</source>
        <translation>本年督导次数</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="113"/>
        <source>Months visited</source>
        <translation>督导月份数</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="114"/>
        <source>Last visit</source>
        <translation>上次督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="115"/>
        <source>Next routine visit</source>
        <translation>下次常规督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="116"/>
        <source>Cadence</source>
        <translation>督导周期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="117"/>
        <source>Responsible inspector</source>
        <translation>责任督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="117"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="163"/>
        <source>Dashboard</source>
        <translation>统计看板</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="164"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="165"/>
        <source>Random pick (双随机)…</source>
        <translation>双随机抽取…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="166"/>
        <source>Export visits, findings or rectifications (Ctrl+E)</source>
        <translation>导出督导、问题或整改（Ctrl+E）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="167"/>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="168"/>
        <source>Duty ledger</source>
        <translation>履职台账</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="231"/>
        <source>Rectifications by status</source>
        <translation>整改按状态</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="233"/>
        <source>Rectifications</source>
        <translation>整改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="235"/>
        <source>Overdue items by school</source>
        <translation>各校逾期事项</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="237"/>
        <source>Overdue or escalated</source>
        <translation>逾期或已升级处理</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="238"/>
        <source>Visit coverage by month</source>
        <translation>每月督导覆盖</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="240"/>
        <source>Schools visited</source>
        <translation>已督导学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="241"/>
        <source>Visits</source>
        <translation>督导次数</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="244"/>
        <source>Findings by category (12 months)</source>
        <translation>问题按类别（近12个月）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="245"/>
        <source>Findings</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="246"/>
        <source>{short}: {full}</source>
        <translation>{short}：{full}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="261"/>
        <source>No inspector profile yet: set one up on Today to see the schools in your care.</source>
        <translation>尚未设置督学档案：请在“今日”页设置，以查看您负责的学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="263"/>
        <source>No schools in this region yet.</source>
        <translation>本区域暂无学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="264"/>
        <source>No schools are assigned to you yet.</source>
        <translation>尚未给您分配负责学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="266"/>
        <source>{region}: {n} schools, {on} on the routine cadence; {late} routine visits overdue.</source>
        <translation>{region}：学校{n}所，{on}所按常规周期督导；{late}所常规督导已逾期。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="267"/>
        <source>The whole province</source>
        <translation>全省</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="270"/>
        <source>{name}: {n} responsible schools, {on} on the routine cadence; load {percent}% of the 1:5 ratio; training {hours} of {target} h.</source>
        <translation>{name}：责任学校{n}所，{on}所按常规周期督导；工作量为1:5标准的{percent}%；培训{hours}/{target}学时。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/dashboard_page.py" line="275"/>
        <source>Alerts: {n} — see Today.</source>
        <translation>提醒：{n}条——见“今日”。</translation>
    </message>
</context>
<context>
    <name>DiscreetBanner</name>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="144"/>
        <source>Unannounced plans hidden</source>
        <translation>暗访计划已隐藏</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="145"/>
        <source>Discreet mode is on: unannounced (暗访) plans show no school or date.</source>
        <translation>保密模式已开启：暗访计划不显示学校和日期。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="149"/>
        <source>Unannounced (暗访) plans are shown. Hidden again in {time}.</source>
        <translation>暗访计划正在显示，{time} 后重新隐藏。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="151"/>
        <source>Hide now</source>
        <translation>立即隐藏</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="154"/>
        <source>Discreet mode is off: unannounced (暗访) plans are shown to anyone who can see this screen.</source>
        <translation>保密模式已关闭：任何能看到屏幕的人都能看到暗访计划。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="156"/>
        <source>Turn discreet mode on</source>
        <translation>开启保密模式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/discreet.py" line="157"/>
        <source>Hide unannounced plans now</source>
        <translation>立即隐藏暗访计划</translation>
    </message>
</context>
<context>
    <name>DocumentDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="273"/>
        <source>Escalation document</source>
        <translation>约谈、通报或问责文书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="285"/>
        <source>{step}: document {number}</source>
        <translation>{step}文书 {number}</translation>
    </message>
</context>
<context>
    <name>DrawDetailDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="237"/>
        <source>Random pick (双随机): past draw</source>
        <translation>双随机抽取：往次抽取</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="243"/>
        <source>Schools drawn from</source>
        <translation>备选学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="244"/>
        <source>Picked schools and their visits</source>
        <translation>抽中的学校及其督导计划</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="246"/>
        <source>Audit again</source>
        <translation>再次核验</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="252"/>
        <source>Drawn from</source>
        <translation>备选范围</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="253"/>
        <source>Picked</source>
        <translation>抽中</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="272"/>
        <source>{day} · {purpose} · drawn by {who}</source>
        <translation>{day} · {purpose} · 抽取人：{who}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="273"/>
        <source>(no purpose given)</source>
        <translation>（未填写事由）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="274"/>
        <source>Seed: {seed}</source>
        <translation>随机种子：{seed}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="275"/>
        <source>{n} inspectors per school, drawn from: {names}</source>
        <translation>每校抽取{n}名督学，备选督学：{names}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="277"/>
        <source>Schools only: no inspectors drawn.</source>
        <translation>仅抽取学校，未抽取督学。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="284"/>
        <source>Visit {day} · {notice} · {status}</source>
        <translation>督导 {day} · {notice} · {status}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="287"/>
        <source>No visit on this laptop</source>
        <translation>本机没有此次督导</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="28"/>
        <source>A visit team needs exactly one leader.</source>
        <translation>督导组必须有且只有一名组长。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="29"/>
        <source>An inspector is on the team twice.</source>
        <translation>同一名督学在督导组中出现了两次。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="30"/>
        <source>Choose a school for the visit.</source>
        <translation>请为本次督导选择学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="31"/>
        <source>The visit cannot move to that status from where it is.</source>
        <translation>本次督导当前状态不能转为该状态。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="32"/>
        <source>The visit no longer exists.</source>
        <translation>该督导已不存在。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="33"/>
        <source>An unannounced visit has no notice letter: the school is not told in advance.</source>
        <translation>暗访不发督导通知书：事先不通知学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="35"/>
        <source>This visit was cancelled: a notice letter would announce a visit that will not happen.</source>
        <translation>该督导已取消：督导通知书不能通知一次不会进行的督导。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="37"/>
        <source>This visit is already completed: a notice letter announces a visit before it happens.</source>
        <translation>该督导已完成：督导通知书只在督导进行之前发出。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="39"/>
        <source>This visit was planned for {planned_on}, which has passed: a notice letter cannot announce it now.</source>
        <translation>该督导原定于 {planned_on} 进行，日期已过：现在不能再发督导通知书。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="41"/>
        <source>Describe the problem before saving the finding.</source>
        <translation>请先填写问题描述再保存发现。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="42"/>
        <source>Signed feedback form {number} certifies this finding, so it and its evidence can no longer change. Make an addendum to the form to correct it.</source>
        <translation>已签署的督导意见书 {number} 认定了此问题，问题及其证据不能再修改。如需更正，请为该督导意见书制作补充督导意见书。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="46"/>
        <source>A signed feedback form certifies this finding, so it and its evidence can no longer change. Make an addendum to the form to correct it.</source>
        <translation>已签署的督导意见书认定了此问题，问题及其证据不能再修改。如需更正，请为该督导意见书制作补充督导意见书。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="52"/>
        <location filename="../../inspector_desktop/wording/errors.py" line="186"/>
        <source>The record no longer exists; it may have been removed.</source>
        <translation>该记录已不存在，可能已被删除。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="53"/>
        <source>That value is not valid here.</source>
        <translation>该值在此处无效。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="54"/>
        <source>That field cannot be edited here.</source>
        <translation>此处不能编辑该字段。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="58"/>
        <source>Only a lead inspector signed in to the office&apos;s server sets the region&apos;s rule file.</source>
        <translation>只有登录督导室服务器的督导负责人才能设定本地区的规则文件。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="60"/>
        <source>Your account has no region, so there is no region&apos;s rule file to set here.</source>
        <translation>您的账户没有所属地区，因此无法在此设定地区规则文件。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="62"/>
        <source>A region&apos;s rule file needs the region&apos;s name.</source>
        <translation>地区规则文件须注明地区名称。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="63"/>
        <source>The server does not know that rule file; choose one of the rule files the app ships.</source>
        <translation>服务器不认识该规则文件；请从本程序自带的规则文件中选择。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="65"/>
        <source>A region&apos;s rule file stays with its region; set the other region&apos;s rule file instead.</source>
        <translation>地区规则文件只属于其所在地区；如需更改，请设定另一地区的规则文件。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="68"/>
        <source>Only a lead inspector drafts, publishes or changes a checklist template: it reaches every laptop.</source>
        <translation>只有总督学可以起草、发布或修改督导清单模板：模板会下发到每台电脑。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="70"/>
        <source>Version {version} of this checklist template is published, so it can no longer change: visits were rated on it. Make a new version to change it.</source>
        <translation>该督导清单模板的第 {version} 版已发布，不能再修改：已有督导按此版评定。如需修改，请新建版本。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="73"/>
        <source>A checklist template version keeps its code and number; make a new version instead.</source>
        <translation>督导清单模板的版本编码和版本号不能更改；请新建版本。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="75"/>
        <source>Give the checklist template a title.</source>
        <translation>请填写督导清单模板的名称。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="76"/>
        <source>A checklist template needs at least one item to be published.</source>
        <translation>督导清单模板至少要有一项内容才能发布。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="77"/>
        <source>Every item needs a code: visits moved between versions are matched by it.</source>
        <translation>每一项都需要编码：督导在版本间迁移时按编码对应。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="79"/>
        <source>Two items have the code “{code}”; each needs its own.</source>
        <translation>有两项的编码都是“{code}”；每项编码须各不相同。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="80"/>
        <source>An item&apos;s weight cannot be below 0.</source>
        <translation>单项权重不能小于 0。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="81"/>
        <source>The weights total {total}; they must total {full} before the version is published.</source>
        <translation>权重合计为 {total}；发布前合计须为 {full}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="83"/>
        <source>A signed feedback form certifies this visit, so its checklist stays on the version it was signed on.</source>
        <translation>本次督导已有签署的督导意见书，其清单保留在签署时的版本。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="85"/>
        <source>A visit moves only to another version of its own checklist template.</source>
        <translation>督导只能迁移到同一督导清单模板的其他版本。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="87"/>
        <source>The visit is already on version {version}.</source>
        <translation>本次督导已在第 {version} 版。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="88"/>
        <source>Version {version} is still a draft; a visit moves only to a published version.</source>
        <translation>第 {version} 版仍是草稿；督导只能迁移到已发布的版本。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="100"/>
        <source>This form is signed and can no longer change. Make an addendum to correct it.</source>
        <translation>该督导意见书已签署，不能再修改。如需更正，请制作补充督导意见书。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="102"/>
        <source>Both the inspector and the school representative must sign first.</source>
        <translation>督学和学校代表都须先签名。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="104"/>
        <source>This visit found no problems: write the no-issues statement before signing.</source>
        <translation>本次督导未发现问题：签署前请填写无问题说明。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="106"/>
        <source>No inspector is set for this laptop or this visit.</source>
        <translation>本机或本次督导尚未设置督学。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="107"/>
        <source>The feedback form no longer exists.</source>
        <translation>该督导意见书已不存在。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="108"/>
        <source>A draft is corrected by editing it; an addendum is only for a signed form.</source>
        <translation>草稿直接修改即可；补充督导意见书只适用于已签署的督导意见书。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="110"/>
        <source>The feedback form cannot take that step from where it is.</source>
        <translation>督导意见书当前状态下不能进行该操作。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="111"/>
        <source>“{number}” is not a feedback form number.</source>
        <translation>“{number}”不是督导意见书编号。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="112"/>
        <source>A feedback form&apos;s sequence number starts at 1.</source>
        <translation>督导意见书的序号从 1 开始。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="113"/>
        <source>The inspector code “{inspector_code}” cannot number a form: it must be set and have no dashes.</source>
        <translation>督学编号“{inspector_code}”不能用于督导意见书编号：编号不能为空，且不能含“-”。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="115"/>
        <source>Form {number} is marked as signed but its seal is missing, so its sheet cannot be printed.</source>
        <translation>督导意见书 {number} 已标记为签署，但缺少签章数据，无法打印。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="117"/>
        <source>A sheet cannot be printed in that language ({language}).</source>
        <translation>不能以该语言（{language}）打印督导意见书。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="118"/>
        <source>Each requirement needs its text and a responsible party.</source>
        <translation>每条整改要求都须填写内容和责任单位。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="119"/>
        <source>Enter the name of each person who signs.</source>
        <translation>请填写每位签名人的姓名。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="120"/>
        <source>Each person must sign on the pad.</source>
        <translation>每位签字人都须在签字板上签名。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="121"/>
        <source>The signature could not be read; clear the pad and sign again.</source>
        <translation>无法读取签名，请清除签字板后重新签名。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="123"/>
        <source>The form is not signed yet; the school answers a signed form.</source>
        <translation>督导意见书尚未签署；学校只能对已签署的督导意见书作出回应。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="125"/>
        <source>The school has already acknowledged this form.</source>
        <translation>学校已确认该督导意见书。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="126"/>
        <source>Write the school&apos;s reasons for objecting.</source>
        <translation>请填写学校提出异议的理由。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="127"/>
        <source>An earlier objection to this form still awaits its reply.</source>
        <translation>该督导意见书此前的异议尚待答复。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="129"/>
        <source>Only an objection is replied to.</source>
        <translation>只有异议需要答复。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="130"/>
        <source>This objection has already been replied to.</source>
        <translation>该异议已答复。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="131"/>
        <source>Write the reply.</source>
        <translation>请填写答复内容。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="133"/>
        <source>Write what the school reports it has done.</source>
        <translation>请填写学校报告的整改情况。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="134"/>
        <source>The rectification cannot take that step from where it is.</source>
        <translation>整改事项当前状态下不能进行该操作。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="136"/>
        <source>Form {form} is still a draft: rectifications start when it is signed.</source>
        <translation>督导意见书 {form} 仍是草稿：签署后才开始整改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="138"/>
        <source>A rectification period cannot be negative.</source>
        <translation>整改期限不能为负数。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="139"/>
        <source>The rectification is not overdue: its deadline is {deadline}.</source>
        <translation>该整改事项尚未逾期：整改期限为 {deadline}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="141"/>
        <source>Choose a verdict.</source>
        <translation>请选择复查结论。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="142"/>
        <source>That requirement is not on the form being re-inspected.</source>
        <translation>该整改要求不在被复查的督导意见书上。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="144"/>
        <source>That visit is not the re-inspection of form {form}.</source>
        <translation>该次督导不是对督导意见书 {form} 的复查。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="146"/>
        <source>Steps are taken in order: the next step is {expected}, not {kind}.</source>
        <translation>须按顺序推进：下一步应为{expected}，而不是{kind}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="148"/>
        <source>The school still has time: the next step may be taken from {not_before}.</source>
        <translation>学校仍在整改期限内：{not_before}起方可采取下一步。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="150"/>
        <source>Only an overdue or escalated rectification can be escalated.</source>
        <translation>只有逾期或已升级处理的整改事项才能升级处理。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="151"/>
        <source>Every escalation step has already been taken.</source>
        <translation>约谈、通报、问责均已采取。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="152"/>
        <source>An incentive is not an escalation step.</source>
        <translation>激励不属于约谈、通报、问责等升级处理步骤。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="153"/>
        <source>Give the reason for this decision.</source>
        <translation>请填写作出该决定的理由。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="154"/>
        <source>Name the lead who decided.</source>
        <translation>请填写作出决定的负责人。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="155"/>
        <source>Give the date and time of the interview: the school&apos;s head must know when to come.</source>
        <translation>请填写约谈的日期和时间：学校负责人需要知道何时到场。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="157"/>
        <source>Give the place of the interview: the school&apos;s head must know where to come.</source>
        <translation>请填写约谈地点：学校负责人需要知道到哪里参加约谈。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="159"/>
        <source>The interview cannot be held before the day it was decided.</source>
        <translation>约谈时间不能早于作出约谈决定的日期。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="161"/>
        <source>Say whom the public notification goes to, e.g. the district&apos;s schools and the competent department.</source>
        <translation>请填写通报范围，例如辖区内各中小学校及主管部门。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="163"/>
        <source>Interviews, public notifications, accountability and incentives are the office&apos;s decisions: only a lead inspector signed in on this laptop records them.</source>
        <translation>约谈、通报、问责和激励由督导室决定：只有在本机登录的总督学、副总督学等督导负责人才能登记。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="166"/>
        <source>Only a lead inspector may escalate a rectification; it was left as it was.</source>
        <translation>只有督导负责人才能对整改事项升级处理；该整改事项保持原状。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="168"/>
        <source>An incentive rewards a rectification verified at re-inspection.</source>
        <translation>激励仅适用于经复查核实已整改的事项。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="170"/>
        <source>That rectification belongs to another school.</source>
        <translation>该整改事项属于另一所学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="171"/>
        <source>Choose between 1 and {available} schools.</source>
        <translation>请选择 1 至 {available} 所学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="172"/>
        <source>Not enough inspectors: {needed} needed for a school, {available} may inspect it.</source>
        <translation>督学人数不足：每校需 {needed} 人，可督导该校的只有 {available} 人。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="174"/>
        <source>Name the lead who makes the draw.</source>
        <translation>请填写进行抽取的组长姓名。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="175"/>
        <source>A random pick is the office&apos;s decision: only a lead inspector signed in on this laptop makes one.</source>
        <translation>双随机抽取由督导室决定：只有在本机登录的督导负责人才能抽取。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="177"/>
        <source>A picked school has no responsible inspector to send; draw inspectors for the schools too.</source>
        <translation>抽中的学校没有可派出的责任督学；请同时抽取督学。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="180"/>
        <source>Too many rows for one spreadsheet ({rows}); choose CSV.</source>
        <translation>行数过多（{rows}），无法写入一个电子表格；请选择CSV。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="182"/>
        <source>That export format is not offered; choose CSV or XLSX.</source>
        <translation>不支持该导出格式；请选择 CSV 或 XLSX。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="183"/>
        <source>That kind of record cannot be exported.</source>
        <translation>该类记录不能导出。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="185"/>
        <source>The server refused this change.</source>
        <translation>服务器拒绝了这项更改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="187"/>
        <source>The record was removed on the server.</source>
        <translation>该记录已在服务器上删除。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="188"/>
        <source>Your account may not change this record.</source>
        <translation>您的账户无权修改该记录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="189"/>
        <source>After this change the record would be outside what you may see, so it was refused.</source>
        <translation>更改后该记录将超出您的可见范围，因此被拒绝。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="191"/>
        <source>The record this change belongs to is not on the server, or not visible to you.</source>
        <translation>这项更改所属的记录不在服务器上，或您无权查看。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="193"/>
        <source>The change points to a record the server does not have.</source>
        <translation>这项更改引用了服务器上不存在的记录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="194"/>
        <source>The server already has this record under another entry.</source>
        <translation>服务器上已有该记录的另一条目。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="195"/>
        <source>The server does not keep this kind of record.</source>
        <translation>服务器不保存该类记录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="196"/>
        <source>The server does not know one of the changed fields.</source>
        <translation>服务器不认识其中一个被修改的字段。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="197"/>
        <source>A required field is empty.</source>
        <translation>有必填字段为空。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="198"/>
        <source>A value is not valid for its field.</source>
        <translation>有取值不符合其字段要求。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="199"/>
        <source>A value is not one of the choices its field allows.</source>
        <translation>有取值不在其字段允许的选项之中。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="200"/>
        <source>A text holds characters that cannot be stored.</source>
        <translation>有文字含有无法保存的字符。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="201"/>
        <source>A number is outside the range its field allows.</source>
        <translation>有数值超出其字段允许的范围。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="202"/>
        <source>A value is too large to store.</source>
        <translation>有取值过大，无法保存。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="203"/>
        <source>A value is nested too deeply to store.</source>
        <translation>有取值嵌套层级过深，无法保存。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="205"/>
        <source>It points to a record that has not reached this laptop yet; it is applied once that arrives.</source>
        <translation>它引用的记录尚未同步到本机；该记录到达后会自动应用。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="207"/>
        <source>This laptop already holds the same record under another entry; the office can merge them.</source>
        <translation>本机已有同一记录的另一条目；可请督导室合并。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="209"/>
        <source>This laptop cannot store it; a newer version of the app may be needed.</source>
        <translation>本机无法保存该记录；可能需要更新应用版本。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="211"/>
        <source>The evidence file this change names is not on the server, or not yours to use.</source>
        <translation>这项更改所指的佐证材料不在服务器上，或您无权使用。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="213"/>
        <source>The server could not read this laptop&apos;s signing key.</source>
        <translation>服务器无法读取本机的签名密钥。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="214"/>
        <source>That signing key is already registered to another account.</source>
        <translation>该签名密钥已登记在另一个账户下。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="215"/>
        <source>A registered signing key cannot be changed.</source>
        <translation>已登记的签名密钥不能更改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="217"/>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="218"/>
        <source>The sign-in has expired or was revoked; log in again.</source>
        <translation>登录已过期或已被撤销，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="219"/>
        <source>This account is disabled; ask the office administrator.</source>
        <translation>该账户已停用，请联系督导室管理员。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="220"/>
        <source>Too many failed sign-ins; wait a while before trying again.</source>
        <translation>登录失败次数过多，请稍候再试。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="221"/>
        <source>This account may not do that.</source>
        <translation>该账户无权进行此操作。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="222"/>
        <source>Only a lead inspector may do that.</source>
        <translation>只有负责人可以进行此操作。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="223"/>
        <location filename="../../inspector_desktop/wording/errors.py" line="286"/>
        <source>The office reported this laptop lost, so its workspace is being erased.</source>
        <translation>督导室已报告这台笔记本电脑丢失，本机工作区正在被清除。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="225"/>
        <source>Only a lead inspector may report a laptop lost.</source>
        <translation>只有督学组长可以报告笔记本电脑丢失。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="226"/>
        <source>This is the laptop you are using; report it lost from another one.</source>
        <translation>这是您正在使用的笔记本电脑；请在另一台电脑上报告它丢失。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="228"/>
        <source>No such laptop in your region; refresh the list.</source>
        <translation>您的区域内没有这台笔记本电脑；请刷新列表。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="229"/>
        <source>The sign-in belongs to another workspace; log in again.</source>
        <translation>该登录属于另一个工作区，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="230"/>
        <source>This workspace belongs to another inspector&apos;s account; open your own workspace to sign in.</source>
        <translation>该工作区属于另一名督学的账户；请打开您自己的工作区再登录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="232"/>
        <source>The server does not have that evidence file, or it is not yours to see.</source>
        <translation>服务器上没有该佐证材料，或您无权查看。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="233"/>
        <source>An evidence upload did not fit the file&apos;s declared size; it will start again.</source>
        <translation>佐证材料上传的数据与声明的文件大小不符，将重新上传。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="235"/>
        <source>An evidence upload was out of step with the server; it will resume from the server&apos;s position.</source>
        <translation>佐证材料上传进度与服务器不一致，将从服务器记录的位置继续上传。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="237"/>
        <source>An evidence file changed size during its upload; it will be uploaded again.</source>
        <translation>佐证材料在上传过程中大小发生变化，将重新上传。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="239"/>
        <source>An evidence file arrived damaged on the server; it will be uploaded again from the start.</source>
        <translation>佐证材料到达服务器时已损坏，将从头重新上传。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="241"/>
        <source>An evidence upload was sent in pieces too large for the server.</source>
        <translation>佐证材料上传的分块过大，服务器无法接收。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="242"/>
        <source>The server could not accept the request as sent.</source>
        <translation>服务器无法接受该请求。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="243"/>
        <source>The request was too large for the server.</source>
        <translation>请求过大，服务器无法接收。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="244"/>
        <source>The server failed; the request changed nothing there.</source>
        <translation>服务器出错；该请求未在服务器上作任何更改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="246"/>
        <source>The server refused the office&apos;s request; nothing was changed.</source>
        <translation>服务器拒绝了督导室的请求，未作任何更改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="247"/>
        <source>Nothing was imported: the file has {count} problems, listed by row and column.</source>
        <translation>未导入任何学校：文件中有 {count} 处问题，已按行和列列出。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="249"/>
        <source>The file is larger than {mb} MB; split it into smaller files.</source>
        <translation>文件大于 {mb} MB，请拆分为较小的文件。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="250"/>
        <source>row {row}, column {column}: the district “{district}” is not your region ({region})</source>
        <translation>第 {row} 行，{column} 列：区域“{district}”不属于您的辖区（{region}）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="252"/>
        <source>You cannot disable your own account.</source>
        <translation>不能停用您自己的账号。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="253"/>
        <source>Only a lead inspector plans the month&apos;s routine visits.</source>
        <translation>只有督导负责人才能安排本月的日常督导。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="254"/>
        <source>No such inspector in your region.</source>
        <translation>您的辖区内没有这位督学。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="255"/>
        <source>One of the schools is not in your region, or no longer exists.</source>
        <translation>其中有学校不在您的辖区内，或已不存在。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="260"/>
        <source>The server answered with HTTP error {rest}.</source>
        <translation>服务器返回了 HTTP 错误 {rest}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="266"/>
        <source>This workspace was written by a newer version of Inspector Desktop; install that version to open it. The file was left untouched.</source>
        <translation>该工作区由更新版本的督学工作台写入；请安装该版本后再打开。文件未被改动。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="268"/>
        <source>The workspace file is damaged or is not a workspace. It was left untouched; restore a backup or choose another data folder.</source>
        <translation>工作区文件已损坏或不是工作区文件。文件未被改动；请恢复备份或选择其他数据文件夹。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="270"/>
        <source>This computer has no system keyring to keep the workspace&apos;s key, so the workspace is locked with a passphrase: type it to open the workspace.</source>
        <translation>这台电脑没有可保存工作区密钥的系统钥匙串，工作区由口令加密：请输入口令以打开工作区。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="273"/>
        <source>That passphrase does not open this workspace. The files were left untouched; try again.</source>
        <translation>该口令打不开此工作区。文件未被改动；请重试。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="275"/>
        <source>The system keyring no longer holds this workspace&apos;s key. Type the recovery key you were given when the workspace was created; the files were left untouched.</source>
        <translation>系统钥匙串中已没有此工作区的密钥。请输入创建工作区时给您的恢复密钥；文件未被改动。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="278"/>
        <source>That is not this workspace&apos;s recovery key; check each group of five characters and try again. The files were left untouched.</source>
        <translation>这不是此工作区的恢复密钥；请逐组核对五个字符后重试。文件未被改动。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="280"/>
        <source>Demo data could not be created: {detail}</source>
        <translation>无法创建演示数据：{detail}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="281"/>
        <source>The workspace cannot be used: {detail}</source>
        <translation>无法使用该工作区：{detail}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="282"/>
        <source>The server could not be reached; try again later.</source>
        <translation>无法连接服务器，请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="283"/>
        <source>The server&apos;s answer broke the sync protocol, so nothing was changed. ({detail})</source>
        <translation>服务器的应答不符合同步协议，因此未作任何更改。（{detail}）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="285"/>
        <source>The server refused the sign-in; log in again.</source>
        <translation>服务器拒绝了登录，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="288"/>
        <source>The server refused the request ({code}).</source>
        <translation>服务器拒绝了该请求（{code}）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="289"/>
        <source>Nothing was imported: the file has problems, listed by row and column.</source>
        <translation>未导入任何学校：文件中有问题，已按行和列列出。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="290"/>
        <source>Sync stopped: {detail}</source>
        <translation>同步中断：{detail}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="291"/>
        <source>The system keyring cannot be used: {detail}</source>
        <translation>无法使用系统密钥环：{detail}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="49"/>
        <source>Only files can be attached, not folders.</source>
        <translation>只能添加文件，不能添加文件夹。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="50"/>
        <source>Evidence must belong to one finding or checklist line.</source>
        <translation>佐证材料必须属于一条发现或一项检查内容。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="55"/>
        <source>Records are never deleted outright here; they are marked as removed so every copy learns of it.</source>
        <translation>记录不会被直接删除，而是标记为已删除，以便每份副本都能获知。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="57"/>
        <source>The rule file {file} is wrong at {field}: {problem}</source>
        <translation>规则文件 {file} 的 {field} 有误：{problem}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="94"/>
        <source>A school needs its district: it decides which lead inspectors oversee the school.</source>
        <translation>学校须填写所属区县：它决定由哪些负责人督查该校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="96"/>
        <source>Set up your inspector profile first.</source>
        <translation>请先设置您的督学信息。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="97"/>
        <source>Give the training a title.</source>
        <translation>请填写培训名称。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="98"/>
        <source>Training time must be more than zero and at most a day.</source>
        <translation>培训时长必须大于零且不超过一天。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="91"/>
        <source>Enter your name and an inspector code without dashes.</source>
        <translation>请输入姓名和不含“-”的督学编号。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="92"/>
        <source>Code, name and competent department are required.</source>
        <translation>编号、名称和主管部门为必填项。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="93"/>
        <source>Another school already has that code.</source>
        <translation>已有学校使用该编号。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="294"/>
        <source>The change was refused ({code}).</source>
        <translation>修改被拒绝（{code}）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/errors.py" line="295"/>
        <source>Something went wrong: {detail}</source>
        <translation>出现错误：{detail}</translation>
    </message>
</context>
<context>
    <name>EvidenceStrip</name>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="88"/>
        <source>Add evidence…</source>
        <translation>添加佐证…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="89"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="90"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="91"/>
        <source>Evidence files</source>
        <translation>佐证文件</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="92"/>
        <source>Drop photos or documents here; double-click one to open it</source>
        <translation>将照片或文件拖到此处；双击文件可打开</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="94"/>
        <source>Opens a decrypted copy in the system&apos;s viewer. The copy is kept in a private temporary folder and deleted when Inspector Desktop closes; the stored file stays encrypted.</source>
        <translation>用系统查看器打开解密后的副本。副本存放在仅本人可读的临时文件夹中，督学助手关闭时删除；保存的文件始终加密。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="185"/>
        <source>Removed “{file}”</source>
        <translation>已移除“{file}”</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="206"/>
        <source>Add evidence</source>
        <translation>添加佐证</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/evidence.py" line="205"/>
        <source>Photos and documents (*.jpg *.jpeg *.png *.heic *.pdf *.doc *.docx);;All files (*)</source>
        <translation>照片和文档 (*.jpg *.jpeg *.png *.heic *.pdf *.doc *.docx);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="37"/>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="61"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="39"/>
        <source>Visits</source>
        <translation>督导记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="39"/>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="40"/>
        <source>Rectifications</source>
        <translation>整改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="43"/>
        <source>CSV (comma-separated)</source>
        <translation>CSV（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="44"/>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel工作簿（.xlsx）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="46"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="55"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="55"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="58"/>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="59"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="72"/>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="80"/>
        <source>Choose a file to export to.</source>
        <translation>请选择导出文件。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/export_dialog.py" line="94"/>
        <source>Exporting {what}…</source>
        <translation>正在导出{what}…</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="43"/>
        <location filename="../../inspector_desktop/wording/records.py" line="46"/>
        <location filename="../../inspector_desktop/wording/records.py" line="75"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="43"/>
        <source>Inspector number</source>
        <translation>督学编号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="44"/>
        <location filename="../../inspector_desktop/wording/records.py" line="98"/>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="44"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="45"/>
        <source>Lead inspector</source>
        <translation>总督学/副总督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="45"/>
        <source>Active</source>
        <translation>在职</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="46"/>
        <source>School number</source>
        <translation>学校编号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="47"/>
        <location filename="../../inspector_desktop/wording/records.py" line="78"/>
        <source>Competent department</source>
        <translation>主管部门</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="47"/>
        <source>District</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="48"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="48"/>
        <source>Type of school</source>
        <translation>学校类型</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="49"/>
        <source>Large school</source>
        <translation>大规模学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="50"/>
        <source>Since</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="50"/>
        <source>Until</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="51"/>
        <location filename="../../inspector_desktop/wording/records.py" line="54"/>
        <source>Title (Chinese)</source>
        <translation>名称（中文）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="51"/>
        <location filename="../../inspector_desktop/wording/records.py" line="54"/>
        <source>Title (English)</source>
        <translation>名称（英文）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="52"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="53"/>
        <source>Item number</source>
        <translation>条目编号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="53"/>
        <location filename="../../inspector_desktop/wording/records.py" line="63"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="55"/>
        <source>Guidance (Chinese)</source>
        <translation>指引（中文）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="55"/>
        <source>Guidance (English)</source>
        <translation>指引（英文）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="56"/>
        <location filename="../../inspector_desktop/wording/records.py" line="96"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="56"/>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="56"/>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="57"/>
        <source>Planning</source>
        <translation>计划方式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="57"/>
        <source>Notice</source>
        <translation>明察/暗访</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="58"/>
        <location filename="../../inspector_desktop/wording/records.py" line="67"/>
        <location filename="../../inspector_desktop/wording/records.py" line="77"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="59"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="59"/>
        <source>Completed</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="60"/>
        <location filename="../../inspector_desktop/wording/records.py" line="94"/>
        <source>Purpose</source>
        <translation>督导事项</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="60"/>
        <location filename="../../inspector_desktop/wording/records.py" line="81"/>
        <source>Notes</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="61"/>
        <source>Role</source>
        <translation>分工</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="62"/>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="62"/>
        <source>Observation</source>
        <translation>观察记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="63"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="64"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="64"/>
        <location filename="../../inspector_desktop/wording/records.py" line="85"/>
        <source>Evidence</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="65"/>
        <source>Diagnosis</source>
        <translation>原因诊断</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="65"/>
        <source>Recommendation</source>
        <translation>整改建议</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="66"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="66"/>
        <source>Caption</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="67"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="68"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="68"/>
        <source>Summary</source>
        <translation>督导概况</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="69"/>
        <source>No-issues statement</source>
        <translation>无问题说明</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="70"/>
        <source>Further remarks</source>
        <translation>其他意见</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="70"/>
        <location filename="../../inspector_desktop/wording/records.py" line="76"/>
        <source>Signed</source>
        <translation>签署时间</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="71"/>
        <source>Issued</source>
        <translation>送达时间</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="72"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="72"/>
        <source>Requirement</source>
        <translation>整改要求</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="73"/>
        <location filename="../../inspector_desktop/wording/records.py" line="77"/>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="73"/>
        <source>Responsible party</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="74"/>
        <source>Copied to</source>
        <translation>抄送</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="75"/>
        <source>Signs as</source>
        <translation>签字身份</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="76"/>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="79"/>
        <source>Reported on</source>
        <translation>报告日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="79"/>
        <source>Report</source>
        <translation>整改报告</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="80"/>
        <source>Verified on</source>
        <translation>核实日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="81"/>
        <source>Verdict</source>
        <translation>复查结论</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="82"/>
        <source>Re-inspected on</source>
        <translation>复查日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="83"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="83"/>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="84"/>
        <location filename="../../inspector_desktop/wording/records.py" line="99"/>
        <source>Decided on</source>
        <translation>决定日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="84"/>
        <location filename="../../inspector_desktop/wording/records.py" line="99"/>
        <source>Decided by</source>
        <translation>决定人</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="86"/>
        <source>Interview time</source>
        <translation>约谈时间</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="87"/>
        <source>Interview place</source>
        <translation>约谈地点</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="88"/>
        <source>Participants</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="89"/>
        <source>Notified to</source>
        <translation>通报范围</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="90"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="90"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="91"/>
        <source>Received on</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="91"/>
        <source>Reply due</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="92"/>
        <source>Reply</source>
        <translation>答复</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="92"/>
        <source>Replied on</source>
        <translation>答复日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="93"/>
        <source>Drawn on</source>
        <translation>抽取日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="93"/>
        <source>Drawn by</source>
        <translation>抽取人</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="95"/>
        <source>Revoked</source>
        <translation>停用时间</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="95"/>
        <source>Device name</source>
        <translation>设备名称</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="96"/>
        <source>Training time (minutes)</source>
        <translation>培训时长（分钟）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="97"/>
        <source>Provider</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="97"/>
        <source>Course</source>
        <translation>培训名称</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="98"/>
        <source>Rule file</source>
        <translation>规则文件</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="93"/>
        <source>Search school, form number or text, e.g. 食堂</source>
        <translation>搜索学校、督导意见书编号或内容，如“食堂”</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="94"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="98"/>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="103"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="104"/>
        <source>All schools</source>
        <translation>全部学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="105"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="106"/>
        <source>Overdue only</source>
        <translation>仅看逾期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/filter_bar.py" line="154"/>
        <source>{shown} of {total}</source>
        <translation>{shown} / {total}</translation>
    </message>
</context>
<context>
    <name>FindingEditor</name>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="75"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="75"/>
        <source>Diagnosis</source>
        <translation>原因诊断</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="75"/>
        <source>Recommendation</source>
        <translation>整改建议</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="76"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="76"/>
        <source>Indicator</source>
        <translation>检查指标</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="76"/>
        <source>Evidence</source>
        <translation>佐证材料</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="87"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="158"/>
        <source>Storing evidence…</source>
        <translation>正在保存佐证材料…</translation>
    </message>
</context>
<context>
    <name>FindingsTab</name>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="211"/>
        <source>Describe a problem found, then press Enter</source>
        <translation>描述发现的问题，然后按回车</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="215"/>
        <source>New finding</source>
        <translation>新发现</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="216"/>
        <source>Add finding</source>
        <translation>添加发现</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="217"/>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="218"/>
        <source>Delete finding</source>
        <translation>删除问题</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="219"/>
        <source>Delete the selected finding (Del); Undo or Ctrl+Z brings it back</source>
        <translation>删除选中的问题（Del）；点“撤销”或按 Ctrl+Z 可恢复</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/findings_tab.py" line="309"/>
        <source>Finding deleted: {problem}</source>
        <translation>已删除问题：{problem}</translation>
    </message>
</context>
<context>
    <name>FormEditor</name>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="63"/>
        <source>Feedback form</source>
        <translation>督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="85"/>
        <source>Sheet language</source>
        <translation>督导意见书语言</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="93"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="96"/>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="103"/>
        <source>Sheet</source>
        <translation>督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="105"/>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="106"/>
        <source>Sign and lock</source>
        <translation>签署并锁定</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="107"/>
        <source>Make an addendum</source>
        <translation>制作补充督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="108"/>
        <source>Mark as handed to the school</source>
        <translation>标记为已送达学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="109"/>
        <source>Once the printed sheet is left with the school</source>
        <translation>纸质督导意见书留交学校后</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="111"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="177"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="177"/>
        <source>Signed</source>
        <translation>已签署</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="177"/>
        <source>Issued</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_editor.py" line="178"/>
        <source>{number} · {school} · {status}</source>
        <translation>{number} · {school} · {status}</translation>
    </message>
</context>
<context>
    <name>FormsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="62"/>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="65"/>
        <source>Feedback forms</source>
        <translation>督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="30"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="31"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="32"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="33"/>
        <source>Visit date</source>
        <translation>督导日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="63"/>
        <source>Open form…</source>
        <translation>打开督导意见书…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="64"/>
        <source>Record the school&apos;s response…</source>
        <translation>记录学校回应…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="66"/>
        <source>Double-click a form, or select it and press Enter, to open it.</source>
        <translation>双击督导意见书，或选中后按回车键，即可打开。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="73"/>
        <source>No feedback form matches these filters.</source>
        <translation>没有符合筛选条件的督导意见书。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="73"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/forms_page.py" line="76"/>
        <source>No feedback forms yet: open a visit on the Visits page and choose Feedback form… to draft one from its findings.</source>
        <translation>还没有督导意见书：在“督导”页打开一次督导，选择“督导意见书…”，即可根据发现的问题起草。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="32"/>
        <source>Comprehensive</source>
        <translation>综合督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="33"/>
        <source>Special</source>
        <translation>专项督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="34"/>
        <source>Process</source>
        <translation>过程性督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="35"/>
        <source>Result</source>
        <translation>结果性督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="36"/>
        <source>Routine</source>
        <translation>日常督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="37"/>
        <source>Random</source>
        <translation>随机督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="38"/>
        <source>Announced</source>
        <translation>明察</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="39"/>
        <source>Unannounced</source>
        <translation>暗访</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="40"/>
        <source>Planned</source>
        <translation>已计划</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="41"/>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="42"/>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="43"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="44"/>
        <source>Team leader</source>
        <translation>组长</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="45"/>
        <source>Team member</source>
        <translation>组员</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="46"/>
        <source>Minor</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="47"/>
        <source>Moderate</source>
        <translation>较重</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="48"/>
        <source>Serious</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="49"/>
        <source>Not assessed</source>
        <translation>未评价</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="50"/>
        <source>Good</source>
        <translation>好</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="51"/>
        <source>Satisfactory</source>
        <translation>较好</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="52"/>
        <source>Needs improvement</source>
        <translation>需改进</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="53"/>
        <source>Unsatisfactory</source>
        <translation>差</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="54"/>
        <source>Administration and rules</source>
        <translation>校务管理和制度执行</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="55"/>
        <source>Enrolment, fees and school choice</source>
        <translation>招生、收费、择校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="56"/>
        <source>Curriculum and teaching</source>
        <translation>课程开设和课堂教学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="57"/>
        <source>Learning, exercise and workload</source>
        <translation>学生学习、体育锻炼和课业负担</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="58"/>
        <source>Teachers&apos; ethics and development</source>
        <translation>教师师德和专业发展</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="59"/>
        <source>Safety on and around campus</source>
        <translation>校园及周边安全</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="60"/>
        <source>Canteen, water and dormitory hygiene</source>
        <translation>食堂、食品、饮用水及宿舍卫生</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="61"/>
        <source>School, teaching and study ethos</source>
        <translation>校风、教风、学风建设</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="62"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="63"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="64"/>
        <source>Signed</source>
        <translation>已签署</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="65"/>
        <source>Issued</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="66"/>
        <source>Open</source>
        <translation>整改中</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="67"/>
        <source>Reported</source>
        <translation>已报告</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="68"/>
        <source>Verified</source>
        <translation>已核实</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="69"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="70"/>
        <source>Escalated</source>
        <translation>已升级处理</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="71"/>
        <source>Inspector</source>
        <translation>督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="72"/>
        <source>School representative</source>
        <translation>学校代表</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="73"/>
        <source>Acknowledgement</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/labels.py" line="74"/>
        <source>Objection</source>
        <translation>异议</translation>
    </message>
</context>
<context>
    <name>LockBanner</name>
    <message>
        <location filename="../../inspector_desktop/ui/lock_banner.py" line="59"/>
        <source>Make an addendum…</source>
        <translation>制作补充督导意见书…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lock_banner.py" line="60"/>
        <source>A new draft linked to form {number}, to correct what it says</source>
        <translation>新建一份关联督导意见书 {number} 的草稿，用于更正其内容</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lock_banner.py" line="64"/>
        <source>Form {number} was signed on {when} — it can no longer change; make an addendum to correct it.</source>
        <translation>督导意见书 {number} 已于 {when} 签署，内容不能再修改；如需更正，请制作补充督导意见书。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="48"/>
        <source>Log in to the sync server</source>
        <translation>登录同步服务器</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="49"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="49"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="49"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="55"/>
        <source>Fill in the server address, your user name and your password.</source>
        <translation>请填写服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="58"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/login_dialog.py" line="72"/>
        <source>Could not sign in: {reason}</source>
        <translation>登录失败：{reason}</translation>
    </message>
</context>
<context>
    <name>LostLaptop</name>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="62"/>
        <source>This laptop was reported lost</source>
        <translation>这台笔记本电脑已报告丢失</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="65"/>
        <source>The office reported this laptop lost. The workspace on this laptop is being erased: its records, evidence files and keys.</source>
        <translation>督导室已报告这台笔记本电脑丢失。本机的工作区正在被清除：包括其中的记录、证据文件和密钥。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="71"/>
        <source>Every change made on this laptop had reached the server; nothing is lost.</source>
        <translation>本机的所有更改都已送达服务器，没有丢失任何内容。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="73"/>
        <source>Inspector Desktop closes when the erasing is done. If this laptop is yours and was not lost, ask the office: you can sign in again with a new workspace.</source>
        <translation>清除完成后督学助手将关闭。如果这台电脑是您的且并未丢失，请联系督导室：您可以用新的工作区重新登录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="87"/>
        <source>The office reported this laptop lost. The workspace on this laptop has been erased.</source>
        <translation>督导室已报告这台笔记本电脑丢失。本机的工作区已被清除。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="95"/>
        <source>The workspace could not be erased completely: {reason}</source>
        <translation>未能完全清除工作区：{reason}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="82"/>
        <source>Erasing the workspace on this laptop…</source>
        <translation>正在清除本机的工作区…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="128"/>
        <source>Reported lost on {when} by {who}; not yet erased (it has not reached the server since)</source>
        <translation>{who} 于 {when} 报告丢失；尚未清除（此后未连接服务器）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="132"/>
        <source>This laptop</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="133"/>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="147"/>
        <source>Laptops of the region…</source>
        <translation>本区域的笔记本电脑…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="148"/>
        <source>See the region&apos;s laptops and report one lost: it stops syncing at once and erases its workspace when it next reaches the server.</source>
        <translation>查看本区域的笔记本电脑并报告丢失：被报告的电脑立即停止同步，并在下次连接服务器时清除其工作区。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="174"/>
        <source>Inspector</source>
        <translation>督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="176"/>
        <source>Laptop</source>
        <translation>笔记本电脑</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="177"/>
        <source>First signed in</source>
        <translation>首次登录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="179"/>
        <source>Last signed in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="181"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="205"/>
        <source>Laptops of the region</source>
        <translation>本区域的笔记本电脑</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="206"/>
        <source>Report a laptop lost when it is lost or stolen. It can no longer sync, and when it next reaches the server it erases its workspace, with any changes it has not sent; the count of those shows here. The inspector&apos;s other laptops keep working.</source>
        <translation>笔记本电脑丢失或被盗时，请报告丢失。它将无法再同步，并在下次连接服务器时清除其工作区，连同尚未发送的更改；丢失的更改数会显示在这里。该督学的其他电脑照常使用。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="210"/>
        <source>Report lost…</source>
        <translation>报告丢失…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="239"/>
        <source>Report this laptop lost?</source>
        <translation>报告这台笔记本电脑丢失？</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="240"/>
        <source>Report {name}&apos;s laptop {laptop} (last signed in {when}) lost? It stops syncing at once, and when it next reaches the server it erases its workspace, including changes it has not sent. This cannot be undone.</source>
        <translation>报告 {name} 的笔记本电脑 {laptop}（最近登录 {when}）丢失？它将立即停止同步，并在下次连接服务器时清除其工作区，包括尚未发送的更改。此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="262"/>
        <source>The server did not answer as expected: {reason}</source>
        <translation>服务器的答复不符合预期：{reason}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="45"/>
        <source>%n change(s) made on this laptop had not been sent to the server; they are lost.</source>
        <translation>
            <numerusform>本机有 %n 项更改尚未发送到服务器，这些更改已丢失。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/lost_laptop.py" line="48"/>
        <source>Reported lost; erased on {when}, %n unsent change(s) lost</source>
        <translation>
            <numerusform>已报告丢失；已于 {when} 清除，丢失 %n 项未发送的更改</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="196"/>
        <location filename="../../inspector_desktop/ui/first_run.py" line="40"/>
        <source>Inspector Desktop</source>
        <translation>督学工作台</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="115"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="116"/>
        <source>Visits</source>
        <translation>督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="117"/>
        <source>Schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="118"/>
        <source>Rectifications</source>
        <translation>整改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="120"/>
        <source>Feedback forms</source>
        <translation>督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="121"/>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="122"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="123"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/pages.py" line="119"/>
        <source>Dashboard</source>
        <translation>统计看板</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="130"/>
        <location filename="../../inspector_desktop/ui/app.py" line="202"/>
        <location filename="../../inspector_desktop/ui/app.py" line="204"/>
        <source>Opening the workspace…</source>
        <translation>正在打开工作区…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="201"/>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="318"/>
        <source>Exported {rows} rows to {path}</source>
        <translation>已导出{rows}行到{path}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/first_run.py" line="43"/>
        <source>Creating demo data…</source>
        <translation>正在生成演示数据…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/first_run.py" line="48"/>
        <source>Your inspector profile</source>
        <translation>您的督学信息</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/first_run.py" line="51"/>
        <location filename="../../inspector_desktop/ui/first_run.py" line="53"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/first_run.py" line="52"/>
        <location filename="../../inspector_desktop/ui/first_run.py" line="54"/>
        <source>Inspector code</source>
        <translation>督学编号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="333"/>
        <source>Changes not saved</source>
        <translation>修改未保存</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/app.py" line="334"/>
        <source>The last changes could not be saved, so the window stays open: {error}</source>
        <translation>最后的修改未能保存，窗口将保持打开：{error}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/start.py" line="51"/>
        <source>Cannot open the workspace</source>
        <translation>无法打开工作区</translation>
    </message>
</context>
<context>
    <name>NewInspectorDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="94"/>
        <source>New inspector</source>
        <translation>新建督学账号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="98"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="98"/>
        <source>Inspector code</source>
        <translation>督学编号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="99"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="99"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="100"/>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="105"/>
        <source>The inspector signs in with this user name and password; tell them in person.</source>
        <translation>督学用此用户名和密码登录；请当面告知。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="109"/>
        <source>Create account</source>
        <translation>创建账号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="117"/>
        <source>Give the name, the inspector code and a user name.</source>
        <translation>请填写姓名、督学编号和用户名。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="120"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>NewVisitDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="58"/>
        <source>New visit</source>
        <translation>新建督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="64"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="110"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="66"/>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="67"/>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="68"/>
        <source>Planning</source>
        <translation>计划方式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="69"/>
        <source>Notice</source>
        <translation>通知方式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="81"/>
        <source>(no checklist)</source>
        <translation>（不使用检查表）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="82"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="111"/>
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="92"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="93"/>
        <source>Team</source>
        <translation>督导组</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="94"/>
        <source>The first inspector ticked leads the team.</source>
        <translation>勾选的第一位督学担任组长。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="98"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="99"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="102"/>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="103"/>
        <source>Purpose</source>
        <translation>督导目的</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="105"/>
        <source>Plan visit</source>
        <translation>创建督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/new_visit.py" line="149"/>
        <source>Cannot plan the visit</source>
        <translation>无法创建督导</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/notice_dialog.py" line="25"/>
        <source>Notice letter</source>
        <translation>督导通知书</translation>
    </message>
</context>
<context>
    <name>OfficePages</name>
    <message>
        <location filename="../../inspector_desktop/ui/office.py" line="67"/>
        <source>Region overview</source>
        <translation>区域概览</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office.py" line="69"/>
        <source>People and schools</source>
        <translation>人员与学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office.py" line="73"/>
        <source>Checklist templates</source>
        <translation>督导清单模板</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office.py" line="75"/>
        <source>Reports</source>
        <translation>督导报告</translation>
    </message>
</context>
<context>
    <name>OfficeReportsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="93"/>
        <source>Reports</source>
        <translation>督导报告</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="94"/>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="109"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="94"/>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="94"/>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="112"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="95"/>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="113"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="97"/>
        <source>The region&apos;s inspection report (督导报告)</source>
        <translation>本区督导报告</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="98"/>
        <source>A school&apos;s inspection report</source>
        <translation>学校督导报告</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="99"/>
        <source>Bulletin of interviews, notifications and accountability (通报)</source>
        <translation>约谈、通报、问责情况通报</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="102"/>
        <source>January</source>
        <translation>1月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="102"/>
        <source>February</source>
        <translation>2月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="102"/>
        <source>March</source>
        <translation>3月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="102"/>
        <source>April</source>
        <translation>4月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="102"/>
        <source>May</source>
        <translation>5月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="103"/>
        <source>June</source>
        <translation>6月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="103"/>
        <source>July</source>
        <translation>7月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="103"/>
        <source>August</source>
        <translation>8月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="103"/>
        <source>September</source>
        <translation>9月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="103"/>
        <source>October</source>
        <translation>10月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="104"/>
        <source>November</source>
        <translation>11月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="104"/>
        <source>December</source>
        <translation>12月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="105"/>
        <source>The whole year</source>
        <translation>全年</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="105"/>
        <source>First term (January–June)</source>
        <translation>上半年（1月至6月）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="106"/>
        <source>Second term (July–December)</source>
        <translation>下半年（7月至12月）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="110"/>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="111"/>
        <source>Part of the year</source>
        <translation>年内期间</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="114"/>
        <source>Make the report</source>
        <translation>生成报告</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="115"/>
        <source>Build the PDF from the records on this laptop and show it below</source>
        <translation>用本机的记录生成 PDF 并在下方显示</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="116"/>
        <source>Export spreadsheet…</source>
        <translation>导出表格…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="117"/>
        <source>Figures come from the records on this laptop: sync first for the region&apos;s latest. Print or save the PDF with the buttons above it.</source>
        <translation>数据来自本机的记录：先同步可得到全区最新情况。用 PDF 上方的按钮打印或保存。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="151"/>
        <source>Choose a school</source>
        <translation>请选择学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="152"/>
        <source>A school&apos;s report needs the school: choose one from the list.</source>
        <translation>学校督导报告需要指定学校：请从列表中选择。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="163"/>
        <source>Making the report…</source>
        <translation>正在生成报告…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="170"/>
        <source>Export the report as a spreadsheet</source>
        <translation>将报告导出为表格</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="171"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="181"/>
        <source>Making the spreadsheet…</source>
        <translation>正在生成表格…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="184"/>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/office_reports_page.py" line="187"/>
        <source>The report was not made</source>
        <translation>报告未能生成</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="96"/>
        <source>Lock the new workspace</source>
        <translation>为新工作区加密</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="97"/>
        <source>This computer has no system keyring to keep the workspace&apos;s key, so choose a passphrase that locks the workspace. You will type it at each start; it is never stored.</source>
        <translation>这台电脑没有可保存工作区密钥的系统钥匙串，请设置一个口令来加密工作区。每次启动时都需输入；口令不会被保存。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="99"/>
        <location filename="../../inspector_desktop/ui/unlock.py" line="103"/>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="99"/>
        <source>Again:</source>
        <translation>再输一次：</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="101"/>
        <source>Unlock the workspace</source>
        <translation>解锁工作区</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="102"/>
        <source>This workspace is locked with a passphrase (this computer has no system keyring). Type it to open the workspace.</source>
        <translation>此工作区由口令加密（这台电脑没有系统钥匙串）。请输入口令以打开工作区。</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="88"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="89"/>
        <location filename="../../inspector_desktop/ui/people_page.py" line="98"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="90"/>
        <location filename="../../inspector_desktop/ui/people_page.py" line="175"/>
        <source>Schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="91"/>
        <source>Load (1:5)</source>
        <translation>负荷（1:5）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="92"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="92"/>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="92"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="99"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="100"/>
        <source>District</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="101"/>
        <source>Large</source>
        <translation>大规模</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="102"/>
        <source>Responsible inspector</source>
        <translation>责任督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="171"/>
        <source>People and schools</source>
        <translation>人员与学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="172"/>
        <source>Inspectors and schools</source>
        <translation>督学与学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="173"/>
        <source>Planning</source>
        <translation>督导计划</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="174"/>
        <source>Inspectors</source>
        <translation>督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="176"/>
        <source>New inspector…</source>
        <translation>新建督学…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="177"/>
        <source>Assign to inspector</source>
        <translation>分配给督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="178"/>
        <source>End assignment</source>
        <translation>结束责任</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="179"/>
        <source>Import schools…</source>
        <translation>导入学校…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="180"/>
        <source>Double-click an inspector to select their schools.</source>
        <translation>双击督学即选中其责任学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="204"/>
        <source>Region: {region}. Changes reach the inspectors&apos; laptops at their next sync.</source>
        <translation>辖区：{region}。更改将在督学下次同步时到达其电脑。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="205"/>
        <source>the whole province</source>
        <translation>全省</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="209"/>
        <source>The office&apos;s server cannot be asked just now: {reason}</source>
        <translation>暂时无法访问督导室服务器：{reason}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="217"/>
        <source>{load} — over 1:5</source>
        <translation>{load}（超出 1:5）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/people_page.py" line="241"/>
        <source>{name} would hold %n school(s): {load}.</source>
        <translation>
            <numerusform>{name} 将负责 %n 所学校：{load}。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/people_page.py" line="341"/>
        <source>{name} now holds %n school(s): {load}.</source>
        <translation>
            <numerusform>{name} 现负责 %n 所学校：{load}。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="244"/>
        <source>That is over the 1:5 guideline.</source>
        <translation>超出 1:5 的配比要求。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="181"/>
        <source>Select schools and an inspector to assign them, or drag the schools onto the inspector; double-click a school to open its dossier.</source>
        <translation>选择学校和督学即可分配，也可把学校拖到督学上；双击学校打开其档案。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="254"/>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="254"/>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="256"/>
        <source>Select an inspector and schools to assign or end an assignment.</source>
        <translation>选择一位督学和若干学校，以分配或结束责任。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="301"/>
        <source>{name} has an account; tell them their user name and password in person.</source>
        <translation>{name} 的账号已创建；请当面告知其用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="308"/>
        <source>Disable account</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="309"/>
        <source>Disable {name}&apos;s account? They are signed out at once and cannot sign in until enabled again.</source>
        <translation>停用 {name} 的账号？其将立即退出登录，重新启用前无法登录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="313"/>
        <source>{name}&apos;s account is disabled.</source>
        <translation>{name} 的账号已停用。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="314"/>
        <source>{name}&apos;s account is enabled.</source>
        <translation>{name} 的账号已启用。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="315"/>
        <source>Cannot change the account</source>
        <translation>无法更改账号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="322"/>
        <source>Assign schools</source>
        <translation>分配学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="323"/>
        <source>Make {name} responsible for {schools}?</source>
        <translation>由 {name} 担任 {schools} 的责任督学？</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="330"/>
        <source>End assignments</source>
        <translation>结束责任</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="331"/>
        <source>End {name}&apos;s responsibility for {schools} from today?</source>
        <translation>自今日起结束 {name} 对 {schools} 的责任？</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="346"/>
        <source>Import schools</source>
        <translation>导入学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_page.py" line="347"/>
        <source>Spreadsheets (*.xlsx *.csv)</source>
        <translation>表格文件 (*.xlsx *.csv)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/people_page.py" line="366"/>
        <source>Imported %n school(s).</source>
        <translation>
            <numerusform>已导入 %n 所学校。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PlanningTab</name>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="38"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="39"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="40"/>
        <source>Responsible inspector</source>
        <translation>责任督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="41"/>
        <source>Falls due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="41"/>
        <source>{day} (overdue)</source>
        <translation>{day}（已逾期）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="75"/>
        <source>Plan a visit…</source>
        <translation>安排督导…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="76"/>
        <source>Random pick (双随机)…</source>
        <translation>双随机抽取…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="77"/>
        <source>Routine visits due this month</source>
        <translation>本月到期的日常督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="79"/>
        <source>Each responsible school whose routine visit falls due by the end of the month and has no visit planned. Planning them makes an announced routine visit led by the school&apos;s responsible inspector.</source>
        <translation>本月底前日常督导到期且尚未安排督导的责任学校。安排后，每所学校生成一次明察日常督导，由该校责任督学带队。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="81"/>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="107"/>
        <source>Plan %n routine visit(s)</source>
        <translation>
            <numerusform>安排 %n 次日常督导</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="82"/>
        <source>Double-click a school to open its dossier.</source>
        <translation>双击学校打开其档案。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="116"/>
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="123"/>
        <source>Plan routine visits</source>
        <translation>安排日常督导</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="117"/>
        <source>Plan the %n routine visit(s) listed? Each reaches its inspector at the next sync.</source>
        <translation>
            <numerusform>安排所列的 %n 次日常督导？每次督导将在下次同步时到达其督学。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/planning_tab.py" line="128"/>
        <source>Planned %n visit(s); they reach the inspectors at the next sync.</source>
        <translation>
            <numerusform>已安排 %n 次督导；将在下次同步时到达督学。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProblemList</name>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="65"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="66"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="67"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/people_dialogs.py" line="78"/>
        <source>Nothing was imported. Correct these cells in the file and import it again:</source>
        <translation>未导入任何学校。请在文件中更正以下单元格后重新导入：</translation>
    </message>
</context>
<context>
    <name>RandomPickDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="74"/>
        <source>Random pick (双随机)</source>
        <translation>双随机抽取</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="80"/>
        <source>schools only</source>
        <translation>仅抽学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="89"/>
        <source>Schools to pick</source>
        <translation>抽取学校数</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="89"/>
        <source>Inspectors per school</source>
        <translation>每校督学人数</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="90"/>
        <source>Purpose</source>
        <translation>抽取目的</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="90"/>
        <source>Drawn by (lead)</source>
        <translation>抽取人（组长）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="91"/>
        <source>Visit date</source>
        <translation>督导日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="91"/>
        <source>Notice</source>
        <translation>通知方式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="92"/>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="95"/>
        <source>Each picked school gets a planned visit. With no inspectors drawn, the school&apos;s responsible inspectors go.</source>
        <translation>每所抽中的学校都会生成一条督导计划。未抽取督学时，由该校的责任督学前往。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="99"/>
        <source>Draw</source>
        <translation>抽取</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="101"/>
        <source>Re-run to audit</source>
        <translation>重新运行以核验</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="108"/>
        <source>Picked schools</source>
        <translation>抽中的学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="116"/>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="118"/>
        <source>Past draws</source>
        <translation>往次抽取</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="174"/>
        <source>{school} — inspectors: {team}</source>
        <translation>{school} — 督学：{team}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="177"/>
        <source>Seed: {seed}</source>
        <translation>随机种子：{seed}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="211"/>
        <source>{day} · {purpose} · {schools} schools, {visits} visits planned · seed {seed}</source>
        <translation>{day} · {purpose} · {schools}所学校，已生成{visits}条督导计划 · 种子 {seed}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="212"/>
        <source>(no purpose given)</source>
        <translation>（未填写事由）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="216"/>
        <source>Double-click to open the draw and audit it again</source>
        <translation>双击打开此次抽取并再次核验</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="219"/>
        <source>No draw yet.</source>
        <translation>尚无抽取记录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="63"/>
        <source>✔ Re-running the seed gives the same schools and inspectors.</source>
        <translation>✔ 用同一种子重新运行，抽中的学校和督学完全相同。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/random_pick_dialog.py" line="64"/>
        <source>✘ Re-running the seed gives a different result: the stored draw does not match.</source>
        <translation>✘ 用同一种子重新运行结果不同：与存档的抽取结果不符。</translation>
    </message>
</context>
<context>
    <name>RatingButtons</name>
    <message>
        <location filename="../../inspector_desktop/ui/rating_buttons.py" line="99"/>
        <source>{rating} (key {key})</source>
        <translation>{rating}（按键 {key}）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rating_buttons.py" line="100"/>
        <source>Rate with keys 1–4; 0 clears</source>
        <translation>按 1–4 键评价；按 0 清除</translation>
    </message>
</context>
<context>
    <name>RecordKinds</name>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="19"/>
        <source>Inspector</source>
        <translation>督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="20"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="21"/>
        <source>Responsibility for a school</source>
        <translation>责任区学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="22"/>
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="23"/>
        <source>Checklist item</source>
        <translation>检查表条目</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="24"/>
        <source>Visit</source>
        <translation>督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="25"/>
        <source>Visit team member</source>
        <translation>督导组成员</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="26"/>
        <source>Checklist line</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="27"/>
        <source>Finding</source>
        <translation>发现</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="28"/>
        <source>Evidence file</source>
        <translation>佐证材料文件</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="29"/>
        <source>Feedback form</source>
        <translation>督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="30"/>
        <source>Rectification requirement</source>
        <translation>整改要求</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="31"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="32"/>
        <source>Rectification</source>
        <translation>整改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="33"/>
        <source>Re-inspection</source>
        <translation>复查</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="34"/>
        <source>Escalation step</source>
        <translation>升级处理（约谈、通报、问责）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="35"/>
        <source>School response</source>
        <translation>学校回应</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="36"/>
        <source>Random pick</source>
        <translation>双随机抽取</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="37"/>
        <source>Device key</source>
        <translation>设备密钥</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="38"/>
        <source>Training record</source>
        <translation>培训记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/records.py" line="39"/>
        <source>Region&apos;s rule file</source>
        <translation>地区规则文件</translation>
    </message>
</context>
<context>
    <name>RecordText</name>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="42"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="43"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="56"/>
        <source>{date} inspection</source>
        <translation>{date} 督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="58"/>
        <source>Hidden unannounced visit</source>
        <translation>已隐藏的暗访</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="60"/>
        <source>Finding {n}: {problem}</source>
        <translation>发现{n}：{problem}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="64"/>
        <source>Checklist line {line}</source>
        <translation>检查项 {line}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="66"/>
        <source>File {name}</source>
        <translation>文件 {name}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="68"/>
        <source>Feedback form {number}</source>
        <translation>督导意见书 {number}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="70"/>
        <source>Requirement {n}</source>
        <translation>整改要求{n}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="72"/>
        <source>{role}&apos;s signature</source>
        <translation>{role}签名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="76"/>
        <source>Re-inspection on {date}</source>
        <translation>{date} 复查</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="80"/>
        <source>Random pick on {date}</source>
        <translation>{date} 双随机抽取</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="106"/>
        <source>{field}: {value}</source>
        <translation>{field}：{value}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="115"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="119"/>
        <source>added</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="120"/>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="121"/>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="127"/>
        <source>{record} — {action}</source>
        <translation>{record}：{action}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/record_text.py" line="134"/>
        <source>{action}: {changes}</source>
        <translation>{action}：{changes}</translation>
    </message>
</context>
<context>
    <name>RecoveryEntryDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="111"/>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="112"/>
        <source>The system keyring no longer holds this workspace&apos;s key. Type the recovery key you were given when the workspace was created (8 groups of 5 characters); the workspace opens and the key is kept in the keyring again.</source>
        <translation>系统钥匙串中已没有此工作区的密钥。请输入创建工作区时给您的恢复密钥（8组，每组5个字符）；工作区将被打开，密钥重新存入钥匙串。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="114"/>
        <source>Recovery key:</source>
        <translation>恢复密钥：</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyButton</name>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="258"/>
        <source>Make a new recovery key…</source>
        <translation>生成新的恢复密钥…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="261"/>
        <location filename="../../inspector_desktop/ui/unlock.py" line="276"/>
        <source>New recovery key</source>
        <translation>新的恢复密钥</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="262"/>
        <source>Make a new recovery key? The one you kept will no longer open the workspace; the new one is shown once.</source>
        <translation>要生成新的恢复密钥吗？您保存的旧恢复密钥将无法再打开工作区；新的恢复密钥只显示一次。</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="123"/>
        <source>Your recovery key</source>
        <translation>您的恢复密钥</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="126"/>
        <source>The workspace is encrypted, and its key is kept in this computer&apos;s keyring (or comes from your passphrase). If the keyring is lost or the passphrase forgotten, only this recovery key opens the workspace. It is shown only this once: print it or write it down, and keep it apart from the laptop.</source>
        <translation>工作区已加密，密钥保存在这台电脑的系统钥匙串中（或由您的口令生成）。钥匙串丢失或忘记口令时，只有这个恢复密钥能打开工作区。它只显示这一次：请打印或抄写下来，并与笔记本电脑分开保管。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="140"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="143"/>
        <source>I have kept it</source>
        <translation>我已妥善保存</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="149"/>
        <source>Inspector Desktop: workspace recovery key</source>
        <translation>督学助手：工作区恢复密钥</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="150"/>
        <source>Keep this page apart from the laptop. It opens the workspace if the keyring or the passphrase is lost.</source>
        <translation>请将此页与笔记本电脑分开保管。钥匙串丢失或忘记口令时，凭它可以打开工作区。</translation>
    </message>
</context>
<context>
    <name>RectificationsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="53"/>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="54"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="55"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="56"/>
        <source>Form</source>
        <translation>督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="57"/>
        <source>Requirement</source>
        <translation>整改要求</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="113"/>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="115"/>
        <source>Rectifications</source>
        <translation>整改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="114"/>
        <source>Only those not yet verified</source>
        <translation>只显示尚未核实的</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="116"/>
        <source>Double-click or Enter opens the feedback form that set the rectification</source>
        <translation>双击或按回车键打开提出该整改要求的督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="119"/>
        <source>Selected rectification</source>
        <translation>所选整改事项</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="120"/>
        <source>Record the school&apos;s report…</source>
        <translation>登记学校整改报告…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="121"/>
        <source>Record a re-inspection…</source>
        <translation>登记复查结果…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="122"/>
        <source>Record an incentive…</source>
        <translation>登记激励…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="124"/>
        <source>Interviews, public notifications, accountability and incentives are decided by the office: a lead inspector records them.</source>
        <translation>约谈、通报、问责和激励由督导室决定，由督导负责人登记。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="126"/>
        <source>Open the step&apos;s document…</source>
        <translation>打开该步骤文书…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="133"/>
        <source>No rectification matches these filters.</source>
        <translation>没有符合筛选条件的整改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="133"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="136"/>
        <source>Nothing to rectify: rectifications open when a feedback form is signed. Untick “Only those not yet verified” to see verified ones.</source>
        <translation>暂无整改：督导意见书签署后即生成整改事项。取消勾选“只显示尚未核实的”可查看已核实的整改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="139"/>
        <source>Nothing to rectify: rectifications open when a feedback form is signed.</source>
        <translation>暂无整改：督导意见书签署后即生成整改事项。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="220"/>
        <source>Record the next step: {step}…</source>
        <translation>登记下一步：{step}…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="221"/>
        <source>Record an escalation step…</source>
        <translation>登记约谈、通报或问责…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="228"/>
        <source>Choose a rectification in the list.</source>
        <translation>请在列表中选择一项整改。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="231"/>
        <source>Deadline: {day} — {status}</source>
        <translation>期限：{day}——{status}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="233"/>
        <source>{step} decided on {day} by {lead}</source>
        <translation>{step}：{lead}于{day}决定</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="236"/>
        <source>Due for escalation: {step}</source>
        <translation>应启动：{step}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/rectifications_page.py" line="258"/>
        <source>Not recorded</source>
        <translation>未登记</translation>
    </message>
</context>
<context>
    <name>RegionPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="101"/>
        <source>{done} (+{planned} planned)</source>
        <translation>{done}（另计划{planned}次）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="106"/>
        <location filename="../../inspector_desktop/ui/region_page.py" line="211"/>
        <source>Open</source>
        <translation>整改中</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="107"/>
        <location filename="../../inspector_desktop/ui/region_page.py" line="212"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="108"/>
        <location filename="../../inspector_desktop/ui/region_page.py" line="213"/>
        <source>Escalated</source>
        <translation>已升级处理</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="116"/>
        <location filename="../../inspector_desktop/ui/region_page.py" line="128"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="117"/>
        <location filename="../../inspector_desktop/ui/region_page.py" line="130"/>
        <source>Inspector</source>
        <translation>督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="118"/>
        <source>{n} of {total}</source>
        <translation>{n}/{total}所</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="121"/>
        <source>Load (1:5)</source>
        <translation>工作量（1:5）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="122"/>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="122"/>
        <source>{hours} of {target} h</source>
        <translation>{hours}/{target}学时</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="129"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="105"/>
        <source>Visits (month)</source>
        <translation>本月督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="110"/>
        <source>Objections</source>
        <translation>待答复异议</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="111"/>
        <source>Repeated</source>
        <translation>重复问题</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="118"/>
        <source>On cadence</source>
        <translation>按周期督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="131"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="131"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="132"/>
        <source>Routine visit</source>
        <translation>常规督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="132"/>
        <source>{state}, {day}</source>
        <translation>{state}，{day}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="140"/>
        <source>By inspector</source>
        <translation>按督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="141"/>
        <source>By school</source>
        <translation>按学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="142"/>
        <source>Inspectors of the region</source>
        <translation>本区域督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="143"/>
        <source>Schools of the region</source>
        <translation>本区域学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="144"/>
        <source>Double-click or Enter opens the school&apos;s dossier</source>
        <translation>双击或按回车键打开该校档案</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="147"/>
        <source>Choose an inspector to see their schools and duty ledger below</source>
        <translation>选择一名督学，在下方查看其责任学校和履职台账</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="148"/>
        <source>No school of your region is on this laptop yet. Sync to bring the region&apos;s records.</source>
        <translation>本机尚无本区域的学校。请同步以获取本区域的记录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="149"/>
        <source>No inspector of your region is on this laptop yet. Sync to bring them.</source>
        <translation>本机尚无本区域的督学。请同步以获取。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="184"/>
        <source>Region overview</source>
        <translation>区域概览</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="189"/>
        <source>{month}: {schools} schools and {inspectors} inspectors; {done} visits completed this month, {planned} planned; {late} schools past their routine visit; rectifications {open} open, {overdue} overdue, {escalated} escalated; {objections} objections awaiting a reply; {repeated} findings repeated year after year; {unassigned} schools with no responsible inspector.</source>
        <translation>{month}：学校{schools}所，督学{inspectors}名；本月已完成督导{done}次，已计划{planned}次；{late}所学校常规督导已逾期；整改中{open}项、已逾期{overdue}项、已升级处理{escalated}项；待答复的异议{objections}项；跨年度重复问题{repeated}项；{unassigned}所学校未确定责任督学。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="193"/>
        <source>{year}-{month:02}</source>
        <translation>{year}年{month}月</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="210"/>
        <source>Rectifications by inspector</source>
        <translation>各督学整改情况</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="215"/>
        <source>This month&apos;s visits by inspector</source>
        <translation>各督学本月督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="216"/>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="217"/>
        <source>Planned</source>
        <translation>已计划</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="218"/>
        <source>Schools past their routine visit</source>
        <translation>常规督导逾期的学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="245"/>
        <source>An inspector&apos;s schools</source>
        <translation>督学的责任学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="246"/>
        <source>Choose an inspector above.</source>
        <translation>请在上方选择一名督学。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="251"/>
        <source>{name}&apos;s schools</source>
        <translation>{name}的责任学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="252"/>
        <source>{n} responsible schools, {here} of them in the region and {on} of those on the routine cadence; load {percent}% of the 1:5 ratio (a large school takes one inspector to itself).</source>
        <translation>责任学校{n}所，其中本区域{here}所，{on}所按常规周期督导；工作量为1:5标准的{percent}%（规模较大的学校须由一名督学专门负责）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="255"/>
        <source>Training: {hours} h of {target} (expected by today: {expected} h).</source>
        <translation>培训：{hours}/{target}学时（截至今日应达{expected}学时）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="259"/>
        <source>⚠ More schools than the 1:5 ratio allows.</source>
        <translation>⚠ 责任学校数超过1:5标准。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/region_page.py" line="261"/>
        <source>⚠ Training hours behind.</source>
        <translation>⚠ 培训学时落后。</translation>
    </message>
</context>
<context>
    <name>ReplyDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="62"/>
        <source>Objection</source>
        <translation>异议</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="63"/>
        <source>Reply</source>
        <translation>答复</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="64"/>
        <source>Replied on</source>
        <translation>答复日期</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="109"/>
        <source>What the school did</source>
        <translation>学校整改情况</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="110"/>
        <source>Reported on</source>
        <translation>报告日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="112"/>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="118"/>
        <source>Attached files</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="113"/>
        <source>Attach files…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="122"/>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
</context>
<context>
    <name>ResponseDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="39"/>
        <source>Form</source>
        <translation>督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="40"/>
        <source>Response</source>
        <translation>回应</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="44"/>
        <source>What the school said</source>
        <translation>学校意见</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="45"/>
        <source>Received on</source>
        <translation>收到日期</translation>
    </message>
</context>
<context>
    <name>ResponseDialogs</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="37"/>
        <source>Record the school&apos;s response</source>
        <translation>记录学校回应</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="58"/>
        <source>Reply to the objection</source>
        <translation>答复异议</translation>
    </message>
</context>
<context>
    <name>ResponseLabels</name>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="23"/>
        <source>Acknowledgement (确认)</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/response_dialogs.py" line="24"/>
        <source>Objection (异议)</source>
        <translation>异议</translation>
    </message>
</context>
<context>
    <name>SchoolsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="53"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="314"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="54"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="55"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="315"/>
        <source>District</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="56"/>
        <source>Visits</source>
        <translation>督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="57"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="152"/>
        <source>Open rectifications</source>
        <translation>未完成整改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="65"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="71"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="66"/>
        <source>Notice</source>
        <translation>通知方式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="67"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="79"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="68"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="152"/>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="72"/>
        <source>Repeated</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="72"/>
        <source>⚑ repeated across years</source>
        <translation>⚑ 跨年度重复</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="73"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="74"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="75"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="78"/>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="80"/>
        <source>Requirement</source>
        <translation>整改要求</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="83"/>
        <source>Received</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="84"/>
        <source>Form</source>
        <translation>督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="85"/>
        <source>Response</source>
        <translation>回应</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="86"/>
        <source>What the school said</source>
        <translation>学校意见</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="87"/>
        <source>Reply due</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="88"/>
        <source>Reply</source>
        <translation>答复</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="150"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="157"/>
        <source>Schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="151"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="164"/>
        <source>Add school…</source>
        <translation>添加学校…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="152"/>
        <source>Visit history</source>
        <translation>督导记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="153"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="158"/>
        <source>Objections</source>
        <translation>异议</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="156"/>
        <source>Double-click or Enter to open</source>
        <translation>双击或按回车键打开</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="159"/>
        <source>Reply…</source>
        <translation>答复…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="162"/>
        <source>No schools yet: add the schools you are responsible for with Add school…, or ask the office to assign them (they arrive with the next sync).</source>
        <translation>还没有学校：用“添加学校…”添加您负责的学校，或请督导室分配（下次同步时送达）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="166"/>
        <source>No visit to this school yet: plan one on the Visits page (Ctrl+N).</source>
        <translation>该校尚无督导记录：可在“督导”页新建督导（Ctrl+N）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="167"/>
        <source>No finding at this school: findings are recorded during a visit.</source>
        <translation>该校暂无发现问题：发现的问题在督导时记录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="168"/>
        <source>Nothing open: every rectification of this school is verified, or none was set.</source>
        <translation>暂无未完成整改：该校的整改均已核实，或尚未提出整改要求。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="169"/>
        <source>No response from this school: record one from its feedback form on the Feedback forms page.</source>
        <translation>该校暂无回应：可在“督导意见书”页选中其督导意见书后登记。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="182"/>
        <source>Hidden visit</source>
        <translation>隐藏的督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="183"/>
        <source>This unannounced visit is hidden. Use “Reveal hidden visits” to open it.</source>
        <translation>这是一次隐藏的暗访。请先点“显示隐藏的暗访”再打开。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="268"/>
        <source>Choose a school</source>
        <translation>请选择学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="275"/>
        <source>large school (one inspector to itself)</source>
        <translation>大规模学校（一人一校）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="278"/>
        <source>Repeated across years: {items}</source>
        <translation>跨年度重复问题：{items}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="287"/>
        <source>⚠ {day} — overdue</source>
        <translation>⚠ {day}（已逾期）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="291"/>
        <source>awaiting reply</source>
        <translation>待答复</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="292"/>
        <source>{day}: {text}</source>
        <translation>{day}：{text}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="311"/>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="324"/>
        <source>Add school</source>
        <translation>添加学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="314"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/schools_page.py" line="315"/>
        <source>Competent department</source>
        <translation>主管部门</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="92"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="93"/>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="100"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="93"/>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="101"/>
        <source>Discreet mode</source>
        <translation>保密模式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="93"/>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="102"/>
        <source>Hide again after</source>
        <translation>自动重新隐藏时间</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="94"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="94"/>
        <source>Rule file</source>
        <translation>规则文件</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="94"/>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="97"/>
        <source>Rule file for the region</source>
        <translation>本地区的规则文件</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="98"/>
        <source>Hide unannounced visits still to come</source>
        <translation>隐藏尚未进行的暗访</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="99"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="106"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="131"/>
        <source>the office</source>
        <translation>督导室</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="132"/>
        <source>Set for {region} by {by} on {date}.</source>
        <translation>由{by}于{date}为{region}设定。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="135"/>
        <source>Chosen on this laptop; the office has set none for your region.</source>
        <translation>在本机选定；督导室尚未为您所在地区设定。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="137"/>
        <source>The national default; the office has set none for your region.</source>
        <translation>全国默认规则；督导室尚未为您所在地区设定。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="145"/>
        <source>Set for {region}</source>
        <translation>为{region}设定</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/settings_page.py" line="161"/>
        <source>Saved. The region&apos;s laptops follow it after their next sync.</source>
        <translation>已保存。本地区各电脑下次同步后即按此执行。</translation>
    </message>
</context>
<context>
    <name>SheetPreview</name>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="45"/>
        <source>Nothing made yet</source>
        <translation>尚未生成</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="46"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="47"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="73"/>
        <source>{name}: %n page(s)</source>
        <translation>
            <numerusform>{name}：共 %n 页</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="74"/>
        <source>This PDF cannot be shown</source>
        <translation>无法显示此 PDF</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="92"/>
        <source>Export the sheet</source>
        <translation>导出督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="92"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="98"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="98"/>
        <source>The sheet could not be saved: {error}</source>
        <translation>督导意见书无法保存：{error}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="107"/>
        <source>The printer could not be started</source>
        <translation>无法启动打印机</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sheet_preview.py" line="133"/>
        <source>Printing failed</source>
        <translation>打印失败</translation>
    </message>
</context>
<context>
    <name>SheetTab</name>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="48"/>
        <source>Refresh preview</source>
        <translation>刷新预览</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="49"/>
        <source>Verify this sheet</source>
        <translation>验证此督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="50"/>
        <source>Verify a PDF file…</source>
        <translation>验证 PDF 文件…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="83"/>
        <source>Drawing the sheet…</source>
        <translation>正在生成督导意见书预览…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="87"/>
        <source>The sheet could not be drawn</source>
        <translation>督导意见书预览未能生成</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="111"/>
        <source>The file could not be read: {error}</source>
        <translation>无法读取文件：{error}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="116"/>
        <source>Verify a sheet</source>
        <translation>验证督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="116"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="124"/>
        <source>Genuine: sheet {number} is exactly what was signed (digest {digest}…).</source>
        <translation>真实：督导意见书 {number} 与签署内容完全一致（摘要 {digest}…）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="129"/>
        <source>Not a feedback sheet: this file carries no signed feedback form.</source>
        <translation>不是督导意见书：此文件不含已签署的督导意见书内容。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="132"/>
        <source>Unknown signer: sheet {number} is intact, but it was signed with a device key this workspace does not know. Ask the office to confirm who signed it.</source>
        <translation>签署人未知：督导意见书 {number} 内容完整，但签署所用的设备密钥不在本工作区登记中。请向督导室核实签署人。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_sheet.py" line="137"/>
        <source>Altered: this sheet is not what was signed.</source>
        <translation>已被改动：此督导意见书与签署内容不一致。</translation>
    </message>
</context>
<context>
    <name>SignatureBox</name>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="232"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="232"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="232"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="237"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="238"/>
        <source>Title</source>
        <translation>职务</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="53"/>
        <source>Sign here with the mouse, a pen or a finger</source>
        <translation>请用鼠标、手写笔或手指在此签名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/signature_pad.py" line="201"/>
        <source>Sign above the line</source>
        <translation>请在横线上方签名</translation>
    </message>
</context>
<context>
    <name>SignaturesTab</name>
    <message>
        <location filename="../../inspector_desktop/ui/form_signatures.py" line="103"/>
        <source>Inspector</source>
        <translation>督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_signatures.py" line="104"/>
        <source>School representative</source>
        <translation>学校代表</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/form_signatures.py" line="129"/>
        <source>Signature on file (signed {when}); sign again to replace it.</source>
        <translation>已存签名（签于 {when}）；重新签名将替换。</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="180"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="181"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="182"/>
        <source>Decided by (lead)</source>
        <translation>决定人（负责人）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="183"/>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="184"/>
        <source>Decided on</source>
        <translation>决定日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="186"/>
        <source>Interview time</source>
        <translation>约谈时间</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="190"/>
        <source>Interview place</source>
        <translation>约谈地点</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="190"/>
        <source>Meeting room of the education inspection office</source>
        <translation>教育督导室会议室</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="191"/>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="234"/>
        <source>Attending</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="192"/>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="236"/>
        <source>Notified to</source>
        <translation>通报范围</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="214"/>
        <source>Head of {school}; head of {department}; inspectors {names}</source>
        <translation>{school}主要负责人；{department}负责人；督学 {names}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="217"/>
        <source>The schools of {district}; {department}</source>
        <translation>{district}各中小学校；{department}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="219"/>
        <source>The district&apos;s schools; {department}</source>
        <translation>辖区内各中小学校；{department}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="222"/>
        <source>The head of {school} and the persons responsible</source>
        <translation>{school}主要负责人及有关责任人</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="234"/>
        <source>Persons concerned</source>
        <translation>问责对象</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="236"/>
        <source>Addressed to</source>
        <translation>送达</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="159"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="91"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="92"/>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="131"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="93"/>
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="94"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="95"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="132"/>
        <source>Why it waits</source>
        <translation>暂缓原因</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="133"/>
        <source>First seen</source>
        <translation>首次收到</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="134"/>
        <source>Tries</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="156"/>
        <source>waiting</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="156"/>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="156"/>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="160"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="161"/>
        <source>Dealt with</source>
        <translation>已处理</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="162"/>
        <source>Changes waiting, refused and recently sent</source>
        <translation>待发送、被拒绝和最近发送的更改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="163"/>
        <source>Double-click or Enter opens the visit, school, rectification or feedback form</source>
        <translation>双击或按回车键打开对应的督导、学校、整改或督导意见书</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="164"/>
        <source>Records set aside</source>
        <translation>暂缓应用的记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="166"/>
        <source>These records from the server cannot be applied on this laptop yet. Everything else was synced; each sync tries them again.</source>
        <translation>以下来自服务器的记录暂时无法在本机应用。其余内容均已同步；每次同步都会重试这些记录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="181"/>
        <source>Not signed in: changes are kept on this laptop until you log in.</source>
        <translation>未登录：更改保存在本机，登录后再同步。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="182"/>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="192"/>
        <source>Log in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="184"/>
        <source>Signed in to {server} as {user}.</source>
        <translation>已以 {user} 身份登录 {server}。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="186"/>
        <source>No system keyring: you will be asked to log in again after the app closes.</source>
        <translation>系统没有密钥环：关闭程序后需要重新登录。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="188"/>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="191"/>
        <source>Nothing waiting. Changes you make are kept on this laptop and sent once you log in.</source>
        <translation>没有待发送的更改。您所做的更改保存在本机，登录后发送。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="194"/>
        <source>Nothing waiting: every change made on this laptop has reached the server.</source>
        <translation>没有待发送的更改：本机的所有更改均已送达服务器。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="196"/>
        <source>Last sync: {when}</source>
        <translation>上次同步：{when}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="196"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="198"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="200"/>
        <source>The last sync stopped: {reason} Nothing was lost.</source>
        <translation>上次同步中断：{reason} 数据没有丢失。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="248"/>
        <source>Logged out</source>
        <translation>已退出登录</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/sync_page.py" line="249"/>
        <source>Logged out. %n change(s) have not reached the server yet; they stay on this laptop and will be sent after the next log-in.</source>
        <translation>
            <numerusform>已退出登录。还有 %n 项更改未送达服务器；它们保留在本机，下次登录后发送。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="269"/>
        <source>Sending changes</source>
        <translation>正在发送更改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="269"/>
        <source>Uploading files</source>
        <translation>正在上传文件</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="270"/>
        <source>Receiving changes</source>
        <translation>正在接收更改</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="270"/>
        <source>Downloading files</source>
        <translation>正在下载文件</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="280"/>
        <source>Up to date</source>
        <translation>已是最新</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/sync_page.py" line="296"/>
        <source>Stopped</source>
        <translation>已中断</translation>
    </message>
</context>
<context>
    <name>TemplateItems</name>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="85"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="85"/>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="85"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="85"/>
        <source>Title (Chinese)</source>
        <translation>名称（中文）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="86"/>
        <source>Title (English)</source>
        <translation>名称（英文）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="86"/>
        <source>Guidance (Chinese)</source>
        <translation>督导要点（中文）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="87"/>
        <source>Guidance (English)</source>
        <translation>督导要点（英文）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="88"/>
        <source>Items</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="89"/>
        <source>Add item</source>
        <translation>添加项目</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="90"/>
        <source>Remove item</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="91"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="92"/>
        <source>Move the item up (Ctrl+Up)</source>
        <translation>上移该项（Ctrl+上）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="93"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="94"/>
        <source>Move the item down (Ctrl+Down)</source>
        <translation>下移该项（Ctrl+下）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="135"/>
        <source>Weight of {code}</source>
        <translation>{code} 的权重</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="193"/>
        <source>Total weight {total}/{full}</source>
        <translation>权重合计 {total}/{full}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_items.py" line="195"/>
        <source>must be {full} to publish</source>
        <translation>须为 {full} 才能发布</translation>
    </message>
</context>
<context>
    <name>TemplateMoveDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="71"/>
        <source>Move the checklist to a newer version</source>
        <translation>将清单迁移到新版本</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="72"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="72"/>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="72"/>
        <source>What happens</source>
        <translation>变化</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="72"/>
        <source>Rating</source>
        <translation>评定</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="73"/>
        <source>Observation</source>
        <translation>观察记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="74"/>
        <source>Item by item</source>
        <translation>逐项对照</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="75"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="77"/>
        <source>Reading both versions…</source>
        <translation>正在读取两个版本…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="78"/>
        <source>Move</source>
        <translation>迁移</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="82"/>
        <source>This visit&apos;s checklist is on version {old} of “{title}”. Moving it to version {new} matches the items by their code: a kept item takes its rating, observation, evidence and findings along; a new item starts unrated; a dropped item&apos;s rating and observation stay on version {old}.</source>
        <translation>本次督导的清单为“{title}”第 {old} 版。迁移到第 {new} 版时按编码对应各项：保留的项目带上其评定、观察记录、佐证和问题；新增的项目从未评定开始；删去的项目，其评定和观察记录保留在第 {old} 版。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="86"/>
        <source>Move to version {n}</source>
        <translation>迁移到第 {n} 版</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="89"/>
        <source>{code} {title}: {rating} — {observation}</source>
        <translation>{code} {title}：{rating} — {observation}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="91"/>
        <source>no observation</source>
        <translation>无观察记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="93"/>
        <source>Version {new} dropped these items; what this visit holds for them stays on version {old} and comes back if the visit is moved back:</source>
        <translation>第 {new} 版删去了以下项目；本次督导在这些项目上的记录保留在第 {old} 版，迁回时即恢复：</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="99"/>
        <source>Kept: its rating moves with it</source>
        <translation>保留：评定随之迁移</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="101"/>
        <source>Dropped: stays on version {old}</source>
        <translation>删去：保留在第 {old} 版</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="102"/>
        <source>New: starts unrated</source>
        <translation>新增：尚未评定</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="130"/>
        <source>The visit is on version {n} now.</source>
        <translation>本次督导现为第 {n} 版。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="133"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/template_move_dialog.py" line="147"/>
        <source>Undone: the visit is back on version {n}, its ratings as they were.</source>
        <translation>已撤销：本次督导回到第 {n} 版，评定恢复原样。</translation>
    </message>
</context>
<context>
    <name>TemplatesPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="136"/>
        <source>Checklist templates</source>
        <translation>督导清单模板</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="137"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="137"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="137"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="137"/>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="154"/>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="138"/>
        <source>Template versions</source>
        <translation>模板版本</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="139"/>
        <source>Double-click or Enter opens a version</source>
        <translation>双击或按回车打开版本</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="140"/>
        <source>New version</source>
        <translation>新建版本</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="141"/>
        <source>Draft the next version from the chosen one; visits already begun stay on theirs</source>
        <translation>以所选版本为底稿起草下一版；已开始的督导保留原版本</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="142"/>
        <source>Title (Chinese)</source>
        <translation>名称（中文）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="143"/>
        <source>Title (English)</source>
        <translation>名称（英文）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="144"/>
        <source>Rating scale (points)</source>
        <translation>评分标准（分值）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="147"/>
        <source>Points for {rating}</source>
        <translation>“{rating}”的分值</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="148"/>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="149"/>
        <source>Publish…</source>
        <translation>发布…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="154"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="175"/>
        <source>{when} by {who}</source>
        <translation>{when}，{who}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="212"/>
        <source>No checklist template on this laptop yet.</source>
        <translation>本机还没有督导清单模板。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="215"/>
        <source>{title}, version {n}: {status}</source>
        <translation>{title}，第 {n} 版：{status}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="218"/>
        <source>a published version never changes; New version drafts the next</source>
        <translation>已发布的版本不再修改；“新建版本”可起草下一版</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="236"/>
        <source>Draft saved.</source>
        <translation>草稿已保存。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="249"/>
        <source>Publish this version?</source>
        <translation>发布此版本？</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="250"/>
        <source>Publish version {n} of “{title}”? Once published it never changes. Laptops receive it at their next sync and new visits start on it; visits already begun stay on their version until moved.</source>
        <translation>发布“{title}”第 {n} 版？发布后不再修改。各台电脑在下次同步时收到，新督导按此版进行；已开始的督导在迁移前保留原版本。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="258"/>
        <source>Version {n} is published; laptops receive it at their next sync.</source>
        <translation>第 {n} 版已发布；各台电脑将在下次同步时收到。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/templates_page.py" line="276"/>
        <source>A new draft: edit it, then publish it.</source>
        <translation>已新建草稿：编辑后发布。</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="124"/>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="126"/>
        <source>This workspace is empty. Create demo data to try the tool with a year of realistic visits, or start empty and add your schools.</source>
        <translation>当前工作区为空。可以生成演示数据，用一年的模拟督导记录试用本工具；也可以从空白开始，添加您负责的学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="128"/>
        <source>Create demo data</source>
        <translation>生成演示数据</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="129"/>
        <source>Start empty</source>
        <translation>从空白开始</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="130"/>
        <location filename="../../inspector_desktop/ui/today_page.py" line="133"/>
        <source>Today&apos;s visits</source>
        <translation>今日督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="131"/>
        <source>Coming up (14 days)</source>
        <translation>近期安排（14 天内）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="132"/>
        <source>Duties</source>
        <translation>履职情况</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="134"/>
        <source>Coming up</source>
        <translation>近期安排</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="135"/>
        <source>Training hours this year</source>
        <translation>本年度培训学时</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="136"/>
        <location filename="../../inspector_desktop/ui/today_page.py" line="138"/>
        <source>Routine visits due</source>
        <translation>到期的常规督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="137"/>
        <location filename="../../inspector_desktop/ui/today_page.py" line="139"/>
        <source>Rectification deadlines</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="140"/>
        <location filename="../../inspector_desktop/ui/today_page.py" line="141"/>
        <source>Objections awaiting a reply</source>
        <translation>待答复的异议</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="170"/>
        <source>Hide again</source>
        <translation>重新隐藏</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="170"/>
        <source>Reveal hidden visits</source>
        <translation>显示隐藏的暗访</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="172"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="175"/>
        <source>Today, {day}</source>
        <translation>今日：{day}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="181"/>
        <source>No visit planned today.</source>
        <translation>今日没有督导安排。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="185"/>
        <source>Nothing planned for the next 14 days: plan a visit with New visit (Ctrl+N).</source>
        <translation>未来 14 天没有安排：可用“新建督导”（Ctrl+N）安排督导。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="188"/>
        <source>%1 of %2 training hours</source>
        <translation>培训 %1 / %2 学时</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="190"/>
        <source>Overdue rectifications: {n}</source>
        <translation>逾期整改：{n} 项</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="191"/>
        <source>Rectifications due within a week: {n}</source>
        <translation>一周内到期整改：{n} 项</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="192"/>
        <source>Draft feedback forms: {n}</source>
        <translation>督导意见书草稿：{n} 份</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/today_page.py" line="207"/>
        <source>overdue by %n day(s)</source>
        <translation>
            <numerusform>已逾期%n天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/today_page.py" line="208"/>
        <source>due in %n day(s)</source>
        <translation>
            <numerusform>%n天后到期</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="212"/>
        <source>Double-click to open the school&apos;s dossier</source>
        <translation>双击打开该校档案</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="215"/>
        <source>Every school is on cadence.</source>
        <translation>所有学校均按周期督导。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/today_page.py" line="217"/>
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>逾期%n天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/today_page.py" line="218"/>
        <source>%n day(s) left</source>
        <translation>
            <numerusform>剩余%n天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="222"/>
        <source>Due for escalation: {step}</source>
        <translation>应启动：{step}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="226"/>
        <source>Double-click to open the rectification</source>
        <translation>双击打开该整改事项</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="229"/>
        <source>No deadline is near.</source>
        <translation>近期没有到期事项。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/today_page.py" line="231"/>
        <source>reply overdue by %n day(s)</source>
        <translation>
            <numerusform>答复已逾期%n天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/today_page.py" line="232"/>
        <source>reply due in %n day(s)</source>
        <translation>
            <numerusform>%n天内须答复</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="237"/>
        <source>Double-click to open the school&apos;s objections</source>
        <translation>双击打开该校的异议</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="240"/>
        <source>No objection&apos;s reply is due soon.</source>
        <translation>近期没有须答复的异议。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="248"/>
        <source>Responsible schools: {n} (load {percent}% of the 1:5 ratio)</source>
        <translation>责任学校：{n}所（工作量为1:5标准的{percent}%）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="250"/>
        <source>Schools on the routine cadence: {n} of {total}</source>
        <translation>按常规周期督导的学校：{n}/{total}所</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="251"/>
        <source>Schools of the region on the routine cadence: {n} of {total}</source>
        <translation>本区域按常规周期督导的学校：{n}/{total}所</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="253"/>
        <source>Training: {hours} h of {target} (expected by today: {expected} h)</source>
        <translation>培训：{hours}/{target}学时（截至今日应达{expected}学时）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="261"/>
        <source>Inspector: {names}</source>
        <translation>督学：{names}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="261"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="262"/>
        <source>No responsible inspector</source>
        <translation>未确定责任督学</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="267"/>
        <source>⚠ Routine visit overdue at {school} (due {day})</source>
        <translation>⚠ {school}常规督导已逾期（应于{day}）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="270"/>
        <source>⚠ {n} schools is more than the 1:5 ratio allows ({percent}%)</source>
        <translation>⚠ 责任学校{n}所，超过1:5标准（{percent}%）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/today_page.py" line="273"/>
        <source>⚠ Training hours behind: {hours} h, {expected} h expected by now</source>
        <translation>⚠ 培训学时落后：{hours}学时，截至目前应达{expected}学时</translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="46"/>
        <location filename="../../inspector_desktop/ui/training_page.py" line="91"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="47"/>
        <location filename="../../inspector_desktop/ui/training_page.py" line="91"/>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="48"/>
        <location filename="../../inspector_desktop/ui/training_page.py" line="91"/>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="49"/>
        <location filename="../../inspector_desktop/ui/training_page.py" line="91"/>
        <source>Provider</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="86"/>
        <location filename="../../inspector_desktop/ui/training_page.py" line="97"/>
        <source>Training log</source>
        <translation>培训记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="90"/>
        <location filename="../../inspector_desktop/ui/training_page.py" line="100"/>
        <source>Record training</source>
        <translation>登记培训</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="95"/>
        <source>Add to the log</source>
        <translation>添加记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="96"/>
        <source>Training hours this year</source>
        <translation>本年度培训学时</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="99"/>
        <source>No training recorded this year: fill in Record training (date, hours, course, provider) and choose Add to the log.</source>
        <translation>今年尚无培训记录：在“登记培训”中填写日期、学时、培训和主办单位，然后选择“添加记录”。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="119"/>
        <source>{hours} / {target} training hours</source>
        <translation>{hours} / {target} 学时</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="122"/>
        <source>{year}: {hours} hours — the {target}-hour yearly requirement is met.</source>
        <translation>{year} 年：{hours} 学时，已达到每年 {target} 学时的要求。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="124"/>
        <source>{year}: {hours} hours — {short} more hours needed to reach {target}.</source>
        <translation>{year} 年：{hours} 学时，距 {target} 学时还差 {short} 学时。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/training_page.py" line="139"/>
        <source>Not recorded</source>
        <translation>未能登记</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <location filename="../../inspector_desktop/ui/widgets.py" line="197"/>
        <location filename="../../inspector_desktop/ui/widgets.py" line="203"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/widgets.py" line="204"/>
        <source>Undo the last removal (Ctrl+Z)</source>
        <translation>撤销最近一次删除（Ctrl+Z）</translation>
    </message>
</context>
<context>
    <name>Unlock</name>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="176"/>
        <source>Encrypting the workspace, which an earlier version kept unencrypted. This happens once.</source>
        <translation>正在加密工作区：早先版本未加密保存它。此操作只进行一次。</translation>
    </message>
</context>
<context>
    <name>VerdictDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="145"/>
        <source>Verdict</source>
        <translation>复查结论</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="148"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/chain_dialogs.py" line="149"/>
        <source>Re-inspected on</source>
        <translation>复查日期</translation>
    </message>
</context>
<context>
    <name>Verdicts</name>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="23"/>
        <source>{path}: GENUINE — this is the sheet as it was signed.</source>
        <translation>{path}：真实无误 — 这正是签署时的督导意见书。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="24"/>
        <source>{path}: ALTERED — the sheet is not what was signed.</source>
        <translation>{path}：已被改动 — 与签署的内容不符。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="25"/>
        <source>{path}: UNKNOWN SIGNER — the sheet is intact, but it was signed with a device key this workspace does not know.</source>
        <translation>{path}：签署者未知 — 督导意见书完好，但签名所用的设备密钥不在本工作区的登记中。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="28"/>
        <source>{path}: NOT A FEEDBACK SHEET — the file is not a PDF.</source>
        <translation>{path}：不是督导意见书 — 该文件不是 PDF。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="29"/>
        <source>{path}: NOT A FEEDBACK SHEET — the PDF carries no signed feedback form content.</source>
        <translation>{path}：不是督导意见书 — 该 PDF 不含已签署的督导意见书内容。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="34"/>
        <source>form {number}, content digest {digest}</source>
        <translation>督导意见书 {number}，内容摘要 {digest}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="35"/>
        <source>device key {key} from: workspace device-key register</source>
        <translation>设备密钥 {key} 来源：本工作区的设备密钥登记</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="36"/>
        <source>device key {key} from: public key embedded in the PDF (proves the sheet intact, not who signed it; add --data-dir to check the signer)</source>
        <translation>设备密钥 {key} 来源：PDF 内嵌的公钥（只能证明督导意见书完好，不能证明由谁签署；加 --data-dir 可核对签署者）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="39"/>
        <source>device key {key}: not in this workspace&apos;s register; the sheet was checked with the public key embedded in it</source>
        <translation>设备密钥 {key}：不在本工作区的登记中；已用督导意见书内嵌的公钥核验</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="42"/>
        <source>[ok] {check}</source>
        <translation>[通过] {check}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="43"/>
        <source>[FAILED] {check}: {reason}</source>
        <translation>[未通过] {check}：{reason}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="49"/>
        <source>whole-file checksum</source>
        <translation>整个文件的校验和</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="50"/>
        <source>some bytes of the file were changed after it was made</source>
        <translation>文件生成后有字节被改动</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="52"/>
        <source>readable PDF</source>
        <translation>可读取的 PDF</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="53"/>
        <source>the file cannot be read as a PDF</source>
        <translation>无法作为 PDF 读取</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="55"/>
        <source>signed content attached</source>
        <translation>附有签署内容</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="56"/>
        <source>the signed content is missing or attached twice</source>
        <translation>签署内容缺失或重复附加</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="58"/>
        <source>attached content readable</source>
        <translation>附加内容可读取</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="59"/>
        <source>the attached content cannot be read</source>
        <translation>无法读取附加内容</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="61"/>
        <source>attached content in its signed form</source>
        <translation>附加内容保持签署时的格式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="62"/>
        <source>the attached content was rewritten</source>
        <translation>附加内容被改写过</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="64"/>
        <source>attached content = printed digest</source>
        <translation>附加内容 = 打印的摘要</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="65"/>
        <source>the digest printed on the sheet is not the attached content&apos;s</source>
        <translation>督导意见书上打印的摘要与附加内容不符</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="67"/>
        <source>digest on every page</source>
        <translation>每页均印有摘要</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="68"/>
        <source>a page footer shows another digest</source>
        <translation>有一页页脚的摘要不同</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="70"/>
        <source>digest in the document information</source>
        <translation>文档属性中的摘要</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="71"/>
        <source>the document information holds another digest</source>
        <translation>文档属性中的摘要不同</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="73"/>
        <source>device key named</source>
        <translation>注明设备密钥</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="74"/>
        <source>the content and the document information name different keys</source>
        <translation>内容与文档属性注明的密钥不同</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="76"/>
        <source>device key registered in this workspace</source>
        <translation>设备密钥已在本工作区登记</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="77"/>
        <source>this workspace does not know the key</source>
        <translation>本工作区没有登记该密钥</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="79"/>
        <source>public key belongs to the device key</source>
        <translation>公钥属于该设备密钥</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="80"/>
        <source>the public key does not belong to the named device key</source>
        <translation>公钥不属于所注明的设备密钥</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="82"/>
        <source>device signature</source>
        <translation>设备签名</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="83"/>
        <source>the signature does not verify for this content</source>
        <translation>签名与此内容不符</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="85"/>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="88"/>
        <source>printed text = signed content</source>
        <translation>打印文字 = 签署内容</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="86"/>
        <source>the attached content lacks what the sheet prints</source>
        <translation>附加内容缺少督导意见书上打印的项目</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="89"/>
        <source>the printed text does not say what was signed</source>
        <translation>打印文字与签署内容不一致</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="95"/>
        <source>{number}: not printed, ALTERED — the stored form no longer matches what was signed ({problems}).</source>
        <translation>{number}：未打印，已被篡改——存储的督导意见书与签署时的内容不一致（{problems}）。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/wording/verdicts.py" line="97"/>
        <source>Sheets written: {written}; refused: {refused}.</source>
        <translation>已写出督导意见书：{written} 份；拒绝：{refused} 份。</translation>
    </message>
</context>
<context>
    <name>VisitPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="134"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="162"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="145"/>
        <source>◀ Visits</source>
        <translation>◀ 督导列表</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="146"/>
        <source>Back to the visit list (Alt+Left)</source>
        <translation>返回督导列表（Alt+左方向键）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="147"/>
        <source>Start visit</source>
        <translation>开始督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="148"/>
        <source>Complete visit</source>
        <translation>完成督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="149"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="238"/>
        <source>Cancel visit</source>
        <translation>取消督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="150"/>
        <source>Feedback form…</source>
        <translation>督导意见书…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="151"/>
        <source>Notice letter…</source>
        <translation>督导通知书…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="152"/>
        <source>The letter telling the school of this announced visit: print or export it</source>
        <translation>告知学校本次明察督导的通知书：可打印或导出</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="153"/>
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="153"/>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="153"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="156"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="158"/>
        <source>Notes</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="153"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="160"/>
        <source>History</source>
        <translation>修改历史</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="155"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="157"/>
        <source>Purpose</source>
        <translation>督导目的</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="159"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="159"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="159"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="159"/>
        <source>Changes</source>
        <translation>修改项</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="162"/>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="276"/>
        <source>All changes saved</source>
        <translation>所有修改已保存</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="205"/>
        <source>Team: {names}</source>
        <translation>督导组：{names}</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="238"/>
        <source>Cancel this visit? It stays in the records as cancelled.</source>
        <translation>确定取消本次督导吗？记录将保留并标记为已取消。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="280"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visit_page.py" line="281"/>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="36"/>
        <source>Hidden unannounced visit</source>
        <translation>已隐藏的暗访</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="75"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="76"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="77"/>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="78"/>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="79"/>
        <source>Planning</source>
        <translation>计划方式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="80"/>
        <source>Notice</source>
        <translation>通知方式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="81"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="82"/>
        <source>Team leader</source>
        <translation>组长</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/table_models.py" line="83"/>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="130"/>
        <source>Search notes and findings (Ctrl+F), e.g. 食堂</source>
        <translation>搜索记录和发现问题（Ctrl+F），例如：食堂</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="131"/>
        <source>Search visits</source>
        <translation>搜索督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="132"/>
        <source>Any scope</source>
        <translation>全部范围</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="132"/>
        <source>Any stage</source>
        <translation>全部环节</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="132"/>
        <source>Any planning</source>
        <translation>全部计划方式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="133"/>
        <source>Any notice</source>
        <translation>全部通知方式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="134"/>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="134"/>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="134"/>
        <source>Planning</source>
        <translation>计划方式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="135"/>
        <source>Notice</source>
        <translation>通知方式</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="147"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="148"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="149"/>
        <source>From date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="149"/>
        <source>To date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="150"/>
        <source>any day</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="155"/>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="227"/>
        <source>New visit…</source>
        <translation>新建督导…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="156"/>
        <source>Plan a new visit (Ctrl+N)</source>
        <translation>新建督导计划（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="157"/>
        <source>Visits</source>
        <translation>督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="221"/>
        <source>Double-click a visit, or select it and press Enter, to work on it.</source>
        <translation>双击督导记录，或选中后按回车键，即可开始工作。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="224"/>
        <source>No visit matches these filters. Clear them to see every visit, or plan one with New visit (Ctrl+N).</source>
        <translation>没有符合筛选条件的督导。清除筛选可查看全部督导，或用“新建督导”（Ctrl+N）安排一次。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="225"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="227"/>
        <source>No visits yet — plan the first one: New visit (Ctrl+N).</source>
        <translation>还没有督导记录——安排第一次督导：新建督导（Ctrl+N）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector_desktop/ui/visits_page.py" line="230"/>
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%n 次督导</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="230"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="260"/>
        <source>Hide again ({seconds} s)</source>
        <translation>重新隐藏（{seconds} 秒）</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="261"/>
        <source>Unannounced visits are shown in full; they are hidden again by themselves</source>
        <translation>暗访信息正在完整显示，稍后会自动重新隐藏</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="264"/>
        <source>Reveal hidden visits</source>
        <translation>显示隐藏的暗访</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="265"/>
        <source>Show unannounced visits still to come, for a short while</source>
        <translation>短时间内显示尚未进行的暗访</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="276"/>
        <source>New visit</source>
        <translation>新建督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="276"/>
        <source>Add a school first (Schools page).</source>
        <translation>请先在“学校”页面添加学校。</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="294"/>
        <source>Hidden visit</source>
        <translation>已隐藏的督导</translation>
    </message>
    <message>
        <location filename="../../inspector_desktop/ui/visits_page.py" line="295"/>
        <source>This unannounced visit is hidden. Use “Reveal hidden visits” to open it.</source>
        <translation>这次暗访已隐藏。请先点击“显示隐藏的暗访”再打开。</translation>
    </message>
</context>
<context>
    <name>_AskDialog</name>
    <message>
        <location filename="../../inspector_desktop/ui/unlock.py" line="65"/>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../inspector_desktop/ui/ops.py" line="225"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>
