"""The words printed on sheets and letters, in zh_CN and en.

Reports are built outside the GUI (headless batch printing too), so they carry
their own small catalogue rather than Qt's translator; the domain codes stay the keys.
"""

from __future__ import annotations

from inspector_desktop.domain import Category, Notice, Planning, Scope, Severity, SignatureRole, Stage
from inspector_desktop.domain.forms import check_language

_ENUMS: dict[str, dict[str, str]] = {
    "zh_CN": {
        Scope.COMPREHENSIVE: "综合督导", Scope.SPECIAL: "专项督导",
        Stage.PROCESS: "过程性督导", Stage.RESULT: "结果性督导",
        Planning.ROUTINE: "日常督导", Planning.RANDOM: "随机督导",
        Notice.ANNOUNCED: "明察", Notice.UNANNOUNCED: "暗访",
        Severity.MINOR: "一般", Severity.MODERATE: "较重", Severity.SERIOUS: "严重",
        Category.ADMINISTRATION: "校务管理和制度执行", Category.ENROLMENT_FEES: "招生、收费、择校",
        Category.CURRICULUM_TEACHING: "课程开设和课堂教学", Category.STUDENT_WORKLOAD: "学生学习、体育锻炼和课业负担",
        Category.TEACHER_ETHICS: "教师师德和专业发展", Category.SAFETY: "校园及周边安全",
        Category.HYGIENE: "食堂、食品、饮用水及宿舍卫生", Category.ETHOS: "校风、教风、学风建设",
        Category.OTHER: "其他",
        SignatureRole.INSPECTOR: "督学", SignatureRole.SCHOOL_REPRESENTATIVE: "学校代表",
    },
    "en": {
        Scope.COMPREHENSIVE: "Comprehensive", Scope.SPECIAL: "Special (thematic)",
        Stage.PROCESS: "Process", Stage.RESULT: "Result",
        Planning.ROUTINE: "Routine", Planning.RANDOM: "Random",
        Notice.ANNOUNCED: "Announced", Notice.UNANNOUNCED: "Unannounced",
        Severity.MINOR: "Minor", Severity.MODERATE: "Moderate", Severity.SERIOUS: "Serious",
        Category.ADMINISTRATION: "Administration and rules", Category.ENROLMENT_FEES: "Enrolment, fees, school choice",
        Category.CURRICULUM_TEACHING: "Curriculum and teaching", Category.STUDENT_WORKLOAD: "Learning, exercise, workload",
        Category.TEACHER_ETHICS: "Teachers' ethics and development", Category.SAFETY: "Safety on and around campus",
        Category.HYGIENE: "Canteen, food, water, dormitories", Category.ETHOS: "School, teaching and study ethos",
        Category.OTHER: "Other",
        SignatureRole.INSPECTOR: "Inspector", SignatureRole.SCHOOL_REPRESENTATIVE: "School representative",
    },
}

