"""A realistic, deterministic demo workspace, built with no network.

One responsible inspector with five schools, a colleague on a large school at
1:1, a lead; about a year of visits on all four axes (unannounced ones among
them, some still to come), findings, feedback forms and rectifications in every
state. The same seed and the same ``as_of`` date give the same data, ids included.

Rows go in through Core bulk inserts: ``--visits 100000`` must build in seconds.
Demo rows are written as already-synced data (no outbox): they must never be
pushed to a real server as if an inspector had typed them. So the demo does not
sign through ``store.forms.sign_form`` (which opens rectifications as the product
does); it writes the same rows: deadlines from the active rule file, one
rectification per requirement of a signed form, owned by the school, with its
competent department. Its reports, verdicts and escalation dates are the demo's
story, not rules.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from inspector_desktop.domain import (
    Category,
    EscalationKind,
    FormStatus,
    Notice,
    Planning,
    Rating,
    RectificationStatus,
    Scope,
    Severity,
    SignatureRole,
    Stage,
    TeamRole,
    Verdict,
    VisitStatus,
)
from inspector_desktop.domain.forms import form_number
from inspector_desktop.signing.demo import DemoSealer
from inspector_desktop.store.db import StoreError, Workspace
from inspector_desktop.store.models import (
    Base, DeviceKey, Escalation, FeedbackForm, Finding, Indicator, IndicatorResult, Inspector,
    ReInspection, Rectification, Requirement, School, SchoolAssignment, Signature, TrainingRecord,
    Visit, VisitTeamMember,
)
from inspector_desktop.store.bookkeeping import Setting
from inspector_desktop.store.profile import CURRENT_INSPECTOR
from inspector_desktop.store.rules import active_rules

DEFAULT_SEED = 20261122
BATCH = 5_000
# Visits beyond this many (only with --visits) get findings but no filled checklist
# or forms: enough history to search and filter, in seconds rather than minutes.
DETAILED_VISITS = 2_000
RATINGS = [Rating.GOOD, Rating.SATISFACTORY, Rating.NEEDS_IMPROVEMENT, Rating.UNSATISFACTORY]

SCHOOLS = [
    # code, name, competent department, district, type, large
    ("QSH-001", "青山湖区第一实验小学", "青山湖区教育体育局", "青山湖区", "小学", False),
    ("QSH-002", "湖滨路小学", "青山湖区教育体育局", "青山湖区", "小学", False),
    ("QSH-003", "城东初级中学", "青山湖区教育体育局", "青山湖区", "初中", False),
    ("QSH-004", "桃花镇中心小学", "青山湖区教育体育局", "桃花镇", "小学", False),
    ("QSH-005", "育才九年一贯制学校", "青山湖区教育体育局", "青山湖区", "九年一贯制", False),
    ("QSH-010", "青山湖区外国语学校", "南昌市教育局", "青山湖区", "完全中学", True),
]

FINDINGS: dict[Category, list[tuple[str, str, str]]] = {
    Category.ADMINISTRATION: [
        ("校务公开栏信息超过三个月未更新，部分制度未上墙公示。", "学校对校务公开重视不够，缺少专人负责。", "明确专人负责，每月更新校务公开内容。"),
        ("行政会议记录不完整，多项决议无落实情况跟踪。", "会议决议缺少闭环管理。", "建立决议落实台账，定期通报进展。"),
    ],
    Category.ENROLMENT_FEES: [
        ("收费公示栏未列明课后服务收费标准。", "收费公示制度执行不到位。", "按规定完整公示收费项目、标准和依据。"),
        ("发现个别班级超出核定班额。", "招生计划执行把关不严。", "严格执行招生计划，逐步消除大班额。"),
    ],
    Category.CURRICULUM_TEACHING: [
        ("课表中音乐、美术课时不足，存在挤占现象。", "对国家课程方案理解有偏差，重主科轻艺体。", "按课程方案开齐开足课程，教务处每周抽查。"),
        ("随堂听课发现部分课堂以讲授为主，学生参与度低。", "教师教学方式转变不够。", "开展课堂教学改革专题教研，推广互动式教学。"),
    ],
    Category.STUDENT_WORKLOAD: [
        ("抽查三年级作业量，书面作业时长超过规定。", "作业统筹机制缺失，各科各自布置。", "建立年级作业公示和统筹制度，控制作业总量。"),
        ("大课间活动时间被压缩，每天校园体育活动不足一小时。", "对学生体质健康重视不够。", "保障每天一小时校园体育活动，纳入班级考核。"),
    ],
    Category.TEACHER_ETHICS: [
        ("家长反映个别教师推荐教辅资料。", "师德师风教育流于形式。", "开展师德专题教育，签订承诺书并公开监督电话。"),
        ("教师继续教育学时登记不全。", "培训管理台账不规范。", "完善教师培训档案，按学期核对学时。"),
    ],
    Category.SAFETY: [
        ("教学楼二楼消防通道堆放杂物，应急照明灯损坏。", "安全隐患排查不及时，责任未落实到人。", "立即清理通道、修复照明，建立每周安全巡查制度。"),
        ("校门口上下学时段无护导人员，交通秩序混乱。", "校园周边安全协同机制不健全。", "联合交警和家委会落实上下学护导。"),
    ],
    Category.HYGIENE: [
        ("食堂留样记录缺少两天，部分食材无进货票据。", "食品安全管理制度执行不严格。", "补齐留样和索证索票台账，校领导陪餐并每日检查。"),
        ("学生宿舍通风不良，饮水机滤芯超期未换。", "后勤管理检查频次不足。", "制定宿舍卫生和饮水设备维护计划并公示。"),
    ],
    Category.ETHOS: [
        ("问卷显示部分学生对校园欺凌预防了解不足。", "德育活动针对性不强。", "开展防欺凌主题班会，建立学生心理辅导机制。"),
        ("课间走廊秩序较乱，文明礼仪教育效果一般。", "学风建设措施缺少持续性。", "制定文明校园创建方案，定期评比通报。"),
    ],
}

NOTES = [
    "按计划随堂听课两节，查阅了本学期教学计划和作业记录。",
    "与校长、教导主任座谈，了解上次整改落实情况。",
    "实地查看食堂、宿舍和消防设施，并与学生代表交谈。",
    "发放学生问卷四十份，回收三十八份。",
    "重点检查课后服务开展情况和收费公示。",
    "",
]

TRAININGS = [
    ("省级责任督学集中培训（第一期）", "江西省教育厅", 720),
    ("督导评估方法与实务专题研修", "南昌市人民政府教育督导室", 360),
    ("校园安全专项督导培训", "南昌市人民政府教育督导室", 240),
    ("《教育督导条例》解读", "青山湖区教育督导室", 180),
    ("学校食品安全督导要点", "青山湖区教育督导室", 120),
]


@dataclass
class DemoReport:
    visits: int = 0
    unannounced: int = 0
    findings: int = 0
    forms: int = 0
    rectifications: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class DemoError(StoreError):
    pass


class _Rows:
    """Collects rows per table and flushes them in batches through Core inserts."""

    def __init__(self, conn: sa.Connection, now: dt.datetime) -> None:
        self.conn = conn
        self.now = now
        self.pending: dict[sa.Table, list[dict[str, Any]]] = {}

    def add(self, model: Any, **values: Any) -> None:
        values.setdefault("server_version", 0)
        values.setdefault("deleted", False)
        values.setdefault("created_at", self.now)
        values.setdefault("updated_at", self.now)
        table = model.__table__
        rows = self.pending.setdefault(table, [])
        rows.append(values)
        if len(rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        # Every table, parents before children, so foreign keys hold at each statement.
        for t in Base.metadata.sorted_tables:
            if self.pending.get(t):
                self.conn.execute(sa.insert(t), self.pending.pop(t))


def build_demo(
    ws: Workspace,
    visits: int | None = None,
    seed: int = DEFAULT_SEED,
    as_of: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoReport:
    """Fill an empty workspace with demo data. ``visits`` scales the visit count."""
    import time

    clock = time.perf_counter()
    today = as_of or dt.date.today()
    rng = random.Random(seed)

    def uid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    with ws.read() as s:
        if s.scalar(sa.select(sa.func.count()).select_from(Visit)):
            raise DemoError("This workspace already holds visits; build demo data in an empty folder.")
        indicators = s.execute(
            sa.select(Indicator.id, Indicator.category, Indicator.template_id).order_by(Indicator.ordinal)
        ).all()
    if not indicators:
        raise DemoError("No checklist template is installed.")
    template_id = indicators[0].template_id
    now = dt.datetime.combine(today, dt.time(9, 0))
    report = DemoReport()
    rules = active_rules(ws)

    def due(day: dt.date, finding: dict[str, Any]) -> dt.date:
        return rules.rectification_deadline(day, Severity(finding["severity"]))

    with ws.engine.execution_options(sqlite_begin="IMMEDIATE").connect() as conn, conn.begin():
        rows = _Rows(conn, now)
        me, colleague, lead = uid(), uid(), uid()
        sealer = DemoSealer(seed)
        rows.add(Inspector, id=me, code="DX0417", name="李明华", region="南昌市青山湖区", phone="13907910417", is_lead=False, active=True)
        rows.add(Inspector, id=colleague, code="DX0422", name="陈静", region="南昌市青山湖区", phone="13907910422", is_lead=False, active=True)
        rows.add(DeviceKey, **sealer.device_key_row(me, "DX0417"))
        rows.add(DeviceKey, **sealer.device_key_row(colleague, "DX0422"))
        rows.add(Inspector, id=lead, code="ZD0101", name="王建国", region="南昌市", phone="13907910101", is_lead=True, active=True)
        school_ids: list[tuple[str, bool]] = []
        for code, name, dept, district, kind, large in SCHOOLS:
            sid = uid()
            school_ids.append((sid, large))
            rows.add(School, id=sid, code=code, name=name, competent_department=dept, district=district,
                     address=f"南昌市{district}", school_type=kind, is_large=large)
            rows.add(SchoolAssignment, id=uid(), inspector_id=colleague if large else me, school_id=sid,
                     since=dt.date(today.year - 1, 9, 1), until=None)

        # Training: last year complete, this year still short of 30 hours.
        for year, picks in ((today.year - 1, [0, 1, 2, 3, 4]), (today.year, [0, 2, 3])):
            for n, i in enumerate(picks):
                title, provider, minutes = TRAININGS[i]
                day = dt.date(year, min(12, 2 + 2 * n), 10 + n)
                if day <= today:
                    rows.add(TrainingRecord, id=uid(), inspector_id=me, attended_on=day, minutes=minutes,
                             title=title, provider=provider)

        def add_finding(vid: str, ind_id: str, category: Category, rating: Rating) -> tuple[str, str, dict[str, Any]]:
            problem, diagnosis, advice = rng.choice(FINDINGS[category])
            fid = uid()
            if rating is Rating.UNSATISFACTORY:
                severity = Severity.SERIOUS if rng.random() < 0.5 else Severity.MODERATE
            else:
                severity = Severity.MINOR
            row = dict(id=fid, visit_id=vid, indicator_id=ind_id, category=category.value,
                       severity=severity.value, problem=problem, evidence="现场照片及查阅记录",
                       diagnosis=diagnosis, recommendation=advice)
            rows.add(Finding, **row)
            return fid, advice, row

        total = visits if visits is not None else 90
        form_seq: dict[int, int] = {}
        states = list(RectificationStatus)
        for n in range(total):
            if progress and n % 1000 == 0:
                progress(n, total)
            # Spread over the past year, with a tail of planned visits still to come.
            offset = rng.randint(-365, -1) if n % 12 else rng.randint(1, 30)
            day = today + dt.timedelta(days=offset)
            if n == 0:
                day = today  # one visit under way right now
            sid, large = school_ids[n % len(school_ids)]
            owner = colleague if large else me
            notice = Notice.UNANNOUNCED if rng.random() < 0.22 else Notice.ANNOUNCED
            if day > today:
                status = VisitStatus.PLANNED
            elif day == today:
                status = VisitStatus.IN_PROGRESS
            else:
                status = VisitStatus.CANCELLED if rng.random() < 0.04 else VisitStatus.COMPLETED
            vid = uid()
            started = dt.datetime.combine(day, dt.time(8, 30)) if status in (VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED) else None
            visit_row = dict(
                id=vid, school_id=sid, template_id=template_id,
                scope=Scope.SPECIAL.value if rng.random() < 0.3 else Scope.COMPREHENSIVE.value,
                stage=Stage.RESULT.value if rng.random() < 0.35 else Stage.PROCESS.value,
                planning=Planning.RANDOM.value if rng.random() < 0.25 else Planning.ROUTINE.value,
                notice=notice.value, status=status.value, planned_on=day,
                started_at=started,
                completed_at=started + dt.timedelta(hours=3) if started and status is VisitStatus.COMPLETED else None,
                purpose="每月例行督导" if n % 3 else "专项检查：校园安全与食品卫生",
                notes=rng.choice(NOTES), reinspection_of_form_id=None,
            )
            rows.add(Visit, **visit_row)
            rows.add(VisitTeamMember, id=uid(), visit_id=vid, inspector_id=owner, role=TeamRole.LEADER.value)
            if rng.random() < 0.3:
                rows.add(VisitTeamMember, id=uid(), visit_id=vid, inspector_id=colleague if owner == me else me,
                         role=TeamRole.MEMBER.value)
            report.visits += 1
            report.unannounced += notice is Notice.UNANNOUNCED
            if status is not VisitStatus.COMPLETED and status is not VisitStatus.IN_PROGRESS:
                continue

            findings = []
            if n < DETAILED_VISITS:
                for ind in indicators:
                    rating = rng.choices(RATINGS, weights=[5, 4, 2, 1])[0]
                    rows.add(IndicatorResult, id=uid(), visit_id=vid, indicator_id=ind.id, rating=rating.value,
                             observation="" if rating in (Rating.GOOD, Rating.SATISFACTORY) else "现场检查发现问题，详见发现记录。")
                    if rating in (Rating.NEEDS_IMPROVEMENT, Rating.UNSATISFACTORY):
                        findings.append(add_finding(vid, ind.id, Category(ind.category), rating))
            else:
                # Bulk history for the benchmarks: findings without a filled checklist.
                for _ in range(rng.choice((0, 0, 1, 2))):
                    ind = rng.choice(indicators)
                    findings.append(add_finding(vid, ind.id, Category(ind.category), Rating.NEEDS_IMPROVEMENT))
            report.findings += len(findings)
            if status is VisitStatus.IN_PROGRESS or not findings or n >= DETAILED_VISITS:
                continue

            # A feedback form per completed visit with findings.
            age = (today - day).days
            form_status = FormStatus.DRAFT if age < 5 else (FormStatus.SIGNED if age < 20 else FormStatus.ISSUED)
            form_seq[day.year] = form_seq.get(day.year, 0) + 1
            form_id = uid()
            signed_at = dt.datetime.combine(day, dt.time(11, 30)) if form_status is not FormStatus.DRAFT else None
            form_row = dict(id=form_id, visit_id=vid,
                            number=form_number("DX0422" if large else "DX0417", day.year, form_seq[day.year]),
                            status=form_status.value, language="zh_CN",
                            summary=f"{day:%Y年%m月%d日}对学校开展督导，共发现问题{len(findings)}项。",
                            no_issues_statement="", free_text="", addendum_of_id=None, signed_at=signed_at,
                            issued_at=signed_at + dt.timedelta(days=1) if form_status is FormStatus.ISSUED else None,
                            canonical_content=None, digest=None, device_key_id=None, device_signature=None)
            signatures = [
                dict(role=role.value, signer_name=who, signer_title=title, strokes=ink[0], png=ink[1], signed_at=signed_at)
                for role, who, title in ((SignatureRole.INSPECTOR, "陈静" if large else "李明华", "责任督学"),
                                         (SignatureRole.SCHOOL_REPRESENTATIVE, "张校长", "校长"))
                for ink in [sealer.ink(who)]
            ] if signed_at else []
            if signed_at:
                # Sealed as sign_form would, so that printed demo sheets verify.
                school = SCHOOLS[n % len(SCHOOLS)]
                form_row |= sealer.seal(
                    form_row, visit_row, dict(code=school[0], name=school[1], competent_department=school[2]),
                    dict(code="DX0422", name="陈静", region="南昌市青山湖区") if large
                    else dict(code="DX0417", name="李明华", region="南昌市青山湖区"),
                    [f[2] for f in findings],
                    [dict(ordinal=k, text=advice, deadline=due(day, row), responsible_party=school[1],
                          copied_to=school[2], finding_id=fid) for k, (fid, advice, row) in enumerate(findings, start=1)],
                    signatures, signed_at)
            rows.add(FeedbackForm, **form_row)
            report.forms += 1
            for sig in signatures:
                rows.add(Signature, id=uid(), form_id=form_id, **sig)
            for k, (fid, advice, finding) in enumerate(findings, start=1):
                deadline = due(day, finding)
                req_id = uid()
                rows.add(Requirement, id=req_id, form_id=form_id, finding_id=fid, ordinal=k, text=advice,
                         deadline=deadline, responsible_party=SCHOOLS[n % len(SCHOOLS)][1],
                         copied_to=SCHOOLS[n % len(SCHOOLS)][2])
                if form_status is FormStatus.DRAFT:
                    continue
                # Old items have run their course; recent ones (the usual period since the
                # visit still running) are open or reported, a serious one maybe already late.
                if rules.deadline(day, rules.rectification_days[Severity.MINOR]) >= today:
                    rstate = RectificationStatus.OPEN if rng.random() < 0.7 else RectificationStatus.REPORTED
                else:
                    rstate = rng.choice(states)
                    if rstate is RectificationStatus.OPEN:
                        rstate = RectificationStatus.OVERDUE
                rect_id = uid()
                reported = deadline - dt.timedelta(days=3) if rstate in (RectificationStatus.REPORTED, RectificationStatus.VERIFIED) else None
                verified = deadline + dt.timedelta(days=10) if rstate is RectificationStatus.VERIFIED else None
                rows.add(Rectification, id=rect_id, requirement_id=req_id, school_id=sid,
                         competent_department=SCHOOLS[n % len(SCHOOLS)][2], status=rstate.value,
                         deadline=deadline, reported_on=reported,
                         report_text="已按要求完成整改，附整改前后照片。" if reported else "", verified_on=verified)
                report.rectifications[rstate.value] = report.rectifications.get(rstate.value, 0) + 1
                if rstate is RectificationStatus.VERIFIED and verified and verified <= today:
                    rows.add(ReInspection, id=uid(), visit_id=vid, rectification_id=rect_id,
                             verdict=Verdict.RECTIFIED.value, notes="复查确认已整改到位。", inspected_on=verified)
                if rstate is RectificationStatus.ESCALATED:
                    rows.add(Escalation, id=uid(), rectification_id=rect_id, school_id=sid,
                             kind=EscalationKind.INTERVIEW.value, reason="整改逾期未完成，约谈校长。",
                             decided_on=deadline + dt.timedelta(days=7), decided_by="王建国", evidence="整改逾期记录、复查记录",
                             # An interview is held a week after the decision, at the office.
                             held_at=dt.datetime.combine(deadline + dt.timedelta(days=14), dt.time(9, 0)),
                             place="教育督导室会议室", participants="学校校长、分管副校长；主管部门负责人；责任督学")
        rows.flush()
        conn.execute(sa.insert(Setting.__table__), [
            {"key": CURRENT_INSPECTOR, "value": me},
            {"key": "demo", "value": f"seed={seed} as_of={today.isoformat()}"},
        ])
    report.seconds = time.perf_counter() - clock
    return report
