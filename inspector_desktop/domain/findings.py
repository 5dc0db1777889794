"""What a visit finds: the category (the eight routine items) and how serious it is."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    MINOR = "minor"  # 一般
    MODERATE = "moderate"  # 较重
    SERIOUS = "serious"  # 严重


class Category(StrEnum):
    """The eight national routine inspection items, plus anything else."""

    ADMINISTRATION = "administration"  # 校务管理和制度执行
    ENROLMENT_FEES = "enrolment_fees"  # 招生、收费、择校
    CURRICULUM_TEACHING = "curriculum_teaching"  # 课程开设和课堂教学
    STUDENT_WORKLOAD = "student_workload"  # 学生学习、体育锻炼和课业负担
    TEACHER_ETHICS = "teacher_ethics"  # 教师师德和专业发展
    SAFETY = "safety"  # 校园及周边安全
    HYGIENE = "hygiene"  # 食堂、食品、饮用水及宿舍卫生
    ETHOS = "ethos"  # 校风、教风、学风建设
    OTHER = "other"


class Rating(StrEnum):
    """An indicator's rating on the checklist."""

    NOT_ASSESSED = "not_assessed"
    GOOD = "good"
    SATISFACTORY = "satisfactory"
    NEEDS_IMPROVEMENT = "needs_improvement"
    UNSATISFACTORY = "unsatisfactory"