_TEXT: dict[str, dict[str, str]] = {
    "zh_CN": {
        "title": "督导意见书",
        "addendum_title": "督导意见书（补充更正）",
        "number": "编号：{number}",
        "addendum_of": "本意见书为编号 {number} 的补充更正，原意见书内容以本件为准。",
        "school": "被督导单位",
        "department": "主管部门",
        "kind": "督导类型",
        "visit_date": "督导日期",
        "inspector": "督学",
        "purpose": "督导事项",
        "checklist": "督导清单",
        "checklist_version": "{title}（第 {version} 版）",
        "summary": "一、督导概况",
        "findings": "二、发现的问题",
        "no_findings": "二、督导结论",
        "requirements": "三、整改要求",
        "free_text": "四、其他意见",
        "signatures": "签字确认",
        "seal": "防伪校验",
        "col_no": "序号", "col_category": "类别", "col_severity": "程度", "col_problem": "问题描述",
        "col_diagnosis": "原因分析", "col_requirement": "整改要求", "col_deadline": "整改期限",
        "col_responsible": "责任单位", "col_copied": "抄送",
        "requirements_note": "请被督导单位按期完成整改，并于期限前向督导部门书面报告整改情况；主管部门负责督促指导。",
        "no_requirements": "本次督导无整改要求。",
        "signed_at": "签字时间：{time}",
        "signer": "{name}（{title}）",
        "digest": "内容摘要（SHA-256）：{digest}",
        "device_key": "督学设备密钥：{key}",
        "verify_scan": "用手机扫描二维码，在签发机关的核验页面（{site}）核对本意见书与签署时是否一致。",
        "verify_ask": "如需核验本意见书是否被改动，请向签发机关（{issuer}）查询，告知编号 {number} 及上列内容摘要。",
        "qr_text": "督导意见书 编号{number}\n签发机关：{issuer}\n内容摘要 sha256：{digest}\n请向签发机关核验",
        "seal_here": "（盖章处）",
        "no_date": "年　　月　　日",
        "draft": "草稿 — 未签署，不作为正式意见书",
        "page": "第 {page} 页 共 {pages} 页",
        "sealed_on": "签署于 {time}",
        "notice_title": "督导通知书",
        "notice_to": "{school}：",
        "notice_body": "根据督导工作安排，督学将于{date}到你校开展{kind}，督导事项：{purpose}。请做好相关准备，届时提供有关资料并安排人员配合。",
        "notice_copy": "抄送：{department}",
        "notice_sign": "督学：{names}",
        "notice_date": "{date}",
    },
    "en": {
        "title": "Inspection Feedback Sheet",
        "addendum_title": "Inspection Feedback Sheet (Addendum)",
        "number": "No. {number}",
        "addendum_of": "This sheet is an addendum correcting sheet No. {number}; where they differ, this sheet prevails.",
        "school": "Supervised unit",
        "department": "Competent department",
        "kind": "Type of inspection",
        "visit_date": "Date of visit",
        "inspector": "Inspector",
        "purpose": "Purpose",
        "checklist": "Checklist",
        "checklist_version": "{title} (version {version})",
        "summary": "1. Summary",
        "findings": "2. Findings",
        "no_findings": "2. Conclusion",
        "requirements": "3. Rectification requirements",
        "free_text": "4. Further remarks",
        "signatures": "Signatures",
        "seal": "Tamper check",
        "col_no": "No.", "col_category": "Category", "col_severity": "Severity", "col_problem": "Problem",
        "col_diagnosis": "Diagnosis", "col_requirement": "Requirement", "col_deadline": "Deadline",
        "col_responsible": "Responsible", "col_copied": "Copied to",
        "requirements_note": "The supervised unit shall complete each rectification by its deadline and report in writing "
        "before it; the competent department guides and follows up.",
        "no_requirements": "No rectification is required.",
        "signed_at": "Signed: {time}",
        "signer": "{name} ({title})",
        "digest": "Content digest (SHA-256): {digest}",
        "device_key": "Inspector device key: {key}",
        "verify_scan": "Scan the QR code with a phone to check on the issuing office's page ({site}) that this sheet "
        "is the one signed.",
        "verify_ask": "To check that this sheet is unaltered, ask the issuing office ({issuer}), quoting No. {number} "
        "and the digest above.",
        "qr_text": "Inspection feedback sheet No. {number}\nIssued by: {issuer}\nContent digest sha256: {digest}\n"
        "Check with the issuing office",
        "seal_here": "(seal here)",
        "no_date": "date of signing",
        "draft": "DRAFT — not signed, not an official sheet",
        "page": "Page {page} of {pages}",
        "sealed_on": "Signed {time}",
        "notice_title": "Inspection Notice",
        "notice_to": "To {school}:",
        "notice_body": "Under the inspection plan, inspectors will visit your school on {date} for a {kind} inspection. "
        "Purpose: {purpose}. Please prepare the relevant documents and arrange for staff to assist.",
        "notice_copy": "Copied to: {department}",
        "notice_sign": "Inspectors: {names}",
        "notice_date": "{date}",
    },
}


def label(language: str, value: str) -> str:
    return _ENUMS[check_language(language)].get(value, str(value))


def text(language: str, entry: str, **params: str) -> str:
    return _TEXT[check_language(language)][entry].format(**params)
