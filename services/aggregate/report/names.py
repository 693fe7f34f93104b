"""Chinese names of the codes the report's charts label: meeting kinds and indicator kinds."""

MEETING_KINDS = {
    "coordination": "协调会",
    "promotion": "推进会",
    "dispatch": "调度会",
    "onsite": "现场办公会",
    "consultation": "征求意见会",
    "party_group": "党组会议",
    "office_affairs": "厅（局）务会",
    "party_branch": "支部会议",
    "theme_party_day": "主题党日",
    "organisational_life": "组织生活会",
    "democratic_life": "民主生活会",
    "group_study": "中心组学习",
    "warning_education": "警示教育",
    "integrity_talk": "集体廉政谈话",
    "study": "学习",
    "reminder_talk": "个人谈话提醒",
    "other": "其他会议",
}
INDICATOR_KINDS = {
    "basic": "基本指标",
    "aspirational": "进取性目标",
    "bonus": "超额加分",
    "management": "机关管理",
    "special": "专项考核",
}
